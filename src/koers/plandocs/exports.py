"""The columns of the list of plan versions, as its download holds them (ADR 0043)."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec

VERSIONS = ListSpec(
    name=_("Plan versions"),
    columns=[
        Column(_("Version"), "number"),
        Column(_("Status"), lambda v: capfirst(v.get_status_display())),
        Column(_("Data as of"), "snapshot_taken_at"),
        Column(_("Approved on"), "approved_on"),
        Column(_("Approved by"), lambda v: str(v.approved_by) if v.approved_by else ""),
    ],
)
