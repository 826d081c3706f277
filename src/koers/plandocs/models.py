"""Steps 3 and 4 — the plan of approach as a document: numbered versions, each holding a frozen
snapshot of the plan (focus areas, goals, sub-projects, budget, timeline) taken when it was made,
going from concept to submitted to approved, and kept as PDF/A, ODT and DOCX."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.analysisdocs.models import DocumentStatus
from koers.workflow import Workflow


class PlanVersionStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    SUBMITTED = "ingediend", _("submitted")
    APPROVED = "vastgesteld", _("approved")


PLAN_VERSION_WORKFLOW = Workflow(
    PlanVersionStatus,
    {
        PlanVersionStatus.CONCEPT: frozenset({PlanVersionStatus.SUBMITTED}),
        # A submitted version can go back to concept (withdrawn) until it is approved.
        PlanVersionStatus.SUBMITTED: frozenset({PlanVersionStatus.APPROVED, PlanVersionStatus.CONCEPT}),
        PlanVersionStatus.APPROVED: frozenset(),
    },
)


def plan_file_path(instance: PlanVersion, filename: str) -> str:
    """A random name per file: the programme's name never reaches the disk."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"planversies/{uuid.uuid4().hex}.{extension}"


class PlanVersion(models.Model):
    """One version of a programme's plan of approach."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="plan_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=15, choices=PlanVersionStatus.choices, default=PlanVersionStatus.CONCEPT
    )
    snapshot = models.JSONField(_("plan data"), default=dict, editable=False)
    snapshot_taken_at = models.DateTimeField(_("data as of"))
    created_at = models.DateTimeField(_("made on"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=200, blank=True)
    approving_body = models.ForeignKey(
        "teams.Body", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file_status = models.CharField(
        _("files"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    file_requested_at = models.DateTimeField(_("files requested at"), null=True, blank=True)
    generated_at = models.DateTimeField(_("files made at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=plan_file_path, blank=True)
    odt = models.FileField(_("ODT"), upload_to=plan_file_path, blank=True)
    docx = models.FileField(_("DOCX"), upload_to=plan_file_path, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["programme"], condition=Q(status="concept"), name="plan_version_one_concept"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Plan of approach, version %(number)d") % {"number": self.number})

    @property
    def files_ready(self) -> bool:
        return self.file_status == DocumentStatus.DONE

    @property
    def files_pending(self) -> bool:
        return self.file_status in {DocumentStatus.QUEUED, DocumentStatus.RUNNING}

    @property
    def frozen(self) -> bool:
        return self.status != PlanVersionStatus.CONCEPT
