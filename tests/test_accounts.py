"""Accounts and security: logging in with e-mail and password, resetting a password, limits on
failed logins, no account enumeration, enforced two-factor authentication, and the language."""

from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

from koers.accounts.services import user_update_profile
from koers.programmes.models import ProgrammeMembership
from tests import factories

LOGIN = "/account/login/"
MFA_REQUIRED = "/account/tweestapsverificatie-vereist/"
RESET_LINK_RE = re.compile(r"https?://\S+/account/password/reset/key/\S+/")


def log_in(client: Client, email: str, password: str = factories.PASSWORD, **extra):
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def person(organisation):
    return factories.MembershipFactory(organisation=organisation).user


# Logging in ------------------------------------------------------------------------------------


def test_a_person_logs_in_with_email_and_password(client, person):
    response = log_in(client, person.email)

    assert response.status_code == 302
    assert logged_in(client)
    assert int(client.session[SESSION_KEY]) == person.pk


def test_the_email_address_is_not_case_sensitive_at_login(client, person):
    log_in(client, person.email.upper())
    assert logged_in(client)


def test_a_wrong_password_does_not_log_in(client, person):
    response = log_in(client, person.email, "niet-het-wachtwoord")

    assert response.status_code == 200
    assert not logged_in(client)
    assert response.context["form"].errors


def test_a_deactivated_account_cannot_log_in(client, db):
    user = factories.UserFactory(inactive=True)

    log_in(client, user.email)

    assert not logged_in(client)


def test_open_sign_up_is_closed(client, db):
    response = client.post(
        "/account/signup/",
        {"email": "zelf@aanmelden.example", "password1": "x-y-z-1234567", "password2": "x-y-z-1234567"},
    )

    assert response.status_code == 200
    assert not logged_in(client)
    assert not factories.User.objects.filter(email="zelf@aanmelden.example").exists()


# No enumeration --------------------------------------------------------------------------------


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(client, person):
    wrong_password = log_in(client, person.email, "niet-het-wachtwoord")
    unknown = log_in(Client(), "niemand@gemeente.example", "niet-het-wachtwoord")

    assert wrong_password.status_code == unknown.status_code == 200
    assert wrong_password.context["form"].errors == unknown.context["form"].errors

    def page(response, email):
        text = response.content.decode().replace(email, "EMAIL")
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
        return re.sub(r'nonce="[^"]+"', "", text)

    assert page(wrong_password, person.email) == page(unknown, "niemand@gemeente.example")


def test_a_password_reset_for_an_unknown_address_looks_the_same_as_for_a_known_one(client, person):
    known = Client().post("/account/password/reset/", {"email": person.email})
    unknown = Client().post("/account/password/reset/", {"email": "niemand@gemeente.example"})

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    # The unknown address gets no link to any account.
    to_unknown = [m for m in mail.outbox if m.to == ["niemand@gemeente.example"]]
    assert all(not RESET_LINK_RE.search(m.body) for m in to_unknown)


# Rate limits -----------------------------------------------------------------------------------


def test_after_five_failed_logins_even_the_right_password_is_refused(client, person, says):
    for _ in range(5):
        assert log_in(client, person.email, "niet-het-wachtwoord").status_code == 200

    response = log_in(client, person.email)

    assert response.status_code in (200, 429)
    assert not logged_in(client)
    if response.status_code == 200:
        says(response, "Too many failed login attempts. Try again later.")


def test_the_limit_holds_for_the_account_from_another_address(client, person):
    for _ in range(5):
        log_in(client, person.email, "niet-het-wachtwoord", REMOTE_ADDR="198.51.100.1")

    log_in(client, person.email, REMOTE_ADDR="198.51.100.2")

    assert not logged_in(client)


def test_failed_logins_on_one_account_do_not_lock_out_another(client, person, organisation):
    colleague = factories.MembershipFactory(organisation=organisation).user
    for _ in range(5):
        log_in(client, person.email, "niet-het-wachtwoord")

    other = Client()
    log_in(other, colleague.email)

    assert logged_in(other)


def test_fewer_failures_than_the_limit_still_allow_logging_in(client, person):
    for _ in range(4):
        log_in(client, person.email, "niet-het-wachtwoord")

    log_in(client, person.email)

    assert logged_in(client)


def test_one_address_trying_many_accounts_is_limited(client, db, says):
    users = [factories.UserFactory() for _ in range(11)]
    for user in users[:10]:
        log_in(client, user.email, "niet-het-wachtwoord")

    response = log_in(client, users[10].email)

    assert response.status_code in (200, 429)
    assert not logged_in(client)
    if response.status_code == 200:
        says(response, "Too many failed login attempts. Try again later.")


def test_the_configured_limits_are_the_documented_ones():
    assert django_settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"


# Password reset --------------------------------------------------------------------------------


def test_a_forgotten_password_is_replaced_through_the_emailed_link(client, person):
    response = client.post("/account/password/reset/", {"email": person.email.upper()})

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [person.email]
    link = RESET_LINK_RE.search(message.body)
    assert link, message.body

    browser = Client()
    page = browser.get(urlsplit(link.group(0)).path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0]
    done = browser.post(
        form_url, {"password1": "een-nieuw-wachtwoord-9", "password2": "een-nieuw-wachtwoord-9"}
    )
    assert done.status_code == 302

    person.refresh_from_db()
    assert person.check_password("een-nieuw-wachtwoord-9")
    assert not person.check_password(factories.PASSWORD)
    assert not logged_in(browser)  # ACCOUNT_LOGIN_ON_PASSWORD_RESET is off
    log_in(browser, person.email, "een-nieuw-wachtwoord-9")
    assert logged_in(browser)


def test_a_reset_link_works_only_once(client, person):
    client.post("/account/password/reset/", {"email": person.email})
    path = urlsplit(RESET_LINK_RE.search(mail.outbox[0].body).group(0)).path
    browser = Client()
    form_url = browser.get(path, follow=True).redirect_chain[-1][0]
    browser.post(form_url, {"password1": "een-nieuw-wachtwoord-9", "password2": "een-nieuw-wachtwoord-9"})

    again = Client()
    page = again.get(path, follow=True)
    target = page.redirect_chain[-1][0] if page.redirect_chain else path
    again.post(target, {"password1": "nog-een-ander-wachtwoord", "password2": "nog-een-ander-wachtwoord"})

    person.refresh_from_db()
    assert person.check_password("een-nieuw-wachtwoord-9")


# Two-factor authentication ---------------------------------------------------------------------


@pytest.fixture
def enforce_mfa(settings):
    settings.MFA_ENFORCE = True
    return settings


@pytest.fixture
def frozen_clock(time_machine):
    """Codes are valid for one 30-second period: keep the test inside one."""
    time_machine.move_to(dt.datetime.now(dt.UTC), tick=False)


@pytest.fixture
def admin(organisation):
    return factories.org_admin(organisation)


PAGES = ["/programmas/", "/beheer/gebruikers/", "/beheer/organisatie/", "/toegankelijkheid/"]


@pytest.mark.usefixtures("enforce_mfa")
@pytest.mark.parametrize("path", ["/programmas/", "/beheer/gebruikers/", "/beheer/activiteit/"])
def test_an_administrator_without_two_factor_is_sent_to_set_it_up(client, admin, path):
    client.force_login(admin)

    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"] == MFA_REQUIRED


@pytest.mark.usefixtures("enforce_mfa")
def test_the_requirement_holds_on_every_page_and_for_every_request(client, admin, programme):
    client.force_login(admin)

    for path in ["/programmas/", f"/programmas/{programme.uuid}/", "/beheer/gebruikers/", "/"]:
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response.headers["Location"] in (MFA_REQUIRED, "/programmas/"), path
    post = client.post(f"/programmas/{programme.uuid}/status/", {"status": "afgerond"})
    assert post.headers["Location"] == MFA_REQUIRED
    programme.refresh_from_db()
    assert programme.status == "actief"


@pytest.mark.usefixtures("enforce_mfa")
@pytest.mark.parametrize(
    "path", [MFA_REQUIRED, "/account/profiel/", "/account/2fa/", "/account/2fa/totp/activate/"]
)
def test_account_pages_stay_open_to_set_up_two_factor(client, admin, path):
    client.force_login(admin)

    response = client.get(path)

    assert response.status_code in (200, 302)
    assert response.headers.get("Location") != MFA_REQUIRED


@pytest.mark.usefixtures("enforce_mfa")
def test_the_required_page_explains_and_links_to_the_set_up(client, admin, says):
    client.force_login(admin)

    response = client.get(MFA_REQUIRED)

    assert response.status_code == 200
    says(response, "Set up two-factor authentication first")
    assert "/account/2fa/totp/activate/" in response.text


@pytest.mark.usefixtures("enforce_mfa")
def test_a_programme_manager_without_two_factor_is_sent_to_set_it_up(client, manager):
    client.force_login(manager)

    response = client.get("/programmas/")

    assert response.headers["Location"] == MFA_REQUIRED


@pytest.mark.usefixtures("enforce_mfa")
def test_someone_made_programme_manager_during_their_session_must_set_up_two_factor(client, programme):
    member = factories.member(programme, "teamlid")
    client.force_login(member)
    assert client.get("/programmas/").status_code == 200

    ProgrammeMembership.objects.filter(user=member).update(role="programmamanager")

    assert client.get("/programmas/").headers.get("Location") == MFA_REQUIRED


@pytest.mark.usefixtures("enforce_mfa")
def test_an_installation_superuser_without_two_factor_is_sent_to_set_it_up(client, db):
    client.force_login(factories.UserFactory(superuser=True))

    response = client.get("/installatie/organisaties/")

    assert response.headers["Location"] == MFA_REQUIRED


@pytest.mark.usefixtures("enforce_mfa")
@pytest.mark.parametrize("role", ["kwartiermaker", "teamlid", "stuurgroeplid", "onderzoeker", "meelezer"])
def test_other_programme_roles_are_not_required_to_use_two_factor(client, programme, role):
    client.force_login(factories.member(programme, role))

    assert client.get(f"/programmas/{programme.uuid}/").status_code == 200


@pytest.mark.usefixtures("enforce_mfa")
def test_with_an_authenticator_app_the_administrator_gets_through(client, admin):
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)

    assert client.get("/programmas/").status_code == 200
    assert client.get("/beheer/gebruikers/").status_code == 200


@pytest.mark.usefixtures("enforce_mfa")
def test_recovery_codes_alone_do_not_count_as_two_factor(client, admin):
    Authenticator.objects.create(
        user=admin, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00", "used_mask": 0}
    )
    client.force_login(admin)

    assert client.get("/programmas/").headers["Location"] == MFA_REQUIRED


@pytest.mark.usefixtures("enforce_mfa")
def test_an_administrator_sets_up_an_authenticator_app_and_then_gets_through(client, admin, frozen_clock):
    login = log_in(client, admin.email)
    assert login.status_code == 302
    assert client.get("/programmas/").headers["Location"] == MFA_REQUIRED

    # Setting up a second factor asks for the password once more.
    asked = client.get("/account/2fa/totp/activate/")
    assert asked.headers["Location"].startswith("/account/reauthenticate/")
    confirmed = client.post(asked.headers["Location"], {"password": factories.PASSWORD})
    assert confirmed.headers["Location"] == "/account/2fa/totp/activate/"
    form = client.get("/account/2fa/totp/activate/")
    assert form.status_code == 200
    secret = client.session["mfa.totp.secret"]
    activated = client.post("/account/2fa/totp/activate/", {"code": current_code(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()
    assert client.get(activated.headers["Location"]).status_code == 200  # e.g. recovery codes
    assert client.get(MFA_REQUIRED).status_code == 302  # nothing more to set up
    assert client.get("/programmas/").status_code == 200


@pytest.mark.usefixtures("enforce_mfa")
def test_a_wrong_code_does_not_activate_two_factor(client, admin, frozen_clock):
    log_in(client, admin.email)
    client.post(
        "/account/reauthenticate/?next=/account/2fa/totp/activate/",
        {"password": factories.PASSWORD},
    )
    client.get("/account/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    wrong = f"{(int(current_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post("/account/2fa/totp/activate/", {"code": wrong})

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=admin).exists()
    assert client.get("/programmas/").headers["Location"] == MFA_REQUIRED


@pytest.mark.usefixtures("enforce_mfa")
def test_with_two_factor_logging_in_asks_for_the_code(client, admin, frozen_clock):
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)

    response = log_in(client, admin.email)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/2fa/authenticate/")
    assert not logged_in(client)
    client.post("/account/2fa/authenticate/", {"code": current_code(secret)})
    assert logged_in(client)
    assert client.get("/programmas/").status_code == 200


@pytest.mark.usefixtures("enforce_mfa")
def test_an_organisation_may_switch_the_requirement_off(client, organisation, admin):
    organisation.mfa_required = False
    organisation.save()
    client.force_login(admin)

    assert client.get("/programmas/").status_code == 200
    assert client.get("/beheer/gebruikers/").status_code == 200


@pytest.mark.usefixtures("enforce_mfa")
def test_a_withdrawn_administrator_is_no_longer_held_to_the_requirement(client, organisation, admin):
    other_org = factories.OrganisationFactory(mfa_required=False)
    factories.MembershipFactory(organisation=other_org, user=admin)
    admin.memberships.filter(organisation=organisation).update(is_active=False)
    client.force_login(admin)

    assert client.get("/programmas/").status_code == 200


def test_the_installation_may_switch_the_requirement_off(client, admin, settings):
    settings.MFA_ENFORCE = False
    client.force_login(admin)

    assert client.get("/programmas/").status_code == 200


# Language --------------------------------------------------------------------------------------


def test_switching_to_english_is_saved_on_the_account(client, person):
    client.force_login(person)

    response = client.post("/taal/", {"language": "en", "next": "/programmas/"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/programmas/"
    person.refresh_from_db()
    assert person.language == "en"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/programmas/")
    assert page.headers["Content-Language"] == "en"
    assert '<html lang="en"' in page.text


def test_after_switching_the_pages_are_in_english(client, person, says):
    client.force_login(person)
    dutch = client.get("/programmas/")
    says(dutch, "Programmes")  # in Dutch once the translations are compiled

    client.post("/taal/", {"language": "en", "next": "/programmas/"})
    english = client.get("/programmas/")

    assert english.headers["Content-Language"] == "en"
    assert "Programmes" in english.text
    assert "Log out" in english.text


def test_the_saved_language_follows_the_person_to_a_new_session(client, person):
    user_update_profile(actor=person, user=person, full_name=person.full_name, language="en")
    browser = Client()
    browser.force_login(person)

    page = browser.get("/programmas/")

    assert page.headers["Content-Language"] == "en"


def test_dutch_is_the_default_language(client, person):
    client.force_login(person)

    page = client.get("/programmas/")

    assert page.headers["Content-Language"] == "nl"
    assert '<html lang="nl"' in page.text


def test_a_visitor_switches_language_with_a_cookie(client, db):
    response = client.post("/taal/", {"language": "en", "next": "/account/login/"})

    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/account/login/").headers["Content-Language"] == "en"


def test_an_unknown_language_changes_nothing(client, person):
    client.force_login(person)

    response = client.post("/taal/", {"language": "xx", "next": "/programmas/"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "nl"
    assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_language_switch_never_redirects_to_another_site(client, db):
    response = client.post("/taal/", {"language": "en", "next": "https://evil.example/"})

    assert response.headers["Location"] == "/"


def test_the_profile_page_changes_name_and_language(client, person):
    client.force_login(person)

    response = client.post("/account/profiel/", {"full_name": "Nieuwe Naam", "language": "en"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Nieuwe Naam"
    assert person.language == "en"
