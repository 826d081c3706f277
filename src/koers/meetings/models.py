"""Step 5 — meetings (overleggen) of a body: the agenda, who attended, the minutes per item and the
decisions, numbered per body. Actions that come out of a decision point to it
(``koers.actions.Action.decision``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned

from .reference import AgendaSource, AttendanceStatus, DecisionStatus, MeetingStatus


def agenda_document_path(instance: AgendaDocument, filename: str) -> str:
    """A random name per file: the title of the meeting never reaches the disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"overleggen/{uuid.uuid4().hex}.{extension}"


class Meeting(Versioned):
    """One meeting of a body: when and where, its agenda, attendance, minutes and decisions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="meetings")
    body = models.ForeignKey(
        "teams.Body", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.CONCEPT
    )
    general_notes = models.TextField(_("general minutes"), blank=True)
    agenda_sent_at = models.DateTimeField(_("agenda sent on"), null=True, blank=True)
    held_at = models.DateTimeField(_("marked as held on"), null=True, blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved on"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "pk"]
        indexes = [
            models.Index(fields=["programme", "starts_at"], name="meeting_programme_start"),
            models.Index(fields=["body", "starts_at"], name="meeting_body_start"),
        ]

    def __str__(self) -> str:
        return self.title or str(self.body)

    @property
    def minutes_approved(self) -> bool:
        return self.status == MeetingStatus.MINUTES_APPROVED


class AgendaItem(models.Model):
    """An item on a meeting's agenda, with its minutes once the meeting is held."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("explanation"), blank=True)
    presenter = models.ForeignKey(
        "teams.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presenter"),
    )
    minutes_allotted = models.PositiveSmallIntegerField(_("minutes allotted"), null=True, blank=True)
    source = models.CharField(
        _("origin"), max_length=25, choices=AgendaSource.choices, default=AgendaSource.OWN
    )
    # The object a suggestion is about (an action, sub-project or decision), by its uuid.
    source_uuid = models.UUIDField(null=True, blank=True, editable=False)
    carried_over_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_over_to"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    carry_over = models.BooleanField(_("carry over to the next meeting"), default=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class AgendaDocument(models.Model):
    """A document for an agenda item: an uploaded file or a link to where it is kept."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=agenda_document_path, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["item", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="agenda_document_file_or_link"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Whether a person was invited to, present at, absent from or excused for a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "teams.Person", on_delete=models.PROTECT, related_name="attendance", verbose_name=_("person")
    )
    status = models.CharField(
        _("attendance"), max_length=15, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class Decision(Versioned):
    """A decision of a body, numbered per body (1, 2, 3 …), usually taken in a meeting. A pending
    decision (aangehouden) returns as a suggestion on the next agenda."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="decisions")
    body = models.ForeignKey(
        "teams.Body", on_delete=models.PROTECT, related_name="decisions", verbose_name=_("body")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agenda item"),
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("decision"))
    status = models.CharField(
        _("status"), max_length=15, choices=DecisionStatus.choices, default=DecisionStatus.TAKEN
    )
    decided_on = models.DateField(_("date"))
    subprojects = models.ManyToManyField(
        "plan.SubProject", blank=True, related_name="decisions", verbose_name=_("sub-projects concerned")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "number"], name="decision_number_per_body"),
        ]
        indexes = [models.Index(fields=["programme", "decided_on"], name="decision_programme_date")]

    def __str__(self) -> str:
        return f"{self.body} #{self.number}"
