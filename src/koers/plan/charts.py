"""The plan's timeline as a Gantt-style chart: one bar per sub-project from start to end and a
diamond per milestone, drawn on the server as plain SVG. One image (``role="img"``) with a
``<title>``; the page shows the same data as a table. No inline styles or scripts (CSP): colours
come from presentation attributes."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from html import escape

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from koers.programmes.models import Programme

from .models import SubProject

LABEL_WIDTH = 220
CHART_WIDTH = 560
ROW_HEIGHT = 30
AXIS_HEIGHT = 28
BAR = "#0b6cbf"
MILESTONE = "#b3541e"
DONE = "#2e7d32"
GRID = "#c8c8c8"
TEXT = "#1a1a1a"


def _span(programme: Programme, items: Sequence[SubProject]) -> tuple[datetime.date, datetime.date] | None:
    dates: list[datetime.date] = []
    for sub in items:
        if sub.start_date and sub.end_date:
            dates += [sub.start_date, sub.end_date]
            dates += [m.due for m in sub.milestones.all()]
    if not dates:
        return None
    start = min([*dates, programme.start_date])
    end = max([*dates, *([programme.end_date] if programme.end_date else [])])
    return datetime.date(start.year, 1, 1), datetime.date(end.year + 1, 1, 1)


def gantt(programme: Programme, items: Sequence[SubProject]) -> SafeString | None:
    """The chart of the sub-projects with both dates, or None when none has them."""
    dated = [s for s in items if s.start_date and s.end_date]
    span = _span(programme, dated)
    if span is None:
        return None
    first, last = span
    days = (last - first).days or 1

    def x(day: datetime.date) -> float:
        return round(LABEL_WIDTH + CHART_WIDTH * (day - first).days / days, 1)

    height = AXIS_HEIGHT + ROW_HEIGHT * len(dated) + 4
    width = LABEL_WIDTH + CHART_WIDTH + 10
    parts: list[str] = []
    for year in range(first.year, last.year + 1):
        gx = x(datetime.date(year, 1, 1))
        parts.append(f'<line x1="{gx}" y1="{AXIS_HEIGHT - 6}" x2="{gx}" y2="{height}" stroke="{GRID}"/>')
        if year < last.year:
            parts.append(
                f'<text x="{gx + 4}" y="{AXIS_HEIGHT - 10}" font-size="12" fill="{TEXT}">{year}</text>'
            )
    for row, sub in enumerate(dated):
        top = AXIS_HEIGHT + row * ROW_HEIGHT
        name = sub.name if len(sub.name) <= 30 else f"{sub.name[:29]}…"
        parts.append(f'<text x="4" y="{top + 19}" font-size="12" fill="{TEXT}">{escape(name)}</text>')
        assert sub.start_date and sub.end_date
        x1, x2 = x(sub.start_date), x(sub.end_date)
        parts.append(
            f'<rect x="{x1}" y="{top + 7}" width="{max(x2 - x1, 2)}" height="14" rx="2" fill="{BAR}"/>'
        )
        for milestone in sub.milestones.all():
            mx, my = x(milestone.due), top + 14
            colour = DONE if milestone.done_on else MILESTONE
            parts.append(
                f'<path d="M{mx} {my - 8} L{mx + 7} {my} L{mx} {my + 8} L{mx - 7} {my} Z" fill="{colour}" '
                f'stroke="#ffffff"/>'
            )
    label = escape(
        _("Timeline of %(n)d sub-projects from %(start)s to %(end)s; the table below lists the same dates.")
        % {
            "n": len(dated),
            "start": date_format(min(s.start_date for s in dated if s.start_date)),
            "end": date_format(max(s.end_date for s in dated if s.end_date)),
        }
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="koers-chart__svg" role="img" aria-label="{label}" '
        f'focusable="false" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{label}</title>{''.join(parts)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308  (built here from escaped text and numbers)
