"""Step 3's services, permissions and milestones: every write is audited, the sub-project life
cycle follows its table, amounts stay exact, bad input gets a clear message and changes nothing,
the kwartiermaker edits only the sub-project they lead, the project group follows the sub-projects
and the step's milestones follow the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.audit.labels import ACTION_LABELS
from koers.audit.models import AuditEvent
from koers.concurrency import StaleEditError
from koers.plan import selectors, services
from koers.plan.models import FocusArea
from koers.plan.reference import SUBPROJECT_WORKFLOW, SubProjectStatus
from koers.programmes.navigator import ProgrammeFacts, evaluate
from koers.teams import selectors as team_selectors
from tests import factories
from tests.plan_data import finding, goal, lead, partner, subproject

pytestmark = pytest.mark.usefixtures("no_mfa")


def actions(programme) -> list[str]:
    return list(
        AuditEvent.objects.filter(programme_id=programme.uuid)
        .exclude(action__startswith="finding.")
        .exclude(action__startswith="team.")
        .exclude(action__startswith="person.")
        .exclude(action__startswith="partner.")
        .exclude(action__startswith="programme_partner.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_every_write_is_audited_with_a_label(programme, manager):
    services.focus_areas_seed(actor=manager, programme=programme)
    area = services.focus_area_create(actor=manager, programme=programme, name="Rond het station")
    services.focus_area_update(actor=manager, area=area, name="Stationsgebied")
    aim = goal(manager, programme)
    services.goal_update(
        actor=manager, goal=aim, expected_version=aim.version, title="Minder overlast bij het station"
    )
    sub = subproject(manager, programme, focus_areas=[area], goals=[aim])
    services.subproject_update(
        actor=manager, subproject=sub, expected_version=sub.version, outputs="40 gesprekken"
    )
    services.subproject_set_status(actor=manager, subproject=sub, status="voorbereiding")
    line = services.budget_line_add(
        actor=manager, subproject=sub, description="Uren", funding_source="Gemeente", planned="10"
    )
    services.budget_line_update(actor=manager, line=line, spent="5")
    services.budget_line_remove(actor=manager, line=line)
    stone = services.milestone_add(actor=manager, subproject=sub, title="Start", due=dt.date(2026, 2, 1))
    services.milestone_update(actor=manager, milestone=stone, done_on=dt.date(2026, 2, 3))
    services.milestone_remove(actor=manager, milestone=stone)
    services.subproject_delete(actor=manager, subproject=sub)
    services.goal_delete(actor=manager, goal=aim)
    services.focus_area_delete(actor=manager, area=area)
    recorded = actions(programme)
    assert recorded == [
        "focusarea.seed",
        "focusarea.create",
        "focusarea.update",
        "goal.create",
        "goal.update",
        "subproject.create",
        "subproject.update",
        "subproject.change_status",
        "subproject.budget",
        "subproject.budget",
        "subproject.budget",
        "subproject.milestone",
        "subproject.milestone",
        "subproject.milestone",
        "subproject.delete",
        "goal.delete",
        "focusarea.delete",
    ]
    assert all(action in ACTION_LABELS for action in recorded)


def test_the_seed_is_set_up_once(programme, manager):
    services.focus_areas_seed(actor=manager, programme=programme)
    assert services.focus_areas_seed(actor=manager, programme=programme) == []
    assert sorted(programme.focus_areas.values_list("key", flat=True)) == sorted(
        ["gezin", "buurt", "school", "werk", "vrije_tijd", "online"]
    )
    assert actions(programme) == ["focusarea.seed"]


def test_a_focus_area_in_use_is_neither_switched_off_nor_removed(programme, manager):
    area = services.focus_area_create(actor=manager, programme=programme, name="Rond het station")
    subproject(manager, programme, focus_areas=[area])
    for attempt in (
        lambda: services.focus_area_update(actor=manager, area=area, active=False),
        lambda: services.focus_area_delete(actor=manager, area=area),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "Rond het station" in error.value.messages[0]
    area.refresh_from_db()
    assert area.active and FocusArea.objects.filter(pk=area.pk).exists()


def test_a_seed_focus_area_is_switched_off_not_removed(programme, manager):
    services.focus_areas_seed(actor=manager, programme=programme)
    online = programme.focus_areas.get(key="online")
    with pytest.raises(ValidationError):
        services.focus_area_delete(actor=manager, area=online)
    services.focus_area_update(actor=manager, area=online, active=False)
    online.refresh_from_db()
    assert not online.active


def test_a_double_focus_area_name_is_refused(programme, manager):
    services.focus_area_create(actor=manager, programme=programme, name="Rond het station")
    with pytest.raises(ValidationError) as error:
        services.focus_area_create(actor=manager, programme=programme, name="rond het  station")
    assert "name" in error.value.message_dict


def test_a_goal_links_only_findings_of_its_programme(programme, manager, foreign_programme):
    stranger = factories.member(foreign_programme, "programmamanager")
    elsewhere = finding(stranger, foreign_programme)
    with pytest.raises(ValidationError) as error:
        goal(manager, programme, findings=[elsewhere])
    assert "findings" in error.value.message_dict
    assert not programme.goals.exists()


def test_a_stale_goal_edit_is_refused(programme, manager):
    aim = goal(manager, programme)
    old = aim.version
    services.goal_update(actor=manager, goal=aim, expected_version=old, title="Nieuw")
    with pytest.raises(StaleEditError):
        services.goal_update(actor=manager, goal=aim, expected_version=old, title="Mijn versie")


@pytest.mark.parametrize("current", SubProjectStatus.values)
@pytest.mark.parametrize("new", SubProjectStatus.values)
def test_the_status_changes_only_along_the_workflow(programme, manager, current, new):
    sub = subproject(manager, programme)
    sub.status = current
    sub.save(update_fields=["status"])
    allowed = new in SUBPROJECT_WORKFLOW.transitions[current]
    if allowed:
        services.subproject_set_status(actor=manager, subproject=sub, status=new)
        sub.refresh_from_db()
        assert sub.status == new
        assert AuditEvent.objects.filter(action="subproject.change_status").count() == 1
    else:
        with pytest.raises(ValidationError):
            services.subproject_set_status(actor=manager, subproject=sub, status=new)
        sub.refresh_from_db()
        assert sub.status == current
        assert not AuditEvent.objects.filter(action="subproject.change_status").exists()


def test_an_unknown_status_is_refused(programme, manager):
    sub = subproject(manager, programme)
    with pytest.raises(ValidationError):
        services.subproject_set_status(actor=manager, subproject=sub, status="klaar")


def test_budget_totals_are_exact_per_funding_source(programme, manager):
    sub = subproject(manager, programme)
    for description, source, planned, spent in (
        ("Uren", "Gemeente", "0.10", "0.20"),
        ("Materiaal", "Gemeente", "0.20", "0.10"),
        ("Subsidie", "Rijk", "1000.05", "999.95"),
    ):
        services.budget_line_add(
            actor=manager,
            subproject=sub,
            description=description,
            funding_source=source,
            planned=planned,
            spent=spent,
        )
    budget = selectors.budget(sub)
    by_source = {t.funding_source: t for t in budget.per_source}
    assert by_source["Gemeente"].planned == Decimal("0.30")
    assert by_source["Gemeente"].spent == Decimal("0.30")
    assert by_source["Rijk"].planned == Decimal("1000.05")
    assert budget.total.planned == Decimal("1000.35")
    assert [line.description for line in budget.overspent_lines] == ["Uren"]
    listed = selectors.subprojects(programme).get(pk=sub.pk)
    assert listed.planned_total == Decimal("1000.35")
    assert listed.spent_total == Decimal("1000.25")


def test_a_negative_amount_is_refused(programme, manager):
    sub = subproject(manager, programme)
    with pytest.raises(ValidationError) as error:
        services.budget_line_add(
            actor=manager, subproject=sub, description="X", funding_source="Y", planned="-1"
        )
    assert "planned" in error.value.message_dict
    assert not sub.budget_lines.exists()


def test_dates_are_checked_with_clear_messages(programme, manager):
    with pytest.raises(ValidationError) as error:
        subproject(manager, programme, start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 5, 1))
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        subproject(manager, programme, start_date=dt.date(2025, 6, 1))
    assert "01-01-2026" in error.value.message_dict["start_date"][0]
    sub = subproject(manager, programme)
    with pytest.raises(ValidationError) as error:
        services.milestone_add(actor=manager, subproject=sub, title="Te vroeg", due=dt.date(2025, 12, 31))
    assert "due" in error.value.message_dict
    assert not sub.milestones.exists()


def test_a_subproject_takes_only_the_programmes_people_and_partners(programme, manager, foreign_programme):
    stranger = factories.member(foreign_programme, "programmamanager")
    foreign_lead = lead(stranger, foreign_programme, name="Iemand anders")
    with pytest.raises(ValidationError) as error:
        subproject(manager, programme, kwartiermaker=foreign_lead)
    assert "kwartiermaker" in error.value.message_dict
    foreign_partner = partner(stranger, foreign_programme, "politie", "Politie Anderstad")
    with pytest.raises(ValidationError) as error:
        subproject(manager, programme, partners=[foreign_partner])
    assert "partners" in error.value.message_dict
    assert not programme.subprojects.exists()


# Permissions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["programmamanager", "kwartiermaker", "teamlid", "stuurgroeplid", "onderzoeker", "meelezer"]
)
def test_who_may_do_what(programme, manager, role):
    user = manager if role == "programmamanager" else factories.member(programme, role)
    own = subproject(
        manager, programme, name="Eigen", kwartiermaker=lead(manager, programme, user=user, name="Lid")
    )
    other = subproject(
        manager, programme, name="Ander", kwartiermaker=lead(manager, programme, name="Ander lid")
    )
    assert user.has_perm("plan.view_plan", programme)
    assert user.has_perm("plan.manage_plan", programme) is (role == "programmamanager")
    assert user.has_perm("plan.change_subproject", own)
    assert user.has_perm("plan.change_subproject", other) is (role == "programmamanager")


def test_others_in_the_organisation_do_not_edit(programme, manager, foreign_programme):
    sub = subproject(manager, programme)
    admin = factories.org_admin(programme.organisation)
    stranger = factories.member(foreign_programme, "programmamanager")
    assert admin.has_perm("plan.view_plan", programme)
    assert not admin.has_perm("plan.change_subproject", sub)
    assert not stranger.has_perm("plan.view_plan", programme)
    assert not stranger.has_perm("plan.change_subproject", sub)


def test_a_kwartiermaker_edits_their_own_subproject_only(client, programme, manager):
    user = factories.member(programme, "kwartiermaker")
    own = subproject(manager, programme, name="Eigen", kwartiermaker=lead(manager, programme, user=user))
    other = subproject(
        manager, programme, name="Ander", kwartiermaker=lead(manager, programme, name="Ander lid")
    )
    client.force_login(user)

    def edit(sub):
        return client.post(
            reverse(
                "plan_subproject_edit", kwargs={"programme_uuid": programme.uuid, "subproject_uuid": sub.uuid}
            ),
            {
                "name": sub.name,
                "kwartiermaker": sub.kwartiermaker.uuid,
                "outputs": "Gewijzigd",
                "version": sub.version,
            },
        )

    assert edit(own).status_code == 302
    assert edit(other).status_code == 403
    other.refresh_from_db()
    assert other.outputs == ""


# The project group ----------------------------------------------------------------------------


def test_the_project_group_is_the_subprojects_kwartiermakers_once_there_are(programme, manager):
    by_role = lead(manager, programme, name="Kees Rol")
    assert list(team_selectors.kwartiermakers(programme)) == [by_role]
    leading = lead(manager, programme, name="Anna Leider", user=factories.member(programme, "teamlid"))
    subproject(manager, programme, kwartiermaker=leading)
    assert list(team_selectors.kwartiermakers(programme)) == [leading]


# Milestones -----------------------------------------------------------------------------------


def plan_step(programme):
    return {r.milestone.key: r for r in evaluate(programme, ProgrammeFacts(programme)).steps[2].results}


def test_the_step_3_milestones_follow_the_data(programme, manager):
    results = plan_step(programme)
    assert not results["plan.focus_areas"].met
    assert not results["plan.subprojects"].met
    assert not results["plan.goals"].met
    assert not results["plan.integrality"].met

    services.focus_areas_seed(actor=manager, programme=programme)
    for area in programme.focus_areas.exclude(key="buurt"):
        services.focus_area_update(actor=manager, area=area, active=False)
    found = finding(manager, programme)
    aim = goal(manager, programme)
    person = lead(manager, programme)
    sub = subproject(
        manager,
        programme,
        kwartiermaker=person,
        goals=[aim],
        focus_areas=[programme.focus_areas.get(key="buurt")],
        activities="Straatcoaches",
        outputs="40 gesprekken",
    )
    results = plan_step(programme)
    assert results["plan.focus_areas"].met
    assert not results["plan.goals"].met
    assert "1" in str(results["plan.goals"].check.detail)
    assert not results["plan.subprojects"].met
    assert not results["plan.integrality"].met

    services.goal_update(actor=manager, goal=aim, expected_version=aim.version, findings=[found])
    services.subproject_update(
        actor=manager,
        subproject=sub,
        expected_version=sub.version,
        outcomes="Minder overlast",
        no_intervention_reason="Nog geen erkende interventie voor deze groep.",
    )
    results = plan_step(programme)
    assert results["plan.goals"].met
    assert results["plan.subprojects"].met
    assert not results["plan.integrality"].met

    police = partner(manager, programme, "politie", "Politie Eigenstad")
    youth = partner(manager, programme, "jongerenwerk", "Jongerenwerk Eigenstad")
    sub.refresh_from_db()
    services.subproject_update(
        actor=manager, subproject=sub, expected_version=sub.version, partners=[police, youth]
    )
    assert selectors.subproject_integrality(sub).passes == plan_step(programme)["plan.integrality"].met
    sub.refresh_from_db()
    services.subproject_update(
        actor=manager,
        subproject=sub,
        expected_version=sub.version,
        partners=[],
        integrality_note="Bewust klein.",
    )
    assert plan_step(programme)["plan.integrality"].met


def test_the_milestones_ask_a_fixed_number_of_queries(programme, manager):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            plan_step(programme)
        return len(ctx.captured_queries)

    services.focus_areas_seed(actor=manager, programme=programme)
    small = count()
    police = partner(manager, programme, "politie", "Politie Eigenstad")
    for i in range(15):
        subproject(
            manager,
            programme,
            name=f"Deelproject {i}",
            partners=[police],
            goals=[goal(manager, programme, title=f"Doel {i}")],
        )
    assert count() == small


# Query counts of the list pages ---------------------------------------------------------------

PINNED_SUBPROJECTS = 8
PINNED_GOLDEN_THREAD = 13  # step 6: +1 for the indicators of the sub-projects, +2 for effects and verdicts


def grow(programme, manager, size: int) -> None:
    services.focus_areas_seed(actor=manager, programme=programme)
    areas = list(programme.focus_areas.all()[:2])
    people = [
        lead(manager, programme, name=f"Lead {i}", user=factories.member(programme, "teamlid"))
        for i in range(2)
    ]
    for i in range(programme.subprojects.count(), size):
        found = finding(manager, programme, title=f"Bevinding {i:03d}")
        aim = goal(manager, programme, title=f"Doel {i:03d}", findings=[found])
        sub = subproject(
            manager,
            programme,
            name=f"Deelproject {i:03d}",
            kwartiermaker=people[i % 2],
            focus_areas=areas,
            goals=[aim],
        )
        services.budget_line_add(
            actor=manager, subproject=sub, description="Uren", funding_source="Gemeente", planned="100.10"
        )
        services.milestone_add(actor=manager, subproject=sub, title="Start", due=dt.date(2026, 3, 1))


@pytest.mark.parametrize("name", ["plan_subprojects", "plan_golden_thread", "plan_timeline", "plan_goals"])
def test_the_plan_pages_query_count_is_flat(client, programme, manager, name):
    client.force_login(manager)
    url = reverse(name, kwargs={"programme_uuid": programme.uuid})

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    grow(programme, manager, 2)
    count()
    small = count()
    grow(programme, manager, 30)
    large = count()
    assert small == large, f"{name}: {small} queries with 2, {large} with 30 (N+1)"
    if name == "plan_subprojects":
        assert small == PINNED_SUBPROJECTS, f"{small} queries, pinned at {PINNED_SUBPROJECTS}"
    if name == "plan_golden_thread":
        assert small == PINNED_GOLDEN_THREAD, f"{small} queries, pinned at {PINNED_GOLDEN_THREAD}"


def test_the_subproject_page_query_count_is_flat(client, programme, manager):
    police = partner(manager, programme, "politie", "Politie Eigenstad")
    sub = subproject(manager, programme, partners=[police], kwartiermaker=lead(manager, programme))
    url = reverse(
        "plan_subproject_detail", kwargs={"programme_uuid": programme.uuid, "subproject_uuid": sub.uuid}
    )
    client.force_login(manager)

    def add(n: int) -> None:
        for i in range(n):
            services.budget_line_add(
                actor=manager,
                subproject=sub,
                description=f"Regel {i}",
                funding_source=f"Bron {i % 3}",
                planned="1",
            )
            services.milestone_add(
                actor=manager, subproject=sub, title=f"Mijlpaal {i}", due=dt.date(2026, 3, 1)
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add(2)
    count()
    small = count()
    add(20)
    assert count() == small


def test_the_goal_page_lists_what_is_missing(client, programme, manager):
    aim = services.goal_create(
        actor=manager, programme=programme, title="Minder overlast", specific="Bij het station"
    )
    client.force_login(manager)
    page = client.get(
        reverse("plan_goal_detail", kwargs={"programme_uuid": programme.uuid, "goal_uuid": aim.uuid}),
    ).content.decode()
    for item in (
        "Meetbaar: de indicator",
        "Acceptabel: wie het steunt",
        "Realistisch: waarom",
        "Tijdgebonden: de datum",
        "koppel het aan een bevinding",
    ):
        assert item in page
    assert "Specifiek: wat verandert" not in page


@pytest.mark.parametrize(
    ("kinds", "domains", "integral"),
    [
        ((), [], False),
        (("politie",), ["veiligheid", "zorg_welzijn"], False),
        (("politie", "jongerenwerk"), ["veiligheid"], False),
        (("politie", "jongerenwerk"), ["veiligheid", "vrije_tijd"], True),
        (("politie", "om"), ["veiligheid", "online"], True),
        (("halt", "wijkteam"), ["veiligheid", "gezin"], False),
        (("politie", "jongerenwerk", "basisschool"), None, True),
    ],
)
def test_the_integrality_milestone_counts_as_the_check_does(programme, manager, kinds, domains, integral):
    """``domains`` are given to the first partner (the others have none), or every partner has
    its type's usual domains (None)."""
    partners = [
        partner(
            manager,
            programme,
            kind,
            f"Partner {kind}",
            domains=None if domains is None else (domains if i == 0 else []),
        )
        for i, kind in enumerate(kinds)
    ]
    sub = subproject(manager, programme, partners=partners)
    assert selectors.subproject_integrality(sub).passes is integral
    from koers.plan.milestones import plan_counts

    expected = 0 if selectors.subproject_integrality(sub).passes else 1
    with CaptureQueriesContext(connection) as ctx:
        counts = plan_counts(ProgrammeFacts(programme))
    assert len(ctx.captured_queries) == 1
    assert counts["sub_not_integral"] == expected


def test_an_intervention_from_the_registry_counts_for_the_milestone(programme, manager):
    from koers.interventions import services as intervention_services

    aim = goal(manager, programme, findings=[finding(manager, programme)])
    sub = subproject(
        manager,
        programme,
        kwartiermaker=lead(manager, programme),
        goals=[aim],
        activities="Straatcoaches",
        outputs="40 gesprekken",
        outcomes="Minder overlast",
    )
    assert "interventie" in str(plan_step(programme)["plan.subprojects"].check.detail)
    used = intervention_services.intervention_create(
        actor=manager, organisation=programme.organisation, name="Pleinaanpak"
    )
    intervention_services.subproject_intervention_add(actor=manager, subproject=sub, intervention=used)
    assert plan_step(programme)["plan.subprojects"].met
