"""Hand-made areas and counts for the effect estimate tests.

Wijken of Schatstad (GM9902): T1 and T2 where the sub-project works, C1 to C3 to compare with, B1
a buffer around T1 and K1 the buffer's comparison area. Yearly counts 2016-2025 (start of the
sub-project: 1 January 2021, so five years before and five after) and, for some tests, monthly
counts 2018-2023 (start 1 January 2021: 36 months before, 36 after). The counts are invented; the
tests compare what Koers stores with what ``koers.stats`` gives on the same rows, never with a
number typed in here."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from koers.analysis.models import Area, Dataset, Measure, Observation
from koers.evaluation import services
from koers.indicators.models import Indicator
from koers.plan.models import SubProject

START = datetime.date(2021, 1, 1)
YEARS = tuple(range(2016, 2026))
TOPIC = "GeregistreerdeMisdrijven_1"

# Parallel before the start; the own areas fall after it.
YEARLY: dict[str, Sequence[int]] = {
    "WK990201": (40, 42, 41, 43, 44, 36, 33, 31, 30, 29),
    "WK990202": (30, 31, 33, 32, 34, 28, 26, 25, 24, 22),
    "WK990203": (50, 52, 51, 53, 55, 56, 57, 56, 58, 59),
    "WK990204": (45, 46, 48, 47, 49, 50, 52, 51, 53, 54),
    "WK990205": (35, 37, 36, 38, 39, 40, 41, 40, 42, 43),
    "WK990206": (20, 21, 22, 21, 23, 24, 25, 24, 26, 27),  # buffer
    "WK990207": (25, 26, 25, 27, 28, 28, 29, 28, 30, 31),  # comparison of the buffer
}
TREATED = ("WK990201", "WK990202")
COMPARISON = ("WK990203", "WK990204", "WK990205")
BUFFER = ("WK990206",)
BUFFER_COMPARISON = ("WK990207",)


def monthly_counts(code: str, year: int, month: int) -> int:
    """Invented monthly counts: a level per area, a small season and a drop after the start in
    the own areas."""
    base = 10 + int(code[-1]) * 2
    season = (3, 2, 1, 0, 0, 1, 2, 3, 2, 1, 0, 1)[month - 1]
    drop = 4 if code in TREATED and year >= START.year else 0
    return base + season + (year - 2018) - drop


def build(
    yearly: Mapping[str, Sequence[int | None]] | None = None,
    *,
    monthly: bool = False,
    monthly_areas: Sequence[str] | None = None,
    years: Sequence[int] = YEARS,
    topic: str = TOPIC,
) -> dict[str, Any]:
    yearly = YEARLY if yearly is None else yearly
    municipality = Area.objects.create(code="GM9902", level="gemeente", name="Schatstad", reference_year=2024)
    areas = {
        code: Area.objects.create(
            code=code, level="wijk", name=f"Wijk {code[-2:]}", parent=municipality, reference_year=2024
        )
        for code in yearly
    }
    dataset = Dataset.objects.create(
        source="Proef",
        table_id="t2",
        title="Misdrijven",
        downloaded_on=datetime.date(2026, 1, 1),
        checksum="1" * 64,
        imported_at=timezone.now(),
    )
    measure = Measure.objects.create(classification="politie", code="9.9.9", title="Inbraak", kind="totaal")
    rows = []
    for code, counts in yearly.items():
        for year, value in zip(years, counts, strict=True):
            if value is None:
                continue
            rows.append(
                Observation(
                    dataset=dataset,
                    area=areas[code],
                    measure=measure,
                    topic=topic,
                    period=f"{year}JJ00",
                    year=year,
                    value=Decimal(value),
                )
            )
    if monthly:
        for code in monthly_areas if monthly_areas is not None else list(yearly):
            for year in range(2018, 2024):
                for month in range(1, 13):
                    rows.append(
                        Observation(
                            dataset=dataset,
                            area=areas[code],
                            measure=measure,
                            topic=topic,
                            period=f"{year}MM{month:02d}",
                            year=year,
                            month=month,
                            value=Decimal(monthly_counts(code, year, month)),
                        )
                    )
    Observation.objects.bulk_create(rows)
    return {"municipality": municipality, "areas": areas, "measure": measure, "dataset": dataset}


def plan(
    programme: Any,
    manager: Any,
    data: Mapping[str, Any],
    *,
    design: str = "vergelijking",
    name: str = "Buurtpreventie",
    buffer: bool = False,
    comparison: Sequence[str] = COMPARISON,
    treated: Sequence[str] = TREATED,
    linked: bool = True,
    start: datetime.date | None = START,
) -> tuple[SubProject, Any, Indicator]:
    """A sub-project starting on ``START`` with an evaluation plan of ``design`` and an indicator
    linked to the series of the first treated area."""
    areas = data["areas"]
    subproject = SubProject.objects.create(
        programme=programme, name=name, status="uitvoering", start_date=start
    )
    subproject.areas.set([areas[c] for c in treated])
    values: dict[str, Any] = {
        "questions": "Daalt het aantal inbraken?",
        "kind": "effect",
        "design": design,
        "treated_areas": [areas[c] for c in treated],
        "external_reference": "Proefstudie 2024" if design == "extern" else "",
    }
    if design == "vergelijking":
        values["comparison_areas"] = [areas[c] for c in comparison]
    evaluation_plan = services.plan_create(actor=manager, subproject=subproject, **values)
    if buffer:
        evaluation_plan.buffer_areas.set([areas[c] for c in BUFFER])
        evaluation_plan.buffer_comparison_areas.set([areas[c] for c in BUFFER_COMPARISON])
    indicator = Indicator.objects.create(
        programme=programme,
        subproject=subproject,
        name=f"Inbraken {name}",
        polarity="lower",
        unit="inbraken",
        area=areas[treated[0]] if linked else None,
        measure=data["measure"] if linked else None,
    )
    return subproject, evaluation_plan, indicator
