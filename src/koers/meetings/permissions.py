"""Who may do what with the meetings of a programme. Everyone in the programme (and the
organisation's administrators) reads the meetings, their agendas, minutes and decisions. The
programme manager and the chair or secretary of a body prepare and minute that body's meetings.
Minutes are approved by the programme manager and, for a stuurgroep, by its members; for any other
body by its chair. Each person counts through the team record linked to their account."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q

from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_member,
    programme_role,
)
from koers.teams.models import Body
from koers.teams.reference import BodyKind


def _user_id(user: Any) -> int | None:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def _is_person(user: Any, person: Any) -> bool:
    return person is not None and person.removed_at is None and person.user_id == _user_id(user)


def _manages(user: Any, programme: Any) -> bool:
    return programme_role(user, programme) == ProgrammeRole.PROGRAMMAMANAGER


def keeps_body(user: Any, body: Body | None) -> bool:
    """The programme manager, or the chair or secretary of ``body`` (a member of the programme)."""
    if body is None or _user_id(user) is None:
        return False
    role = programme_role(user, body.programme)
    if role is None:
        return False
    if role == ProgrammeRole.PROGRAMMAMANAGER:
        return True
    return _is_person(user, body.chair) or _is_person(user, body.secretary)


@rules.predicate
def keeps_a_body(user: Any, programme: Any) -> bool:
    """Programme managers, and whoever chairs or minutes one of the programme's bodies."""
    if programme is None or _user_id(user) is None:
        return False
    role = programme_role(user, programme)
    if role is None:
        return False
    if role == ProgrammeRole.PROGRAMMAMANAGER:
        return True
    user_id = _user_id(user)
    return (
        Body.objects.filter(programme=programme)
        .filter(
            Q(chair__user_id=user_id, chair__removed_at__isnull=True)
            | Q(secretary__user_id=user_id, secretary__removed_at__isnull=True)
        )
        .exists()
    )


@rules.predicate
def keeps_meeting(user: Any, meeting: Any) -> bool:
    return meeting is not None and keeps_body(user, meeting.body)


def approves_minutes_of(user: Any, body: Body) -> bool:
    """The approval rule (ADR 0025): a stuurgroep's minutes by its members or the programme
    manager; other bodies' minutes by their chair or the programme manager."""
    user_id = _user_id(user)
    if user_id is None or programme_role(user, body.programme) is None:
        return False
    if _manages(user, body.programme):
        return True
    if body.kind == BodyKind.STUURGROEP:
        return body.members.filter(user__pk=user_id, removed_at__isnull=True).exists()
    return _is_person(user, body.chair)


@rules.predicate
def approves_minutes(user: Any, meeting: Any) -> bool:
    return meeting is not None and approves_minutes_of(user, meeting.body)


can_read_meetings = is_programme_member | is_admin_of_programme_organisation

rules.add_perm("meetings.view_meetings", can_read_meetings)
rules.add_perm("meetings.add_meeting", keeps_a_body)
rules.add_perm("meetings.change_meeting", keeps_meeting)
rules.add_perm("meetings.approve_minutes", approves_minutes)
