"""Step 6 — indicators of a programme goal or a sub-project, with a baseline, a target and the
measurements over time. An indicator may be linked to an imported official series (an area and a
measure of the analysis registry): its measurements then fill themselves from the observations."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("output")
    OUTCOME = "outcome", _("outcome")
    IMPACT = "impact", _("impact")
    PROCESS = "process", _("process")


class Polarity(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Indicator(Versioned):
    """What the programme measures to know whether a goal or a sub-project works."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(
        "plan.Goal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("goal"),
    )
    subproject = models.ForeignKey(
        "plan.SubProject",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("sub-project"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.OUTCOME
    )
    definition = models.TextField(
        _("definition"), blank=True, help_text=_("What exactly is counted or measured.")
    )
    unit = models.CharField(
        _("unit"), max_length=60, blank=True, help_text=_("For example: registered crimes, %.")
    )
    polarity = models.CharField(
        _("direction"), max_length=10, choices=Polarity.choices, default=Polarity.LOWER
    )
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    area = models.ForeignKey(
        "analysis.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area of the official series"),
    )
    measure = models.ForeignKey(
        "analysis.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measure of the official series"),
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_period = models.CharField(_("baseline period"), max_length=20, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    story = models.TextField(_("the story behind the curve"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(goal__isnull=False) | models.Q(subproject__isnull=False),
                name="indicator_goal_or_subproject",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def linked(self) -> bool:
        return self.area_id is not None and self.measure_id is not None


class Measurement(models.Model):
    """One measured value of an indicator for a period."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.CharField(_("period"), max_length=20, help_text=_("For example 2025 or 2025-06."))
    period_date = models.DateField(
        _("period date"), help_text=_("The first day of the period, for ordering.")
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    from_series = models.BooleanField(_("from the official series"), default=False)
    # A count of the official series below KOERS_SUPPRESS_BELOW: shown as "< 5", never plotted.
    suppressed = models.BooleanField(_("suppressed"), default=False)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["period_date", "period", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="measurement_indicator_period_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"
