"""The columns of the meetings and the decisions list, as their downloads hold them (ADR 0043)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec

MEETINGS = ListSpec(
    name=_("Meetings"),
    columns=[
        Column(_("Meeting"), str),
        Column(_("Date and time"), "starts_at"),
        Column(_("Body"), "body.name"),
        Column(_("Agenda items"), "item_count"),
        Column(_("Decisions"), "decision_count"),
        Column(_("Status"), "get_status_display"),
    ],
)

DECISIONS = ListSpec(
    name=_("Decisions"),
    columns=[
        Column(_("Body"), "body.name"),
        Column(_("No."), "number"),
        Column(_("Decision"), "text"),
        Column(_("Date"), "decided_on"),
        Column(_("Status"), "get_status_display"),
        Column(_("Actions"), "action_count"),
    ],
)
