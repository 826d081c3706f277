"""The demo gives Voorbeeldstad outcome indicators linked to its imported police series, each
with a baseline from the series and a target, and one process indicator measured by hand — once:
running the demo again changes nothing."""

from __future__ import annotations

from koers.audit.models import AuditEvent
from koers.indicators.milestones import indicator_counts
from koers.indicators.models import Indicator
from koers.programmes.navigator import ProgrammeFacts
from tests.test_findings_demo import demo_programme


def test_the_demo_adds_indicators_linked_to_its_series_once(db):
    from koers.demo.content import create_demo

    create_demo()
    events = AuditEvent.objects.filter(action__regex=r"^(indicator|measurement)\.").count()
    count = Indicator.objects.count()
    create_demo()
    assert AuditEvent.objects.filter(action__regex=r"^(indicator|measurement)\.").count() == events
    assert Indicator.objects.count() == count

    programme = demo_programme()
    linked = list(programme.indicators.filter(area__isnull=False).prefetch_related("measurements"))
    assert len(linked) >= 2
    for indicator in linked:
        assert indicator.kind == "outcome" and indicator.subproject_id
        periods = {m.period: m.value for m in indicator.measurements.all()}
        assert len(periods) >= 5 and all(m.from_series for m in indicator.measurements.all())
        if indicator.baseline_value is None:
            # Sportpark's counts are too small to show: a baseline would reveal one of them.
            assert any(m.suppressed for m in indicator.measurements.all())
            continue
        assert indicator.target_value < indicator.baseline_value
        assert periods[indicator.baseline_period] == indicator.baseline_value
    process = programme.indicators.get(kind="process")
    assert process.area_id is None and process.measurements.count() == 4
    assert not process.measurements.filter(from_series=True).exists()
    counts = indicator_counts(ProgrammeFacts(programme))
    assert counts["with_ready"] == 2 and counts["total"] > counts["without"]
