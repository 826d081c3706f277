"""The StatLine "table export" CSV of CBS and data.politie.nl: a title line, filter lines such as
``Soort misdrijf: Totaal misdrijven``, an empty line, then ``Onderwerp``, ``Perioden`` and the
unit line, one data row per region **name** and a footer ``Bron: …``. Regions are matched by name
to the region list; rows that are not areas (regional units, abroad, "niet in te delen") are
skipped with a note, unknown names refuse the file (ADR 0017)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Area, AreaLevel, Classification, DatasetKind, Measure, MeasureKind
from .parsers import (
    MAX_BYTES,
    MAX_PROBLEMS,
    OBSERVATION_COLUMNS,
    ParseError,
    Problem,
    decode,
    fail,
    parse_period,
    with_periods,
)
from .services import (
    FileLike,
    ImportResult,
    MeasureSpec,
    Progress,
    _check_actor,
    _read_bytes,
    _report,
    store_observations,
)

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
QUARTER_RE = re.compile(r"^(?P<year>\d{4}) (?P<quarter>[1-4])e kwartaal$")
MONTH_RE = re.compile(r"^(?P<year>\d{4}) (?P<month>[a-z]+)$")
YEAR_RE = re.compile(r"^\d{4}$")
DUTCH_NUMBER_RE = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
SUFFIX_RE = re.compile(r"\s*\((?:gemeente|[a-z]{1,3}\.)\)$", re.IGNORECASE)
REGIONAL_UNIT_RE = re.compile(r"\((?:RE|PV|LD)\)$")
NOT_AN_AREA = (
    "buitenland",
    "niet in te delen",
    "gemeenten; niet in te delen",
    "onbekend",
)
COUNTRY_NAMES = ("nederland",)
ROW_DIMENSIONS = ("regio", "gemeente", "wijk", "buurt")


# Small pieces ------------------------------------------------------------------------------------


def statline_period(text: str) -> str | None:
    """A StatLine period label as a period code: ``2022`` → ``2022JJ00``, ``2022 januari`` →
    ``2022MM01``, ``2022 1e kwartaal`` → ``2022KW01``. Provisional marks (``2024*``) are dropped;
    codes as bulk files write them are accepted too."""
    text = " ".join(text.strip().rstrip("*").split()).lower()
    if YEAR_RE.match(text):
        return f"{text}JJ00"
    if (match := QUARTER_RE.match(text)) is not None:
        return f"{match.group('year')}KW0{match.group('quarter')}"
    if (match := MONTH_RE.match(text)) is not None and match.group("month") in MONTHS:
        return f"{match.group('year')}MM{MONTHS.index(match.group('month')) + 1:02d}"
    period = parse_period(text.upper())
    return period.code if period else None


def dutch_number(text: str) -> str | None:
    """A number written the Dutch way (``1.234,5``, ``25,6``, ``805559``) as plain decimal text
    (``1234.5``); None when it is not such a number."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if not DUTCH_NUMBER_RE.match(text):
        return None
    return text.replace(".", "").replace(",", ".")


def name_key(name: str) -> str:
    """A region name for matching: case and spacing ignored, diacritics kept (Súdwest-Fryslân)."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def without_suffix(name: str) -> str:
    """``Groningen (gemeente)`` → ``Groningen``; ``Beek (L.)`` → ``Beek``."""
    return SUFFIX_RE.sub("", name.strip())


class NameMatcher:
    """Region names to area codes, through the names in the region list (countries and
    municipalities). A name matches exactly, or else without its suffix when that is unique."""

    def __init__(self, areas: list[tuple[str, str]]) -> None:
        self.exact: dict[str, set[str]] = {}
        self.bare: dict[str, set[str]] = {}
        for code, name in areas:
            self.exact.setdefault(name_key(name), set()).add(code)
            self.bare.setdefault(name_key(without_suffix(name)), set()).add(code)

    def match(self, name: str) -> str | None:
        codes = self.exact.get(name_key(name))
        if not codes:
            codes = self.bare.get(name_key(without_suffix(name)))
        if codes and len(codes) == 1:
            return next(iter(codes))
        return None


def region_note(name: str) -> str | None:
    """Why a row is not an area and is skipped, or None when it should be one."""
    key = name_key(name)
    if REGIONAL_UNIT_RE.search(name.strip()):
        return _("“%(name)s” is a police regional unit or province, not an area in the region list.") % {
            "name": name
        }
    if key in COUNTRY_NAMES:
        return _("“%(name)s”: the region list of this year has no country.") % {"name": name}
    if key in NOT_AN_AREA or "niet in te delen" in key:
        return _("“%(name)s” is not an area: figures that cannot be placed in a municipality.") % {
            "name": name
        }
    return None


# The file ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatlineColumn:
    topic: str
    period: str
    unit: str


@dataclass(frozen=True)
class StatlineRow:
    name: str
    values: list[str]
    row: int


@dataclass
class StatlineTable:
    title: str
    filters: list[tuple[str, str]]
    row_dimension: str
    columns: list[StatlineColumn]
    rows: list[StatlineRow] = field(default_factory=list)
    source_line: str = ""


TOPIC_LINE_RE = re.compile(r'^"?Onderwerp"?\s*([;,\t])', re.MULTILINE)


def statline_separator(text: str) -> str:
    """The separator after ``Onderwerp`` (the title line may hold both ``;`` and ``,``)."""
    match = TOPIC_LINE_RE.search(text[:100_000])
    if match is not None:
        return match.group(1)
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") >= first.count(",") else ","


def parse_statline(data: bytes, *, max_bytes: int = MAX_BYTES) -> StatlineTable:
    """The StatLine table export as written: header lines, rows of region names and values."""
    text = decode(data, max_bytes=max_bytes)
    separator = statline_separator(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    cells = [[cell.strip() for cell in record] for record in records]
    topic_line = next((i for i, record in enumerate(cells) if record and record[0] == "Onderwerp"), None)
    if topic_line is None or topic_line + 2 >= len(cells):
        raise fail(
            _(
                "This is not a StatLine table export: the line “Onderwerp” with the topics is missing. "
                "Download the table from StatLine as CSV without changing it."
            )
        )
    title = cells[0][0] if cells[0] else ""
    filters = []
    for record in cells[1:topic_line]:
        if record and ":" in record[0]:
            dimension, _sep, value = record[0].partition(":")
            filters.append((dimension.strip(), value.strip()))
    topics, periods, units = cells[topic_line], cells[topic_line + 1], cells[topic_line + 2]
    if not periods or periods[0] != "Perioden":
        raise fail(
            _("The line after “Onderwerp” must be “Perioden” with the periods as columns."),
            row=topic_line + 2,
        )
    row_dimension = units[0] if units else ""
    if not any(word in row_dimension.lower() for word in ROW_DIMENSIONS):
        raise fail(
            _(
                "The rows must be regions (“Regio's”), found “%(found)s”. Put the regions in the rows "
                "and the periods in the columns when downloading from StatLine."
            )
            % {"found": row_dimension or "-"},
            row=topic_line + 3,
        )
    width = len(topics)
    problems = []
    for offset, record in ((1, periods), (2, units)):
        if len(record) != width:
            problems.append(
                Problem(
                    _("This row has %(found)s fields, the header has %(expected)s.")
                    % {"found": len(record), "expected": width},
                    row=topic_line + 1 + offset,
                )
            )
    if problems:
        raise ParseError(problems)
    columns = []
    for index in range(1, width):
        code = statline_period(periods[index])
        if code is None:
            problems.append(
                Problem(
                    _("“%(value)s” is not a period such as 2023, 2023 januari or 2023 1e kwartaal.")
                    % {"value": periods[index]},
                    row=topic_line + 2,
                    column=topics[index] or str(index + 1),
                )
            )
            continue
        columns.append(StatlineColumn(topic=topics[index][:80], period=code, unit=units[index]))
    if problems:
        raise ParseError(problems)
    if not columns:
        raise fail(_("The export has no columns with figures."), row=topic_line + 1)
    seen = {}
    for index, column in enumerate(columns):
        key = (column.topic, column.period)
        if key in seen:
            raise fail(
                _("The topic %(topic)s and period %(period)s appear in two columns.")
                % {"topic": column.topic, "period": column.period},
                row=topic_line + 2,
            )
        seen[key] = index

    table = StatlineTable(title=title, filters=filters, row_dimension=row_dimension, columns=columns)
    for number, record in enumerate(cells[topic_line + 3 :], start=topic_line + 4):
        if not any(record):
            continue
        if len(record) == 1 and record[0].lower().startswith(("bron:", "bron ")):
            table.source_line = record[0]
            break
        if len(record) != width:
            problems.append(
                Problem(
                    _("This row has %(found)s fields, the header has %(expected)s.")
                    % {"found": len(record), "expected": width},
                    row=number,
                )
            )
        else:
            table.rows.append(StatlineRow(name=record[0], values=record[1:], row=number))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ParseError(problems)
    if not table.rows:
        raise fail(_("The export has no rows with figures."))
    return table


def statline_measure(table: StatlineTable, classification: str, measure_code: str | None) -> MeasureSpec:
    """The measure of the whole export: the code given, or the filter line (``Soort misdrijf:
    Totaal misdrijven``) matched against the names of the classification's measures."""
    if measure_code:
        measure = Measure.objects.filter(classification=classification, code=measure_code).first()
        if measure is None:
            raise fail(
                _("The code %(code)s is not in the code list of %(classification)s.")
                % {"code": measure_code, "classification": Classification(classification).label}
            )
        return MeasureSpec(classification, measure.code, measure.title, measure.description, measure.kind)
    if not table.filters:
        raise fail(
            _(
                "The export has no filter line such as “Soort misdrijf: Totaal misdrijven”, so Koers "
                "cannot tell what the figures count. Give the code of the measure."
            ),
            row=2,
        )
    wanted = [name_key(value) for _dimension, value in table.filters]
    for measure in Measure.objects.filter(classification=classification).order_by("code"):
        names = {name_key(measure.title), name_key(measure.title.removeprefix(measure.code))}
        if names & set(wanted):
            return MeasureSpec(classification, measure.code, measure.title, measure.description, measure.kind)
    if classification == Classification.OWN:
        value = table.filters[0][1]
        return MeasureSpec(classification, value[:20], value, "", MeasureKind.TOTAL)
    raise fail(
        _(
            "“%(value)s” is not the name of a measure in %(classification)s. Import the code list first "
            "or give the code of the measure."
        )
        % {"value": table.filters[0][1], "classification": Classification(classification).label},
        row=2,
    )


def statline_frame(
    table: StatlineTable, matcher: NameMatcher, measure: str
) -> tuple[pl.DataFrame, list[str], int, dict[str, str]]:
    """The observations in long form, the notes on skipped rows, how many were skipped, and the
    names matched to codes."""
    problems: list[Problem] = []
    notes: list[str] = []
    skipped = 0
    matched: dict[str, str] = {}
    records: list[tuple[int, str, str, str, str, str]] = []
    for row in table.rows:
        code = matcher.match(row.name)
        if code is None:
            note = region_note(row.name)
            if note is None:
                problems.append(
                    Problem(
                        _(
                            "The region “%(name)s” is not in the region list (no municipality or country "
                            "with this name). Import the region list of the right year."
                        )
                        % {"name": row.name},
                        row=row.row,
                        column=table.row_dimension,
                    )
                )
            else:
                skipped += 1
                notes.append(_("Row %(row)s skipped: %(reason)s") % {"row": row.row, "reason": note})
            continue
        if code in matched:
            problems.append(
                Problem(
                    _("“%(name)s” is the same region as “%(other)s” (%(code)s).")
                    % {"name": row.name, "other": matched[code], "code": code},
                    row=row.row,
                    column=table.row_dimension,
                )
            )
            continue
        matched[code] = row.name
        for column, raw in zip(table.columns, row.values, strict=True):
            if raw in ("", "."):
                records.append((row.row, code, column.period, column.topic, raw, raw))
                continue
            value = dutch_number(raw)
            if value is None:
                problems.append(
                    Problem(
                        _("“%(value)s” is not a number (such as 1234 or 1.234,5), empty or “.” (unknown).")
                        % {"value": raw},
                        row=row.row,
                        column=f"{column.topic} {column.period}",
                    )
                )
                continue
            records.append((row.row, code, column.period, column.topic, value, "number"))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ParseError(problems)
    frame = pl.DataFrame(
        records,
        schema={
            "_row": pl.UInt32,
            "area": pl.String,
            "period": pl.String,
            "topic": pl.String,
            "value": pl.String,
            "kind": pl.String,
        },
        orient="row",
    )
    frame = frame.with_columns(
        pl.lit(measure).alias("measure"),
        pl.when(pl.col("kind") == "")
        .then(pl.lit("empty"))
        .when(pl.col("kind") == ".")
        .then(pl.lit("unknown"))
        .otherwise(pl.lit(""))
        .alias("status"),
        pl.when(pl.col("kind") == "number").then(pl.col("value")).otherwise(None).alias("value"),
    )
    return with_periods(frame).select(OBSERVATION_COLUMNS), notes, skipped, matched


def region_matcher(reference_year: int | None) -> tuple[NameMatcher, dict[str, int]]:
    """Names of countries and municipalities: of the given division, or of every division with
    the most recent one winning."""
    queryset = Area.objects.filter(level__in=[AreaLevel.COUNTRY, AreaLevel.MUNICIPALITY])
    if reference_year is not None:
        queryset = queryset.filter(reference_year=reference_year)
    latest: dict[str, tuple[str, int]] = {}
    for code, name, pk in queryset.order_by("reference_year").values_list("code", "name", "pk"):
        latest[code] = (name, pk)
    return NameMatcher([(code, name) for code, (name, _pk) in latest.items()]), {
        code: pk for code, (_name, pk) in latest.items()
    }


@transaction.atomic
def statline_import(
    *,
    actor: Any,
    file: FileLike,
    source: str,
    table_id: str,
    title: str,
    licence: str,
    downloaded_on: dt.date,
    classification: str,
    reference_year: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    measure_code: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Import a StatLine table export. All-or-nothing, idempotent and audited as every dataset
    import; rows that are not areas are skipped and listed in ``notes``."""
    _check_actor(actor)
    data = _read_bytes(file, max_bytes)
    _report(progress, _("Reading the file"), 0, 0)
    table = parse_statline(data, max_bytes=max_bytes)
    spec = statline_measure(table, classification, measure_code)
    matcher, area_ids = region_matcher(reference_year)
    frame, notes, skipped, _matched = statline_frame(table, matcher, spec.code)
    result = ImportResult(dry_run=dry_run, skipped=skipped, notes=notes)
    return store_observations(
        actor=actor,
        frame=frame,
        measures={spec.code: spec},
        data=data,
        kind=DatasetKind.STATLINE,
        source=source,
        table_id=table_id,
        title=title,
        licence=licence,
        downloaded_on=downloaded_on,
        reference_year=reference_year,
        dry_run=dry_run,
        progress=progress,
        region_column=table.row_dimension,
        measure_column=table.filters[0][0] if table.filters else "",
        result=result,
        area_ids=area_ids,
        audit_changes={"skipped": skipped, "measure": spec.code},
    )
