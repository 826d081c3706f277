"""Reads of the official statistics that the analysis pages, reports and the API share. The data
are installation-wide, so these take no user; the pages scope by the programme's municipality."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum

from .models import Area, Dataset, Measure, MeasureKind, Observation


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
    within = (
        Area.objects.filter(code=area.code)
        | Area.objects.filter(parent=area)
        | Area.objects.filter(parent__parent=area)
    )
    datasets = list(
        Dataset.objects.filter(observations__area__in=within)
        .distinct()
        .order_by("source", "table_id")
        .only("uuid", "source", "table_id", "title")
    )
    return {
        "area": area,
        "wijken": Area.objects.filter(parent=area, level="wijk").count(),
        "buurten": Area.objects.filter(parent__parent=area, level="buurt").count(),
        "datasets": datasets,
    }
