"""A large generated tenant: one organisation with its programmes, sub-projects, actions, meetings
and the official statistics of its region, made with bulk creation (fixture data: valid, but
without the services' audit events).

The full tenant (``scale=100``) has 10 programmes, 500 sub-projects, 50,000 actions, 5,000 meetings
and 10,000,000 statistical observations; ``scale=1`` is a hundredth of it (1 programme, 5
sub-projects, 500 actions, 50 meetings, 100,000 observations). Scales below 1 are allowed for
tests. The data is deterministic: the same scale and seed give the same rows.

Observations are installation-wide reference data: the tenant gets a dataset of its own and a
region of its own (municipalities with 10 wijken of 12 buurten each, reference year 2098), its
organisation's CBS code pointing at the first of them. On PostgreSQL the observations are written
with COPY, elsewhere with ``bulk_create`` in batches. Several tenants (of different scales) can
live in one database; each call makes a new one.

Usage (Django set up, database migrated)::

    from benchmarks import tenant
    made = tenant.generate(scale=10, seed=1)
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

FULL = {
    "programmes": 10,
    "subprojects": 500,
    "actions": 50_000,
    "meetings": 5_000,
    "observations": 10_000_000,
}
REFERENCE_YEAR = 2098
YEARS = list(range(2012, 2024))
TOPIC = "GeregistreerdeMisdrijven_1"
AREAS_PER_MUNICIPALITY = 1 + 10 + 10 * 12
PARTNER_KINDS = ("gemeente", "politie", "om", "veiligheidshuis", "jongerenwerk", "wijkteam")
BATCH = 5_000


@dataclass
class Tenant:
    """What ``generate`` made: the ids the pages need and the counts and time it took."""

    scale: float
    organisation_pk: int
    manager_pk: int
    programme_uuid: str
    subproject_uuid: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def sizes(scale: float) -> dict[str, int]:
    """The number of rows per kind at ``scale`` (100 is the full tenant); at least one programme,
    two sub-projects, and so on, so that every list has something in it."""
    share = scale / 100
    return {
        "programmes": max(1, math.ceil(FULL["programmes"] * share - 1e-9)),
        "subprojects": max(2, round(FULL["subprojects"] * share)),
        "actions": max(10, round(FULL["actions"] * share)),
        "meetings": max(2, round(FULL["meetings"] * share)),
        "observations": max(1_000, round(FULL["observations"] * share)),
    }


def _spread(total: int, parts: int) -> list[int]:
    """``total`` split over ``parts`` as evenly as possible (the first parts get one more)."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def generate(*, scale: float, seed: int = 1, observations: int | None = None) -> Tenant:
    """A new tenant of ``scale``; see the module docstring. ``observations`` overrides the number
    of observations (the quick test keeps it small)."""
    from django.db import connection, transaction

    from koers.organisations.models import Organisation

    rng = random.Random(f"{seed}-{scale}")
    want = sizes(scale)
    if observations is not None:
        want["observations"] = observations
    # A number of its own for this tenant: names, e-mail addresses and area codes stay unique.
    number = Organisation.objects.count() + 1
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    with transaction.atomic():
        made = _organisation(number, want, rng)
    seconds["programmes"] = time.perf_counter() - start
    start = time.perf_counter()
    with transaction.atomic():
        observations = _statistics(number, want["observations"], made["organisation"], rng)
    seconds["observations"] = time.perf_counter() - start
    if connection.vendor == "postgresql":
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds["analyze"] = time.perf_counter() - start
    counts = {**made["counts"], "observations": observations}
    return Tenant(
        scale=scale,
        organisation_pk=made["organisation"].pk,
        manager_pk=made["manager"].pk,
        programme_uuid=str(made["programme"].uuid),
        subproject_uuid=str(made["subproject"].uuid),
        counts=counts,
        seconds=seconds,
    )


def _organisation(number: int, want: dict[str, int], rng: random.Random) -> dict[str, Any]:
    from django.utils import timezone

    from koers.accounts.models import User
    from koers.organisations.models import Membership, Organisation, OrganisationRole
    from koers.programmes.models import Programme, ProgrammeMembership, ProgrammeRole
    from koers.teams.models import PartnerOrganisation, PartnerType

    today = timezone.localdate()
    organisation = Organisation.objects.create(
        name=f"Gemeente Meetstad {number}",
        cbs_code=f"GM{_municipality(number, 0)}",
        cbs_reference_year=REFERENCE_YEAR,
    )
    manager = User.objects.create(
        email=f"manager{number}@meetstad.example", full_name=f"Mira Manager {number}"
    )
    Membership.objects.create(organisation=organisation, user=manager, role=OrganisationRole.LID)
    kinds = {t.key: t for t in PartnerType.objects.filter(organisation__isnull=True)}
    partners = PartnerOrganisation.objects.bulk_create(
        PartnerOrganisation(
            organisation=organisation,
            name=f"{kinds[key].name} Meetstad {number}",
            partner_type=kinds[key],
            domains=list(kinds[key].default_domains),
        )
        for key in PARTNER_KINDS
        if key in kinds
    )
    counts = {"programmes": 0, "subprojects": 0, "actions": 0, "meetings": 0}
    first: dict[str, Any] = {}
    n_programmes = want["programmes"]
    for index, (n_subs, n_actions, n_meetings) in enumerate(
        zip(
            _spread(want["subprojects"], n_programmes),
            _spread(want["actions"], n_programmes),
            _spread(want["meetings"], n_programmes),
            strict=True,
        )
    ):
        programme = Programme.objects.create(
            organisation=organisation,
            name=f"Aanpak {index + 1:02d}",
            start_date=dt.date(today.year - 1, 1, 1),
            end_date=dt.date(today.year + 2, 12, 31),
            status="actief",
        )
        ProgrammeMembership.objects.create(
            programme=programme, user=manager, role=ProgrammeRole.PROGRAMMAMANAGER
        )
        subproject = _programme(programme, manager, partners, n_subs, n_actions, n_meetings, rng)
        counts["programmes"] += 1
        counts["subprojects"] += n_subs
        counts["actions"] += n_actions
        counts["meetings"] += n_meetings
        if not first:
            first = {"programme": programme, "subproject": subproject}
    return {"organisation": organisation, "manager": manager, "counts": counts, **first}


def _programme(
    programme: Any,
    manager: Any,
    partners: list[Any],
    n_subs: int,
    n_actions: int,
    n_meetings: int,
    rng: random.Random,
) -> Any:
    """One programme's team, plan, actions, meetings, decisions, assessments and evaluation plans;
    returns its first sub-project (the one whose page is measured; it has an evaluation plan)."""
    from django.utils import timezone

    from koers.actions.models import Action
    from koers.evaluation.models import EvaluationPlan
    from koers.findings.models import Finding
    from koers.meetings.models import Decision, Meeting
    from koers.monitoring.models import CourseAdjustment, StandingAssessment
    from koers.plan import services as plan_services
    from koers.plan.models import BudgetLine, Goal, SubProject, SubProjectMilestone
    from koers.teams.models import Body, Person, ProgrammePartner

    today = timezone.localdate()
    ProgrammePartner.objects.bulk_create(ProgrammePartner(programme=programme, partner=p) for p in partners)
    me = Person.objects.create(
        programme=programme,
        partner=partners[0],
        user=manager,
        full_name=manager.full_name,
        email=manager.email,
        team_role="Programmamanager",
    )
    people = Person.objects.bulk_create(
        Person(
            programme=programme,
            partner=partners[i % len(partners)],
            full_name=f"Kwartiermaker {i:03d}",
            email=f"kwartiermaker{i:03d}.{programme.pk}@meetstad.example",
            team_role="Kwartiermaker",
        )
        for i in range(n_subs)
    )
    bodies = [
        Body.objects.create(programme=programme, kind="stuurgroep", name="Stuurgroep", chair=me),
        Body.objects.create(programme=programme, kind="projectgroep", name="Projectgroep"),
    ]
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
        for i in range(6)
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
        for i in range(8)
    )
    Goal.findings.through.objects.bulk_create(
        Goal.findings.through(goal=goal, finding=findings[i % len(findings)]) for i, goal in enumerate(goals)
    )
    subprojects = SubProject.objects.bulk_create(
        SubProject(
            programme=programme,
            name=f"Deelproject {i:03d}",
            description="Een deelproject van de aanpak.",
            kwartiermaker=people[i],
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
        for i in range(n_subs)
    )
    through = SubProject.focus_areas.through
    through.objects.bulk_create(
        through(subproject=s, focusarea=focus_areas[i % len(focus_areas)]) for i, s in enumerate(subprojects)
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
        for k in range(2)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            subproject=s,
            description=f"Post {k}",
            funding_source=("Gemeente", "Rijk", "Provincie")[k],
            planned=Decimal("10000.00"),
            committed=Decimal("5000.50"),
            spent=Decimal(rng.randrange(0, 1_200_000)) / 100,
        )
        for s in subprojects
        for k in range(3)
    )
    SubProjectMilestone.objects.bulk_create(
        SubProjectMilestone(
            subproject=s, title=f"Mijlpaal {k}", due=today + dt.timedelta(days=rng.randint(-120, 240))
        )
        for s in subprojects
        for k in range(4)
    )
    StandingAssessment.objects.bulk_create(
        StandingAssessment(
            subproject=s,
            standing=rng.choice(["op_koers", "risico", "uit_koers"]),
            explanation="Toelichting",
            assessed_on=today - dt.timedelta(days=14 * n),
            assessed_by=manager,
        )
        for s in subprojects
        for n in range(4)
    )
    EvaluationPlan.objects.bulk_create(
        EvaluationPlan(
            subproject=s,
            questions="Neemt de overlast af?",
            kind=("proces", "effect", "beide")[i % 3],
            design=("voor_na", "vergelijking", "tijdreeks")[i % 3],
        )
        for i, s in enumerate(subprojects)
        if i % 2 == 0
    )
    statuses = ("open", "open", "bezig", "gereed", "vervallen")
    span = (programme.end_date - programme.start_date).days
    now = timezone.now()
    Action.objects.bulk_create(
        (
            Action(
                programme=programme,
                subproject=subprojects[i % n_subs],
                title=f"Actie {i:05d}",
                description="Wie doet wat wanneer.",
                owner=me if i % 50 == 0 else people[i % n_subs],
                organisation=partners[i % len(partners)],
                due_date=programme.start_date + dt.timedelta(days=rng.randrange(span)),
                status=statuses[i % len(statuses)],
                priority=rng.choice(["hoog", "normaal", "laag"]),
                completed_at=now if statuses[i % len(statuses)] == "gereed" else None,
                created_by=manager,
            )
            for i in range(n_actions)
        ),
        batch_size=BATCH,
    )
    begin = now - dt.timedelta(days=n_meetings // 2)
    Meeting.objects.bulk_create(
        (
            Meeting(
                programme=programme,
                body=bodies[i % 2],
                title=f"Overleg {i:04d}",
                starts_at=begin + dt.timedelta(days=i),
            )
            for i in range(n_meetings)
        ),
        batch_size=BATCH,
    )
    Decision.objects.bulk_create(
        Decision(
            programme=programme,
            body=bodies[i % 2],
            number=i // 2 + 1,
            text=f"Besluit {i}",
            decided_on=today - dt.timedelta(days=i),
        )
        for i in range(max(2, n_meetings // 25))
    )
    CourseAdjustment.objects.bulk_create(
        CourseAdjustment(
            programme=programme,
            kind="deelproject",
            subproject=subprojects[i % n_subs],
            description=f"Bijsturing {i}",
            reason_kind="signaal",
            reason="Signaal",
            body=bodies[0],
            decided_on=today - dt.timedelta(days=i),
        )
        for i in range(max(2, n_subs // 5))
    )
    return subprojects[0]


def _municipality(number: int, index: int) -> str:
    """The four digits of the ``index``-th municipality of tenant ``number``: 1000 apart."""
    return f"{(number % 9) * 1000 + index:04d}"


def _statistics(number: int, n_observations: int, organisation: Any, rng: random.Random) -> int:
    """The tenant's region (reference year 2098), the police code list and one dataset with
    ``n_observations`` figures: 59 codes × 12 years per area, as many areas as that takes."""
    from benchmarks.import_bulk import police_codes
    from django.db import connection
    from django.utils import timezone

    from koers.analysis.models import Area, Dataset, Measure, Observation

    codes = police_codes()
    per_area = len(codes) * len(YEARS)
    n_areas = -(-n_observations // per_area)
    Measure.objects.bulk_create(
        (
            Measure(
                classification="politie",
                code=code,
                title=title,
                kind="totaal" if code == "0.0.0" else "subtotaal" if code.endswith(".0") else "detail",
            )
            for code, title in codes
        ),
        ignore_conflicts=True,
    )
    measure_ids = dict(
        Measure.objects.filter(classification="politie", code__in=[c for c, _t in codes]).values_list(
            "code", "pk"
        )
    )
    areas: list[Any] = []
    index = 0
    while len(areas) < n_areas:
        gm = _municipality(number, index)
        municipality = Area.objects.create(
            code=f"GM{gm}", level="gemeente", name=f"Gemeente {gm}", reference_year=REFERENCE_YEAR
        )
        wijken = Area.objects.bulk_create(
            Area(
                code=f"WK{gm}{w:02d}",
                level="wijk",
                name=f"Wijk {w:02d}",
                parent=municipality,
                reference_year=REFERENCE_YEAR,
            )
            for w in range(10)
        )
        buurten = Area.objects.bulk_create(
            Area(
                code=f"BU{gm}{w:02d}{b:02d}",
                level="buurt",
                name=f"Buurt {b:02d}",
                parent=wijk,
                reference_year=REFERENCE_YEAR,
            )
            for w, wijk in enumerate(wijken)
            for b in range(12)
        )
        areas += [municipality, *wijken, *buurten]
        index += 1
    areas = areas[:n_areas]
    dataset = Dataset.objects.create(
        source="Benchmark",
        table_id=f"T{number}",
        title=f"Geregistreerde misdrijven, tenant {number}",
        downloaded_on=dt.date(2024, 1, 1),
        checksum="0" * 64,
        imported_at=timezone.now(),
    )
    measure_list = [measure_ids[code] for code, _t in codes]

    def rows() -> Any:
        written = 0
        for area in areas:
            for year in YEARS:
                for measure in measure_list:
                    if written == n_observations:
                        return
                    value = rng.randrange(0, 400)
                    yield (dataset.pk, area.pk, measure, f"{year}JJ00", year, value)
                    written += 1

    if connection.vendor == "postgresql":
        table = Observation._meta.db_table
        columns = "dataset_id, area_id, measure_id, topic, period, year, month, quarter, value, status"
        with connection.cursor() as cursor:
            # As PostgreSQL's "Populating a Database" advises: without the foreign keys and the
            # secondary indexes during COPY, then back in one pass each. Django's foreign keys are
            # deferred, so with them every row would be checked one by one at COMMIT.
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                [table, table],
            )
            indexes = cursor.fetchall()
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the areas' pending checks first
            for name, _definition in foreign_keys:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            raw = cursor.cursor  # psycopg's own cursor: COPY in chunks of text lines
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                buffer = io.StringIO()
                for i, (d, a, m, period, year, value) in enumerate(rows(), start=1):
                    buffer.write(f"{d}\t{a}\t{m}\t{TOPIC}\t{period}\t{year}\t\\N\t\\N\t{value}\t\n")
                    if i % 100_000 == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, definition in foreign_keys:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:  # SQLite: plain executemany in batches (much faster than building model instances)
        table = Observation._meta.db_table
        sql = (
            f"INSERT INTO {table} (dataset_id, area_id, measure_id, topic, period, year, value, status) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s, '')"
        )
        batch: list[tuple[Any, ...]] = []
        with connection.cursor() as cursor:
            for d, a, m, period, year, value in rows():
                batch.append((d, a, m, TOPIC, period, year, str(value)))
                if len(batch) == BATCH:
                    cursor.executemany(sql, batch)
                    batch = []
            cursor.executemany(sql, batch)
    return Observation.objects.filter(dataset=dataset).count()


def login_session(user_pk: int) -> tuple[str, str]:
    """A session for the user, as the login view would make it: the cookie's name and value."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from koers.accounts.models import User

    user = User.objects.get(pk=user_pk)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return settings.SESSION_COOKIE_NAME, session.session_key or ""
