"""Who may do what with the actions. Programme managers add, change and remove every action;
kwartiermakers add actions and change those of the sub-projects they lead; the owner of an action
may change its status. Everyone else in the programme, and the organisation's administrators,
read."""

from __future__ import annotations

from typing import Any

import rules

from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_member,
    programme_role,
)

from .models import Action

ACTION_ADDERS = (ProgrammeRole.PROGRAMMAMANAGER, ProgrammeRole.KWARTIERMAKER)


@rules.predicate
def adds_actions(user: Any, programme: Any) -> bool:
    return programme_role(user, programme) in ACTION_ADDERS


@rules.predicate
def manages_action_programme(user: Any, action: Action | None) -> bool:
    return action is not None and programme_role(user, action.programme) == ProgrammeRole.PROGRAMMAMANAGER


@rules.predicate
def leads_action_subproject(user: Any, action: Action | None) -> bool:
    """The kwartiermaker of the action's sub-project (their Person is linked to ``user``)."""
    if action is None or action.subproject_id is None or getattr(user, "pk", None) is None:
        return False
    if programme_role(user, action.programme) != ProgrammeRole.KWARTIERMAKER:
        return False
    lead = action.subproject.kwartiermaker if action.subproject else None
    return lead is not None and lead.user_id == user.pk


@rules.predicate
def owns_action(user: Any, action: Action | None) -> bool:
    if action is None or action.owner is None or getattr(user, "pk", None) is None:
        return False
    return action.owner.user_id == user.pk and programme_role(user, action.programme) is not None


@rules.predicate
def changes_raci(user: Any, subproject: Any) -> bool:
    """The programme manager, or the kwartiermaker who leads ``subproject``."""
    if subproject is None or getattr(user, "pk", None) is None:
        return False
    role = programme_role(user, subproject.programme)
    if role == ProgrammeRole.PROGRAMMAMANAGER:
        return True
    lead = subproject.kwartiermaker
    return role == ProgrammeRole.KWARTIERMAKER and lead is not None and lead.user_id == user.pk


can_read_actions = is_programme_member | is_admin_of_programme_organisation
can_change_action = manages_action_programme | leads_action_subproject

rules.add_perm("actions.view_actions", can_read_actions)
rules.add_perm("actions.add_action", adds_actions)
rules.add_perm("actions.change_action", can_change_action)
rules.add_perm("actions.delete_action", can_change_action)
rules.add_perm("actions.change_action_status", can_change_action | owns_action)
rules.add_perm("actions.change_raci", changes_raci)
