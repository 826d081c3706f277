"""Invitations end to end through the web: a manager invites, the e-mail carries a link, the
invited person joins with a new or existing account; resending, withdrawing and expiry."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from koers.organisations.models import Membership, OrganisationRole
from koers.programmes.models import Invitation, InvitationStatus, ProgrammeMembership
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

User = get_user_model()
LINK_RE = re.compile(r"https?://\S+/uitnodiging/[^/\s]+/")
GUEST = "wijkagent@politie.example"


def invitation_link(message) -> str:
    """The path of the invitation link in an e-mail."""
    match = LINK_RE.search(message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


def members_url(programme) -> str:
    return f"/programmas/{programme.uuid}/leden/"


@pytest.fixture
def invite(manager_client, programme, django_capture_on_commit_callbacks):
    """Invite someone through the members page as the programme manager; returns the response."""

    def do(email: str = GUEST, role: str = "teamlid"):
        with django_capture_on_commit_callbacks(execute=True):
            return manager_client.post(members_url(programme), {"email": email, "role": role})

    return do


@pytest.fixture
def link(invite):
    """The link from a fresh invitation e-mail to GUEST as team member."""
    response = invite()
    assert response.status_code == 302
    return invitation_link(mail.outbox[-1])


# Inviting --------------------------------------------------------------------------------------


def test_a_manager_invites_and_the_email_carries_a_link(invite, programme, manager):
    response = invite(email="Wijkagent@Politie.example", role="onderzoeker")

    assert response.status_code == 302
    assert response.headers["Location"] == members_url(programme)
    (message,) = mail.outbox
    assert message.to == [GUEST]
    assert programme.name in message.subject
    assert manager.display_name in message.body
    assert invitation_link(message).startswith("/uitnodiging/")
    invitation = Invitation.objects.get(programme=programme)
    assert invitation.email == GUEST
    assert invitation.role == "onderzoeker"
    assert invitation.invited_by == manager
    assert invitation.status == InvitationStatus.PENDING


def test_the_open_invitation_is_listed_for_the_manager(invite, manager_client, programme):
    invite()

    response = manager_client.get(members_url(programme))

    assert GUEST in response.text
    invitation = Invitation.objects.get(email=GUEST)
    assert f"/uitnodigingen/{invitation.uuid}/opnieuw/" in response.text
    assert f"/uitnodigingen/{invitation.uuid}/intrekken/" in response.text


def test_the_link_in_the_email_holds_no_stored_secret(link):
    invitation = Invitation.objects.get(email=GUEST)
    assert invitation.token_nonce not in link


def test_inviting_an_existing_member_is_refused_with_a_specific_message(invite, programme, manager, says):
    member = factories.member(programme, "teamlid")

    response = invite(email=member.email.upper())

    assert response.status_code == 200
    says(response, "This person is already a member of the programme.")
    assert mail.outbox == []
    assert not Invitation.objects.filter(programme=programme).exists()


def test_inviting_someone_already_invited_is_refused_with_a_specific_message(invite, programme, says):
    invite()

    response = invite(email=GUEST, role="meelezer")

    assert response.status_code == 200
    says(response, "This person has already been invited. Resend the invitation instead.")
    assert len(mail.outbox) == 1
    assert Invitation.objects.filter(programme=programme).count() == 1


def test_inviting_again_after_expiry_replaces_the_expired_invitation(
    invite, programme, manager, manager_client, time_machine
):
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    invite()
    time_machine.move_to(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    manager_client.force_login(manager)  # the session of a month ago has expired

    response = invite()

    assert response.status_code == 302
    assert response.headers["Location"] == members_url(programme)
    statuses = sorted(Invitation.objects.filter(programme=programme).values_list("status", flat=True))
    assert statuses == ["pending", "revoked"]
    assert len(mail.outbox) == 2


# Accepting with a new account ------------------------------------------------------------------


def test_an_invited_visitor_creates_an_account_and_joins_with_the_invited_role(link, programme):
    visitor = Client()

    page = visitor.get(link)
    assert page.status_code == 200
    assert GUEST in page.text
    assert 'name="password1"' in page.text

    response = visitor.post(
        link,
        {
            "full_name": "Wendy Wijkagent",
            "password1": "een-goed-wachtwoord-42",
            "password2": "een-goed-wachtwoord-42",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/programmas/{programme.uuid}/"
    user = User.objects.get(email=GUEST)
    assert user.full_name == "Wendy Wijkagent"
    assert user.check_password("een-goed-wachtwoord-42")
    assert ProgrammeMembership.objects.get(programme=programme, user=user).role == "teamlid"
    membership = Membership.objects.get(organisation=programme.organisation, user=user)
    assert membership.is_active
    assert membership.role == OrganisationRole.LID
    assert Invitation.objects.get(email=GUEST).status == InvitationStatus.ACCEPTED
    # Logged in: the programme opens straight away.
    assert visitor.get(response.headers["Location"]).status_code == 200


def test_an_accepted_link_cannot_be_used_again(link, says):
    visitor = Client()
    visitor.post(
        link,
        {"full_name": "W", "password1": "een-goed-wachtwoord-42", "password2": "een-goed-wachtwoord-42"},
    )

    response = Client().get(link)

    assert response.status_code == 410
    says(response, "This invitation has already been accepted. Log in to continue.")


def test_a_bad_password_keeps_what_the_visitor_typed(link):
    visitor = Client()

    response = visitor.post(
        link, {"full_name": "Wendy Wijkagent", "password1": "12345", "password2": "12345"}
    )

    assert response.status_code == 200
    assert 'value="Wendy Wijkagent"' in response.text
    form = response.context["signup_form"]
    assert form.has_error("password1", "password_too_short")
    assert form.has_error("password1", "password_entirely_numeric")
    assert form.errors["password1"][0] in response.text
    assert not User.objects.filter(email=GUEST).exists()
    assert Invitation.objects.get(email=GUEST).status == InvitationStatus.PENDING


def test_two_different_passwords_are_refused_and_keep_the_name(link, says):
    response = Client().post(
        link,
        {
            "full_name": "Wendy Wijkagent",
            "password1": "een-goed-wachtwoord-42",
            "password2": "een-ander-wachtwoord-42",
        },
    )

    assert response.status_code == 200
    says(response, "The two passwords are not the same.")
    assert 'value="Wendy Wijkagent"' in response.text
    assert not User.objects.filter(email=GUEST).exists()


# Accepting with an existing account ------------------------------------------------------------


def test_a_person_with_an_account_must_log_in_first(link, programme, says):
    factories.UserFactory(email=GUEST)
    visitor = Client()

    page = visitor.get(link)

    assert page.status_code == 200
    says(
        page,
        "There is already an account for %(email)s. Log in to accept the invitation.",
        email=GUEST,
    )
    assert 'name="password1"' not in page.text
    assert f"/account/login/?next={link}" in page.text.replace("%2F", "/")

    response = visitor.post(link, {"full_name": "x", "password1": "y" * 12, "password2": "y" * 12})
    assert response.status_code == 200
    assert not ProgrammeMembership.objects.filter(programme=programme).filter(user__email=GUEST).exists()


def test_after_logging_in_the_existing_account_accepts_the_invitation(link, programme, says):
    user = factories.UserFactory(email=GUEST)
    visitor = Client()

    login = visitor.post(f"/account/login/?next={link}", {"login": GUEST, "password": factories.PASSWORD})
    assert login.status_code == 302
    assert login.headers["Location"] == link
    page = visitor.get(link)
    says(page, "Accept the invitation")

    response = visitor.post(link)

    assert response.status_code == 302
    assert ProgrammeMembership.objects.get(programme=programme, user=user).role == "teamlid"
    assert Membership.objects.get(organisation=programme.organisation, user=user).is_active


def test_logged_in_with_another_address_the_invitation_is_clearly_refused(link, programme, says):
    other = factories.MembershipFactory(organisation=programme.organisation).user
    visitor = Client()
    visitor.force_login(other)

    for response in (visitor.get(link), visitor.post(link)):
        assert response.status_code == 403
        says(response, "This invitation is for another e-mail address")
        assert GUEST in response.text
        assert other.email in response.text
    assert not ProgrammeMembership.objects.filter(programme=programme, user=other).exists()
    assert Invitation.objects.get(email=GUEST).status == InvitationStatus.PENDING


# Resending, withdrawing, expiry ----------------------------------------------------------------


def test_resending_sends_a_new_link_and_the_old_one_says_it_was_replaced(
    link, manager_client, programme, django_capture_on_commit_callbacks, says
):
    invitation = Invitation.objects.get(email=GUEST)

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            f"/programmas/{programme.uuid}/uitnodigingen/{invitation.uuid}/opnieuw/"
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new_link = invitation_link(mail.outbox[-1])
    assert new_link != link
    old = Client().get(link)
    assert old.status_code == 410
    says(old, "This invitation link is not valid. It may have been replaced by a newer one.")
    assert Client().get(new_link).status_code == 200
    invitation.refresh_from_db()
    assert invitation.send_count == 2


def test_a_withdrawn_invitation_link_says_it_was_withdrawn(link, manager_client, programme, says):
    invitation = Invitation.objects.get(email=GUEST)

    response = manager_client.post(f"/programmas/{programme.uuid}/uitnodigingen/{invitation.uuid}/intrekken/")

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    page = Client().get(link)
    assert page.status_code == 410
    says(page, "This invitation has been withdrawn.")
    refused = Client().post(
        link,
        {"full_name": "W", "password1": "een-goed-wachtwoord-42", "password2": "een-goed-wachtwoord-42"},
    )
    assert refused.status_code == 410
    assert not User.objects.filter(email=GUEST).exists()


def test_a_withdrawn_invitation_cannot_be_resent(link, manager_client, programme):
    invitation = Invitation.objects.get(email=GUEST)
    url = f"/programmas/{programme.uuid}/uitnodigingen/{invitation.uuid}/"
    manager_client.post(url + "intrekken/")

    response = manager_client.post(url + "opnieuw/", follow=True)

    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert errors[0].message in response.text
    invitation.refresh_from_db()
    assert invitation.send_count == 1
    assert len(mail.outbox) == 1


def test_an_expired_link_gives_a_clear_message(invite, time_machine, says):
    time_machine.move_to(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    invite()
    link = invitation_link(mail.outbox[-1])
    time_machine.move_to(dt.datetime(2026, 5, 14, 9, 0, tzinfo=dt.UTC), tick=False)
    assert Client().get(link).status_code == 200

    time_machine.move_to(dt.datetime(2026, 5, 15, 9, 0, 1, tzinfo=dt.UTC), tick=False)
    response = Client().get(link)

    assert response.status_code == 410
    says(response, "This invitation has expired. Ask the programme manager to send it again.")


def test_a_made_up_link_is_not_valid(db, says):
    response = Client().get("/uitnodiging/not-a-token/")
    assert response.status_code == 410
    says(response, "This invitation link is not valid. It may have been replaced by a newer one.")


def test_a_link_for_one_invitation_cannot_open_another(programme, manager):
    first = factories.InvitationFactory(programme=programme, invited_by=manager)
    second = factories.InvitationFactory(programme=programme, invited_by=manager)
    forged = f"{second.uuid}.{factories.token_for(first).split('.', 1)[1]}"

    response = Client().get(f"/uitnodiging/{forged}/")

    assert response.status_code == 410


# Who may invite --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["kwartiermaker", "teamlid", "stuurgroeplid", "onderzoeker", "meelezer"])
def test_only_programme_managers_may_invite(client, programme, role):
    client.force_login(factories.member(programme, role))

    response = client.post(members_url(programme), {"email": GUEST, "role": "teamlid"})

    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_members_who_may_not_invite_do_not_see_the_invitation_form(client, programme):
    client.force_login(factories.member(programme, "kwartiermaker"))

    response = client.get(members_url(programme))

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert 'name="email"' not in response.text
    assert "/uitnodigingen/" not in response.text


@pytest.mark.parametrize("action", ["opnieuw", "intrekken"])
def test_only_programme_managers_may_resend_or_withdraw(client, programme, manager, action):
    invitation = factories.InvitationFactory(programme=programme, invited_by=manager)
    client.force_login(factories.member(programme, "teamlid"))

    response = client.post(f"/programmas/{programme.uuid}/uitnodigingen/{invitation.uuid}/{action}/")

    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.send_count == 1
