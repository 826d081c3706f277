"""Effect estimates: the data behind an indicator put together for ``koers.stats``, the estimate
computed and stored with its input, and the services to annotate or remove it.

See docs/adr/0030-effect-estimates.md for the choices: which areas and periods are used, monthly
or yearly figures, the units of the panel, and when Koers declines to present an effect."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.analysis.models import Area, Observation, ObservationStatus
from koers.analysis.selectors import is_count_topic, suppress_below
from koers.audit.services import record
from koers.indicators.models import Indicator

from .models import EffectEstimate, EvaluationPlan
from .reference import Design, EstimateMethod

# Which methods fit which design (the first is offered first).
METHODS_BY_DESIGN: dict[str, tuple[str, ...]] = {
    Design.BEFORE_AFTER: (EstimateMethod.RATE_CHANGE,),
    Design.TIME_SERIES: (EstimateMethod.ITS, EstimateMethod.RATE_CHANGE),
    Design.COMPARISON: (EstimateMethod.DID_2X2, EstimateMethod.DID_PANEL, EstimateMethod.WDD),
    Design.EXTERNAL: (EstimateMethod.RATE_CHANGE,),
}
COMPARISON_METHODS = frozenset({EstimateMethod.DID_2X2, EstimateMethod.DID_PANEL, EstimateMethod.WDD})
COUNT_METHODS = frozenset({EstimateMethod.RATE_CHANGE, EstimateMethod.WDD})
SEASONAL_CHOICES = (None, "month")

TREATED, COMPARISON, BUFFER, BUFFER_COMPARISON = "treated", "comparison", "buffer", "buffer_comparison"
GROUPS = (TREATED, COMPARISON, BUFFER, BUFFER_COMPARISON)

# Koers's own reasons for not presenting an effect, beside the statistics module's caveat codes.
REASONS: dict[str, Any] = {
    "no_post_periods": gettext_lazy(
        "There are no figures yet for a period after the start (%(start)s); an effect cannot be "
        "computed before there are."
    ),
    "no_pre_periods": gettext_lazy("There are no figures for a period before the start (%(start)s)."),
    "not_a_count": gettext_lazy(
        "This method compares numbers of events; the series holds rates or percentages, not counts."
    ),
    "insufficient_data": gettext_lazy(
        "The figures are too thin for this method: every group needs figures before and after the start."
    ),
    "not_computable": gettext_lazy("The estimate or its interval cannot be computed from these figures."),
}


def methods_for(design: str) -> tuple[str, ...]:
    return METHODS_BY_DESIGN.get(design, ())


def _day(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


@dataclass
class Assembled:
    """The figures for one estimate: rows per area and period, with the choices made."""

    frequency: str  # "month" or "year"
    topic: str
    counts: bool
    start_period: str
    transition_period: str | None
    rows: list[dict[str, Any]] = field(default_factory=list)
    units: str = "areas"  # the panel's units: "areas" or "buurten"

    def periods(self) -> list[str]:
        return sorted({row["period"] for row in self.rows})


def _period_key(year: int, month: int | None) -> str:
    return f"{year:04d}" if month is None else f"{year:04d}-{month:02d}"


def _start_period(start: datetime.date, frequency: str) -> tuple[str, str | None]:
    """The first whole period on or after the start, and the period the start falls inside when
    it is not that period's first day (that period is left out: it is partly before, partly after)."""
    if frequency == "month":
        if start.day == 1:
            return _period_key(start.year, start.month), None
        following = datetime.date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return _period_key(following.year, following.month), _period_key(start.year, start.month)
    if (start.month, start.day) == (1, 1):
        return _period_key(start.year, None), None
    return _period_key(start.year + 1, None), _period_key(start.year, None)


def _choose_topic(topics: Iterable[str]) -> str:
    """As ``indicators.services.series_values``: the first count topic, else the first topic."""
    ordered = sorted(set(topics))
    counts = [t for t in ordered if is_count_topic(t)]
    return (counts or ordered or [""])[0]


def _observations(area_ids: Sequence[int], measure_id: int, *, monthly: bool) -> list[tuple[Any, ...]]:
    queryset = Observation.objects.filter(area_id__in=list(area_ids), measure_id=measure_id, quarter=None)
    queryset = queryset.filter(month__isnull=False) if monthly else queryset.filter(month=None)
    return list(
        queryset.order_by("area_id", "topic", "year", "month", "dataset__imported_at").values_list(
            "area_id", "topic", "year", "month", "value", "status"
        )
    )


def _series(observations: Iterable[tuple[Any, ...]], topic: str) -> dict[int, dict[str, float]]:
    """``{area id: {period: value}}`` for one topic; the latest import wins, unknown values drop."""
    found: dict[int, dict[str, float]] = defaultdict(dict)
    for area_id, obs_topic, year, month, value, status in observations:
        if obs_topic != topic:
            continue
        key = _period_key(year, month)
        if value is None or status == ObservationStatus.UNKNOWN:
            found[area_id].pop(key, None)
            continue
        number = float(value)
        found[area_id][key] = int(number) if number.is_integer() else number
    return found


def plan_groups(plan: EvaluationPlan, indicator: Indicator, method: str) -> dict[str, list[Area]]:
    """The areas per group: the plan's areas of the sub-project (else the indicator's own area),
    its comparison areas for the comparing methods, and the buffer areas for WDD."""
    treated = list(plan.treated_areas.all()) or ([indicator.area] if indicator.area else [])
    groups: dict[str, list[Area]] = {TREATED: treated}
    if method in COMPARISON_METHODS:
        groups[COMPARISON] = list(plan.comparison_areas.all())
    if method == EstimateMethod.WDD:
        buffer = list(plan.buffer_areas.all())
        buffer_comparison = list(plan.buffer_comparison_areas.all())
        if buffer and buffer_comparison:
            groups[BUFFER] = buffer
            groups[BUFFER_COMPARISON] = buffer_comparison
    return groups


def assemble(
    indicator: Indicator, groups: Mapping[str, Sequence[Area]], start: datetime.date, *, panel: bool = False
) -> Assembled | None:
    """The observations of the indicator's measure for the areas of every group, monthly when
    every area has monthly figures, yearly otherwise. For the panel, the buurten inside the
    chosen areas become the units when each chosen area has buurten with figures. ``None`` when
    the treated areas have no figures at all."""
    assert indicator.measure_id is not None
    areas = {area.pk: (group, area) for group, members in groups.items() for area in members}
    if not areas:
        return None
    topics_own = {
        topic
        for topic in Observation.objects.filter(
            area_id=indicator.area_id or 0, measure_id=indicator.measure_id, quarter=None
        ).values_list("topic", flat=True)
    }
    monthly_obs = _observations(list(areas), indicator.measure_id, monthly=True)
    topic = _choose_topic(topics_own or {row[1] for row in monthly_obs})
    monthly = _series(monthly_obs, topic)
    if all(monthly.get(pk) for pk in areas):
        frequency, values = "month", monthly
    else:
        yearly_obs = _observations(list(areas), indicator.measure_id, monthly=False)
        if not topics_own:
            topic = _choose_topic(row[1] for row in yearly_obs)
        frequency, values = "year", _series(yearly_obs, topic)
    start_period, transition = _start_period(start, frequency)
    assembled = Assembled(
        frequency=frequency,
        topic=topic,
        counts=is_count_topic(topic),
        start_period=start_period,
        transition_period=transition,
    )
    units: dict[int, tuple[str, Area, Area | None]] = {pk: (g, a, None) for pk, (g, a) in areas.items()}
    if panel:
        children = list(Area.objects.filter(parent_id__in=list(areas)).order_by("code"))
        if children:
            child_obs = _observations(
                [c.pk for c in children], indicator.measure_id, monthly=frequency == "month"
            )
            child_values = _series(child_obs, topic)
            with_data = [c for c in children if child_values.get(c.pk)]
            if {c.parent_id for c in with_data} == set(areas):
                units = {c.pk: (areas[c.parent_id or 0][0], c, areas[c.parent_id or 0][1]) for c in with_data}
                values = child_values
                assembled.units = "buurten"
    threshold = suppress_below()
    for pk, (group, area, parent) in sorted(
        units.items(), key=lambda item: (GROUPS.index(item[1][0]), item[1][1].code)
    ):
        for period, value in sorted(values.get(pk, {}).items()):
            if period == transition:
                continue
            assembled.rows.append(
                {
                    "group": group,
                    "area": area.code,
                    "name": area.name,
                    "parent": parent.code if parent else None,
                    "period": period,
                    "post": period >= start_period,
                    "value": value,
                    "suppressed": bool(assembled.counts and value < threshold),
                }
            )
    if not any(row["group"] == TREATED for row in assembled.rows):
        return None
    return assembled


def _reason(code: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "params": dict(params or {})}


def _blocking(caveats: Iterable[Any]) -> list[dict[str, Any]]:
    return [_reason(c.code, {k: _plain(v) for k, v in c.params.items()}) for c in caveats if c.blocking]


def _plain(value: Any) -> Any:
    if isinstance(value, bool | int | str) or value is None:
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def _sum(rows: Iterable[Mapping[str, Any]], group: str, post: bool, periods: set[str] | None = None) -> int:
    return int(
        sum(
            row["value"]
            for row in rows
            if row["group"] == group and row["post"] == post and (periods is None or row["period"] in periods)
        )
    )


def _per_period(rows: Iterable[Mapping[str, Any]], group: str, counts: bool) -> dict[str, float]:
    """One value per period for a group: the sum of counts, or the mean of rates."""
    found: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if row["group"] == group:
            found[row["period"]].append(float(row["value"]))
    return {p: (sum(v) if counts else sum(v) / len(v)) for p, v in sorted(found.items())}


def _both_sides(rows: Sequence[Mapping[str, Any]], groups: Iterable[str]) -> bool:
    """Every group has figures before and after the start."""
    sides = {(row["group"], row["post"]) for row in rows}
    return all((group, False) in sides and (group, True) in sides for group in groups)


def compute(method: str, data: Assembled, *, seasonal: str | None = None) -> tuple[Any, dict[str, Any]]:
    """Run the ``koers.stats`` estimator on the assembled rows. Returns the result and the extra
    parameters that say exactly what was passed in. Raises ``ValueError`` on too thin data."""
    from koers import stats

    rows = data.rows
    start = data.start_period
    if method == EstimateMethod.RATE_CHANGE:
        treated = [r for r in rows if r["group"] == TREATED]
        pre_periods = len({r["period"] for r in treated if not r["post"]})
        post_periods = len({r["period"] for r in treated if r["post"]})
        pre, post = _sum(rows, TREATED, False), _sum(rows, TREATED, True)
        result = stats.rate_change(pre, post, pre_exposure=pre_periods, post_exposure=post_periods)
        return result, {
            "pre_count": pre,
            "post_count": post,
            "pre_exposure": pre_periods,
            "post_exposure": post_periods,
        }
    if method == EstimateMethod.WDD:
        # Equal windows either side of the start: the last k periods before, the first k after.
        periods = data.periods()
        before = [p for p in periods if p < start]
        after = [p for p in periods if p >= start]
        k = min(len(before), len(after))
        if k == 0:
            raise ValueError("No periods on one side of the start.")
        window = set(before[-k:]) | set(after[:k])
        args: dict[str, Any] = {
            "treated_pre": _sum(rows, TREATED, False, window),
            "treated_post": _sum(rows, TREATED, True, window),
            "control_pre": _sum(rows, COMPARISON, False, window),
            "control_post": _sum(rows, COMPARISON, True, window),
        }
        if any(r["group"] == BUFFER for r in rows) and any(r["group"] == BUFFER_COMPARISON for r in rows):
            args.update(
                displacement_pre=_sum(rows, BUFFER, False, window),
                displacement_post=_sum(rows, BUFFER, True, window),
                displacement_control_pre=_sum(rows, BUFFER_COMPARISON, False, window),
                displacement_control_post=_sum(rows, BUFFER_COMPARISON, True, window),
            )
        if not any(r["group"] == COMPARISON for r in rows):
            raise ValueError("The control area has no figures.")
        result = stats.weighted_displacement_difference(**args)
        return result, {"counts": args, "window": sorted(window)}
    if method == EstimateMethod.ITS:
        series = _per_period(rows, TREATED, data.counts)
        frame = {"period": list(series), "value": list(series.values())}
        its = stats.interrupted_time_series(
            frame, outcome="value", period="period", intervention_start=start, seasonal=seasonal
        )
        return its, {"aggregate": "sum" if data.counts else "mean"}
    frame = {
        "value": [r["value"] for r in rows],
        "unit": [r["area"] for r in rows],
        "period": [r["period"] for r in rows],
        "treated_unit": [int(r["group"] == TREATED) for r in rows],
        "post": [int(r["post"]) for r in rows],
        "d": [int(r["group"] == TREATED and r["post"]) for r in rows],
    }
    if method == EstimateMethod.DID_2X2:
        result = stats.did_2x2(frame, outcome="value", treated="treated_unit", post="post")
        return result, {}
    result = stats.did_panel(frame, outcome="value", unit="unit", period="period", treated="d")
    return result, {}


def _validate(
    plan: EvaluationPlan, indicator: Indicator, method: str, start: datetime.date | None, seasonal: str | None
) -> None:
    errors: dict[str, str] = {}
    if indicator.subproject_id != plan.subproject_id:
        errors["indicator"] = _("Choose an indicator of this sub-project.")
    elif not indicator.linked:
        errors["indicator"] = _(
            "This indicator is not linked to an official series; Koers can only compute an effect "
            "from linked figures."
        )
    allowed = methods_for(plan.design)
    if method not in EstimateMethod.values:
        errors["method"] = _("Choose one of the methods offered.")
    elif method not in allowed:
        errors["method"] = _("This method does not fit the design of the evaluation plan (%(design)s).") % {
            "design": plan.get_design_display()
        }
    elif method in COMPARISON_METHODS and not plan.comparison_areas.exists():
        errors["method"] = _(
            "This method compares with other areas: choose comparison areas in the evaluation plan first."
        )
    if start is None:
        errors["intervention_start"] = _("Give the start of the sub-project: it has no start date to take.")
    if seasonal not in SEASONAL_CHOICES:
        errors["seasonal"] = _("Choose a monthly seasonal adjustment or none.")
    elif seasonal and method != EstimateMethod.ITS:
        errors["seasonal"] = _("A seasonal adjustment is only possible with an interrupted time series.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def estimate_create(
    *,
    actor: Any,
    plan: EvaluationPlan,
    indicator: Indicator,
    method: str,
    intervention_start: datetime.date | None = None,
    seasonal: str | None = None,
) -> EffectEstimate:
    """Compute an effect estimate from the indicator's linked series and store it with its input.
    Bad input raises ``ValidationError`` naming the field and saves nothing; data too thin for an
    effect gives a stored estimate with ``declined=True`` and the reasons."""
    subproject = plan.subproject
    start = intervention_start or subproject.start_date
    seasonal = seasonal or None
    _validate(plan, indicator, method, start, seasonal)
    assert start is not None
    groups = plan_groups(plan, indicator, method)
    data = assemble(indicator, groups, start, panel=method == EstimateMethod.DID_PANEL)
    if data is None:
        raise ValidationError(
            {"indicator": _("The linked series has no figures for the areas of the sub-project.")}
        )
    periods = data.periods()
    if not any(p < data.start_period for p in periods):
        raise ValidationError(
            {
                "intervention_start": _(
                    "The start (%(start)s) lies before the first figures of the series (%(first)s): "
                    "choose a start inside the period with figures."
                )
                % {"start": _day(start), "first": periods[0]}
            }
        )
    if seasonal and data.frequency != "month":
        raise ValidationError(
            {
                "seasonal": _(
                    "A seasonal adjustment needs monthly figures; this series has yearly figures only."
                )
            }
        )
    parameters: dict[str, Any] = {
        "frequency": data.frequency,
        "topic": data.topic,
        "counts": data.counts,
        "start_period": data.start_period,
        "transition_period": data.transition_period,
        "units": data.units,
        "seasonal": seasonal,
        "areas": {group: sorted(a.code for a in members) for group, members in groups.items()},
        "suppress_below": suppress_below(),
    }
    reasons: list[dict[str, Any]] = []
    result_data: dict[str, Any] = {}
    reliable = False
    if not any(p >= data.start_period for p in periods):
        reasons.append(_reason("no_post_periods", {"start": _day(start)}))
    elif method in COUNT_METHODS and not data.counts:
        reasons.append(_reason("not_a_count"))
    elif not _both_sides(data.rows, [g for g, members in groups.items() if members]):
        reasons.append(_reason("insufficient_data"))
    else:
        try:
            result, extra = compute(method, data, seasonal=seasonal)
        except ValueError:
            reasons.append(_reason("insufficient_data"))
        else:
            parameters.update(extra)
            result_data = result.to_dict()
            reliable = bool(result.reliable)
            reasons = _blocking(result.caveats)
            if not reliable and not reasons:
                reasons.append(_reason("not_computable"))
    estimate = EffectEstimate.objects.create(
        plan=plan,
        indicator=indicator,
        method=method,
        intervention_start=start,
        parameters=parameters,
        data=data.rows,
        result=result_data,
        reliable=reliable,
        declined=not reliable,
        reasons=reasons,
        computed_at=timezone.now(),
        computed_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        actor=actor,
        action="effectestimate.create",
        obj=estimate,
        programme=subproject.programme,
        changes={
            "indicator": [None, indicator.name],
            "method": [None, method],
            "intervention_start": [None, start.isoformat()],
            "declined": [None, estimate.declined],
        },
    )
    return estimate


@transaction.atomic
def estimate_note(*, actor: Any, estimate: EffectEstimate, note: str) -> EffectEstimate:
    """Write down the interpretation of an estimate."""
    note = (note or "").strip()
    if note == estimate.note:
        return estimate
    old = estimate.note
    estimate.note = note
    estimate.save(update_fields=["note"])
    record(
        actor=actor,
        action="effectestimate.note",
        obj=estimate,
        programme=estimate.plan.subproject.programme,
        changes={"note": [old, note]},
    )
    return estimate


@transaction.atomic
def estimate_delete(*, actor: Any, estimate: EffectEstimate) -> None:
    record(
        actor=actor,
        action="effectestimate.delete",
        obj=estimate,
        programme=estimate.plan.subproject.programme,
        changes={"method": [estimate.method, None], "indicator": [estimate.indicator.name, None]},
    )
    estimate.delete()
