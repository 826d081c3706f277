"""The columns of step 3's focus areas, goals and sub-projects, as their downloads hold them
(ADR 0043)."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec


def _chosen(area: Any) -> str:
    return str(_("chosen") if area.active else _("switched off"))


FOCUS_AREAS = ListSpec(
    name=_("Focus areas"),
    columns=[
        Column(_("Focus area"), lambda area: capfirst(area.name)),
        Column(_("Description"), "description"),
        Column(_("Chosen"), _chosen),
        Column(_("Sub-projects"), "subproject_count"),
    ],
)


def _still_missing(goal: Any) -> str:
    from .views import smart_missing

    missing = smart_missing(goal)
    return f"{len(missing)} {_('of 5 SMART parts')}" if missing else str(_("SMART"))


GOALS = ListSpec(
    name=_("Goals"),
    columns=[
        Column(_("Goal"), "title"),
        Column(_("By when"), "deadline"),
        Column(_("Findings it answers"), lambda goal: "; ".join(f.title for f in goal.findings.all())),
        Column(_("Sub-projects"), "subproject_count"),
        Column(_("Still missing"), _still_missing),
    ],
)

SUBPROJECTS = ListSpec(
    name=_("Sub-projects"),
    columns=[
        Column(_("Sub-project"), "name"),
        Column(_("Status"), "get_status_display"),
        Column(_("Kwartiermaker"), "kwartiermaker.full_name"),
        Column(_("Focus areas"), lambda sub: "; ".join(area.name for area in sub.focus_areas.all())),
        Column(_("Planned (€)"), "planned_total"),
        Column(_("Spent (€)"), "spent_total"),
    ],
)
