"""The access matrix: every URL of Koers with the status each role gets, on its own
organisation's objects and on another organisation's.

Every URL name (and every unnamed route) must have a row here; ``test_access_matrix`` walks the
URL configuration and fails on a missing row or a different answer. Later features add rows.

Roles: ``anonymous``; the programme roles of the own programme (``programmamanager`` …
``meelezer``); ``beheerder`` (organisation administrator without a programme role); ``lid``
(organisation member without a programme role); ``superuser`` (installation administrator, member
of no organisation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ANON = "anonymous"
PROGRAMME_ROLES = (
    "programmamanager",
    "kwartiermaker",
    "teamlid",
    "stuurgroeplid",
    "onderzoeker",
    "meelezer",
)
ORG_ADMIN = "beheerder"
ORG_MEMBER = "lid"
SUPERUSER = "superuser"
ROLES = (ANON, *PROGRAMME_ROLES, ORG_ADMIN, ORG_MEMBER, SUPERUSER)
AUTHENTICATED = tuple(r for r in ROLES if r != ANON)

OK, REDIRECT, FORBIDDEN, NOT_FOUND, GONE, NOT_ALLOWED = 200, 302, 403, 404, 410, 405
CREATED, NO_CONTENT, BAD_REQUEST, UNAUTHORIZED = 201, 204, 400, 401


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Statuses for every role: ``default`` unless overridden (``anonymous=302`` etc.)."""
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    return {role: overrides.get(role, default) for role in ROLES}


def only(
    allowed: tuple[str, ...], status: int = OK, *, others: int = FORBIDDEN, **overrides: int
) -> dict[str, int]:
    """``status`` for the ``allowed`` roles, ``others`` for the rest, 302 for anonymous."""
    result = {role: status if role in allowed else others for role in ROLES}
    result[ANON] = REDIRECT
    result.update(overrides)
    return result


FOREIGN_DEFAULT = expect(NOT_FOUND, anonymous=REDIRECT)
PROGRAMME_READERS = (*PROGRAMME_ROLES, ORG_ADMIN)
MANAGER = ("programmamanager",)


@dataclass(frozen=True)
class Row:
    name: str
    own: dict[str, int]
    method: str = "GET"
    kwargs: Callable[[Any, str], dict[str, Any]] = lambda world, scope: {}
    data: Callable[[Any, str], dict[str, Any]] = lambda world, scope: {}
    foreign: dict[str, int] | None = field(default_factory=lambda: None)
    #: An API endpoint: the request sends ``data`` as JSON with ``method`` (GET, POST, PUT, PATCH,
    #: DELETE); one row per URL name and method.
    api: bool = False

    @property
    def id(self) -> str:
        return f"{self.name}-{self.method.lower()}" if self.api else self.name


def prog(world: Any, scope: str) -> dict[str, Any]:
    return {"programme_uuid": world.programme(scope).uuid}


def prog_member(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "membership_uuid": world.programme_membership(scope).uuid}


def prog_invitation(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "invitation_uuid": world.invitation(scope).uuid}


def team_person(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "person_uuid": world.person(scope).uuid}


def knowledge_source(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "source_uuid": world.source(scope).uuid}


def knowledge_experience(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "experience_uuid": world.experience(scope).uuid}


SOURCE_EDITORS = ("programmamanager", "onderzoeker")
EXPERIENCE_AUTHORS = ("programmamanager", "kwartiermaker", "teamlid", "onderzoeker")


def finding_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "finding_uuid": world.finding(scope).uuid}


def finding_evidence_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**finding_kwargs(world, scope), "evidence_uuid": world.finding_evidence(scope).uuid}


FINDING_EDITORS = ("programmamanager", "kwartiermaker", "teamlid", "onderzoeker")


# Step 4's actions
def action_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "action_uuid": world.action(scope).uuid}


def action_subproject_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "subproject_uuid": world.action_subproject(scope).uuid}


def action_organisation_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "organisation_uuid": world.partner(scope).uuid}


ACTION_WRITERS = ("programmamanager", "kwartiermaker")


def team_body(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "body_uuid": world.body(scope).uuid}


def partner(world: Any, scope: str) -> dict[str, Any]:
    return {"partner_uuid": world.partner(scope).uuid}


ROWS: tuple[Row, ...] = (
    # Shell
    Row("home", expect(REDIRECT)),
    Row("accessibility", expect(OK)),
    Row("health", expect(OK)),
    Row("health_alive", expect(OK)),
    Row("health_ready", expect(OK)),
    Row(
        "set_language",
        expect(REDIRECT),
        method="POST",
        data=lambda w, s: {"language": "en", "next": "/"},
    ),
    Row("demo_mailbox", expect(OK)),
    Row("demo_mailbox_message", expect(OK), kwargs=lambda w, s: {"key": "0"}),
    # Programmes
    Row("programme_list", only(AUTHENTICATED, superuser=REDIRECT)),
    Row("programme_create", only(("programmamanager", ORG_ADMIN), superuser=NOT_FOUND)),
    Row(
        "programme_detail",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row("programme_edit", only(MANAGER, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT),
    Row(
        "programme_status",
        only(MANAGER, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=prog,
        data=lambda w, s: {"status": "afgerond"},
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "programme_members",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "programme_member_edit",
        only(MANAGER, superuser=NOT_FOUND),
        kwargs=prog_member,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "invitation_resend",
        only(MANAGER, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=prog_invitation,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "invitation_revoke",
        only(MANAGER, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=prog_invitation,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "programme_history",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "analysis_overview",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    # Step 2: official figures (read by every member who can view the programme)
    *(
        Row(name, only(PROGRAMME_READERS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT)
        for name in ("analysis_trend", "analysis_comparison", "analysis_youth")
    ),
    # The invitation link is its own credential: the invited address may use it, nobody else.
    Row(
        "invitation_accept",
        expect(FORBIDDEN, anonymous=OK),
        kwargs=lambda w, s: {"token": w.invitation_token(s)},
        foreign=expect(FORBIDDEN, anonymous=OK),
    ),
    # Organisations
    Row(
        "organisation_switch",
        only(AUTHENTICATED, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        data=lambda w, s: {"organisation": str(w.organisation(s).uuid)},
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "organisation_logo",
        expect(OK),
        kwargs=lambda w, s: {"organisation_uuid": w.organisation(s).uuid},
        foreign=expect(OK),
    ),
    Row("organisation_members", only((ORG_ADMIN,), superuser=NOT_FOUND)),
    Row("organisation_member_add", only((ORG_ADMIN,), superuser=NOT_FOUND)),
    Row(
        "organisation_member_edit",
        only((ORG_ADMIN,), superuser=NOT_FOUND),
        kwargs=lambda w, s: {"membership_uuid": w.organisation_membership(s).uuid},
        foreign=expect(FORBIDDEN, anonymous=REDIRECT, beheerder=NOT_FOUND, superuser=NOT_FOUND),
    ),
    Row("organisation_settings", only((ORG_ADMIN,), superuser=NOT_FOUND)),
    Row("organisation_activity", only((ORG_ADMIN,), superuser=NOT_FOUND)),
    Row("installation_organisations", only((SUPERUSER,))),
    Row("installation_organisation_create", only((SUPERUSER,))),
    # Accounts (Koers's own pages)
    Row("account_profile", only(AUTHENTICATED)),
    Row("mfa_required", only(AUTHENTICATED)),
    # Accounts (django-allauth). Sign-up is closed: accounts come from invitations.
    Row("account_login", expect(REDIRECT, anonymous=OK)),
    Row("account_logout", expect(OK, anonymous=REDIRECT)),
    Row("account_inactive", expect(OK)),
    Row("account_signup", expect(REDIRECT, anonymous=OK)),
    Row("account_reauthenticate", only(AUTHENTICATED)),
    Row("account_request_reauthentication_code", expect(REDIRECT)),
    Row("account_confirm_reauthentication_code", expect(REDIRECT)),
    Row("account_email", expect(REDIRECT)),  # replaced by the profile: one login address
    Row("account_email_verification_sent", expect(OK)),
    Row("account_change_password", only(AUTHENTICATED)),
    Row("account_set_password", expect(REDIRECT)),
    Row("account_reset_password", expect(OK)),
    Row("account_confirm_login_code", expect(REDIRECT)),
    Row("account_confirm_email", expect(OK), kwargs=lambda w, s: {"key": "onbekend"}),
    Row("account_reset_password_from_key_done", expect(OK)),
    Row(
        "account_reset_password_from_key",
        expect(OK),
        kwargs=lambda w, s: {"uidb36": "1", "key": "x-y"},
    ),
    Row("account_reset_password_done", expect(OK)),
    Row("mfa_index", only(AUTHENTICATED)),
    Row("mfa_authenticate", expect(REDIRECT)),
    Row("mfa_reauthenticate", expect(REDIRECT)),
    # Adding or removing an authenticator asks for the password again first (reauthentication).
    Row("mfa_activate_totp", expect(REDIRECT)),
    Row("mfa_deactivate_totp", only(AUTHENTICATED, NOT_FOUND)),
    Row("mfa_view_recovery_codes", only(AUTHENTICATED, NOT_FOUND)),
    Row("mfa_generate_recovery_codes", only(AUTHENTICATED, REDIRECT)),
    Row("mfa_download_recovery_codes", only(AUTHENTICATED, NOT_FOUND)),
    Row("mfa_list_webauthn", only(AUTHENTICATED)),
    Row("mfa_add_webauthn", expect(REDIRECT)),
    Row("mfa_reauthenticate_webauthn", expect(REDIRECT)),
    Row("mfa_remove_webauthn", expect(REDIRECT), kwargs=lambda w, s: {"pk": 999999}),
    Row("mfa_edit_webauthn", expect(REDIRECT), kwargs=lambda w, s: {"pk": 999999}),
    Row("socialaccount_login_cancelled", expect(OK)),
    Row("socialaccount_login_error", expect(401)),
    Row("socialaccount_signup", expect(REDIRECT)),
    Row("socialaccount_connections", only(AUTHENTICATED)),
    Row("openid_connect_login", expect(NOT_FOUND), kwargs=lambda w, s: {"provider_id": "onbekend"}),
    Row(
        "openid_connect_callback",
        expect(NOT_FOUND),
        kwargs=lambda w, s: {"provider_id": "onbekend"},
    ),
)

# Step 1 — the team. Everyone in the programme (and the organisation's administrators) reads it;
# the programme manager changes it; a team member edits their own person record (the world's
# person is the teamlid's own) and a kwartiermaker the working group they chair (the world's body).
ROWS += (
    Row(
        "team_overview",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row("team_person_create", only(MANAGER, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT),
    Row(
        "team_person_edit",
        only(("programmamanager", "teamlid"), superuser=NOT_FOUND),
        kwargs=team_person,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "team_person_remove",
        only(MANAGER, superuser=NOT_FOUND),
        kwargs=team_person,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "team_bodies",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row("team_body_create", only(MANAGER, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT),
    Row(
        "team_body_edit",
        only(("programmamanager", "kwartiermaker"), superuser=NOT_FOUND),
        kwargs=team_body,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "team_body_delete",
        only(MANAGER, superuser=NOT_FOUND),
        kwargs=team_body,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "knowledge_sources",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "knowledge_source_create",
        only(SOURCE_EDITORS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "knowledge_source_detail",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=knowledge_source,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "knowledge_source_edit",
        only(SOURCE_EDITORS, superuser=NOT_FOUND),
        kwargs=knowledge_source,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "knowledge_source_delete",
        only(SOURCE_EDITORS, superuser=NOT_FOUND),
        kwargs=knowledge_source,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "knowledge_source_document",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=knowledge_source,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "knowledge_experiences",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "knowledge_experience_create",
        only(EXPERIENCE_AUTHORS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "knowledge_experience_edit",
        only(("teamlid",), superuser=NOT_FOUND),
        kwargs=knowledge_experience,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "knowledge_experience_delete",
        only(("teamlid", "programmamanager"), superuser=NOT_FOUND),
        kwargs=knowledge_experience,
        foreign=FOREIGN_DEFAULT,
    ),
    # Step 2's findings: editors write and discuss, the writer and the manager remove, the
    # manager adopts; everyone in the programme reads.
    Row("findings", only(PROGRAMME_READERS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT),
    Row("finding_create", only(FINDING_EDITORS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT),
    Row(
        "finding_detail",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=finding_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "finding_edit",
        only(FINDING_EDITORS, superuser=NOT_FOUND),
        kwargs=finding_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "finding_delete",
        only(("teamlid", "programmamanager"), superuser=NOT_FOUND),
        kwargs=finding_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "finding_status",
        only(MANAGER, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=finding_kwargs,
        data=lambda w, s: {"status": "vastgesteld"},
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "finding_evidence_add",
        only(FINDING_EDITORS, superuser=NOT_FOUND),
        kwargs=finding_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "finding_evidence_remove",
        only(FINDING_EDITORS, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=finding_evidence_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "finding_comment",
        only(FINDING_EDITORS, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=finding_kwargs,
        data=lambda w, s: {"text": "Herken ik."},
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "finding_stance",
        only(FINDING_EDITORS, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=finding_kwargs,
        data=lambda w, s: {"stance": "eens"},
        foreign=FOREIGN_DEFAULT,
    ),
    # Step 4's actions: everyone in the programme reads; the manager and the kwartiermaker of
    # the sub-project write; the owner (the teamlid's record) changes the status.
    *(
        Row(name, only(PROGRAMME_READERS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT)
        for name in ("actions_overview", "actions", "actions_mine", "actions_overdue", "actions_calendar")
    ),
    Row(
        "actions_subproject",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=action_subproject_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "actions_organisation",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=action_organisation_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "actions_raci",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=action_subproject_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row("action_create", only(ACTION_WRITERS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT),
    Row(
        "action_detail",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=action_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "action_edit",
        only(ACTION_WRITERS, superuser=NOT_FOUND),
        kwargs=action_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "action_delete",
        only(ACTION_WRITERS, superuser=NOT_FOUND),
        kwargs=action_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "action_status",
        only((*ACTION_WRITERS, "teamlid"), REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=action_kwargs,
        data=lambda w, s: {"status": "bezig"},
        foreign=FOREIGN_DEFAULT,
    ),
    # The calendar feed and reminder settings of one's own actions: every account has them; the
    # feed answers its secret address without a login.
    Row("actions_settings", only(AUTHENTICATED)),
    Row("actions_feed", expect(OK), kwargs=lambda w, s: {"token": w.feed_token}),
    # Notifications: a person's own, in the account area
    Row("notification_list", only(AUTHENTICATED)),
    Row("notification_count", only(AUTHENTICATED)),
    Row("notification_settings", only(AUTHENTICATED)),
    Row("notification_all_read", expect(REDIRECT), method="POST"),
    Row(
        "notification_open",
        only(("teamlid",), REDIRECT, others=NOT_FOUND),
        method="POST",
        kwargs=lambda w, s: {"notification_uuid": w.notification(s).uuid},
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "team_agreements",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "team_agreement_edit",
        only(MANAGER, superuser=NOT_FOUND),
        kwargs=lambda w, s: {**prog(w, s), "kind": "meeting"},
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "team_partners",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    # Exports of step 1: whoever reads the team may download them.
    Row(
        "team_export",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=lambda w, s: {**prog(w, s), "fmt": "csv"},
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "team_agreements_document",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=lambda w, s: {**prog(w, s), "fmt": "odt"},
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "team_orgchart",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    # The organisation's partner list: every member reads it; administrators and programme
    # managers keep it. Another organisation's partner is not found.
    Row("partner_list", only(AUTHENTICATED, superuser=NOT_FOUND)),
    Row("partner_create", only(("programmamanager", ORG_ADMIN), superuser=NOT_FOUND)),
    Row("partner_type_create", only(("programmamanager", ORG_ADMIN), superuser=NOT_FOUND)),
    Row(
        "partner_edit",
        only(("programmamanager", ORG_ADMIN), superuser=NOT_FOUND),
        kwargs=partner,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "partner_delete",
        only(("programmamanager", ORG_ADMIN), superuser=NOT_FOUND),
        kwargs=partner,
        foreign=FOREIGN_DEFAULT,
    ),
)


# Official statistics: installation-wide reference data, imported by the installation administrator
# only (everyone else 403). The world's import job is a successful dry run that can be confirmed; it
# needs no column mapping, so its mapping page sends the administrator on to the job page.
def import_job(world: Any, scope: str) -> dict[str, Any]:
    return {"job_uuid": world.import_job(scope).uuid}


ROWS += (
    Row("installation_statistics", only((SUPERUSER,))),
    Row("import_create", only((SUPERUSER,)), kwargs=lambda w, s: {"kind": "gebieden"}),
    Row("import_job", only((SUPERUSER,)), kwargs=import_job),
    Row("import_job_status", only((SUPERUSER,)), kwargs=import_job),
    Row("import_job_mapping", only((SUPERUSER,), superuser=REDIRECT), kwargs=import_job),
    Row("import_job_confirm", only((SUPERUSER,), REDIRECT), method="POST", kwargs=import_job),
)

# Step 2 — the safety analysis document. Everyone who reads the programme reads the page and
# downloads a version; programme managers and researchers generate a new version.
DOCUMENT_MAKERS = ("programmamanager", "onderzoeker")


def analysis_document(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "document_uuid": world.analysis_document(scope).uuid, "fmt": "pdf"}


ROWS += (
    Row(
        "analysis_document",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "analysis_document_generate",
        only(DOCUMENT_MAKERS, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "analysis_document_download",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=analysis_document,
        foreign=FOREIGN_DEFAULT,
    ),
)

# Plan versions (steps 3 and 4) ---------------------------------------------------------------


def plan_version(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "number": 1}


def plan_concept(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "number": 2}


ROWS += (
    Row("plan_versions", only(PROGRAMME_READERS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT),
    Row(
        "plan_version_create",
        only(MANAGER, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "plan_version_detail",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=plan_version,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "plan_version_submit",
        only(MANAGER, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=plan_concept,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        # Without a body and a date the form is refused and nothing changes.
        "plan_version_approve",
        only(MANAGER, 400, superuser=NOT_FOUND),
        method="POST",
        kwargs=plan_concept,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "plan_version_files",
        only(MANAGER, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=plan_concept,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        # A submitted version back to concept; on the concept the workflow refuses, with a message.
        "plan_version_withdraw",
        only(MANAGER, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=plan_concept,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "plan_version_files_status",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=plan_version,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "plan_version_difference",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=lambda world, scope: {**prog(world, scope), "number": 1, "other": 2},
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "plan_version_download",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=lambda world, scope: {**plan_version(world, scope), "fmt": "pdf"},
        foreign=FOREIGN_DEFAULT,
    ),
)

# Step 3, the plan of approach: the programme manager edits everything, the kwartiermaker edits
# the sub-project they lead, everyone in the programme reads.
PLAN_SUB_EDITORS = ("programmamanager", "kwartiermaker")


def plan_focus_area(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "area_uuid": world.plan_focus_area(scope).uuid}


def plan_goal(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "goal_uuid": world.plan_goal(scope).uuid}


def plan_subproject(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "subproject_uuid": world.plan_subproject(scope).uuid}


def plan_budget_line(world: Any, scope: str) -> dict[str, Any]:
    return {**plan_subproject(world, scope), "line_id": world.plan_budget_line(scope).pk}


def plan_milestone(world: Any, scope: str) -> dict[str, Any]:
    return {**plan_subproject(world, scope), "milestone_uuid": world.plan_milestone(scope).uuid}


def _plan_read(name: str, kwargs: Any = prog) -> Row:
    return Row(name, only(PROGRAMME_READERS, superuser=NOT_FOUND), kwargs=kwargs, foreign=FOREIGN_DEFAULT)


def _plan_write(
    name: str, allowed: tuple[str, ...], kwargs: Any = prog, *, post: bool = False, data: Any = None
) -> Row:
    extra: dict[str, Any] = {"method": "POST"} if post else {}
    if data is not None:
        extra["data"] = data
    return Row(
        name,
        only(allowed, REDIRECT if post else OK, superuser=NOT_FOUND),
        kwargs=kwargs,
        foreign=FOREIGN_DEFAULT,
        **extra,
    )


ROWS += (
    _plan_read("plan_overview"),
    _plan_read("plan_focus_areas"),
    _plan_write("plan_focus_area_create", MANAGER),
    _plan_write("plan_focus_area_edit", MANAGER, plan_focus_area),
    _plan_write(
        "plan_focus_area_toggle", MANAGER, plan_focus_area, post=True, data=lambda w, s: {"active": "0"}
    ),
    _plan_write("plan_focus_area_delete", MANAGER, plan_focus_area),
    _plan_read("plan_goals"),
    _plan_write("plan_goal_create", MANAGER),
    _plan_read("plan_goal_detail", plan_goal),
    _plan_write("plan_goal_edit", MANAGER, plan_goal),
    _plan_write("plan_goal_delete", MANAGER, plan_goal),
    _plan_read("plan_subprojects"),
    _plan_write("plan_subproject_create", MANAGER),
    _plan_read("plan_subproject_detail", plan_subproject),
    _plan_write("plan_subproject_edit", PLAN_SUB_EDITORS, plan_subproject),
    _plan_write("plan_subproject_delete", MANAGER, plan_subproject),
    _plan_write(
        "plan_subproject_status",
        PLAN_SUB_EDITORS,
        plan_subproject,
        post=True,
        data=lambda w, s: {"status": "voorbereiding"},
    ),
    _plan_write("plan_budget_line_add", PLAN_SUB_EDITORS, plan_subproject),
    _plan_write("plan_budget_line_edit", PLAN_SUB_EDITORS, plan_budget_line),
    _plan_write("plan_budget_line_remove", PLAN_SUB_EDITORS, plan_budget_line, post=True),
    _plan_write("plan_milestone_add", PLAN_SUB_EDITORS, plan_subproject),
    _plan_write("plan_milestone_edit", PLAN_SUB_EDITORS, plan_milestone),
    _plan_write("plan_milestone_remove", PLAN_SUB_EDITORS, plan_milestone, post=True),
    _plan_read("plan_timeline"),
    _plan_read("plan_golden_thread"),
)

# Routes without a name (allauth's older aliases), keyed by their route.
UNNAMED_ROUTES = {
    "account/social/login/cancelled/": expect(301),
    "account/social/login/error/": expect(301),
    "account/social/signup/": expect(301),
    "account/social/connections/": expect(301),
}


# Steps 3-4: the interventions registry and a sub-project's interventions --------------------------


def intervention_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {"intervention_uuid": world.intervention(scope).uuid}


def subproject_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "subproject_uuid": world.subproject(scope).uuid}


INTERVENTION_KEEPERS = ("programmamanager", ORG_ADMIN)

ROWS += (
    Row("intervention_list", only(AUTHENTICATED)),
    Row("intervention_create", only((*INTERVENTION_KEEPERS, SUPERUSER))),
    Row(
        "intervention_detail",
        only(AUTHENTICATED, superuser=NOT_FOUND),
        kwargs=intervention_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "intervention_edit",
        only(INTERVENTION_KEEPERS, superuser=NOT_FOUND),
        kwargs=intervention_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "intervention_delete",
        only(INTERVENTION_KEEPERS, superuser=NOT_FOUND),
        kwargs=intervention_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "subproject_interventions",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=subproject_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
)


# Step 5's meetings: everyone in the programme reads; the programme manager and the chair or
# secretary of the body (here: the kwartiermaker, who chairs the working group) prepare and minute.


def meeting_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "meeting_uuid": world.meeting(scope).uuid}


def meeting_item_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**meeting_kwargs(world, scope), "item_uuid": world.meeting_item(scope).uuid}


def meeting_document_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "document_uuid": world.meeting_document(scope).uuid}


def decision_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "decision_uuid": world.decision(scope).uuid}


MEETING_KEEPERS = ("programmamanager", "kwartiermaker")


def _meeting_row(name: str, kwargs: Any, allowed: tuple[str, ...] = PROGRAMME_READERS, **extra: Any) -> Row:
    status = REDIRECT if extra.get("method") == "POST" else OK
    return Row(
        name, only(allowed, status, superuser=NOT_FOUND), kwargs=kwargs, foreign=FOREIGN_DEFAULT, **extra
    )


ROWS += (
    _meeting_row("meetings", prog),
    _meeting_row("decisions", prog),
    _meeting_row("meeting_create", prog, MEETING_KEEPERS),
    _meeting_row("meeting_detail", meeting_kwargs),
    _meeting_row("meeting_edit", meeting_kwargs, MEETING_KEEPERS),
    _meeting_row(
        "meeting_status",
        meeting_kwargs,
        MEETING_KEEPERS,
        method="POST",
        data=lambda w, s: {"status": "agenda_verstuurd"},
    ),
    _meeting_row("agenda_item_create", meeting_kwargs, MEETING_KEEPERS),
    _meeting_row(
        "agenda_suggestion_add",
        meeting_kwargs,
        MEETING_KEEPERS,
        method="POST",
        data=lambda w, s: {"key": "x"},
    ),
    _meeting_row("agenda_item_edit", meeting_item_kwargs, MEETING_KEEPERS),
    _meeting_row("agenda_item_delete", meeting_item_kwargs, MEETING_KEEPERS),
    _meeting_row(
        "agenda_item_move",
        meeting_item_kwargs,
        MEETING_KEEPERS,
        method="POST",
        data=lambda w, s: {"direction": "up"},
    ),
    _meeting_row("agenda_document_add", meeting_item_kwargs, MEETING_KEEPERS),
    _meeting_row("agenda_document_download", meeting_document_kwargs),
    _meeting_row("agenda_document_remove", meeting_document_kwargs, MEETING_KEEPERS, method="POST"),
    _meeting_row("meeting_attendance", meeting_kwargs, MEETING_KEEPERS),
    _meeting_row("meeting_minutes", meeting_kwargs, MEETING_KEEPERS),
    _meeting_row("meeting_minutes_download", lambda w, s: {**meeting_kwargs(w, s), "fmt": "odt"}),
    _meeting_row("decision_create", meeting_kwargs, MEETING_KEEPERS),
    _meeting_row("decision_detail", decision_kwargs),
    _meeting_row("decision_edit", decision_kwargs, MEETING_KEEPERS),
    _meeting_row("decision_actions", decision_kwargs, MEETING_KEEPERS),
)


# Step 5: the communication plan, the lessons learned and the shared library -----------------------


def communication_line_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "line_uuid": world.communication_line(scope).uuid}


def communication_moment_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "moment_uuid": world.communication_moment(scope).uuid}


def lesson_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "lesson_uuid": world.lesson(scope).uuid}


def library_item_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {"item_uuid": world.library_item(scope).uuid}


# The plan: everyone in the programme reads; the manager keeps it; the teamlid's record is
# responsible for the moment, so the teamlid marks it done. Lessons: the manager and the
# kwartiermaker (author, and lead of the sub-project) write; the manager approves publication.
LESSON_WRITERS = ("programmamanager", "kwartiermaker")
LIBRARY_PUBLISHERS = ("programmamanager", ORG_ADMIN)

ROWS += (
    *(
        Row(name, only(PROGRAMME_READERS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT)
        for name in ("communication_plan", "communication_moments", "communication_calendar")
    ),
    Row(
        "communication_line_create", only(MANAGER, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT
    ),
    *(
        Row(
            name,
            only(MANAGER, superuser=NOT_FOUND),
            kwargs=communication_line_kwargs,
            foreign=FOREIGN_DEFAULT,
        )
        for name in ("communication_line_edit", "communication_line_delete")
    ),
    Row(
        "communication_moment_create",
        only(MANAGER, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    *(
        Row(
            name,
            only(MANAGER, superuser=NOT_FOUND),
            kwargs=communication_moment_kwargs,
            foreign=FOREIGN_DEFAULT,
        )
        for name in ("communication_moment_edit", "communication_moment_delete")
    ),
    Row(
        "communication_moment_done",
        only((*MANAGER, "teamlid"), superuser=NOT_FOUND),
        kwargs=communication_moment_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row("lessons", only(PROGRAMME_READERS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT),
    Row("lesson_create", only(LESSON_WRITERS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT),
    Row(
        "lesson_detail",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=lesson_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    *(
        Row(name, only(LESSON_WRITERS, superuser=NOT_FOUND), kwargs=lesson_kwargs, foreign=FOREIGN_DEFAULT)
        for name in ("lesson_edit", "lesson_delete")
    ),
    Row(
        "lesson_propose",
        only(LESSON_WRITERS, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=lesson_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "lesson_approve",
        only(MANAGER, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=lesson_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row("lesson_reject", only(MANAGER, superuser=NOT_FOUND), kwargs=lesson_kwargs, foreign=FOREIGN_DEFAULT),
    # The shared library: every signed-in user reads every organisation's published items; only
    # the publishing organisation reaches the pages to correct or withdraw an item.
    Row("library_list", only(AUTHENTICATED)),
    Row(
        "library_detail",
        only(AUTHENTICATED),
        kwargs=library_item_kwargs,
        foreign=expect(OK, anonymous=REDIRECT),
    ),
    *(
        Row(
            name,
            only(LIBRARY_PUBLISHERS, superuser=NOT_FOUND),
            kwargs=library_item_kwargs,
            foreign=FOREIGN_DEFAULT,
        )
        for name in ("library_edit", "library_withdraw")
    ),
)


# Step 5's monitoring: everyone in the programme reads the dashboard, the course adjustments and
# the progress reports; the programme manager records adjustments and makes reports; the
# kwartiermaker assesses the sub-project they lead. The organisation overview is for the
# organisation's administrators and steering group members.
ASSESSORS = ("programmamanager", "kwartiermaker")


def monitoring_subproject(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "subproject_uuid": world.plan_subproject(scope).uuid}


def adjustment_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "adjustment_uuid": world.adjustment(scope).uuid}


def report_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "report_uuid": world.progress_report(scope).uuid}


def _monitoring_read(name: str, kwargs: Any = prog) -> Row:
    return Row(name, only(PROGRAMME_READERS, superuser=NOT_FOUND), kwargs=kwargs, foreign=FOREIGN_DEFAULT)


def _monitoring_manage(name: str, kwargs: Any = prog) -> Row:
    return Row(name, only(MANAGER, superuser=NOT_FOUND), kwargs=kwargs, foreign=FOREIGN_DEFAULT)


ROWS += (
    _monitoring_read("monitoring_dashboard"),
    Row(
        "monitoring_assess",
        only(ASSESSORS, superuser=NOT_FOUND),
        kwargs=monitoring_subproject,
        foreign=FOREIGN_DEFAULT,
    ),
    _monitoring_read("adjustments"),
    _monitoring_manage("adjustment_create"),
    _monitoring_read("adjustment_detail", adjustment_kwargs),
    _monitoring_manage("adjustment_edit", adjustment_kwargs),
    _monitoring_manage("adjustment_delete", adjustment_kwargs),
    Row(
        # Without a title the form is refused and nothing changes.
        "adjustment_action_create",
        only(MANAGER, 400, superuser=NOT_FOUND),
        method="POST",
        kwargs=adjustment_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    _monitoring_read("progress_reports"),
    _monitoring_manage("progress_report_create"),
    _monitoring_read("progress_report_detail", report_kwargs),
    Row(
        "progress_report_files",
        only(MANAGER, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=report_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "progress_report_download",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=lambda world, scope: {**report_kwargs(world, scope), "fmt": "pdf"},
        foreign=FOREIGN_DEFAULT,
    ),
    Row("portfolio", only(("stuurgroeplid", ORG_ADMIN), superuser=NOT_FOUND)),
)


# Step 6: indicators -------------------------------------------------------------------------------


def indicator_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "indicator_uuid": world.indicator(scope).uuid}


def measurement_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**indicator_kwargs(world, scope), "measurement_uuid": world.measurement(scope).uuid}


# Everyone in the programme reads; the programme manager and the researcher keep every indicator,
# the kwartiermaker those of the sub-project they lead.
INDICATOR_KEEPERS = ("programmamanager", "kwartiermaker", "onderzoeker")

ROWS += (
    Row("indicators", only(PROGRAMME_READERS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT),
    Row(
        "indicator_create", only(INDICATOR_KEEPERS, superuser=NOT_FOUND), kwargs=prog, foreign=FOREIGN_DEFAULT
    ),
    Row(
        "indicator_detail",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=indicator_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    *(
        Row(
            name,
            only(INDICATOR_KEEPERS, superuser=NOT_FOUND),
            kwargs=indicator_kwargs,
            foreign=FOREIGN_DEFAULT,
        )
        for name in ("indicator_edit", "indicator_delete", "measurement_create")
    ),
    *(
        Row(
            name,
            only(INDICATOR_KEEPERS, superuser=NOT_FOUND),
            kwargs=measurement_kwargs,
            foreign=FOREIGN_DEFAULT,
        )
        for name in ("measurement_edit", "measurement_delete")
    ),
)


# Step 6: evaluation plans and the process evaluation ----------------------------------------------


def evaluation_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "subproject_uuid": world.subproject(scope).uuid}


def evaluation_unplanned_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "subproject_uuid": world.unplanned_subproject(scope).uuid}


def evaluation_item_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**evaluation_kwargs(world, scope), "item_uuid": world.evaluation_item(scope).uuid}


# Everyone in the programme reads; onderzoekers and the manager keep the plans; the kwartiermaker
# leads the sub-project, so adds process evaluation items to it and changes the item they added.
EVALUATION_EDITORS = ("programmamanager", "onderzoeker")
PROCESS_WRITERS = (*EVALUATION_EDITORS, "kwartiermaker")

ROWS += (
    Row(
        "evaluation_overview",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "evaluation_plan",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=evaluation_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "evaluation_plan_create",
        only(EVALUATION_EDITORS, superuser=NOT_FOUND),
        kwargs=evaluation_unplanned_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "evaluation_plan_edit",
        only(EVALUATION_EDITORS, superuser=NOT_FOUND),
        kwargs=evaluation_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "evaluation_plan_status",
        only(EVALUATION_EDITORS, REDIRECT, superuser=NOT_FOUND),
        method="POST",
        kwargs=evaluation_kwargs,
        data=lambda world, scope: {"status": "gepland"},
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "evaluation_item_create",
        only(PROCESS_WRITERS, superuser=NOT_FOUND),
        kwargs=evaluation_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    *(
        Row(
            name,
            only(PROCESS_WRITERS, superuser=NOT_FOUND),
            kwargs=evaluation_item_kwargs,
            foreign=FOREIGN_DEFAULT,
        )
        for name in ("evaluation_item_edit", "evaluation_item_delete")
    ),
)


# Step 6: the evaluation report of a sub-project, the evaluation summary of the programme, and
# publishing an evaluation summary in the shared library. Everyone who reads the programme's
# evaluation downloads the documents; publishing is approving, so only the programme manager.
def evaluation_report_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**evaluation_kwargs(world, scope), "fmt": "odt"}


def evaluation_summary_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**prog(world, scope), "fmt": "odt"}


ROWS += (
    Row(
        "evaluation_report_download",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=evaluation_report_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "evaluation_summary_download",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=evaluation_summary_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "evaluation_publish",
        only(MANAGER, superuser=NOT_FOUND),
        kwargs=evaluation_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
)


# Step 6: effect estimates --------------------------------------------------------------------------


def estimate_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {**evaluation_kwargs(world, scope), "estimate_uuid": world.estimate(scope).uuid}


# Everyone in the programme reads an estimate; onderzoekers and the manager compute, annotate and
# remove them (the kwartiermaker does not: the estimate judges their own sub-project).
ROWS += (
    Row(
        "evaluation_estimate_create",
        only(EVALUATION_EDITORS, superuser=NOT_FOUND),
        kwargs=evaluation_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "evaluation_estimate",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=estimate_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    *(
        Row(
            name,
            only(EVALUATION_EDITORS, superuser=NOT_FOUND),
            kwargs=estimate_kwargs,
            foreign=FOREIGN_DEFAULT,
        )
        for name in ("evaluation_estimate_note", "evaluation_estimate_delete")
    ),
)


# Step 6: verdicts, decisions and embedding plans ------------------------------------------------------


def verdict_embedding_kwargs(world: Any, scope: str) -> dict[str, Any]:
    verdict = world.verdict(scope)
    return {
        **prog(world, scope),
        "subproject_uuid": verdict.plan.subproject.uuid,
        "verdict_uuid": verdict.uuid,
    }


# Everyone in the programme reads the verdicts on the plan's page; onderzoekers and the manager
# record a verdict with its decision and change an embedding plan.
ROWS += (
    Row(
        "evaluation_verdict_create",
        only(EVALUATION_EDITORS, superuser=NOT_FOUND),
        kwargs=evaluation_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
    Row(
        "evaluation_embedding_edit",
        only(EVALUATION_EDITORS, superuser=NOT_FOUND),
        kwargs=verdict_embedding_kwargs,
        foreign=FOREIGN_DEFAULT,
    ),
)


# Search (ADR 0042): a programme's search is for whoever may open the programme; the search of
# every programme is for every signed-in user and only ever searches the programmes they may open.
ROWS += (
    Row(
        "programme_search",
        only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row("search", only(AUTHENTICATED)),
)


# The programme archive: the programme manager and the organisation's administrator export a
# programme; whoever may start programmes imports one (ADR 0044).
ROWS += (
    Row(
        "programme_export",
        only(("programmamanager", ORG_ADMIN), superuser=NOT_FOUND),
        kwargs=prog,
        foreign=FOREIGN_DEFAULT,
    ),
    Row("programme_import", only(("programmamanager", ORG_ADMIN), superuser=NOT_FOUND)),
)


# The REST API (ADR 0041) ------------------------------------------------------------------------
# One row per endpoint and method. The API answers as the pages do, with API statuses: anonymous
# gets 401 (not a redirect to the log-in page), another organisation's object is a 404 for
# everyone, a missing right a 403, and invalid input a 400. The installation administrator is a
# member of no organisation: for them every programme is not found and every list is empty.
API_FOREIGN = expect(NOT_FOUND, anonymous=UNAUTHORIZED)


def api_only(
    allowed: tuple[str, ...], status: int = OK, *, others: int = FORBIDDEN, **overrides: int
) -> dict[str, int]:
    """Like ``only`` for the API: 401 for anonymous."""
    return only(allowed, status, others=others, **{"anonymous": UNAUTHORIZED, **overrides})


def api_prog(world: Any, scope: str) -> dict[str, Any]:
    return {"programmeId": world.programme(scope).uuid}


def api_programme_changes(world: Any, scope: str) -> dict[str, Any]:
    programme = world.programme(scope)
    return {
        "name": f"{programme.name} (API)",
        "startDate": "2026-02-01",
        "description": "Gewijzigd via de API.",
        "version": programme.version,
    }


def api_new_programme(world: Any, scope: str) -> dict[str, Any]:
    return {
        "organisation": str(world.organisation(scope).uuid),
        "name": "Via de API",
        "startDate": "2027-01-01",
    }


def api_token_kwargs(world: Any, scope: str) -> dict[str, Any]:
    return {"token_uuid": world.api_token.uuid}


ROWS += (
    # Documentation: public, like any published API description.
    Row("api_documentation", expect(OK)),
    Row("api_schema_yaml", expect(OK)),
    Row("api_schema_json", expect(OK)),
    # Personal API keys: everyone logged in has their own; another person's key is not found.
    Row("api_token_list", only(AUTHENTICATED)),
    Row(
        "api_token_revoke", only(MANAGER, REDIRECT, others=NOT_FOUND), method="POST", kwargs=api_token_kwargs
    ),
    # Programmes
    Row("api_programmes", api_only(AUTHENTICATED), api=True),
    Row(
        "api_programmes",
        api_only(("programmamanager", ORG_ADMIN), CREATED, superuser=BAD_REQUEST),
        method="POST",
        data=api_new_programme,
        api=True,
    ),
    Row(
        "api_programme",
        api_only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=api_prog,
        foreign=API_FOREIGN,
        api=True,
    ),
    *(
        Row(
            "api_programme",
            api_only(MANAGER, superuser=NOT_FOUND),
            method=method,
            kwargs=api_prog,
            data=api_programme_changes,
            foreign=API_FOREIGN,
            api=True,
        )
        for method in ("PUT", "PATCH")
    ),
    Row(
        "api_programme_status",
        api_only(MANAGER, superuser=NOT_FOUND),
        method="PUT",
        kwargs=api_prog,
        data=lambda world, scope: {"status": "afgerond"},
        foreign=API_FOREIGN,
        api=True,
    ),
)


# The API's step 1: partner organisations (every member of the organisation reads them; its
# administrators and programme managers keep them), the people and the bodies of a programme (as
# the team pages: the manager keeps them, the teamlid changes their own record, the kwartiermaker
# the working group they chair). The world's partner still has people, so removing it is refused
# with 400 for those who may remove partners.
def api_partner(world: Any, scope: str) -> dict[str, Any]:
    return {"partnerId": world.partner(scope).uuid}


def api_partner_changes(world: Any, scope: str) -> dict[str, Any]:
    partner = world.partner(scope)
    return {
        "name": partner.name,
        "partnerType": str(partner.partner_type.uuid),
        "notes": "Gewijzigd via de API.",
        "version": partner.version,
    }


def api_new_partner(world: Any, scope: str) -> dict[str, Any]:
    return {
        "organisation": str(world.organisation(scope).uuid),
        "name": "Partner via de API",
        "partnerType": str(world.partner(scope).partner_type.uuid),
    }


def api_person(world: Any, scope: str) -> dict[str, Any]:
    return {**api_prog(world, scope), "personId": world.person(scope).uuid}


def api_person_changes(world: Any, scope: str) -> dict[str, Any]:
    person = world.person(scope)
    return {"fullName": person.full_name, "phone": "0201234567", "version": person.version}


def api_body(world: Any, scope: str) -> dict[str, Any]:
    return {**api_prog(world, scope), "bodyId": world.body(scope).uuid}


def api_body_changes(world: Any, scope: str) -> dict[str, Any]:
    body = world.body(scope)
    return {"name": body.name, "mandate": "Gewijzigd via de API.", "version": body.version}


API_OWN_PERSON = ("programmamanager", "teamlid")
API_WORKING_GROUP = ("programmamanager", "kwartiermaker")
PARTNER_KEEPERS = ("programmamanager", ORG_ADMIN)

ROWS += (
    Row("api_partner_types", api_only(AUTHENTICATED), api=True),
    Row("api_partners", api_only(AUTHENTICATED), api=True),
    Row(
        "api_partners",
        api_only(PARTNER_KEEPERS, CREATED, superuser=BAD_REQUEST),
        method="POST",
        data=api_new_partner,
        api=True,
    ),
    Row(
        "api_partner",
        api_only(AUTHENTICATED, superuser=NOT_FOUND),
        kwargs=api_partner,
        foreign=API_FOREIGN,
        api=True,
    ),
    *(
        Row(
            "api_partner",
            api_only(PARTNER_KEEPERS, superuser=NOT_FOUND),
            method=method,
            kwargs=api_partner,
            data=api_partner_changes,
            foreign=API_FOREIGN,
            api=True,
        )
        for method in ("PUT", "PATCH")
    ),
    Row(
        "api_partner",
        api_only(PARTNER_KEEPERS, BAD_REQUEST, superuser=NOT_FOUND),
        method="DELETE",
        kwargs=api_partner,
        foreign=API_FOREIGN,
        api=True,
    ),
    Row(
        "api_people",
        api_only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=api_prog,
        foreign=API_FOREIGN,
        api=True,
    ),
    Row(
        "api_people",
        api_only(MANAGER, CREATED, superuser=NOT_FOUND),
        method="POST",
        kwargs=api_prog,
        data=lambda world, scope: {"fullName": "Nieuw via de API"},
        foreign=API_FOREIGN,
        api=True,
    ),
    Row(
        "api_person",
        api_only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=api_person,
        foreign=API_FOREIGN,
        api=True,
    ),
    *(
        Row(
            "api_person",
            api_only(API_OWN_PERSON, superuser=NOT_FOUND),
            method=method,
            kwargs=api_person,
            data=api_person_changes,
            foreign=API_FOREIGN,
            api=True,
        )
        for method in ("PUT", "PATCH")
    ),
    Row(
        "api_person",
        api_only(MANAGER, NO_CONTENT, superuser=NOT_FOUND),
        method="DELETE",
        kwargs=api_person,
        foreign=API_FOREIGN,
        api=True,
    ),
    Row(
        "api_bodies",
        api_only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=api_prog,
        foreign=API_FOREIGN,
        api=True,
    ),
    Row(
        "api_bodies",
        api_only(MANAGER, CREATED, superuser=NOT_FOUND),
        method="POST",
        kwargs=api_prog,
        data=lambda world, scope: {"kind": "werkgroep", "name": "Werkgroep via de API"},
        foreign=API_FOREIGN,
        api=True,
    ),
    Row(
        "api_body",
        api_only(PROGRAMME_READERS, superuser=NOT_FOUND),
        kwargs=api_body,
        foreign=API_FOREIGN,
        api=True,
    ),
    *(
        Row(
            "api_body",
            api_only(API_WORKING_GROUP, superuser=NOT_FOUND),
            method=method,
            kwargs=api_body,
            data=api_body_changes,
            foreign=API_FOREIGN,
            api=True,
        )
        for method in ("PUT", "PATCH")
    ),
    Row(
        "api_body",
        api_only(MANAGER, BAD_REQUEST, superuser=NOT_FOUND),  # the world's working group has meetings
        method="DELETE",
        kwargs=api_body,
        foreign=API_FOREIGN,
        api=True,
    ),
)
