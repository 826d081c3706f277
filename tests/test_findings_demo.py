"""The demo gives Voorbeeldstad findings in several life domains, each with evidence, once; where
the demo's areas and figures exist, the findings name priority areas and link a series."""

from __future__ import annotations

from koers.analysis.models import Observation
from koers.audit.models import AuditEvent
from tests.test_knowledge_milestones import result


def demo_programme():
    from koers.demo.content import VOORBEELDSTAD
    from koers.programmes.models import Programme

    return Programme.objects.get(organisation__name=VOORBEELDSTAD)


def test_the_demo_adds_findings_once_with_priority_areas_and_figures(db):
    from koers.demo.content import create_demo

    create_demo()
    events = AuditEvent.objects.filter(action__startswith="finding.").count()
    create_demo()

    programme = demo_programme()
    findings = list(programme.findings.all())
    assert len(findings) == 5
    assert AuditEvent.objects.filter(action__startswith="finding.").count() == events
    assert len({f.life_domain for f in findings}) >= 3
    assert all(f.evidence.exists() for f in findings)
    assert {"probleemstelling", "risicofactor", "beschermende_factor"} == {f.kind for f in findings}
    assert programme.findings.filter(status="vastgesteld").count() == 1
    assert sum(f.comments.count() for f in findings) >= 2
    assert sum(f.stances.count() for f in findings) >= 3
    assert result(programme, "findings.life_domains").met
    # The demo's statistics are imported before the findings, so they name areas and link figures.
    assert result(programme, "findings.priority_areas").met
    overlast = programme.findings.get(title__startswith="Overlast door groepen jongeren")
    assert sorted(a.code for a in overlast.priority_areas.all()) == ["BU99010100", "BU99010101", "WK990101"]
    figure = overlast.evidence.get(kind="cijfer")
    assert (figure.area.code, figure.measure.code) == ("WK990101", "E35")
    assert (
        Observation.objects.filter(area=figure.area, measure=figure.measure, topic=figure.topic).count() >= 6
    )
