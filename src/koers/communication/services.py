"""Every write of the communication plan. Each change records one audit event; audiences and
moments are versioned, so a stale save never overwrites someone else's work. A moment may not be
planned before the programme starts, and a moment cannot be marked done on a day still to come."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.services import apply_changes, record, snapshot
from koers.concurrency import bump_version, check_version
from koers.programmes.models import Programme

from .models import CommunicationLine, CommunicationMoment
from .reference import Audience, Channel

LINE_FIELDS = ("audience", "audience_name", "goal", "key_messages", "channels", "frequency", "owner")
MOMENT_FIELDS = ("title", "audience", "channel", "planned_on", "owner", "note", "milestone", "decision")


def _date(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _check_owner(programme: Programme, owner: Any) -> None:
    if owner is not None and (owner.programme_id != programme.pk or owner.removed_at is not None):
        raise ValidationError({"owner": _("Choose a current member of this programme's team.")})


def _line_values(programme: Programme, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in LINE_FIELDS if name in values}
    for name in ("audience_name", "goal", "key_messages"):
        if name in cleaned:
            cleaned[name] = (
                " ".join((cleaned[name] or "").split())
                if name == "audience_name"
                else (cleaned[name] or "").strip()
            )
    if "channels" in cleaned:
        chosen = set(cleaned["channels"] or [])
        if chosen - set(Channel.values):
            raise ValidationError({"channels": _("Choose channels from the list.")})
        cleaned["channels"] = [c for c in Channel.values if c in chosen]
    if cleaned.get("audience") == Audience.OTHER and not cleaned.get("audience_name"):
        raise ValidationError(
            {"audience_name": _("Give the other audience a name, for example “sports clubs”.")}
        )
    _check_owner(programme, cleaned.get("owner"))
    return cleaned


@transaction.atomic
def line_create(*, actor: Any, programme: Programme, **values: Any) -> CommunicationLine:
    cleaned = _line_values(programme, values)
    line = CommunicationLine(programme=programme, created_by=actor, updated_by=actor, **cleaned)
    line.full_clean()
    line.save()
    record(
        actor=actor,
        action="communication.line_create",
        obj=line,
        programme=programme,
        changes={name: [None, value] for name, value in snapshot(line, cleaned).items()},
    )
    return line


@transaction.atomic
def line_update(
    *, actor: Any, line: CommunicationLine, expected_version: int | None, **values: Any
) -> CommunicationLine:
    check_version(line, expected_version)
    cleaned = _line_values(line.programme, values)
    changes = apply_changes(line, cleaned)
    if not changes:
        return line
    line.full_clean()
    bump_version(line, actor)
    line.save()
    record(
        actor=actor, action="communication.line_update", obj=line, programme=line.programme, changes=changes
    )
    return line


@transaction.atomic
def line_delete(*, actor: Any, line: CommunicationLine) -> None:
    """Remove an audience and its moments."""
    record(
        actor=actor,
        action="communication.line_delete",
        obj=line,
        programme=line.programme,
        changes={"audience": [line.name, None], "moments": [line.moments.count(), None]},
    )
    line.delete()


def _moment_values(programme: Programme, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in MOMENT_FIELDS if name in values}
    for name in ("title", "note"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    line = cleaned.get("audience")
    if line is not None and line.programme_id != programme.pk:
        raise ValidationError({"audience": _("Choose an audience of this programme's communication plan.")})
    planned = cleaned.get("planned_on")
    if planned is not None and planned < programme.start_date:
        raise ValidationError(
            {
                "planned_on": _(
                    "The programme starts on %(start)s. Plan the moment on that day or later, "
                    "not on %(date)s."
                )
                % {"start": _date(programme.start_date), "date": _date(planned)}
            }
        )
    milestone = cleaned.get("milestone")
    if milestone is not None and milestone.subproject.programme_id != programme.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this programme's sub-projects.")})
    decision = cleaned.get("decision")
    if decision is not None and decision.programme_id != programme.pk:
        raise ValidationError({"decision": _("Choose a decision of this programme.")})
    _check_owner(programme, cleaned.get("owner"))
    return cleaned


def _check_done(programme: Programme, done_on: datetime.date | None, today: datetime.date) -> None:
    if done_on is None:
        return
    if done_on > today:
        raise ValidationError(
            {
                "done_on": _(
                    "%(date)s is still to come. Fill in the day the moment was done: today or earlier."
                )
                % {"date": _date(done_on)}
            }
        )
    if done_on < programme.start_date:
        raise ValidationError(
            {
                "done_on": _("The programme starts on %(start)s. A moment cannot be done before that.")
                % {"start": _date(programme.start_date)}
            }
        )


@transaction.atomic
def moment_create(
    *,
    actor: Any,
    programme: Programme,
    done_on: datetime.date | None = None,
    today: datetime.date | None = None,
    **values: Any,
) -> CommunicationMoment:
    """Plan a moment; ``done_on`` records one that already took place."""
    cleaned = _moment_values(programme, values)
    _check_done(programme, done_on, today or timezone.localdate())
    moment = CommunicationMoment(
        programme=programme, done_on=done_on, created_by=actor, updated_by=actor, **cleaned
    )
    moment.full_clean()
    moment.save()
    record(
        actor=actor,
        action="communication.moment_create",
        obj=moment,
        programme=programme,
        changes={name: [None, value] for name, value in snapshot(moment, [*cleaned, "done_on"]).items()},
    )
    return moment


@transaction.atomic
def moment_update(
    *, actor: Any, moment: CommunicationMoment, expected_version: int | None, **values: Any
) -> CommunicationMoment:
    check_version(moment, expected_version)
    cleaned = _moment_values(moment.programme, values)
    changes = apply_changes(moment, cleaned)
    if not changes:
        return moment
    moment.full_clean()
    bump_version(moment, actor)
    moment.save()
    record(
        actor=actor,
        action="communication.moment_update",
        obj=moment,
        programme=moment.programme,
        changes=changes,
    )
    return moment


@transaction.atomic
def moment_mark_done(
    *,
    actor: Any,
    moment: CommunicationMoment,
    done_on: datetime.date | None,
    today: datetime.date | None = None,
) -> CommunicationMoment:
    """Record the day the moment was done (None: not done after all)."""
    _check_done(moment.programme, done_on, today or timezone.localdate())
    if moment.done_on == done_on:
        return moment
    changes = {
        "done_on": [
            moment.done_on.isoformat() if moment.done_on else None,
            done_on.isoformat() if done_on else None,
        ]
    }
    moment.done_on = done_on
    bump_version(moment, actor)
    moment.save(update_fields=["done_on", "version", "updated_by", "updated_at"])
    record(
        actor=actor,
        action="communication.moment_done",
        obj=moment,
        programme=moment.programme,
        changes=changes,
    )
    return moment


@transaction.atomic
def moment_delete(*, actor: Any, moment: CommunicationMoment) -> None:
    record(
        actor=actor,
        action="communication.moment_delete",
        obj=moment,
        programme=moment.programme,
        changes={"title": [moment.title, None]},
    )
    moment.delete()
