"""Step 6 — the evaluation plan of a sub-project (questions, kind, design, comparison areas,
evaluator, planned dates, status) and its process evaluation: structured items about reach,
dosage, fidelity and the partners' experience. Effect estimates build on these plans."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.interventions.reference import EvidenceLevel
from koers.teams.models import Versioned

from .reference import (
    Aspect,
    Conclusion,
    Decision,
    Design,
    EstimateMethod,
    EvaluationKind,
    Evaluator,
    PlanStatus,
)


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
    buffer_areas = models.ManyToManyField(
        "analysis.Area",
        blank=True,
        related_name="+",
        verbose_name=_("displacement buffer areas"),
        help_text=_(
            "For place-based work: the areas around the sub-project's areas where crime may move to."
        ),
    )
    buffer_comparison_areas = models.ManyToManyField(
        "analysis.Area",
        blank=True,
        related_name="+",
        verbose_name=_("comparison areas of the buffer"),
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


class EffectEstimate(models.Model):
    """One effect estimate computed by ``koers.stats`` from the data linked to an indicator: the
    input rows, the parameters and the result are kept, so the figure can always be explained and
    computed again. ``declined`` means Koers did not present an effect (too few events, too few
    periods, comparison areas trending differently before the start): ``reasons`` say why."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(EvaluationPlan, on_delete=models.CASCADE, related_name="estimates")
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.CASCADE,
        related_name="estimates",
        verbose_name=_("indicator"),
    )
    method = models.CharField(_("method"), max_length=15, choices=EstimateMethod.choices)
    intervention_start = models.DateField(_("start of the sub-project"))
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    data = models.JSONField(_("data used"), default=list, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    reliable = models.BooleanField(_("reliable"), default=False)
    declined = models.BooleanField(_("declined"), default=False)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    note = models.TextField(_("interpretation"), blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("effect estimate")
        verbose_name_plural = _("effect estimates")
        ordering = ["-computed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} – {self.indicator}"


class Verdict(Versioned):
    """The conclusion of an evaluation, placed on the evidence ladder with the reasoning, and the
    decision about the sub-project. The latest verdict of a plan is the current one; earlier ones
    stay as history."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(EvaluationPlan, on_delete=models.CASCADE, related_name="verdicts")
    conclusion = models.CharField(_("conclusion"), max_length=20, choices=Conclusion.choices)
    evidence_level = models.CharField(_("level of evidence"), max_length=20, choices=EvidenceLevel.choices)
    reasoning = models.TextField(_("reasoning"))
    estimates = models.ManyToManyField(
        EffectEstimate, blank=True, related_name="verdicts", verbose_name=_("effect estimates used")
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    decision_reasoning = models.TextField(_("reasons for the decision"), blank=True)
    decided_on = models.DateField(_("decided on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_conclusion_display()} – {self.get_decision_display()}"


class EmbeddingPlan(Versioned):
    """How a sub-project judged worth embedding becomes regular work: who takes it over, with which
    structural money from when, where, and on which conditions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    verdict = models.OneToOneField(Verdict, on_delete=models.CASCADE, related_name="embedding")
    partner = models.ForeignKey(
        "teams.PartnerOrganisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner that takes it over"),
    )
    organisation_name = models.CharField(
        _("organisation that takes it over"),
        max_length=200,
        blank=True,
        help_text=_("Filled in from the partner when you choose one."),
    )
    funding_amount = models.DecimalField(
        _("structural funding per year (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("source of the funding"), max_length=200, blank=True)
    funding_from = models.DateField(_("funded from"), null=True, blank=True)
    areas = models.ManyToManyField(
        "analysis.Area", blank=True, related_name="+", verbose_name=_("neighbourhoods")
    )
    conditions = models.TextField(_("conditions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("embedding plan")
        verbose_name_plural = _("embedding plans")

    def __str__(self) -> str:
        return str(self.verdict.plan)
