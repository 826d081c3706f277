"""The integrality check of a team: which of the nine core partner groups and seven domains the
participants cover. Pure functions, so most of these are properties over random teams."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from koers.teams import integrality
from koers.teams.integrality import CORE_GROUPS, DOMAINS, MIN_CORE_GROUPS, MIN_DOMAINS, Participant, check
from koers.teams.reference import BUILT_IN_PARTNER_TYPES, GROUP_SUGGESTIONS, CoreGroup, Domain

UNKNOWN_GROUPS = ("bakker", "Politie", "", "onderwijs ")
UNKNOWN_DOMAINS = ("sport", "Veiligheid", "", "zorg")

participants = st.builds(
    Participant,
    name=st.text(min_size=1, max_size=12),
    core_group=st.one_of(st.none(), st.sampled_from(CORE_GROUPS), st.sampled_from(UNKNOWN_GROUPS)),
    domains=st.frozensets(st.sampled_from(DOMAINS + UNKNOWN_DOMAINS), max_size=5),
)
teams = st.lists(participants, max_size=25)


def known(team: list[Participant]) -> tuple[set[str], set[str]]:
    groups = {p.core_group for p in team if p.core_group in CORE_GROUPS}
    domains = {d for p in team for d in p.domains if d in DOMAINS}
    return groups, domains


# Properties ------------------------------------------------------------------------------------


@given(teams)
def test_coverage_never_exceeds_nine_groups_and_seven_domains(team):
    result = check(team)

    assert 0 <= result.group_count <= 9
    assert 0 <= result.domain_count <= 7
    assert result.group_count + len(result.missing_groups) == 9
    assert result.domain_count + len(result.missing_domains) == 7


@given(teams, participants)
def test_adding_a_participant_never_removes_coverage(team, newcomer):
    before = check(team)
    after = check([*team, newcomer])

    assert set(before.covered_groups) <= set(after.covered_groups)
    assert set(before.covered_domains) <= set(after.covered_domains)
    assert after.group_count >= before.group_count
    assert after.domain_count >= before.domain_count
    assert after.passes or not before.passes


@given(teams, st.randoms(use_true_random=False))
def test_the_order_of_participants_does_not_matter(team, random):
    shuffled = list(team)
    random.shuffle(shuffled)

    assert check(shuffled) == check(team)


@given(teams)
def test_the_team_passes_exactly_when_both_counts_reach_the_thresholds(team):
    groups, domains = known(team)

    result = check(team)

    assert result.passes == (len(groups) >= MIN_CORE_GROUPS and len(domains) >= MIN_DOMAINS)


@given(teams)
def test_covered_and_missing_split_the_reference_lists_in_reference_order(team):
    groups, domains = known(team)

    result = check(team)

    assert set(result.covered_groups) == groups
    assert set(result.covered_domains) == domains
    assert list(result.covered_groups) == [g for g in CORE_GROUPS if g in groups]
    assert list(result.covered_domains) == [d for d in DOMAINS if d in domains]
    assert result.missing_groups == tuple(g for g in CORE_GROUPS if g not in groups)
    assert result.missing_domains == tuple(d for d in DOMAINS if d not in domains)


@given(teams, st.lists(participants.map(lambda p: Participant(p.name, "bakker", frozenset({"sport"})))))
def test_unknown_groups_and_domains_are_ignored(team, strangers):
    assert check([*team, *strangers]) == check(team)


@given(teams)
def test_each_covered_entry_names_its_participants_sorted_and_once(team):
    result = check(team)

    for group, names in result.covered_groups.items():
        assert names == tuple(sorted({p.name for p in team if p.core_group == group}))
    for domain, names in result.covered_domains.items():
        assert names == tuple(sorted({p.name for p in team if domain in p.domains}))


@given(teams, st.integers(0, 9), st.integers(0, 7))
def test_custom_thresholds_are_used_for_passing(team, min_groups, min_domains):
    groups, domains = known(team)

    result = check(team, min_groups=min_groups, min_domains=min_domains)

    assert (result.min_groups, result.min_domains) == (min_groups, min_domains)
    assert result.passes == (len(groups) >= min_groups and len(domains) >= min_domains)


# Examples --------------------------------------------------------------------------------------


def test_an_empty_team_covers_nothing_and_misses_everything():
    result = check([])

    assert result.covered_groups == {}
    assert result.covered_domains == {}
    assert result.missing_groups == CORE_GROUPS
    assert result.missing_domains == DOMAINS
    assert not result.passes


def test_three_schools_count_once_as_the_education_group():
    team = [
        Participant("Basisschool De Kompas", "onderwijs", frozenset({"onderwijs"})),
        Participant("Het Voorbeeld College", "onderwijs", frozenset({"onderwijs"})),
        Participant("ROC Voorbeeldstad", "onderwijs", frozenset({"onderwijs", "werk_inkomen"})),
    ]

    result = check(team)

    assert result.group_count == 1
    assert result.covered_groups["onderwijs"] == (
        "Basisschool De Kompas",
        "Het Voorbeeld College",
        "ROC Voorbeeldstad",
    )
    assert result.covered_domains == {
        "onderwijs": ("Basisschool De Kompas", "Het Voorbeeld College", "ROC Voorbeeldstad"),
        "werk_inkomen": ("ROC Voorbeeldstad",),
    }


def test_a_partner_outside_the_core_adds_domains_but_no_group():
    result = check([Participant("Halt Voorbeeldregio", None, frozenset({"veiligheid", "gezin"}))])

    assert result.group_count == 0
    assert set(result.covered_domains) == {"veiligheid", "gezin"}


def built_in_team(*, without: str | None = None) -> list[Participant]:
    """One participant of every built-in partner type, with that type's default domains."""
    return [
        Participant(name, core_group, frozenset(domains))
        for key, name, core_group, domains in BUILT_IN_PARTNER_TYPES
        if without is None or core_group != without
    ]


def test_one_partner_of_every_built_in_type_covers_all_groups_and_domains():
    result = check(built_in_team())

    assert result.missing_groups == ()
    assert result.missing_domains == ()
    assert result.passes


def test_a_team_without_an_entrepreneur_passes_with_eight_groups_and_shows_the_gap():
    result = check(built_in_team(without="ondernemer"))

    assert result.group_count == 8
    assert result.missing_groups == ("ondernemer",)
    assert result.passes


def test_six_core_groups_are_one_short_however_many_domains():
    team = [Participant(g, g, frozenset(DOMAINS)) for g in CORE_GROUPS[:6]]

    result = check(team)

    assert result.domain_count == 7
    assert not result.passes
    assert check([*team, Participant("x", CORE_GROUPS[6])]).passes


def test_seven_core_groups_in_three_domains_do_not_pass():
    team = [
        Participant(g, g, frozenset({"veiligheid", "zorg_welzijn", "onderwijs"})) for g in CORE_GROUPS[:7]
    ]

    assert not check(team).passes
    assert check([*team, Participant("Jongeren zelf", None, frozenset({"online"}))]).passes


def test_the_thresholds_are_seven_groups_and_four_domains():
    assert (integrality.MIN_CORE_GROUPS, integrality.MIN_DOMAINS) == (7, 4)


def test_the_reference_lists_match_the_models_choices_and_every_gap_has_a_suggestion():
    assert tuple(CoreGroup.values) == CORE_GROUPS
    assert tuple(Domain.values) == DOMAINS
    assert set(GROUP_SUGGESTIONS) == set(CoreGroup)
    core_of_built_in = {core for _, _, core, _ in BUILT_IN_PARTNER_TYPES if core}
    assert core_of_built_in == set(CORE_GROUPS)
