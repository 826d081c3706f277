"""Step 4 — who does what when: the actions (afspraken) of a programme, each with an owner, the
responsible organisation and a due date."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned

from .reference import OPEN_STATUSES, ActionOrigin, ActionPriority, ActionStatus


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
