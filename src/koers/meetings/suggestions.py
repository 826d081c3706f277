"""The agenda items Koers suggests for a meeting, each added with one button:

- **overdue actions**: open actions whose due date has passed — of the whole programme for the
  stuurgroep, projectteam and projectgroep, of the body's own sub-projects for a werkgroep (the
  sub-projects led by one of its members);
- **sub-projects at risk**: at risk or off track (``koers.monitoring.status.at_risk``), limited
  the same way;
- **decisions pending**: decisions of this body held over (aangehouden) and not yet settled: a
  pending decision is settled once a later agenda item about it has a decision of its own;
- **items carried over**: items of the body's previous meeting marked "carry over";
- **actions from the previous meeting**: one review item while actions that came from decisions
  in earlier meetings of this body are still open.

A suggestion already on this meeting's agenda (same origin and object) is not suggested again.
Everything is read in a handful of queries, whatever the size of the programme."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from koers.actions.models import Action
from koers.actions.reference import OPEN_STATUSES
from koers.monitoring.status import at_risk
from koers.plan.models import SubProject
from koers.teams.reference import BodyKind

from .models import AgendaItem, Decision, Meeting
from .reference import AgendaSource, DecisionStatus

#: Bodies whose agenda covers only the sub-projects their members lead.
SUBPROJECT_BODIES = (BodyKind.WERKGROEP,)


@dataclass(frozen=True)
class Suggestion:
    source: str
    source_uuid: uuid.UUID | None
    title: str
    description: str = ""
    carried_over_from: AgendaItem | None = None

    @property
    def key(self) -> str:
        return f"{self.source}:{self.source_uuid or ''}"

    @property
    def source_label(self) -> str:
        return str(AgendaSource(self.source).label)


def _subproject_ids(meeting: Meeting) -> set[int] | None:
    """The sub-projects this body's agenda is about (None: all of the programme)."""
    if meeting.body.kind not in SUBPROJECT_BODIES:
        return None
    return set(
        SubProject.objects.filter(
            programme_id=meeting.programme_id, kwartiermaker__in=meeting.body.members.all()
        ).values_list("pk", flat=True)
    )


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else "—"


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's meeting before this one."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at", "-pk")
        .first()
    )


def open_actions_from_earlier_meetings(meeting: Meeting) -> list[Action]:
    return list(
        Action.objects.filter(
            decision__body_id=meeting.body_id,
            decision__meeting__starts_at__lt=meeting.starts_at,
            status__in=OPEN_STATUSES,
        )
        .exclude(decision__meeting=meeting)
        .select_related("owner", "decision")
        .order_by("due_date", "title", "pk")
    )


def suggestions(meeting: Meeting, today: dt.date) -> list[Suggestion]:
    """What Koers proposes for ``meeting``'s agenda, in the order of the list above."""
    taken = {(item.source, item.source_uuid) for item in meeting.agenda_items.all()}
    found: list[Suggestion] = []

    def add(suggestion: Suggestion) -> None:
        if (suggestion.source, suggestion.source_uuid) not in taken:
            found.append(suggestion)

    limit = _subproject_ids(meeting)

    overdue = Action.objects.filter(
        programme_id=meeting.programme_id, status__in=OPEN_STATUSES, due_date__lt=today
    ).select_related("owner")
    if limit is not None:
        overdue = overdue.filter(subproject_id__in=limit)
    for action in overdue.order_by("due_date", "title", "pk"):
        add(
            Suggestion(
                AgendaSource.OVERDUE_ACTION,
                action.uuid,
                _("Overdue action: %(title)s") % {"title": action.title},
                _("Owner: %(owner)s. Due %(date)s.")
                % {
                    "owner": action.owner.full_name if action.owner else _("nobody yet"),
                    "date": _date(action.due_date),
                },
            )
        )

    for subproject in at_risk(meeting.programme, today):
        if limit is not None and subproject.pk not in limit:
            continue
        add(
            Suggestion(
                AgendaSource.SUBPROJECT_AT_RISK,
                subproject.uuid,
                _("Sub-project at risk: %(name)s") % {"name": subproject.name},
                _("Koers or the kwartiermaker sees this sub-project at risk or off track."),
            )
        )

    settled = set(
        AgendaItem.objects.filter(
            source=AgendaSource.DECISION_PENDING,
            meeting__body_id=meeting.body_id,
            decisions__isnull=False,
        ).values_list("source_uuid", flat=True)
    )
    pending = Decision.objects.filter(body_id=meeting.body_id, status=DecisionStatus.PENDING).exclude(
        meeting=meeting
    )
    for decision in pending.order_by("number"):
        if decision.uuid in settled:
            continue
        add(
            Suggestion(
                AgendaSource.DECISION_PENDING,
                decision.uuid,
                _("Decision pending: %(number)s. %(text)s")
                % {"number": decision.number, "text": decision.text[:150]},
                decision.text,
            )
        )

    previous = previous_meeting(meeting)
    if previous is not None:
        for item in previous.agenda_items.filter(carry_over=True).order_by("order", "pk"):
            add(
                Suggestion(
                    AgendaSource.CARRIED_OVER,
                    item.uuid,
                    item.title,
                    item.description,
                    carried_over_from=item,
                )
            )

    review = open_actions_from_earlier_meetings(meeting)
    if review:
        lines = [
            _("%(title)s (%(owner)s, due %(date)s)")
            % {
                "title": action.title,
                "owner": action.owner.full_name if action.owner else _("nobody yet"),
                "date": _date(action.due_date),
            }
            for action in review
        ]
        add(
            Suggestion(
                AgendaSource.ACTION_REVIEW,
                None,
                _("Actions from the previous meeting"),
                "\n".join(lines),
            )
        )
    return found
