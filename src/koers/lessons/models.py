"""Step 5 — lessons learned (lessen) of a programme, per sub-project or meeting, and the
installation-wide shared library "Leer van elkaar": frozen public copies of what an organisation
chose to share, after a programme manager approved it.

A library item carries no person and shows no internal object: only the texts, the tags, the
publishing organisation's name and the dates. Its links to the organisation, the programme and the
lesson it came from are for the publisher's own rights, never shown to another organisation."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned

from .reference import LibraryKind, PublicationStatus


class Lesson(Versioned):
    """What the programme learned: what worked, what did not, and the recommendation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="lessons")
    subproject = models.ForeignKey(
        "plan.SubProject",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("sub-project"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("lesson"), max_length=200)
    worked = models.TextField(_("what worked"), blank=True)
    did_not_work = models.TextField(_("what did not work"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    focus_areas = models.ManyToManyField(
        "plan.FocusArea", blank=True, related_name="lessons", verbose_name=_("focus areas")
    )
    themes = models.CharField(
        _("themes"), max_length=500, blank=True, help_text=_("Free tags, separated by commas.")
    )
    learned_on = models.DateField(_("date"))
    publication_status = models.CharField(
        _("publication"), max_length=15, choices=PublicationStatus.choices, default=PublicationStatus.INTERNAL
    )
    proposed_at = models.DateTimeField(_("proposed on"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rejection_reason = models.TextField(_("reason for declining"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["-learned_on", "title", "pk"]
        indexes = [models.Index(fields=["programme", "learned_on"], name="lesson_programme_date")]

    def __str__(self) -> str:
        return self.title

    @property
    def theme_list(self) -> list[str]:
        return [t.strip() for t in self.themes.split(",") if t.strip()]


class LibraryItem(models.Model):
    """A published item of the shared library: a frozen copy, readable by every organisation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=15, choices=LibraryKind.choices, default=LibraryKind.LESSON)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="library_items"
    )
    publisher_name = models.CharField(_("published by"), max_length=200)
    # The publisher's own links: never shown to another organisation.
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.SET_NULL, null=True, blank=True, related_name="library_items"
    )
    lesson = models.OneToOneField(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="library_item"
    )
    verdict = models.OneToOneField(
        "evaluation.Verdict", on_delete=models.SET_NULL, null=True, blank=True, related_name="library_item"
    )
    # For an evaluation summary: conclusion, level of evidence, decision, design and the effect in
    # words, frozen at publication (labels in the publisher's language are not stored).
    evidence = models.JSONField(_("evaluation"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    worked = models.TextField(_("what worked"), blank=True)
    did_not_work = models.TextField(_("what did not work"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    focus_area_keys = models.JSONField(_("focus areas"), default=list, blank=True)
    focus_area_names = models.JSONField(_("focus area names"), default=list, blank=True)
    themes = models.CharField(_("themes"), max_length=500, blank=True)
    published_on = models.DateField(_("published on"))
    updated_on = models.DateField(_("last updated on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("shared library item")
        verbose_name_plural = _("shared library items")
        ordering = ["-published_on", "title", "pk"]
        indexes = [models.Index(fields=["withdrawn_at", "published_on"], name="library_live_published")]

    def __str__(self) -> str:
        return self.title

    @property
    def theme_list(self) -> list[str]:
        return [t.strip() for t in self.themes.split(",") if t.strip()]

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None
