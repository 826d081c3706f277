"""The columns of step 5's course adjustments, progress reports and the organisation overview,
as their downloads hold them (ADR 0043)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec


def _what_changed(adjustment: Any) -> str:
    text = str(capfirst(adjustment.get_kind_display()))
    if adjustment.subproject:
        text += f": {adjustment.subproject.name}"
    if adjustment.goal:
        text += f": {adjustment.goal.title}"
    return text


ADJUSTMENTS = ListSpec(
    name=_("Course adjustments"),
    columns=[
        Column(_("Decided on"), "decided_on"),
        Column(_("What changed"), _what_changed),
        Column(_("The change"), "description"),
        Column(_("Reason"), lambda a: capfirst(a.get_reason_kind_display())),
        Column(_("Why"), "reason"),
        Column(_("Decided by"), lambda a: str(a.decided_by) if a.decided_by else ""),
    ],
)

REPORTS = ListSpec(
    name=_("Progress reports"),
    columns=[
        Column(_("From"), "period_start"),
        Column(_("Until"), "period_end"),
        Column(_("For"), lambda r: capfirst(r.get_audience_display())),
        Column(_("Made on"), lambda r: timezone.localdate(r.created_at)),
        Column(_("Made by"), lambda r: str(r.created_by) if r.created_by else ""),
    ],
)

PORTFOLIO = ListSpec(
    name=_("Organisation overview"),
    columns=[
        Column(_("Programme"), "programme.name"),
        Column(_("on track"), lambda row: row.counts.get("op_koers", 0)),
        Column(_("at risk"), lambda row: row.counts.get("risico", 0)),
        Column(_("off track"), lambda row: row.counts.get("uit_koers", 0)),
        Column(_("Overdue actions"), "programme.overdue_count"),
        Column(_("Next meeting"), "programme.next_meeting_at"),
        Column(_("Budget spent (€)"), "spent"),
        Column(_("Budget planned (€)"), "planned"),
    ],
)
