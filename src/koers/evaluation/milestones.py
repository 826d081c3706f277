"""The step-6 milestone of the evaluation plans: every sub-project that runs or has been evaluated
(status uitvoering, geevalueerd or doorontwikkelen) has an evaluation plan. Without such a
sub-project it is not met yet."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext, gettext_lazy, ngettext

from koers.plan.models import SubProject
from koers.plan.reference import SubProjectStatus
from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .models import EvaluationPlan

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
