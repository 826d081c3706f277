"""Who may do what with the plan of approach. The programme manager edits everything: focus areas,
goals and every sub-project. A kwartiermaker edits the sub-projects they lead (the sub-project's
kwartiermaker is their person record). Everyone in the programme and the organisation's
administrators read."""

from __future__ import annotations

from typing import Any

import rules

from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_member,
    programme_role,
)

from .models import SubProject


@rules.predicate
def manages_plan(user: Any, programme: Any) -> bool:
    return programme_role(user, programme) == ProgrammeRole.PROGRAMMAMANAGER


@rules.predicate
def edits_subproject(user: Any, subproject: SubProject | None) -> bool:
    if subproject is None or getattr(user, "pk", None) is None:
        return False
    role = programme_role(user, subproject.programme)
    if role == ProgrammeRole.PROGRAMMAMANAGER:
        return True
    lead = subproject.kwartiermaker
    return role is not None and lead is not None and lead.user_id == user.pk and lead.removed_at is None


can_read_plan = is_programme_member | is_admin_of_programme_organisation

rules.add_perm("plan.view_plan", can_read_plan)
rules.add_perm("plan.manage_plan", manages_plan)
rules.add_perm("plan.change_subproject", edits_subproject)
