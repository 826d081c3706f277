"""The minutes of a meeting as PDF/A and ODT: the meeting, who attended, per agenda item its
minutes and decisions (with their numbers), and the actions made from those decisions with their
owners and due dates. Content first (blocks), then the writers lay it out, as the plan document
does. A meeting's minutes are small, so they are made in the request: measured on a busy two-core
machine, a meeting with attendance, minutes, a decision and its action takes about 0.3 s as PDF/A
and 0.5 s as ODT. Only the first PDF of a worker process also loads WeasyPrint and its fonts
(a few seconds, once)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from koers.reports import blocks as block_documents
from koers.reports.blocks import Block, BlockDocument

from .models import Decision, Meeting
from .reference import AttendanceStatus, MeetingStatus

MinutesContent = BlockDocument  # the minutes are a block document (koers.reports.blocks)


def _day(value: Any) -> str:
    return formats.date_format(value, "j F Y") if value else "—"


def _decision_rows(decisions: list[Decision]) -> list[list[str]]:
    return [
        [
            str(decision.number),
            decision.text,
            decision.get_status_display(),
            ", ".join(s.name for s in decision.subprojects.all()) or "—",
        ]
        for decision in decisions
    ]


def gather(meeting: Meeting) -> MinutesContent:
    """What the minutes say. ``meeting`` comes from ``selectors.get_meeting`` (all prefetched)."""
    blocks: list[Block] = []
    starts = timezone.localtime(meeting.starts_at)
    when = formats.date_format(starts, "l j F Y, H:i")
    if meeting.ends_at:
        when += "–" + formats.time_format(timezone.localtime(meeting.ends_at), "H:i")
    subtitle = [
        meeting.body.name,
        when,
        " · ".join(part for part in (meeting.location, meeting.online_link) if part),
    ]
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        approver = meeting.minutes_approved_by
        subtitle.append(
            _("Minutes approved on %(date)s by %(who)s.")
            % {
                "date": _day(
                    timezone.localtime(meeting.minutes_approved_at).date()
                    if meeting.minutes_approved_at
                    else None
                ),
                "who": (getattr(approver, "full_name", "") or getattr(approver, "email", ""))
                if approver
                else "—",
            }
        )
    else:
        subtitle.append(_("Concept minutes: not approved yet."))

    groups: dict[str, list[str]] = {}
    for row in meeting.attendance.all():
        name = row.person.full_name + (f" ({row.person.partner.name})" if row.person.partner else "")
        groups.setdefault(row.status, []).append(name)
    blocks.append(Block("heading", _("Attendance")))
    for status in (
        AttendanceStatus.PRESENT,
        AttendanceStatus.EXCUSED,
        AttendanceStatus.ABSENT,
        AttendanceStatus.INVITED,
    ):
        if groups.get(status):
            blocks.append(
                Block("paragraph", f"{str(status.label).capitalize()}: " + ", ".join(groups[status]))
            )
    if meeting.general_notes:
        blocks.append(Block("heading", _("General minutes")))
        blocks.append(Block("paragraph", meeting.general_notes))

    blocks.append(Block("heading", _("Agenda and minutes")))
    for number, item in enumerate(meeting.agenda_items.all(), 1):
        blocks.append(Block("heading", f"{number}. {item.title}", level=3))
        extra = []
        if item.presenter:
            extra.append(_("Presenter: %(name)s") % {"name": item.presenter.full_name})
        if item.minutes_allotted:
            extra.append(_("%(n)d min.") % {"n": item.minutes_allotted})
        if extra:
            blocks.append(Block("paragraph", " · ".join(extra), note=True))
        blocks.append(Block("paragraph", item.minutes or _("No minutes for this item.")))
        if item.carry_over:
            blocks.append(Block("paragraph", _("Carried over to the next meeting."), note=True))
        item_decisions = list(item.decisions.all())
        if item_decisions:
            blocks.append(
                Block(
                    "table",
                    headers=[_("No."), _("Decision"), _("Status"), _("Sub-projects")],
                    rows=_decision_rows(item_decisions),
                    widths=[1, 8, 2, 4],
                )
            )

    decisions = list(meeting.decisions.all())
    loose = [d for d in decisions if d.agenda_item_id is None]
    if loose:
        blocks.append(Block("heading", _("Other decisions")))
        blocks.append(
            Block(
                "table",
                headers=[_("No."), _("Decision"), _("Status"), _("Sub-projects")],
                rows=_decision_rows(loose),
                widths=[1, 8, 2, 4],
            )
        )
    action_rows = [
        [
            action.title,
            str(decision.number),
            action.owner.full_name if action.owner else "—",
            action.organisation.name if action.organisation else "—",
            _day(action.due_date),
            action.get_status_display(),
        ]
        for decision in decisions
        for action in decision.actions.all()
    ]
    blocks.append(Block("heading", _("Actions from the decisions")))
    if action_rows:
        blocks.append(
            Block(
                "table",
                headers=[
                    _("Action"),
                    _("Decision"),
                    _("Owner"),
                    _("Organisation"),
                    _("Due date"),
                    _("Status"),
                ],
                rows=action_rows,
                widths=[6, 2, 3, 3, 3, 2],
            )
        )
    else:
        blocks.append(Block("paragraph", _("No actions were made from the decisions of this meeting.")))
    title = _("Minutes: %(meeting)s of %(date)s") % {
        "meeting": meeting.title or meeting.body.name,
        "date": _day(starts.date()),
    }
    return MinutesContent(
        title=title,
        organisation=meeting.programme.organisation.name,
        programme=meeting.programme.name,
        subtitle=[line for line in subtitle if line],
        blocks=blocks,
    )


def filename(meeting: Meeting) -> str:
    return f"verslag-{meeting.body.name}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}"


def response(meeting: Meeting, fmt: str) -> HttpResponse:
    return block_documents.response(gather(meeting), fmt, filename=filename(meeting))
