"""Taking access away ends the person's sessions: their next request is no longer logged in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractBaseUser

from koers.organisations import services as organisation_services
from koers.organisations.models import OrganisationRole
from koers.programmes import services as programme_services
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")


def log_in(client, user):
    """A real login through the login page, as the person would."""
    response = client.post("/account/login/", {"login": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.get("/programmas/").status_code == 200
    return client


def is_logged_out(client) -> bool:
    response = client.get("/programmas/")
    return response.status_code == 302 and response.headers["Location"].startswith("/account/login/")


@pytest.fixture
def people(programme, client_factory):
    manager = factories.member(programme, "programmamanager")
    member = factories.member(programme, "teamlid")
    bystander = factories.member(programme, "onderzoeker")
    return manager, member, bystander


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def test_a_deactivated_account_is_logged_out_everywhere(people, client_factory):
    _manager, member, _bystander = people
    laptop, phone = log_in(client_factory(), member), log_in(client_factory(), member)

    member.is_active = False
    member.save()

    assert is_logged_out(laptop)
    assert is_logged_out(phone)


def test_reactivating_an_account_does_not_bring_its_old_sessions_back(people, client_factory):
    _manager, member, _bystander = people
    laptop = log_in(client_factory(), member)

    member.is_active = False
    member.save(update_fields=["is_active"])
    member.is_active = True
    member.save(update_fields=["is_active"])

    assert is_logged_out(laptop)
    assert log_in(client_factory(), member)  # a new login works


def test_removing_a_programme_member_ends_their_sessions(programme, people, client_factory):
    manager, member, bystander = people
    session, other = log_in(client_factory(), member), log_in(client_factory(), bystander)

    programme_services.member_remove(actor=manager, membership=member.programme_memberships.get())

    assert is_logged_out(session)
    assert not is_logged_out(other)


def test_changing_a_programme_role_ends_the_sessions(programme, people, client_factory):
    manager, member, _bystander = people
    session = log_in(client_factory(), member)

    programme_services.member_change_role(
        actor=manager, membership=member.programme_memberships.get(), role="meelezer"
    )

    assert is_logged_out(session)


def test_withdrawing_access_to_the_organisation_ends_the_sessions(organisation, people, client_factory):
    _manager, member, bystander = people
    admin = factories.org_admin(organisation)
    session, other = log_in(client_factory(), member), log_in(client_factory(), bystander)

    organisation_services.membership_deactivate(
        actor=admin, membership=member.memberships.get(organisation=organisation)
    )

    assert is_logged_out(session)
    assert not is_logged_out(other)


def test_an_administrator_made_member_is_logged_out(organisation, client_factory):
    first, second = factories.org_admin(organisation), factories.org_admin(organisation)
    session = log_in(client_factory(), second)

    organisation_services.membership_change_role(
        actor=first, membership=second.memberships.get(organisation=organisation), role=OrganisationRole.LID
    )

    assert is_logged_out(session)


def test_a_member_made_administrator_keeps_their_session(organisation, client_factory):
    admin = factories.org_admin(organisation)
    member = factories.MembershipFactory(organisation=organisation, role=OrganisationRole.LID).user
    session = log_in(client_factory(), member)

    membership = member.memberships.get(organisation=organisation)
    organisation_services.membership_change_role(
        actor=admin, membership=membership, role=OrganisationRole.BEHEERDER
    )

    assert not is_logged_out(session)


def test_sessions_from_before_the_epoch_existed_stay_valid(db):
    """Epoch 0 gives Django's own session hash, so installing this change logs nobody out."""
    user = factories.UserFactory()

    assert user.session_epoch == 0
    assert user.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(user)


def test_a_manager_who_steps_down_themselves_keeps_the_session(programme, people, client_factory):
    """Handing over is done by the person themselves: they stay logged in, and the pages refuse
    what the new role does not allow."""
    manager, _member, _bystander = people
    factories.member(programme, "programmamanager")
    session = log_in(client_factory(), manager)

    programme_services.member_change_role(
        actor=manager, membership=manager.programme_memberships.get(), role="teamlid"
    )

    assert not is_logged_out(session)
