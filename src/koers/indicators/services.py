"""Every write of the indicators and their measurements. Each change records one audit event;
indicators are versioned, so a stale save never overwrites someone else's work.

An indicator linked to an official series (area + measure) fills its measurements from the
imported observations: :func:`sync_from_series` runs when the link is saved and after every
statistics import (:func:`sync_after_import`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.analysis.models import Observation, ObservationStatus
from koers.analysis.selectors import is_count_topic, suppress_below
from koers.audit.services import apply_changes, record, snapshot
from koers.concurrency import bump_version, check_version
from koers.programmes.models import Programme, ProgrammeRole
from koers.programmes.permissions import programme_role

from .models import Indicator, Measurement

INDICATOR_FIELDS = (
    "goal",
    "subproject",
    "name",
    "kind",
    "definition",
    "unit",
    "polarity",
    "data_source",
    "area",
    "measure",
    "baseline_value",
    "baseline_period",
    "target_value",
    "target_date",
    "story",
)
MEASUREMENT_FIELDS = ("period", "value", "source", "note")

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})\s*-?\s*[QK](\d)$", re.IGNORECASE)
_DAY_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_NL = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def period_start(text: str) -> datetime.date | None:
    """The first day of a period written as ``2025``, ``2025-06``, ``2025-K2`` / ``2025Q2``,
    ``2025-06-30`` or ``30-06-2025``; None if it is none of these."""
    text = (text or "").strip()
    try:
        if m := _YEAR.match(text):
            return datetime.date(int(m[1]), 1, 1)
        if m := _MONTH.match(text):
            return datetime.date(int(m[1]), int(m[2]), 1)
        if m := _QUARTER.match(text):
            quarter = int(m[2])
            return datetime.date(int(m[1]), 3 * quarter - 2, 1) if 1 <= quarter <= 4 else None
        if m := _DAY_ISO.match(text):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DAY_NL.match(text):
            return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _period_error() -> str:
    return _(
        "Write the period as a year (2025), a month (2025-06), a quarter (2025-K2) or a date (30-06-2025)."
    )


def _indicator_values(programme: Programme, values: dict[str, Any], actor: Any) -> dict[str, Any]:
    cleaned = {name: values[name] for name in INDICATOR_FIELDS if name in values}
    for name in ("name", "definition", "unit", "data_source", "baseline_period", "story"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    goal, subproject = cleaned.get("goal"), cleaned.get("subproject")
    if goal is not None and goal.programme_id != programme.pk:
        raise ValidationError({"goal": _("Choose a goal of this programme.")})
    if subproject is not None and subproject.programme_id != programme.pk:
        raise ValidationError({"subproject": _("Choose a sub-project of this programme.")})
    if "goal" in cleaned and "subproject" in cleaned and goal is None and subproject is None:
        raise ValidationError(
            {"subproject": _("Choose the goal or the sub-project this indicator belongs to.")}
        )
    if ("area" in cleaned or "measure" in cleaned) and (cleaned.get("area") is None) != (
        cleaned.get("measure") is None
    ):
        raise ValidationError(
            {"measure": _("Choose both an area and a measure to link the official series, or neither.")}
        )
    if cleaned.get("baseline_period") and period_start(cleaned["baseline_period"]) is None:
        raise ValidationError({"baseline_period": _period_error()})
    if actor is not None and programme_role(actor, programme) == ProgrammeRole.KWARTIERMAKER:
        lead = subproject.kwartiermaker if subproject is not None else None
        if lead is None or lead.user_id != actor.pk:
            raise ValidationError(
                {"subproject": _("As kwartiermaker you keep indicators of the sub-projects you lead.")}
            )
    return cleaned


@transaction.atomic
def indicator_create(*, actor: Any, programme: Programme, **values: Any) -> Indicator:
    values.setdefault("goal", None)
    values.setdefault("subproject", None)
    cleaned = _indicator_values(programme, values, actor)
    indicator = Indicator(programme=programme, updated_by=actor, **cleaned)
    indicator.full_clean()
    indicator.save()
    changes = {
        name: [None, value] for name, value in snapshot(indicator, cleaned).items() if value not in ("", None)
    }
    record(actor=actor, action="indicator.create", obj=indicator, programme=programme, changes=changes)
    if indicator.linked:
        sync_from_series(indicator, actor=actor)
    return indicator


@transaction.atomic
def indicator_update(
    *, actor: Any, indicator: Indicator, expected_version: int | None, **values: Any
) -> Indicator:
    check_version(indicator, expected_version)
    values = {"goal": indicator.goal, "subproject": indicator.subproject, **values}
    role_check = (
        actor
        if ("subproject" in values and values["subproject"] != indicator.subproject)
        or programme_role(actor, indicator.programme) == ProgrammeRole.KWARTIERMAKER
        else None
    )
    link_before = (indicator.area_id, indicator.measure_id)
    cleaned = _indicator_values(indicator.programme, values, role_check)
    changes = apply_changes(indicator, cleaned)
    if not changes:
        return indicator
    indicator.full_clean()
    bump_version(indicator, actor)
    indicator.save()
    record(
        actor=actor, action="indicator.update", obj=indicator, programme=indicator.programme, changes=changes
    )
    if (indicator.area_id, indicator.measure_id) != link_before:
        if not indicator.linked:
            indicator.measurements.filter(from_series=True).delete()
        sync_from_series(indicator, actor=actor)
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    record(
        actor=actor,
        action="indicator.delete",
        obj=indicator,
        programme=indicator.programme,
        changes={"name": [indicator.name, None]},
    )
    indicator.delete()


def _measurement_values(
    indicator: Indicator, values: dict[str, Any], *, exclude: int | None
) -> dict[str, Any]:
    cleaned = {name: values[name] for name in MEASUREMENT_FIELDS if name in values}
    for name in ("period", "source", "note"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "period" in cleaned:
        start = period_start(cleaned["period"])
        if start is None:
            raise ValidationError({"period": _period_error()})
        cleaned["period_date"] = start
        clash = indicator.measurements.filter(period=cleaned["period"]).exclude(pk=exclude or 0)
        if clash.exists():
            raise ValidationError(
                {
                    "period": _("There is already a measurement for %(period)s.")
                    % {"period": cleaned["period"]}
                }
            )
    value = cleaned.get("value")
    if "value" in cleaned and not isinstance(value, Decimal):
        raise ValidationError({"value": _("Write the value as a number, for example 12 or 12,5.")})
    return cleaned


@transaction.atomic
def measurement_create(*, actor: Any, indicator: Indicator, **values: Any) -> Measurement:
    cleaned = _measurement_values(indicator, values, exclude=None)
    measurement = Measurement(indicator=indicator, **cleaned)
    measurement.full_clean()
    measurement.save()
    record(
        actor=actor,
        action="measurement.create",
        obj=measurement,
        programme=indicator.programme,
        changes={name: [None, value] for name, value in snapshot(measurement, cleaned).items()},
    )
    return measurement


@transaction.atomic
def measurement_update(*, actor: Any, measurement: Measurement, **values: Any) -> Measurement:
    if measurement.from_series:
        raise ValidationError(
            _("This measurement comes from the official series; it changes with the next import.")
        )
    cleaned = _measurement_values(measurement.indicator, values, exclude=measurement.pk)
    changes = apply_changes(measurement, cleaned)
    if changes:
        measurement.full_clean()
        measurement.save()
        record(
            actor=actor,
            action="measurement.update",
            obj=measurement,
            programme=measurement.indicator.programme,
            changes=changes,
        )
    return measurement


@transaction.atomic
def measurement_delete(*, actor: Any, measurement: Measurement) -> None:
    if measurement.from_series:
        raise ValidationError(
            _("This measurement comes from the official series and cannot be removed by hand.")
        )
    record(
        actor=actor,
        action="measurement.delete",
        obj=measurement,
        programme=measurement.indicator.programme,
        changes={"period": [measurement.period, None], "value": [str(measurement.value), None]},
    )
    measurement.delete()


# The official series ---------------------------------------------------------------------------


def series_values(indicator: Indicator) -> dict[str, tuple[Decimal, bool]]:
    """The yearly figures of the linked series: ``{"2023": (value, suppressed)}``. One topic: the
    first count topic (else the first topic); for a year in several datasets the latest import."""
    observations = list(
        Observation.objects.filter(
            area_id=indicator.area_id or 0, measure_id=indicator.measure_id or 0, month=None, quarter=None
        )
        .order_by("topic", "year", "dataset__imported_at")
        .values_list("topic", "year", "value", "status")
    )
    topics = sorted({topic for topic, *_rest in observations})
    counts = [t for t in topics if is_count_topic(t)]
    topic = (counts or topics or [""])[0]
    threshold = suppress_below()
    found: dict[str, tuple[Decimal, bool]] = {}
    for obs_topic, year, value, status in observations:
        if obs_topic != topic:
            continue
        if value is None or status == ObservationStatus.UNKNOWN:
            found.pop(str(year), None)
            continue
        found[str(year)] = (value, is_count_topic(topic) and value < threshold)
    return found


@transaction.atomic
def sync_from_series(indicator: Indicator, *, actor: Any = None) -> dict[str, int]:
    """Create, update and remove the indicator's measurements from the official series, all or
    nothing, with one audit event when anything changed. Hand-entered measurements stay."""
    counts = {"added": 0, "changed": 0, "removed": 0}
    wanted = series_values(indicator) if indicator.linked else {}
    existing = {m.period: m for m in indicator.measurements.select_for_update()}
    for period, (value, suppressed) in wanted.items():
        current = existing.get(period)
        if current is None:
            Measurement.objects.create(
                indicator=indicator,
                period=period,
                period_date=datetime.date(int(period), 1, 1),
                value=value,
                source=_("Official series"),
                from_series=True,
                suppressed=suppressed,
            )
            counts["added"] += 1
        elif current.from_series and (current.value != value or current.suppressed != suppressed):
            current.value, current.suppressed = value, suppressed
            current.save(update_fields=["value", "suppressed"])
            counts["changed"] += 1
    stale = [m.pk for p, m in existing.items() if m.from_series and p not in wanted]
    if stale:
        counts["removed"] = Measurement.objects.filter(pk__in=stale).delete()[0]
    if any(counts.values()):
        record(
            actor=actor, action="indicator.sync", obj=indicator, programme=indicator.programme, changes=counts
        )
    return counts


def sync_after_import(*, actor: Any, measure_ids: Iterable[int]) -> int:
    """After a statistics import: fill every indicator linked to one of these measures. Returns
    how many indicators were looked at."""
    indicators = list(
        Indicator.objects.filter(measure_id__in=list(measure_ids), area__isnull=False).select_related(
            "programme"
        )
    )
    for indicator in indicators:
        sync_from_series(indicator, actor=actor)
    return len(indicators)
