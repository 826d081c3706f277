"""The demo gives Voorbeeldstad a plan of approach once: four of six focus areas, goals answering
the findings, six sub-projects across the life cycle, an approved version 1 and a newer concept
whose difference shows a change."""

from __future__ import annotations

from decimal import Decimal

from koers.audit.models import AuditEvent
from koers.plandocs import diff
from koers.programmes.navigator import evaluate


def test_the_demo_makes_the_plan_and_two_versions_once(db):
    from koers.demo.content import VOORBEELDSTAD, create_demo
    from koers.programmes.models import Programme

    create_demo()
    events = AuditEvent.objects.filter(action__startswith="plan_version.").count()
    create_demo()
    assert AuditEvent.objects.filter(action__startswith="plan_version.").count() == events

    programme = Programme.objects.get(organisation__name=VOORBEELDSTAD)
    assert programme.focus_areas.filter(active=True).count() == 4
    assert programme.focus_areas.count() == 6
    goals = list(programme.goals.all())
    assert 3 <= len(goals) <= 4 and all(goal.findings.exists() for goal in goals)
    subs = list(programme.subprojects.select_related("kwartiermaker"))
    assert len(subs) == 6
    assert all(sub.kwartiermaker is not None and sub.areas.exists() and sub.goals.exists() for sub in subs)
    assert len({sub.status for sub in subs}) >= 4
    assert all(sub.activities and sub.outcomes for sub in subs)
    lines = [line for sub in subs for line in sub.budget_lines.all()]
    assert any(line.spent > 0 for line in lines) and any(line.committed == 0 for line in lines)

    uses = [sub.interventions_used.count() for sub in subs]
    assert sorted(uses) == [0, 2, 2, 2, 2, 2]
    assert programme.subprojects.get(name="Halt op school").no_intervention_reason
    assert all(sub.raci_rows.exists() for sub in subs)  # step 4's demo works on these sub-projects

    first, second = programme.plan_versions.order_by("number")
    # The versions hold the interventions with their evidence level, and the actions and RACI.
    ouders = next(s for s in first.snapshot["subprojects"] if s["name"] == "Ouders in gesprek")
    assert {i["name"] for i in ouders["interventions"]} == {"Thuis Sterk (fictief)", "Buurtmentor (fictief)"}
    assert all(i["evidence_level"] for i in ouders["interventions"])
    assert any(s["raci"] for s in second.snapshot["subprojects"])
    assert any(s["actions"] for s in second.snapshot["subprojects"])
    assert first.status == "vastgesteld" and first.approved_by.startswith("Stuurgroep")
    assert second.status == "concept"
    difference = diff.compare(first.snapshot, second.snapshot)
    assert any(c.subject == "Ouders in gesprek" and c.what == "status" for c in difference.subprojects)
    assert any(c.subject == "Gemeente" for c in difference.budget_sources)
    assert sum(diff.source_totals(second.snapshot).values(), Decimal(0)) > sum(
        diff.source_totals(first.snapshot).values(), Decimal(0)
    )
    step = evaluate(programme).steps[2]
    assert next(r for r in step.results if r.milestone.key == "plandocs.approved").met


def test_every_demo_subproject_works_integrally_or_says_why_not(db):
    from koers.demo.content import VOORBEELDSTAD, create_demo
    from koers.plan.selectors import subproject_integrality
    from koers.programmes.models import Programme

    create_demo()
    programme = Programme.objects.get(organisation__name=VOORBEELDSTAD)
    partners_before = {
        s.pk: set(s.partners.values_list("pk", flat=True)) for s in programme.subprojects.all()
    }
    create_demo()

    subs = list(programme.subprojects.all())
    assert {s.pk: set(s.partners.values_list("pk", flat=True)) for s in subs} == partners_before
    team = set(programme.programme_partners.values_list("partner_id", flat=True))
    assert all(partners and partners <= team for partners in partners_before.values())
    integral = {s.name: subproject_integrality(s).passes for s in subs}
    assert [name for name, passes in integral.items() if not passes] == ["Halt op school"]
    assert programme.subprojects.get(name="Halt op school").integrality_note
    assert not any(s.integrality_note for s in subs if integral[s.name])

    # Steps 3 and 4 of the navigator: every milestone is met.
    steps = evaluate(programme).steps
    for step in (steps[2], steps[3]):
        assert {r.milestone.key for r in step.results if not r.met} == set(), step
