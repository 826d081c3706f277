"""The step-3 milestone "every sub-project works integrally or records why not": a sub-project
counts as integral with partners of at least two core groups and two domains, or with a recorded
reason. The navigator counts this in SQL (domains are a JSON list on the partner); the sub-project
page uses step 1's check in Python. Both must agree, on SQLite and on PostgreSQL, for partners of
the real partner types (GLOSSARY.md) with their own domains."""

from __future__ import annotations

import pytest

from koers.plan import milestones
from koers.plan.models import SubProject
from koers.plan.selectors import subproject_integrality
from koers.programmes.navigator import ProgrammeFacts
from koers.teams.models import PartnerType
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")


def partner(programme, key: str, domains: list[str] | None = None, *, of: str = ""):
    kind = PartnerType.objects.get(organisation__isnull=True, key=key)
    return factories.PartnerOrganisationFactory(
        organisation=programme.organisation,
        name=f"{kind.name} ({of})",
        partner_type=kind,
        domains=list(kind.default_domains) if domains is None else domains,
    )


# name: (partners as (type key, domains or None for the type's own), integrality note, integral?)
CASES = {
    # politie (veiligheid, online) + jongerenwerk (zorg_welzijn, vrije_tijd, online): 2 groups, 4 domains
    "Straatteam": ([("politie", None), ("jongerenwerk", None)], "", True),
    # politie + OM: two core groups; veiligheid and online
    "Snelrecht": ([("politie", None), ("om", None)], "", True),
    # gemeente with only zorg_welzijn + mbo with only onderwijs: the partner's own domains count
    "Stage en zorg": ([("gemeente", ["zorg_welzijn"]), ("mbo", ["onderwijs"])], "", True),
    # werk_inkomen and vrije_tijd have an underscore (a wildcard in SQL LIKE): they count like the rest
    "Werk en sport": ([("ondernemer", ["werk_inkomen"]), ("straatcoaches", ["vrije_tijd"])], "", True),
    # gemeente + Halt: Halt is outside the core list, so one core group
    "Halt-afdoening": ([("gemeente", None), ("halt", None)], "", False),
    # wijkteam + jeugdzorg: many domains, no core group at all
    "Gezinsaanpak": ([("wijkteam", None), ("jeugdzorg", None)], "", False),
    # basisschool + voortgezet onderwijs are one core group (onderwijs) and one domain
    "Doorlopende leerlijn": ([("basisschool", None), ("voortgezet_onderwijs", None)], "", False),
    # onderzoek has no domains: two core groups but only werk_inkomen
    "Monitor": ([("onderzoek", None), ("ondernemer", None)], "", False),
    # a partner whose domains were all removed contributes its core group only
    "Zonder domeinen": ([("politie", []), ("om", [])], "", False),
    # not integral, but the reason is recorded: it counts
    "Alleen OM": ([("om", None), ("riec", None)], "Het OM en het RIEC werken hier bewust samen.", True),
    # no partners at all
    "Nog leeg": ([], "", False),
}


@pytest.fixture
def world(programme):
    subs = {}
    for name, (partners, note, _integral) in CASES.items():
        sub = SubProject.objects.create(programme=programme, name=name, integrality_note=note)
        sub.partners.set([partner(programme, key, domains, of=name) for key, domains in partners])
        subs[name] = sub
    return subs


def test_sql_and_python_agree_on_every_sub_project(programme, world):
    not_integral_sql = set(
        milestones._not_integral().filter(programme=programme).values_list("name", flat=True)
    )
    for name, sub in world.items():
        expected = CASES[name][2]
        python = subproject_integrality(sub).passes or bool(sub.integrality_note)
        assert python == expected, f"{name}: the Python check says {python}"
        assert (name not in not_integral_sql) == expected, f"{name}: the SQL count disagrees"


def test_the_milestone_counts_the_sub_projects_that_are_not_integral_and_give_no_reason(programme, world):
    expected = sum(1 for _partners, _note, integral in CASES.values() if not integral)
    facts = ProgrammeFacts(programme)
    assert milestones.plan_counts(facts)["sub_not_integral"] == expected
    check = milestones.subprojects_integral(facts)
    assert not check.met and str(expected) in str(check.detail)


def test_the_milestone_is_met_once_every_sub_project_is_integral_or_says_why(programme, world):
    for name, sub in world.items():
        if not CASES[name][2]:
            sub.integrality_note = "Bewust smal: de rest volgt in een later deelproject."
            sub.save(update_fields=["integrality_note"])
    assert milestones.subprojects_integral(ProgrammeFacts(programme)).met


def test_another_programmes_partners_do_not_count(programme, foreign_programme, world):
    other = SubProject.objects.create(programme=foreign_programme, name="Elders")
    other.partners.set([partner(foreign_programme, "politie"), partner(foreign_programme, "jongerenwerk")])
    facts = ProgrammeFacts(programme)
    expected = sum(1 for _partners, _note, integral in CASES.values() if not integral)
    assert milestones.plan_counts(facts)["sub_not_integral"] == expected
