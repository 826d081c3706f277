"""Reads of the indicators, always within one programme. Every read takes a fixed number of
queries, however many indicators or measurements there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest
from django.utils.formats import number_format

from koers.analysis.models import Area, Measure
from koers.analysis.selectors import measure_choices, municipality_area, municipality_areas, suppress_below
from koers.plan.models import Goal, SubProject
from koers.programmes.models import Programme

from .models import Indicator, Measurement


def _latest(column: str) -> Subquery:
    return Subquery(
        Measurement.objects.filter(indicator=OuterRef("pk"))
        .order_by("-period_date", "-pk")
        .values(column)[:1]
    )


def with_latest(queryset: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Indicators with their latest measurement (value, period, suppressed) in the same query."""
    return queryset.annotate(
        latest_value=_latest("value"),
        latest_period=_latest("period"),
        latest_suppressed=_latest("suppressed"),
        measurement_count=Count("measurements", distinct=True),
    )


def indicators(programme: Programme) -> QuerySet[Indicator]:
    """The programme's indicators, per sub-project then per goal (one query)."""
    return with_latest(
        Indicator.objects.filter(programme=programme).select_related("goal", "subproject", "area", "measure")
    ).order_by("subproject__name", "goal__title", "name", "pk")


@dataclass
class Group:
    title: str
    kind: str
    items: list[Indicator] = field(default_factory=list)


def grouped(items: list[Indicator]) -> list[Group]:
    """Consecutive indicators of the same sub-project (or goal) together."""
    groups: list[Group] = []
    for indicator in items:
        indicator.baseline_text = value_text(indicator.baseline_value)  # type: ignore[attr-defined]
        indicator.target_text = value_text(indicator.target_value)  # type: ignore[attr-defined]
        indicator.latest_text = value_text(  # type: ignore[attr-defined]
            getattr(indicator, "latest_value", None), bool(getattr(indicator, "latest_suppressed", False))
        )
        if indicator.subproject is not None:
            title, kind = indicator.subproject.name, "subproject"
        else:
            title, kind = indicator.goal.title if indicator.goal else "", "goal"
        if not groups or (groups[-1].title, groups[-1].kind) != (title, kind):
            groups.append(Group(title=title, kind=kind))
        groups[-1].items.append(indicator)
    return groups


def get_indicator(
    request: HttpRequest, programme: Programme, indicator_uuid: Any, perm: str | None = None
) -> Indicator:
    """The indicator of this programme (else 404), if the user has ``perm`` on it (else 403)."""
    indicator = (
        Indicator.objects.filter(programme=programme, uuid=indicator_uuid)
        .select_related("goal", "subproject__kwartiermaker", "area", "measure")
        .first()
    )
    if indicator is None:
        raise Http404("indicator")
    indicator.programme = programme
    if perm and not request.user.has_perm(perm, indicator):
        raise PermissionDenied(perm)
    return indicator


def get_measurement(indicator: Indicator, measurement_uuid: Any) -> Measurement:
    measurement = indicator.measurements.filter(uuid=measurement_uuid).first()
    if measurement is None:
        raise Http404("measurement")
    measurement.indicator = indicator
    return measurement


def subproject_choices(programme: Programme, *, led_by: Any = None) -> QuerySet[SubProject]:
    queryset = SubProject.objects.filter(programme=programme).order_by("name")
    if led_by is not None:
        queryset = queryset.filter(kwartiermaker__user=led_by)
    return queryset


def goal_choices(programme: Programme) -> QuerySet[Goal]:
    return Goal.objects.filter(programme=programme).order_by("title")


def area_choices(programme: Programme) -> list[Area]:
    """The organisation's municipality, its wijken and buurten (two queries)."""
    municipality = municipality_area(programme.organisation)
    return municipality_areas(municipality) if municipality is not None else []


def measure_choices_for(areas: list[Area]) -> list[Measure]:
    return [choice.measure for choice in measure_choices([a.pk for a in areas])] if areas else []


@dataclass(frozen=True)
class Row:
    measurement: Measurement
    text: str
    plotted: Decimal | None


def value_text(value: Decimal | None, suppressed: bool = False) -> str:
    if suppressed:
        return f"< {suppress_below()}"
    if value is None:
        return "–"
    exponent = value.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number_format(value, decimal_pos=min(decimals, 4), force_grouping=True)


def measurement_rows(indicator: Indicator) -> list[Row]:
    """The measurements in order, with the text shown and the value plotted (None when
    suppressed): one query."""
    return [
        Row(measurement=m, text=value_text(m.value, m.suppressed), plotted=None if m.suppressed else m.value)
        for m in indicator.measurements.all()
    ]
