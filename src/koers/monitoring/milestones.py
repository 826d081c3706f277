"""Milestones of step 5 from the monitoring: few overdue actions, an explanation or adjustment for
every sub-project at risk, and a recent progress report.

The reporting period is a quarter: a progress report counts when it was made in the last
``REPORTING_PERIOD_DAYS`` days (ADR 0024)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from koers.actions.models import Action
from koers.actions.reference import OPEN_STATUSES, ActionPriority, ActionStatus
from koers.analysisdocs.models import DocumentStatus
from koers.plan.models import SubProject, SubProjectMilestone
from koers.programmes.models import Programme
from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .models import CourseAdjustment, ProgressReport, StandingAssessment
from .reference import MONITORED_STATUSES, Standing
from .status import compute

#: At most this share of the (not cancelled) actions may be overdue.
MAX_OVERDUE_SHARE = 0.10
#: The reporting period: a progress report made in the last quarter counts.
REPORTING_PERIOD_DAYS = 92


def monitoring_counts(facts: ProgrammeFacts) -> dict[str, Any]:
    """In one query: the actions that are not cancelled, those overdue, and the newest progress
    report of the reporting period."""

    def compute() -> dict[str, Any]:
        today = timezone.localdate()

        def actions(condition: Q) -> Coalesce:
            rows = (
                Action.objects.filter(programme=OuterRef("pk"))
                .exclude(status=ActionStatus.CANCELLED)
                .filter(condition)
                .order_by()
                .values("programme")
                .annotate(n=Count("pk"))
                .values("n")
            )
            return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

        since = timezone.now() - dt.timedelta(days=REPORTING_PERIOD_DAYS)
        report = (
            ProgressReport.objects.filter(programme=OuterRef("pk"), created_at__gte=since)
            .exclude(file_status=DocumentStatus.FAILED)
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        row = (
            Programme.objects.filter(pk=facts.programme.pk)
            .annotate(
                action_total=actions(Q()),
                action_overdue=actions(Q(status__in=OPEN_STATUSES, due_date__lt=today)),
                last_report=Subquery(report, output_field=DateTimeField()),
            )
            .values("action_total", "action_overdue", "last_report")
            .get()
        )
        return dict(row)

    result: dict[str, Any] = facts.memo("monitoring.counts", compute)
    return result


@milestone(
    step=5,
    key="monitoring.overdue",
    title=gettext_lazy("At most one in ten actions is overdue"),
    order=30,
)
def few_overdue(facts: ProgrammeFacts) -> Check:
    counts = monitoring_counts(facts)
    total, overdue = counts["action_total"], counts["action_overdue"]
    if not total:
        return Check(False, gettext("there are no actions yet"))
    share = overdue / total
    detail = ngettext(
        "%(n)d of %(total)d action overdue (%(percent)d %%)",
        "%(n)d of %(total)d actions overdue (%(percent)d %%)",
        overdue,
    ) % {"n": overdue, "total": total, "percent": round(share * 100)}
    return Check(share <= MAX_OVERDUE_SHARE, detail)


def unexplained(facts: ProgrammeFacts) -> dict[str, Any]:
    """The sub-projects at risk or off track (computed or assessed), and those of them without
    an explanation by the kwartiermaker and without a course adjustment: one query, the counts
    per sub-project as subqueries, the standing by the same rule as the dashboard."""

    def compute_() -> dict[str, Any]:
        today = timezone.localdate()
        worrying = {Standing.AT_RISK, Standing.OFF_TRACK}

        def count(queryset: Any) -> Coalesce:
            rows = queryset.order_by().values("subproject").annotate(n=Count("pk")).values("n")
            return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

        open_actions = Action.objects.filter(subproject=OuterRef("pk"), status__in=OPEN_STATUSES)
        overdue = open_actions.filter(due_date__lt=today)
        missed = SubProjectMilestone.objects.filter(
            subproject=OuterRef("pk"), done_on__isnull=True, due__lt=today
        )
        latest = StandingAssessment.objects.filter(subproject=OuterRef("pk")).order_by("-assessed_on", "-pk")
        rows = (
            SubProject.objects.filter(programme=facts.programme, status__in=MONITORED_STATUSES)
            .annotate(
                open_n=count(open_actions),
                overdue_n=count(overdue),
                overdue_high_n=count(overdue.filter(priority=ActionPriority.HIGH)),
                missed_n=count(missed),
                oldest_missed=Subquery(missed.order_by("due").values("due")[:1], output_field=DateField()),
                assessed=Subquery(latest.values("standing")[:1], output_field=CharField()),
                explanation=Subquery(latest.values("explanation")[:1], output_field=TextField()),
                adjusted=Exists(CourseAdjustment.objects.filter(subproject=OuterRef("pk"))),
            )
            .values(
                "pk",
                "open_n",
                "overdue_n",
                "overdue_high_n",
                "missed_n",
                "oldest_missed",
                "assessed",
                "explanation",
                "adjusted",
            )
        )
        at_risk, missing, monitored = [], [], 0
        for row in rows:
            monitored += 1
            standing, _reasons = compute(
                open_actions=row["open_n"],
                overdue_actions=row["overdue_n"],
                overdue_high=row["overdue_high_n"],
                missed_milestones=row["missed_n"],
                days_late=(today - row["oldest_missed"]).days if row["oldest_missed"] else 0,
            )
            if standing in worrying or row["assessed"] in worrying:
                at_risk.append(row["pk"])
                if not (row["explanation"] or "").strip() and not row["adjusted"]:
                    missing.append(row["pk"])
        return {"monitored": monitored, "at_risk": at_risk, "missing": missing}

    result: dict[str, Any] = facts.memo("monitoring.unexplained", compute_)
    return result


@milestone(
    step=5,
    key="monitoring.explained",
    title=gettext_lazy("Every sub-project at risk has an explanation or a course adjustment"),
    order=40,
)
def at_risk_explained(facts: ProgrammeFacts) -> Check:
    found = unexplained(facts)
    if not found["monitored"]:
        return Check(False, gettext("no sub-project is being carried out yet"))
    if found["missing"]:
        return Check(
            False,
            ngettext(
                "%(n)d sub-project at risk without explanation",
                "%(n)d sub-projects at risk without explanation",
                len(found["missing"]),
            )
            % {"n": len(found["missing"])},
        )
    if not found["at_risk"]:
        return Check(True, gettext("no sub-project is at risk"))
    return Check(
        True,
        ngettext(
            "%(n)d sub-project at risk, explained",
            "%(n)d sub-projects at risk, all explained",
            len(found["at_risk"]),
        )
        % {"n": len(found["at_risk"])},
    )


@milestone(
    step=5,
    key="monitoring.report",
    title=gettext_lazy("A progress report was made in the last quarter"),
    order=70,
)
def recent_report(facts: ProgrammeFacts) -> Check:
    latest = monitoring_counts(facts)["last_report"]
    if latest is None:
        return Check(False, gettext("no progress report in the last three months"))
    return Check(
        True, gettext("made on %(date)s") % {"date": timezone.localtime(latest).strftime("%d-%m-%Y")}
    )
