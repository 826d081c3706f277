"""Reading official statistics in the formats CBS and the police publish them. Pure functions: bytes
in, plain rows out, or a :class:`ParseError` listing what is wrong, each problem with the row (as a
spreadsheet counts it: the header is row 1), the column and the reason."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import polars as pl
from django.utils.translation import gettext as _

from .models import AreaLevel, Classification, MeasureKind, ObservationStatus

MAX_BYTES = 200 * 1024 * 1024
MAX_PROBLEMS = 20

REGION_COLUMNS = ("RegioS", "WijkenEnBuurten")
PERIOD_COLUMN = "Perioden"
ID_COLUMN = "ID"

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:JJ00|MM(?P<month>0[1-9]|1[0-2])|KW(?P<quarter>0[1-4]))$")
AREA_PATTERNS = (
    (re.compile(r"^NL\d{2}$"), AreaLevel.COUNTRY),
    (re.compile(r"^GM\d{4}$"), AreaLevel.MUNICIPALITY),
    (re.compile(r"^WK\d{4}[0-9A-Z]{2}$"), AreaLevel.DISTRICT),
    (re.compile(r"^BU\d{4}[0-9A-Z]{4}$"), AreaLevel.NEIGHBOURHOOD),
)
POLICE_CODE_RE = re.compile(r"^\d+(?:\.\d+)+$")
SCM_CODE_RE = re.compile(r"^(?:T\d{6}|CRI\d{4}|\d{7})$")
NUISANCE_CODE_RE = re.compile(r"^(?:[A-Z]\d{2,4}|0\.0\.0)$")
NUMBER_RE = r"^-?\d+(?:\.\d+)?$"
DUTCH_DECIMAL_RE = r"^-?\d{1,3}(?:\.\d{3})*,\d+$|^-?\d+,\d+$"
TOPIC_RE = re.compile(r"_\d+$")


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused. ``row`` counts as a spreadsheet does (header = row 1)."""

    message: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("Row %(row)s, column %(column)s: %(reason)s") % {
                "row": self.row,
                "column": self.column,
                "reason": self.message,
            }
        if self.row is not None:
            return _("Row %(row)s: %(reason)s") % {"row": self.row, "reason": self.message}
        if self.column:
            return _("Column %(column)s: %(reason)s") % {"column": self.column, "reason": self.message}
        return self.message


class ParseError(Exception):
    """The file cannot be imported; ``problems`` says why (at most :data:`MAX_PROBLEMS`)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)[:MAX_PROBLEMS]
        super().__init__("; ".join(str(p) for p in self.problems))


def fail(message: str, row: int | None = None, column: str = "") -> ParseError:
    return ParseError([Problem(message, row, column)])


# Small pieces, each tested on its own ------------------------------------------------------------


def clean_key(value: str | None) -> str:
    """A key as published, without the spaces CBS and the police pad it with (``"GM1680    "``)."""
    return (value or "").strip(" ")


@dataclass(frozen=True)
class Period:
    code: str
    year: int
    month: int | None = None
    quarter: int | None = None


def parse_period(value: str) -> Period | None:
    """``2023JJ00`` (year), ``2023MM01`` (month) or ``2023KW01`` (quarter); anything else is None."""
    match = PERIOD_RE.match(value)
    if match is None:
        return None
    month, quarter = match.group("month"), match.group("quarter")
    return Period(
        code=value,
        year=int(match.group("year")),
        month=int(month) if month else None,
        quarter=int(quarter) if quarter else None,
    )


def area_level(code: str) -> str | None:
    for pattern, level in AREA_PATTERNS:
        if pattern.match(code):
            return level
    return None


def area_parent_code(code: str, level: str) -> str | None:
    """A wijk belongs to ``GM`` + its municipality digits, a buurt to ``WK`` + its first six."""
    if level == AreaLevel.DISTRICT:
        return "GM" + code[2:6]
    if level == AreaLevel.NEIGHBOURHOOD:
        return "WK" + code[2:8]
    return None


def decode(data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """The text of an uploaded CSV file: UTF-8 (with or without BOM), UTF-16 with BOM or
    Windows-1252. Other files are refused with a reason a person can act on."""
    if len(data) > max_bytes:
        raise fail(
            _("The file is larger than %(limit)s MB. Split it or ask for a smaller selection.")
            % {"limit": max(1, max_bytes // (1024 * 1024))}
        )
    if data.startswith(b"%PDF"):
        raise fail(_("This is a PDF document, not a CSV file. Download the table as CSV."))
    if data.startswith(b"PK\x03\x04"):
        raise fail(
            _("This is a zip file (perhaps an Excel or ODS workbook), not a CSV file. Save it as CSV.")
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise fail(_("The file says it is UTF-16 but cannot be read as such.")) from exc
    elif b"\x00" in data[:4096]:
        raise fail(_("The file's encoding is not recognised (it contains null bytes). Save it as UTF-8 CSV."))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise fail(_("The file's encoding is not recognised. Save it as UTF-8 CSV.")) from exc
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise fail(_("The file is empty."))
    return text


def _separator(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _check_shape(text: str, separator: str) -> list[str]:
    """The header, after checking that every record has as many fields as the header."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = next(reader)
    width = len(header)
    problems = []
    for number, record in enumerate(reader, start=2):
        if len(record) != width and record:
            problems.append(
                Problem(
                    _("This row has %(found)s fields, the header has %(expected)s.")
                    % {"found": len(record), "expected": width},
                    row=number,
                )
            )
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise ParseError(problems)
    return [clean_key(name) for name in header]


def _read(text: str, separator: str) -> pl.DataFrame:
    header = _check_shape(text, separator)
    if len(set(header)) != len(header):
        duplicate = next(name for name in header if header.count(name) > 1)
        raise fail(_("The header names this column twice."), row=1, column=duplicate)
    frame = pl.read_csv(
        text.encode("utf-8"),
        separator=separator,
        infer_schema=False,
        has_header=True,
        new_columns=header,
        quote_char='"',
    )
    return frame.with_columns(pl.all().fill_null("")).with_row_index("_row", offset=2)


def _require(frame: pl.DataFrame, columns: Iterable[str]) -> None:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise ParseError(
            [
                Problem(
                    _(
                        "The column is missing from the header (row 1). Found: %(found)s. Check that "
                        "the first row is the header and that the column was not renamed."
                    )
                    % {"found": ", ".join(c for c in frame.columns if c != "_row") or "-"},
                    row=1,
                    column=name,
                )
                for name in missing
            ]
        )


def _first_rows(frame: pl.DataFrame, condition: pl.Expr, column: str, message: str) -> list[Problem]:
    bad = frame.filter(condition).select("_row", column).head(MAX_PROBLEMS)
    return [
        Problem(message % {"value": value} if "%(value)s" in message else message, row=row, column=column)
        for row, value in bad.iter_rows()
    ]


def _duplicates(frame: pl.DataFrame, keys: list[str]) -> list[Problem]:
    repeated = frame.filter(pl.struct(keys).is_duplicated()).sort("_row")
    problems: list[Problem] = []
    first_row: dict[tuple[str, ...], int] = {}
    for record in repeated.select("_row", *keys).iter_rows():
        row, key = record[0], tuple(record[1:])
        if key in first_row:
            problems.append(
                Problem(
                    _("The same key (%(key)s) occurs in row %(first)s as well.")
                    % {"key": " / ".join(key), "first": first_row[key]},
                    row=row,
                    column=keys[0],
                )
            )
        else:
            first_row[key] = row
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


# Region list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    level: str
    parent_code: str | None
    row: int


def parse_areas(data: bytes, *, max_bytes: int = MAX_BYTES) -> list[AreaRow]:
    """The region list as published with a police or CBS table (``Key``, ``Title``, …)."""
    text = decode(data, max_bytes=max_bytes)
    frame = _read(text, _separator(text))
    _require(frame, ("Key", "Title"))
    frame = frame.with_columns(pl.col("Key").str.strip_chars(" "), pl.col("Title").str.strip_chars())
    problems = _duplicates(frame, ["Key"])
    rows: list[AreaRow] = []
    codes = set(frame.get_column("Key").to_list())
    for row, code, name in frame.select("_row", "Key", "Title").iter_rows():
        level = area_level(code)
        if level is None:
            problems.append(
                Problem(
                    _(
                        "“%(value)s” is not a region code (NL + 2, GM + 4, WK + 6 or BU + 8 characters, "
                        "as in GM0363, WK0363AA, BU0363AA01)."
                    )
                    % {"value": code},
                    row=row,
                    column="Key",
                )
            )
        elif not name:
            problems.append(Problem(_("The region has no name."), row=row, column="Title"))
        else:
            parent = area_parent_code(code, level)
            if parent is not None and parent not in codes:
                problems.append(
                    Problem(
                        _("The region %(code)s belongs to %(parent)s, which is not in the file.")
                        % {"code": code, "parent": parent},
                        row=row,
                        column="Key",
                    )
                )
            rows.append(AreaRow(code=code, name=name, level=level, parent_code=parent, row=row))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ParseError(problems)
    return rows


# Code lists --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeRow:
    code: str
    title: str
    description: str
    kind: str
    row: int


@dataclass(frozen=True)
class CodeList:
    classification: str
    entries: list[CodeRow]

    def by_code(self) -> dict[str, CodeRow]:
        return {entry.code: entry for entry in self.entries}


def classify(codes: Sequence[str], *, dimension: str = "") -> str | None:
    """Which classification a set of codes belongs to; None when they mix or are unknown."""
    if "overlast" in dimension.lower() or (
        codes and all(NUISANCE_CODE_RE.match(c) for c in codes) and any(c[0].isalpha() for c in codes)
    ):
        return Classification.POLICE_NUISANCE
    if codes and all(POLICE_CODE_RE.match(c) for c in codes):
        return Classification.POLICE_CRIME
    if codes and all(SCM_CODE_RE.match(c) for c in codes):
        return Classification.CBS_SCM
    return None


def _path(code: str) -> tuple[str, ...]:
    """The hierarchy position of a code: ``1.1.1`` → (1, 1, 1), ``0.0.0`` → (), ``CRI1100`` →
    (1, 1), ``1010100`` → (1, 0, 1, 0, 1), ``T001161`` (a CBS total) → ()."""
    if code.startswith("T"):
        return ()
    parts = code.split(".") if "." in code else list("".join(ch for ch in code if ch.isdigit()))
    while parts and parts[-1].strip("0") == "":
        parts.pop()
    return tuple(parts)


def measure_kinds(codes: Sequence[str]) -> dict[str, str]:
    """Total (all zeros, or a ``T`` code), subtotal (another code lies below it) or detail."""
    paths = {code: _path(code) for code in codes}
    kinds: dict[str, str] = {}
    for code, path in paths.items():
        if not path:
            kinds[code] = MeasureKind.TOTAL
        elif any(len(other) > len(path) and other[: len(path)] == path for other in paths.values()):
            kinds[code] = MeasureKind.SUBTOTAL
        else:
            kinds[code] = MeasureKind.DETAIL
    return kinds


def parse_code_list(data: bytes, *, dimension: str = "", max_bytes: int = MAX_BYTES) -> CodeList:
    """A table's code list of one dimension (``Key``, ``Title``, ``Description``, …)."""
    text = decode(data, max_bytes=max_bytes)
    frame = _read(text, _separator(text))
    _require(frame, ("Key", "Title"))
    if "Description" not in frame.columns:
        frame = frame.with_columns(pl.lit("").alias("Description"))
    frame = frame.with_columns(
        pl.col("Key").str.strip_chars(" "),
        pl.col("Title").str.strip_chars(),
        pl.col("Description").str.strip_chars().replace(["NA", '"NA"'], ""),
    )
    problems = _duplicates(frame, ["Key"])
    problems += _first_rows(frame, pl.col("Key") == "", "Key", _("The code is empty."))
    if problems:
        raise ParseError(problems)
    codes = frame.get_column("Key").to_list()
    classification = classify(codes, dimension=dimension)
    if classification is None:
        raise fail(
            _(
                "The codes are not all of one classification: police codes such as 1.1.1, or CBS codes "
                "such as CRI1000, T001161 or 1010100. Import each classification from its own table."
            ),
            column="Key",
        )
    kinds = measure_kinds(codes)
    entries = [
        CodeRow(code=code, title=title or code, description=description, kind=kinds[code], row=row)
        for row, code, title, description in frame.select("_row", "Key", "Title", "Description").iter_rows()
    ]
    return CodeList(classification=classification, entries=entries)


# Bulk CSV (UntypedDataSet) -----------------------------------------------------------------------


@dataclass(frozen=True)
class ObservationRow:
    area_code: str
    period: Period
    measure_code: str
    topic: str
    value: Decimal | None
    status: str
    row: int


@dataclass
class BulkTable:
    """A bulk file in long form: one row of :attr:`frame` per region, period, code and topic, with
    the columns of :data:`OBSERVATION_COLUMNS`."""

    region_column: str
    measure_column: str
    topics: list[str]
    text_columns: list[str]
    frame: pl.DataFrame

    @property
    def rows(self) -> list[ObservationRow]:
        return observation_rows(self.frame)


OBSERVATION_COLUMNS = (
    "_row",
    "area",
    "period",
    "year",
    "month",
    "quarter",
    "measure",
    "topic",
    "value",
    "status",
)


def with_periods(frame: pl.DataFrame) -> pl.DataFrame:
    """Year, month and quarter from checked period codes (``2023JJ00``, ``2023MM01``, ``2023KW01``)."""
    kind = pl.col("period").str.slice(4, 2)
    number = pl.col("period").str.slice(6, 2).cast(pl.Int16)
    return frame.with_columns(
        pl.col("period").str.slice(0, 4).cast(pl.Int16).alias("year"),
        pl.when(kind == "MM").then(number).otherwise(None).alias("month"),
        pl.when(kind == "KW").then(number).otherwise(None).alias("quarter"),
    )


def with_status(frame: pl.DataFrame, raw: str = "raw") -> pl.DataFrame:
    """``""`` is empty (cannot occur), ``.`` unknown or secret, anything else the value itself."""
    return frame.with_columns(
        pl.when(pl.col(raw) == "")
        .then(pl.lit(ObservationStatus.EMPTY.value))
        .when(pl.col(raw) == ".")
        .then(pl.lit(ObservationStatus.UNKNOWN.value))
        .otherwise(pl.lit(ObservationStatus.VALUE.value))
        .alias("status"),
        pl.when(pl.col(raw).is_in(["", "."])).then(None).otherwise(pl.col(raw)).alias("value"),
    ).drop(raw)


def observation_rows(frame: pl.DataFrame) -> list[ObservationRow]:
    rows = []
    for row, area, period, year, month, quarter, measure, topic, value, status in frame.select(
        OBSERVATION_COLUMNS
    ).iter_rows():
        rows.append(
            ObservationRow(
                area_code=area,
                period=Period(code=period, year=year, month=month, quarter=quarter),
                measure_code=measure,
                topic=topic,
                value=None if value is None else Decimal(value),
                status=status,
                row=row,
            )
        )
    return rows


def parse_bulk(data: bytes, *, max_bytes: int = MAX_BYTES) -> BulkTable:
    """The bulk CSV of a CBS or police table: ``ID``, one measure dimension (e.g. ``SoortMisdrijf``),
    the region (``RegioS`` or ``WijkenEnBuurten``), ``Perioden`` and topic columns (``…_1``)."""
    text = decode(data, max_bytes=max_bytes)
    frame = _read(text, _separator(text))
    region = next((c for c in REGION_COLUMNS if c in frame.columns), None)
    _require(frame, (region or REGION_COLUMNS[0], PERIOD_COLUMN))
    assert region is not None
    topics = [c for c in frame.columns if TOPIC_RE.search(c)]
    dimensions = [c for c in frame.columns if c not in {"_row", ID_COLUMN, region, PERIOD_COLUMN, *topics}]
    if len(dimensions) != 1:
        raise fail(
            _(
                "Expected exactly one dimension besides the region and the period (such as "
                "SoortMisdrijf); found: %(found)s."
            )
            % {"found": ", ".join(dimensions) or "-"},
            row=1,
        )
    if not topics:
        raise fail(_("The header has no topic columns (names ending in _1, _2, …)."), row=1)
    measure = dimensions[0]
    frame = frame.with_columns(pl.col([region, PERIOD_COLUMN, measure, *topics]).str.strip_chars(" "))

    problems = _first_rows(
        frame,
        ~pl.col(PERIOD_COLUMN).str.contains(PERIOD_RE.pattern),
        PERIOD_COLUMN,
        _("“%(value)s” is not a period such as 2023JJ00 (year), 2023MM01 (month) or 2023KW01 (quarter)."),
    )
    problems += _first_rows(frame, pl.col(region) == "", region, _("The region code is empty."))
    problems += _first_rows(frame, pl.col(measure) == "", measure, _("The code is empty."))

    numeric: list[str] = []
    text_columns: list[str] = []
    for topic in topics:
        filled = pl.col(topic).is_in(["", "."]).not_()
        is_number = pl.col(topic).str.contains(NUMBER_RE)
        looks_numeric = is_number | pl.col(topic).str.contains(DUTCH_DECIMAL_RE)
        if frame.filter(filled & looks_numeric).height == 0 and frame.filter(filled).height > 0:
            text_columns.append(topic)  # a text topic such as Gemeentenaam_2: not a figure
            continue
        numeric.append(topic)
        problems += _first_rows(
            frame,
            filled & pl.col(topic).str.contains(DUTCH_DECIMAL_RE),
            topic,
            _(
                "“%(value)s” has a decimal comma. Bulk files use a decimal point (25.6); download "
                "the file again instead of opening and saving it in a spreadsheet."
            ),
        )
        problems += _first_rows(
            frame,
            filled & ~is_number & ~pl.col(topic).str.contains(DUTCH_DECIMAL_RE),
            topic,
            _("“%(value)s” is not a number, an empty field or “.” (unknown)."),
        )
    problems += _duplicates(frame, [region, PERIOD_COLUMN, measure])
    if problems:
        raise ParseError(sorted(problems, key=lambda p: (p.row or 0, p.column)))

    long = (
        frame.select(
            "_row",
            pl.col(region).alias("area"),
            pl.col(PERIOD_COLUMN).alias("period"),
            pl.col(measure).alias("measure"),
            *numeric,
        )
        .unpivot(
            index=["_row", "area", "period", "measure"], on=numeric, variable_name="topic", value_name="raw"
        )
        .sort("_row", maintain_order=True)
    )
    long = with_status(with_periods(long))
    return BulkTable(
        region_column=region,
        measure_column=measure,
        topics=numeric,
        text_columns=text_columns,
        frame=long.select(OBSERVATION_COLUMNS),
    )
