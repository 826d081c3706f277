"""Step 2 — the veiligheidsanalyse as a document: numbered versions, each generated from the
programme's data at one moment and kept as PDF/A, ODT and DOCX."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    QUEUED = "wachtrij", _("waiting")
    RUNNING = "bezig", _("being made")
    DONE = "klaar", _("ready")
    FAILED = "mislukt", _("failed")


def document_file_path(instance: AnalysisDocument, filename: str) -> str:
    """A random name per file: the programme's name never reaches the disk."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"analysedocumenten/{uuid.uuid4().hex}.{extension}"


class AnalysisDocument(models.Model):
    """One version of a programme's safety analysis document."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="analysis_documents"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data_as_of = models.DateTimeField(
        _("data as of"),
        null=True,
        blank=True,
        help_text=_("The latest change of the data the document uses."),
    )
    data_fingerprint = models.CharField(_("state of the data"), max_length=500, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=document_file_path, blank=True)
    odt = models.FileField(_("ODT"), upload_to=document_file_path, blank=True)
    docx = models.FileField(_("DOCX"), upload_to=document_file_path, blank=True)

    class Meta:
        verbose_name = _("safety analysis document")
        verbose_name_plural = _("safety analysis documents")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="analysis_document_number_unique"),
        ]

    def __str__(self) -> str:
        return str(_("Safety analysis, version %(number)d") % {"number": self.number})

    @property
    def ready(self) -> bool:
        return self.status == DocumentStatus.DONE

    @property
    def pending(self) -> bool:
        return self.status in {DocumentStatus.QUEUED, DocumentStatus.RUNNING}
