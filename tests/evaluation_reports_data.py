"""An evaluated sub-project for the tests of the evaluation report, the summary, the shared library
and the golden thread: a plan with a process item, an outcome indicator with a measurement, one
effect estimate Koers presented (before/after: 40 events before, 28 after — 30 % fewer, 95 %
interval from 58 % fewer to 16 % more, p = 0,182, n = 68) and one it declined (3 before, 2 after:
fewer than 5 events), a verdict "veelbelovend" → "doorontwikkelen" made from the first, an
embedding plan and a follow-up action of the verdict. Rows are made with the ORM (the services
of estimates and verdicts have their own tests)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from koers.actions.models import Action
from koers.evaluation import services as evaluation_services
from koers.evaluation.models import EffectEstimate, EmbeddingPlan, Verdict
from koers.indicators import services as indicator_services
from koers.plan.models import Goal, SubProject
from koers.stats import rate_change

START = datetime.date(2026, 3, 1)


def estimate(
    plan: Any, indicator: Any, *, pre: int, post: int, actor: Any, minutes: int = 0
) -> EffectEstimate:
    result = rate_change(pre, post)
    declined = not result.reliable
    return EffectEstimate.objects.create(
        plan=plan,
        indicator=indicator,
        method="voor_na",
        intervention_start=START,
        parameters={"pre_count": pre, "post_count": post},
        data=[],
        result=result.to_dict(),
        reliable=result.reliable,
        declined=declined,
        reasons=[{"code": c.code, "params": dict(c.params)} for c in result.caveats if c.blocking],
        computed_at=timezone.now() - datetime.timedelta(minutes=minutes),
        computed_by=actor,
    )


def evaluated(
    programme: Any, actor: Any, *, name: str = "Straatcoaches", verdict: bool = True
) -> dict[str, Any]:
    goal = Goal.objects.create(programme=programme, title=f"Minder overlast ({name})")
    sub = SubProject.objects.create(programme=programme, name=name, status="uitvoering", start_date=START)
    sub.goals.set([goal])
    plan = evaluation_services.plan_create(
        actor=actor,
        subproject=sub,
        questions="Neemt de overlast af in de wijk?",
        kind="beide",
        design="voor_na",
    )
    item = evaluation_services.item_create(
        actor=actor, plan=plan, aspect="bereik", number=Decimal("120"), unit="jongeren", observed_on=START
    )
    indicator = indicator_services.indicator_create(
        actor=actor,
        programme=programme,
        subproject=sub,
        name=f"Overlastmeldingen {name}",
        kind="outcome",
        polarity="lower",
        unit="meldingen",
        baseline_value=Decimal("40"),
        baseline_period="2025",
        target_value=Decimal("30"),
    )
    indicator_services.measurement_create(
        actor=actor, indicator=indicator, period="2026", value=Decimal("28")
    )
    presented = estimate(plan, indicator, pre=40, post=28, actor=actor, minutes=10)
    declined = estimate(plan, indicator, pre=3, post=2, actor=actor)
    found: dict[str, Any] = {
        "goal": goal,
        "sub": sub,
        "plan": plan,
        "item": item,
        "indicator": indicator,
        "presented": presented,
        "declined": declined,
        "verdict": None,
    }
    if verdict:
        judged = Verdict.objects.create(
            plan=plan,
            conclusion="veelbelovend",
            evidence_level="effectief_eerste",
            reasoning="De overlast daalt, maar het interval is breed.",
            decision="doorontwikkelen",
            decision_reasoning="Uitbreiden naar een tweede wijk.",
            decided_on=datetime.date(2026, 10, 1),
            created_by=actor,
        )
        judged.estimates.set([presented])
        found["verdict"] = judged
        found["embedding"] = EmbeddingPlan.objects.create(
            verdict=judged,
            organisation_name="Stichting Jongerenwerk",
            funding_amount=Decimal("85000"),
            funding_source="Gemeentebegroting",
            funding_from=datetime.date(2027, 1, 1),
            conditions="Jaarlijkse rapportage.",
        )
        found["action"] = Action.objects.create(
            programme=programme,
            subproject=sub,
            title="Tweede wijk voorbereiden",
            verdict=judged,
            due_date=datetime.date(2026, 12, 1),
        )
    return found
