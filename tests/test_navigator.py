"""The step-plan navigator: six steps, milestones computed from the programme's data, and the
next step to work on."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy

from koers.programmes import services
from koers.programmes.models import ProgrammeMembership
from koers.programmes.navigator import REGISTRY, STEPS, Check, evaluate, milestone
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")


def met(programme, key: str) -> bool:
    for step in evaluate(programme).steps:
        for result in step.results:
            if result.milestone.key == key:
                return result.met
    raise AssertionError(f"milestone {key} not evaluated")


def invite(programme, manager, role: str, **traits):
    return factories.InvitationFactory(programme=programme, invited_by=manager, role=role, **traits)


# The steps -------------------------------------------------------------------------------------


def test_evaluate_returns_the_six_steps_in_order(programme):
    navigator = evaluate(programme)

    assert [s.step.number for s in navigator.steps] == [1, 2, 3, 4, 5, 6]
    assert [s.step.key for s in navigator.steps] == [
        "team",
        "analysis",
        "plan",
        "agreements",
        "monitoring",
        "evaluation",
    ]
    assert [s.step for s in navigator.steps] == list(STEPS)


def test_every_registered_milestone_is_evaluated_once_under_its_own_step(programme):
    navigator = evaluate(programme)

    evaluated = [(s.step.number, r.milestone.key) for s in navigator.steps for r in s.results]
    assert sorted(key for _, key in evaluated) == sorted(REGISTRY)
    assert all(REGISTRY[key].step == number for number, key in evaluated)
    assert navigator.total == len(REGISTRY)


def test_the_programme_milestones_are_registered_under_their_steps():
    expected = {
        "programme.manager": 1,
        "team.integral": 1,
        "team.roles": 1,
        "team.steering_group": 1,
        "team.agreements": 1,
        "programme.researcher": 2,
        "programme.kwartiermaker": 3,
    }
    assert {key: REGISTRY[key].step for key in expected} == expected


def test_inviting_people_is_no_longer_a_milestone_of_its_own():
    assert "programme.team_invited" not in REGISTRY
    assert "programme.steering_invited" not in REGISTRY


# Milestones from data --------------------------------------------------------------------------


def test_a_programme_without_members_has_no_manager_named(organisation):
    programme = factories.ProgrammeFactory(organisation=organisation)
    assert not met(programme, "programme.manager")


def test_a_programme_manager_is_named_once_there_is_one(programme, manager):
    assert met(programme, "programme.manager")


def test_removing_the_manager_role_unsets_the_milestone(organisation):
    programme = factories.ProgrammeFactory(organisation=organisation)
    manager = factories.member(programme, "programmamanager")
    assert met(programme, "programme.manager")

    ProgrammeMembership.objects.filter(user=manager).update(role="teamlid")

    assert not met(programme, "programme.manager")


def test_a_researcher_takes_part_only_once_they_are_a_member(programme, manager):
    invitation = invite(programme, manager, "onderzoeker")
    assert not met(programme, "programme.researcher")

    researcher = factories.UserFactory(email=invitation.email)
    services.invitation_accept(user=researcher, token=factories.token_for(invitation))

    assert met(programme, "programme.researcher")


def test_kwartiermakers_take_part_once_one_is_a_member(programme, manager):
    invite(programme, manager, "kwartiermaker")
    assert not met(programme, "programme.kwartiermaker")

    member = factories.member(programme, "teamlid")
    services.member_change_role(
        actor=manager,
        membership=ProgrammeMembership.objects.get(programme=programme, user=member),
        role="kwartiermaker",
    )

    assert met(programme, "programme.kwartiermaker")


def test_removing_the_only_researcher_flips_the_milestone_back(programme, manager):
    researcher = factories.member(programme, "onderzoeker")
    assert met(programme, "programme.researcher")

    services.member_remove(
        actor=manager,
        membership=ProgrammeMembership.objects.get(programme=programme, user=researcher),
    )

    assert not met(programme, "programme.researcher")


def test_a_milestone_explains_its_state_with_counts(programme, manager):
    factories.member(programme, "onderzoeker")
    invite(programme, manager, "onderzoeker")

    step_two = evaluate(programme).steps[1]
    researcher = next(r for r in step_two.results if r.milestone.key == "programme.researcher")

    assert "1" in str(researcher.check.detail)


@pytest.mark.parametrize("trait", ["expired", "revoked", "accepted"])
def test_invitations_that_are_no_longer_open_are_not_counted(programme, manager, trait):
    invite(programme, manager, "onderzoeker")
    invite(programme, manager, "onderzoeker", **{trait: True})

    step_two = evaluate(programme).steps[1]
    researcher = next(r for r in step_two.results if r.milestone.key == "programme.researcher")

    assert not researcher.met
    assert "1" in str(researcher.check.detail)
    assert "2" not in str(researcher.check.detail)


# What to do next -------------------------------------------------------------------------------


def test_a_new_programme_works_on_step_one_first(programme, manager):
    navigator = evaluate(programme)

    assert navigator.next_step.step.number == 1
    assert navigator.next_step.next_missing.milestone.key == "team.integral"
    assert navigator.steps[0].state == "started"


def test_with_the_team_complete_the_next_step_is_the_analysis(programme, manager):
    kinds = ("gemeente", "politie", "om", "veiligheidshuis", "straatcoaches", "jongerenwerk", "mbo")
    people = [
        factories.PersonFactory(
            programme=programme,
            partner=factories.PartnerOrganisationFactory(organisation=programme.organisation, kind=kind),
        )
        for kind in kinds
    ]
    factories.BodyFactory(programme=programme, stuurgroep=True, members=people[:3])
    for trait in ({}, {"decision": True}, {"communication": True}):
        factories.AgreementFactory(programme=programme, agreed=True, owner=people[0], **trait)

    navigator = evaluate(programme)

    assert navigator.steps[0].complete
    assert navigator.steps[0].state == "done"
    assert navigator.next_step.step.number == 2
    assert navigator.next_step.next_missing.milestone.key == "programme.researcher"


def test_the_next_step_is_always_the_first_with_an_unmet_milestone(programme, manager):
    factories.member(programme, "onderzoeker")
    factories.member(programme, "kwartiermaker")

    navigator = evaluate(programme)

    first_unmet = next(s for s in navigator.steps if any(not r.met for r in s.results))
    assert navigator.next_step is first_unmet
    assert navigator.next_step.step.number == 1


def test_counts_add_up_over_the_steps(programme, manager):
    navigator = evaluate(programme)

    assert navigator.met_count == sum(s.met_count for s in navigator.steps)
    assert navigator.total == sum(s.total for s in navigator.steps)
    assert 1 <= navigator.met_count < navigator.total


def test_the_overview_page_shows_the_navigator(manager_client, programme, says):
    response = manager_client.get(f"/programmas/{programme.uuid}/")

    assert response.status_code == 200
    navigator = response.context["navigator"]
    assert len(navigator.steps) == 6
    says(response, "A programme manager is named")
    says(response, "The team is integral: at least 7 of the 9 core partners and 4 domains")


# Registering milestones ------------------------------------------------------------------------


def test_a_milestone_for_an_unknown_step_is_refused():
    with pytest.raises(ValueError, match="unknown step 7"):
        milestone(step=7, key="test.unknown_step", title=gettext_lazy("Nowhere"))
    assert "test.unknown_step" not in REGISTRY


def test_a_milestone_key_cannot_be_registered_twice():
    before = REGISTRY["programme.manager"]

    with pytest.raises(ValueError, match="registered twice"):

        @milestone(step=1, key="programme.manager", title=gettext_lazy("Another manager check"))
        def another(facts) -> Check:
            return Check(True)

    assert REGISTRY["programme.manager"] is before


def test_a_new_milestone_appears_under_its_step(programme):
    key = "test.extra_step_four"

    @milestone(step=4, key=key, title=gettext_lazy("Agreements signed"))
    def signed(facts) -> Check:
        return Check(facts.programme.status == "afgerond", "")

    try:
        step_four = evaluate(programme).steps[3]
        assert [r.milestone.key for r in step_four.results if r.milestone.key == key] == [key]
        assert not next(r for r in step_four.results if r.milestone.key == key).met
        # Registering the same function again is harmless (modules may be imported twice).
        milestone(step=4, key=key, title=gettext_lazy("Agreements signed"))(signed)
    finally:
        REGISTRY.pop(key, None)
