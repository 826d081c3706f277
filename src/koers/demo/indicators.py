"""Step 6 for the demo: outcome indicators of Voorbeeldstad's sub-projects, linked to the demo's
imported police series (so their measurements fill themselves), with a baseline taken from the
series and a target; and one process indicator entered by hand with a few measurements. Running the
demo again changes nothing: an indicator whose name exists is left alone."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from koers.analysis.models import Area, Classification, Measure
from koers.indicators import services
from koers.indicators.models import Indicator
from koers.plan.models import SubProject
from koers.programmes.models import Programme

MANAGER = "programmamanager@voorbeeldstad.example"

# name, sub-project, area code, classification, measure code, unit, target as a share of the baseline
LINKED: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "Meldingen jeugdoverlast in Noord",
        "Straatcoaches Noord",
        "WK990101",
        Classification.POLICE_NUISANCE,
        "E35",
        "meldingen per jaar",
        "0.8",
    ),
    (
        "Geregistreerde cybercrime in Voorbeeldstad",
        "Geen geldezel",
        "GM9901",
        Classification.POLICE_CRIME,
        "3.7.4",
        "misdrijven per jaar",
        "0.9",
    ),
)
PROCESS = "Avonden met straatcoaches op straat"
PROCESS_MEASUREMENTS = (("2026-01", "6"), ("2026-02", "9"), ("2026-03", "11"), ("2026-04", "12"))


def create_indicators(programme: Programme, users: dict[str, Any]) -> None:
    manager = users[MANAGER]
    existing = set(Indicator.objects.filter(programme=programme).values_list("name", flat=True))
    subprojects = {s.name: s for s in SubProject.objects.filter(programme=programme)}
    for name, sub_name, area_code, classification, code, unit, share in LINKED:
        subproject = subprojects.get(sub_name)
        area = Area.objects.filter(code=area_code).order_by("-reference_year").first()
        measure = Measure.objects.filter(classification=classification, code=code).first()
        if name in existing or subproject is None or area is None or measure is None:
            continue
        series = services.series_values(Indicator(area=area, measure=measure))
        year = max(series) if series else ""
        baseline = series[year][0] if year else None
        target = (baseline * Decimal(share)).quantize(Decimal("1"), ROUND_HALF_UP) if baseline else None
        services.indicator_create(
            actor=manager,
            programme=programme,
            subproject=subproject,
            name=name,
            kind="outcome",
            polarity="lower",
            unit=unit,
            definition=f"{measure.title} in {area.name}, zoals de politie ze registreert (jaarcijfers).",
            data_source="Politie, open data (fictief, demo)",
            area=area,
            measure=measure,
            baseline_value=baseline,
            baseline_period=year,
            target_value=target,
            target_date=dt.date(2027, 12, 31),
            story="De meldingen stegen de laatste jaren. Met de aanpak willen we die lijn ombuigen; "
            "de cijfers komen één keer per jaar, dus het effect zien we pas na een vol jaar.",
        )
    noord = subprojects.get("Straatcoaches Noord")
    if PROCESS in existing or noord is None:
        return
    indicator = services.indicator_create(
        actor=manager,
        programme=programme,
        subproject=noord,
        name=PROCESS,
        kind="process",
        polarity="higher",
        unit="avonden per maand",
        definition="Het aantal avonden per maand dat een duo straatcoaches in Noord op straat staat.",
        data_source="Rooster van het jongerenwerk",
        baseline_value=Decimal("0"),
        baseline_period="2025-12",
        target_value=Decimal("12"),
        target_date=dt.date(2026, 6, 30),
        story="Het rooster kwam in de eerste maanden traag op gang; sinds maart staan er vaste duo's.",
    )
    for period, value in PROCESS_MEASUREMENTS:
        services.measurement_create(
            actor=manager, indicator=indicator, period=period, value=Decimal(value), source="Rooster"
        )
