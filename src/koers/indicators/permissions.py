"""Who may do what with the indicators.

Everyone in the programme, and the organisation's administrators, read its indicators. Programme
managers and researchers add and change every indicator and measurement; kwartiermakers those of
the sub-projects they lead."""

from __future__ import annotations

from typing import Any

import rules

from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_member,
    programme_role,
)

from .models import Indicator

EDITORS = (ProgrammeRole.PROGRAMMAMANAGER, ProgrammeRole.ONDERZOEKER)
ADDERS = (*EDITORS, ProgrammeRole.KWARTIERMAKER)


@rules.predicate
def adds_indicators(user: Any, programme: Any) -> bool:
    return programme_role(user, programme) in ADDERS


@rules.predicate
def changes_indicator(user: Any, indicator: Indicator | None) -> bool:
    if indicator is None or getattr(user, "pk", None) is None:
        return False
    role = programme_role(user, indicator.programme)
    if role in EDITORS:
        return True
    if role != ProgrammeRole.KWARTIERMAKER or indicator.subproject is None:
        return False
    lead = indicator.subproject.kwartiermaker
    return lead is not None and lead.user_id == user.pk


rules.add_perm("indicators.view_indicators", is_programme_member | is_admin_of_programme_organisation)
rules.add_perm("indicators.add_indicator", adds_indicators)
rules.add_perm("indicators.change_indicator", changes_indicator)
rules.add_perm("indicators.delete_indicator", changes_indicator)
