"""Fixed lists of the evaluation plans and the process evaluation, and the plan's workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.workflow import Workflow


class EvaluationKind(models.TextChoices):
    PROCESS = "proces", _("process evaluation")
    EFFECT = "effect", _("effect evaluation")
    BOTH = "beide", _("process and effect evaluation")


class Design(models.TextChoices):
    BEFORE_AFTER = "voor_na", _("before and after")
    COMPARISON = "vergelijking", _("comparison areas (difference-in-differences)")
    TIME_SERIES = "tijdreeks", _("interrupted time series")
    EXTERNAL = "extern", _("external study (for example an RCT)")


# Designs that compare the treated areas with comparison areas.
DESIGNS_WITH_COMPARISON = frozenset({Design.COMPARISON})


class Evaluator(models.TextChoices):
    OWN = "eigen", _("own staff")
    BUREAU = "bureau", _("research bureau")


class PlanStatus(models.TextChoices):
    CONCEPT = "concept", _("draft")
    PLANNED = "gepland", _("planned")
    RUNNING = "uitvoering", _("being carried out")
    DONE = "afgerond", _("completed")


PLAN_WORKFLOW = Workflow(
    PlanStatus,
    {
        PlanStatus.CONCEPT: frozenset({PlanStatus.PLANNED}),
        PlanStatus.PLANNED: frozenset({PlanStatus.CONCEPT, PlanStatus.RUNNING}),
        PlanStatus.RUNNING: frozenset({PlanStatus.PLANNED, PlanStatus.DONE}),
        PlanStatus.DONE: frozenset({PlanStatus.RUNNING}),
    },
)


class Aspect(models.TextChoices):
    REACH = "bereik", _("reach")
    DOSAGE = "dosis", _("dosage")
    FIDELITY = "programmatrouw", _("fidelity to the intervention")
    PARTNERS = "ervaring_partners", _("partners' experience")
    OTHER = "overig", _("other")


class EstimateMethod(models.TextChoices):
    """The effect estimates Koers computes with ``koers.stats`` from linked data."""

    RATE_CHANGE = "voor_na", _("before and after (change of a count or rate)")
    DID_2X2 = "did_2x2", _("difference-in-differences (2 × 2)")
    DID_PANEL = "did_panel", _("difference-in-differences (panel, two-way fixed effects)")
    ITS = "tijdreeks", _("interrupted time series")
    WDD = "wdd", _("weighted displacement difference")


class Conclusion(models.TextChoices):
    """The verdict of an evaluation."""

    EFFECTIVE = "effectief", _("effective")
    PROMISING = "veelbelovend", _("promising")
    NOT_EFFECTIVE = "niet_effectief", _("not effective")
    INSUFFICIENT = "onvoldoende_bewijs", _("insufficient evidence")


class Decision(models.TextChoices):
    """What the programme does with the sub-project after the verdict."""

    STOP = "stoppen", _("stop")
    ADJUST = "bijstellen", _("adjust")
    CONTINUE = "voortzetten", _("continue")
    DEVELOP = "doorontwikkelen", _("develop further")
    EMBED = "inbedden", _("embed structurally")
