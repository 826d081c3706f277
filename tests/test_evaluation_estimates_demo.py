"""The demo's effect estimates: Straatcoaches Noord gets a reliable difference-in-differences (panel
and 2×2) from the monthly youth-nuisance figures, pointing down; Ouders in gesprek's before/after
estimate in the small buurt Sportpark is declined for too few events. Running it again adds
nothing."""

from __future__ import annotations

from koers.accounts.models import User
from koers.demo.estimates import create_estimates
from koers.evaluation.models import EffectEstimate, EvaluationPlan
from tests.test_findings_demo import demo_programme


def _estimates(programme):
    return {
        (e.plan.subproject.name, e.method): e
        for e in EffectEstimate.objects.filter(plan__subproject__programme=programme).select_related(
            "plan__subproject", "indicator"
        )
    }


def test_the_demo_estimates_an_effect_for_straatcoaches_and_declines_the_small_case(db):
    from koers.demo.content import create_demo

    create_demo()
    programme = demo_programme()
    users = {u.email: u for u in User.objects.filter(email__endswith="@voorbeeldstad.example")}
    create_estimates(programme, users)  # what the demo does; a no-op when it already did
    first = _estimates(programme)
    create_estimates(programme, users)
    assert _estimates(programme).keys() == first.keys()
    assert EffectEstimate.objects.count() == len(first)

    for method in ("did_panel", "did_2x2"):
        estimate = first[("Straatcoaches Noord", method)]
        assert estimate.indicator.name == "Meldingen jeugdoverlast in Noord"
        assert estimate.reliable and not estimate.declined and estimate.reasons == []
        assert estimate.result["effect"] < 0
        assert estimate.result["ci_high"] < 0
        assert not [c for c in estimate.result["caveats"] if c["blocking"]]
        assert estimate.parameters["frequency"] == "month"
    panel = first[("Straatcoaches Noord", "did_panel")]
    assert panel.parameters["units"] == "buurten"
    assert len({row["area"] for row in panel.data}) == 12
    assert panel.result["design_strength"]["level"] == "strong"

    small = first[("Ouders in gesprek", "voor_na")]
    assert small.indicator.name == "Meldingen jeugdoverlast in Sportpark"
    assert small.declined and not small.reliable
    assert "few_events" in {reason["code"] for reason in small.reasons}
    plan = EvaluationPlan.objects.get(subproject__programme=programme, subproject__name="Ouders in gesprek")
    assert plan.design == "voor_na"
    assert [a.code for a in plan.treated_areas.all()] == ["BU99010201"]
