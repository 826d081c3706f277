"""The demo gives Voorbeeldstad findings in several life domains, each with evidence, once; where
the demo's areas and figures exist, the findings name priority areas and link a series."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from koers.analysis.models import Area, Dataset, Measure, Observation
from koers.audit.models import AuditEvent
from tests.test_knowledge_milestones import result


def demo_programme():
    from koers.demo.content import VOORBEELDSTAD
    from koers.programmes.models import Programme

    return Programme.objects.get(organisation__name=VOORBEELDSTAD)


def test_the_demo_adds_findings_once_without_statistics(db):
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
    # Without the demo's areas there are no priority areas and no figures to link.
    assert not result(programme, "findings.priority_areas").met
    assert not programme.findings.filter(evidence__kind="cijfer").exists()


def test_the_demo_uses_the_areas_and_figures_when_they_are_there(db):
    from koers.demo.content import create_demo

    municipality = Area.objects.create(
        code="GM9901", level="gemeente", name="Voorbeeldstad", reference_year=2026
    )
    noord = Area.objects.create(
        code="WK990101", level="wijk", name="Noord", parent=municipality, reference_year=2026
    )
    Area.objects.create(
        code="BU99010100", level="buurt", name="Winkelcentrum Noord", parent=noord, reference_year=2026
    )
    dataset = Dataset.objects.create(
        source="Politie (fictief, demo)",
        table_id="overlast-wijk-buurt",
        title="Registraties overlast",
        downloaded_on=dt.date(2026, 3, 2),
        checksum="0" * 64,
        imported_at=timezone.now(),
    )
    nuisance = Measure.objects.create(
        classification="politie_overlast", code="E35", title="Melding overlast jeugd", kind="detail"
    )
    Observation.objects.create(
        dataset=dataset,
        area=noord,
        measure=nuisance,
        topic="Registraties_1",
        period="2024JJ00",
        year=2024,
        value=40,
    )

    create_demo()
    create_demo()

    programme = demo_programme()
    overlast = programme.findings.get(title__startswith="Overlast door groepen jongeren")
    assert sorted(a.code for a in overlast.priority_areas.all()) == ["BU99010100", "WK990101"]
    figure = overlast.evidence.get(kind="cijfer")
    assert (figure.area, figure.measure, figure.topic) == (noord, nuisance, "Registraties_1")
    assert result(programme, "findings.priority_areas").met
