"""Step 6 of the demo: effect estimates computed from the demo's monthly nuisance figures
(demo/monthly.py) through the real service, so the demo shows both sides of Koers's honesty:

- Straatcoaches Noord: a difference-in-differences of youth nuisance (E35) in wijk Noord against the
  wijken Oost and Zuid, as a panel (the twelve buurten of the three wijken as units) and as a 2×2.
  The months before the start run parallel and Noord falls by about a quarter from March 2026, so
  both estimates are reliable and negative.
- Ouders in gesprek: a before/after estimate of youth nuisance in the small buurt Sportpark, which
  has a handful of reports a year; Koers declines it for too few events.

Running the demo again changes nothing: a plan that already has estimates is left alone, and so
is an indicator whose name exists."""

from __future__ import annotations

from typing import Any

from koers.analysis.models import Area, Classification, Measure
from koers.evaluation.models import EvaluationPlan
from koers.evaluation.reference import EstimateMethod
from koers.indicators import services as indicator_services
from koers.indicators.models import Indicator
from koers.programmes.models import Programme

MANAGER = "programmamanager@voorbeeldstad.example"
STRAAT = "Straatcoaches Noord"
STRAAT_INDICATOR = "Meldingen jeugdoverlast in Noord"  # from demo/indicators.py
STRAAT_METHODS = (EstimateMethod.DID_PANEL, EstimateMethod.DID_2X2)
OUDERS = "Ouders in gesprek"
SMALL_INDICATOR = "Meldingen jeugdoverlast in Sportpark"
SMALL_AREA = "BU99010201"  # Sportpark, a buurt of Oost with some 900 inhabitants


def _small_indicator(programme: Programme, manager: Any) -> Indicator | None:
    """Ouders in gesprek's outcome indicator: youth nuisance in Sportpark, linked to the police
    series. Its yearly counts are below 5, so Koers shows them as "< 5"; a baseline or target
    would give the number away, so there is none."""
    existing = Indicator.objects.filter(programme=programme, name=SMALL_INDICATOR).first()
    if existing is not None:
        return existing
    subproject = programme.subprojects.filter(name=OUDERS).first()
    area = Area.objects.filter(code=SMALL_AREA).order_by("-reference_year").first()
    measure = Measure.objects.filter(classification=Classification.POLICE_NUISANCE, code="E35").first()
    if subproject is None or area is None or measure is None:
        return None
    return indicator_services.indicator_create(
        actor=manager,
        programme=programme,
        subproject=subproject,
        name=SMALL_INDICATOR,
        kind="outcome",
        polarity="lower",
        unit="meldingen per jaar",
        definition=f"{measure.title} in {area.name}, zoals de politie ze registreert.",
        data_source="Politie, open data (fictief, demo)",
        area=area,
        measure=measure,
        story="In Sportpark waren de eerste ouderavonden. Er komen hier maar een paar meldingen per "
        "jaar binnen: te weinig om te tonen, en te weinig om te zeggen of de aanpak er iets aan "
        "verandert. Daarom is er geen nulmeting of streefwaarde.",
    )


def create_estimates(programme: Programme, users: dict[str, Any]) -> None:
    """The effect estimates of Straatcoaches Noord and Ouders in gesprek (idempotent)."""
    from koers.evaluation.estimates import estimate_create  # the service builds on the models

    manager = users[MANAGER]
    found = EvaluationPlan.objects.filter(subproject__programme=programme).select_related("subproject")
    plans = {plan.subproject.name: plan for plan in found}
    straat = plans.get(STRAAT)
    indicator = Indicator.objects.filter(programme=programme, name=STRAAT_INDICATOR).first()
    if straat is not None and indicator is not None and not straat.estimates.exists():
        for method in STRAAT_METHODS:
            estimate_create(actor=manager, plan=straat, indicator=indicator, method=method)
    ouders = plans.get(OUDERS)
    small = _small_indicator(programme, manager)
    if ouders is not None and small is not None and not ouders.estimates.exists():
        estimate_create(actor=manager, plan=ouders, indicator=small, method=EstimateMethod.RATE_CHANGE)
