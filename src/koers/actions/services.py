"""Every write of the actions. Each change records one audit event; actions are versioned, so a
stale save never overwrites someone else's work. A new action's due date may not lie in the past;
the status follows the declared workflow (reference.ACTION_WORKFLOW)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.services import apply_changes, record, snapshot
from koers.concurrency import bump_version, check_version
from koers.plan.models import SubProject
from koers.programmes.models import Programme, ProgrammeRole
from koers.programmes.permissions import programme_role

from .models import Action
from .reference import ACTION_WORKFLOW, ActionStatus

ACTION_FIELDS = (
    "title",
    "description",
    "subproject",
    "owner",
    "organisation",
    "due_date",
    "priority",
    "origin",
)


def _check_links(programme: Programme, values: dict[str, Any], actor: Any) -> None:
    subproject: SubProject | None = values.get("subproject")
    owner = values.get("owner")
    organisation = values.get("organisation")
    if subproject is not None and subproject.programme_id != programme.pk:
        raise ValidationError({"subproject": _("Choose a sub-project of this programme.")})
    if owner is not None and (owner.programme_id != programme.pk or owner.removed_at is not None):
        raise ValidationError({"owner": _("Choose a current member of this programme's team.")})
    if organisation is not None and organisation.organisation_id != programme.organisation_id:
        raise ValidationError({"organisation": _("Choose a partner organisation of this municipality.")})
    if actor is not None and programme_role(actor, programme) == ProgrammeRole.KWARTIERMAKER:
        lead = subproject.kwartiermaker if subproject is not None else None
        if lead is None or lead.user_id != actor.pk:
            raise ValidationError(
                {"subproject": _("As kwartiermaker you add actions to the sub-projects you lead.")}
            )


def _values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in ACTION_FIELDS if name in values}
    for name in ("title", "description"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


@transaction.atomic
def action_create(
    *,
    actor: Any,
    programme: Programme,
    today: datetime.date | None = None,
    notify: bool = True,
    decision: Any = None,
    **values: Any,
) -> Action:
    """Add an action; its owner is e-mailed (``notify``). ``today`` is the day it is agreed on:
    its due date may not lie before it. ``decision``: the meeting decision it comes from; a body
    decided it, so the kwartiermaker's limit to their own sub-projects does not apply."""
    cleaned = _values(values)
    due = cleaned.get("due_date")
    today = today or timezone.localdate()
    if due is not None and due < today:
        raise ValidationError(
            {
                "due_date": _("The due date %(date)s has already passed. Choose today or a later date.")
                % {"date": due.strftime("%d-%m-%Y")}
            }
        )
    _check_links(programme, cleaned, None if decision is not None else actor)
    if decision is not None and decision.programme_id != programme.pk:
        raise ValidationError(_("Choose a decision of this programme."))
    action = Action(programme=programme, created_by=actor, updated_by=actor, decision=decision, **cleaned)
    action.full_clean()
    action.save()
    changes = {name: [None, value] for name, value in snapshot(action, cleaned).items()}
    if decision is not None:
        changes["decision"] = [None, str(decision.uuid)]
    record(
        actor=actor,
        action="action.create",
        obj=action,
        programme=programme,
        changes=changes,
    )
    if notify and action.owner_id is not None:
        from .tasks import notify_assigned

        transaction.on_commit(lambda: notify_assigned.enqueue(str(action.uuid)))
    return action


@transaction.atomic
def action_update(*, actor: Any, action: Action, expected_version: int | None, **values: Any) -> Action:
    check_version(action, expected_version)
    cleaned = _values(values)
    before_owner = action.owner_id
    _check_links(action.programme, {"subproject": action.subproject, **cleaned}, None)
    if (
        programme_role(actor, action.programme) == ProgrammeRole.KWARTIERMAKER
        and "subproject" in cleaned
        and cleaned["subproject"] != action.subproject
    ):
        _check_links(action.programme, {"subproject": cleaned["subproject"]}, actor)
    changes = apply_changes(action, cleaned)
    if not changes:
        return action
    action.full_clean()
    bump_version(action, actor)
    action.save()
    record(actor=actor, action="action.update", obj=action, programme=action.programme, changes=changes)
    if action.owner_id is not None and action.owner_id != before_owner:
        from .tasks import notify_assigned

        transaction.on_commit(lambda: notify_assigned.enqueue(str(action.uuid)))
    return action


@transaction.atomic
def action_set_status(*, actor: Any, action: Action, status: str) -> Action:
    if status not in ActionStatus.values:
        raise ValidationError(_("Choose open, in progress, done or cancelled."), code="invalid_status")
    if action.status == status:
        return action
    ACTION_WORKFLOW.check(action.status, status)
    changes: dict[str, Any] = {"status": [action.status, status]}
    action.status = status
    action.completed_at = timezone.now() if status == ActionStatus.DONE else None
    bump_version(action, actor)
    action.save(update_fields=["status", "completed_at", "version", "updated_by", "updated_at"])
    record(
        actor=actor, action="action.change_status", obj=action, programme=action.programme, changes=changes
    )
    return action


@transaction.atomic
def action_delete(*, actor: Any, action: Action) -> None:
    record(
        actor=actor,
        action="action.delete",
        obj=action,
        programme=action.programme,
        changes={"title": [action.title, None]},
    )
    action.delete()
