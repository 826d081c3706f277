"""A small hand-made set of areas, populations and yearly counts for the evaluation tests.

Start of the sub-project: 1 January 2024, so the years before are 2021-2023. Treated: T1 and T2
(1,000 inhabitants each); counts 10/12/14 and 10/10/10, together 20/22/24 per 2,000 inhabitants:
rates 10, 11, 12 per 1,000, baseline 66 000 / 6 000 = 11.0, slope 1.0 a year.
Comparison C: 20/24/28 per 2,000 — rates 10, 12, 14, baseline 12.0, slope 2.0 (trend differs).
Comparison E: 21/23/25 per 2,000 — rates 10.5, 11.5, 12.5, baseline 11.5, slope 1.0 (similar).
Comparison D: 150 inhabitants — too few for a rate; population differs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from koers.analysis.models import Area, Dataset, Measure, Observation, Population

COUNTS = {
    "WK9901T1": (1000, (10, 12, 14)),
    "WK9901T2": (1000, (10, 10, 10)),
    "WK9901C0": (2000, (20, 24, 28)),
    "WK9901E0": (2000, (21, 23, 25)),
    "WK9901D0": (150, (3, 4, 5)),
}
START = datetime.date(2024, 1, 1)


def build() -> dict[str, object]:
    municipality = Area.objects.create(code="GM9901", level="gemeente", name="Proefstad", reference_year=2024)
    areas = {
        code: Area.objects.create(
            code=code, level="wijk", name=f"Wijk {code[-2:]}", parent=municipality, reference_year=2024
        )
        for code in COUNTS
    }
    dataset = Dataset.objects.create(
        source="Proef",
        table_id="t1",
        title="Misdrijven",
        downloaded_on=datetime.date(2025, 1, 1),
        checksum="0" * 64,
        imported_at=timezone.now(),
    )
    measure = Measure.objects.create(
        classification="politie", code="0.0.0", title="Totaal misdrijven", kind="totaal"
    )
    for code, (inhabitants, counts) in COUNTS.items():
        for offset, year in enumerate((2021, 2022, 2023, 2024)):
            Population.objects.create(area=areas[code], year=year, inhabitants=inhabitants, dataset=dataset)
            value = counts[offset] if offset < 3 else 99  # 2024 lies after the start: never used
            Observation.objects.create(
                dataset=dataset,
                area=areas[code],
                measure=measure,
                topic="GeregistreerdeMisdrijven_1",
                period=f"{year}JJ00",
                year=year,
                value=Decimal(value),
            )
    return {"municipality": municipality, "areas": areas, "measure": measure, "dataset": dataset}
