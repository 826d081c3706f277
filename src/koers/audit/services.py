"""Writing the audit trail. Services call :func:`record` inside their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from . import versions
from .context import current_origin
from .models import AuditEvent, AuditResult

Changes = dict[str, list[Any]]


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(getattr(value, "uuid", value.pk))
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` in a form the audit trail can store."""
    return {name: _jsonable(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """``{field: [before, after]}`` for every field whose value differs."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def apply_changes(instance: models.Model, values: Mapping[str, Any]) -> Changes:
    """Set ``values`` on ``instance`` and return what changed (nothing saved)."""
    before = snapshot(instance, values)
    for name, value in values.items():
        setattr(instance, name, value)
    return diff(before, snapshot(instance, values))


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    organisation: Any = None,
    programme: Any = None,
    changes: Mapping[str, Any] | None = None,
    result: str = AuditResult.SUCCESS,
    object_repr: str | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Write one audit event. Call it inside the transaction of the change it describes."""
    origin = current_origin()
    real_actor = actor if getattr(actor, "pk", None) else None
    if actor_label is None:
        actor_label = getattr(actor, "email", "") if real_actor else ""
    if organisation is None and programme is not None:
        organisation = programme.organisation
    programme_uuid = getattr(programme, "uuid", None)
    if result == AuditResult.SUCCESS and versions.changes_data(action):
        # Pages that keep a rendered copy are made again after the change (ADR 0040).
        transaction.on_commit(lambda: versions.move_on(programme_uuid))
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=real_actor,
        actor_label=actor_label[:254],
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(getattr(obj, "uuid", getattr(obj, "pk", ""))) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj or ""))[:300],
        programme_id=programme_uuid,
        changes={k: _jsonable(v) for k, v in (changes or {}).items()},
        result=result,
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
        request_id=origin.request_id,
    )
