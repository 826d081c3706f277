"""The columns of the history of a programme and of the organisation's activity log, as their
downloads hold them (ADR 0043). The events name people, so every download is audited."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec

from .labels import action_label


def _changes(event: Any) -> str:
    from koers.ui.templatetags.koers import field_changes

    return "; ".join(
        f"{label}: {'—' if before is None else before} → {'—' if after is None else after}"
        for label, before, after in field_changes(event)
    )


def _result(event: Any) -> str:
    return "" if event.result == "success" else str(event.get_result_display())


EVENT_COLUMNS = [
    Column(_("Date and time"), "created_at"),
    Column(_("Who"), lambda event: event.actor_label or str(_("system"))),
    Column(_("What"), lambda event: action_label(event.action)),
    Column(_("About"), "object_repr"),
    Column(_("Result"), _result),
    Column(_("Changes"), _changes),
]

HISTORY = ListSpec(name=_("History"), columns=EVENT_COLUMNS, personal=True)
ACTIVITY = ListSpec(
    name=_("Activity"),
    columns=[*EVENT_COLUMNS, Column(_("From"), "ip_address")],
    personal=True,
)
