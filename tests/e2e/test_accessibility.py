"""Every page of Koers, checked with axe-core in a real browser for WCAG 2.0, 2.1 and 2.2 A and AA,
and watched for Content Security Policy errors in the console.

The tests walk the application as the demo's people would: a visitor (login, password reset,
accessibility statement, demo mailbox, invitation), a programme manager (programmes, navigator,
people, history, account and every two-factor page), an administrator (users, organisation,
activity log), the installation administrator (organisations) and a few people who meet an
error page. Forms are also checked while they show validation errors. A test fails with the list of
every violation found: page, rule, impact and the elements concerned.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.webauthn.internal.auth import WebAuthn
from axe_playwright_python.sync_playwright import Axe
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from koers.accounts.models import User
from koers.accounts.services import password_set_url
from koers.analysis import jobs
from koers.analysis.models import ImportJob, ImportKind, ImportStatus
from koers.demo.content import DEMO_PASSWORD, PROEFDORP, VOORBEELDSTAD, create_demo
from koers.organisations import services as organisation_services
from koers.organisations.models import Organisation
from koers.plandocs.models import PlanVersion
from koers.plandocs.tasks import progress_key as plan_files_progress_key
from koers.programmes.models import Invitation, Programme
from koers.progress import cache_hook
from tests import analysis_formats as formats
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
AXE = Axe()

MANAGER = "programmamanager@voorbeeldstad.example"
ADMIN = "beheerder@voorbeeldstad.example"
INSTALLATION_ADMIN = "installatie@koers.example"
TEAM_MEMBER = "teamlid@voorbeeldstad.example"
OTHER_MANAGER = "programmamanager@proefdorp.example"
INVITED = "wijkagent@politie-voorbeeldstad.example"

# The URL names whose pages each test checks; test_every_page_of_the_app_is_checked holds them
# against the URL configuration, so a new page without an accessibility check fails the suite.
VISITOR_PAGES = {
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_signup",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_inactive",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "accessibility",
    "demo_mailbox",
    "demo_mailbox_message",
    "invitation_accept",
}
MANAGER_PAGES = {
    "programme_list",
    "programme_create",
    "programme_detail",
    "programme_edit",
    "programme_members",
    "programme_member_edit",
    "programme_history",
    "account_profile",
    "account_change_password",
    "account_logout",
    "account_reauthenticate",
    "socialaccount_connections",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_list_webauthn",
    "mfa_add_webauthn",
    "mfa_edit_webauthn",
    "mfa_remove_webauthn",
    "mfa_reauthenticate",
    "mfa_authenticate",
}
ADMIN_PAGES = {
    "organisation_members",
    "organisation_member_add",
    "organisation_member_edit",
    "organisation_settings",
    "organisation_activity",
    "installation_organisations",
    "installation_organisation_create",
}
EDGE_PAGES = {"mfa_required", "programme_list", "programme_edit", "invitation_accept"}
TEAM_PAGES = {
    "team_overview",
    "team_person_create",
    "team_person_edit",
    "team_person_remove",
    "team_bodies",
    "team_body_create",
    "team_body_edit",
    "team_body_delete",
    "team_agreements",
    "team_agreement_edit",
    "team_partners",
    "partner_list",
    "partner_create",
    "partner_edit",
    "partner_delete",
    "partner_type_create",
}
KNOWLEDGE_PAGES = {
    "analysis_overview",
    "knowledge_sources",
    "knowledge_source_create",
    "knowledge_source_detail",
    "knowledge_source_edit",
    "knowledge_source_delete",
    "knowledge_experiences",
    "knowledge_experience_create",
    "knowledge_experience_edit",
    "knowledge_experience_delete",
}
IMPORT_PAGES = {
    "installation_statistics",
    "import_create",
    "import_job",
    "import_job_mapping",
}
DOCUMENT_PAGES = {"analysis_document"}
FINDINGS_PAGES = {
    "findings",
    "finding_create",
    "finding_detail",
    "finding_edit",
    "finding_delete",
    "finding_evidence_add",
}
FIGURE_PAGES = {"analysis_trend", "analysis_comparison", "analysis_youth"}
PLAN_VERSION_PAGES = {
    "plan_versions",
    "plan_version_detail",
    "plan_version_difference",
    "plan_version_approve",
}
PLAN_PAGES = {
    "plan_overview",
    "plan_focus_areas",
    "plan_focus_area_create",
    "plan_focus_area_edit",
    "plan_focus_area_delete",
    "plan_goals",
    "plan_goal_create",
    "plan_goal_detail",
    "plan_goal_edit",
    "plan_goal_delete",
    "plan_subprojects",
    "plan_subproject_create",
    "plan_subproject_detail",
    "plan_subproject_edit",
    "plan_subproject_delete",
    "plan_budget_line_add",
    "plan_budget_line_edit",
    "plan_milestone_add",
    "plan_milestone_edit",
    "plan_timeline",
    "plan_golden_thread",
}
ACTION_PAGES = {
    "actions_overview",
    "actions",
    "actions_mine",
    "actions_overdue",
    "actions_calendar",
    "actions_subproject",
    "actions_organisation",
    "action_create",
    "action_detail",
    "action_edit",
    "action_delete",
    "actions_settings",
    "actions_raci",
}
NOTIFICATION_PAGES = {"notification_list", "notification_settings"}
MEETING_PAGES = {
    "meetings",
    "decisions",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "agenda_item_create",
    "agenda_item_edit",
    "agenda_item_delete",
    "agenda_document_add",
    "meeting_attendance",
    "meeting_minutes",
    "decision_create",
    "decision_detail",
    "decision_edit",
    "decision_actions",
}
COMMUNICATION_LESSON_PAGES = {
    "communication_plan",
    "communication_moments",
    "communication_calendar",
    "communication_line_create",
    "communication_line_edit",
    "communication_line_delete",
    "communication_moment_create",
    "communication_moment_edit",
    "communication_moment_done",
    "communication_moment_delete",
    "lessons",
    "lesson_create",
    "lesson_detail",
    "lesson_edit",
    "lesson_delete",
    "lesson_reject",
    "library_list",
    "library_detail",
    "library_edit",
    "library_withdraw",
}
MONITORING_PAGES = {
    "monitoring_dashboard",
    "monitoring_assess",
    "adjustments",
    "adjustment_create",
    "adjustment_detail",
    "adjustment_edit",
    "adjustment_delete",
    "progress_reports",
    "progress_report_create",
    "progress_report_detail",
    "portfolio",
}
INDICATOR_PAGES = {
    "indicators",
    "indicator_create",
    "indicator_detail",
    "indicator_edit",
    "indicator_delete",
    "measurement_create",
    "measurement_edit",
    "measurement_delete",
}
EVALUATION_PAGES = {
    "evaluation_overview",
    "evaluation_plan",
    "evaluation_plan_create",
    "evaluation_plan_edit",
    "evaluation_item_create",
    "evaluation_item_edit",
    "evaluation_item_delete",
}
ESTIMATE_PAGES = {
    "evaluation_estimate_create",
    "evaluation_estimate",
    "evaluation_estimate_note",
    "evaluation_estimate_delete",
}
VERDICT_PAGES = {"evaluation_verdict_create", "evaluation_embedding_edit"}
SEARCH_PAGES = {"programme_search", "search"}
NOT_PAGES = {
    "evaluation_plan_status": "POST action that redirects to the evaluation plan",
    "meeting_status": "POST action that redirects to the meeting",
    "agenda_suggestion_add": "POST action that redirects to the meeting",
    "agenda_item_move": "POST action that redirects to the meeting",
    "agenda_document_remove": "POST action that redirects to the meeting",
    "agenda_document_download": "a file download",
    "meeting_minutes_download": "a PDF or ODT download",
    "lesson_propose": "POST action that redirects to the lesson",
    "lesson_approve": "POST action that redirects to the published item",
    "plan_focus_area_toggle": "POST action that redirects to the focus areas",
    "plan_subproject_status": "POST action that redirects to the sub-project",
    "plan_budget_line_remove": "POST action that redirects to the sub-project",
    "plan_milestone_remove": "POST action that redirects to the sub-project",
    "action_status": "POST action that redirects to the action",
    "actions_feed": "an iCalendar file",
    "finding_status": "POST action that redirects to the finding",
    "finding_evidence_remove": "POST action that redirects to the finding",
    "finding_comment": "POST action; a comment with errors shows the finding's own page",
    "finding_stance": "POST action that redirects to the finding",
    "knowledge_source_document": "a PDF download",
    "analysis_document_generate": "POST action that redirects",
    "analysis_document_download": "a PDF, ODT or DOCX download",
    "plan_version_create": "POST action that redirects to the version",
    "plan_version_submit": "POST action that redirects to the version",
    "plan_version_files": "POST action that redirects to the version",
    "plan_version_withdraw": "POST action that redirects to the version",
    "plan_version_files_status": "the status fragment of the plan version page, fetched by htmx",
    "plan_version_download": "a PDF, ODT or DOCX download",
    "home": "only redirects to the programmes or the login",
    "account_email": "one login address per account: redirects to the profile",
    "health": "JSON for monitoring",
    "health_alive": "JSON for monitoring (liveness)",
    "health_ready": "JSON for monitoring (readiness)",
    "organisation_logo": "an image",
    "mfa_download_recovery_codes": "a text file",
    "organisation_switch": "POST action that redirects",
    "set_language": "POST action that redirects",
    "programme_status": "POST action that redirects",
    "invitation_resend": "POST action that redirects",
    "invitation_revoke": "POST action that redirects",
    "account_confirm_login_code": "login by e-mailed code is off; redirects",
    "account_request_reauthentication_code": "reauthentication by code is off; redirects",
    "account_confirm_reauthentication_code": "reauthentication by code is off; redirects",
    "account_set_password": "Koers accounts have a password; redirects to password change",
    "socialaccount_signup": "sign-up is closed; redirects",
    "openid_connect_login": "leaves for the organisation's identity provider",
    "openid_connect_callback": "returns from the identity provider",
    "mfa_reauthenticate_webauthn": "needs a real security key in the browser",
    "team_export": "a CSV, ODS or XLSX download",
    "team_agreements_document": "a PDF or ODT download",
    "team_orgchart": "an SVG image, shown inside the bodies page with a text equivalent",
    "import_job_status": "the status fragment of the import job page, fetched by htmx",
    "import_job_confirm": "POST action that redirects",
    "notification_count": "the unread count in the header, fetched by htmx",
    "notification_open": "POST action that redirects to what the notification is about",
    "notification_all_read": "POST action that redirects to the notifications",
    "adjustment_action_create": "POST action; with errors it shows the course adjustment's own page",
    "progress_report_files": "POST action that redirects to the progress report",
    "progress_report_download": "a PDF or ODT download",
}


# Chromium reports every Content Security Policy violation both in the console and as a
# securitypolicyviolation event; the test collects both. While axe runs they are ignored: axe copies
# the style sheets into <style> elements to inspect them, which the policy (rightly) blocks, so
# those reports are axe's own and not the page's.
CSP_LISTENER = """
window.__koersCsp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  if (window.__koersAxeRunning) return;
  window.__koersCsp.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile || "page"}:${event.lineNumber})`
  );
});
"""


@dataclass
class Audit:
    """Collects axe violations, CSP violations and script errors over many pages."""

    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    url_names: set[str] = field(default_factory=set)

    def watch(self, context, page) -> None:
        context.add_init_script(CSP_LISTENER)

        def on_console(message) -> None:
            if "Content Security Policy" in message.text:
                self.console.append(f"console {message.type}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: script error: {error}"))

    def check(self, page, name: str) -> None:
        page.wait_for_load_state("load")
        path = urlparse(page.url).path
        self.checked.append(f"{name} ({path})")
        try:
            self.url_names.add(resolve(path).url_name or "")
        except Resolver404:
            self.url_names.add("(page not found)")
        page.evaluate("new Promise((done) => setTimeout(done, 50))")  # deliver pending reports
        reports = page.evaluate("window.__koersCsp || []") + self.console
        for report in reports:
            self.problems.append(f"{name} ({path}): Content Security Policy: {report}")
        page.evaluate("window.__koersCsp = []; window.__koersAxeRunning = true")
        results = AXE.run(page, options=AXE_OPTIONS)
        # Let the reports about axe's own <style> elements arrive before listening again.
        page.evaluate(
            "new Promise((done) => setTimeout(done, 200)).then(() => { window.__koersAxeRunning = false; })"
        )
        self.console.clear()
        for violation in results.response["violations"]:
            nodes = "; ".join(
                " ".join(str(part) for part in node.get("target", [])) for node in violation["nodes"]
            )
            self.problems.append(
                f"{name} ({path}): {violation['id']} [{violation.get('impact')}] "
                f"{violation['help']} -- {len(violation['nodes'])} node(s): {nodes}"
            )

    def visit(self, page, path: str, name: str, status: int = 200) -> None:
        response = page.goto(path)
        assert response is not None
        assert response.status == status, f"{name}: {path} answered {response.status}"
        self.check(page, name)

    def assert_clean(self, covers: set[str]) -> None:
        print(f"\naxe checked {len(self.checked)} page(s):", *self.checked, sep="\n  ")
        missing = covers - self.url_names
        assert not missing, f"pages this test should have checked: {sorted(missing)}"
        count = f"{len(self.problems)} problem(s) on {len(self.checked)} page(s)"
        report = "\n".join(self.problems)
        assert not self.problems, f"{count}:\n{report}"


@pytest.fixture
def audit() -> Audit:
    return Audit()


@pytest.fixture
def demo(settings, live_server):
    settings.MFA_ENFORCE = False
    settings.SITE_URL = live_server.url
    create_demo()


@pytest.fixture
def session(browser, live_server, audit):
    """Opens a fresh browser context (a new person) with its console watched."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        audit.watch(context, page)
        return page

    yield open_page
    for context in contexts:
        context.close()


def submit(page, field_name: str) -> None:
    """Submit the form that holds the input named ``field_name`` and wait for the answer: a new
    page, or for a form that htmx submits, the swapped-in fragment."""
    form = page.locator(f"main form:has([name={field_name}])").first
    button = form.locator("[type=submit]").first
    if form.get_attribute("hx-post"):
        with page.expect_response(lambda response: response.request.method == "POST"):
            button.click()
        page.locator(".htmx-request, .htmx-swapping, .htmx-settling").first.wait_for(state="detached")
    else:
        with page.expect_navigation():
            button.click()


def log_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/account/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    submit(page, "password")


def assert_shows_errors(page) -> None:
    assert page.locator("[aria-invalid=true], .koers-form-errors").count() > 0, page.url


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@contextmanager
def fresh_totp_window() -> Iterator[None]:
    """A code is accepted once; wait for a new 30-second window when this one is nearly over."""
    if int(time.time()) % 30 > 25:
        time.sleep(31 - int(time.time()) % 30)
    yield


def demo_programme() -> Programme:
    return Programme.objects.get(organisation__name=VOORBEELDSTAD)


def test_pages_for_visitors_pass_axe(demo, session, audit):
    page = session()
    audit.visit(page, "/account/login/", "login")
    submit(page, "password")
    assert_shows_errors(page)
    audit.check(page, "login with errors")

    audit.visit(page, "/account/password/reset/", "password reset")
    submit(page, "email")
    assert_shows_errors(page)
    audit.check(page, "password reset with errors")
    page.locator("input[name=email]").fill(MANAGER)
    submit(page, "email")
    assert "/account/password/reset/done/" in page.url
    audit.check(page, "password reset sent")

    manager = User.objects.get(email=MANAGER)
    audit.visit(page, urlparse(password_set_url(manager)).path, "password reset from key")
    page.locator("input[name=password1]").fill("Een-nieuw-wachtwoord-2026")
    page.locator("input[name=password2]").fill("Een-ander-wachtwoord-2026")
    submit(page, "password2")
    assert_shows_errors(page)
    audit.check(page, "password reset from key with errors")
    page.locator("input[name=password1]").fill("Een-nieuw-wachtwoord-2026")
    page.locator("input[name=password2]").fill("Een-nieuw-wachtwoord-2026")
    submit(page, "password2")
    assert "/account/password/reset/key/done/" in page.url
    audit.check(page, "password reset from key done")
    audit.visit(page, "/account/password/reset/key/1-ongeldig/", "password reset bad token")

    audit.visit(page, "/account/signup/", "sign-up closed")
    audit.visit(page, "/account/confirm-email/", "e-mail verification sent")
    audit.visit(page, "/account/confirm-email/ongeldig/", "e-mail confirmation link not valid")
    audit.visit(page, "/account/inactive/", "account inactive")
    audit.visit(page, "/account/3rdparty/login/cancelled/", "single sign-on cancelled")
    audit.visit(page, "/account/3rdparty/login/error/", "single sign-on error", status=401)
    audit.visit(page, "/toegankelijkheid/", "accessibility statement")
    audit.visit(page, "/demo/postvak/", "demo mailbox")
    message_links = page.locator("main table a")
    if message_links.count():
        with page.expect_navigation():
            message_links.first.click()
        audit.check(page, "demo mailbox message")

    invitation = Invitation.objects.get(email=INVITED)
    token = factories.token_for(invitation)
    audit.visit(page, f"/uitnodiging/{token}/", "invitation accept (new account)")
    submit(page, "password2")
    assert_shows_errors(page)
    audit.check(page, "invitation accept with errors")
    audit.visit(page, "/uitnodiging/niet-geldig/", "invitation not valid", status=410)
    audit.visit(page, "/bestaat-niet/", "page not found", status=404)

    audit.assert_clean(covers=VISITOR_PAGES)


def test_pages_for_a_programme_manager_pass_axe(demo, session, audit):
    programme = demo_programme()
    base = f"/programmas/{programme.uuid}"
    # A second organisation shows the organisation switcher in the header.
    organisation_services.membership_add(
        actor=User.objects.get(email=OTHER_MANAGER),
        organisation=Organisation.objects.get(name=PROEFDORP),
        email=MANAGER,
        role="lid",
    )
    page = session()
    log_in(page, MANAGER)
    page.goto("/programmas/")
    page.locator("#koers-organisation-switch").select_option(label=VOORBEELDSTAD)
    with page.expect_navigation():
        page.locator("header form:has(#koers-organisation-switch) [type=submit]").click()
    audit.check(page, "programme list")
    audit.visit(page, "/programmas/nieuw/", "programme create")
    submit(page, "name")
    assert_shows_errors(page)
    audit.check(page, "programme create with errors")

    audit.visit(page, f"{base}/", "programme navigator")
    audit.visit(page, f"{base}/bewerken/", "programme edit")
    page.locator("input[name=name]").fill("")
    submit(page, "name")
    assert_shows_errors(page)
    audit.check(page, "programme edit with errors")

    audit.visit(page, f"{base}/leden/", "programme people")
    page.locator("input[name=email]").fill("geen-e-mailadres")
    submit(page, "email")
    assert_shows_errors(page)
    audit.check(page, "programme people with invitation errors")
    member_link = page.locator("main table a[href*='/leden/']").first.get_attribute("href")
    audit.visit(page, member_link, "programme member edit")
    audit.visit(page, f"{base}/geschiedenis/", "programme history")

    audit.visit(page, "/account/profiel/", "account profile")
    page.locator("input[name=full_name]").fill("")
    submit(page, "full_name")
    assert_shows_errors(page)
    audit.check(page, "account profile with errors")
    audit.visit(page, "/account/password/change/", "password change")
    submit(page, "oldpassword")
    assert_shows_errors(page)
    audit.check(page, "password change with errors")
    audit.visit(page, "/account/logout/", "log out confirmation")

    audit.visit(page, "/account/2fa/", "two-factor authentication")
    audit.visit(page, "/account/2fa/webauthn/", "security keys")

    # Activating an authenticator app asks for the password again first.
    audit.visit(page, "/account/reauthenticate/", "reauthenticate")
    page.locator("input[name=password]").fill("niet-het-wachtwoord")
    submit(page, "password")
    assert_shows_errors(page)
    audit.check(page, "reauthenticate with errors")
    page.goto("/account/2fa/totp/activate/")
    if "/reauthenticate/" in page.url:
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        submit(page, "password")
    assert "/account/2fa/totp/activate/" in page.url
    audit.check(page, "authenticator app activate")
    page.locator("input[name=code]").fill("000000")
    submit(page, "code")
    assert_shows_errors(page)
    audit.check(page, "authenticator app activate with errors")
    secret = page.locator("#authenticator_secret").input_value()
    with fresh_totp_window():
        page.locator("input[name=code]").fill(totp_now(secret))
        submit(page, "code")
    assert "/account/2fa/" in page.url and "/activate/" not in page.url
    audit.check(page, "after activating the authenticator app")

    audit.visit(page, "/account/2fa/", "two-factor authentication (active)")
    audit.visit(page, "/account/2fa/recovery-codes/", "recovery codes")
    audit.visit(page, "/account/2fa/recovery-codes/generate/", "recovery codes generate")
    audit.visit(page, "/account/2fa/totp/deactivate/", "authenticator app deactivate")
    audit.visit(page, "/account/2fa/reauthenticate/", "reauthenticate with a code")
    audit.visit(page, "/account/2fa/webauthn/add/", "security key add")
    # A security key cannot be registered without a physical key; a stored one shows its pages.
    key = WebAuthn.add(
        User.objects.get(email=MANAGER),
        name="Sleutel aan de sleutelbos",
        credential={"clientExtensionResults": {"credProps": {"rk": False}}},
    ).instance
    audit.visit(page, "/account/2fa/webauthn/", "security keys (one key)")
    audit.visit(page, f"/account/2fa/webauthn/keys/{key.pk}/edit/", "security key edit")
    audit.visit(page, f"/account/2fa/webauthn/keys/{key.pk}/remove/", "security key remove")
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    assert "/account/2fa/webauthn/" in page.url
    audit.visit(page, "/account/3rdparty/", "single sign-on connections")

    # Logging in again asks for the second step.
    page.locator("header form[action$='/account/logout/'] button").click()
    page.wait_for_url(re.compile(r"/account/login/"))
    log_in(page, MANAGER)
    assert "/account/2fa/authenticate/" in page.url
    audit.check(page, "two-factor step at login")
    page.locator("input[name=code]").fill("000000")
    submit(page, "code")
    assert_shows_errors(page)
    audit.check(page, "two-factor step at login with errors")

    audit.assert_clean(covers=MANAGER_PAGES)


def test_pages_for_administrators_pass_axe(demo, session, audit):
    page = session()
    log_in(page, ADMIN)
    audit.visit(page, "/beheer/gebruikers/", "organisation users")
    audit.visit(page, "/beheer/gebruikers/toevoegen/", "organisation user add")
    submit(page, "email")
    assert_shows_errors(page)
    audit.check(page, "organisation user add with errors")
    audit.visit(page, "/beheer/gebruikers/", "organisation users")
    user_link = page.locator("main table a[href*='/beheer/gebruikers/']").first.get_attribute("href")
    audit.visit(page, user_link, "organisation user edit")
    audit.visit(page, "/beheer/organisatie/", "organisation settings")
    page.locator("input[name=name]").fill("")
    submit(page, "name")
    assert_shows_errors(page)
    audit.check(page, "organisation settings with errors")
    audit.visit(page, "/beheer/activiteit/", "activity log")
    audit.visit(page, "/beheer/activiteit/?q=uitnodiging", "activity log search")

    installation = session()
    log_in(installation, INSTALLATION_ADMIN)
    audit.visit(installation, "/installatie/organisaties/", "installation organisations")
    audit.visit(installation, "/installatie/organisaties/nieuw/", "installation organisation create")
    submit(installation, "name")
    assert_shows_errors(installation)
    audit.check(installation, "installation organisation create with errors")

    audit.assert_clean(covers=ADMIN_PAGES)


def test_error_and_edge_pages_pass_axe(demo, settings, session, audit):
    programme = demo_programme()
    page = session()
    log_in(page, TEAM_MEMBER)
    audit.visit(page, f"/programmas/{programme.uuid}/bewerken/", "no access", status=403)
    audit.visit(page, "/bestaat-niet/", "page not found (logged in)", status=404)
    token = factories.token_for(Invitation.objects.get(email=INVITED))
    audit.visit(page, f"/uitnodiging/{token}/", "invitation for another address", status=403)

    newcomer = factories.UserFactory(email="nieuw@voorbeeldstad.example", full_name="Nina Nieuw")
    lost = session()
    log_in(lost, newcomer.email, factories.PASSWORD)
    audit.visit(lost, "/programmas/", "no organisation yet")

    settings.MFA_ENFORCE = True
    admin = session()
    log_in(admin, ADMIN)
    admin.goto("/beheer/gebruikers/")
    assert "/account/tweestapsverificatie-vereist/" in admin.url
    audit.check(admin, "two-factor authentication required")

    audit.assert_clean(covers=EDGE_PAGES)


def test_team_pages_pass_axe(demo, session, audit):
    """Step 1: the team page with its integrality matrix, people, bodies, agreements and partners,
    with forms also shown while they report errors."""
    programme = demo_programme()
    base = f"/programmas/{programme.uuid}/team"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "team page")
    audit.visit(page, f"{base}/?q=politie", "team page filtered")
    audit.visit(page, f"{base}/mensen/nieuw/", "person create")
    submit(page, "full_name")
    assert_shows_errors(page)
    audit.check(page, "person create with errors")
    person = programme.people.filter(removed_at__isnull=True).order_by("full_name").first()
    audit.visit(page, f"{base}/mensen/{person.uuid}/", "person edit")
    page.locator("textarea[name=view_on_problem]").fill("Jongen met BSN 111222333 valt op.")
    submit(page, "view_on_problem")
    assert_shows_errors(page)
    audit.check(page, "person edit with a personal-data warning")
    audit.visit(page, f"{base}/mensen/{person.uuid}/verwijderen/", "person remove")
    audit.visit(page, f"{base}/gremia/", "bodies with organisation chart")
    audit.visit(page, f"{base}/gremia/nieuw/", "body create")
    submit(page, "name")
    assert_shows_errors(page)
    audit.check(page, "body create with errors")
    body = programme.bodies.order_by("kind", "name").first()
    audit.visit(page, f"{base}/gremia/{body.uuid}/", "body edit")
    audit.visit(page, f"{base}/gremia/{body.uuid}/verwijderen/", "body delete")
    audit.visit(page, f"{base}/afspraken/", "agreements")
    audit.visit(page, f"{base}/afspraken/meeting/", "agreement edit")
    page.locator("textarea[name=text]").fill("")
    submit(page, "text")
    assert_shows_errors(page)
    audit.check(page, "agreement edit with errors")
    audit.visit(page, f"{base}/partners/", "programme partners")
    audit.visit(page, "/partners/", "organisation partners")
    audit.visit(page, "/partners/nieuw/", "partner create")
    submit(page, "name")
    assert_shows_errors(page)
    audit.check(page, "partner create with errors")
    partner = programme.organisation.partners.filter(is_active=True).order_by("name").first()
    audit.visit(page, f"/partners/{partner.uuid}/", "partner edit")
    audit.visit(page, f"/partners/{partner.uuid}/verwijderen/", "partner delete")
    audit.visit(page, "/partners/typen/nieuw/", "partner type create")
    audit.assert_clean(covers=TEAM_PAGES)


def test_knowledge_pages_pass_axe(demo, session, audit):
    """Step 2: the knowledge base with its search and filters, a source, and the team's
    experiences, with forms also shown while they report errors."""
    programme = demo_programme()
    base = f"/programmas/{programme.uuid}/analyse"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "step 2 overview")
    audit.visit(page, f"{base}/bronnen/", "sources")
    audit.visit(page, f"{base}/bronnen/?q=school&soort=onderzoek&focusgebied=school", "sources filtered")
    audit.visit(page, f"{base}/bronnen/nieuw/", "source create")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "source create with errors")
    source = programme.sources.order_by("title").first()
    audit.visit(page, f"{base}/bronnen/{source.uuid}/", "source detail")
    audit.visit(page, f"{base}/bronnen/{source.uuid}/bewerken/", "source edit")
    audit.visit(page, f"{base}/bronnen/{source.uuid}/verwijderen/", "source delete")
    audit.visit(page, f"{base}/ervaringen/", "experiences")
    audit.visit(page, f"{base}/ervaringen/nieuw/", "experience create")
    page.locator("textarea[name=pattern]").fill("Jongen met BSN 111222333 valt op.")
    submit(page, "pattern")
    assert_shows_errors(page)
    audit.check(page, "experience create with a personal-data warning")
    own = session()
    log_in(own, TEAM_MEMBER)
    experience = programme.experiences.get(author__email=TEAM_MEMBER)
    audit.visit(own, f"{base}/ervaringen/{experience.uuid}/", "experience edit")
    audit.visit(own, f"{base}/ervaringen/{experience.uuid}/verwijderen/", "experience delete")
    audit.assert_clean(covers=KNOWLEDGE_PAGES)


def test_import_pages_pass_axe(demo, session, audit):
    """Official statistics: the overview, the form of every kind of import (also with errors), a
    running job with its progress bar, a finished dry run, a job with problems, and the column
    mapping of a spreadsheet."""
    page = session()
    log_in(page, INSTALLATION_ADMIN)
    audit.visit(page, "/installatie/statistieken/", "official statistics")
    for kind in ImportKind.values:
        audit.visit(page, f"/installatie/statistieken/importeren/{kind}/", f"import form {kind}")
    submit(page, "file")
    assert_shows_errors(page)
    audit.check(page, "import form with errors")

    page.goto("/installatie/statistieken/importeren/gebieden/")
    page.locator("input[name=file]").set_input_files(
        {"name": "gebieden.csv", "mimeType": "text/csv", "buffer": formats.region_list()}
    )
    page.locator("input[name=reference_year]").fill("2024")
    submit(page, "file")
    audit.check(page, "import job: finished dry run")

    page.goto("/installatie/statistieken/importeren/bulk/")
    page.locator("input[name=file]").set_input_files(
        {"name": "47018NED.csv", "mimeType": "text/csv", "buffer": formats.bulk()}
    )
    page.locator("input[name=code_lists]").set_input_files(
        {"name": "codes.csv", "mimeType": "text/csv", "buffer": formats.code_list()}
    )
    for name, value in (("source", "Politie"), ("table_id", "47018NED"), ("title", "Misdrijven")):
        page.locator(f"input[name={name}]").fill(value)
    page.locator("input[name=downloaded_on]").fill("2024-09-01")
    submit(page, "file")
    audit.check(page, "import job with problems")  # the region list was only a dry run

    page.goto("/installatie/statistieken/importeren/generic/")
    page.locator("input[name=file]").set_input_files(
        {"name": "eigen.csv", "mimeType": "text/csv", "buffer": b"gebied;jaar;aantal\nGM9999;2023;12\n"}
    )
    for name, value in (("source", "Gemeente"), ("table_id", "MON2023"), ("title", "Monitor")):
        page.locator(f"input[name={name}]").fill(value)
    page.locator("input[name=downloaded_on]").fill("2024-09-01")
    submit(page, "file")
    audit.check(page, "column mapping")
    submit(page, "area")
    assert_shows_errors(page)
    audit.check(page, "column mapping with errors")

    running = ImportJob.objects.create(kind="bulk", status=ImportStatus.RUNNING, dry_run=True)
    jobs.progress_hook(running)("Regels controleren", 250, 1000)
    audit.visit(page, f"/installatie/statistieken/importen/{running.uuid}/", "import job running")
    assert page.locator("progress").get_attribute("value") == "25"
    audit.assert_clean(covers=IMPORT_PAGES)


def test_analysis_document_page_passes_axe(demo, session, audit):
    """Step 2: the safety analysis document's page without a version, and after the programme
    manager generated one (the task runs at once in tests), with its downloads."""
    programme = demo_programme()
    programme.analysis_documents.all().delete()
    url = f"/programmas/{programme.uuid}/analyse/document/"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, url, "safety analysis document without a version")
    with page.expect_navigation():
        page.locator("main form[action$='/document/nieuw/'] [type=submit]").click()
    assert programme.analysis_documents.get().ready
    audit.check(page, "safety analysis document with a version and a message")
    assert page.locator("main a[href$='/pdf/']").count() == 1
    audit.visit(page, url, "safety analysis document with a version")
    audit.assert_clean(covers=DOCUMENT_PAGES)


def test_findings_pages_pass_axe(demo, session, audit):
    """Step 2's findings: the list empty and filled (and filtered), a finding with its evidence,
    comments and stances, its forms also while they report errors, the delete confirmation and
    the evidence page."""
    programme = demo_programme()
    base = f"/programmas/{programme.uuid}/analyse/bevindingen"
    empty = session()
    log_in(empty, OTHER_MANAGER)
    other = Programme.objects.get(organisation__name=PROEFDORP)
    audit.visit(empty, f"/programmas/{other.uuid}/analyse/bevindingen/", "findings, none yet")
    page = session()
    log_in(page, TEAM_MEMBER)
    audit.visit(page, f"{base}/", "findings")
    audit.visit(
        page, f"{base}/?levensdomein=buurt&soort=probleemstelling&status=concept", "findings filtered"
    )
    audit.visit(page, f"{base}/nieuw/", "finding create")
    page.locator("textarea[name=target_groups]").fill("jongeren zonder leeftijd")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "finding create with errors")
    finding = programme.findings.get(title__startswith="Overlast door groepen jongeren")
    audit.visit(page, f"{base}/{finding.uuid}/", "finding detail")
    submit(page, "text")
    assert_shows_errors(page)
    audit.check(page, "finding detail with an empty comment")
    audit.visit(page, f"{base}/{finding.uuid}/bewerken/", "finding edit")
    audit.visit(page, f"{base}/{finding.uuid}/verwijderen/", "finding delete")
    audit.visit(page, f"{base}/{finding.uuid}/bewijs/", "evidence")
    submit(page, "bron-source")
    assert_shows_errors(page)
    audit.check(page, "evidence with errors")
    adopted = programme.findings.get(status="vastgesteld")
    audit.visit(page, f"{base}/{adopted.uuid}/", "adopted finding")
    audit.assert_clean(covers=FINDINGS_PAGES)


def test_figure_pages_pass_axe(demo, session, audit):
    """Step 2's official figures: charts drawn on the server (one labelled image each) with their
    tables, the comparison with its map, the youth figures, and the pages of a municipality whose
    areas Koers does not know yet."""
    base = f"/programmas/{demo_programme().uuid}/analyse/cijfers"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "trend of total crime")
    audit.visit(page, f"{base}/?gebied=WK990101&per=1000", "trend per 1,000 inhabitants in a district")
    audit.visit(page, f"{base}/vergelijking/", "districts compared, with a map")
    audit.visit(page, f"{base}/vergelijking/?niveau=buurten", "neighbourhoods compared, some suppressed")
    audit.visit(page, f"{base}/jeugd/", "youth figures")
    assert page.locator("svg[role=img] title").count() >= 1
    other = session()
    log_in(other, OTHER_MANAGER)
    elsewhere = f"/programmas/{Programme.objects.get(organisation__name=PROEFDORP).uuid}/analyse/cijfers"
    audit.visit(other, f"{elsewhere}/", "trend without figures")
    audit.visit(other, f"{elsewhere}/vergelijking/", "comparison without figures")
    audit.visit(other, f"{elsewhere}/jeugd/", "youth without figures")
    audit.assert_clean(covers=FIGURE_PAGES)


def test_plan_pages_pass_axe(demo, session, audit):
    """Step 3's plan of approach: the landing page, focus areas, goals and sub-projects empty and
    filled, their forms also while they report errors, a sub-project with its budget (one line
    spent above plan), milestones and integrality check, the timeline and the golden thread."""
    import datetime as dt

    from koers.plan import services as plan_services

    other = Programme.objects.get(organisation__name=PROEFDORP)
    empty = session()
    log_in(empty, OTHER_MANAGER)
    elsewhere = f"/programmas/{other.uuid}/plan"
    audit.visit(empty, f"{elsewhere}/", "plan, nothing yet")
    audit.visit(empty, f"{elsewhere}/doelen/", "goals, none yet")
    audit.visit(empty, f"{elsewhere}/deelprojecten/", "sub-projects, none yet")
    audit.visit(empty, f"{elsewhere}/tijdlijn/", "timeline, nothing yet")
    audit.visit(empty, f"{elsewhere}/rode-draad/", "golden thread, nothing yet")

    programme = demo_programme()
    manager = User.objects.get(email=MANAGER)
    plan_services.focus_areas_seed(actor=manager, programme=programme)
    own = plan_services.focus_area_create(actor=manager, programme=programme, name="Rond het station")
    goal = plan_services.goal_create(
        actor=manager,
        programme=programme,
        title="Minder overlast",
        findings=list(programme.findings.all()[:1]),
    )
    sub = plan_services.subproject_create(
        actor=manager,
        programme=programme,
        name="Straatcoaches",
        goals=[goal],
        kwartiermaker=programme.people.filter(removed_at__isnull=True).first(),
        focus_areas=[own],
        start_date=programme.start_date + dt.timedelta(days=30),
        end_date=programme.start_date + dt.timedelta(days=400),
        activities="Straatcoaches op vrijdagavond.",
    )
    line = plan_services.budget_line_add(
        actor=manager,
        subproject=sub,
        description="Uren",
        funding_source="Gemeente",
        planned="100",
        spent="150.50",
    )
    milestone = plan_services.milestone_add(
        actor=manager, subproject=sub, title="Start", due=programme.start_date + dt.timedelta(days=60)
    )
    base = f"/programmas/{programme.uuid}/plan"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "plan")
    audit.visit(page, f"{base}/focusgebieden/", "focus areas")
    audit.visit(page, f"{base}/focusgebieden/nieuw/", "focus area create")
    submit(page, "name")
    assert_shows_errors(page)
    audit.check(page, "focus area create with errors")
    audit.visit(page, f"{base}/focusgebieden/{own.uuid}/bewerken/", "focus area edit")
    audit.visit(page, f"{base}/focusgebieden/{own.uuid}/verwijderen/", "focus area delete")
    audit.visit(page, f"{base}/doelen/", "goals")
    audit.visit(page, f"{base}/doelen/nieuw/", "goal create")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "goal create with errors")
    audit.visit(page, f"{base}/doelen/{goal.uuid}/", "goal detail")
    audit.visit(page, f"{base}/doelen/{goal.uuid}/bewerken/", "goal edit")
    audit.visit(page, f"{base}/doelen/{goal.uuid}/verwijderen/", "goal delete")
    audit.visit(page, f"{base}/deelprojecten/", "sub-projects")
    audit.visit(page, f"{base}/deelprojecten/nieuw/", "sub-project create")
    page.locator("input[name=start_date]").fill("2020-01-01")
    submit(page, "name")
    assert_shows_errors(page)
    audit.check(page, "sub-project create with errors")
    sub_base = f"{base}/deelprojecten/{sub.uuid}"
    audit.visit(page, f"{sub_base}/", "sub-project detail")
    audit.visit(page, f"{sub_base}/bewerken/", "sub-project edit")
    audit.visit(page, f"{sub_base}/verwijderen/", "sub-project delete")
    audit.visit(page, f"{sub_base}/begroting/nieuw/", "budget line add")
    page.locator("input[name=planned]").fill("veel")
    submit(page, "planned")
    assert_shows_errors(page)
    audit.check(page, "budget line add with errors")
    audit.visit(page, f"{sub_base}/begroting/{line.pk}/", "budget line edit")
    audit.visit(page, f"{sub_base}/mijlpalen/nieuw/", "milestone add")
    page.locator("input[name=title]").fill("Te vroeg")
    page.locator("input[name=due]").fill("2000-01-01")
    submit(page, "due")
    assert_shows_errors(page)
    audit.check(page, "milestone add with errors")
    audit.visit(page, f"{sub_base}/mijlpalen/{milestone.uuid}/", "milestone edit")
    audit.visit(page, f"{base}/tijdlijn/", "timeline")
    assert page.locator("svg[role=img] title").count() == 1
    audit.visit(page, f"{base}/rode-draad/", "golden thread")
    audit.assert_clean(covers=PLAN_PAGES)


def test_pages_reflow_on_a_320_pixel_wide_screen(demo, browser, live_server):
    """WCAG 1.4.10: at 320 CSS pixels (400% zoom of a 1280 screen) nothing makes the page scroll
    sideways; a wide data table scrolls inside its own box."""
    base = f"/programmas/{demo_programme().uuid}"
    pages = {
        None: ["/account/login/", "/toegankelijkheid/"],
        MANAGER: [
            "/programmas/",
            f"{base}/",
            f"{base}/leden/",
            f"{base}/geschiedenis/",
            f"{base}/bewerken/",
            f"{base}/analyse/cijfers/",
            f"{base}/analyse/cijfers/vergelijking/?niveau=buurten",
            f"{base}/analyse/cijfers/jeugd/",
            "/account/profiel/",
            "/account/2fa/",
        ],
        ADMIN: ["/beheer/gebruikers/", "/beheer/activiteit/", "/beheer/organisatie/"],
        INSTALLATION_ADMIN: ["/installatie/statistieken/", "/installatie/statistieken/importeren/bulk/"],
    }
    too_wide = []
    for email, paths in pages.items():
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", viewport={"width": 320, "height": 640}
        )
        page = context.new_page()
        if email:
            log_in(page, email)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.ok, path
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append(f"{path}: {width}px")
        context.close()
    assert not too_wide, "pages wider than the screen:\n" + "\n".join(too_wide)


def test_plan_version_pages_pass_axe(demo, session, audit):
    """Steps 3 and 4: the plan versions, none yet (Proefdorp) and the demo's approved version and
    newer concept; a version, submitted, with its approval form also while it reports errors; the
    difference between the two versions; the files made on request."""
    programme = demo_programme()
    other = Programme.objects.get(organisation__name=PROEFDORP)
    empty = session()
    log_in(empty, OTHER_MANAGER)
    audit.visit(empty, f"/programmas/{other.uuid}/plan/versies/", "plan versions, none yet")
    base = f"/programmas/{programme.uuid}/plan/versies"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "plan versions")
    audit.visit(page, f"{base}/1/", "approved plan version")
    audit.visit(page, f"{base}/2/", "concept plan version")
    # The files are made during the request in tests (the task backend runs at once): allow time.
    with page.expect_navigation(timeout=90_000):
        page.locator("main form[action$='/bestanden/'] [type=submit]").click(timeout=90_000)
    assert programme.plan_versions.get(number=2).files_ready
    audit.check(page, "plan version with files and a message")
    with page.expect_navigation():
        page.locator("main form[action$='/indienen/'] [type=submit]").click()
    audit.check(page, "submitted plan version with the approval form")
    with page.expect_navigation():
        page.locator("main form[action$='/terug-naar-concept/'] [type=submit]").click()
    assert programme.plan_versions.get(number=2).status == "concept"
    audit.check(page, "plan version back to concept, with a message")
    with page.expect_navigation():
        page.locator("main form[action$='/indienen/'] [type=submit]").click()
    page.locator("input[name=approved_on]").fill("")
    submit(page, "approved_on")
    assert_shows_errors(page)
    audit.check(page, "plan approval with errors")
    audit.visit(page, f"{base}/1/verschil/2/", "difference between plan versions")
    assert page.locator("main table").count() >= 2
    # While the files of a version are made, its page shows how far (progress from the task).
    version = programme.plan_versions.get(number=2)
    PlanVersion.objects.filter(pk=version.pk).update(file_status="bezig")
    cache_hook(plan_files_progress_key(version))("pdf", 1, 5)
    audit.visit(page, f"{base}/2/", "plan version whose files are being made")
    assert page.locator("main progress").get_attribute("value") == "20"
    audit.assert_clean(covers=PLAN_VERSION_PAGES)


# Steps 3-4: the interventions registry and a sub-project's interventions -------------------------

INTERVENTION_PAGES = {
    "intervention_list",
    "intervention_create",
    "intervention_detail",
    "intervention_edit",
    "intervention_delete",
    "subproject_interventions",
}


def test_intervention_pages_pass_axe(demo, session, audit):
    """The registry (filled, filtered, with no match), an intervention, its forms with errors and
    the refusal to delete one in use, and a sub-project's interventions with the form to add one."""
    from koers.interventions.models import Intervention
    from koers.plan.models import SubProject

    programme = demo_programme()
    subproject, _ = SubProject.objects.get_or_create(programme=programme, name="Pleinen (toegankelijkheid)")
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, "/interventies/", "interventions")
    audit.visit(
        page,
        "/interventies/?niveau=goed_beschreven&focusgebied=online&register=landelijk",
        "interventions filtered",
    )
    audit.visit(page, "/interventies/?q=bestaatniet", "interventions without a match")
    audit.visit(page, "/interventies/nieuw/", "intervention create")
    page.locator("input[name=database_url]").fill("http://databank.example/x")
    submit(page, "name")
    assert_shows_errors(page)
    audit.check(page, "intervention create with errors")
    own = Intervention.objects.filter(organisation=programme.organisation).first()
    audit.visit(page, f"/interventies/{own.uuid}/bewerken/", "intervention edit")
    base = f"/programmas/{programme.uuid}/plan/deelprojecten/{subproject.uuid}/interventies/"
    audit.visit(page, base, "sub-project interventions, none yet")
    page.locator("select[name=intervention]").select_option(str(own.uuid))
    submit(page, "intervention")
    audit.check(page, "sub-project interventions, one chosen")
    audit.visit(page, f"/interventies/{own.uuid}/", "intervention detail with usage")
    page.goto(f"/interventies/{own.uuid}/verwijderen/")
    audit.check(page, "intervention delete while used")
    submit(page, "csrfmiddlewaretoken")
    audit.check(page, "intervention delete refused")
    installation = session()
    log_in(installation, INSTALLATION_ADMIN)
    audit.visit(installation, "/interventies/", "interventions for the installation administrator")
    national = Intervention.objects.filter(organisation__isnull=True).first()
    audit.visit(installation, f"/interventies/{national.uuid}/", "installation-wide intervention")
    audit.assert_clean(covers=INTERVENTION_PAGES)


def url_names(patterns) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name


def test_action_pages_pass_axe(demo, session, audit):
    """Step 4's actions: the landing page, the lists, the calendar, an action with its status
    buttons, and its forms, also while they report errors."""
    from koers.plan.models import SubProject

    programme = demo_programme()
    base = f"/programmas/{programme.uuid}/afspraken"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "step 4")
    audit.visit(page, f"{base}/lijst/", "all actions")
    audit.visit(page, f"{base}/mijn/", "my actions")
    audit.visit(page, f"{base}/te-laat/", "overdue actions")
    audit.visit(page, f"{base}/kalender/", "calendar")
    action = programme.actions.filter(organisation__isnull=False).order_by("pk").first()
    audit.visit(page, f"{base}/organisatie/{action.organisation.uuid}/", "actions of an organisation")
    subproject = SubProject.objects.filter(programme=programme).first() or SubProject.objects.create(
        programme=programme, name="Straatcoaches"
    )
    audit.visit(page, f"{base}/deelproject/{subproject.uuid}/", "actions of a sub-project")
    raci = f"/programmas/{programme.uuid}/plan/deelprojecten/{subproject.uuid}/raci/"
    audit.visit(page, raci, "RACI")
    page.locator("input[name=activity]").fill("Werving straatcoaches")
    submit(page, "activity")
    assert_shows_errors(page)
    audit.check(page, "RACI row with errors")
    audit.visit(page, f"{base}/{action.uuid}/", "action")
    audit.visit(page, f"{base}/{action.uuid}/bewerken/", "action edit")
    audit.visit(page, f"{base}/{action.uuid}/verwijderen/", "action delete")
    audit.visit(page, f"{base}/nieuw/", "action create")
    page.locator("input[name=due_date]").fill("2020-01-01")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "action create with errors")
    audit.visit(page, "/account/afspraken/", "calendar address and reminders")
    page.locator("main input[value=agenda-maken] + button").click()
    page.wait_for_load_state()
    audit.check(page, "calendar address shown once")
    audit.assert_clean(covers=ACTION_PAGES)


def test_notification_pages_pass_axe(demo, session, audit):
    """The account's notifications, with an unread one and its count in the header, and what
    the person receives."""
    from koers.accounts.models import User
    from koers.notifications.models import Notification

    user = User.objects.get(email=MANAGER)
    Notification.objects.create(
        user=user, programme=demo_programme(), kind="agenda_verstuurd", title="Agenda stuurgroep", url="/"
    )
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, "/account/meldingen/", "notifications")
    page.wait_for_selector(".koers-badge")
    audit.check(page, "notifications with the unread count")
    audit.visit(page, "/account/meldingen/instellingen/", "notification settings")
    audit.assert_clean(covers=NOTIFICATION_PAGES)


def test_meeting_pages_pass_axe(demo, session, audit):
    """Step 5's meetings: the lists, an upcoming meeting with its agenda and suggestions, a held
    meeting with attendance, minutes and decisions, a decision with its actions, and the forms,
    also while they report errors."""
    from django.utils import timezone

    from koers.meetings.models import Meeting

    programme = demo_programme()
    base = f"/programmas/{programme.uuid}/overleggen"
    upcoming = Meeting.objects.filter(programme=programme, starts_at__gte=timezone.now()).first()
    latest = (
        Meeting.objects.filter(programme=programme, status="verslag_concept").order_by("-starts_at").first()
    )
    item = upcoming.agenda_items.order_by("order").first()
    decision = latest.decisions.order_by("number").first()
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "meetings")
    audit.visit(page, f"{base}/besluiten/", "decisions")
    audit.visit(page, f"{base}/{upcoming.uuid}/", "upcoming meeting with its agenda and suggestions")
    audit.visit(page, f"{base}/{latest.uuid}/", "held meeting with minutes and decisions")
    audit.visit(page, f"{base}/{upcoming.uuid}/bewerken/", "meeting edit")
    audit.visit(page, f"{base}/{upcoming.uuid}/agenda/{item.uuid}/", "agenda item edit")
    audit.visit(page, f"{base}/{upcoming.uuid}/agenda/{item.uuid}/verwijderen/", "agenda item remove")
    audit.visit(page, f"{base}/{upcoming.uuid}/agenda/{item.uuid}/documenten/nieuw/", "agenda document")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "agenda document with errors")
    audit.visit(page, f"{base}/{upcoming.uuid}/agenda/nieuw/", "agenda item create")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "agenda item with errors")
    audit.visit(page, f"{base}/{latest.uuid}/aanwezigheid/", "attendance")
    audit.visit(page, f"{base}/{latest.uuid}/verslag/", "minutes")
    audit.visit(page, f"{base}/{latest.uuid}/besluiten/nieuw/", "decision create")
    submit(page, "text")
    assert_shows_errors(page)
    audit.check(page, "decision create with errors")
    audit.visit(page, f"{base}/besluiten/{decision.uuid}/", "decision")
    audit.visit(page, f"{base}/besluiten/{decision.uuid}/bewerken/", "decision edit")
    audit.visit(page, f"{base}/besluiten/{decision.uuid}/acties/", "decision to actions")
    page.locator("input[name=title_1]").fill("Iets doen")
    submit(page, "title_1")
    assert_shows_errors(page)
    audit.check(page, "decision to actions with errors")
    audit.visit(page, f"{base}/nieuw/", "meeting create")
    page.locator("input[name=starts_at]").fill("2026-12-20T20:00")
    page.locator("input[name=ends_at]").fill("2026-12-20T19:00")
    submit(page, "starts_at")
    assert_shows_errors(page)
    audit.check(page, "meeting create with errors")
    audit.assert_clean(covers=MEETING_PAGES)


def test_communication_and_lesson_pages_pass_axe(demo, session, audit):
    """Step 5: the communication plan, its moments and month calendar, the lessons learned with
    their filters, and the shared library with its search, with forms also shown while they report
    errors; another municipality reads the library."""
    from koers.lessons.models import LibraryItem

    programme = demo_programme()
    base = f"/programmas/{programme.uuid}/communicatie"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "communication plan")
    audit.visit(page, f"{base}/momenten/", "communication moments")
    audit.visit(page, f"{base}/momenten/?weergave=te-laat", "overdue communication moments")
    audit.visit(page, f"{base}/momenten/kalender/", "communication calendar")
    audit.visit(page, f"{base}/momenten/kalender/?maand=2026-03", "communication calendar of March")
    audit.visit(page, f"{base}/doelgroepen/nieuw/", "audience create")
    page.locator("select[name=audience]").select_option("anders")
    submit(page, "audience_name")
    assert_shows_errors(page)
    audit.check(page, "audience create with errors")
    line = programme.communication_lines.order_by("pk").first()
    audit.visit(page, f"{base}/doelgroepen/{line.uuid}/bewerken/", "audience edit")
    audit.visit(page, f"{base}/doelgroepen/{line.uuid}/verwijderen/", "audience delete")
    audit.visit(page, f"{base}/momenten/nieuw/", "moment create")
    page.locator("input[name=title]").fill("Te vroeg")
    page.locator("input[name=planned_on]").fill("2020-01-01")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "moment create with errors")
    moment = programme.communication_moments.filter(done_on__isnull=True).order_by("planned_on").first()
    audit.visit(page, f"{base}/momenten/{moment.uuid}/bewerken/", "moment edit")
    audit.visit(page, f"{base}/momenten/{moment.uuid}/verwijderen/", "moment delete")
    audit.visit(page, f"{base}/momenten/{moment.uuid}/gedaan/", "moment done")
    page.locator("input[name=done_on]").fill("2099-01-01")
    submit(page, "done_on")
    assert_shows_errors(page)
    audit.check(page, "moment done with errors")

    lessons = f"/programmas/{programme.uuid}/lessen"
    audit.visit(page, f"{lessons}/", "lessons")
    area = programme.focus_areas.order_by("pk").first()
    audit.visit(page, f"{lessons}/?focusgebied={area.uuid}&thema=ouders", "lessons filtered")
    audit.visit(page, f"{lessons}/nieuw/", "lesson create")
    page.locator("input[name=title]").fill("Een les zonder tekst")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "lesson create with errors")
    lesson = programme.lessons.filter(publication_status="intern").order_by("pk").first()
    audit.visit(page, f"{lessons}/{lesson.uuid}/", "lesson")
    audit.visit(page, f"{lessons}/{lesson.uuid}/bewerken/", "lesson edit")
    audit.visit(page, f"{lessons}/{lesson.uuid}/verwijderen/", "lesson delete")
    page.goto(f"{lessons}/{lesson.uuid}/")
    with page.expect_navigation():
        page.locator("main form[action$='/voorstellen/'] button").click()
    audit.check(page, "lesson proposed")
    audit.visit(page, f"{lessons}/{lesson.uuid}/afwijzen/", "lesson reject")
    submit(page, "reason")
    assert_shows_errors(page)
    audit.check(page, "lesson reject with errors")

    item = LibraryItem.objects.filter(organisation=programme.organisation).order_by("pk").first()
    audit.visit(page, "/leer-van-elkaar/", "library")
    audit.visit(page, "/leer-van-elkaar/?q=ouders&focusgebied=buurt", "library search")
    audit.visit(page, f"/leer-van-elkaar/{item.uuid}/", "library item")
    audit.visit(page, f"/leer-van-elkaar/{item.uuid}/bewerken/", "library item edit")
    page.locator("input[name=title]").fill("")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "library item edit with errors")
    audit.visit(page, f"/leer-van-elkaar/{item.uuid}/intrekken/", "library item withdraw")

    other = session()
    log_in(other, OTHER_MANAGER)
    audit.visit(other, "/leer-van-elkaar/", "library for another municipality")
    audit.visit(other, f"/leer-van-elkaar/{item.uuid}/", "library item for another municipality")
    audit.visit(other, f"/leer-van-elkaar/{item.uuid}/bewerken/", "library edit elsewhere", status=404)
    audit.assert_clean(covers=COMMUNICATION_LESSON_PAGES)


# Step 6: evaluation plans and the process evaluation -----------------------------------------------


def test_every_page_of_the_app_is_checked():
    checked = VISITOR_PAGES | MANAGER_PAGES | ADMIN_PAGES | EDGE_PAGES | TEAM_PAGES | KNOWLEDGE_PAGES
    checked |= IMPORT_PAGES
    checked |= DOCUMENT_PAGES
    checked |= FINDINGS_PAGES
    checked |= FIGURE_PAGES
    checked |= PLAN_VERSION_PAGES
    checked |= PLAN_PAGES
    checked |= INTERVENTION_PAGES
    checked |= ACTION_PAGES
    checked |= NOTIFICATION_PAGES
    checked |= MEETING_PAGES
    checked |= COMMUNICATION_LESSON_PAGES
    checked |= MONITORING_PAGES
    checked |= INDICATOR_PAGES
    checked |= EVALUATION_PAGES
    checked |= EVALUATION_REPORT_PAGES
    checked |= ESTIMATE_PAGES
    checked |= VERDICT_PAGES
    checked |= SEARCH_PAGES
    checked |= API_PAGES
    checked |= ARCHIVE_PAGES
    names = set(url_names(get_resolver().url_patterns))
    assert not names - checked - NOT_PAGES.keys(), "pages without an accessibility check"
    assert not checked & NOT_PAGES.keys()
    assert not (checked | NOT_PAGES.keys()) - names, "names that are no longer in the URLs"


# Step 5: the dashboard, course adjustments, progress reports and the organisation overview -------


def test_monitoring_pages_pass_axe(demo, session, audit):
    """The dashboard, an assessment (also with errors), the course adjustments with their forms
    (also with errors) and a follow-up action with errors, the progress reports (also the form
    with errors) and the organisation overview."""
    programme = demo_programme()
    base = f"/programmas/{programme.uuid}"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/dashboard/", "dashboard")
    subproject = programme.subprojects.order_by("name").first()
    audit.visit(page, f"{base}/dashboard/deelprojecten/{subproject.uuid}/beoordeling/", "assessment")
    page.locator("input[name=standing][value=risico]").check()
    submit(page, "explanation")
    assert_shows_errors(page)
    audit.check(page, "assessment with errors")
    audit.visit(page, f"{base}/bijsturing/", "course adjustments")
    adjustment = programme.course_adjustments.order_by("pk").first()
    audit.visit(page, f"{base}/bijsturing/{adjustment.uuid}/", "course adjustment")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "follow-up action with errors")
    audit.visit(page, f"{base}/bijsturing/{adjustment.uuid}/bewerken/", "course adjustment edit")
    audit.visit(page, f"{base}/bijsturing/{adjustment.uuid}/verwijderen/", "course adjustment delete")
    audit.visit(page, f"{base}/bijsturing/nieuw/", "course adjustment create")
    page.locator("textarea[name=description]").fill("Zaterdag erbij.")
    submit(page, "description")
    assert_shows_errors(page)
    audit.check(page, "course adjustment create with errors")
    audit.visit(page, f"{base}/voortgangsrapportages/", "progress reports")
    report = programme.progress_reports.order_by("pk").first()
    audit.visit(page, f"{base}/voortgangsrapportages/{report.uuid}/", "progress report")
    audit.visit(page, f"{base}/voortgangsrapportages/nieuw/", "progress report create")
    page.locator("input[name=period_end]").fill("2020-01-01")
    submit(page, "period_end")
    assert_shows_errors(page)
    audit.check(page, "progress report create with errors")
    admin = session()
    log_in(admin, ADMIN)
    audit.visit(admin, "/portefeuille/", "organisation overview")
    audit.assert_clean(covers=MONITORING_PAGES)


# Step 6: indicators --------------------------------------------------------------------------------


def test_indicator_pages_pass_axe(demo, session, audit):
    """The indicators per sub-project, an indicator linked to the official series with its chart
    and table, a hand-measured one, and the forms, also while they report errors."""
    programme = demo_programme()
    base = f"/programmas/{programme.uuid}/indicatoren"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "indicators")
    audit.visit(page, f"{base}/nieuw/", "indicator create")
    page.locator("input[name=name]").fill("Zonder deelproject")
    page.locator("input[name=baseline_value]").fill("veel")
    submit(page, "name")
    assert_shows_errors(page)
    audit.check(page, "indicator create with errors")
    linked = programme.indicators.filter(area__isnull=False).order_by("pk").first()
    audit.visit(page, f"{base}/{linked.uuid}/", "indicator linked to a series")
    process = programme.indicators.get(kind="process")
    audit.visit(page, f"{base}/{process.uuid}/", "indicator measured by hand")
    audit.visit(page, f"{base}/{process.uuid}/bewerken/", "indicator edit")
    audit.visit(page, f"{base}/{process.uuid}/verwijderen/", "indicator delete")
    audit.visit(page, f"{base}/{process.uuid}/metingen/nieuw/", "measurement create")
    page.locator("input[name=period]").fill("ooit")
    page.locator("input[name=value]").fill("veel")
    submit(page, "period")
    assert_shows_errors(page)
    audit.check(page, "measurement create with errors")
    measurement = process.measurements.order_by("period_date").first()
    audit.visit(page, f"{base}/{process.uuid}/metingen/{measurement.uuid}/bewerken/", "measurement edit")
    audit.visit(page, f"{base}/{process.uuid}/metingen/{measurement.uuid}/verwijderen/", "measurement delete")
    audit.assert_clean(covers=INDICATOR_PAGES)


# Step 6: the evaluation report and sharing an evaluation summary ---------------------------------

EVALUATION_REPORT_PAGES = {"evaluation_publish"}
NOT_PAGES.update(
    {
        "evaluation_report_download": "a PDF or ODT download",
        "evaluation_summary_download": "a PDF or ODT download",
    }
)


def test_evaluation_report_and_sharing_pages_pass_axe(demo, session, audit):
    """The plan page with its report section, the publish form (also with errors), the published
    evaluation summary in the library (for the publisher and for another municipality), the
    library filtered on evaluation summaries, and the golden thread with effects and decisions."""
    from koers.lessons.models import LibraryItem
    from tests import evaluation_reports_data

    programme = demo_programme()
    manager = User.objects.get(email=MANAGER)
    found = evaluation_reports_data.evaluated(programme, manager, name="Straatcoaches (toets)")
    base = f"/programmas/{programme.uuid}/evaluatie/{found['sub'].uuid}"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "evaluation plan with its report section")
    audit.visit(page, f"{base}/delen/", "evaluation publish")
    page.locator("input[name=title]").fill("")
    page.locator("textarea[name=summary]").fill("")
    submit(page, "title")
    assert_shows_errors(page)
    audit.check(page, "evaluation publish with errors")
    page.locator("input[name=title]").fill("Straatcoaches op vrijdagavond")
    page.locator("textarea[name=summary]").fill("De overlast daalde, het interval is breed.")
    page.locator("textarea[name=worked]").fill("Vaste koppels.")
    submit(page, "title")
    audit.check(page, "evaluation summary in the library")
    item = LibraryItem.objects.get(verdict=found["verdict"])
    audit.visit(page, "/leer-van-elkaar/?soort=evaluatie", "library of evaluation summaries")
    audit.visit(page, f"/programmas/{programme.uuid}/plan/rode-draad/", "golden thread with effects")
    other = session()
    log_in(other, OTHER_MANAGER)
    audit.visit(other, f"/leer-van-elkaar/{item.uuid}/", "evaluation summary for another municipality")
    audit.assert_clean(covers=EVALUATION_REPORT_PAGES)


# Step 6: effect estimates --------------------------------------------------------------------------


def test_estimate_pages_pass_axe(demo, session, audit):
    """The plan page with its estimates, the form (also with errors), an estimate with its
    pre-trend picture and data, a declined estimate, and the interpretation and removal forms."""
    import datetime

    from koers.accounts.models import User
    from koers.evaluation import estimates

    programme = demo_programme()
    subproject = programme.subprojects.get(name="Straatcoaches Noord")
    plan = subproject.evaluation_plan
    indicator = subproject.indicators.filter(area__isnull=False).order_by("pk").first()
    manager = User.objects.get(email=MANAGER)
    groups = estimates.plan_groups(plan, indicator, "did_panel")
    data = estimates.assemble(indicator, groups, datetime.date(2100, 1, 1))
    periods = data.periods() if data else []
    middle = str(periods[len(periods) // 2])  # "2025" or "2025-12": a start with periods on both sides
    start = datetime.date(int(middle[:4]), int(middle[5:7]) if len(middle) >= 7 else 1, 1)
    panel = estimates.estimate_create(
        actor=manager, plan=plan, indicator=indicator, method="did_panel", intervention_start=start
    )
    declined = estimates.estimate_create(
        actor=manager,
        plan=plan,
        indicator=indicator,
        method="wdd",
        intervention_start=datetime.date(2099, 1, 1),
    )
    assert declined.declined
    base = f"/programmas/{programme.uuid}/evaluatie/{subproject.uuid}"
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "evaluation plan with estimates")
    audit.visit(page, f"{base}/effecten/nieuw/", "estimate create")
    page.locator("input[name=intervention_start]").fill("1990-01-01")
    submit(page, "intervention_start")
    assert_shows_errors(page)
    audit.check(page, "estimate create with errors")
    audit.visit(page, f"{base}/effecten/{panel.uuid}/", "estimate")
    audit.visit(page, f"{base}/effecten/{declined.uuid}/", "declined estimate")
    audit.visit(page, f"{base}/effecten/{panel.uuid}/bewerken/", "estimate note")
    audit.visit(page, f"{base}/effecten/{panel.uuid}/verwijderen/", "estimate delete")
    audit.assert_clean(covers=ESTIMATE_PAGES)


# Step 6: verdicts, decisions and embedding plans -----------------------------------------------------


def test_verdict_pages_pass_axe(demo, session, audit):
    """The evaluation overview with its verdict column, the plan pages with a verdict (promising,
    and embedded with its embedding plan and follow-up actions), the verdict form (also with errors)
    and the embedding plan's form (also with errors)."""
    from koers.evaluation.models import Verdict

    programme = demo_programme()
    base = f"/programmas/{programme.uuid}/evaluatie"
    subprojects = {s.name: s for s in programme.subprojects.all()}
    embedded = Verdict.objects.get(plan__subproject=subprojects["Geen geldezel"])
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, f"{base}/", "evaluation overview with verdicts")
    audit.visit(page, f"{base}/{subprojects['Straatcoaches Noord'].uuid}/", "plan with a verdict")
    audit.visit(page, f"{base}/{subprojects['Geen geldezel'].uuid}/", "plan with an embedding plan")
    ouders = subprojects["Ouders in gesprek"]
    audit.visit(page, f"{base}/{ouders.uuid}/oordeel/nieuw/", "verdict create")
    page.locator("input[name=conclusion][value=veelbelovend]").check()
    page.locator("select[name=evidence_level]").select_option("effectief_sterke")
    page.locator("input[name=decision][value=inbedden]").check()
    page.locator("input[name=title_1]").fill("Afspraken maken")
    submit(page, "reasoning")
    assert_shows_errors(page)
    audit.check(page, "verdict create with errors")
    path = f"{base}/{subprojects['Geen geldezel'].uuid}/oordeel/{embedded.uuid}/borging/"
    audit.visit(page, path, "embedding plan edit")
    page.locator("textarea[name=conditions]").fill("")
    page.locator("input[name=funding_amount]").fill("0")
    submit(page, "conditions")
    assert_shows_errors(page)
    audit.check(page, "embedding plan edit with errors")
    audit.assert_clean(covers=VERDICT_PAGES)


# Search (ADR 0042) --------------------------------------------------------------------------------


def test_search_pages_pass_axe_and_the_header_search_works_by_keyboard(demo, session, audit):
    """The search of a programme (empty, with results, one kind, a second page, an error and
    nothing found) and the search of every programme; the header's search box is the third stop
    of the Tab key (after the skip link and the logo) and Enter searches the programme."""
    programme = demo_programme()
    base = f"/programmas/{programme.uuid}/zoeken/"
    page = session()
    log_in(page, MANAGER)
    page.goto(f"/programmas/{programme.uuid}/")
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "koers-zoekvak"
    page.keyboard.type("jongeren")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == base
    assert page.locator(".koers-search-result").count() > 0
    audit.check(page, "programme search with results")
    audit.visit(page, base, "programme search")
    audit.visit(page, f"{base}?q=jongeren&soort=actie", "programme search, one kind")
    audit.visit(page, f"{base}?q=", "programme search without words")
    assert_shows_errors(page)
    audit.visit(page, f"{base}?q=onvindbaarwoord", "programme search without results")
    audit.visit(page, "/zoeken/?q=jongeren", "search of every programme")
    audit.visit(page, "/zoeken/", "search of every programme, empty")
    audit.assert_clean(covers=SEARCH_PAGES)


# The REST API: the documentation page and the personal API keys -----------------------------------

API_PAGES = {"api_documentation", "api_token_list"}
NOT_PAGES.update(
    {
        "api_token_revoke": "POST action that redirects to the keys page",
        "api_schema_yaml": "the OpenAPI document (YAML)",
        "api_schema_json": "the OpenAPI document (JSON)",
        **{
            name: "a JSON endpoint of the REST API"
            for name in (
                "api_programmes",
                "api_programme",
                "api_programme_status",
                "api_partner_types",
                "api_partners",
                "api_partner",
                "api_people",
                "api_person",
                "api_bodies",
                "api_body",
            )
        },
    }
)


def test_api_pages_pass_axe(demo, session, audit):
    """The keys page empty, with a new key shown once and with the key in the list; the API's
    documentation page."""
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, "/account/api-sleutels/", "API keys")
    page.get_by_label("Naam").fill("Maandrapportage")
    with page.expect_navigation():
        page.get_by_role("button", name="Sleutel maken").click()
    page.wait_for_selector("#new-key")
    audit.check(page, "API keys with the new key shown once")
    audit.visit(page, "/api/documentatie/", "API documentation")
    audit.assert_clean(covers=API_PAGES)


# The programme archive (ADR 0044) -------------------------------------------------------------------

ARCHIVE_PAGES = {"programme_import"}
NOT_PAGES["programme_export"] = "a download (the programme archive, a zip file)"


def test_programme_import_page_passes_axe_empty_and_with_errors(demo, session, audit):
    """The import page as the programme manager, and again after sending it without a file: the
    error is shown with the field."""
    page = session()
    log_in(page, MANAGER)
    audit.visit(page, "/programmas/importeren/", "programme import")
    page.evaluate("document.querySelector('input[type=file]').removeAttribute('required')")
    with page.expect_navigation():
        page.get_by_role("button", name="Programma importeren").click()
    assert_shows_errors(page)
    audit.check(page, "programme import with an error")
    audit.assert_clean(covers=ARCHIVE_PAGES)
