"""Reading step 5's monitoring: the dashboard of a programme, its course adjustments and progress
reports, and the organisation overview. Always scoped to a programme or an organisation; the
number of queries does not grow with the number of sub-projects, actions or meetings."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DateTimeField,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from koers.actions.models import Action
from koers.actions.reference import OPEN_STATUSES
from koers.audit import versions
from koers.meetings.models import Decision, Meeting
from koers.plan.models import BudgetLine, Goal, SubProject, SubProjectMilestone
from koers.plan.selectors import ZERO
from koers.programmes.models import Programme, ProgrammeRole
from koers.teams.models import Body
from koers.teams.reference import BodyKind

from .models import CourseAdjustment, ProgressReport, StandingAssessment
from .reference import Standing
from .status import SubProjectStanding, standings, standings_of_programmes

#: How far ahead the dashboard looks for actions (days) and for milestones and meetings (days).
ACTIONS_AHEAD_DAYS = 14
AGENDA_AHEAD_DAYS = 28
#: How long the rendered dashboard is kept (seconds). Writes of the monitoring itself make it
#: again at once; actions, milestones and meetings changed elsewhere show within this time.
DASHBOARD_CACHE_SECONDS = 30
#: A rendered dashboard is kept this many times longer than it is fresh, so that while one request
#: makes it again the others get the previous one instead of all making it at the same time.
DASHBOARD_STALE_FACTOR = 10
#: How many rows each dashboard list shows; the lists link to the full views.
LIST_LIMIT = 8
LATEST_LIMIT = 5
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _budget_sum(field_name: str) -> Coalesce:
    rows = (
        BudgetLine.objects.filter(subproject=OuterRef("pk"))
        .order_by()
        .values("subproject")
        .annotate(total=Sum(field_name))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=MONEY), Value(ZERO), output_field=MONEY)


@dataclass
class SubProjectRow:
    subproject: SubProject
    standing: SubProjectStanding

    @property
    def planned(self) -> Decimal:
        return Decimal(getattr(self.subproject, "planned_total", ZERO))

    @property
    def spent(self) -> Decimal:
        return Decimal(getattr(self.subproject, "spent_total", ZERO))

    @property
    def spent_share(self) -> int | None:
        return round(self.spent * 100 / self.planned) if self.planned else None


@dataclass
class Dashboard:
    today: dt.date
    rows: list[SubProjectRow]
    overdue_actions: list[Action]
    overdue_count: int
    upcoming_actions: list[Action]
    upcoming_count: int
    milestones: list[SubProjectMilestone]
    meetings: list[Meeting]
    decisions: list[Decision]
    adjustments: list[CourseAdjustment]
    communication_overdue: list[Any] = field(default_factory=list)

    @property
    def planned(self) -> Decimal:
        return sum((row.planned for row in self.rows), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((row.spent for row in self.rows), ZERO)

    @property
    def spent_share(self) -> int | None:
        return round(self.spent * 100 / self.planned) if self.planned else None

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """Per computed standing: value, label and the number of sub-projects."""
        counted = Counter(row.standing.computed for row in self.rows if row.standing.monitored)
        return [(s.value, str(s.label), counted.get(s.value, 0)) for s in Standing]


def dashboard_cache_seconds() -> int:
    """``DASHBOARD_CACHE_SECONDS``, or the setting ``MONITORING_DASHBOARD_CACHE_SECONDS`` when a
    deployment (or a benchmark) sets it; 0 makes the dashboard anew on every request."""
    from django.conf import settings

    return int(getattr(settings, "MONITORING_DASHBOARD_CACHE_SECONDS", DASHBOARD_CACHE_SECONDS))


def assessable_ids(user: Any, programme: Programme, *, manager: bool) -> set[int]:
    """The sub-projects whose assessment ``user`` records besides the programme manager (who
    records every one): those they lead for a kwartiermaker, none for anyone else."""
    from koers.programmes.permissions import programme_role

    if manager:
        return set()
    if programme_role(user, programme) != ProgrammeRole.KWARTIERMAKER:
        return set()
    return set(
        programme.subprojects.filter(
            kwartiermaker__user=user, kwartiermaker__removed_at__isnull=True
        ).values_list("pk", flat=True)
    )


def dashboard_cache_key(programme: Programme, *, manager: bool, assessable: set[int]) -> str:
    """The cache key of the dashboard's body: the programme, the day, the language, what the
    viewer may do, and the version of the programme's data (``koers.audit.versions``)."""
    from django.utils import translation

    version = versions.current(programme)
    rights = "m" if manager else ",".join(str(pk) for pk in sorted(assessable))
    return (
        f"monitoring:dashboard:{programme.uuid}:{version}:{timezone.localdate().isoformat()}:"
        f"{translation.get_language()}:{hashlib.sha256(rights.encode()).hexdigest()[:16]}"
    )


def cached_dashboard_body(key: str, seconds: int, make: Any) -> str:
    """The dashboard's body from the shared cache, made by ``make()`` when missing or older than
    ``seconds``. When it is stale, one request (holding a short lock) makes it again and the
    others meanwhile get the stale copy."""
    import time

    from django.core.cache import cache

    if not seconds:
        return str(make())
    found = cache.get(key)
    now = time.time()
    if found is not None:
        made_at, body = found
        if now - made_at < seconds or not cache.add(f"{key}:lock", 1, seconds):
            return str(body)
    body = str(make())
    cache.set(key, (now, body), seconds * DASHBOARD_STALE_FACTOR)
    cache.delete(f"{key}:lock")
    return body


def dashboard_changed(programme: Programme) -> None:
    """Make the dashboard again on its next request (after the transaction commits)."""
    versions.changed(programme)


def open_actions(programme: Programme) -> QuerySet[Action]:
    return Action.objects.filter(programme=programme, status__in=OPEN_STATUSES)


def dashboard(programme: Programme, today: dt.date | None = None) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    now = timezone.now()
    found = standings(programme, today)
    subs = list(
        programme.subprojects.select_related("kwartiermaker")
        .annotate(planned_total=_budget_sum("planned"), spent_total=_budget_sum("spent"))
        .order_by("name", "pk")
    )
    rows = [SubProjectRow(sub, found[sub.pk]) for sub in subs if sub.pk in found]
    actions = (
        open_actions(programme).select_related("subproject", "owner").order_by("due_date", "title", "pk")
    )
    ahead = today + dt.timedelta(days=ACTIONS_AHEAD_DAYS)
    counts = open_actions(programme).aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        upcoming=Count("pk", filter=Q(due_date__gte=today, due_date__lte=ahead)),
    )
    agenda_end = today + dt.timedelta(days=AGENDA_AHEAD_DAYS)
    return Dashboard(
        today=today,
        rows=rows,
        overdue_actions=list(actions.filter(due_date__lt=today)[:LIST_LIMIT]),
        overdue_count=counts["overdue"],
        upcoming_actions=list(actions.filter(due_date__gte=today, due_date__lte=ahead)[:LIST_LIMIT]),
        upcoming_count=counts["upcoming"],
        milestones=list(
            SubProjectMilestone.objects.filter(
                subproject__programme=programme, done_on__isnull=True, due__gte=today, due__lte=agenda_end
            )
            .select_related("subproject")
            .order_by("due", "title", "pk")[:LIST_LIMIT]
        ),
        meetings=list(
            Meeting.objects.filter(
                programme=programme,
                starts_at__gte=now,
                starts_at__lt=now + dt.timedelta(days=AGENDA_AHEAD_DAYS),
            )
            .select_related("body")
            .order_by("starts_at", "pk")[:LIST_LIMIT]
        ),
        decisions=list(
            Decision.objects.filter(programme=programme)
            .select_related("body")
            .order_by("-decided_on", "-pk")[:LATEST_LIMIT]
        ),
        adjustments=list(adjustments(programme)[:LATEST_LIMIT]),
        communication_overdue=communication_overdue(programme, today),
    )


def communication_overdue(programme: Programme, today: dt.date) -> list[Any]:
    """Overdue moments of the communication plan."""
    from koers.communication.selectors import overdue_moments

    return list(overdue_moments(programme, today))


# Assessments ---------------------------------------------------------------------------------


def get_subproject(programme: Programme, subproject_uuid: Any) -> SubProject:
    subproject = (
        programme.subprojects.select_related("kwartiermaker", "programme__organisation")
        .filter(uuid=subproject_uuid)
        .first()
    )
    if subproject is None:
        raise Http404("sub-project")
    return subproject


def assessments(subproject: SubProject) -> QuerySet[StandingAssessment]:
    return subproject.assessments.select_related("assessed_by").order_by("-assessed_on", "-pk")


# Course adjustments --------------------------------------------------------------------------


def adjustments(programme: Programme) -> QuerySet[CourseAdjustment]:
    return (
        CourseAdjustment.objects.filter(programme=programme)
        .select_related("subproject", "goal", "decision__body", "body")
        .order_by("-decided_on", "-pk")
    )


def adjustments_between(programme: Programme, start: dt.date, end: dt.date) -> list[CourseAdjustment]:
    return list(adjustments(programme).filter(decided_on__gte=start, decided_on__lte=end))


def subproject_adjustments(subproject: SubProject) -> list[CourseAdjustment]:
    return list(
        CourseAdjustment.objects.filter(subproject=subproject)
        .select_related("decision__body", "body")
        .order_by("-decided_on", "-pk")
    )


def get_adjustment(programme: Programme, adjustment_uuid: Any) -> CourseAdjustment:
    adjustment = adjustments(programme).filter(uuid=adjustment_uuid).first()
    if adjustment is None:
        raise Http404("course adjustment")
    return adjustment


def subproject_choices(programme: Programme) -> QuerySet[SubProject]:
    return programme.subprojects.order_by("name")


def goal_choices(programme: Programme) -> QuerySet[Goal]:
    return programme.goals.order_by("title")


def decision_choices(programme: Programme) -> QuerySet[Decision]:
    return Decision.objects.filter(programme=programme).select_related("body").order_by("-decided_on", "-pk")


def body_choices(programme: Programme) -> QuerySet[Body]:
    return programme.bodies.order_by("name")


# Progress reports ----------------------------------------------------------------------------


def reports(programme: Programme) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(programme=programme).select_related("created_by")


def get_report(programme: Programme, report_uuid: Any) -> ProgressReport:
    report = reports(programme).filter(uuid=report_uuid).first()
    if report is None:
        raise Http404("progress report")
    return report


def communication_done(programme: Programme, start: dt.date, end: dt.date) -> list[Any]:
    """Communication moments done in the period."""
    from koers.communication.models import CommunicationMoment

    return list(
        CommunicationMoment.objects.filter(programme=programme, done_on__gte=start, done_on__lte=end)
        .select_related("audience")
        .order_by("done_on", "pk")
    )


# The organisation overview -------------------------------------------------------------------


def portfolio_programmes(user: Any, organisation: Any) -> QuerySet[Programme]:
    """The programmes of ``organisation`` whose overview ``user`` sees: all of them for its
    administrators; for anyone else those whose steering group they are in (as steering group
    member of the programme, or as member or chair of one of its steering group bodies)."""
    from koers.organisations.permissions import is_org_admin

    base = Programme.objects.for_user(user).filter(organisation=organisation)
    if is_org_admin(user, organisation):
        return base
    steering = Body.objects.filter(kind=BodyKind.STUURGROEP).filter(
        Q(members__user=user, members__removed_at__isnull=True)
        | Q(chair__user=user, chair__removed_at__isnull=True)
    )
    return base.filter(
        Q(memberships__user=user, memberships__role=ProgrammeRole.STUURGROEPLID)
        | Q(pk__in=steering.values("programme_id"))
    ).distinct()


@dataclass
class PortfolioRow:
    programme: Programme
    counts: dict[str, int]
    not_monitored: int

    @property
    def planned(self) -> Decimal:
        return Decimal(getattr(self.programme, "planned_total", ZERO))

    @property
    def spent(self) -> Decimal:
        return Decimal(getattr(self.programme, "spent_total", ZERO))


def portfolio(user: Any, organisation: Any, today: dt.date | None = None) -> list[PortfolioRow]:
    """Per programme: sub-projects per standing, overdue actions, the next meeting and the
    budget. Five queries however many programmes there are."""
    today = today or timezone.localdate()
    overdue = (
        Action.objects.filter(programme=OuterRef("pk"), status__in=OPEN_STATUSES, due_date__lt=today)
        .order_by()
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    next_meeting = (
        Meeting.objects.filter(programme=OuterRef("pk"), starts_at__gte=timezone.now())
        .order_by("starts_at")
        .values("starts_at")[:1]
    )

    def money(name: str) -> Coalesce:
        rows = (
            BudgetLine.objects.filter(subproject__programme=OuterRef("pk"))
            .order_by()
            .values("subproject__programme")
            .annotate(total=Sum(name))
            .values("total")
        )
        return Coalesce(Subquery(rows, output_field=MONEY), Value(ZERO), output_field=MONEY)

    programmes = list(
        portfolio_programmes(user, organisation)
        .annotate(
            overdue_count=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
            next_meeting_at=Subquery(next_meeting, output_field=DateTimeField()),
            planned_total=money("planned"),
            spent_total=money("spent"),
        )
        .order_by("name", "pk")
    )
    found = standings_of_programmes([p.pk for p in programmes], today)
    rows = []
    for programme in programmes:
        subs = found.get(programme.pk, {})
        counted = Counter(s.computed for s in subs.values() if s.monitored)
        rows.append(
            PortfolioRow(
                programme=programme,
                counts={s.value: counted.get(s.value, 0) for s in Standing},
                not_monitored=sum(1 for s in subs.values() if not s.monitored),
            )
        )
    return rows
