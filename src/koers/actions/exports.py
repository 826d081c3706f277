"""The columns of step 4's lists of actions and of the RACI table, as their downloads hold them
(ADR 0043)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

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


def raci_spec(columns: Sequence[Any]) -> ListSpec:
    """The RACI table of a sub-project: the activity, one column per person or organisation the
    page shows (their letter), and whether the row is valid. Its rows are (matrix row, letters)."""

    def letter(index: int) -> Callable[[Any], str]:
        return lambda pair: pair[1][index]

    def check(pair: Any) -> str:
        problems = pair[0].problems
        return f"{_('Not valid:')} {' '.join(str(p) for p in problems)}" if problems else str(_("valid"))

    return ListSpec(
        name=_("RACI"),
        columns=[
            Column(_("Activity or deliverable"), lambda pair: pair[0].row.activity),
            *(Column(str(column.label), letter(index)) for index, column in enumerate(columns)),
            Column(_("Check"), check),
        ],
    )
