"""Every write of the lessons learned and of the shared library. Each change records one audit
event; lessons are versioned, so a stale save never overwrites someone else's work.

Publication: a lesson is proposed (its programme managers are notified), then approved — which
makes or refreshes the frozen copy in the shared library — or declined with a reason. Approving
locks the lesson first, so two managers approving at once publish once. The publisher may change
the copy's texts or withdraw it."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.services import apply_changes, record, snapshot
from koers.concurrency import bump_version, check_version
from koers.knowledge.services import clean_themes
from koers.notifications.reference import NotificationKind
from koers.notifications.services import notify
from koers.programmes.models import Programme, ProgrammeRole
from koers.programmes.permissions import programme_role

from .models import Lesson, LibraryItem
from .reference import PUBLICATION_WORKFLOW, LibraryKind, PublicationStatus

LESSON_FIELDS = (
    "title",
    "subproject",
    "meeting",
    "worked",
    "did_not_work",
    "recommendation",
    "focus_areas",
    "themes",
    "learned_on",
)
LIBRARY_FIELDS = ("title", "worked", "did_not_work", "recommendation", "themes")
TEXTS = ("worked", "did_not_work", "recommendation")


def _date(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _values(programme: Programme, values: dict[str, Any], actor: Any, today: datetime.date) -> dict[str, Any]:
    cleaned = {name: values[name] for name in LESSON_FIELDS if name in values}
    for name in ("title", *TEXTS):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "themes" in cleaned:
        cleaned["themes"] = clean_themes(cleaned["themes"] or "")
    subproject = cleaned.get("subproject")
    if subproject is not None and subproject.programme_id != programme.pk:
        raise ValidationError({"subproject": _("Choose a sub-project of this programme.")})
    meeting = cleaned.get("meeting")
    if meeting is not None and meeting.programme_id != programme.pk:
        raise ValidationError({"meeting": _("Choose a meeting of this programme.")})
    for area in cleaned.get("focus_areas") or []:
        if area.programme_id != programme.pk:
            raise ValidationError({"focus_areas": _("Choose focus areas of this programme.")})
    learned_on = cleaned.get("learned_on")
    if learned_on is not None and learned_on > today:
        raise ValidationError(
            {
                "learned_on": _("%(date)s is still to come. A lesson is learned today or earlier.")
                % {"date": _date(learned_on)}
            }
        )
    if learned_on is not None and learned_on < programme.start_date:
        raise ValidationError(
            {
                "learned_on": _("The programme starts on %(start)s. Choose that day or later.")
                % {"start": _date(programme.start_date)}
            }
        )
    if actor is not None and programme_role(actor, programme) == ProgrammeRole.KWARTIERMAKER:
        lead = subproject.kwartiermaker if subproject is not None else None
        if lead is None or lead.user_id != actor.pk:
            raise ValidationError(
                {"subproject": _("As kwartiermaker you record lessons of the sub-projects you lead.")}
            )
    return cleaned


def _check_texts(lesson: Lesson) -> None:
    if not any(getattr(lesson, name) for name in TEXTS):
        raise ValidationError(
            {
                "worked": _(
                    "Write what worked, what did not work or the recommendation: at least one of the three."
                )
            }
        )


@transaction.atomic
def lesson_create(
    *, actor: Any, programme: Programme, today: datetime.date | None = None, **values: Any
) -> Lesson:
    today = today or timezone.localdate()
    values.setdefault("learned_on", today)
    cleaned = _values(programme, values, actor, today)
    areas = cleaned.pop("focus_areas", None) or []
    lesson = Lesson(programme=programme, created_by=actor, updated_by=actor, **cleaned)
    _check_texts(lesson)
    lesson.full_clean()
    lesson.save()
    lesson.focus_areas.set(areas)
    changes = {name: [None, value] for name, value in snapshot(lesson, cleaned).items()}
    changes["focus_areas"] = [None, sorted(a.name for a in areas)]
    record(actor=actor, action="lesson.create", obj=lesson, programme=programme, changes=changes)
    return lesson


@transaction.atomic
def lesson_update(
    *,
    actor: Any,
    lesson: Lesson,
    expected_version: int | None,
    today: datetime.date | None = None,
    **values: Any,
) -> Lesson:
    check_version(lesson, expected_version)
    today = today or timezone.localdate()
    role_check = (
        actor
        if "subproject" in values
        and values["subproject"] != lesson.subproject
        and programme_role(actor, lesson.programme) == ProgrammeRole.KWARTIERMAKER
        else None
    )
    cleaned = _values(lesson.programme, values, role_check, today)
    areas = cleaned.pop("focus_areas", None)
    changes = apply_changes(lesson, cleaned)
    if areas is not None:
        before = sorted(a.name for a in lesson.focus_areas.all())
        after = sorted(a.name for a in areas)
        if before != after:
            changes["focus_areas"] = [before, after]
    if not changes:
        return lesson
    _check_texts(lesson)
    lesson.full_clean()
    bump_version(lesson, actor)
    lesson.save()
    if areas is not None:
        lesson.focus_areas.set(areas)
    record(actor=actor, action="lesson.update", obj=lesson, programme=lesson.programme, changes=changes)
    return lesson


@transaction.atomic
def lesson_delete(*, actor: Any, lesson: Lesson) -> None:
    """Remove a lesson. A published copy stays in the library until the publisher withdraws it."""
    record(
        actor=actor,
        action="lesson.delete",
        obj=lesson,
        programme=lesson.programme,
        changes={"title": [lesson.title, None]},
    )
    lesson.delete()


def _set_status(lesson: Lesson, status: str) -> list[str]:
    PUBLICATION_WORKFLOW.check(lesson.publication_status, status)
    before = lesson.publication_status
    lesson.publication_status = status
    return [before, status]


def _locked(lesson: Lesson) -> Lesson:
    return Lesson.objects.select_for_update().select_related("programme__organisation").get(pk=lesson.pk)


@transaction.atomic
def lesson_propose(*, actor: Any, lesson: Lesson) -> Lesson:
    """Ask the programme managers to publish ``lesson`` (or an update of its published copy)."""
    current = _locked(lesson)
    if current.publication_status == PublicationStatus.PROPOSED:
        raise ValidationError(_("This lesson already waits for approval."), code="already_proposed")
    _check_texts(current)
    changes = {"publication_status": _set_status(current, PublicationStatus.PROPOSED)}
    current.proposed_at = timezone.now()
    current.proposed_by = actor
    current.rejection_reason = ""
    bump_version(current, actor)
    current.save()
    record(actor=actor, action="lesson.propose", obj=current, programme=current.programme, changes=changes)
    managers = (
        get_user_model()
        .objects.filter(
            programme_memberships__programme=current.programme,
            programme_memberships__role=ProgrammeRole.PROGRAMMAMANAGER,
        )
        .exclude(pk=actor.pk)
    )
    title = current.title
    notify(
        users=list(managers),
        kind=NotificationKind.PUBLICATION_REQUEST,
        title=lambda: (
            _("“%(title)s” waits for your approval to be published in Leer van elkaar") % {"title": title}
        ),
        url=reverse(
            "lesson_detail", kwargs={"programme_uuid": current.programme.uuid, "lesson_uuid": current.uuid}
        ),
        programme=current.programme,
    )
    lesson.refresh_from_db()
    return current


def _freeze(lesson: Lesson, item: LibraryItem) -> None:
    areas = list(lesson.focus_areas.order_by("order", "name"))
    item.title = lesson.title
    item.worked = lesson.worked
    item.did_not_work = lesson.did_not_work
    item.recommendation = lesson.recommendation
    item.themes = lesson.themes
    item.focus_area_keys = [a.key for a in areas if a.key]
    item.focus_area_names = [a.name for a in areas]
    item.publisher_name = lesson.programme.organisation.name


@transaction.atomic
def lesson_approve(*, actor: Any, lesson: Lesson, today: datetime.date | None = None) -> LibraryItem:
    """Publish the proposed lesson: a frozen copy in the shared library (made, or refreshed)."""
    current = _locked(lesson)
    if current.publication_status != PublicationStatus.PROPOSED:
        raise ValidationError(
            _("This lesson no longer waits for approval: someone has already handled it."),
            code="not_proposed",
        )
    today = today or timezone.localdate()
    item = LibraryItem.objects.filter(lesson=current).first()
    is_update = item is not None and item.withdrawn_at is None
    if item is None:
        item = LibraryItem(
            lesson=current,
            kind=LibraryKind.LESSON,
            organisation=current.programme.organisation,
            programme=current.programme,
            published_on=today,
        )
    elif not is_update:
        item.published_on = today
        item.updated_on = None
        item.withdrawn_at = None
    else:
        item.updated_on = today
    _freeze(current, item)
    item.full_clean()
    item.save()
    changes = {"publication_status": _set_status(current, PublicationStatus.PUBLISHED)}
    bump_version(current, actor)
    current.save()
    record(actor=actor, action="lesson.approve", obj=current, programme=current.programme, changes=changes)
    lesson.refresh_from_db()
    return item


@transaction.atomic
def lesson_reject(*, actor: Any, lesson: Lesson, reason: str) -> Lesson:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the lesson is not published, so the author can improve it.")}
        )
    current = _locked(lesson)
    if current.publication_status != PublicationStatus.PROPOSED:
        raise ValidationError(
            _("This lesson no longer waits for approval: someone has already handled it."),
            code="not_proposed",
        )
    changes = {
        "publication_status": _set_status(current, PublicationStatus.REJECTED),
        "reason": [None, reason],
    }
    current.rejection_reason = reason
    bump_version(current, actor)
    current.save()
    record(actor=actor, action="lesson.reject", obj=current, programme=current.programme, changes=changes)
    lesson.refresh_from_db()
    return current


@transaction.atomic
def library_update(*, actor: Any, item: LibraryItem, **values: Any) -> LibraryItem:
    """The publisher corrects the public copy (approved by the one who may approve)."""
    cleaned = {name: values[name] for name in LIBRARY_FIELDS if name in values}
    for name in ("title", *TEXTS):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "themes" in cleaned:
        cleaned["themes"] = clean_themes(cleaned["themes"] or "")
    changes = apply_changes(item, cleaned)
    if not changes:
        return item
    if not any(getattr(item, name) for name in TEXTS):
        raise ValidationError(
            {
                "worked": _(
                    "Write what worked, what did not work or the recommendation: at least one of the three."
                )
            }
        )
    item.updated_on = timezone.localdate()
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action="library.update",
        obj=item,
        organisation=item.organisation,
        programme=item.programme,
        changes=changes,
    )
    return item


@transaction.atomic
def library_withdraw(*, actor: Any, item: LibraryItem) -> LibraryItem:
    """Take the item out of the library; its lesson stays in the programme."""
    item = LibraryItem.objects.select_for_update().get(pk=item.pk)
    if item.withdrawn_at is not None:
        return item
    item.withdrawn_at = timezone.now()
    item.save(update_fields=["withdrawn_at"])
    lesson = item.lesson
    if lesson is not None and lesson.publication_status == PublicationStatus.PUBLISHED:
        lesson.publication_status = PublicationStatus.WITHDRAWN
        bump_version(lesson, actor)
        lesson.save()
    record(
        actor=actor,
        action="library.withdraw",
        obj=item,
        organisation=item.organisation,
        programme=item.programme,
        changes={"withdrawn": [False, True]},
    )
    return item
