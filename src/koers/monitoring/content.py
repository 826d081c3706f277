"""What a progress report (voortgangsrapportage) says: per sub-project where it stands and why,
the decisions and course adjustments of the period, the communication done in it and the next
steps (open actions and milestones due in the following period of the same length). The writers
lay out these blocks as PDF/A and ODT."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from koers.meetings.models import Decision
from koers.plan.models import SubProjectMilestone

from . import selectors
from .models import ProgressReport
from .reference import Standing
from .status import standings


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph" or "table"
    text: str = ""
    level: int = 2
    note: bool = False
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] | None = None


@dataclass
class ReportContent:
    title: str
    programme: str
    organisation: str
    subtitle: list[str]
    blocks: list[Block] = field(default_factory=list)

    def heading(self, text: str, level: int = 2) -> None:
        self.blocks.append(Block("heading", text=text, level=level))

    def paragraph(self, text: str, note: bool = False) -> None:
        if text:
            self.blocks.append(Block("paragraph", text=text, note=note))

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float] | None = None) -> None:
        self.blocks.append(Block("table", headers=headers, rows=rows, widths=widths))


def day(value: dt.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else "—"


def standing_label(value: str | None) -> str:
    return str(Standing(value).label) if value else _("not monitored")


def next_period(report: ProgressReport) -> tuple[dt.date, dt.date]:
    """The following period of the same length: where the next steps come from."""
    length = (report.period_end - report.period_start).days
    start = report.period_end + dt.timedelta(days=1)
    return start, start + dt.timedelta(days=length)


def gather(report: ProgressReport) -> ReportContent:
    programme = report.programme
    start, end = report.period_start, report.period_end
    as_of = min(end, timezone.localdate())
    content = ReportContent(
        title=_("Progress report"),
        programme=programme.name,
        organisation=programme.organisation.name,
        subtitle=[
            _("%(programme)s · %(organisation)s")
            % {"programme": programme.name, "organisation": programme.organisation.name},
            _("Period %(start)s to %(end)s") % {"start": day(start), "end": day(end)},
            _("For: %(audience)s") % {"audience": report.get_audience_display()},
        ],
    )
    found = standings(programme, as_of)
    subs = list(programme.subprojects.select_related("kwartiermaker").order_by("name", "pk"))

    content.heading(_("Where the sub-projects stand"))
    content.paragraph(
        _(
            "As of %(date)s. Koers computes the standing from overdue actions and missed milestones; "
            "the kwartiermaker's own assessment and explanation stand beside it."
        )
        % {"date": day(as_of)},
        note=True,
    )
    if subs:
        rows = []
        for sub in subs:
            standing = found.get(sub.pk)
            assessment = standing.assessment if standing else None
            rows.append(
                [
                    sub.name,
                    standing_label(standing.computed if standing else None),
                    "; ".join(standing.reasons) if standing and standing.reasons else "—",
                    (
                        f"{standing_label(assessment.standing)} ({day(assessment.assessed_on)}): "
                        f"{assessment.explanation or '—'}"
                    )
                    if assessment
                    else _("no assessment yet"),
                ]
            )
        content.table(
            [_("Sub-project"), _("Computed standing"), _("Why"), _("Kwartiermaker's assessment")],
            rows,
            widths=[3, 2, 3.5, 4.5],
        )
    else:
        content.paragraph(_("The programme has no sub-projects yet."))

    content.heading(_("Decisions in this period"))
    decisions = list(
        Decision.objects.filter(programme=programme, decided_on__gte=start, decided_on__lte=end)
        .select_related("body")
        .order_by("decided_on", "number", "pk")
    )
    if decisions:
        content.table(
            [_("Decision"), _("Date"), _("Text")],
            [[str(d), day(d.decided_on), d.text] for d in decisions],
            widths=[3, 2.5, 6.5],
        )
    else:
        content.paragraph(_("No decisions were taken in this period."))

    content.heading(_("Course adjustments in this period"))
    adjustments = selectors.adjustments_between(programme, start, end)
    if adjustments:
        content.table(
            [_("What changed"), _("The change"), _("Why"), _("Decided by")],
            [
                [
                    a.get_kind_display().capitalize()
                    + (f": {a.subproject.name}" if a.subproject else "")
                    + (f": {a.goal.title}" if a.goal else ""),
                    a.description,
                    f"{a.get_reason_kind_display().capitalize()}: {a.reason}",
                    f"{a.decided_by} ({day(a.decided_on)})",
                ]
                for a in adjustments
            ],
            widths=[3, 3.5, 3.5, 2],
        )
    else:
        content.paragraph(_("The course was not adjusted in this period."))

    content.heading(_("Communication in this period"))
    moments = selectors.communication_done(programme, start, end)
    if moments:
        content.table(
            [_("Communication"), _("Audience"), _("Done on")],
            [[m.title, str(getattr(m, "audience", "") or "—"), day(m.done_on)] for m in moments],
            widths=[6, 3, 3],
        )
    else:
        content.paragraph(_("No communication moments were recorded as done in this period."))

    next_start, next_end = next_period(report)
    content.heading(_("Next steps"))
    content.paragraph(
        _("Open actions and milestones due from %(start)s to %(end)s.")
        % {"start": day(next_start), "end": day(next_end)},
        note=True,
    )
    actions = list(
        selectors.open_actions(programme)
        .filter(due_date__lte=next_end)
        .select_related("subproject", "owner")
        .order_by("due_date", "title", "pk")[:100]
    )
    if actions:
        content.table(
            [_("Action"), _("Sub-project"), _("Owner"), _("Due date")],
            [
                [
                    a.title,
                    a.subproject.name if a.subproject else _("whole programme"),
                    a.owner.full_name if a.owner else "—",
                    day(a.due_date)
                    + (" · " + _("overdue") if a.due_date and a.due_date < next_start else ""),
                ]
                for a in actions
            ],
            widths=[5, 3, 2, 2],
        )
    else:
        content.paragraph(_("No open actions are due."))
    milestones = list(
        SubProjectMilestone.objects.filter(
            subproject__programme=programme, done_on__isnull=True, due__gte=next_start, due__lte=next_end
        )
        .select_related("subproject")
        .order_by("due", "title")
    )
    if milestones:
        content.heading(_("Milestones"), level=3)
        content.table(
            [_("Milestone"), _("Sub-project"), _("Date")],
            [[m.title, m.subproject.name, day(m.due)] for m in milestones],
            widths=[6, 4, 2],
        )
    return content
