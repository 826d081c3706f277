"""Every write of step 5's monitoring: the kwartiermaker's assessment of a sub-project, the course
adjustments and the progress reports. Each write is audited; a progress report's files are made in
the background."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.actions import services as action_services
from koers.actions.models import Action
from koers.actions.reference import ActionOrigin
from koers.analysisdocs.models import DocumentStatus
from koers.audit.services import apply_changes, record, snapshot
from koers.plan.models import SubProject
from koers.programmes.models import Programme

from .models import CourseAdjustment, ProgressReport, StandingAssessment
from .reference import AdjustmentKind, AdjustmentReason, ReportAudience, Standing
from .selectors import dashboard_changed

ADJUSTMENT_FIELDS = (
    "kind",
    "subproject",
    "goal",
    "description",
    "reason_kind",
    "reason",
    "decision",
    "body",
    "decided_on",
)
#: The longest period a progress report covers.
MAX_REPORT_DAYS = 366


def _not_before_start(programme: Programme, day: dt.date, field: str, message: str) -> None:
    if programme.start_date and day < programme.start_date:
        raise ValidationError(
            {field: message % {"date": programme.start_date.strftime("%d-%m-%Y")}}, code="before_start"
        )


@transaction.atomic
def assessment_create(
    *,
    actor: Any,
    subproject: SubProject,
    standing: str,
    explanation: str,
    assessed_on: dt.date | None = None,
) -> StandingAssessment:
    """The kwartiermaker's assessment of where ``subproject`` stands today. At risk and off track
    need an explanation; it cannot be dated in the future or before the programme started."""
    today = timezone.localdate()
    assessed_on = assessed_on or today
    explanation = (explanation or "").strip()
    if standing not in Standing.values:
        raise ValidationError({"standing": _("Choose on track, at risk or off track.")}, code="standing")
    if standing != Standing.ON_TRACK and not explanation:
        raise ValidationError(
            {
                "explanation": _(
                    "Explain why the sub-project is at risk or off track, and what is being done."
                )
            },
            code="explanation",
        )
    if assessed_on > today:
        raise ValidationError({"assessed_on": _("The date of an assessment cannot be in the future.")})
    _not_before_start(
        subproject.programme,
        assessed_on,
        "assessed_on",
        _("The programme starts on %(date)s: an assessment cannot be dated before it."),
    )
    assessment = StandingAssessment.objects.create(
        subproject=subproject,
        standing=standing,
        explanation=explanation,
        assessed_on=assessed_on,
        assessed_by=actor,
    )
    record(
        actor=actor,
        action="monitoring.assessment",
        obj=assessment,
        programme=subproject.programme,
        changes={
            "subproject": [None, subproject.name],
            "standing": [None, standing],
            "explanation": [None, explanation],
            "assessed_on": [None, assessed_on.isoformat()],
        },
    )
    dashboard_changed(subproject.programme)
    return assessment


def _check_adjustment(programme: Programme, values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if values.get("kind") not in AdjustmentKind.values:
        errors["kind"] = _("Choose what changed: a sub-project, a goal, the plan or the budget.")
    if values.get("reason_kind") not in AdjustmentReason.values:
        errors["reason_kind"] = _(
            "Choose why: a monitoring signal, an evaluation, an external event or other."
        )
    for name, message in (
        ("description", _("Describe what changed.")),
        ("reason", _("Explain why the course was adjusted.")),
    ):
        if not (values.get(name) or "").strip():
            errors[name] = message
    subproject, goal = values.get("subproject"), values.get("goal")
    decision, body = values.get("decision"), values.get("body")
    if subproject is not None and subproject.programme_id != programme.pk:
        errors["subproject"] = _("Choose a sub-project of this programme.")
    if goal is not None and goal.programme_id != programme.pk:
        errors["goal"] = _("Choose a goal of this programme.")
    if values.get("kind") == AdjustmentKind.SUBPROJECT and subproject is None:
        errors["subproject"] = _("Choose the sub-project that changed.")
    if values.get("kind") == AdjustmentKind.GOAL and goal is None:
        errors["goal"] = _("Choose the goal that changed.")
    if decision is not None and decision.programme_id != programme.pk:
        errors["decision"] = _("Choose a decision of this programme.")
    if body is not None and body.programme_id != programme.pk:
        errors["body"] = _("Choose a body of this programme.")
    if decision is None and body is None:
        errors["decision"] = _("Choose the decision or the body that decided the adjustment.")
    decided_on = values.get("decided_on")
    if decided_on is None:
        errors["decided_on"] = _("Give the date of the decision, for example 2026-03-31.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("The date of the decision cannot be in the future.")
    elif programme.start_date and decided_on < programme.start_date:
        errors["decided_on"] = _(
            "The programme starts on %(date)s: the decision cannot be dated before it."
        ) % {"date": programme.start_date.strftime("%d-%m-%Y")}
    if errors:
        raise ValidationError(errors)


def _adjustment_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values.get(name) for name in ADJUSTMENT_FIELDS}
    for name in ("description", "reason"):
        cleaned[name] = (cleaned[name] or "").strip()
    if cleaned["decision"] is not None and cleaned["body"] is None:
        cleaned["body"] = cleaned["decision"].body
    return cleaned


@transaction.atomic
def adjustment_create(*, actor: Any, programme: Programme, **values: Any) -> CourseAdjustment:
    cleaned = _adjustment_values(values)
    _check_adjustment(programme, cleaned)
    adjustment = CourseAdjustment.objects.create(programme=programme, created_by=actor, **cleaned)
    record(
        actor=actor,
        action="monitoring.adjustment.create",
        obj=adjustment,
        programme=programme,
        changes={name: [None, value] for name, value in snapshot(adjustment, ADJUSTMENT_FIELDS).items()},
    )
    dashboard_changed(programme)
    return adjustment


@transaction.atomic
def adjustment_update(*, actor: Any, adjustment: CourseAdjustment, **values: Any) -> CourseAdjustment:
    adjustment = (
        CourseAdjustment.objects.select_for_update().select_related("programme").get(pk=adjustment.pk)
    )
    cleaned = _adjustment_values(values)
    _check_adjustment(adjustment.programme, cleaned)
    changes = apply_changes(adjustment, cleaned)
    if changes:
        adjustment.save()
        record(
            actor=actor,
            action="monitoring.adjustment.update",
            obj=adjustment,
            programme=adjustment.programme,
            changes=changes,
        )
        dashboard_changed(adjustment.programme)
    return adjustment


@transaction.atomic
def adjustment_delete(*, actor: Any, adjustment: CourseAdjustment) -> None:
    record(
        actor=actor,
        action="monitoring.adjustment.delete",
        obj=adjustment,
        programme=adjustment.programme,
        changes={name: [value, None] for name, value in snapshot(adjustment, ADJUSTMENT_FIELDS).items()},
    )
    dashboard_changed(adjustment.programme)
    adjustment.delete()


@transaction.atomic
def adjustment_action_create(
    *, actor: Any, adjustment: CourseAdjustment, today: dt.date | None = None, **values: Any
) -> Action:
    """A follow-up action of a course adjustment, in one step: origin “course adjustment”, the
    adjustment's sub-project unless another is given."""
    values.setdefault("subproject", adjustment.subproject)
    values["origin"] = ActionOrigin.ADJUSTMENT
    action = action_services.action_create(actor=actor, programme=adjustment.programme, today=today, **values)
    action.adjustment = adjustment
    action.save(update_fields=["adjustment"])
    record(
        actor=actor,
        action="monitoring.adjustment.action",
        obj=adjustment,
        programme=adjustment.programme,
        changes={"action": [None, action.title]},
    )
    dashboard_changed(adjustment.programme)
    return action


def _queue_files(report: ProgressReport) -> None:
    from .tasks import generate_report_files

    key = str(report.uuid)
    transaction.on_commit(lambda: generate_report_files.enqueue(key))


@transaction.atomic
def report_create(
    *,
    actor: Any,
    programme: Programme,
    period_start: dt.date | None,
    period_end: dt.date | None,
    audience: str,
    with_files: bool = True,
) -> ProgressReport:
    """A progress report over a period that has begun; its files are made in the background."""
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if audience not in ReportAudience.values:
        errors["audience"] = _("Choose who the report is for.")
    if period_start is None:
        errors["period_start"] = _("Give the first day of the period, for example 2026-01-01.")
    if period_end is None:
        errors["period_end"] = _("Give the last day of the period, for example 2026-03-31.")
    if period_start and period_end:
        if period_end < period_start:
            errors["period_end"] = _("The period ends before it begins. Give a later last day.")
        elif (period_end - period_start).days > MAX_REPORT_DAYS:
            errors["period_end"] = _("A progress report covers at most a year. Choose a shorter period.")
        if period_start > today:
            errors["period_start"] = _("The period has not begun yet. Choose a first day up to today.")
        elif programme.start_date and period_end < programme.start_date:
            errors["period_end"] = _("The programme starts on %(date)s: the period ends before it.") % {
                "date": programme.start_date.strftime("%d-%m-%Y")
            }
    if errors:
        raise ValidationError(errors)
    assert period_start is not None and period_end is not None
    report = ProgressReport.objects.create(
        programme=programme,
        period_start=period_start,
        period_end=period_end,
        audience=audience,
        created_by=actor,
        file_status=DocumentStatus.QUEUED if with_files else DocumentStatus.FAILED,
    )
    record(
        actor=actor,
        action="monitoring.report.create",
        obj=report,
        programme=programme,
        changes={
            "period_start": [None, period_start.isoformat()],
            "period_end": [None, period_end.isoformat()],
            "audience": [None, audience],
        },
    )
    if with_files:
        _queue_files(report)
    return report


@transaction.atomic
def report_files_request(*, actor: Any, report: ProgressReport) -> ProgressReport:
    """Make a report's files again (after a failure)."""
    report = ProgressReport.objects.select_for_update().select_related("programme").get(pk=report.pk)
    if report.files_pending:
        raise ValidationError(_("The files of this report are being made already."), code="pending")
    report.file_status, report.progress = DocumentStatus.QUEUED, 0
    report.save(update_fields=["file_status", "progress"])
    record(actor=actor, action="monitoring.report.files", obj=report, programme=report.programme)
    _queue_files(report)
    return report


def report_downloaded(*, actor: Any, report: ProgressReport, fmt: str) -> None:
    record(
        actor=actor,
        action="monitoring.report.download",
        obj=report,
        programme=report.programme,
        changes={"format": [None, fmt]},
    )
