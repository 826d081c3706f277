"""Where each sub-project stands, computed from its overdue actions and missed milestones (and,
once step 6 exists, its indicators), next to the kwartiermaker's own latest assessment.

The rule (ADR 0024):
- only sub-projects in preparation, running or being developed further are monitored;
- **off track**: a milestone missed by more than ``LATE_MILESTONE_DAYS`` days, or at least half of
  its open actions overdue (and at least ``MIN_OVERDUE_FOR_OFF_TRACK`` of them);
- **at risk**: any missed milestone, any overdue high-priority action, or at least
  ``AT_RISK_OVERDUE_SHARE`` of its open actions overdue;
- **on track** otherwise.
Every standing carries its reasons in plain language, so the dashboard says why.

Everything for a programme (or for all programmes of an organisation) is computed in four
queries, however many sub-projects, actions and assessments there are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.actions.models import Action
from koers.actions.reference import OPEN_STATUSES, ActionPriority
from koers.plan.models import SubProject, SubProjectMilestone

from .models import StandingAssessment
from .reference import MONITORED_STATUSES, Standing

LATE_MILESTONE_DAYS = 30
AT_RISK_OVERDUE_SHARE = 0.2
OFF_TRACK_OVERDUE_SHARE = 0.5
MIN_OVERDUE_FOR_OFF_TRACK = 2
NO_ACTIONS = {"open": 0, "overdue": 0, "overdue_high": 0}


@dataclass
class SubProjectStanding:
    subproject_id: int
    computed: str | None  # a Standing value, or None when the sub-project is not monitored
    reasons: list[str] = field(default_factory=list)
    open_actions: int = 0
    overdue_actions: int = 0
    missed_milestones: int = 0
    assessment: StandingAssessment | None = None

    @property
    def monitored(self) -> bool:
        return self.computed is not None

    @property
    def computed_label(self) -> str:
        return str(Standing(self.computed).label) if self.computed else _("not monitored")

    @property
    def needs_explanation(self) -> bool:
        """At risk or off track (by Koers or the kwartiermaker) without an explanation."""
        worrying = {Standing.AT_RISK, Standing.OFF_TRACK}
        assessed = self.assessment is not None and bool(self.assessment.explanation.strip())
        assessed_worrying = self.assessment is not None and self.assessment.standing in worrying
        return (self.computed in worrying or assessed_worrying) and not assessed


def compute(
    *,
    open_actions: int,
    overdue_actions: int,
    overdue_high: int,
    missed_milestones: int,
    days_late: int,
) -> tuple[str, list[str]]:
    """The standing and its reasons from the counts: the rule in one place."""
    reasons: list[str] = []
    share = overdue_actions / open_actions if open_actions else 0.0
    if missed_milestones:
        reasons.append(
            ngettext(
                "%(count)d milestone missed (the oldest %(days)d days ago)",
                "%(count)d milestones missed (the oldest %(days)d days ago)",
                missed_milestones,
            )
            % {"count": missed_milestones, "days": days_late}
        )
    if overdue_actions:
        reasons.append(
            ngettext(
                "%(count)d of %(total)d open actions overdue",
                "%(count)d of %(total)d open actions overdue",
                overdue_actions,
            )
            % {"count": overdue_actions, "total": open_actions}
        )
    if overdue_high:
        reasons.append(
            ngettext(
                "%(count)d overdue action with high priority",
                "%(count)d overdue actions with high priority",
                overdue_high,
            )
            % {"count": overdue_high}
        )
    if (missed_milestones and days_late > LATE_MILESTONE_DAYS) or (
        overdue_actions >= MIN_OVERDUE_FOR_OFF_TRACK and share >= OFF_TRACK_OVERDUE_SHARE
    ):
        return Standing.OFF_TRACK, reasons
    if missed_milestones or overdue_high or (overdue_actions and share >= AT_RISK_OVERDUE_SHARE):
        return Standing.AT_RISK, reasons
    if not reasons:
        reasons.append(_("no overdue actions or missed milestones"))
    return Standing.ON_TRACK, reasons


def standings(programme: Any, today: dt.date) -> dict[int, SubProjectStanding]:
    """The standing of every sub-project of ``programme`` on ``today``, by sub-project id."""
    return standings_of_programmes([programme.pk], today).get(programme.pk, {})


def standings_of_programmes(
    programme_ids: Iterable[int], today: dt.date
) -> dict[int, dict[int, SubProjectStanding]]:
    """The standings of the sub-projects of several programmes (the organisation overview), by
    programme id and sub-project id: four queries however many programmes and sub-projects."""
    ids = list(programme_ids)
    if not ids:
        return {}
    subprojects = list(
        SubProject.objects.filter(programme_id__in=ids).order_by().values_list("pk", "status", "programme_id")
    )
    if not subprojects:
        return {pk: {} for pk in ids}
    overdue = Q(due_date__lt=today)
    action_counts = {
        row["subproject_id"]: row
        for row in Action.objects.filter(
            programme_id__in=ids, subproject__isnull=False, status__in=OPEN_STATUSES
        )
        .order_by()
        .values("subproject_id")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=overdue),
            overdue_high=Count("pk", filter=overdue & Q(priority=ActionPriority.HIGH)),
        )
    }
    milestone_counts = {
        row["subproject_id"]: row
        for row in SubProjectMilestone.objects.filter(
            subproject__programme_id__in=ids, done_on__isnull=True, due__lt=today
        )
        .order_by()
        .values("subproject_id")
        .annotate(missed=Count("pk"), oldest=Min("due"))
    }
    latest_ids = (
        StandingAssessment.objects.filter(subproject=OuterRef("subproject"))
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )
    latest: dict[int, StandingAssessment] = {
        assessment.subproject_id: assessment
        for assessment in StandingAssessment.objects.filter(subproject__programme_id__in=ids)
        .filter(pk=Subquery(latest_ids))
        .select_related("assessed_by")
    }
    result: dict[int, dict[int, SubProjectStanding]] = {pk: {} for pk in ids}
    for pk, status, programme_id in subprojects:
        actions: Mapping[str, Any] = action_counts.get(pk) or NO_ACTIONS
        milestones = milestone_counts.get(pk)
        missed = milestones["missed"] if milestones else 0
        days_late = (today - milestones["oldest"]).days if milestones else 0
        if status in MONITORED_STATUSES:
            computed, reasons = compute(
                open_actions=actions["open"],
                overdue_actions=actions["overdue"],
                overdue_high=actions["overdue_high"],
                missed_milestones=missed,
                days_late=days_late,
            )
        else:
            computed, reasons = None, []
        result[programme_id][pk] = SubProjectStanding(
            subproject_id=pk,
            computed=computed,
            reasons=reasons,
            open_actions=actions["open"],
            overdue_actions=actions["overdue"],
            missed_milestones=missed,
            assessment=latest.get(pk),
        )
    return result


def at_risk(programme: Any, today: dt.date) -> list[SubProject]:
    """Sub-projects at risk or off track (computed or assessed), for the agenda suggestions."""
    worrying = {Standing.AT_RISK, Standing.OFF_TRACK}
    ids = [
        pk
        for pk, standing in standings(programme, today).items()
        if standing.computed in worrying or (standing.assessment and standing.assessment.standing in worrying)
    ]
    return list(SubProject.objects.filter(pk__in=ids).order_by("name", "pk"))
