"""A password reset does not get anyone past two-factor authentication, and the login and reset
pages never tell whether an account exists."""

from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

from tests import factories

LOGIN = "/account/login/"
RESET = "/account/password/reset/"
RESET_LINK_RE = re.compile(r"https?://\S+/account/password/reset/key/\S+/")
NEW_PASSWORD = "een-heel-nieuw-wachtwoord-7"
UNKNOWN = "niemand@gemeente.example"


def logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def comparable(response, email: str) -> str:
    """The page without what differs between any two requests: the address typed, the CSRF
    token and the script nonce."""
    text = response.content.decode().replace(email, "EMAIL")
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'nonce="[^"]+"', "", text)


@pytest.fixture
def frozen_clock(time_machine):
    """Codes are valid for one 30-second period: keep the test inside one."""
    time_machine.move_to(dt.datetime.now(dt.UTC), tick=False)


@pytest.fixture
def admin_with_app(organisation, settings):
    settings.MFA_ENFORCE = True
    admin = factories.org_admin(organisation)
    secret = generate_totp_secret()
    TOTP.activate(admin, secret)
    return admin, secret


def reset_password(email: str) -> Client:
    """Ask for a reset, follow the e-mailed link and choose a new password: the browser used."""
    Client().post(RESET, {"email": email})
    link = RESET_LINK_RE.search(mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    browser = Client()
    page = browser.get(urlsplit(link.group(0)).path, follow=True)
    done = browser.post(page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    return browser


# Two-factor after a password reset --------------------------------------------------------------


@pytest.mark.usefixtures("frozen_clock")
def test_a_password_reset_does_not_log_in_and_the_new_password_still_needs_the_code(admin_with_app):
    admin, secret = admin_with_app

    browser = reset_password(admin.email)

    admin.refresh_from_db()
    assert admin.check_password(NEW_PASSWORD)
    assert not logged_in(browser)
    assert browser.get("/programmas/").headers["Location"].startswith(LOGIN)

    response = browser.post(LOGIN, {"login": admin.email, "password": NEW_PASSWORD})
    assert response.headers["Location"].startswith("/account/2fa/authenticate/")
    assert not logged_in(browser)
    assert browser.get("/programmas/").headers["Location"].startswith(LOGIN)

    browser.post("/account/2fa/authenticate/", {"code": code(secret)})
    assert logged_in(browser)
    assert browser.get("/programmas/").status_code == 200


@pytest.mark.usefixtures("frozen_clock")
def test_after_a_reset_a_wrong_code_keeps_the_door_shut(admin_with_app):
    admin, secret = admin_with_app
    browser = reset_password(admin.email)
    browser.post(LOGIN, {"login": admin.email, "password": NEW_PASSWORD})

    wrong = f"{(int(code(secret)) + 1) % 1_000_000:06d}"
    response = browser.post("/account/2fa/authenticate/", {"code": wrong})

    assert response.status_code == 200
    assert not logged_in(browser)
    assert browser.get("/programmas/").headers["Location"].startswith(LOGIN)


def test_a_reset_ends_the_sessions_an_attacker_may_have(admin_with_app):
    """Someone who knew the old password and is logged in elsewhere loses that session."""
    admin, _secret = admin_with_app
    elsewhere = Client()
    elsewhere.force_login(admin)
    assert elsewhere.get("/programmas/").status_code == 200

    reset_password(admin.email)

    assert elsewhere.get("/programmas/").headers["Location"].startswith(LOGIN)


# No account enumeration -------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["niet-het-wachtwoord", factories.PASSWORD])
def test_a_deactivated_account_and_an_unknown_address_answer_alike_with_a_wrong_password(db, password):
    inactive = factories.UserFactory(is_active=False)

    known = Client().post(LOGIN, {"login": inactive.email, "password": "niet-het-wachtwoord"})
    unknown = Client().post(LOGIN, {"login": UNKNOWN, "password": "niet-het-wachtwoord"})

    assert known.status_code == unknown.status_code == 200
    assert comparable(known, inactive.email) == comparable(unknown, UNKNOWN)


def test_an_account_with_two_factor_and_a_wrong_password_answers_like_an_unknown_address(admin_with_app):
    admin, _secret = admin_with_app

    known = Client().post(LOGIN, {"login": admin.email, "password": "niet-het-wachtwoord"})
    unknown = Client().post(LOGIN, {"login": UNKNOWN, "password": "niet-het-wachtwoord"})

    assert known.status_code == unknown.status_code == 200
    assert comparable(known, admin.email) == comparable(unknown, UNKNOWN)


def test_the_page_after_a_reset_request_is_the_same_for_known_and_unknown_addresses(organisation):
    person = factories.MembershipFactory(organisation=organisation).user

    known = Client().post(RESET, {"email": person.email}, follow=True)
    unknown = Client().post(RESET, {"email": UNKNOWN}, follow=True)

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert comparable(known, person.email) == comparable(unknown, UNKNOWN)
