"""How fast the plan and action pages of a large programme answer, compared with a one-query page.

Builds one organisation with a programme, its team and partners, 50 sub-projects (focus areas,
goals, kwartiermakers, budget lines, milestones, interventions, RACI rows) and 5,000 actions spread
over them, in a throw-away database (bulk creation: fixture data, valid, but without the services'
audit events). Then, logged in as the programme manager with ``django.test.Client`` (the whole
middleware stack), it times each plan and action page ``--repeat`` times and reports the median,
the ratio to a baseline page and the number of queries. The baseline is a page defined here: it
asks one simple query and renders a tiny template, through the same middleware.

Last, it times the plan document of that programme: the snapshot (``version_create`` without
files) and the background task that makes the PDF/A, ODT and DOCX (called directly).

SQLite in a temporary file by default; with DATABASE_URL set to PostgreSQL, a fresh database is
created next to the one named there and dropped afterwards. Usage::

    uv run python benchmarks/plan_actions.py [--repeat N] [--actions N] [--subprojects N]

The goal is a ratio of at most 2 per page; the script reports it and does not assert it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import types
from decimal import Decimal
from pathlib import Path
from typing import Any

PARTNER_KINDS = (
    "gemeente",
    "politie",
    "om",
    "veiligheidshuis",
    "straatcoaches",
    "jongerenwerk",
    "ondernemer",
    "basisschool",
    "mbo",
    "wijkteam",
    "leerplicht",
    "sport_cultuur",
)


def setup_django(directory: Path) -> tuple[str, str | None]:
    """Django with the test settings on a database of its own; returns the vendor and, on
    PostgreSQL, the name of the database to drop afterwards."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings.test")
    import django
    from django.conf import settings

    created = None
    if os.environ.get("DATABASE_URL"):
        vendor = "PostgreSQL"
    else:
        settings.DATABASES["default"]["NAME"] = str(directory / "benchmark.sqlite3")
        vendor = "SQLite"
    settings.MFA_ENFORCE = False  # the benchmark measures pages, not the second factor
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    django.setup()
    from django.db import connection

    if vendor == "PostgreSQL":
        created = f"koers_benchmark_{time.time_ns()}"
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{created}"')
        connection.close()
        connection.settings_dict["NAME"] = created
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return vendor, created


def drop_database(name: str) -> None:
    from django.db import connection

    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def build(n_subprojects: int, n_actions: int) -> dict[str, Any]:
    """The programme and everything in it, with bulk creation."""
    from django.db import transaction
    from django.utils import timezone

    from koers.accounts.models import User
    from koers.actions.models import Action, RaciCell, RaciRow
    from koers.findings.models import Finding
    from koers.interventions.models import Intervention, SubProjectIntervention
    from koers.organisations.models import Membership, Organisation, OrganisationRole
    from koers.plan import services as plan_services
    from koers.plan.models import BudgetLine, Goal, SubProject, SubProjectMilestone
    from koers.programmes.models import Programme, ProgrammeMembership, ProgrammeRole
    from koers.teams.models import Body, PartnerOrganisation, PartnerType, Person, ProgrammePartner

    today = timezone.localdate()
    with transaction.atomic():
        organisation = Organisation.objects.create(
            name="Gemeente Meetstad", cbs_code="GM9999", cbs_reference_year=2026
        )
        manager = User.objects.create(email="manager@meetstad.example", full_name="Mira Manager")
        Membership.objects.create(organisation=organisation, user=manager, role=OrganisationRole.LID)
        programme = Programme.objects.create(
            organisation=organisation,
            name="Meetstad aanpak",
            start_date=dt.date(today.year - 1, 1, 1),
            end_date=dt.date(today.year + 2, 12, 31),
            status="actief",
        )
        ProgrammeMembership.objects.create(
            programme=programme, user=manager, role=ProgrammeRole.PROGRAMMAMANAGER
        )
        kinds = {t.key: t for t in PartnerType.objects.filter(organisation__isnull=True)}
        partners = PartnerOrganisation.objects.bulk_create(
            PartnerOrganisation(
                organisation=organisation,
                name=f"{kinds[key].name} Meetstad",
                partner_type=kinds[key],
                domains=list(kinds[key].default_domains),
            )
            for key in PARTNER_KINDS
        )
        ProgrammePartner.objects.bulk_create(
            ProgrammePartner(programme=programme, partner=p) for p in partners
        )
        me = Person.objects.create(
            programme=programme,
            partner=partners[0],
            user=manager,
            full_name="Mira Manager",
            email=manager.email,
            team_role="Programmamanager",
        )
        people = [
            me,
            *Person.objects.bulk_create(
                Person(
                    programme=programme,
                    partner=partners[i % len(partners)],
                    full_name=f"Kwartiermaker {i:02d}",
                    email=f"kwartiermaker{i:02d}@meetstad.example",
                    team_role="Kwartiermaker",
                )
                for i in range(n_subprojects)
            ),
        ]
        Body.objects.create(programme=programme, kind="stuurgroep", name="Stuurgroep", chair=me)
        focus_areas = plan_services.focus_areas_seed(actor=manager, programme=programme)
        findings = Finding.objects.bulk_create(
            Finding(
                programme=programme,
                kind="probleemstelling",
                title=f"Bevinding {i:02d}",
                statement="Groepjes jongeren veroorzaken overlast.",
                life_domain="buurt",
                created_by=manager,
            )
            for i in range(12)
        )
        goals = Goal.objects.bulk_create(
            Goal(
                programme=programme,
                title=f"Doel {i:02d}",
                specific="Minder overlast rond het station.",
                measurable="Meldingen van 120 naar 80.",
                acceptable="Politie en jongerenwerk.",
                realistic="Straatcoaches zijn er al.",
                deadline=programme.end_date,
                created_by=manager,
            )
            for i in range(20)
        )
        Goal.findings.through.objects.bulk_create(
            Goal.findings.through(goal=goal, finding=findings[i % 10]) for i, goal in enumerate(goals)
        )
        subprojects = SubProject.objects.bulk_create(
            SubProject(
                programme=programme,
                name=f"Deelproject {i:02d}",
                description="Een deelproject van de aanpak.",
                kwartiermaker=people[i + 1],
                target_min_age=12,
                target_max_age=23,
                target_description="Jongeren in de wijk",
                inputs="Twee straatcoaches",
                activities="Gesprekken op straat",
                outputs="Veertig gesprekken per maand",
                outcomes="Minder overlast",
                impact="Een veiliger wijk",
                assumptions="Jongeren willen praten",
                risks="Uitval van coaches",
                status="in_uitvoering",
                start_date=programme.start_date + dt.timedelta(days=7 * (i % 20)),
                end_date=programme.end_date - dt.timedelta(days=7 * (i % 13)),
                created_by=manager,
            )
            for i in range(n_subprojects)
        )
        through = SubProject.focus_areas.through
        through.objects.bulk_create(
            through(subproject=s, focusarea=focus_areas[i % len(focus_areas)])
            for i, s in enumerate(subprojects)
        )
        through = SubProject.goals.through
        through.objects.bulk_create(
            through(subproject=s, goal=goals[(i + k) % len(goals)])
            for i, s in enumerate(subprojects)
            for k in range(2)
        )
        through = SubProject.partners.through
        through.objects.bulk_create(
            through(subproject=s, partnerorganisation=partners[(i + k) % len(partners)])
            for i, s in enumerate(subprojects)
            for k in range(3)
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(
                subproject=s,
                description=f"Post {k}",
                funding_source=("Gemeente", "Rijk", "Provincie")[k],
                planned=Decimal("10000.00") + k,
                committed=Decimal("5000.50"),
                spent=Decimal("2500.25"),
            )
            for s in subprojects
            for k in range(3)
        )
        SubProjectMilestone.objects.bulk_create(
            SubProjectMilestone(
                subproject=s, title=f"Mijlpaal {k}", due=s.start_date + dt.timedelta(days=90 * (k + 1))
            )
            for s in subprojects
            for k in range(4)
        )
        interventions = Intervention.objects.bulk_create(
            Intervention(
                organisation=organisation,
                name=f"Interventie {k:02d}",
                description="In eigen woorden.",
                evidence_level=("goed_beschreven", "goed_onderbouwd", "effectief_eerste")[k % 3],
            )
            for k in range(10)
        )
        SubProjectIntervention.objects.bulk_create(
            SubProjectIntervention(subproject=s, intervention=interventions[(i + k) % len(interventions)])
            for i, s in enumerate(subprojects)
            for k in range(2)
        )
        rows = RaciRow.objects.bulk_create(
            RaciRow(subproject=s, activity=f"Taak {k}") for s in subprojects for k in range(3)
        )
        RaciCell.objects.bulk_create(
            cell
            for row in rows
            for cell in (
                RaciCell(row=row, person=row.subproject.kwartiermaker, role="A"),
                RaciCell(row=row, partner=partners[0], role="R"),
            )
        )
        statuses = ("open", "open", "bezig", "gereed", "vervallen")
        span = (programme.end_date - programme.start_date).days
        Action.objects.bulk_create(
            (
                Action(
                    programme=programme,
                    subproject=subprojects[i % n_subprojects],
                    title=f"Actie {i:05d}",
                    description="Wie doet wat wanneer.",
                    owner=me if i % 50 == 0 else subprojects[i % n_subprojects].kwartiermaker,
                    organisation=partners[i % len(partners)],
                    due_date=programme.start_date + dt.timedelta(days=(i * 7) % span),
                    status=statuses[i % len(statuses)],
                    completed_at=timezone.now() if statuses[i % len(statuses)] == "gereed" else None,
                    created_by=manager,
                )
                for i in range(n_actions)
            ),
            batch_size=1000,
        )
    return {
        "manager": manager,
        "programme": programme,
        "subproject": subprojects[n_subprojects // 2],
        "partner": partners[1],
    }


def baseline_urlconf(programme_uuid: Any) -> str:
    """A URLconf module with the real URLs plus the baseline page: one query, a tiny template."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpRequest, HttpResponse
    from django.template import engines
    from django.urls import include, path

    from koers.programmes.models import Programme

    template = engines["django"].from_string(
        "<!doctype html><html lang=nl><title>{{ programme.name }}</title><h1>{{ programme.name }}</h1></html>"
    )

    layout = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}<h1>{{ programme.name }}</h1>{% endblock %}'
    )

    @login_required
    def baseline(request: HttpRequest) -> HttpResponse:
        programme = Programme.objects.filter(uuid=programme_uuid).first()
        return HttpResponse(template.render({"programme": programme}, request))

    @login_required
    def baseline_layout(request: HttpRequest) -> HttpResponse:
        programme = Programme.objects.filter(uuid=programme_uuid).first()
        return HttpResponse(layout.render({"programme": programme}, request))

    module = types.ModuleType("benchmark_plan_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("benchmark-baseline/", baseline, name="benchmark_baseline"),
        path("benchmark-layout/", baseline_layout, name="benchmark_layout"),
        path("", include("koers.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def measure(client: Any, url: str, repeat: int) -> tuple[float, int, int]:
    """Median milliseconds of ``repeat`` requests, the number of queries and the page size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm up (templates, caches)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)  # now: the next request empties the log
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), queries, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--actions", type=int, default=5000, help="actions (default 5,000)")
    parser.add_argument("--subprojects", type=int, default=50, help="sub-projects (default 50)")
    parser.add_argument("--no-document", action="store_true", help="skip the plan document")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        vendor, created = setup_django(Path(temporary))
        try:
            run(vendor, args)
        finally:
            if created:
                drop_database(created)


def run(vendor: str, args: argparse.Namespace) -> None:
    from django.test import Client, override_settings
    from django.urls import reverse

    start = time.perf_counter()
    world = build(args.subprojects, args.actions)
    print(
        f"Database: {vendor}; built {args.subprojects} sub-projects and {args.actions:,} actions "
        f"in {time.perf_counter() - start:.1f} s"
    )
    programme, subproject, partner = world["programme"], world["subproject"], world["partner"]
    p = {"programme_uuid": programme.uuid}
    pages = [
        ("plan overview", reverse("plan_overview", kwargs=p)),
        ("focus areas", reverse("plan_focus_areas", kwargs=p)),
        ("goals", reverse("plan_goals", kwargs=p)),
        ("sub-projects", reverse("plan_subprojects", kwargs=p)),
        (
            "sub-project detail",
            reverse("plan_subproject_detail", kwargs={**p, "subproject_uuid": subproject.uuid}),
        ),
        ("timeline", reverse("plan_timeline", kwargs=p)),
        ("golden thread", reverse("plan_golden_thread", kwargs=p)),
        ("actions overview", reverse("actions_overview", kwargs=p)),
        ("all actions", reverse("actions", kwargs=p)),
        ("overdue actions", reverse("actions_overdue", kwargs=p)),
        (
            "actions per organisation",
            reverse("actions_organisation", kwargs={**p, "organisation_uuid": partner.uuid}),
        ),
        (
            "actions per sub-project",
            reverse("actions_subproject", kwargs={**p, "subproject_uuid": subproject.uuid}),
        ),
        ("my actions", reverse("actions_mine", kwargs=p)),
        ("calendar", reverse("actions_calendar", kwargs=p)),
        ("RACI", reverse("actions_raci", kwargs={**p, "subproject_uuid": subproject.uuid})),
        ("plan versions", reverse("plan_versions", kwargs=p)),
    ]
    client = Client()
    client.force_login(world["manager"])
    with override_settings(ROOT_URLCONF=baseline_urlconf(programme.uuid)):
        base_ms, base_queries, _size = measure(client, "/benchmark-baseline/", args.repeat)
        layout_ms, layout_queries, _size = measure(client, "/benchmark-layout/", args.repeat)
        results = [(name, *measure(client, url, args.repeat)) for name, url in pages]
    print(f"\nBaseline (one query, tiny template): {base_ms:.1f} ms, {base_queries} queries")
    print(f"Layout (one query in the site's page layout): {layout_ms:.1f} ms, {layout_queries} queries")
    print(f"{'page':<26} {'median ms':>10} {'ratio':>7} {'vs layout':>10} {'queries':>8} {'KB':>6}")
    for name, ms, queries, size in results:
        flag = "" if ms / base_ms <= 2 else "  > 2"
        print(
            f"{name:<26} {ms:10.1f} {ms / base_ms:7.1f} {ms / layout_ms:10.1f} {queries:8d}"
            f" {size / 1024:6.0f}{flag}"
        )
    print(f"(median of {args.repeat} requests per page; goal: ratio ≤ 2 against the baseline)")
    if not args.no_document:
        document(world)


def document(world: dict[str, Any]) -> None:
    """The plan document: the snapshot, then the task's work making the three files (called
    directly, with a progress hook that notes when each stage starts)."""
    from koers.analysisdocs.models import DocumentStatus
    from koers.plandocs import services, tasks
    from koers.plandocs.models import PlanVersion

    start = time.perf_counter()
    version, _new = services.version_create(
        actor=world["manager"], programme=world["programme"], with_files=False
    )
    snapshot_seconds = time.perf_counter() - start
    PlanVersion.objects.filter(pk=version.pk).update(file_status=DocumentStatus.RUNNING)
    version.refresh_from_db()
    marks: list[tuple[str, float]] = []

    def progress(stage: str, done: int, total: int) -> None:
        marks.append((f"{stage} {done}/{total}", time.perf_counter()))

    start = time.perf_counter()
    ok = tasks.make_files(version, progress=progress)
    seconds = time.perf_counter() - start
    version.refresh_from_db()
    sizes = ", ".join(
        f"{name.upper()} {getattr(version, name).size / 1024:.0f} KB" for name in ("pdf", "odt", "docx")
    )
    print(f"\nPlan document: snapshot {snapshot_seconds:.2f} s; files {seconds:.2f} s ({sizes}); ok={ok}")
    stages = [
        f"{label} {(marks[i + 1][1] if i + 1 < len(marks) else start + seconds) - at:.2f} s"
        for i, (label, at) in enumerate(marks[:-1])
    ]
    print("Stages: " + "; ".join(stages))


if __name__ == "__main__":
    main()
