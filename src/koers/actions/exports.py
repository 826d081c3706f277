"""The columns of step 4's lists of actions and of the RACI table, as their downloads hold them
(ADR 0043)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec

from .models import Action


def _subproject(action: Action) -> str:
    return action.subproject.name if action.subproject else str(_("whole programme"))


ACTIONS = ListSpec(
    name=_("Actions"),
    columns=[
        Column(_("Action"), "title"),
        Column(_("Priority"), "get_priority_display"),
        Column(_("Owner"), "owner.full_name"),
        Column(_("Organisation"), "organisation.name"),
        Column(_("Sub-project"), _subproject),
        Column(_("Due date"), "due_date"),
        Column(_("Status"), "get_status_display"),
    ],
)
