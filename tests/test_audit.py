"""The audit trail: every service writes exactly one event per change, with who, what, where and
the values before and after; nothing for a save without changes; events are never changed; logins,
failed logins and refused access are recorded with the request's origin."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from koers.accounts import services as account_services
from koers.audit.models import AuditEvent, AuditResult
from koers.organisations import services as org_services
from koers.organisations.models import Membership, OrganisationRole
from koers.programmes import services as programme_services
from koers.programmes.models import InvitationStatus, ProgrammeMembership, ProgrammeRole
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")


@pytest.fixture
def mark(db):
    """Returns a function listing the audit events written since the fixture was created."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def since() -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(id__gt=last).order_by("id"))

    return since


@pytest.fixture
def admin(organisation):
    return factories.org_admin(organisation)


def single(events: list[AuditEvent], action: str) -> AuditEvent:
    matching = [e for e in events if e.action == action]
    assert len(matching) == 1, [e.action for e in events]
    return matching[0]


# Programmes ------------------------------------------------------------------------------------


def test_programme_create_records_the_programme_and_its_first_manager(organisation, admin, mark):
    programme = programme_services.programme_create(
        actor=admin,
        organisation=organisation,
        name="Nieuwe aanpak",
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2027, 3, 1),
        description="Samen met partners.",
    )

    events = mark()
    assert [e.action for e in events] == ["programme.create", "programme_member.add"]
    created = events[0]
    assert created.actor == admin
    assert created.actor_label == admin.email
    assert created.organisation == organisation
    assert created.programme_id == programme.uuid
    assert created.object_type == "programmes.programme"
    assert created.object_id == str(programme.uuid)
    assert created.changes == {
        "name": [None, "Nieuwe aanpak"],
        "description": [None, "Samen met partners."],
        "start_date": [None, "2026-03-01"],
        "end_date": [None, "2027-03-01"],
        "status": [None, "concept"],
    }
    assert events[1].changes == {"user": [None, admin.email], "role": [None, "programmamanager"]}
    assert events[1].programme_id == programme.uuid


def test_programme_update_records_only_the_changed_fields(programme, manager, mark):
    programme_services.programme_update(
        actor=manager,
        programme=programme,
        expected_version=programme.version,
        name="Eigenstad samen",
        description="",
    )

    event = single(mark(), "programme.update")
    assert len(mark()) == 1
    assert event.actor == manager
    assert event.organisation == programme.organisation
    assert event.programme_id == programme.uuid
    assert event.changes == {"name": ["Eigenstad aanpak", "Eigenstad samen"]}


def test_programme_update_without_changes_records_nothing_and_keeps_the_version(programme, manager, mark):
    version = programme.version
    programme_services.programme_update(
        actor=manager,
        programme=programme,
        expected_version=version,
        name=programme.name,
        start_date=programme.start_date,
    )

    assert mark() == []
    programme.refresh_from_db()
    assert programme.version == version


def test_programme_change_status_records_old_and_new_status(programme, manager, mark):
    programme_services.programme_change_status(actor=manager, programme=programme, status="afgerond")

    (event,) = mark()
    assert event.action == "programme.change_status"
    assert event.actor == manager
    assert event.programme_id == programme.uuid
    assert event.organisation == programme.organisation
    assert event.changes == {"status": ["actief", "afgerond"]}


def test_a_refused_status_change_records_nothing(programme, manager, mark):
    with pytest.raises(ValidationError) as refused:
        programme_services.programme_change_status(actor=manager, programme=programme, status="concept")
    assert refused.value.code == "invalid_transition"
    assert mark() == []


# Programme members -----------------------------------------------------------------------------


def test_member_add_records_the_member_and_their_new_organisation_access(programme, manager, mark):
    newcomer = factories.UserFactory()

    membership = programme_services.member_add(
        actor=manager, programme=programme, user=newcomer, role=ProgrammeRole.TEAMLID
    )

    events = mark()
    assert [e.action for e in events] == ["membership.create", "programme_member.add"]
    organisation_event, member_event = events
    assert organisation_event.organisation == programme.organisation
    assert organisation_event.programme_id is None
    assert member_event.actor == manager
    assert member_event.organisation == programme.organisation
    assert member_event.programme_id == programme.uuid
    assert member_event.object_id == str(membership.uuid)
    assert member_event.changes == {"user": [None, newcomer.email], "role": [None, "teamlid"]}


def test_member_add_of_an_organisation_member_records_one_event(programme, manager, mark):
    colleague = factories.MembershipFactory(organisation=programme.organisation).user

    programme_services.member_add(
        actor=manager, programme=programme, user=colleague, role=ProgrammeRole.MEELEZER
    )

    assert [e.action for e in mark()] == ["programme_member.add"]


def test_adding_someone_who_is_already_a_member_is_refused_and_changes_nothing(programme, manager, mark):
    member = factories.member(programme, "teamlid")
    organisation_access = Membership.objects.get(organisation=programme.organisation, user=member)
    organisation_access.is_active = False
    organisation_access.save()
    before = mark()

    with pytest.raises(ValidationError) as refused:
        programme_services.member_add(
            actor=manager, programme=programme, user=member, role=ProgrammeRole.ONDERZOEKER
        )
    assert refused.value.code == "member"

    assert mark() == before
    organisation_access.refresh_from_db()
    assert not organisation_access.is_active
    assert ProgrammeMembership.objects.get(programme=programme, user=member).role == "teamlid"


def test_member_change_role_records_old_and_new_role(programme, manager, mark):
    member = factories.member(programme, "teamlid")
    membership = ProgrammeMembership.objects.get(programme=programme, user=member)

    programme_services.member_change_role(
        actor=manager, membership=membership, role=ProgrammeRole.ONDERZOEKER
    )

    (event,) = mark()
    assert event.action == "programme_member.change_role"
    assert event.actor == manager
    assert event.programme_id == programme.uuid
    assert event.organisation == programme.organisation
    assert event.object_id == str(membership.uuid)
    assert event.changes == {"role": ["teamlid", "onderzoeker"]}


def test_member_change_role_to_the_same_role_records_nothing(programme, manager, mark):
    member = factories.member(programme, "teamlid")
    membership = ProgrammeMembership.objects.get(programme=programme, user=member)

    programme_services.member_change_role(actor=manager, membership=membership, role="teamlid")

    assert mark() == []


def test_member_remove_records_who_left_with_which_role(programme, manager, mark):
    member = factories.member(programme, "kwartiermaker")
    membership = ProgrammeMembership.objects.get(programme=programme, user=member)
    membership_uuid = str(membership.uuid)

    programme_services.member_remove(actor=manager, membership=membership)

    (event,) = mark()
    assert event.action == "programme_member.remove"
    assert event.actor == manager
    assert event.programme_id == programme.uuid
    assert event.organisation == programme.organisation
    assert event.object_id == membership_uuid
    assert event.changes == {"user": [member.email, None], "role": ["kwartiermaker", None]}
    assert not ProgrammeMembership.objects.filter(programme=programme, user=member).exists()


# Invitations -----------------------------------------------------------------------------------


def test_invitation_create_records_address_and_role(programme, manager, mark):
    invitation = programme_services.invitation_create(
        actor=manager, programme=programme, email=" Wijkagent@Politie.example ", role="teamlid"
    )

    (event,) = mark()
    assert event.action == "invitation.create"
    assert event.actor == manager
    assert event.programme_id == programme.uuid
    assert event.organisation == programme.organisation
    assert event.object_id == str(invitation.uuid)
    assert event.changes == {
        "email": [None, "wijkagent@politie.example"],
        "role": [None, "teamlid"],
    }


def test_invitation_resend_records_the_new_expiry_and_send_count(programme, manager, mark, time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    invitation = programme_services.invitation_create(
        actor=manager, programme=programme, email="jongerenwerk@partner.example", role="teamlid"
    )
    old_expiry = invitation.expires_at.isoformat()
    time_machine.move_to(dt.datetime(2026, 5, 3, 9, 0, tzinfo=dt.UTC), tick=False)
    after_create = mark()

    programme_services.invitation_resend(actor=manager, invitation=invitation)

    events = [e for e in mark() if e not in after_create]
    (event,) = events
    assert event.action == "invitation.resend"
    assert event.actor == manager
    assert event.programme_id == programme.uuid
    assert event.changes == {
        "expires_at": [old_expiry, invitation.expires_at.isoformat()],
        "send_count": [1, 2],
    }
    assert invitation.expires_at - dt.timedelta(days=2) == dt.datetime.fromisoformat(old_expiry)


def test_invitation_revoke_records_the_status_change(programme, manager, mark):
    invitation = factories.InvitationFactory(programme=programme, invited_by=manager)

    programme_services.invitation_revoke(actor=manager, invitation=invitation)

    (event,) = mark()
    assert event.action == "invitation.revoke"
    assert event.actor == manager
    assert event.programme_id == programme.uuid
    assert event.organisation == programme.organisation
    assert event.changes == {"status": ["pending", "revoked"]}


def test_invitation_accept_records_acceptance_by_the_invited_person(programme, manager, mark):
    invitation = factories.InvitationFactory(programme=programme, invited_by=manager, role="onderzoeker")
    guest = factories.UserFactory(email=invitation.email)

    programme_services.invitation_accept(user=guest, token=factories.token_for(invitation))

    events = mark()
    assert [e.action for e in events] == [
        "invitation.accept",
        "membership.create",
        "programme_member.add",
    ]
    accepted = events[0]
    assert accepted.actor == guest
    assert accepted.programme_id == programme.uuid
    assert accepted.organisation == programme.organisation
    assert accepted.changes == {
        "status": ["pending", "accepted"],
        "accepted_by": [None, str(guest.uuid)],
    }
    assert events[2].changes == {"user": [None, guest.email], "role": [None, "onderzoeker"]}
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


# Organisations ---------------------------------------------------------------------------------


def test_organisation_create_records_the_organisation_account_and_first_administrator(mark):
    installer = factories.UserFactory(superuser=True)

    organisation = org_services.organisation_create(
        actor=installer,
        name="Gemeente Nieuwstad",
        kind="gemeente",
        admin_email="Beheer@Nieuwstad.example",
        admin_name="Bea Beheer",
        cbs_code="GM0999",
        cbs_reference_year=2026,
    )

    events = mark()
    assert [e.action for e in events] == ["organisation.create", "user.create", "membership.create"]
    created, account, membership = events
    assert created.actor == installer
    assert created.organisation == organisation
    assert created.programme_id is None
    assert created.changes["name"] == [None, "Gemeente Nieuwstad"]
    assert created.changes["cbs_code"] == [None, "GM0999"]
    assert created.changes["cbs_reference_year"] == [None, 2026]
    assert created.changes["mfa_required"] == [None, True]
    assert account.organisation == organisation
    assert account.changes == {
        "email": [None, "beheer@nieuwstad.example"],
        "full_name": [None, "Bea Beheer"],
    }
    assert membership.changes == {
        "user": [None, "beheer@nieuwstad.example"],
        "role": [None, "beheerder"],
    }
    assert all(e.actor == installer for e in events)


def test_organisation_update_records_old_and_new_values(organisation, admin, mark):
    org_services.organisation_update(
        actor=admin, organisation=organisation, name="Gemeente Eigenstad-Noord", mfa_required=False
    )

    (event,) = mark()
    assert event.action == "organisation.update"
    assert event.actor == admin
    assert event.organisation == organisation
    assert event.changes == {
        "name": ["Gemeente Eigenstad", "Gemeente Eigenstad-Noord"],
        "mfa_required": [True, False],
    }


def test_organisation_update_without_changes_records_nothing(organisation, admin, mark):
    org_services.organisation_update(
        actor=admin, organisation=organisation, name=organisation.name, kind=organisation.kind
    )
    assert mark() == []


def test_membership_add_of_an_existing_account_records_one_event(organisation, admin, mark):
    person = factories.UserFactory()

    membership = org_services.membership_add(
        actor=admin, organisation=organisation, email=person.email.upper(), role="lid"
    )

    (event,) = mark()
    assert event.action == "membership.create"
    assert event.actor == admin
    assert event.organisation == organisation
    assert event.object_id == str(membership.uuid)
    assert event.changes == {"user": [None, person.email], "role": [None, "lid"]}


def test_membership_add_of_a_new_person_also_records_their_account(organisation, admin, mark):
    org_services.membership_add(
        actor=admin,
        organisation=organisation,
        email="nieuw@gemeente.example",
        full_name="Nina Nieuw",
        role="lid",
    )

    events = mark()
    assert [e.action for e in events] == ["user.create", "membership.create"]
    assert events[0].actor == admin
    assert events[0].organisation == organisation


def test_membership_change_role_records_old_and_new_role(organisation, admin, mark):
    membership = factories.MembershipFactory(organisation=organisation)

    org_services.membership_change_role(actor=admin, membership=membership, role="beheerder")

    (event,) = mark()
    assert event.action == "membership.change_role"
    assert event.actor == admin
    assert event.organisation == organisation
    assert event.changes == {"role": ["lid", "beheerder"]}


def test_membership_change_role_to_the_same_role_records_nothing(organisation, admin, mark):
    membership = factories.MembershipFactory(organisation=organisation)
    org_services.membership_change_role(actor=admin, membership=membership, role="lid")
    assert mark() == []


def test_membership_deactivate_records_the_withdrawal(organisation, admin, mark):
    membership = factories.MembershipFactory(organisation=organisation)

    org_services.membership_deactivate(actor=admin, membership=membership)

    (event,) = mark()
    assert event.action == "membership.deactivate"
    assert event.actor == admin
    assert event.organisation == organisation
    assert event.object_repr == membership.user.email
    assert event.changes == {"is_active": [True, False]}


def test_deactivating_a_withdrawn_membership_again_records_nothing(organisation, admin, mark):
    membership = factories.MembershipFactory(organisation=organisation, withdrawn=True)
    org_services.membership_deactivate(actor=admin, membership=membership)
    assert mark() == []


def test_adding_a_withdrawn_person_again_records_a_reactivation(organisation, admin, mark):
    membership = factories.MembershipFactory(organisation=organisation, withdrawn=True)

    org_services.membership_add(
        actor=admin, organisation=organisation, email=membership.user.email, role="beheerder"
    )

    (event,) = mark()
    assert event.action == "membership.reactivate"
    assert event.changes == {"is_active": [False, True], "role": ["lid", "beheerder"]}
    membership.refresh_from_db()
    assert membership.is_active
    assert membership.role == OrganisationRole.BEHEERDER


# Accounts --------------------------------------------------------------------------------------


def test_user_create_by_an_administrator_records_the_administrator(organisation, admin, mark):
    user = account_services.user_create(
        actor=admin, email="Iemand@Gemeente.example", full_name=" Ida ", organisation=organisation
    )

    (event,) = mark()
    assert event.action == "user.create"
    assert event.actor == admin
    assert event.organisation == organisation
    assert event.object_id == str(user.uuid)
    assert event.changes == {"email": [None, "iemand@gemeente.example"], "full_name": [None, "Ida"]}


def test_user_create_without_an_actor_records_the_new_person_as_actor(db, mark):
    user = account_services.user_create(actor=None, email="zelf@partner.example", full_name="Zo")

    (event,) = mark()
    assert event.actor == user
    assert event.actor_label == "zelf@partner.example"
    assert event.organisation is None


def test_user_update_profile_records_the_changed_settings(db, mark):
    user = factories.UserFactory(full_name="Anna", language="nl")

    account_services.user_update_profile(actor=user, user=user, full_name="Anna", language="en")

    (event,) = mark()
    assert event.action == "user.update"
    assert event.actor == user
    assert event.changes == {"language": ["nl", "en"]}


def test_user_update_profile_without_changes_records_nothing(db, mark):
    user = factories.UserFactory(full_name="Anna", language="nl")
    account_services.user_update_profile(actor=user, user=user, full_name=" Anna ", language="nl")
    assert mark() == []


# Immutability ----------------------------------------------------------------------------------


@pytest.fixture
def event(programme, manager):
    programme_services.programme_change_status(actor=manager, programme=programme, status="afgerond")
    return AuditEvent.objects.get(action="programme.change_status")


def test_an_audit_event_cannot_be_saved_again(event):
    event.action = "programme.update"
    with pytest.raises(PermissionError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "programme.change_status"


def test_an_audit_event_cannot_be_deleted(event):
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_events_cannot_be_updated_in_bulk(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(actor_label="someone")
    assert AuditEvent.objects.get(pk=event.pk).action == "programme.change_status"


def test_audit_events_cannot_be_deleted_in_bulk(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_trail_keeps_who_it_was_after_their_account_is_deleted(event, manager):
    email = manager.email
    Membership.objects.filter(user=manager).delete()
    ProgrammeMembership.objects.filter(user=manager).delete()
    manager.delete()

    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor is None
    assert event.actor_label == email


# Logins and refused access through the web -----------------------------------------------------


def test_logging_in_is_recorded_with_the_ip_address_and_browser(client, organisation):
    user = factories.MembershipFactory(organisation=organisation).user

    response = client.post(
        "/account/login/",
        {"login": user.email, "password": factories.PASSWORD},
        HTTP_USER_AGENT="Testbrowser/1.0",
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="account.login")
    assert event.actor == user
    assert event.result == AuditResult.SUCCESS
    assert event.ip_address == "127.0.0.1"
    assert event.user_agent == "Testbrowser/1.0"
    assert event.request_id


def test_a_failed_login_is_recorded_with_the_attempted_address(client, db):
    factories.UserFactory(email="echt@gemeente.example")

    response = client.post(
        "/account/login/",
        {"login": "echt@gemeente.example", "password": "verkeerd-wachtwoord"},
        REMOTE_ADDR="198.51.100.23",
    )

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="account.login_failed")
    assert event.actor is None
    assert event.actor_label == "echt@gemeente.example"
    assert event.object_repr == "echt@gemeente.example"
    assert event.result == AuditResult.FAILURE
    assert event.ip_address == "198.51.100.23"
    assert not AuditEvent.objects.filter(action="account.login").exists()


def test_a_failed_login_for_an_unknown_address_is_recorded_too(client, db):
    client.post("/account/login/", {"login": "niemand@nergens.example", "password": "x" * 12})

    event = AuditEvent.objects.get(action="account.login_failed")
    assert event.actor_label == "niemand@nergens.example"


def test_logging_out_is_recorded(client, organisation):
    user = factories.MembershipFactory(organisation=organisation).user
    client.force_login(user)

    client.post("/account/logout/")

    event = AuditEvent.objects.get(action="account.logout")
    assert event.actor == user


def test_refused_access_is_recorded_with_who_where_and_from_which_address(client, programme):
    reader = factories.member(programme, "meelezer")
    client.force_login(reader)
    path = f"/programmas/{programme.uuid}/bewerken/"

    response = client.get(path, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 403
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == reader
    assert event.result == AuditResult.DENIED
    assert event.object_repr == path
    assert event.ip_address == "203.0.113.7"


def test_a_change_made_through_the_web_carries_the_request_origin(manager_client, programme):
    response = manager_client.post(
        f"/programmas/{programme.uuid}/status/", {"status": "afgerond"}, REMOTE_ADDR="192.0.2.10"
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="programme.change_status")
    assert event.ip_address == "192.0.2.10"


def test_changes_outside_a_request_have_no_origin(programme, manager):
    programme_services.programme_change_status(actor=manager, programme=programme, status="afgerond")

    event = AuditEvent.objects.get(action="programme.change_status")
    assert event.ip_address is None
    assert event.user_agent == ""


def test_the_invitation_email_is_sent_only_after_the_transaction_commits(
    programme, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        programme_services.invitation_create(
            actor=manager, programme=programme, email="later@partner.example", role="teamlid"
        )
        assert mail.outbox == []
    # The e-mail and the notice that the programme changed both wait for the commit.
    assert len(callbacks) == 2
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["later@partner.example"]]
