"""Every write of the meetings. Each change records one audit event. The meeting's status follows
the declared workflow (reference.MEETING_WORKFLOW) in one service, :func:`meeting_change_status`,
which also sends the agenda and announces approved minutes. Approved minutes are read-only: every
service here refuses to change a meeting whose minutes are approved, with a clear message.
Decisions are numbered per body under a lock on the body's row (ADR 0025)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from koers.actions import services as action_services
from koers.actions.models import Action
from koers.actions.reference import ActionOrigin
from koers.audit.services import apply_changes, record, snapshot
from koers.concurrency import StaleEditError, bump_version, check_version
from koers.deployment.storage import save_upload
from koers.notifications.reference import NotificationKind
from koers.notifications.services import notify
from koers.plan.models import SubProject
from koers.programmes.models import Programme
from koers.teams.models import Body, Person

from . import ical
from .models import AgendaDocument, AgendaItem, Attendance, Decision, Meeting
from .permissions import approves_minutes_of
from .reference import (
    AGENDA_EDITABLE,
    MEETING_WORKFLOW,
    MINUTES_EDITABLE,
    AgendaSource,
    AttendanceStatus,
    DecisionStatus,
    MeetingStatus,
)
from .suggestions import suggestions

MEETING_FIELDS = ("body", "title", "starts_at", "ends_at", "location", "online_link")
ITEM_FIELDS = ("title", "description", "presenter", "minutes_allotted")
ICS_MIMETYPE = "text/calendar; method=REQUEST; charset=UTF-8"


# Guards ----------------------------------------------------------------------------------------


def _refuse_if_approved(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(
            _("The minutes of this meeting have been approved and can no longer be changed."),
            code="approved",
        )


def _agenda_editable(meeting: Meeting) -> None:
    _refuse_if_approved(meeting)
    if meeting.status not in AGENDA_EDITABLE:
        raise ValidationError(
            _("The agenda can no longer change: the meeting has been held. Write the minutes instead."),
            code="agenda_closed",
        )


def _minutes_editable(meeting: Meeting) -> None:
    _refuse_if_approved(meeting)
    if meeting.status not in MINUTES_EDITABLE:
        raise ValidationError(
            _("Attendance, minutes and decisions are recorded once the meeting is marked as held."),
            code="not_held",
        )


def _locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked until the transaction ends, with its current values."""
    current = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    for name in ("status", "version", "updated_by_id", "minutes_approved_at", "minutes_approved_by_id"):
        setattr(meeting, name, getattr(current, name))
    return meeting


def _local(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


# Meetings --------------------------------------------------------------------------------------


def _check_meeting(programme: Programme, values: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    body = values.get("body")
    if body is not None and body.programme_id != programme.pk:
        errors["body"] = _("Choose a body of this programme.")
    starts = values.get("starts_at")
    ends = values.get("ends_at")
    if starts is not None:
        day = timezone.localtime(starts).date()
        if day < programme.start_date:
            errors["starts_at"] = _(
                "The meeting is before the programme starts (%(date)s). Choose a later date."
            ) % {"date": formats.date_format(programme.start_date, "j F Y")}
        elif programme.end_date and day > programme.end_date:
            errors["starts_at"] = _(
                "The meeting is after the programme ends (%(date)s). Choose an earlier date."
            ) % {"date": formats.date_format(programme.end_date, "j F Y")}
    if starts is not None and ends is not None and ends <= starts:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if "location" in values and not (values.get("location") or "").strip() and not values.get("online_link"):
        errors["location"] = _("Give a place or an online meeting link (or both).")
    if errors:
        raise ValidationError(errors)


def _check_people(programme: Programme, people: Iterable[Person]) -> list[Person]:
    chosen = list(people)
    if any(p.programme_id != programme.pk or p.removed_at is not None for p in chosen):
        raise ValidationError({"participants": _("Choose current members of this programme's team.")})
    return chosen


def default_participants(body: Body) -> list[Person]:
    return list(body.members.filter(removed_at__isnull=True).order_by("full_name", "pk"))


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    programme: Programme,
    body: Body,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    title: str = "",
    location: str = "",
    online_link: str = "",
    participants: Iterable[Person] | None = None,
) -> Meeting:
    """Plan a meeting of ``body``; its participants (by default the body's current members) are
    invited."""
    values = {
        "body": body,
        "title": (title or "").strip(),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": (location or "").strip(),
        "online_link": online_link or "",
    }
    _check_meeting(programme, values)
    people = _check_people(programme, default_participants(body) if participants is None else participants)
    meeting = Meeting(programme=programme, created_by=actor, updated_by=actor, **values)
    meeting.full_clean()
    meeting.save()
    Attendance.objects.bulk_create([Attendance(meeting=meeting, person=person) for person in people])
    record(
        actor=actor,
        action="meeting.create",
        obj=meeting,
        programme=programme,
        changes={
            **{name: [None, value] for name, value in snapshot(meeting, values).items()},
            "participants": [None, [p.full_name for p in people]],
        },
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    expected_version: int | None,
    participants: Iterable[Person] | None = None,
    **values: Any,
) -> Meeting:
    check_version(meeting, expected_version)
    _locked(meeting)
    _refuse_if_approved(meeting)
    cleaned = {name: values[name] for name in MEETING_FIELDS if name in values}
    for name in ("title", "location"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    _check_meeting(meeting.programme, {"online_link": meeting.online_link, **cleaned})
    changes = apply_changes(meeting, cleaned)
    if participants is not None:
        wanted = {p.pk: p for p in _check_people(meeting.programme, participants)}
        current = set(meeting.attendance.values_list("person_id", flat=True))
        added = [wanted[pk] for pk in wanted.keys() - current]
        removed = current - wanted.keys()
        if added or removed:
            Attendance.objects.bulk_create([Attendance(meeting=meeting, person=p) for p in added])
            meeting.attendance.filter(person_id__in=removed).delete()
            changes["participants"] = [
                sorted(Person.objects.filter(pk__in=removed).values_list("full_name", flat=True)),
                sorted(p.full_name for p in added),
            ]
    if not changes:
        return meeting
    meeting.full_clean()
    bump_version(meeting, actor)
    meeting.save()
    record(actor=actor, action="meeting.update", obj=meeting, programme=meeting.programme, changes=changes)
    return meeting


def meeting_url(meeting: Meeting) -> str:
    return reverse(
        "meeting_detail", kwargs={"programme_uuid": meeting.programme.uuid, "meeting_uuid": meeting.uuid}
    )


def _agenda_text(meeting: Meeting) -> str:
    lines = [
        _("%(body)s, %(when)s") % {"body": meeting.body.name, "when": _local(meeting.starts_at)},
    ]
    if meeting.location:
        lines.append(_("Place: %(place)s") % {"place": meeting.location})
    if meeting.online_link:
        lines.append(_("Online: %(link)s") % {"link": meeting.online_link})
    lines.append("")
    lines.append(_("Agenda"))
    for number, item in enumerate(
        meeting.agenda_items.select_related("presenter").order_by("order", "pk"), 1
    ):
        extra = []
        if item.presenter:
            extra.append(item.presenter.full_name)
        if item.minutes_allotted:
            extra.append(_("%(n)d min.") % {"n": item.minutes_allotted})
        lines.append(f"{number}. {item.title}" + (f" ({', '.join(extra)})" if extra else ""))
    return "\n".join(lines)


def _send_agenda(actor: Any, meeting: Meeting, now: dt.datetime, tell: bool) -> None:
    if meeting.starts_at <= now:
        raise ValidationError(
            _(
                "This meeting started on %(when)s, so its agenda can no longer be sent. "
                "Change the date first, or mark the meeting as held."
            )
            % {"when": _local(meeting.starts_at)},
            code="past",
        )
    if not meeting.agenda_items.exists():
        raise ValidationError(_("Add at least one agenda item before sending the agenda."), code="empty")
    meeting.agenda_sent_at = now
    if not tell:
        return
    participants = list(meeting.attendance.select_related("person__user").order_by("person__full_name", "pk"))
    url = meeting_url(meeting)
    absolute = settings.SITE_URL.rstrip("/") + url
    organiser = (
        (getattr(actor, "full_name", "") or actor.email, actor.email) if getattr(actor, "email", "") else None
    )
    attendees = [
        (a.person.full_name, a.person.user.email if a.person.user else a.person.email) for a in participants
    ]
    with translation.override(settings.LANGUAGE_CODE):
        invitation = ical.invitation(
            meeting, organiser=organiser, attendees=attendees, url=absolute, description=_agenda_text(meeting)
        )
    users = [a.person.user for a in participants if a.person.user_id is not None]

    def title() -> str:
        return _("Agenda: %(meeting)s on %(when)s") % {"meeting": meeting, "when": _local(meeting.starts_at)}

    attachment = ("uitnodiging.ics", invitation, ICS_MIMETYPE)
    notify(
        users=users,
        kind=NotificationKind.AGENDA_SENT,
        title=title,
        url=url,
        programme=meeting.programme,
        body=lambda: _agenda_text(meeting),
        attachments=[attachment],
    )
    # People without a Koers account get the same e-mail directly, in the installation's language.
    direct = []
    for attendance in participants:
        person = attendance.person
        if person.user_id is None and person.email:
            with translation.override(settings.LANGUAGE_CODE):
                message = EmailMessage(subject=title()[:200], body=_agenda_text(meeting), to=[person.email])
            message.attach(*attachment)
            direct.append(message)
    if direct:
        transaction.on_commit(lambda: _send(direct))


def _send(messages: Sequence[EmailMessage]) -> None:
    for message in messages:
        message.send()


def _approve(actor: Any, meeting: Meeting, now: dt.datetime, tell: bool) -> None:
    if not approves_minutes_of(actor, meeting.body):
        if meeting.body.kind == "stuurgroep":
            message = _("Only the members of the stuurgroep or a programme manager approve its minutes.")
        else:
            message = _("Only the chair of this body or a programme manager approve its minutes.")
        raise ValidationError(message, code="not_allowed")
    meeting.minutes_approved_at = now
    meeting.minutes_approved_by = actor
    if not tell:
        return
    users = [
        a.person.user
        for a in meeting.attendance.select_related("person__user")
        if a.person.user_id is not None
    ]
    notify(
        users=users,
        kind=NotificationKind.MINUTES_APPROVED,
        title=lambda: (
            _("The minutes of %(meeting)s of %(date)s are approved")
            % {
                "meeting": meeting,
                "date": formats.date_format(timezone.localtime(meeting.starts_at), "j F Y"),
            }
        ),
        url=meeting_url(meeting),
        programme=meeting.programme,
    )


@transaction.atomic
def meeting_change_status(
    *,
    actor: Any,
    meeting: Meeting,
    status: str,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
    tell: bool = True,
) -> Meeting:
    """Move ``meeting`` along its workflow. Sending the agenda e-mails every participant with an
    iCalendar invitation; approving the minutes makes the meeting read-only and tells the
    participants (without ``tell`` nobody is told: the demo). Two people approving at the same
    time: the second gets a clear message. ``now``: when it happens (the demo records past
    meetings)."""
    if status not in MeetingStatus.values:
        raise ValidationError(_("Choose a status of the meeting."), code="invalid_status")
    now = now or timezone.now()
    _locked(meeting)
    if meeting.status == MeetingStatus.MINUTES_APPROVED and meeting.minutes_approved_at is not None:
        who = meeting.minutes_approved_by or _("someone else")
        raise ValidationError(
            _("These minutes were already approved by %(who)s on %(when)s; nothing was changed.")
            % {"who": who, "when": _local(meeting.minutes_approved_at)},
            code="approved",
        )
    if expected_version is not None and meeting.version != expected_version:
        check_version(meeting, expected_version)  # raises the shared "changed by … at …" message
    MEETING_WORKFLOW.check(meeting.status, status)
    before = meeting.status
    if status == MeetingStatus.AGENDA_SENT:
        _send_agenda(actor, meeting, now, tell)
    elif status == MeetingStatus.HELD and before in AGENDA_EDITABLE:
        if meeting.starts_at > now:
            raise ValidationError(
                _("A meeting can be marked as held once it has started (%(when)s).")
                % {"when": _local(meeting.starts_at)},
                code="future",
            )
        meeting.held_at = now
    elif status == MeetingStatus.MINUTES_APPROVED:
        _approve(actor, meeting, now, tell)
    meeting.status = status
    bump_version(meeting, actor)
    meeting.save()
    record(
        actor=actor,
        action="meeting.change_status",
        obj=meeting,
        programme=meeting.programme,
        changes={"status": [before, status]},
    )
    return meeting


# The agenda ------------------------------------------------------------------------------------


def _check_item(meeting: Meeting, values: Mapping[str, Any]) -> None:
    presenter = values.get("presenter")
    if presenter is not None and (presenter.programme_id != meeting.programme_id or presenter.removed_at):
        raise ValidationError({"presenter": _("Choose a current member of this programme's team.")})
    if not (values.get("title") or "").strip() and "title" in values:
        raise ValidationError({"title": _("Give the agenda item a title.")})


def _next_order(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(n=Max("order"))["n"] or 0) + 1


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    description: str = "",
    presenter: Person | None = None,
    minutes_allotted: int | None = None,
    source: str = AgendaSource.OWN,
    source_uuid: Any = None,
    carried_over_from: AgendaItem | None = None,
) -> AgendaItem:
    _locked(meeting)
    _agenda_editable(meeting)
    values = {
        "title": (title or "").strip()[:200],
        "description": (description or "").strip(),
        "presenter": presenter,
        "minutes_allotted": minutes_allotted,
    }
    _check_item(meeting, values)
    item = AgendaItem(
        meeting=meeting,
        order=_next_order(meeting),
        source=source,
        source_uuid=source_uuid,
        carried_over_from=carried_over_from,
        **values,
    )
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action="agenda.add",
        obj=item,
        programme=meeting.programme,
        changes={**{k: [None, v] for k, v in snapshot(item, values).items()}, "source": [None, source]},
    )
    return item


@transaction.atomic
def agenda_suggestion_add(
    *, actor: Any, meeting: Meeting, key: str, today: dt.date | None = None
) -> AgendaItem:
    """Add the suggestion ``key`` (see suggestions.Suggestion.key) to the agenda."""
    _locked(meeting)
    _agenda_editable(meeting)
    found = {s.key: s for s in suggestions(meeting, today or timezone.localdate())}
    suggestion = found.get(key)
    if suggestion is None:
        raise ValidationError(
            _("This suggestion is no longer there: it is already on the agenda or no longer applies."),
            code="gone",
        )
    return agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=suggestion.title,
        description=suggestion.description,
        source=suggestion.source,
        source_uuid=suggestion.source_uuid,
        carried_over_from=suggestion.carried_over_from,
    )


@transaction.atomic
def agenda_item_update(*, actor: Any, item: AgendaItem, **values: Any) -> AgendaItem:
    meeting = _locked(item.meeting)
    _agenda_editable(meeting)
    cleaned = {name: values[name] for name in ITEM_FIELDS if name in values}
    for name in ("title", "description"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    _check_item(meeting, cleaned)
    changes = apply_changes(item, cleaned)
    if changes:
        item.full_clean()
        item.save(update_fields=list(cleaned))
        record(actor=actor, action="agenda.update", obj=item, programme=meeting.programme, changes=changes)
    return item


@transaction.atomic
def agenda_item_remove(*, actor: Any, item: AgendaItem) -> None:
    meeting = _locked(item.meeting)
    _agenda_editable(meeting)
    record(
        actor=actor,
        action="agenda.remove",
        obj=item,
        programme=meeting.programme,
        changes={"title": [item.title, None]},
    )
    for document in item.documents.all():
        if document.file:
            _delete_on_commit(document.file)
    item.delete()
    _renumber(meeting)


def _delete_on_commit(file: Any) -> None:
    """Remove a stored file once the transaction that removed its row has committed."""
    name: str = file.name or ""
    storage = file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _renumber(meeting: Meeting) -> None:
    items = list(meeting.agenda_items.order_by("order", "pk"))
    for number, item in enumerate(items, 1):
        item.order = number
    AgendaItem.objects.bulk_update(items, ["order"])


@transaction.atomic
def agenda_item_move(*, actor: Any, item: AgendaItem, direction: str) -> AgendaItem:
    """Move ``item`` one place up or down the agenda."""
    meeting = _locked(item.meeting)
    _agenda_editable(meeting)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move an item up or down."), code="direction")
    _renumber(meeting)
    items = list(meeting.agenda_items.order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        for number, other in enumerate(items, 1):
            other.order = number
        AgendaItem.objects.bulk_update(items, ["order"])
        item.order = items.index(next(i for i in items if i.pk == item.pk)) + 1
        record(
            actor=actor,
            action="agenda.move",
            obj=item,
            programme=meeting.programme,
            changes={"order": [index + 1, target + 1]},
        )
    return item


@transaction.atomic
def agenda_document_add(
    *, actor: Any, item: AgendaItem, title: str, file: Any = None, url: str = ""
) -> AgendaDocument:
    meeting = _locked(item.meeting)
    _refuse_if_approved(meeting)
    if not file and not url:
        raise ValidationError({"file": _("Upload a file or give a link.")})
    if file and url:
        raise ValidationError({"url": _("Upload a file or give a link, not both.")})
    document = AgendaDocument(
        item=item, title=(title or "").strip() or getattr(file, "name", "") or url, url=url or ""
    )
    if file:
        save_upload(document.file, file.name, file, field="file")
    document.full_clean()
    document.save()
    record(
        actor=actor,
        action="agenda_document.add",
        obj=document,
        programme=meeting.programme,
        changes={"title": [None, document.title], "link": [None, url or None]},
    )
    return document


@transaction.atomic
def agenda_document_remove(*, actor: Any, document: AgendaDocument) -> None:
    meeting = _locked(document.item.meeting)
    _refuse_if_approved(meeting)
    record(
        actor=actor,
        action="agenda_document.remove",
        obj=document,
        programme=meeting.programme,
        changes={"title": [document.title, None]},
    )
    if document.file:
        _delete_on_commit(document.file)
    document.delete()


# Attendance and minutes ------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, actor: Any, meeting: Meeting, statuses: Mapping[int, str]) -> int:
    """Record who was present, absent or excused; ``statuses`` maps a person's id to a status.
    Returns the number of people whose status changed."""
    _locked(meeting)
    _minutes_editable(meeting)
    if any(value not in AttendanceStatus.values for value in statuses.values()):
        raise ValidationError(_("Choose present, absent or excused."), code="invalid_status")
    rows = list(meeting.attendance.select_related("person").filter(person_id__in=statuses))
    changes: dict[str, list[Any]] = {}
    changed = []
    for row in rows:
        new = statuses[row.person_id]
        if row.status != new:
            changes[row.person.full_name] = [row.status, new]
            row.status = new
            changed.append(row)
    if changed:
        Attendance.objects.bulk_update(changed, ["status"])
        record(
            actor=actor,
            action="meeting.attendance",
            obj=meeting,
            programme=meeting.programme,
            changes=changes,
        )
    return len(changed)


@transaction.atomic
def minutes_save(
    *,
    actor: Any,
    meeting: Meeting,
    expected_version: int | None,
    general_notes: str,
    items: Mapping[int, tuple[str, bool]],
) -> Meeting:
    """Save the general minutes and, per agenda item (by id), its minutes and whether it is
    carried over to the next meeting."""
    check_version(meeting, expected_version)
    _locked(meeting)
    _minutes_editable(meeting)
    changes = apply_changes(meeting, {"general_notes": (general_notes or "").strip()})
    changed_items = []
    for item in meeting.agenda_items.filter(pk__in=items):
        minutes, carry_over = items[item.pk]
        item_changes = apply_changes(
            item, {"minutes": (minutes or "").strip(), "carry_over": bool(carry_over)}
        )
        if item_changes:
            changed_items.append(item)
            changes.update({f"{item.title[:60]}: {name}": value for name, value in item_changes.items()})
    if not changes:
        return meeting
    AgendaItem.objects.bulk_update(changed_items, ["minutes", "carry_over"])
    bump_version(meeting, actor)
    meeting.save()
    record(actor=actor, action="meeting.minutes", obj=meeting, programme=meeting.programme, changes=changes)
    return meeting


# Decisions -------------------------------------------------------------------------------------


def _check_decision(meeting: Meeting, values: Mapping[str, Any]) -> None:
    if "text" in values and not (values.get("text") or "").strip():
        raise ValidationError({"text": _("Write down what was decided.")})
    if values.get("status", DecisionStatus.TAKEN) not in DecisionStatus.values:
        raise ValidationError({"status": _("Choose taken or pending.")})
    subprojects: Sequence[SubProject] = values.get("subprojects") or ()
    if any(s.programme_id != meeting.programme_id for s in subprojects):
        raise ValidationError({"subprojects": _("Choose sub-projects of this programme.")})


@transaction.atomic
def decision_create(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    agenda_item: AgendaItem | None = None,
    status: str = DecisionStatus.TAKEN,
    subprojects: Iterable[SubProject] = (),
    decided_on: dt.date | None = None,
) -> Decision:
    """Record a decision of the meeting's body. Its number is the body's next: the body's row is
    locked while it is counted, and the unique constraint guards it as well."""
    _locked(meeting)
    _minutes_editable(meeting)
    chosen = list(subprojects)
    _check_decision(meeting, {"text": text, "status": status, "subprojects": chosen})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    Body.objects.select_for_update().filter(pk=meeting.body_id).get()
    number = (Decision.objects.filter(body_id=meeting.body_id).aggregate(n=Max("number"))["n"] or 0) + 1
    decision = Decision(
        programme=meeting.programme,
        body=meeting.body,
        meeting=meeting,
        agenda_item=agenda_item,
        number=number,
        text=text.strip(),
        status=status,
        decided_on=decided_on or timezone.localtime(meeting.starts_at).date(),
        created_by=actor,
        updated_by=actor,
    )
    decision.full_clean()
    decision.save()
    decision.subprojects.set(chosen)
    record(
        actor=actor,
        action="decision.create",
        obj=decision,
        programme=meeting.programme,
        changes={
            "number": [None, number],
            "text": [None, decision.text],
            "status": [None, status],
            "subprojects": [None, [s.name for s in chosen]],
        },
    )
    return decision


@transaction.atomic
def decision_update(
    *,
    actor: Any,
    decision: Decision,
    expected_version: int | None,
    subprojects: Iterable[SubProject] | None = None,
    **values: Any,
) -> Decision:
    check_version(decision, expected_version)
    if decision.meeting is not None:
        _locked(decision.meeting)
        _minutes_editable(decision.meeting)
    cleaned: dict[str, Any] = {name: values[name] for name in ("text", "status") if name in values}
    if "text" in cleaned:
        cleaned["text"] = (cleaned["text"] or "").strip()
    chosen = list(subprojects) if subprojects is not None else None
    assert decision.meeting is not None
    _check_decision(decision.meeting, {**cleaned, "subprojects": chosen or ()})
    changes = apply_changes(decision, cleaned)
    if chosen is not None:
        before = sorted(decision.subprojects.values_list("name", flat=True))
        after = sorted(s.name for s in chosen)
        if before != after:
            decision.subprojects.set(chosen)
            changes["subprojects"] = [before, after]
    if not changes:
        return decision
    decision.full_clean()
    bump_version(decision, actor)
    decision.save()
    record(actor=actor, action="decision.update", obj=decision, programme=decision.programme, changes=changes)
    return decision


@transaction.atomic
def actions_from_decision(
    *,
    actor: Any,
    decision: Decision,
    actions: Sequence[Mapping[str, Any]],
    today: dt.date | None = None,
    tell: bool = True,
) -> list[Action]:
    """Turn a decision's outcome into actions in one step: each with a title, an owner, a due date
    and (by default the owner's partner) a responsible organisation. The owners are told."""
    if decision.meeting is not None:
        _locked(decision.meeting)
        _refuse_if_approved(decision.meeting)
    if decision.status != DecisionStatus.TAKEN:
        raise ValidationError(
            _("Actions come from a decision that was taken; this decision is pending."), code="pending"
        )
    if not actions:
        raise ValidationError(_("Give at least one action."), code="empty")
    subprojects = list(decision.subprojects.order_by("name", "pk"))
    created = []
    for values in actions:
        owner = values.get("owner")
        if owner is None:
            raise ValidationError({"owner": _("Choose who owns the action.")})
        organisation = values.get("organisation") or owner.partner
        subproject = values.get("subproject") or (subprojects[0] if len(subprojects) == 1 else None)
        action = action_services.action_create(
            actor=actor,
            programme=decision.programme,
            today=today,
            notify=False,  # the owner hears of it as an action from a decision, below
            decision=decision,
            title=values.get("title", ""),
            description=_("From decision %(number)s of %(body)s: %(text)s")
            % {"number": decision.number, "body": decision.body.name, "text": decision.text},
            owner=owner,
            organisation=organisation,
            due_date=values.get("due_date"),
            subproject=subproject,
            origin=ActionOrigin.MEETING,
        )
        created.append(action)
        if tell and owner.user_id is not None:
            url = reverse(
                "action_detail",
                kwargs={"programme_uuid": decision.programme.uuid, "action_uuid": action.uuid},
            )
            notify(
                users=[owner.user],
                kind=NotificationKind.ACTION_FROM_DECISION,
                title=lambda action=action: (
                    _("New action for you from decision %(number)s of %(body)s: %(title)s")
                    % {"number": decision.number, "body": decision.body.name, "title": action.title}
                ),
                url=url,
                programme=decision.programme,
            )
    return created


__all__ = [
    "StaleEditError",
    "actions_from_decision",
    "agenda_document_add",
    "agenda_document_remove",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_update",
    "agenda_suggestion_add",
    "attendance_record",
    "decision_create",
    "decision_update",
    "meeting_change_status",
    "meeting_create",
    "meeting_update",
    "minutes_save",
]
