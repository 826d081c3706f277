"""The newcomer journey in a real browser: log in, set up two-factor authentication, start a
programme, invite a member, accept the invitation from the mailbox, see the navigator."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from koers.organisations.models import OrganisationRole
from koers.programmes.models import Programme, ProgrammeMembership
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def submit(page, field: str) -> None:
    """Submit the form that holds the input named ``field``."""
    page.locator(f"form:has([name={field}]) [type=submit]").last.click()


def test_newcomer_sets_up_mfa_starts_a_programme_and_invites_a_colleague(page, settings, live_server):
    settings.MFA_ENFORCE = True
    settings.SITE_URL = live_server.url
    organisation = factories.OrganisationFactory(name="Gemeente Journeystad")
    admin = factories.MembershipFactory(
        organisation=organisation,
        role=OrganisationRole.BEHEERDER,
        user=factories.UserFactory(email="beheer@journeystad.example", full_name="Anna Beheer"),
    ).user

    # Log in: an administrator without two-factor authentication is sent to set it up.
    page.goto("/account/login/")
    page.locator("input[name=login]").fill(admin.email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, "password")
    page.wait_for_url(re.compile(r"/account/tweestapsverificatie-vereist/"))
    page.locator("main a[href$='/account/2fa/totp/activate/']").click()
    # Adding an authenticator asks for the password once more.
    page.wait_for_url(re.compile(r"/account/reauthenticate/"))
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, "password")
    page.wait_for_url(re.compile(r"/account/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_now(secret))
    submit(page, "code")
    page.wait_for_url(re.compile(r"/account/2fa/"))

    # Start a programme.
    page.goto("/programmas/nieuw/")
    page.locator("input[name=name]").fill("Journeystad houdt jongeren uit de criminaliteit")
    page.locator("input[name=start_date]").fill("2026-01-01")
    page.locator("input[name=end_date]").fill("2027-12-31")
    submit(page, "end_date")
    page.wait_for_url(re.compile(r"/programmas/[0-9a-f-]{36}/$"))
    programme = Programme.objects.get(organisation=organisation)
    assert page.locator("h1").inner_text() == programme.name
    manager_milestone = page.locator("#stap-1 .koers-milestone").first
    assert "koers-milestone--met" in manager_milestone.get_attribute("class")

    # Invite a colleague from the police as team member.
    page.goto(f"/programmas/{programme.uuid}/leden/")
    page.locator("input[name=email]").fill("wijkagent@politie.example")
    page.locator("select[name=role]").select_option("teamlid")
    submit(page, "email")
    # With htmx the invitation list is swapped in place; without it the page reloads.
    expect(page.get_by_role("rowheader", name="wijkagent@politie.example")).to_be_visible()

    # Log out; the colleague opens the invitation from the (demo) mailbox.
    page.locator("header form[action$='/account/logout/'] button").click()
    page.goto("/demo/postvak/")
    page.locator("main table a").first.click()
    link = page.locator("main a[href*='/uitnodiging/']").first.get_attribute("href")
    page.goto(link)
    page.locator("input[name=full_name]").fill("Wim Wijkagent")
    page.locator("input[name=password1]").fill("Politie-Journey-2026")
    page.locator("input[name=password2]").fill("Politie-Journey-2026")
    submit(page, "password2")
    page.wait_for_url(re.compile(rf"/programmas/{programme.uuid}/$"))

    # The colleague is a member and sees the navigator with the six steps.
    member = ProgrammeMembership.objects.get(programme=programme, user__email="wijkagent@politie.example")
    assert member.role == "teamlid"
    assert page.locator(".koers-navigator__step").count() == 6
    assert page.locator("h1").inner_text() == programme.name
