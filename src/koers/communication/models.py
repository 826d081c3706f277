"""Step 5 — the communication plan of a programme: per audience (doelgroep) the goal, the key
messages, the channels, how often and who is responsible; and the communication moments, planned
and done, each for one audience and possibly tied to a sub-project milestone or a decision."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned

from .reference import ON_TIME_DAYS, Audience, Channel, CommunicationFrequency


class CommunicationLine(Versioned):
    """One audience of the communication plan, with what the programme wants to reach there."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="communication_lines"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    audience_name = models.CharField(
        _("name of the audience"),
        max_length=200,
        blank=True,
        help_text=_("Required for another audience; optional otherwise, for example “residents of Noord”."),
    )
    goal = models.TextField(
        _("goal"), blank=True, help_text=_("What this audience should know, think or do.")
    )
    key_messages = models.TextField(_("key messages"), blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    frequency = models.CharField(
        _("frequency"),
        max_length=20,
        choices=CommunicationFrequency.choices,
        default=CommunicationFrequency.QUARTERLY,
    )
    owner = models.ForeignKey(
        "teams.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communication_lines",
        verbose_name=_("responsible"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("audience of the communication plan")
        verbose_name_plural = _("audiences of the communication plan")
        ordering = ["audience", "audience_name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.audience_name:
            return self.audience_name
        return str(Audience(self.audience).label) if self.audience in Audience.values else self.audience

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels if c in Channel.values]


class CommunicationMoment(Versioned):
    """One planned communication: what, for which audience, through which channel, when — and
    when it was actually done."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="communication_moments"
    )
    title = models.CharField(_("what"), max_length=200)
    audience = models.ForeignKey(
        CommunicationLine, on_delete=models.CASCADE, related_name="moments", verbose_name=_("audience")
    )
    channel = models.CharField(_("channel"), max_length=25, choices=Channel.choices, blank=True)
    planned_on = models.DateField(_("planned on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    owner = models.ForeignKey(
        "teams.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communication_moments",
        verbose_name=_("responsible"),
    )
    note = models.TextField(_("note"), blank=True)
    milestone = models.ForeignKey(
        "plan.SubProjectMilestone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communication_moments",
        verbose_name=_("sub-project milestone"),
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="communication_moments",
        verbose_name=_("decision"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("communication moment")
        verbose_name_plural = _("communication moments")
        ordering = ["planned_on", "title", "pk"]
        indexes = [models.Index(fields=["programme", "planned_on"], name="commmoment_programme_planned")]

    def __str__(self) -> str:
        return self.title

    def is_overdue_on(self, day: datetime.date) -> bool:
        return self.done_on is None and self.planned_on < day

    @property
    def done_on_time(self) -> bool:
        return self.done_on is not None and self.done_on <= self.planned_on + datetime.timedelta(
            days=ON_TIME_DAYS
        )
