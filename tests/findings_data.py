"""Shared data for the findings tests: a municipality with districts, neighbourhoods and a few
official figures, and findings with evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from koers.analysis.models import Area, Dataset, Measure, Observation
from koers.findings import services
from koers.knowledge import services as knowledge_services

TOPIC = "GeregistreerdeMisdrijven_1"


def municipality_with_figures(programme: Any) -> dict[str, Any]:
    """The programme's municipality (its organisation's CBS code and reference year) with two
    wijken, a buurt in each, and burglary figures for the first wijk."""
    organisation = programme.organisation
    year = organisation.cbs_reference_year
    code = organisation.cbs_code
    digits = code[2:]
    municipality = Area.objects.create(code=code, level="gemeente", name="Eigenstad", reference_year=year)
    wijken = [
        Area.objects.create(
            code=f"WK{digits}0{i}", level="wijk", name=f"Wijk {i}", parent=municipality, reference_year=year
        )
        for i in (1, 2)
    ]
    buurten = [
        Area.objects.create(
            code=f"BU{digits}0{i}01", level="buurt", name=f"Buurt {i}", parent=wijk, reference_year=year
        )
        for i, wijk in zip((1, 2), wijken, strict=True)
    ]
    dataset, _ = Dataset.objects.get_or_create(
        source="politie",
        table_id="47022NED",
        defaults={
            "title": "Geregistreerde misdrijven",
            "downloaded_on": dt.date(2026, 1, 1),
            "checksum": "0" * 64,
            "imported_at": timezone.now(),
        },
    )
    burglary, _ = Measure.objects.get_or_create(
        classification="politie",
        code="1.1.1",
        defaults={"title": "Diefstal/inbraak woning", "kind": "detail"},
    )
    for year_ in (2022, 2023, 2024):
        Observation.objects.create(
            dataset=dataset,
            area=wijken[0],
            measure=burglary,
            topic=TOPIC,
            period=f"{year_}JJ00",
            year=year_,
            value=Decimal(10 + year_ - 2022),
        )
    return {
        "municipality": municipality,
        "wijken": wijken,
        "buurten": buurten,
        "measure": burglary,
        "dataset": dataset,
    }


def finding(actor: Any, programme: Any, **values: Any) -> Any:
    defaults: dict[str, Any] = {
        "kind": "probleemstelling",
        "title": "Overlast bij het winkelcentrum",
        "statement": "Groepjes jongeren hangen na schooltijd rond het winkelcentrum.",
        "life_domain": "buurt",
        "target_groups": [{"min_age": 14, "max_age": 18, "description": "jongeren na schooltijd"}],
        "story": "De meldingen stijgen sinds de sporthal dicht is.",
    }
    defaults.update(values)
    return services.finding_create(actor=actor, programme=programme, **defaults)


def source(actor: Any, programme: Any, title: str = "Onderzoek Buurdorp") -> Any:
    return knowledge_services.source_create(
        actor=actor, programme=programme, title=title, url="https://bron.example/onderzoek"
    )
