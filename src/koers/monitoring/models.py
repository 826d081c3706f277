"""Step 5 — monitoring: the kwartiermaker's own assessment of where a sub-project stands, next to
the standing Koers computes (koers.monitoring.status)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reference import Standing


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
