"""Step 2 — the knowledge base (sources) and the team's experiences: what is known about youth
crime from research and practice, and what the team members see themselves."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned

from .reference import FocusArea, SourceKind


def source_document_path(instance: Source, filename: str) -> str:
    """A random name: the uploaded file's own name never reaches the disk."""
    return f"kennisbank/{uuid.uuid4().hex}.pdf"


class Source(Versioned):
    """A report, study, practice example, survey or news item the programme learns from."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300)
    author = models.CharField(_("author or organisation"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    municipality = models.CharField(
        _("municipality"), max_length=200, blank=True, help_text=_("Where the source is about, if anywhere.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices, default=SourceKind.RESEARCH)
    url = models.URLField(_("link"), max_length=500, blank=True)
    document = models.FileField(_("PDF"), upload_to=source_document_path, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    themes = models.CharField(
        _("themes"), max_length=500, blank=True, help_text=_("Free tags, separated by commas.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def theme_list(self) -> list[str]:
        return [t.strip() for t in self.themes.split(",") if t.strip()]

    @property
    def focus_area_labels(self) -> list[str]:
        return [str(FocusArea(f).label) for f in self.focus_areas if f in FocusArea.values]


class Experience(Versioned):
    """What a team member sees in practice: where, which group, which pattern — never who."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="experiences"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="experiences"
    )
    person = models.ForeignKey(
        "teams.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="experiences"
    )
    area = models.CharField(
        _("where"),
        max_length=200,
        help_text=_("A neighbourhood, street area or place, for example “Centrum”."),
    )
    group = models.CharField(
        _("which group"), max_length=200, help_text=_("For example “young people aged 14–18”.")
    )
    pattern = models.TextField(_("what you see"), help_text=_("The pattern or behaviour, without names."))
    observed_on = models.DateField(_("when observed"), null=True, blank=True)

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering = ["-observed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.area} · {self.group}"
