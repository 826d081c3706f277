"""Step 2's milestones of the findings follow the data, computed in one query per page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.findings import services
from koers.findings.milestones import findings_counts
from koers.programmes.navigator import ProgrammeFacts
from tests.findings_data import finding, municipality_with_figures, source
from tests.test_knowledge_milestones import result


def test_three_life_domains_each_with_evidence_meet_the_milestone(programme, manager):
    known = source(manager, programme)
    findings = [
        finding(manager, programme, title=f"In {domain}", life_domain=domain)
        for domain in ("buurt", "school", "buurt")
    ]
    for item in findings:
        services.evidence_add(actor=manager, finding=item, source=known)
    assert not result(programme, "findings.life_domains").met

    online = finding(manager, programme, title="Online", life_domain="online")
    check = result(programme, "findings.life_domains")
    assert not check.met, "a finding without evidence keeps the milestone open"
    assert "1" in str(check.check.detail)

    services.evidence_add(actor=manager, finding=online, source=known)
    assert result(programme, "findings.life_domains").met


def test_no_findings_do_not_meet_the_milestone(programme):
    assert not result(programme, "findings.life_domains").met
    assert not result(programme, "findings.priority_areas").met


def test_a_finding_with_a_priority_area_meets_the_milestone(programme, manager):
    data = municipality_with_figures(programme)
    finding(manager, programme)
    assert not result(programme, "findings.priority_areas").met

    finding(manager, programme, title="Hier", priority_areas=[data["buurten"][1]])
    assert result(programme, "findings.priority_areas").met


def test_both_milestones_share_one_query(programme, manager):
    data = municipality_with_figures(programme)
    for domain in ("buurt", "school", "gezin", "online"):
        item = finding(manager, programme, title=domain, life_domain=domain, priority_areas=data["wijken"])
        services.evidence_add(actor=manager, finding=item, source=source(manager, programme, title=domain))
    facts = ProgrammeFacts(programme)
    with CaptureQueriesContext(connection) as queries:
        counts = findings_counts(facts)
        findings_counts(facts)
    assert len(queries) == 1
    assert counts == {"findings": 4, "without_evidence": 0, "domains": 4, "with_areas": 4}
