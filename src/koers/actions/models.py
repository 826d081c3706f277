"""Step 4 — who does what when: the actions (afspraken) of a programme, each with an owner, the
responsible organisation and a due date."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned

from .reference import OPEN_STATUSES, ActionOrigin, ActionPriority, ActionStatus, RaciRole


class Action(Versioned):
    """One agreed action: what, who, which organisation, by when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="actions")
    subproject = models.ForeignKey(
        "plan.SubProject",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("sub-project"),
    )
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "teams.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("owner"),
    )
    organisation = models.ForeignKey(
        "teams.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("responsible organisation"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=ActionPriority.choices, default=ActionPriority.NORMAL
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=ActionOrigin.choices, default=ActionOrigin.PLAN
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("from decision"),
    )
    adjustment = models.ForeignKey(
        "monitoring.CourseAdjustment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("from course adjustment"),
    )
    verdict = models.ForeignKey(
        "evaluation.Verdict",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("from evaluation decision"),
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "title", "pk"]
        indexes = [models.Index(fields=["programme", "status", "due_date"], name="action_programme_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue_on(self, day: object) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < day  # type: ignore[operator]


class FeedToken(models.Model):
    """A secret address of a user's calendar feed. Only a hash of the token is kept: the token
    itself is shown once, when it is made. A revoked token answers nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.created_at:%Y-%m-%d}"


class ReminderPreference(models.Model):
    """What a user wants to receive by e-mail about their actions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    on_assign = models.BooleanField(_("when an action becomes mine"), default=True)
    before_due = models.BooleanField(_("three days before the due date"), default=True)
    when_overdue = models.BooleanField(_("once, when an action is overdue"), default=True)
    weekly_digest = models.BooleanField(_("a weekly overview on Monday"), default=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return str(self.user_id)


class ReminderSent(models.Model):
    """One reminder that has been sent; the unique key makes sending twice impossible."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return self.key


class RaciRow(models.Model):
    """One activity or deliverable of a sub-project in its RACI matrix."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subproject = models.ForeignKey("plan.SubProject", on_delete=models.CASCADE, related_name="raci_rows")
    activity = models.CharField(_("activity or deliverable"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("RACI row")
        verbose_name_plural = _("RACI rows")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.activity


class RaciCell(models.Model):
    """The letter of one person or partner organisation in a RACI row."""

    row = models.ForeignKey(RaciRow, on_delete=models.CASCADE, related_name="cells")
    person = models.ForeignKey(
        "teams.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey(
        "teams.PartnerOrganisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=1, choices=RaciRole.choices)

    class Meta:
        verbose_name = _("RACI cell")
        verbose_name_plural = _("RACI cells")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, partner__isnull=True)
                | models.Q(person__isnull=True, partner__isnull=False),
                name="raci_cell_person_or_partner",
            ),
            models.UniqueConstraint(fields=["row", "person"], name="raci_cell_person_once"),
            models.UniqueConstraint(fields=["row", "partner"], name="raci_cell_partner_once"),
        ]

    def __str__(self) -> str:
        return self.role
