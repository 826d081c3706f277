"""How similar the comparison areas of an evaluation plan are to the areas where the sub-project
works, in the years before it started (ADR 0029).

For the treated areas together and for each comparison area Koers computes, from the yearly
figures of the plan's measure:

- the population in the last year before the start;
- the baseline rate: all events in the years before the start per 1,000 inhabitant-years;
- the trend before the start: the least-squares slope of the yearly rate per 1,000 (per year),
  from at least three years.

The rule for the verdict (documented in the ADR and the manual): a comparison area is
"vergelijkbaar" when its population lies between half and twice that of the treated areas, its
baseline rate differs at most 25 % from theirs, and its yearly slope differs at most 5 % of the
treated baseline rate per year. Any check that fails makes it "wijkt af"; without the figures for
a check the verdict is "niet te beoordelen". Rates are not shown for areas with fewer than
``RATE_MIN_INHABITANTS`` inhabitants, nor for fewer than ``SUPPRESS_BELOW`` events, as on the
analysis pages. Reads take a fixed number of queries, however many areas there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from koers.analysis.models import Area, Observation, ObservationStatus, Population
from koers.analysis.selectors import is_count_topic, rate_min_inhabitants, suppress_below

POPULATION_RATIO = (0.5, 2.0)
RATE_TOLERANCE = 0.25
SLOPE_TOLERANCE = 0.05
MIN_TREND_YEARS = 3

SIMILAR, DIFFERENT, UNKNOWN = "vergelijkbaar", "wijkt af", "niet te beoordelen"


@dataclass
class Profile:
    """The figures of one group of areas before the start."""

    population: int | None = None
    events: int | None = None
    rate: float | None = None
    slope: float | None = None
    years: list[int] = field(default_factory=list)
    rate_suppressed: bool = False


@dataclass
class Check:
    difference: float | None
    similar: bool | None


@dataclass
class Row:
    area: Area
    profile: Profile
    population: Check
    rate: Check
    trend: Check

    @property
    def verdict(self) -> str:
        results = [self.population.similar, self.rate.similar, self.trend.similar]
        if any(r is False for r in results):
            return DIFFERENT
        if any(r is None for r in results):
            return UNKNOWN
        return SIMILAR


@dataclass
class Similarity:
    start_year: int | None
    topic: str
    treated: Profile
    rows: list[Row]
    years: list[int]


def slope(years: Sequence[int], values: Sequence[float]) -> float | None:
    """The least-squares slope of ``values`` against ``years`` (per year); None for fewer than
    ``MIN_TREND_YEARS`` points."""
    if len(years) < MIN_TREND_YEARS:
        return None
    fitted = np.polyfit(np.asarray(years, dtype=float), np.asarray(values, dtype=float), 1)
    return float(fitted[0])


def _population(by_year: Mapping[int, int], year: int) -> int | None:
    """Inhabitants in ``year``, else in the nearest year that has them (earlier wins a tie)."""
    if not by_year:
        return None
    return by_year[min(by_year, key=lambda y: (abs(y - year), y > year))]


def profile(
    counts: Mapping[int, Sequence[float]],
    populations: Sequence[Mapping[int, int]],
    years: Sequence[int],
    population_year: int | None = None,
) -> Profile:
    """The profile of a group of areas. ``counts`` holds, per year, the count of every area of the
    group (a year counts only when every area has one); ``populations`` the inhabitants per year
    of each area. The population is that of ``population_year`` (else the last year)."""
    last = population_year if population_year is not None else (years[-1] if years else None)
    result = Profile()
    if last is not None:
        found = [_population(p, last) for p in populations]
        known = [f for f in found if f is not None]
        result.population = sum(known) if known and len(known) == len(found) else None
    usable: list[tuple[int, float, int]] = []
    for year in years:
        values = counts.get(year)
        if not values or len(values) != len(populations):
            continue
        inhabitants = [_population(p, year) for p in populations]
        if any(i is None for i in inhabitants):
            continue
        usable.append((year, float(sum(values)), sum(inhabitants)))  # type: ignore[arg-type]
    if not usable:
        return result
    result.years = [u[0] for u in usable]
    events = sum(u[1] for u in usable)
    result.events = round(events)
    if (result.population or 0) < rate_min_inhabitants() or events < suppress_below():
        result.rate_suppressed = True
        return result
    exposure = sum(u[2] for u in usable)
    result.rate = events * 1000 / exposure
    result.slope = slope([u[0] for u in usable], [u[1] * 1000 / u[2] for u in usable])
    return result


def _compare(treated: Profile, other: Profile) -> tuple[Check, Check, Check]:
    if treated.population and other.population is not None:
        ratio = other.population / treated.population
        population = Check(
            other.population - treated.population, POPULATION_RATIO[0] <= ratio <= POPULATION_RATIO[1]
        )
    else:
        population = Check(None, None)
    if treated.rate and other.rate is not None:
        rate = Check(
            other.rate - treated.rate, abs(other.rate - treated.rate) <= RATE_TOLERANCE * treated.rate
        )
    else:
        rate = Check(None, None)
    if treated.rate and treated.slope is not None and other.slope is not None:
        difference = other.slope - treated.slope
        trend = Check(difference, abs(difference) <= SLOPE_TOLERANCE * treated.rate)
    else:
        trend = Check(None, None)
    return population, rate, trend


def compute(
    *,
    treated: Sequence[Area],
    comparison: Sequence[Area],
    observations: Sequence[tuple[int, int, str, int, Any, str]],
    populations: Sequence[tuple[int, int, int | None]],
    start_year: int | None,
) -> Similarity:
    """The similarity from plain rows: observations as (area id, dataset id, topic, year, value,
    status) and populations as (area id, year, inhabitants)."""
    by_area_population: dict[int, dict[int, int]] = defaultdict(dict)
    for area_id, year, inhabitants in populations:
        if inhabitants:
            by_area_population[area_id][year] = inhabitants
    usable = [
        o
        for o in observations
        if o[4] is not None
        and o[5] != ObservationStatus.UNKNOWN
        and is_count_topic(o[2])
        and (start_year is None or o[3] < start_year)
    ]
    # One series: the dataset and topic with figures for most area-years (the first topic wins a tie).
    sizes: dict[tuple[int, str], int] = defaultdict(int)
    for o in usable:
        sizes[(o[1], o[2])] += 1
    chosen = min(sizes, key=lambda k: (-sizes[k], k[1], k[0])) if sizes else None
    values: dict[int, dict[int, float]] = defaultdict(dict)
    for o in usable:
        if (o[1], o[2]) == chosen:
            values[o[0]][o[3]] = float(o[4])
    years = sorted({y for by_year in values.values() for y in by_year}) if start_year is not None else []
    known = sorted({y for by_year in by_area_population.values() for y in by_year})
    population_year = start_year - 1 if start_year is not None else (known[-1] if known else None)

    def group(areas: Sequence[Area]) -> Profile:
        counts: dict[int, list[float]] = {}
        for year in years:
            found = [values[a.pk][year] for a in areas if year in values[a.pk]]
            if len(found) == len(areas):
                counts[year] = found
        return profile(counts, [by_area_population[a.pk] for a in areas], years, population_year)

    treated_profile = group(treated) if treated else Profile()
    rows = []
    for area in comparison:
        other = group([area])
        rows.append(Row(area, other, *_compare(treated_profile, other)))
    return Similarity(
        start_year=start_year,
        topic=chosen[1] if chosen else "",
        treated=treated_profile,
        rows=rows,
        years=years,
    )


def for_plan(plan: object) -> Similarity:
    """The similarity of a plan's comparison areas (three queries after the plan's areas)."""
    treated = list(plan.treated_areas.all())  # type: ignore[attr-defined]
    comparison = list(plan.comparison_areas.all())  # type: ignore[attr-defined]
    subproject = plan.subproject  # type: ignore[attr-defined]
    start = subproject.start_date or plan.planned_start  # type: ignore[attr-defined]
    ids = [a.pk for a in (*treated, *comparison)]
    observations: list[tuple[int, int, str, int, Any, str]] = []
    if plan.measure_id and ids and start is not None:  # type: ignore[attr-defined]
        observations = list(
            Observation.objects.filter(
                area_id__in=ids,
                measure_id=plan.measure_id,  # type: ignore[attr-defined]
                month=None,
                quarter=None,
                year__lt=start.year,
            ).values_list("area_id", "dataset_id", "topic", "year", "value", "status")
        )
    populations = (
        list(Population.objects.filter(area_id__in=ids).values_list("area_id", "year", "inhabitants"))
        if ids
        else []
    )
    return compute(
        treated=treated,
        comparison=comparison,
        observations=observations,
        populations=populations,
        start_year=start.year if start else None,
    )
