"""The step-6 milestones of the evaluation plans: every sub-project that runs or has been evaluated
(status uitvoering, geevalueerd or doorontwikkelen) has an evaluation plan. Without such a
sub-project it is not met yet. And of the verdicts (ADR 0031): every evaluated sub-project has a
verdict and a decision; every decision to embed has a complete embedding plan."""

from __future__ import annotations

from django.db.models import BooleanField, Count, DecimalField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy, ngettext

from koers.plan.models import SubProject
from koers.plan.reference import SubProjectStatus
from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .models import EmbeddingPlan, EvaluationPlan, Verdict
from .reference import Decision, PlanStatus

NEEDS_PLAN = (SubProjectStatus.RUNNING, SubProjectStatus.EVALUATED, SubProjectStatus.DEVELOP)


def plan_counts(facts: ProgrammeFacts) -> dict[str, int]:
    """In one query: sub-projects that need a plan, and those without one."""

    def compute() -> dict[str, int]:
        row = (
            SubProject.objects.filter(programme=facts.programme, status__in=NEEDS_PLAN)
            .annotate(has_plan=Exists(EvaluationPlan.objects.filter(subproject=OuterRef("pk"))))
            .aggregate(due=Count("pk"), without=Count("pk", filter=Q(has_plan=False)))
        )
        return {"due": row["due"] or 0, "without": row["without"] or 0}

    result: dict[str, int] = facts.memo("evaluation.plan_counts", compute)
    return result


@milestone(
    step=6,
    key="evaluation.plans",
    title=gettext_lazy("Every running or evaluated sub-project has an evaluation plan"),
    order=20,
)
def evaluation_plan_per_subproject(facts: ProgrammeFacts) -> Check:
    counts = plan_counts(facts)
    if not counts["due"]:
        return Check(False, gettext("no sub-project is running yet"))
    if counts["without"]:
        return Check(
            False,
            ngettext(
                "%(n)d sub-project without an evaluation plan",
                "%(n)d sub-projects without an evaluation plan",
                counts["without"],
            )
            % {"n": counts["without"]},
        )
    return Check(True)


# Verdicts and decisions (ADR 0031) -----------------------------------------------------------------

#: A sub-project is due for a verdict once it has been evaluated: its evaluation plan is completed, or
#: its status says evaluated, developed further or embedded.
DUE_STATUSES = (SubProjectStatus.EVALUATED, SubProjectStatus.DEVELOP, SubProjectStatus.EMBEDDED)


def verdict_counts(facts: ProgrammeFacts) -> dict[str, int]:
    """In one query: sub-projects due for a verdict and those without one, sub-projects with any
    verdict, decisions to embed and those whose embedding plan is missing or incomplete."""

    def compute() -> dict[str, int]:
        embed = Verdict.objects.filter(plan__subproject=OuterRef("pk"), decision=Decision.EMBED)
        complete = (
            EmbeddingPlan.objects.filter(
                verdict__plan__subproject=OuterRef("pk"), verdict__decision=Decision.EMBED
            )
            .exclude(partner__isnull=True, organisation_name="")
            .annotate(amount=Coalesce("funding_amount", Value(0), output_field=DecimalField()))
            .filter(amount__gt=0, funding_from__isnull=False, areas__isnull=False)
            .exclude(funding_source="")
            .exclude(conditions="")
        )
        row = (
            SubProject.objects.filter(programme=facts.programme)
            .annotate(
                is_due=ExpressionWrapper(
                    Q(status__in=DUE_STATUSES) | Q(evaluation_plan__status=PlanStatus.DONE),
                    output_field=BooleanField(),
                ),
                is_judged=Exists(Verdict.objects.filter(plan__subproject=OuterRef("pk"))),
                has_embed=Exists(embed),
                has_complete=Exists(complete),
            )
            .aggregate(
                due=Count("pk", filter=Q(is_due=True)),
                due_without=Count("pk", filter=Q(is_due=True, is_judged=False)),
                judged=Count("pk", filter=Q(is_judged=True)),
                embeds=Count("pk", filter=Q(has_embed=True)),
                embeds_incomplete=Count("pk", filter=Q(has_embed=True, has_complete=False)),
            )
        )
        return {key: value or 0 for key, value in row.items()}

    result: dict[str, int] = facts.memo("evaluation.verdict_counts", compute)
    return result


@milestone(
    step=6,
    key="evaluation.verdicts",
    title=gettext_lazy("Every evaluated sub-project has a verdict and a decision"),
    order=40,
)
def verdict_per_evaluated_subproject(facts: ProgrammeFacts) -> Check:
    counts = verdict_counts(facts)
    if not counts["due"]:
        return Check(False, gettext("no sub-project has been evaluated yet"))
    if counts["due_without"]:
        return Check(
            False,
            ngettext(
                "%(n)d evaluated sub-project without a verdict",
                "%(n)d evaluated sub-projects without a verdict",
                counts["due_without"],
            )
            % {"n": counts["due_without"]},
        )
    return Check(True)


@milestone(
    step=6,
    key="evaluation.embedding",
    title=gettext_lazy("Every decision to embed has a complete embedding plan"),
    order=50,
)
def embedding_plan_per_embedding_decision(facts: ProgrammeFacts) -> Check:
    counts = verdict_counts(facts)
    if not counts["judged"]:
        return Check(False, gettext("no verdict has been given yet"))
    if counts["embeds_incomplete"]:
        return Check(
            False,
            ngettext(
                "%(n)d decision to embed without a complete embedding plan",
                "%(n)d decisions to embed without a complete embedding plan",
                counts["embeds_incomplete"],
            )
            % {"n": counts["embeds_incomplete"]},
        )
    if not counts["embeds"]:
        return Check(True, gettext("no sub-project has been embedded: nothing to plan"))
    return Check(True)
