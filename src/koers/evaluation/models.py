"""Step 6 — the evaluation plan of a sub-project (questions, kind, design, comparison areas,
evaluator, planned dates, status) and its process evaluation: structured items about reach,
dosage, fidelity and the partners' experience. Effect estimates build on these plans."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Versioned

from .reference import Aspect, Design, EvaluationKind, Evaluator, PlanStatus


class EvaluationPlan(Versioned):
    """How a sub-project is evaluated: one plan per sub-project."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subproject = models.OneToOneField(
        "plan.SubProject",
        on_delete=models.CASCADE,
        related_name="evaluation_plan",
        verbose_name=_("sub-project"),
    )
    questions = models.TextField(_("evaluation questions"), help_text=_("What the evaluation should answer."))
    kind = models.CharField(_("kind of evaluation"), max_length=10, choices=EvaluationKind.choices)
    design = models.CharField(_("design"), max_length=15, choices=Design.choices)
    external_reference = models.CharField(
        _("reference of the external study"),
        max_length=500,
        blank=True,
        help_text=_("For an external study: the publication, registration number or web address."),
    )
    evaluator = models.CharField(
        _("evaluator"), max_length=10, choices=Evaluator.choices, default=Evaluator.OWN
    )
    evaluator_name = models.CharField(_("name of the research bureau"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=PlanStatus.choices, default=PlanStatus.CONCEPT
    )
    treated_areas = models.ManyToManyField(
        "analysis.Area", blank=True, related_name="+", verbose_name=_("areas of the sub-project")
    )
    comparison_areas = models.ManyToManyField(
        "analysis.Area", blank=True, related_name="+", verbose_name=_("comparison areas")
    )
    measure = models.ForeignKey(
        "analysis.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measure for the comparison"),
        help_text=_("The figure Koers uses to show how similar the comparison areas are."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluation plan")
        verbose_name_plural = _("evaluation plans")
        ordering = ["subproject__name"]

    def __str__(self) -> str:
        return str(self.subproject)


class ProcessItem(models.Model):
    """One finding of the process evaluation: was the sub-project carried out as planned?"""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(EvaluationPlan, on_delete=models.CASCADE, related_name="process_items")
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices)
    score = models.PositiveSmallIntegerField(
        _("score (1 to 5)"), null=True, blank=True, help_text=_("1 is very poor, 5 is very good.")
    )
    number = models.DecimalField(_("number"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, help_text=_("For example: young people reached, sessions.")
    )
    text = models.TextField(_("explanation"), blank=True)
    observed_on = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("process evaluation item")
        verbose_name_plural = _("process evaluation items")
        ordering = ["observed_on", "aspect", "pk"]

    def __str__(self) -> str:
        return f"{self.get_aspect_display()} {self.observed_on:%d-%m-%Y}"
