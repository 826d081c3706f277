"""Step 5 — monitoring: the kwartiermaker's own assessment of where a sub-project stands, next to
the standing Koers computes (koers.monitoring.status)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.analysisdocs.models import DocumentStatus

from .reference import AdjustmentKind, AdjustmentReason, ReportAudience, Standing


class StandingAssessment(models.Model):
    """The kwartiermaker's (or programme manager's) assessment of a sub-project on a day, with the
    explanation. The newest one counts; older ones are the history."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subproject = models.ForeignKey(
        "plan.SubProject", on_delete=models.CASCADE, related_name="assessments", verbose_name=_("sub-project")
    )
    standing = models.CharField(_("assessment"), max_length=15, choices=Standing.choices)
    explanation = models.TextField(_("explanation"))
    assessed_on = models.DateField(_("date"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["subproject", "-assessed_on", "-pk"]
        get_latest_by = ["assessed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.subproject} {self.get_standing_display()}"


class CourseAdjustment(models.Model):
    """A course adjustment (bijsturing): what changed in the programme, why, who decided it (a
    decision of a meeting or a body) and when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="course_adjustments"
    )
    kind = models.CharField(_("what changed"), max_length=15, choices=AdjustmentKind.choices)
    subproject = models.ForeignKey(
        "plan.SubProject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_adjustments",
        verbose_name=_("sub-project"),
    )
    goal = models.ForeignKey(
        "plan.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_adjustments",
        verbose_name=_("goal"),
    )
    description = models.TextField(_("the change"))
    reason_kind = models.CharField(_("reason"), max_length=15, choices=AdjustmentReason.choices)
    reason = models.TextField(_("why"))
    decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_adjustments",
        verbose_name=_("decision"),
    )
    body = models.ForeignKey(
        "teams.Body",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_adjustments",
        verbose_name=_("body"),
    )
    decided_on = models.DateField(_("decided on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("course adjustment")
        verbose_name_plural = _("course adjustments")
        ordering = ["programme", "-decided_on", "-pk"]
        indexes = [models.Index(fields=["programme", "decided_on"], name="adjustment_programme_date")]

    def __str__(self) -> str:
        return str(
            _("Course adjustment of %(date)s: %(kind)s")
            % {"date": self.decided_on.isoformat(), "kind": self.get_kind_display()}
        )

    @property
    def decided_by(self) -> str:
        """Who decided, in words: the decision (with its body and number) or the body."""
        if self.decision_id and self.decision is not None:
            return str(self.decision)
        if self.body_id and self.body is not None:
            return self.body.name
        return "—"


def report_file_path(instance: ProgressReport, filename: str) -> str:
    """A random name per file: the programme's name never reaches the disk."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"voortgangsrapportages/{uuid.uuid4().hex}.{extension}"


class ProgressReport(models.Model):
    """A progress report (voortgangsrapportage) over a period, for the steering group or the
    council, kept as PDF/A and ODT made in the background."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="progress_reports"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("up to and including"))
    audience = models.CharField(
        _("for"), max_length=15, choices=ReportAudience.choices, default=ReportAudience.STUURGROEP
    )
    file_status = models.CharField(
        _("files"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    generated_at = models.DateTimeField(_("files made at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_file_path, blank=True)
    odt = models.FileField(_("ODT"), upload_to=report_file_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made on"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["programme", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="progress_report_period"
            )
        ]

    def __str__(self) -> str:
        return str(
            _("Progress report %(start)s – %(end)s")
            % {"start": self.period_start.isoformat(), "end": self.period_end.isoformat()}
        )

    @property
    def files_ready(self) -> bool:
        return self.file_status == DocumentStatus.DONE

    @property
    def files_pending(self) -> bool:
        return self.file_status in {DocumentStatus.QUEUED, DocumentStatus.RUNNING}
