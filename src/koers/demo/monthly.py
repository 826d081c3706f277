"""Voorbeeldstad's monthly nuisance figures for the demo's effect estimates: fictional numbers in
the police's bulk format (period codes ``2025MM01``), imported through the real import service as
a dataset of their own, next to the yearly figures (which they leave untouched).

The story: through 2025 and January–February 2026 every buurt's monthly count of each kind of
nuisance stays at its 2025 level, with small ups and downs, so the trends before the start of
"Straatcoaches Noord" (1 March 2026) run parallel. From March 2026 youth nuisance (E35) in the
buurten of wijk Noord falls by about a quarter; the other wijken stay level. The months of 2025 add
up exactly to the yearly 2025 figures.

Everything is generated from fixed seeds, so running the demo twice imports the same file, which
the import recognises and skips.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from koers.analysis.services import dataset_import

from . import statistics as yearly

BASE_YEAR = 2025
MONTHS: tuple[tuple[int, int], ...] = tuple(
    [(BASE_YEAR, month) for month in range(1, 13)] + [(BASE_YEAR + 1, month) for month in range(1, 11)]
)
START = (2026, 3)  # Straatcoaches Noord starts on 1 March 2026
TREATED_WIJK = "WK990101"  # Noord
EFFECT_CODE = "E35"  # Melding overlast jeugd
EFFECT = 0.74  # from March 2026 Noord has 74 % of its earlier youth nuisance: about a quarter less
NOISE = 0.15  # each month's weight varies at most this much around the mean
TABLE_ID = "overlast-wijk-buurt-maand"
DOWNLOADED = dt.date(2026, 11, 10)
TITLE = "Registraties overlast; soort overlast, wijk, buurt, maandcijfers (fictief)"


def period_code(year: int, month: int) -> str:
    """The period as the police publish it: ``2025MM01``."""
    return f"{year}MM{month:02d}"


def _allocate(expected: list[float]) -> list[int]:
    """Whole numbers adding up to the rounded total of ``expected``, each as close to its expected
    value as that allows (the largest remainders get the leftover units)."""
    total = round(sum(expected))
    counts = [int(value) for value in expected]
    remainders = sorted(range(len(expected)), key=lambda i: (-(expected[i] - counts[i]), i))
    for index in remainders[: max(0, total - sum(counts))]:
        counts[index] += 1
    return counts


def _weights(*seed: object) -> list[float]:
    rng = yearly._rng("monthly", *seed)
    return [rng.uniform(1 - NOISE, 1 + NOISE) for _ in range(12)]


def _factor(wijk_code: str, code: str, year: int, month: int) -> float:
    after_start = (year, month) >= START
    return EFFECT if wijk_code == TREATED_WIJK and code == EFFECT_CODE and after_start else 1.0


def monthly_figures() -> dict[tuple[str, str, str], int]:
    """Counts per (area code, nuisance code, period code) for buurten, wijken and the municipality,
    from January 2025 to October 2026."""
    base = yearly._figures(yearly.NUISANCE_RATES, "nuisance")
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for wijk in yearly.WIJKEN:
        for buurt in wijk.buurten:
            totals: dict[str, int] = defaultdict(int)
            for code in yearly.NUISANCE_RATES:
                mean = base[(buurt.code, code, BASE_YEAR)] / 12
                by_month: dict[tuple[int, int], int] = {}
                for year in sorted({y for y, _m in MONTHS}):
                    weights = _weights(buurt.code, code, year)
                    expected = [
                        mean * weights[month - 1] * _factor(wijk.code, code, year, month)
                        for month in range(1, 13)
                    ]
                    if year == BASE_YEAR:  # the months add up to the published yearly figure
                        scale = base[(buurt.code, code, BASE_YEAR)] / sum(expected) if sum(expected) else 0
                        expected = [value * scale for value in expected]
                    for month, value in enumerate(_allocate(expected), start=1):
                        by_month[(year, month)] = value
                for year, month in MONTHS:
                    value = by_month[(year, month)]
                    period = period_code(year, month)
                    for area in (buurt.code, wijk.code, yearly.CODE):
                        counts[(area, code, period)] += value
                    totals[period] += value
            for period, value in totals.items():
                for area in (buurt.code, wijk.code, yearly.CODE):
                    counts[(area, "0.0.0", period)] += value
    return dict(counts)


def bulk_file(counts: dict[tuple[str, str, str], int]) -> bytes:
    """The monthly figures as a bulk CSV, formatted like the yearly file (:func:`yearly.bulk`)."""
    lines = [yearly._quoted(["ID", "SoortOverlast", "WijkenEnBuurten", "Perioden", "Registraties_1"], ";")]
    for number, ((area, code, period), value) in enumerate(sorted(counts.items())):
        lines.append(
            yearly._quoted([str(number), code.ljust(6), area.ljust(10), period, str(value).rjust(8)], ";")
        )
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def import_monthly(actor: Any, reference_year: int) -> None:
    """Import the monthly nuisance figures through the real import service (idempotent)."""
    dataset_import(
        actor=actor,
        file=bulk_file(monthly_figures()),
        code_list_files=[yearly.code_list(yearly.NUISANCE_CODES)],
        source=yearly.SOURCE_POLICE,
        table_id=TABLE_ID,
        title=TITLE,
        licence=yearly.LICENCE,
        downloaded_on=DOWNLOADED,
        reference_year=reference_year,
    )
