"""The columns of step 6's indicators with their latest measurement, as their download holds them
(ADR 0043). Numbers stay numbers, so that a spreadsheet can compute with them; a suppressed
measurement (too small a number to show) is written as the page shows it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.reports.lists import Column, ListSpec

from .selectors import value_text


def _group(indicator: Any) -> str:
    if indicator.subproject is not None:
        return _("Sub-project %(name)s") % {"name": indicator.subproject.name}
    return _("Goal %(name)s") % {"name": indicator.goal.title if indicator.goal else ""}


def _latest(indicator: Any) -> Any:
    if getattr(indicator, "latest_suppressed", False):
        return value_text(None, suppressed=True)
    return getattr(indicator, "latest_value", None)


def _source(indicator: Any) -> str:
    if indicator.area_id:
        return _("official series")
    return indicator.data_source or _("entered by hand")


INDICATORS = ListSpec(
    name=gettext_lazy("Indicators"),
    columns=[
        Column(gettext_lazy("For"), _group),
        Column(gettext_lazy("Indicator"), "name"),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Baseline"), "baseline_value"),
        Column(gettext_lazy("Baseline period"), "baseline_period"),
        Column(gettext_lazy("Target"), "target_value"),
        Column(gettext_lazy("Target date"), "target_date"),
        Column(gettext_lazy("Latest measurement"), _latest),
        Column(gettext_lazy("Period"), "latest_period"),
        Column(gettext_lazy("Source"), _source),
    ],
)
