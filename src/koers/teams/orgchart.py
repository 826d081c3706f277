"""The organisation chart of a programme's bodies as an SVG picture, drawn on the server.

The steering group is on top, the project team and the project group below it, and the working
groups under the project group (or the project team when there is none), four to a row. Each box
shows the body's name, its kind, chair, secretary and members. The picture is an image with a
title and a description for screen readers (pages show the same as a text list beside it); it
has no scripts, no styles and no external references: colours and sizes are SVG attributes, so it
works under the strictest Content-Security-Policy. The same bodies always give the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .reference import BodyKind

SVG_NS = "http://www.w3.org/2000/svg"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FONT_FAMILY = "Noto Sans, Liberation Sans, DejaVu Sans, Arial, Helvetica, sans-serif"

# Colours (contrast on their background: text ≥ 7:1, lines and borders ≥ 3:1).
DARK_BLUE = "#154273"
LIGHT_BLUE = "#e3eaf2"
TEXT = "#1a1a1a"
MUTED = "#4d4d4d"
WHITE = "#ffffff"

MARGIN = 24
BOX_WIDTH = 248
PADDING = 12
GAP_X = 28
GAP_Y = 48
COLUMNS = 4
NAME_SIZE, NAME_LINE = 15, 19
KIND_SIZE, KIND_LINE = 12, 16
TEXT_SIZE, TEXT_LINE = 13, 18
TEXT_WIDTH = BOX_WIDTH - 2 * PADDING
MEMBER_INDENT = 8
SECTION_GAP = 6

# Which row of the chart each kind of body is drawn in.
LEVELS: dict[str, int] = {
    BodyKind.STUURGROEP: 0,
    BodyKind.PROJECTTEAM: 1,
    BodyKind.PROJECTGROEP: 1,
    BodyKind.WERKGROEP: 2,
}
KIND_ORDER: dict[str, int] = {
    BodyKind.STUURGROEP: 0,
    BodyKind.PROJECTTEAM: 1,
    BodyKind.PROJECTGROEP: 2,
    BodyKind.WERKGROEP: 3,
}

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def body_sort_key(body: Any) -> tuple[int, str, str]:
    """Steering group, project team, project group, then working groups by name."""
    return (KIND_ORDER.get(body.kind, 9), force_str(body.name).casefold(), force_str(body.name))


def _clean(value: Any) -> str:
    return _ILLEGAL_XML.sub("", " ".join(force_str(value).split()))


# Rough advance widths in em of a humanist sans-serif (Noto Sans is among the widest of the fonts
# named above), so that wrapped lines stay inside their box whichever font the viewer has.
_NARROW = set("fijlrtI!|.,:;'`()[] ")
_WIDE = set("mwMW@%")
_CAPITAL = 0.7
_NORMAL = 0.57


def _em(char: str) -> float:
    if char in _NARROW:
        return 0.3
    if char in _WIDE:
        return 0.92
    if char.isupper() or char.isdigit():
        return _CAPITAL if char.isupper() else _NORMAL
    return _NORMAL


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An estimate of the width of ``text`` in pixels at font size ``size``."""
    return sum(_em(char) for char in text) * size * (1.06 if bold else 1.0)


def _wrap(text: str, max_width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``max_width``; words too long for a line are split."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for char in word:
            if current and text_width(current + char, size, bold=bold) > max_width:
                lines.append(current)
                current = ""
            current += char
    lines.append(current)
    return lines


@dataclass(frozen=True)
class _Line:
    text: str
    colour: str = TEXT
    label: bool = False
    indent: int = 0


@dataclass
class _Box:
    name: str
    kind: str
    kind_label: str
    chair: str
    secretary: str
    members: list[str]
    name_lines: list[str] = field(default_factory=list)
    kind_lines: list[str] = field(default_factory=list)
    body_lines: list[_Line] = field(default_factory=list)
    x: float = 0
    y: float = 0

    @property
    def level(self) -> int:
        return LEVELS.get(self.kind, 2)

    row_header_height: int = 0
    row_height: int = 0

    @property
    def header_height(self) -> int:
        own = PADDING + len(self.name_lines) * NAME_LINE + len(self.kind_lines) * KIND_LINE + PADDING // 2
        return max(own, self.row_header_height)

    @property
    def height(self) -> int:
        own = self.header_height + PADDING + len(self.body_lines) * TEXT_LINE + SECTION_GAP + PADDING // 2
        return max(own, self.row_height)

    @property
    def centre(self) -> float:
        return self.x + BOX_WIDTH / 2


def _box(body: Any) -> _Box:
    members = sorted(
        (_clean(person.full_name) for person in _members(body)), key=lambda name: (name.casefold(), name)
    )
    kind = force_str(body.kind)
    try:
        kind_label = force_str(capfirst(BodyKind(kind).label))
    except ValueError:
        kind_label = kind
    box = _Box(
        name=_clean(body.name),
        kind=kind,
        kind_label=kind_label,
        chair=_clean(body.chair.full_name) if body.chair else "",
        secretary=_clean(body.secretary.full_name) if body.secretary else "",
        members=members,
    )
    box.name_lines = _wrap(box.name, TEXT_WIDTH, NAME_SIZE, bold=True)
    box.kind_lines = _wrap(kind_label, TEXT_WIDTH, KIND_SIZE)
    lines: list[_Line] = []
    chair = _("Chair: %(name)s") % {"name": box.chair} if box.chair else _("Chair: not chosen yet")
    lines += [_Line(line) for line in _wrap(chair, TEXT_WIDTH, TEXT_SIZE)]
    if box.secretary:
        secretary = _("Secretary: %(name)s") % {"name": box.secretary}
        lines += [_Line(line) for line in _wrap(secretary, TEXT_WIDTH, TEXT_SIZE)]
    if members:
        lines.append(_Line(_("Members (%(count)d)") % {"count": len(members)}, MUTED, label=True))
        member_width = TEXT_WIDTH - MEMBER_INDENT
        for name in members:
            lines += [_Line(line, indent=MEMBER_INDENT) for line in _wrap(name, member_width, TEXT_SIZE)]
    else:
        lines.append(_Line(_("No members yet"), MUTED, label=True))
    box.body_lines = lines
    return box


def _rows(boxes: list[_Box]) -> list[list[_Box]]:
    """The boxes in rows: one row per level, working groups wrapped ``COLUMNS`` to a row."""
    rows: list[list[_Box]] = []
    for level in (0, 1, 2):
        in_level = [box for box in boxes if box.level == level]
        for start in range(0, len(in_level), COLUMNS):
            rows.append(in_level[start : start + COLUMNS])
    return rows


def _row_width(row: Sequence[_Box]) -> float:
    return len(row) * BOX_WIDTH + (len(row) - 1) * GAP_X


def _fmt(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def _line(parent: ET.Element, x1: float, y1: float, x2: float, y2: float) -> None:
    ET.SubElement(
        parent,
        "line",
        {
            "x1": _fmt(x1),
            "y1": _fmt(y1),
            "x2": _fmt(x2),
            "y2": _fmt(y2),
            "stroke": DARK_BLUE,
            "stroke-width": "1.5",
        },
    )


def _text(
    parent: ET.Element, x: float, y: float, content: str, *, size: int, fill: str, bold: bool = False
) -> None:
    attributes = {"x": _fmt(x), "y": _fmt(y), "font-size": str(size), "fill": fill}
    if bold:
        attributes["font-weight"] = "bold"
    ET.SubElement(parent, "text", attributes).text = content


def _connect(group: ET.Element, parent: _Box, rows: list[list[_Box]]) -> None:
    """Lines from ``parent`` down to every box in ``rows`` (one or more rows of its children)."""
    parent_bottom = parent.y + parent.height
    buses = [row[0].y - GAP_Y / 2 for row in rows]
    trunk_x = min(row[0].x for row in rows) - GAP_X / 2 if len(rows) > 1 else parent.centre
    _line(group, parent.centre, parent_bottom, parent.centre, buses[0])
    if len(rows) > 1:
        _line(group, trunk_x, buses[0], trunk_x, buses[-1])
    for row, bus in zip(rows, buses, strict=True):
        xs = [box.centre for box in row] + [trunk_x]
        if row is rows[0]:
            xs.append(parent.centre)
        if max(xs) > min(xs):
            _line(group, min(xs), bus, max(xs), bus)
        for box in row:
            _line(group, box.centre, bus, box.centre, box.y)


def _draw_box(group: ET.Element, box: _Box) -> None:
    light = box.level == 2
    header_fill, header_text = (LIGHT_BLUE, DARK_BLUE) if light else (DARK_BLUE, WHITE)
    node = ET.SubElement(group, "g")
    ET.SubElement(
        node,
        "rect",
        {
            "x": _fmt(box.x),
            "y": _fmt(box.y),
            "width": str(BOX_WIDTH),
            "height": str(box.height),
            "fill": WHITE,
            "stroke": DARK_BLUE,
            "stroke-width": "1.5",
        },
    )
    ET.SubElement(
        node,
        "rect",
        {
            "x": _fmt(box.x),
            "y": _fmt(box.y),
            "width": str(BOX_WIDTH),
            "height": str(box.header_height),
            "fill": header_fill,
            "stroke": DARK_BLUE,
            "stroke-width": "1.5",
        },
    )
    x = box.x + PADDING
    y = box.y + PADDING
    for name_line in box.name_lines:
        y += NAME_LINE
        _text(node, x, y - 5, name_line, size=NAME_SIZE, fill=header_text, bold=True)
    for kind_line in box.kind_lines:
        y += KIND_LINE
        _text(node, x, y - 4, kind_line, size=KIND_SIZE, fill=header_text)
    y = box.y + box.header_height + PADDING
    for line in box.body_lines:
        if line.label:
            y += SECTION_GAP
        y += TEXT_LINE
        _text(node, x + line.indent, y - 5, line.text, size=TEXT_SIZE, fill=line.colour, bold=line.label)


def _description(boxes: Sequence[_Box]) -> str:
    parts = []
    for box in boxes:
        details = [_("chair %(name)s") % {"name": box.chair}] if box.chair else [_("no chair yet")]
        if box.secretary:
            details.append(_("secretary %(name)s") % {"name": box.secretary})
        if box.members:
            details.append(_("members: %(names)s") % {"names": ", ".join(box.members)})
        else:
            details.append(_("no members yet"))
        parts.append(f"{box.kind_label} {box.name}: {'; '.join(details)}.")
    return " ".join(parts)


def _members(body: Any) -> Iterable[Any]:
    """The members a body shows: ``shown_members`` when the caller derived them (the project
    group's kwartiermakers, see ``selectors.bodies_with_members``), else its own members."""
    shown = getattr(body, "shown_members", None)
    return shown if shown is not None else body.members.all()


def orgchart_svg(bodies: Iterable[Any], *, title: str | None = None, id_prefix: str = "orgchart") -> str:
    """The organisation chart of ``bodies`` (bodies with ``chair``, ``secretary`` and ``members``
    loaded, as :func:`koers.teams.selectors.bodies` gives them) as an SVG document."""
    boxes = [_box(body) for body in sorted(bodies, key=body_sort_key)]
    rows = _rows(boxes)
    width = max([_row_width(row) for row in rows] or [BOX_WIDTH]) + 2 * MARGIN
    y: float = MARGIN
    for row in rows:
        # Boxes in a row line up: the same header height and the same height.
        header_height = max(box.header_height for box in row)
        for box in row:
            box.row_header_height = header_height
        row_height = max(box.height for box in row)
        for box in row:
            box.row_height = row_height
        x = (width - _row_width(row)) / 2
        for box in row:
            box.x, box.y = x, y
            x += BOX_WIDTH + GAP_X
        y += max(box.height for box in row) + GAP_Y
    height = y - GAP_Y + MARGIN if rows else 2 * MARGIN + 40

    title_text = _clean(title or _("Organisation chart of the bodies"))
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "version": "1.1",
            "viewBox": f"0 0 {_fmt(width)} {_fmt(height)}",
            "width": _fmt(width),
            "height": _fmt(height),
            "role": "img",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
            "font-family": FONT_FAMILY,
            XML_LANG: translation.get_language() or "nl",
        },
    )
    ET.SubElement(root, "title", {"id": f"{id_prefix}-title"}).text = title_text
    ET.SubElement(root, "desc", {"id": f"{id_prefix}-desc"}).text = (
        _description(boxes) if boxes else _("There are no bodies yet.")
    )
    ET.SubElement(root, "rect", {"width": "100%", "height": "100%", "fill": WHITE})
    if not boxes:
        _text(root, MARGIN, MARGIN + 24, _("There are no bodies yet."), size=TEXT_SIZE, fill=TEXT)
        return ET.tostring(root, encoding="unicode", xml_declaration=False)

    lines = ET.SubElement(root, "g", {"aria-hidden": "true"})
    by_level = {level: [row for row in rows if row[0].level == level] for level in (0, 1, 2)}
    top = by_level[0][0][0] if by_level[0] else None
    if top is not None and by_level[1]:
        _connect(lines, top, by_level[1])
    if by_level[2]:
        middle = {box.kind: box for row in by_level[1] for box in row}
        parent = middle.get(BodyKind.PROJECTGROEP) or middle.get(BodyKind.PROJECTTEAM) or top
        if parent is not None:
            _connect(lines, parent, by_level[2])
    boxes_group = ET.SubElement(root, "g", {"aria-hidden": "true"})
    for box in boxes:
        _draw_box(boxes_group, box)
    return ET.tostring(root, encoding="unicode", xml_declaration=False)
