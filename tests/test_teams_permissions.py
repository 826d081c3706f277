"""Who may do what in step 1: programme managers edit everything of their programme; a
kwartiermaker edits the working group they chair; team members edit their own person record;
stuurgroepleden and meelezers read; another organisation has no rights at all."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from koers.programmes.models import ProgrammeMembership
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

User = get_user_model()


def reload(user):
    """The same account without the per-request role cache."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def kwartiermaker(programme):
    return factories.member(programme, "kwartiermaker")


@pytest.fixture
def kwartiermaker_person(programme, kwartiermaker):
    return factories.PersonFactory(programme=programme, user=kwartiermaker, full_name="Karim Kwartier")


@pytest.fixture
def own_group(programme, kwartiermaker_person):
    return factories.BodyFactory(programme=programme, name="Werkgroep school", chair=kwartiermaker_person)


@pytest.fixture
def other_group(programme):
    return factories.BodyFactory(
        programme=programme, name="Werkgroep straat", chair=factories.PersonFactory(programme=programme)
    )


@pytest.fixture
def steering(programme):
    return factories.BodyFactory(programme=programme, stuurgroep=True)


@pytest.fixture
def colleague(programme):
    return factories.PersonFactory(programme=programme, full_name="Collega Zonder Account")


# Programme managers ----------------------------------------------------------------------------


def test_a_programme_manager_edits_every_person_body_and_the_team(
    manager, programme, organisation, colleague, own_group, steering
):
    assert manager.has_perm("teams.view_team", programme)
    assert manager.has_perm("teams.manage_team", programme)
    assert manager.has_perm("teams.change_person", colleague)
    assert manager.has_perm("teams.change_body", own_group)
    assert manager.has_perm("teams.change_body", steering)
    assert manager.has_perm("teams.view_partners", organisation)
    assert manager.has_perm("teams.manage_partners", organisation)


def test_a_programme_manager_has_no_rights_in_a_programme_they_do_not_manage(manager, organisation):
    elsewhere = factories.ProgrammeFactory(organisation=organisation)
    person = factories.PersonFactory(programme=elsewhere)
    body = factories.BodyFactory(programme=elsewhere)

    assert not manager.has_perm("teams.view_team", elsewhere)
    assert not manager.has_perm("teams.manage_team", elsewhere)
    assert not manager.has_perm("teams.change_person", person)
    assert not manager.has_perm("teams.change_body", body)


# Kwartiermakers --------------------------------------------------------------------------------


def test_a_kwartiermaker_edits_the_working_group_they_chair(kwartiermaker, own_group):
    assert kwartiermaker.has_perm("teams.change_body", own_group)


def test_a_kwartiermaker_cannot_edit_another_working_group(kwartiermaker, kwartiermaker_person, other_group):
    assert not kwartiermaker.has_perm("teams.change_body", other_group)


def test_a_kwartiermaker_who_is_only_a_member_of_a_working_group_cannot_edit_it(
    kwartiermaker, kwartiermaker_person, other_group
):
    other_group.members.add(kwartiermaker_person)

    assert not kwartiermaker.has_perm("teams.change_body", other_group)


def test_chairing_the_steering_group_gives_a_kwartiermaker_no_edit_right(
    programme, kwartiermaker_person, kwartiermaker
):
    steering = factories.BodyFactory(programme=programme, stuurgroep=True, chair=kwartiermaker_person)

    assert not kwartiermaker.has_perm("teams.change_body", steering)


def test_a_kwartiermaker_does_not_manage_the_team_or_other_people(kwartiermaker, programme, colleague):
    assert kwartiermaker.has_perm("teams.view_team", programme)
    assert not kwartiermaker.has_perm("teams.manage_team", programme)
    assert not kwartiermaker.has_perm("teams.change_person", colleague)


def test_a_chair_who_is_no_longer_kwartiermaker_loses_the_working_group(programme, kwartiermaker, own_group):
    ProgrammeMembership.objects.filter(programme=programme, user=kwartiermaker).update(role="teamlid")

    assert not reload(kwartiermaker).has_perm("teams.change_body", own_group)


def test_a_chair_who_left_the_team_loses_the_working_group(kwartiermaker, kwartiermaker_person, own_group):
    kwartiermaker_person.removed_at = kwartiermaker_person.created_at
    kwartiermaker_person.save()
    own_group.refresh_from_db()

    assert not reload(kwartiermaker).has_perm("teams.change_body", own_group)


# Team members ----------------------------------------------------------------------------------


def test_a_team_member_edits_their_own_person_record_only(programme, colleague, own_group):
    member = factories.member(programme, "teamlid")
    own = factories.PersonFactory(programme=programme, user=member)

    assert member.has_perm("teams.view_team", programme)
    assert member.has_perm("teams.change_person", own)
    assert not member.has_perm("teams.change_person", colleague)
    assert not member.has_perm("teams.change_body", own_group)
    assert not member.has_perm("teams.manage_team", programme)


def test_a_person_record_linked_to_an_account_that_left_the_programme_is_not_theirs(programme):
    member = factories.member(programme, "teamlid")
    own = factories.PersonFactory(programme=programme, user=member)
    ProgrammeMembership.objects.filter(programme=programme, user=member).delete()

    assert not reload(member).has_perm("teams.change_person", own)


def test_a_team_member_may_not_manage_partner_organisations(programme, organisation):
    member = factories.member(programme, "teamlid")

    assert member.has_perm("teams.view_partners", organisation)
    assert not member.has_perm("teams.manage_partners", organisation)


# Readers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["stuurgroeplid", "meelezer", "onderzoeker"])
def test_steering_group_members_readers_and_researchers_read_but_do_not_edit(
    role, programme, organisation, colleague, own_group, steering
):
    user = factories.member(programme, role)
    steering.members.add(factories.PersonFactory(programme=programme, user=user))

    assert user.has_perm("teams.view_team", programme)
    assert user.has_perm("teams.view_partners", organisation)
    assert not user.has_perm("teams.manage_team", programme)
    assert not user.has_perm("teams.manage_partners", organisation)
    assert not user.has_perm("teams.change_person", colleague)
    assert not user.has_perm("teams.change_body", own_group)
    assert not user.has_perm("teams.change_body", steering)


def test_an_organisation_administrator_reads_the_team_and_manages_partners(
    programme, organisation, colleague
):
    admin = factories.org_admin(organisation)

    assert admin.has_perm("teams.view_team", programme)
    assert admin.has_perm("teams.manage_partners", organisation)
    assert not admin.has_perm("teams.manage_team", programme)
    assert not admin.has_perm("teams.change_person", colleague)


# Another organisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["programmamanager", "kwartiermaker", "teamlid", "stuurgroeplid", "meelezer"]
)
def test_someone_from_another_organisation_has_no_rights(
    role, foreign_programme, programme, organisation, colleague, own_group, steering
):
    outsider = factories.member(foreign_programme, role)

    assert not outsider.has_perm("teams.view_team", programme)
    assert not outsider.has_perm("teams.manage_team", programme)
    assert not outsider.has_perm("teams.change_person", colleague)
    assert not outsider.has_perm("teams.change_body", own_group)
    assert not outsider.has_perm("teams.change_body", steering)
    assert not outsider.has_perm("teams.view_partners", organisation)
    assert not outsider.has_perm("teams.manage_partners", organisation)


def test_an_account_linked_to_a_person_of_another_organisation_cannot_edit_it(foreign_programme, programme):
    outsider = factories.member(foreign_programme, "kwartiermaker")
    person = factories.PersonFactory(programme=programme, user=outsider)
    group = factories.BodyFactory(programme=programme, chair=person)

    assert not outsider.has_perm("teams.change_person", person)
    assert not outsider.has_perm("teams.change_body", group)


def test_an_organisation_administrator_elsewhere_has_no_rights(programme, organisation, foreign_organisation):
    admin = factories.org_admin(foreign_organisation)

    assert not admin.has_perm("teams.view_team", programme)
    assert not admin.has_perm("teams.manage_partners", organisation)


def test_anonymous_visitors_have_no_rights(programme, organisation, colleague, own_group):
    anonymous = AnonymousUser()

    for perm, obj in [
        ("teams.view_team", programme),
        ("teams.manage_team", programme),
        ("teams.change_person", colleague),
        ("teams.change_body", own_group),
        ("teams.view_partners", organisation),
        ("teams.manage_partners", organisation),
    ]:
        assert not anonymous.has_perm(perm, obj), perm


@pytest.mark.parametrize("role", ["stuurgroeplid", "meelezer"])
def test_steering_group_members_and_readers_cannot_edit_even_their_own_person_record(role, programme):
    user = factories.member(programme, role)
    own = factories.PersonFactory(programme=programme, user=user)

    assert not user.has_perm("teams.change_person", own)


@pytest.mark.parametrize("role", ["kwartiermaker", "teamlid", "onderzoeker"])
def test_working_roles_edit_their_own_person_record(role, programme):
    user = factories.member(programme, role)
    own = factories.PersonFactory(programme=programme, user=user)

    assert user.has_perm("teams.change_person", own)
