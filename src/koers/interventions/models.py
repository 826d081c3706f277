"""The interventions registry: installation-wide interventions (no organisation, kept by the
installation administrators) and an organisation's own, and the interventions a sub-project uses.
Descriptions are in the registry's own words; the national database entry is linked, not copied."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned

from .reference import EvidenceLevel


def validate_https(value: str) -> None:
    if value and not value.lower().startswith("https://"):
        raise ValidationError(
            _("Use a secure link that starts with https://."),
            code="not_https",
        )


class Intervention(Versioned):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interventions",
        help_text=_("Empty for the installation-wide registry."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("In your own words: what it is and how it works. Do not copy texts from elsewhere."),
    )
    target_min_age = models.PositiveSmallIntegerField(_("target group from age"), null=True, blank=True)
    target_max_age = models.PositiveSmallIntegerField(_("target group to age"), null=True, blank=True)
    target_description = models.CharField(_("target group"), max_length=300, blank=True)
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    evidence_level = models.CharField(
        _("level of evidence"),
        max_length=20,
        choices=EvidenceLevel.choices,
        default=EvidenceLevel.NOT_ASSESSED,
    )
    database_url = models.URLField(
        _("entry in the national database"),
        max_length=500,
        blank=True,
        validators=[validate_https],
        help_text=_("A link to the intervention's entry in a national database, starting with https://."),
    )

    class Meta:
        ordering = ("name",)
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.target_min_age is not None
            and self.target_max_age is not None
            and self.target_min_age > self.target_max_age
        ):
            raise ValidationError(
                {"target_max_age": _("The upper age must not be lower than the lower age.")}
            )

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None


class SubProjectIntervention(models.Model):
    """An intervention a sub-project uses, with how it is applied or adapted there."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subproject = models.ForeignKey(
        "plan.SubProject", on_delete=models.CASCADE, related_name="interventions_used"
    )
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="uses")
    note = models.TextField(
        _("note or adaptation"),
        blank=True,
        help_text=_("How the sub-project applies the intervention, or what it adapts."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("intervention__name",)
        constraints = [
            models.UniqueConstraint(
                fields=["subproject", "intervention"], name="interventions_unique_per_subproject"
            )
        ]

    def __str__(self) -> str:
        return str(self.intervention)
