"""What the plan of approach document says, written from a version's snapshot only: the document
of an approved version always says what was approved. The writers lay out these blocks."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from koers.teams.reference import BodyKind

from .diff import LOGIC_MODEL_FIELDS, euros, show, source_totals
from .models import PlanVersion, PlanVersionStatus


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
class PlanContent:
    title: str
    programme: str
    organisation: str
    subtitle: list[str]
    blocks: list[Block]


def long_date(value: str | dt.date | dt.datetime | None) -> str:
    if not value:
        return "—"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    return formats.date_format(value, "j F Y")


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def heading(self, text: str, level: int = 2) -> None:
        self.blocks.append(Block("heading", text=text, level=level))

    def paragraph(self, text: str, note: bool = False) -> None:
        if text:
            self.blocks.append(Block("paragraph", text=text, note=note))

    def table(self, headers: list[str], rows: list[list[str]], widths: list[float] | None = None) -> None:
        self.blocks.append(Block("table", headers=headers, rows=rows, widths=widths))


def target_group(sub: dict[str, Any]) -> str:
    low, high = sub.get("target_min_age"), sub.get("target_max_age")
    ages = ""
    if low is not None and high is not None:
        ages = _("%(low)s to %(high)s years") % {"low": low, "high": high}
    elif low is not None:
        ages = _("from %(low)s years") % {"low": low}
    elif high is not None:
        ages = _("up to %(high)s years") % {"high": high}
    return " · ".join(part for part in (ages, sub.get("target_description", "")) if part) or "—"


def gather(version: PlanVersion) -> PlanContent:
    snap = version.snapshot
    programme = snap.get("programme", {})
    status = PlanVersionStatus(version.status).label
    subtitle = [
        _("%(programme)s · %(municipality)s")
        % {"programme": programme.get("name", ""), "municipality": programme.get("municipality", "")},
        _("Version %(number)s · %(status)s") % {"number": version.number, "status": status},
        _("Data as of %(date)s") % {"date": long_date(snap.get("taken_at"))},
    ]
    if version.status == PlanVersionStatus.APPROVED:
        subtitle.append(
            _("Approved on %(date)s by %(body)s")
            % {"date": long_date(version.approved_on), "body": version.approved_by}
        )
    b = _Builder()
    goals, subs = snap.get("goals", []), snap.get("subprojects", [])
    totals = source_totals(snap)
    grand_total = sum(totals.values(), Decimal(0))

    b.heading(_("Summary"))
    b.paragraph(
        _(
            "This plan of approach has %(areas)s focus areas, %(goals)s goals and %(subs)s sub-projects "
            "with a planned budget of %(total)s."
        )
        % {
            "areas": len(snap.get("focus_areas", [])),
            "goals": len(goals),
            "subs": len(subs),
            "total": euros(grand_total),
        }
    )
    b.heading(_("The analysis it builds on"), level=3)
    analysis = snap.get("analysis")
    if analysis:
        b.paragraph(
            _("The safety analysis, version %(number)s of %(date)s.")
            % {"number": analysis["number"], "date": long_date(analysis["generated_at"])}
        )
    else:
        b.paragraph(_("No version of the safety analysis document had been made yet."))
    answered = sorted({title for goal in goals for title in goal.get("findings", [])})
    if answered:
        b.paragraph(_("The goals answer these findings:") + "\n" + "\n".join(f"– {t}" for t in answered))

    b.heading(_("Focus areas"))
    if snap.get("focus_areas"):
        b.table(
            [_("Focus area"), _("Description")],
            [[area["name"], area.get("description") or "—"] for area in snap["focus_areas"]],
            widths=[4, 8],
        )
    else:
        b.paragraph(_("No focus areas have been chosen yet."))

    b.heading(_("Goals"))
    if not goals:
        b.paragraph(_("No goals have been written yet."))
    for goal in goals:
        b.heading(goal["title"], level=3)
        b.table(
            [_("Part"), _("Text")],
            [
                [_("Specific"), goal.get("specific") or "—"],
                [_("Measurable"), goal.get("measurable") or "—"],
                [_("Acceptable"), goal.get("acceptable") or "—"],
                [_("Realistic"), goal.get("realistic") or "—"],
                [_("Time-bound"), long_date(goal.get("deadline"))],
                [_("Answers findings"), show("findings", goal.get("findings"))],
            ],
            widths=[3, 9],
        )

    b.heading(_("Sub-projects"))
    if not subs:
        b.paragraph(_("No sub-projects have been described yet."))
    for sub in subs:
        b.heading(sub["name"], level=3)
        b.paragraph(sub.get("description", ""))
        b.table(
            [_("Item"), _("Value")],
            [
                [_("Status"), show("status", sub.get("status"))],
                [_("Kwartiermaker"), sub.get("kwartiermaker") or "—"],
                [_("Focus areas"), show("focus_areas", sub.get("focus_areas"))],
                [_("Target group"), target_group(sub)],
                [_("Areas"), show("areas", sub.get("areas"))],
                [_("Goals served"), show("goals", sub.get("goals"))],
                [_("Partner organisations"), show("partners", sub.get("partners"))],
                [_("Period"), f"{long_date(sub.get('start_date'))} – {long_date(sub.get('end_date'))}"],
            ],
            widths=[4, 8],
        )
        b.heading(_("Logic model"), level=4)
        model = sub.get("logic_model", {})
        b.table(
            [_("Part"), _("Text")],
            [[str(label).capitalize(), model.get(key) or "—"] for key, label in LOGIC_MODEL_FIELDS.items()],
            widths=[3, 9],
        )
        b.heading(_("Interventions"), level=4)
        if sub.get("interventions"):
            b.table(
                [_("Intervention"), _("Evidence level")],
                [[item["name"], item.get("evidence_level") or "—"] for item in sub["interventions"]],
                widths=[8, 4],
            )
        elif sub.get("no_intervention_reason"):
            b.paragraph(_("No existing intervention: %(reason)s") % {"reason": sub["no_intervention_reason"]})
        else:
            b.paragraph(_("No interventions have been linked."), note=True)
        if sub.get("raci"):
            b.heading(_("Who does what (RACI)"), level=4)
            b.table(
                [_("Task"), _("Responsible"), _("Accountable"), _("Consulted"), _("Informed")],
                [list(row) for row in sub["raci"]],
            )
        if sub.get("actions"):
            b.heading(_("Actions"), level=4)
            b.table(
                [_("Action"), _("Owner"), _("Due date"), _("Status")],
                [
                    [a["title"], a.get("owner") or "—", long_date(a.get("due")), a.get("status_label") or "—"]
                    for a in sub["actions"]
                ],
                widths=[6, 3, 3, 2],
            )

    b.heading(_("Timeline"))
    timeline = sorted(
        (m["due"], sub["name"], m["title"], m.get("done_on"))
        for sub in subs
        for m in sub.get("milestones", [])
    )
    if timeline:
        b.table(
            [_("Date"), _("Sub-project"), _("Milestone"), _("Reached on")],
            [
                [long_date(due), name, title, long_date(done) if done else "—"]
                for due, name, title, done in timeline
            ],
            widths=[3, 4, 5, 3],
        )
    else:
        b.paragraph(_("No milestones have been planned yet."))

    b.heading(_("Budget"))
    lines = [(sub["name"], line) for sub in subs for line in sub.get("budget_lines", [])]
    if lines:
        b.table(
            [
                _("Sub-project"),
                _("Description"),
                _("Funding source"),
                _("Planned"),
                _("Committed"),
                _("Spent"),
            ],
            [
                [
                    name,
                    line["description"],
                    line["funding_source"],
                    euros(line["planned"]),
                    euros(line["committed"]),
                    euros(line["spent"]),
                ]
                for name, line in lines
            ],
            widths=[3, 3, 3, 2, 2, 2],
        )
        by_source: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
        for _name, line in lines:
            for i, key in enumerate(("planned", "committed", "spent")):
                by_source[line["funding_source"]][i] += Decimal(line[key])
        b.heading(_("Totals per funding source"), level=3)
        rows = [[source, *(euros(v) for v in values)] for source, values in sorted(by_source.items())]
        rows.append(
            [_("Total"), *(euros(sum((v[i] for v in by_source.values()), Decimal(0))) for i in range(3))]
        )
        b.table([_("Funding source"), _("Planned"), _("Committed"), _("Spent")], rows, widths=[5, 2, 2, 2])
    else:
        b.paragraph(_("No budget lines have been entered yet."))

    b.heading(_("Governance"))
    bodies = snap.get("bodies", [])
    if bodies:
        b.table(
            [_("Body"), _("Kind"), _("Chair"), _("Mandate"), _("Members")],
            [
                [
                    body["name"],
                    str(BodyKind(body["kind"]).label) if body["kind"] in BodyKind.values else body["kind"],
                    body.get("chair") or "—",
                    body.get("mandate") or "—",
                    show("members", body.get("members")),
                ]
                for body in bodies
            ],
            widths=[3, 2, 2, 4, 4],
        )
    else:
        b.paragraph(_("No bodies have been set up in step 1 yet."))

    return PlanContent(
        title=_("Plan of approach"),
        programme=programme.get("name", ""),
        organisation=programme.get("organisation", ""),
        subtitle=subtitle,
        blocks=b.blocks,
    )
