"""Who may do what with the lessons learned and the shared library.

Everyone in the programme, and the organisation's administrators, read its lessons. Programme
managers add and change every lesson; kwartiermakers add lessons to the sub-projects they lead and
change those; the author of a lesson changes it while they may add lessons. Whoever may change a
lesson proposes it for the shared library; a programme manager of the programme approves or
declines. Every signed-in user reads the shared library; a published item is changed or withdrawn
only by the publishing organisation: a programme manager of the programme it came from, or an
administrator of that organisation."""

from __future__ import annotations

from typing import Any

import rules

from koers.organisations.permissions import is_org_admin
from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_member,
    programme_role,
)

from .models import Lesson, LibraryItem

LESSON_ADDERS = (ProgrammeRole.PROGRAMMAMANAGER, ProgrammeRole.KWARTIERMAKER)


@rules.predicate
def adds_lessons(user: Any, programme: Any) -> bool:
    return programme_role(user, programme) in LESSON_ADDERS


@rules.predicate
def changes_lesson(user: Any, lesson: Lesson | None) -> bool:
    if lesson is None or getattr(user, "pk", None) is None:
        return False
    role = programme_role(user, lesson.programme)
    if role == ProgrammeRole.PROGRAMMAMANAGER:
        return True
    if role != ProgrammeRole.KWARTIERMAKER:
        return False
    if lesson.created_by_id == user.pk:
        return True
    lead = lesson.subproject.kwartiermaker if lesson.subproject is not None else None
    return lead is not None and lead.user_id == user.pk


@rules.predicate
def approves_lesson(user: Any, lesson: Lesson | None) -> bool:
    return lesson is not None and programme_role(user, lesson.programme) == ProgrammeRole.PROGRAMMAMANAGER


@rules.predicate
def publishes_item(user: Any, item: LibraryItem | None) -> bool:
    if item is None or getattr(user, "pk", None) is None:
        return False
    programme = item.programme
    if (
        programme is not None
        and programme.organisation_id == item.organisation_id
        and programme_role(user, programme) == ProgrammeRole.PROGRAMMAMANAGER
    ):
        return True
    return bool(is_org_admin(user, item.organisation))


rules.add_perm("lessons.view_lessons", is_programme_member | is_admin_of_programme_organisation)
rules.add_perm("lessons.add_lesson", adds_lessons)
rules.add_perm("lessons.change_lesson", changes_lesson)
rules.add_perm("lessons.delete_lesson", changes_lesson)
rules.add_perm("lessons.propose_lesson", changes_lesson)
rules.add_perm("lessons.approve_lesson", approves_lesson)
rules.add_perm("lessons.view_library", rules.is_authenticated)
rules.add_perm("lessons.change_library_item", publishes_item)


@rules.predicate
def publishes_evaluation(user: Any, verdict: Any) -> bool:
    """Publishing an evaluation summary is approving it: as for lessons, the programme manager."""
    if verdict is None or getattr(user, "pk", None) is None:
        return False
    return programme_role(user, verdict.plan.subproject.programme) == ProgrammeRole.PROGRAMMAMANAGER


rules.add_perm("lessons.publish_evaluation", publishes_evaluation)
