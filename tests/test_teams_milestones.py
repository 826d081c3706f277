"""The navigator's milestones for step 1, computed from the team's data: an integral team, a role
for everyone, a steering group (or a reason why not) and the three governance agreements."""

from __future__ import annotations

import datetime as dt

import pytest

from koers.programmes import services as programme_services
from koers.programmes.navigator import REGISTRY, evaluate
from koers.teams import services
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

# Seven core groups in four domains: just integral.
INTEGRAL_KINDS = (
    "gemeente",
    "politie",
    "om",
    "veiligheidshuis",
    "straatcoaches",
    "jongerenwerk",
    "basisschool",
)


def result(programme, key: str):
    for step in evaluate(programme).steps:
        for item in step.results:
            if item.milestone.key == key:
                return item
    raise AssertionError(f"milestone {key} not evaluated")


def met(programme, key: str) -> bool:
    return result(programme, key).met


def team_of(programme, kinds=INTEGRAL_KINDS):
    return [
        factories.PersonFactory(
            programme=programme,
            partner=factories.PartnerOrganisationFactory(organisation=programme.organisation, kind=kind),
        )
        for kind in kinds
    ]


def test_step_one_has_the_manager_and_the_four_team_milestones_in_order(programme):
    step_one = evaluate(programme).steps[0]

    assert [r.milestone.key for r in step_one.results] == [
        "programme.manager",
        "team.integral",
        "team.roles",
        "team.steering_group",
        "team.agreements",
    ]
    assert all(REGISTRY[r.milestone.key].step == 1 for r in step_one.results)


# An integral team ------------------------------------------------------------------------------


def test_an_empty_team_is_not_integral(programme):
    item = result(programme, "team.integral")

    assert not item.met
    assert "0" in str(item.check.detail)


def test_seven_core_partners_in_four_domains_make_the_team_integral(programme):
    team_of(programme, INTEGRAL_KINDS[:6])
    assert not met(programme, "team.integral")

    team_of(programme, INTEGRAL_KINDS[6:])

    item = result(programme, "team.integral")
    assert item.met
    assert "7" in str(item.check.detail)


def test_a_partner_without_people_in_the_team_does_not_count(programme, manager):
    team_of(programme, INTEGRAL_KINDS[:6])
    school = factories.PartnerOrganisationFactory(organisation=programme.organisation, kind="basisschool")
    services.programme_partner_add(actor=manager, programme=programme, partner=school)

    assert not met(programme, "team.integral")


def test_removing_the_only_person_of_a_core_partner_flips_the_team_back(programme, manager):
    people = team_of(programme)
    assert met(programme, "team.integral")

    services.person_remove(actor=manager, person=people[-1])

    assert not met(programme, "team.integral")


def test_seven_core_partners_in_too_few_domains_are_not_yet_integral(programme, manager):
    people = team_of(programme)
    for person in people:
        services.partner_update(
            actor=manager, partner=person.partner, expected_version=None, domains=["veiligheid"]
        )
    assert not met(programme, "team.integral")

    for person, domain in zip(people[:3], ("zorg_welzijn", "onderwijs", "gezin"), strict=True):
        services.partner_update(
            actor=manager, partner=person.partner, expected_version=None, domains=["veiligheid", domain]
        )

    assert met(programme, "team.integral")


def test_the_team_of_another_programme_does_not_count(programme, organisation):
    team_of(factories.ProgrammeFactory(organisation=organisation))

    assert not met(programme, "team.integral")


# Every member has a role -----------------------------------------------------------------------


def test_a_team_without_members_has_no_roles_yet(programme):
    item = result(programme, "team.roles")

    assert not item.met
    assert item.check.detail


def test_every_member_needs_a_role(programme, manager):
    factories.PersonFactory(programme=programme)
    without = factories.PersonFactory(programme=programme, without_role=True)
    item = result(programme, "team.roles")
    assert not item.met
    assert "1" in str(item.check.detail)

    services.person_update(actor=manager, person=without, expected_version=1, team_role="Straatcoach")

    assert met(programme, "team.roles")


def test_a_former_member_without_a_role_does_not_count(programme, manager):
    factories.PersonFactory(programme=programme)
    without = factories.PersonFactory(programme=programme, without_role=True)

    services.person_remove(actor=manager, person=without)

    assert met(programme, "team.roles")


# A steering group ------------------------------------------------------------------------------


def test_a_steering_group_needs_members(programme, manager):
    assert not met(programme, "team.steering_group")
    steering = services.body_create(actor=manager, programme=programme, kind="stuurgroep", name="Stuurgroep")
    assert not met(programme, "team.steering_group")

    alderman = factories.PersonFactory(programme=programme)
    services.body_update(actor=manager, body=steering, expected_version=1, members=[alderman])

    assert met(programme, "team.steering_group")

    services.person_remove(actor=manager, person=alderman)

    assert not met(programme, "team.steering_group")


def test_a_project_team_is_not_a_steering_group(programme):
    factories.BodyFactory(
        programme=programme, projectteam=True, members=[factories.PersonFactory(programme=programme)]
    )

    assert not met(programme, "team.steering_group")


def test_a_recorded_reason_for_no_steering_group_also_completes_the_milestone(programme, manager):
    programme_services.programme_update(
        actor=manager,
        programme=programme,
        expected_version=None,
        no_steering_group_reason="De lokale driehoek stuurt de aanpak; een aparte stuurgroep is niet nodig.",
    )

    item = result(programme, "team.steering_group")
    assert item.met
    assert item.check.detail


def test_a_reason_of_only_spaces_does_not_count(programme):
    programme.no_steering_group_reason = "   "
    programme.save()

    assert not met(programme, "team.steering_group")


# The three agreements --------------------------------------------------------------------------


def test_the_agreements_milestone_needs_all_three_agreed(programme, manager, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    owner = factories.PersonFactory(programme=programme)
    assert not met(programme, "team.agreements")

    meeting = services.agreement_create(
        actor=manager,
        programme=programme,
        kind="meeting",
        text="Maandelijks.",
        owner=owner,
        agreed_on=dt.date(2026, 3, 1),
    )
    services.agreement_create(
        actor=manager,
        programme=programme,
        kind="decision",
        text="Stuurgroep beslist.",
        owner=owner,
        agreed_on=dt.date(2026, 3, 1),
    )
    open_one = services.agreement_create(
        actor=manager, programme=programme, kind="communication", text="Kwartaal."
    )
    item = result(programme, "team.agreements")
    assert not item.met
    assert "2" in str(item.check.detail)

    services.agreement_update(
        actor=manager, agreement=open_one, expected_version=1, owner=owner, agreed_on=dt.date(2026, 3, 2)
    )
    assert met(programme, "team.agreements")

    services.agreement_update(actor=manager, agreement=meeting, expected_version=1, agreed_on=None)
    assert not met(programme, "team.agreements")


def test_agreements_of_another_programme_do_not_count(programme, organisation):
    other = factories.ProgrammeFactory(organisation=organisation)
    for trait in ({}, {"decision": True}, {"communication": True}):
        factories.AgreementFactory(programme=other, agreed=True, **trait)

    assert not met(programme, "team.agreements")


# Step one complete -----------------------------------------------------------------------------


def test_with_all_of_step_one_met_the_next_step_is_the_analysis(programme, manager):
    people = team_of(programme)
    factories.BodyFactory(programme=programme, stuurgroep=True, members=people[:3])
    for trait in ({}, {"decision": True}, {"communication": True}):
        factories.AgreementFactory(programme=programme, agreed=True, owner=people[0], **trait)

    navigator = evaluate(programme)

    assert navigator.steps[0].complete
    assert navigator.next_step.step.number == 2
