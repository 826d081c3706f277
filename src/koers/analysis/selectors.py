"""Reads of the official statistics that the analysis pages, reports and the API share. The data
are installation-wide, so these take no user; the pages scope by the programme's municipality."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import (
    Area,
    AreaLevel,
    Classification,
    Dataset,
    DatasetKind,
    Measure,
    MeasureKind,
    Observation,
    ObservationStatus,
    Population,
)


def latest_area(code: str) -> Area | None:
    """The area with ``code`` in the most recent division that has it."""
    return Area.objects.filter(code=code).order_by("-reference_year").first()


def areas_within(area: Area, level: str) -> QuerySet[Area]:
    """The wijken (or buurten) of a municipality or wijk, in the same division."""
    if level == "buurt" and area.level == "gemeente":
        return Area.objects.filter(parent__parent=area, level=level).order_by("code")
    return Area.objects.filter(parent=area, level=level).order_by("code")


def series(*, dataset: Dataset, area: Area, measure: Measure, topic: str) -> QuerySet[Observation]:
    """One figure over time for one area: the trend of a crime type."""
    return Observation.objects.filter(dataset=dataset, area=area, measure=measure, topic=topic).order_by(
        "year", "quarter", "month"
    )


def detail_sum(*, dataset: Dataset, area: Area, period: str, topic: str) -> Decimal | None:
    """The sum over detail crime types only: totals and subtotals are never added to their rows."""
    result = Observation.objects.filter(
        dataset=dataset, area=area, period=period, topic=topic, measure__kind=MeasureKind.DETAIL
    ).aggregate(total=Sum("value"))
    return result["total"]


def municipality_statistics(code: str) -> dict[str, object]:
    """What Koers holds for a municipality's CBS code: its area in the latest division, the
    number of wijken and buurten, and the datasets with figures for any of them."""
    area = latest_area(code) if code else None
    if area is None:
        return {"area": None, "wijken": 0, "buurten": 0, "datasets": []}
    within = list(
        (
            Area.objects.filter(code=area.code)
            | Area.objects.filter(parent=area)
            | Area.objects.filter(parent__parent=area)
        ).values_list("pk", flat=True)
    )
    # Per dataset one probe of the index (dataset, area, …), not a scan of every figure.
    datasets = list(
        Dataset.objects.filter(Exists(Observation.objects.filter(dataset=OuterRef("pk"), area_id__in=within)))
        .order_by("source", "table_id")
        .only("uuid", "source", "table_id", "title")
    )
    return {
        "area": area,
        "wijken": Area.objects.filter(parent=area, level="wijk").count(),
        "buurten": Area.objects.filter(parent__parent=area, level="buurt").count(),
        "datasets": datasets,
    }


# Figures for the analysis pages --------------------------------------------------------------------
#
# Every read below takes a fixed number of queries, however many areas, years or crime types
# there are. Honest numbers: counts below ``settings.SUPPRESS_BELOW`` are shown as "< 5" and never
# plotted; rates are not computed for areas with fewer than ``settings.RATE_MIN_INHABITANTS``.


LEVEL_RANK = {"land": 0, "gemeente": 1, "wijk": 2, "buurt": 3}
YOUTH_NUISANCE_CODE = "E35"
POLICE_BREAK_YEAR = 2018
YOUTH_PATTERN = r"(jeugd|jongere|jonge verdachte|minderjarig|12 tot 18|18 tot 25|12 tot 25)"
YOUTH_TOPIC_PATTERN = r"(jeugd|jongere|minderjarig|12tot18|18tot25|12tot25)"
RATE_TOPIC = re.compile(r"(per ?1000|relatief|percentage|gemiddeld)", re.IGNORECASE)


def suppress_below() -> int:
    return int(getattr(settings, "SUPPRESS_BELOW", 5))


def rate_min_inhabitants() -> int:
    return int(getattr(settings, "RATE_MIN_INHABITANTS", 200))


def topic_label(topic: str) -> str:
    """``GeregistreerdeMisdrijvenPer1000Inw_3`` → ``Geregistreerde misdrijven per 1000 inw``."""
    name = re.sub(r"_\d+$", "", topic)
    words = re.sub(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Z])", " ", name).split()
    text = " ".join(words).lower()
    return text[:1].upper() + text[1:]


def is_count_topic(topic: str) -> bool:
    """A topic of absolute counts (suppressed when small), not a rate or a percentage."""
    return RATE_TOPIC.search(topic) is None


@dataclass(frozen=True)
class Cell:
    """One figure as shown: ``value`` is what may be plotted (None when suppressed or missing)."""

    value: Decimal | None
    text: str
    suppressed: bool = False
    missing: bool = False


def count_cell(value: Decimal | None, status: str, *, is_count: bool = True) -> Cell:
    if status == ObservationStatus.UNKNOWN:
        return Cell(None, ".", missing=True)
    if value is None:
        return Cell(None, "–", missing=True)
    threshold = suppress_below()
    if is_count and value < threshold:
        return Cell(None, f"< {threshold}", suppressed=True)
    decimals = 0 if value == value.to_integral_value() else 1
    return Cell(value, number_format(value, decimal_pos=decimals, force_grouping=True))


def rate_cell(count: Cell, inhabitants: int | None) -> Cell:
    """The rate per 1,000 inhabitants, unless the count is suppressed or missing or the area has
    too few inhabitants to give a meaningful rate."""
    if count.suppressed:
        return Cell(None, count.text, suppressed=True)
    if count.value is None or not inhabitants:
        return Cell(None, "–", missing=True)
    if inhabitants < rate_min_inhabitants():
        return Cell(None, _("too few inhabitants"), suppressed=True)
    rate = (count.value * 1000 / Decimal(inhabitants)).quantize(Decimal("0.1"))
    return Cell(rate, number_format(rate, decimal_pos=1, force_grouping=True))


def municipality_area(organisation: Any) -> Area | None:
    """The organisation's municipality in its CBS reference year, or in the latest division."""
    code = getattr(organisation, "cbs_code", "")
    if not code:
        return None
    queryset = Area.objects.filter(code=code, level=AreaLevel.MUNICIPALITY)
    if getattr(organisation, "cbs_reference_year", None):
        queryset = queryset.filter(reference_year=organisation.cbs_reference_year)
    return queryset.order_by("-reference_year").first()


def municipality_areas(municipality: Area) -> list[Area]:
    """The municipality, then each wijk followed by its buurten (one query)."""
    areas = list(
        Area.objects.filter(Q(pk=municipality.pk) | Q(parent=municipality) | Q(parent__parent=municipality))
    )
    codes = {a.pk: a.code for a in areas}

    def key(area: Area) -> tuple[Any, ...]:
        if area.level == AreaLevel.MUNICIPALITY:
            return ("",)
        if area.level == AreaLevel.DISTRICT:
            return (area.code, "")
        return (codes.get(area.parent_id or 0, ""), area.code)

    return sorted(areas, key=key)


@dataclass
class MeasureChoice:
    measure: Measure
    topics: list[str]

    @property
    def label(self) -> str:
        labels: dict[str, str] = {
            MeasureKind.TOTAL: _("total"),
            MeasureKind.SUBTOTAL: _("subtotal"),
            MeasureKind.DETAIL: _("detail"),
        }
        kind = labels.get(self.measure.kind)
        return f"{self.measure.title} ({kind})" if kind else self.measure.title

    @property
    def topic_choices(self) -> list[tuple[str, str]]:
        return [(topic, topic_label(topic)) for topic in self.topics]


def measure_choices(area_ids: Sequence[int]) -> list[MeasureChoice]:
    """The crime types (and other measures) with figures for these areas, with their topics,
    in the order of their classification and code (two queries)."""
    pairs = list(
        Observation.objects.filter(area_id__in=area_ids)
        .values_list("measure_id", "topic")
        .distinct()
        .order_by("measure_id", "topic")
    )
    topics: dict[int, list[str]] = defaultdict(list)
    for measure_id, topic in pairs:
        topics[measure_id].append(topic)
    measures = Measure.objects.filter(pk__in=topics).order_by("classification", "code")
    return [MeasureChoice(measure=m, topics=topics[m.pk]) for m in measures]


def default_measure(choices: Sequence[MeasureChoice]) -> MeasureChoice | None:
    """Total crime of the police if present, else any total, else the first measure."""
    for wanted in (
        lambda m: m.classification == Classification.POLICE_CRIME and m.kind == MeasureKind.TOTAL,
        lambda m: m.classification == Classification.CBS_SCM and m.kind == MeasureKind.TOTAL,
        lambda m: m.kind == MeasureKind.TOTAL,
        lambda m: True,
    ):
        found = next((c for c in choices if wanted(c.measure)), None)
        if found is not None:
            return found
    return None


def _populations(area_ids: Iterable[int]) -> dict[int, dict[int, Population]]:
    found: dict[int, dict[int, Population]] = defaultdict(dict)
    for population in Population.objects.filter(area_id__in=list(area_ids)).select_related("dataset"):
        found[population.area_id][population.year] = population
    return found


def _nearest(by_year: Mapping[int, Population], year: int) -> Population | None:
    """The population of ``year``, else of the nearest year that has one (earlier wins a tie)."""
    usable = {y: p for y, p in by_year.items() if p.inhabitants}
    if not usable:
        return None
    return usable[min(usable, key=lambda y: (abs(y - year), y > year))]


def has_populations(area_ids: Sequence[int]) -> bool:
    return Population.objects.filter(area_id__in=area_ids, inhabitants__isnull=False).exists()


@dataclass
class TrendRow:
    year: int
    period: str
    count: Cell
    rate: Cell | None = None
    inhabitants: int | None = None
    population_year: int | None = None


@dataclass
class TrendSeries:
    dataset: Dataset
    rows: list[TrendRow]

    @property
    def years(self) -> list[int]:
        return [row.year for row in self.rows]


def trend(*, area: Area, measure: Measure, topic: str) -> list[TrendSeries]:
    """The yearly figures of one measure and topic for one area, one series per dataset, with the
    rate per 1,000 inhabitants where the population is known (two queries)."""
    observations = (
        Observation.objects.filter(area=area, measure=measure, topic=topic, month=None, quarter=None)
        .select_related("dataset")
        .order_by("dataset__source", "dataset__table_id", "year")
    )
    populations = _populations([area.pk]).get(area.pk, {})
    counting = is_count_topic(topic)
    by_dataset: dict[int, TrendSeries] = {}
    for observation in observations:
        series = by_dataset.get(observation.dataset_id)
        if series is None:
            series = by_dataset[observation.dataset_id] = TrendSeries(dataset=observation.dataset, rows=[])
        count = count_cell(observation.value, observation.status, is_count=counting)
        row = TrendRow(year=observation.year, period=str(observation.year), count=count)
        if counting:
            population = _nearest(populations, observation.year)
            if population is not None:
                row.inhabitants, row.population_year = population.inhabitants, population.year
            row.rate = rate_cell(count, row.inhabitants)
        series.rows.append(row)
    return list(by_dataset.values())


@dataclass
class ComparisonRow:
    area: Area
    count: Cell
    rate: Cell
    inhabitants: int | None
    population_year: int | None
    outline: dict[str, Any] | None = None


@dataclass
class Comparison:
    year: int | None
    years: list[int]
    rows: list[ComparisonRow]
    municipality: ComparisonRow | None
    country: ComparisonRow | None
    dataset: Dataset | None
    population_datasets: list[Dataset]

    @property
    def ranking(self) -> list[ComparisonRow]:
        """Highest rate first; areas without a rate (suppressed, unknown) last, by name."""
        with_rate = sorted(
            (r for r in self.rows if r.rate.value is not None), key=lambda r: -(r.rate.value or 0)
        )
        without = sorted((r for r in self.rows if r.rate.value is None), key=lambda r: r.area.name)
        return with_rate + without

    @property
    def outlines(self) -> bool:
        return any(r.outline for r in self.rows)


def comparison(
    *, municipality: Area, level: str, measure: Measure, topic: str, year: int | None = None
) -> Comparison:
    """The wijken (or buurten) of a municipality side by side for one year: count, inhabitants
    and rate per 1,000, with the municipal and the national rate for reference (four queries)."""
    areas = list(areas_within(municipality, level).select_related("geometry"))
    ids = [a.pk for a in areas] + [municipality.pk]
    base = Observation.objects.filter(measure=measure, topic=topic, month=None, quarter=None).filter(
        Q(area_id__in=ids) | Q(area__level=AreaLevel.COUNTRY)
    )
    years = sorted(set(base.values_list("year", flat=True)), reverse=True)
    if year not in years:
        year = years[0] if years else None
    observations = list(base.filter(year=year).select_related("dataset", "area")) if year else []
    # One dataset: the one with figures for most of these areas (the latest import wins a tie).
    per_dataset: dict[int, list[Observation]] = defaultdict(list)
    for observation in observations:
        per_dataset[observation.dataset_id].append(observation)
    chosen = (
        max(per_dataset.values(), key=lambda obs: (len(obs), obs[0].dataset.imported_at))
        if per_dataset
        else []
    )
    dataset = chosen[0].dataset if chosen else None
    countries = sorted(
        (o for o in chosen if o.area.level == AreaLevel.COUNTRY),
        key=lambda o: (o.area.reference_year != municipality.reference_year, -o.area.reference_year),
    )
    by_area = {o.area_id: o for o in chosen}
    country_obs = countries[0] if countries else None
    population_ids = [*ids, *([country_obs.area_id] if country_obs else [])]
    populations = _populations(population_ids)
    population_datasets: dict[int, Dataset] = {}

    def row(area: Area) -> ComparisonRow:
        observation = by_area.get(area.pk)
        count = (
            count_cell(observation.value, observation.status, is_count=is_count_topic(topic))
            if observation
            else Cell(None, "–", missing=True)
        )
        population = _nearest(populations.get(area.pk, {}), year) if year else None
        if population is not None:
            population_datasets[population.dataset_id] = population.dataset
        inhabitants = population.inhabitants if population else None
        outline = getattr(area, "geometry", None) if area.level != AreaLevel.COUNTRY else None
        return ComparisonRow(
            area=area,
            count=count,
            rate=rate_cell(count, inhabitants) if is_count_topic(topic) else Cell(None, "–", missing=True),
            inhabitants=inhabitants,
            population_year=population.year if population else None,
            outline=outline.geometry if outline is not None else None,
        )

    rows = [row(area) for area in areas]
    return Comparison(
        year=year,
        years=years,
        rows=rows,
        municipality=row(municipality),
        country=row(country_obs.area) if country_obs else None,
        dataset=dataset,
        population_datasets=list(population_datasets.values()),
    )


@dataclass
class YouthSeries:
    measure: Measure
    topic: str
    trend: list[TrendSeries]
    districts: list[ComparisonRow] = field(default_factory=list)
    district_year: int | None = None


def youth_figures(municipality: Area) -> list[YouthSeries]:
    """Series about young people where the data have them: the police's youth nuisance reports
    (E35) and measures or topics about young suspects; per series the municipal trend and the
    wijken in the latest year per 1,000 young people aged 15 to 25 (five queries)."""
    wijken = list(areas_within(municipality, AreaLevel.DISTRICT))
    ids = [municipality.pk, *(w.pk for w in wijken)]
    youth = (
        Q(measure__classification=Classification.POLICE_NUISANCE, measure__code=YOUTH_NUISANCE_CODE)
        | Q(measure__title__iregex=YOUTH_PATTERN)
        | Q(topic__iregex=YOUTH_TOPIC_PATTERN)
    )
    observations = list(
        Observation.objects.filter(youth, area_id__in=ids, month=None, quarter=None)
        .select_related("dataset", "measure")
        .order_by("measure__classification", "measure__code", "topic", "dataset_id", "year")
    )
    populations = _populations(ids)
    grouped: dict[tuple[int, str], list[Observation]] = defaultdict(list)
    for observation in observations:
        grouped[(observation.measure_id, observation.topic)].append(observation)
    result = []
    for (_measure_id, topic), items in grouped.items():
        counting = is_count_topic(topic)
        series_by_dataset: dict[int, TrendSeries] = {}
        for observation in items:
            if observation.area_id != municipality.pk:
                continue
            series = series_by_dataset.setdefault(
                observation.dataset_id, TrendSeries(dataset=observation.dataset, rows=[])
            )
            count = count_cell(observation.value, observation.status, is_count=counting)
            series.rows.append(TrendRow(year=observation.year, period=str(observation.year), count=count))
        latest = max((o.year for o in items if o.area_id != municipality.pk), default=None)
        districts = []
        if latest is not None:
            at_latest = {o.area_id: o for o in items if o.year == latest}
            for wijk in wijken:
                found = at_latest.get(wijk.pk)
                count = (
                    count_cell(found.value, found.status, is_count=counting)
                    if found
                    else Cell(None, "–", missing=True)
                )
                population = (
                    _nearest(
                        {y: p for y, p in populations.get(wijk.pk, {}).items() if p.young_people}, latest
                    )
                    if counting
                    else None
                )
                young = population.young_people if population else None
                districts.append(
                    ComparisonRow(
                        area=wijk,
                        count=count,
                        rate=_young_rate(count, young),
                        inhabitants=young,
                        population_year=population.year if population else None,
                    )
                )
        result.append(
            YouthSeries(
                measure=items[0].measure,
                topic=topic,
                trend=list(series_by_dataset.values()),
                districts=districts,
                district_year=latest,
            )
        )
    return result


def _young_rate(count: Cell, young_people: int | None) -> Cell:
    if count.suppressed:
        return Cell(None, count.text, suppressed=True)
    if count.value is None or not young_people:
        return Cell(None, "–", missing=True)
    if young_people < rate_min_inhabitants() // 4:
        return Cell(None, _("too few young people"), suppressed=True)
    rate = (count.value * 1000 / Decimal(young_people)).quantize(Decimal("0.1"))
    return Cell(rate, number_format(rate, decimal_pos=1, force_grouping=True))


@dataclass
class DatasetNote:
    dataset: Dataset
    notes: list[str]


def dataset_notes(datasets: Iterable[Dataset], years: Sequence[int]) -> list[DatasetNote]:
    """Where each figure comes from, with the caveats of its source that matter for these years:
    CBS rounding, the police's hidden sex offences and the police's break in 2018."""
    result: list[DatasetNote] = []
    seen: set[int] = set()
    for dataset in datasets:
        if dataset.pk in seen:
            continue
        seen.add(dataset.pk)
        notes = []
        source = dataset.source.lower()
        if source.startswith("cbs"):
            if dataset.kind == DatasetKind.POPULATION:
                notes.append(
                    _("CBS rounds the numbers of inhabitants of wijken and buurten to multiples of 5.")
                )
            else:
                notes.append(
                    _(
                        "CBS rounds absolute counts (to multiples of 5), so small differences between "
                        "areas or years say little."
                    )
                )
        crime = "overlast" not in dataset.title.lower()
        if ("politie" in source or "police" in source) and crime:
            notes.append(
                _(
                    "The police do not publish sex offences per wijk and buurt, to protect victims; the "
                    "totals of wijken and buurten are therefore lower than the municipal total."
                )
            )
            if years and min(years) < POLICE_BREAK_YEAR <= max(years):
                notes.append(
                    _(
                        "From 2018 the police register offences committed together (samenloop) "
                        "differently, which breaks the series; compare the years before and after 2018 "
                        "with care."
                    )
                )
        result.append(DatasetNote(dataset=dataset, notes=notes))
    return result
