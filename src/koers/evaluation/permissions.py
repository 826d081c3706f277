"""Who may do what with the evaluation plans and the process evaluation.

Everyone in the programme, and the organisation's administrators, read them. Onderzoekers and
programme managers make and change plans, move them through their workflow and keep the process
evaluation. A kwartiermaker reads, and adds process evaluation items to the plan of a sub-project
they lead (and changes the items they added)."""

from __future__ import annotations

from typing import Any

import rules

from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_member,
    programme_role,
)

from .models import EvaluationPlan, ProcessItem

EDITORS = (ProgrammeRole.PROGRAMMAMANAGER, ProgrammeRole.ONDERZOEKER)


def leads(user: Any, plan: EvaluationPlan) -> bool:
    lead = plan.subproject.kwartiermaker
    return lead is not None and lead.user_id == getattr(user, "pk", None)


@rules.predicate
def edits_evaluations(user: Any, programme: Any) -> bool:
    return programme_role(user, programme) in EDITORS


@rules.predicate
def adds_process_items(user: Any, plan: EvaluationPlan | None) -> bool:
    if plan is None or getattr(user, "pk", None) is None:
        return False
    role = programme_role(user, plan.subproject.programme)
    return role in EDITORS or (role == ProgrammeRole.KWARTIERMAKER and leads(user, plan))


@rules.predicate
def changes_process_item(user: Any, item: ProcessItem | None) -> bool:
    if item is None or getattr(user, "pk", None) is None:
        return False
    role = programme_role(user, item.plan.subproject.programme)
    if role in EDITORS:
        return True
    return role == ProgrammeRole.KWARTIERMAKER and item.created_by_id == user.pk and leads(user, item.plan)


rules.add_perm("evaluation.view_evaluation", is_programme_member | is_admin_of_programme_organisation)
rules.add_perm("evaluation.change_plan", edits_evaluations)
rules.add_perm("evaluation.add_processitem", adds_process_items)
rules.add_perm("evaluation.change_processitem", changes_process_item)
