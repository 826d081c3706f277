"""The demo gives Voorbeeldstad three evaluation plans: Straatcoaches Noord compared with two
other wijken (with a process evaluation), a process evaluation of Ouders in gesprek and an external
study of Geen geldezel — once: running the demo again changes nothing."""

from __future__ import annotations

from koers.audit.models import AuditEvent
from koers.evaluation import similarity
from koers.evaluation.models import EvaluationPlan, ProcessItem
from tests.test_findings_demo import demo_programme


def test_the_demo_adds_the_evaluation_plans_once(db):
    from koers.demo.content import create_demo

    create_demo()
    events = AuditEvent.objects.filter(action__regex=r"^(evaluationplan|processitem)\.").count()
    create_demo()
    assert AuditEvent.objects.filter(action__regex=r"^(evaluationplan|processitem)\.").count() == events

    programme = demo_programme()
    plans = {p.subproject.name: p for p in EvaluationPlan.objects.filter(subproject__programme=programme)}
    assert set(plans) == {"Straatcoaches Noord", "Ouders in gesprek", "Geen geldezel"}
    straat = plans["Straatcoaches Noord"]
    assert straat.design == "vergelijking" and straat.status == "uitvoering"
    assert [a.code for a in straat.treated_areas.all()] == ["WK990101"]
    assert sorted(a.code for a in straat.comparison_areas.all()) == ["WK990102", "WK990103"]
    assert straat.measure is not None and straat.measure.code == "E35"
    result = similarity.for_plan(straat)
    assert result.start_year == 2026 and len(result.years) >= 3
    assert result.treated.rate is not None and result.treated.slope is not None
    assert all(row.verdict != similarity.UNKNOWN for row in result.rows)
    aspects = set(ProcessItem.objects.filter(plan=straat).values_list("aspect", flat=True))
    assert aspects == {"bereik", "dosis", "programmatrouw", "ervaring_partners"}
    assert ProcessItem.objects.filter(plan=plans["Ouders in gesprek"]).count() == 2
    external = plans["Geen geldezel"]
    assert external.design == "extern" and external.external_reference and external.evaluator_name
