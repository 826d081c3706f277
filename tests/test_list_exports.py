"""Every list page can be downloaded as CSV, ODS and XLSX (ADR 0043): the same rows as the page
(all of them, not only the first page), in the same order, with the same filters; Dutch headings;
formulas arrive as text; a foreign organisation's list stays a 404; downloads of personal data are
in the audit trail; the number of queries does not grow with the rows."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from koers.actions import exports as action_exports
from koers.actions import services as action_services
from koers.audit.models import AuditEvent
from koers.findings import services as finding_services
from koers.knowledge import services as knowledge_services
from koers.reports import lists
from koers.teams import services as team_services
from koers.teams.models import PartnerType
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

HYPERLINK = '=HYPERLINK("http://x";"klik")'
FORMATS = ("csv", "ods", "xlsx")


def read(response: Any, fmt: str) -> list[list[str]]:
    """The rows of a downloaded table as text, the headings first."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data)).active
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    from odfdo import Document

    table = Document(io.BytesIO(data)).body.get_table(0)
    return [["" if v is None else str(v) for v in row] for row in table.get_values()]


def download(client: Any, url: str, fmt: str, **query: str) -> Any:
    response = client.get(url, {**query, lists.FORMAT_PARAMETER: fmt})
    assert response.status_code == 200, (url, fmt, response.status_code)
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    return response


# The lists under test ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A list page: how to make rows with the given titles, where the title is, who looks at it
    (the programme manager unless ``viewer`` says otherwise) and how many queries its download
    asks, however many rows it has."""

    url: Callable[[Any], str]
    make: Callable[[Any, Any, list[str]], None]
    queries: int
    column: int = 0  # the column that holds the title
    personal: bool = False
    viewer: Callable[[Any, Any], Any] | None = None


def _actions(programme: Any, manager: Any, titles: list[str]) -> None:
    today = timezone.localdate()
    for i, title in enumerate(titles):
        action_services.action_create(
            actor=manager,
            programme=programme,
            title=title,
            due_date=today + datetime.timedelta(days=len(titles) - i),
        )


def _members(programme: Any, manager: Any, titles: list[str]) -> None:
    for title in titles:
        factories.member(programme, "teamlid", full_name=title)


def _people(programme: Any, manager: Any, titles: list[str]) -> None:
    partner = team_services.partner_create(
        actor=manager,
        organisation=programme.organisation,
        name=f"Politie {len(titles)} {titles[0][:20]}",
        partner_type=PartnerType.objects.get(organisation__isnull=True, key="politie"),
    )
    for title in titles:
        team_services.person_create(
            actor=manager, programme=programme, full_name=title, partner=partner, phone="+31 6 1234 5678"
        )


def _findings(programme: Any, manager: Any, titles: list[str]) -> None:
    for title in titles:
        finding_services.finding_create(
            actor=manager,
            programme=programme,
            kind="probleemstelling",
            title=title,
            statement="Groepjes bij het station.",
            life_domain="buurt",
        )


def _sources(programme: Any, manager: Any, titles: list[str]) -> None:
    for title in titles:
        knowledge_services.source_create(
            actor=manager, programme=programme, title=title, url="https://example.org/onderzoek"
        )


def _partners(programme: Any, manager: Any, titles: list[str]) -> None:
    police = PartnerType.objects.get(organisation__isnull=True, key="politie")
    for title in titles:
        team_services.partner_create(
            actor=manager, organisation=programme.organisation, name=title, partner_type=police
        )


def _users(programme: Any, manager: Any, titles: list[str]) -> None:
    for title in titles:
        factories.MembershipFactory(organisation=programme.organisation, user__full_name=title)


def _org_admin(programme: Any, manager: Any) -> Any:
    return factories.org_admin(programme.organisation)


def _in(name: str) -> Callable[[Any], str]:
    return lambda programme: reverse(name, kwargs={"programme_uuid": programme.uuid})


CASES: dict[str, Case] = {
    "actions": Case(url=_in("actions"), make=_actions, queries=4),
    "programme_members": Case(url=_in("programme_members"), make=_members, queries=7, personal=True),
    "team_overview": Case(url=_in("team_overview"), make=_people, queries=11, personal=True),
    "findings": Case(url=_in("findings"), make=_findings, queries=5),
    "knowledge_sources": Case(url=_in("knowledge_sources"), make=_sources, queries=4),
    "partner_list": Case(url=lambda p: reverse("partner_list"), make=_partners, queries=5, viewer=_org_admin),
    "organisation_members": Case(
        url=lambda p: reverse("organisation_members"),
        make=_users,
        queries=8,
        personal=True,
        viewer=_org_admin,
    ),
}


def _titles(n: int) -> list[str]:
    return [f"Rij {i:03d}" for i in range(n)]


def _viewer(client: Any, case: Case, programme: Any, manager: Any) -> Any:
    """``client`` logged in as the one who looks at the list; that user."""
    user = case.viewer(programme, manager) if case.viewer else manager
    client.force_login(user)
    return user


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_list_downloads_with_its_headings_and_a_formula_as_text(name, fmt, client, programme, manager):
    case = CASES[name]
    _viewer(client, case, programme, manager)
    case.make(programme, manager, [HYPERLINK])

    rows = read(download(client, case.url(programme), fmt), fmt)

    assert rows[0] and all(rows[0])
    cells = [row[case.column] for row in rows[1:]]
    assert "'" + HYPERLINK in cells
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_the_headings_are_dutch_or_english_as_the_user_chose(manager_client, programme, manager):
    url = CASES["actions"].url(programme)

    dutch = read(download(manager_client, url, "csv"), "csv")[0]
    manager.language = "en"
    manager.save(update_fields=["language"])
    english = read(download(manager_client, url, "csv"), "csv")[0]

    with translation.override("nl"):
        assert dutch == action_exports.ACTIONS.headers()
    assert dutch[0] == "Actie"
    assert english == ["Action", "Priority", "Owner", "Organisation", "Sub-project", "Due date", "Status"]


def test_values_are_shown_as_on_the_page(manager_client, programme, manager):
    due = timezone.localdate() + datetime.timedelta(days=3)
    action_services.action_create(actor=manager, programme=programme, title="Schouw", due_date=due)

    with translation.override("nl"):
        (row,) = read(download(manager_client, CASES["actions"].url(programme), "xlsx"), "xlsx")[1:]

    # a status as its label, a missing owner empty, no sub-project as on the page, a date as a date
    assert row[-1] == "open"
    assert row[2] == ""
    assert row[4] == "heel het programma"
    assert row[5].startswith(due.isoformat())


def test_a_paginated_list_downloads_every_row_in_the_order_of_the_page(manager_client, programme, manager):
    titles = _titles(30)  # the page shows 25
    _actions(programme, manager, titles)

    rows = read(download(manager_client, CASES["actions"].url(programme), "csv", pagina="2"), "csv")

    # the page orders by due date; _actions gives the last title the first due date
    assert [row[0] for row in rows[1:]] == list(reversed(titles))


def test_a_filtered_list_downloads_only_the_rows_the_filter_shows(manager_client, programme, manager):
    _findings(programme, manager, ["Overlast station"])
    finding_services.finding_create(
        actor=manager,
        programme=programme,
        kind="probleemstelling",
        title="Schooluitval",
        statement="Veel verzuim.",
        life_domain="school",
    )

    rows = read(
        download(manager_client, CASES["findings"].url(programme), "csv", levensdomein="school"), "csv"
    )

    assert [row[0] for row in rows[1:]] == ["Schooluitval"]


def test_the_overdue_actions_download_has_only_the_overdue_ones(manager_client, programme, manager):
    _actions(programme, manager, ["Later", "Straks"])
    action_services.action_create(
        actor=manager,
        programme=programme,
        title="Te laat",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
        today=timezone.localdate() - datetime.timedelta(days=5),
    )
    url = reverse("actions_overdue", kwargs={"programme_uuid": programme.uuid})

    rows = read(download(manager_client, url, "ods"), "ods")

    assert [row[0] for row in rows[1:]] == ["Te laat"]


def test_the_contact_list_follows_the_team_pages_filter(manager_client, programme, manager):
    _people(programme, manager, ["Wijkagent Jansen"])
    team_services.person_create(actor=manager, programme=programme, full_name="Leerplichtambtenaar")
    partner = programme.people.get(full_name="Wijkagent Jansen").partner

    everyone = read(download(manager_client, CASES["team_overview"].url(programme), "csv"), "csv")
    filtered = read(
        download(manager_client, CASES["team_overview"].url(programme), "csv", partner=str(partner.uuid)),
        "csv",
    )

    assert [row[0] for row in everyone[1:]] == ["Leerplichtambtenaar", "Wijkagent Jansen"]
    assert [row[0] for row in filtered[1:]] == ["Wijkagent Jansen"]
    assert filtered[1][7] == "'+31 6 1234 5678"


def test_the_page_links_to_its_downloads_with_its_filters(manager_client, programme, manager):
    finding_services.finding_create(
        actor=manager,
        programme=programme,
        kind="probleemstelling",
        title="Verzuim",
        statement="Veel verzuim.",
        life_domain="school",
    )

    response = manager_client.get(CASES["findings"].url(programme), {"levensdomein": "school", "pagina": "1"})

    html = response.content.decode()
    for fmt in FORMATS:
        assert f"?levensdomein=school&amp;formaat={fmt}" in html
    assert "pagina=1&amp;formaat" not in html
    assert "Excel (XLSX)" in html


def test_an_unknown_format_is_not_found(manager_client, programme):
    response = manager_client.get(CASES["actions"].url(programme), {"formaat": "pdf"})

    assert response.status_code == 404


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_foreign_organisation_cannot_download_a_list(name, client, programme, manager, foreign_programme):
    case = CASES[name]
    case.make(programme, manager, ["Geheim"])
    foreign_manager = factories.member(foreign_programme, "programmamanager")
    viewer = case.viewer(foreign_programme, foreign_manager) if case.viewer else foreign_manager
    client.force_login(viewer)

    response = client.get(case.url(programme), {"formaat": "csv"})

    if "programme_uuid" in case.url(programme) or str(programme.uuid) in case.url(programme):
        assert response.status_code == 404
    else:  # a list of the chosen organisation: the foreign user only gets their own
        assert response.status_code == 200
        assert "Geheim" not in b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_download_of_personal_data_is_in_the_audit_trail(name, client, programme, manager):
    case = CASES[name]
    viewer = _viewer(client, case, programme, manager)
    case.make(programme, manager, ["Iemand"])
    before = AuditEvent.objects.filter(action="list.download").count()

    download(client, case.url(programme), "xlsx")

    events = AuditEvent.objects.filter(action="list.download")
    if case.personal:
        event = events.latest("created_at")
        assert (event.actor, event.organisation, event.changes) == (
            viewer,
            programme.organisation,
            {"format": [None, "xlsx"]},
        )
        assert event.programme_id == (programme.uuid if case.viewer is None else None)
    else:
        assert events.count() == before


def test_the_old_contact_list_address_is_audited_too(manager_client, programme, manager):
    _people(programme, manager, ["Iemand"])

    response = manager_client.get(
        reverse("team_export", kwargs={"programme_uuid": programme.uuid, "fmt": "csv"})
    )

    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="list.download").get()
    assert (event.actor, event.programme_id) == (manager, programme.uuid)


def _count(client: Any, url: str, fmt: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"formaat": fmt})
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", ("csv", "xlsx"))
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_download_asks_as_many_queries_for_few_rows_as_for_many(name, fmt, client, programme, manager):
    case = CASES[name]
    _viewer(client, case, programme, manager)
    url = case.url(programme)
    case.make(programme, manager, _titles(2))
    _count(client, url, fmt)
    few = _count(client, url, fmt)
    case.make(programme, manager, [f"Meer {i:03d}" for i in range(40)])

    many = _count(client, url, fmt)

    assert few == many, f"{name}: {few} queries for 2 rows, {many} for 42"
    assert few == case.queries, f"{name}: {few} queries, pinned at {case.queries}"


# Every list page, for every role: the download is exactly as visible as the list ----------------

#: Every list page of Koers (a page whose main content is a table or list of objects of one kind);
#: each answers ``?formaat=csv|ods|xlsx`` with its download (ADR 0043).
LIST_PAGES = (
    "programme_list",
    "programme_members",
    "programme_history",
    "team_overview",
    "team_bodies",
    "team_partners",
    "partner_list",
    "knowledge_sources",
    "knowledge_experiences",
    "findings",
    "plan_focus_areas",
    "plan_goals",
    "plan_subprojects",
    "plan_versions",
    "subproject_interventions",
    "intervention_list",
    "actions",
    "actions_mine",
    "actions_overdue",
    "actions_subproject",
    "actions_organisation",
    "actions_raci",
    "meetings",
    "decisions",
    "communication_plan",
    "communication_moments",
    "lessons",
    "library_list",
    "adjustments",
    "progress_reports",
    "portfolio",
    "indicators",
    "evaluation_overview",
    "organisation_members",
    "organisation_activity",
    "installation_organisations",
    "installation_statistics",
    "notification_list",
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from django.db import transaction

    from tests.test_access_matrix import World

    with django_db_blocker.unblock(), transaction.atomic():
        built = World()
        yield built
        transaction.set_rollback(True)


def _answer(
    client: Any, world: Any, row: Any, role: str, scope: str, query: dict[str, str]
) -> tuple[int, str]:
    from django.db import transaction

    with transaction.atomic():
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        response = client.get(reverse(row.name, kwargs=row.kwargs(world, scope)), query)
        kind = response.get("Content-Type", "")
        if response.streaming:
            b"".join(response.streaming_content)
        client.logout()
        transaction.set_rollback(True)
    return response.status_code, kind


@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_list_downloads_for_exactly_those_who_see_it(name, world, client, db, settings):
    from tests.access_matrix import ROLES, ROWS

    settings.MFA_ENFORCE = False
    settings.PAGE_CACHE_SECONDS = 300  # a kept page is never the answer to a download (ADR 0040)
    (row,) = [row for row in ROWS if row.name == name]
    differences = {}
    for scope, table in (("own", row.own), ("foreign", row.foreign)):
        for role in ROLES:
            # the page itself on the own organisation (so the page cache holds it), else what the
            # matrix says it answers
            if scope == "own" or table is None:
                page = _answer(client, world, row, role, scope, {})[0]
            else:
                page = table[role]
            got, kind = _answer(client, world, row, role, scope, {"formaat": "csv"})
            if got != page or (page == 200 and not kind.startswith("text/csv")):
                differences[f"{scope}:{role}"] = f"page {page}, download {got} {kind}"
    assert not differences, f"{name}: {differences}"


@pytest.mark.parametrize("fmt", ("ods", "xlsx"))
@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_list_opens_as_a_spreadsheet_with_its_rows(name, fmt, world, client, db, settings):
    from django.db import transaction

    from tests.access_matrix import ROLES, ROWS

    settings.MFA_ENFORCE = False
    (row,) = [row for row in ROWS if row.name == name]
    role = next(role for role in ROLES if row.own[role] == 200)
    client.force_login(world.users[role])
    with transaction.atomic():
        rows = read(download(client, reverse(name, kwargs=row.kwargs(world, "own")), fmt), fmt)
        transaction.set_rollback(True)

    assert rows[0] and all(rows[0]), f"{name}: headings {rows[0]}"
    assert all(len(line) <= len(rows[0]) for line in rows), name
