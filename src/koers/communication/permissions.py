"""Who may do what with the communication plan. Everyone in the programme, and the
organisation's administrators, read it. Programme managers keep the plan: they add, change and
remove audiences and moments. The person responsible for a moment (their team record is linked to
their account) may mark it as done."""

from __future__ import annotations

from typing import Any

import rules

from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_manager,
    is_programme_member,
    programme_role,
)

from .models import CommunicationMoment


@rules.predicate
def manages_moment_programme(user: Any, moment: CommunicationMoment | None) -> bool:
    return moment is not None and programme_role(user, moment.programme) == ProgrammeRole.PROGRAMMAMANAGER


@rules.predicate
def owns_moment(user: Any, moment: CommunicationMoment | None) -> bool:
    if moment is None or moment.owner is None or getattr(user, "pk", None) is None:
        return False
    return moment.owner.user_id == user.pk and programme_role(user, moment.programme) is not None


rules.add_perm("communication.view_plan", is_programme_member | is_admin_of_programme_organisation)
rules.add_perm("communication.change_plan", is_programme_manager)
rules.add_perm("communication.change_moment", manages_moment_programme)
rules.add_perm("communication.mark_moment_done", manages_moment_programme | owns_moment)
