"""The columns of step 2's findings, as their download holds them (ADR 0043)."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec

FINDINGS = ListSpec(
    name=_("Findings"),
    columns=[
        Column(_("Finding"), "title"),
        Column(_("Life domain"), lambda f: capfirst(f.get_life_domain_display())),
        Column(_("Kind"), lambda f: capfirst(f.get_kind_display())),
        Column(_("Priority areas"), lambda f: ", ".join(area.name for area in f.priority_areas.all())),
        Column(_("Evidence"), "evidence_count"),
        Column(_("Status"), "get_status_display"),
    ],
)
