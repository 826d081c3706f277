"""The demo records two verdicts: Straatcoaches Noord promising → developed further, and Geen
geldezel (an external RCT) effective → embedded structurally with a complete embedding plan and two
follow-up actions — once: running the demo again changes nothing. Both step-6 milestones of the
verdicts are met."""

from __future__ import annotations

from koers.actions.models import Action
from koers.audit.models import AuditEvent
from koers.evaluation import verdicts
from koers.evaluation.milestones import (
    embedding_plan_per_embedding_decision,
    verdict_per_evaluated_subproject,
)
from koers.evaluation.models import Verdict
from koers.programmes.navigator import ProgrammeFacts
from tests.test_findings_demo import demo_programme


def test_the_demo_records_the_verdicts_once(db):
    from koers.demo.content import create_demo

    create_demo()
    events = AuditEvent.objects.filter(action__in=("verdict.create", "subproject.change_status")).count()
    create_demo()
    assert (
        AuditEvent.objects.filter(action__in=("verdict.create", "subproject.change_status")).count() == events
    )

    programme = demo_programme()
    found = {v.plan.subproject.name: v for v in Verdict.objects.filter(plan__subproject__programme=programme)}
    assert set(found) == {"Straatcoaches Noord", "Geen geldezel"}

    straat = found["Straatcoaches Noord"]
    assert (straat.conclusion, straat.decision) == ("veelbelovend", "doorontwikkelen")
    assert straat.plan.subproject.status == "doorontwikkelen"
    allowed, _reason = verdicts.suggest_level(straat.plan, "veelbelovend", list(straat.estimates.all()))
    assert straat.evidence_level == allowed
    assert all(e.reliable and not e.declined for e in straat.estimates.all())

    geldezel = found["Geen geldezel"]
    assert (geldezel.conclusion, geldezel.decision) == ("effectief", "inbedden")
    assert geldezel.evidence_level == "effectief_sterke"
    assert geldezel.plan.status == "afgerond" and geldezel.plan.design == "extern"
    assert geldezel.plan.subproject.status == "ingebed"
    embedding = geldezel.embedding
    assert verdicts.is_complete(embedding)
    assert embedding.partner is not None and embedding.partner.name == "Halt Voorbeeldregio"
    assert str(embedding.funding_amount) == "45000.00" and embedding.funding_from.isoformat() == "2027-01-01"
    assert embedding.areas.count() >= 1
    actions = Action.objects.filter(verdict=geldezel)
    assert actions.count() == 2 and all(a.origin == "evaluatie" and a.owner_id for a in actions)

    facts = ProgrammeFacts(programme)
    assert verdict_per_evaluated_subproject(facts).met
    assert embedding_plan_per_embedding_decision(facts).met
