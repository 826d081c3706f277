"""Figures from any spreadsheet (CSV, XLSX or ODS) with a column mapping: which column holds the
region code, the period, the measure and the value. A preview shows the first rows so the mapping
can be chosen; the import checks every row and writes all or nothing (ADR 0017)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Classification, DatasetKind, Measure, MeasureKind
from .parsers import (
    MAX_BYTES,
    MAX_PROBLEMS,
    OBSERVATION_COLUMNS,
    ParseError,
    Problem,
    clean_key,
    decode,
    fail,
    parse_period,
    with_periods,
)
from .services import (
    PROGRESS_EVERY,
    FileLike,
    ImportResult,
    MeasureSpec,
    Progress,
    _check_actor,
    _read_bytes,
    _report,
    store_observations,
)

MAX_ROWS = 1_000_000
MAX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_RATIO = 100
MAPPING_KEYS = ("area", "period", "measure", "value")
DUTCH_RE = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")
PLAIN_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
AMBIGUOUS_RE = re.compile(r"^-?\d{1,3}\.\d{3}$")
MULTI_DOT_RE = re.compile(r"^-?\d{1,3}(?:\.\d{3}){2,}$")
YEAR_RE = re.compile(r"^\d{4}$")


COLUMN_NEEDED = {
    "area": lambda: _("Choose the column with the region code."),
    "period": lambda: _("Choose the column with the period."),
    "value": lambda: _("Choose the column with the value."),
}


@dataclass
class Preview:
    columns: list[str]
    rows: list[list[str]]


# Reading the three formats -----------------------------------------------------------------------


def file_format(data: bytes, filename: str) -> str:
    """``csv``, ``xlsx`` or ``ods`` from the file's contents (magic bytes), not only its name."""
    name = filename.lower()
    if data.startswith(b"%PDF"):
        raise fail(_("This is a PDF document, not a spreadsheet. Download the table as CSV, XLSX or ODS."))
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype") if "mimetype" in names else b""
        except zipfile.BadZipFile as exc:
            raise fail(_("The file looks like a workbook but is damaged.")) from exc
        if "xl/workbook.xml" in names:
            return "xlsx"
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return "ods"
        raise fail(_("This zip file is neither an XLSX nor an ODS workbook."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise fail(_("This is an old Excel file (.xls). Save it as XLSX or CSV."))
    if name.endswith((".xlsx", ".ods")):
        raise fail(_("The file is named %(name)s but is not a workbook.") % {"name": filename})
    return "csv"


def check_zip(data: bytes) -> None:
    """Refuse a workbook that would unpack to far more than its size (a zip bomb), by the sizes
    the archive declares, before anything is unpacked."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        declared = sum(info.file_size for info in archive.infolist())
        packed = sum(info.compress_size for info in archive.infolist()) or 1
    if declared > MAX_UNCOMPRESSED or declared / packed > MAX_RATIO:
        raise fail(
            _(
                "The workbook unpacks to %(size)s MB, far more than its own size: Koers does not open "
                "it. Save the sheet as CSV."
            )
            % {"size": declared // (1024 * 1024)}
        )


def dutch(value: Any) -> str:
    """A spreadsheet cell as text; numbers written the Dutch way (``1234,5``) so they read back
    without doubt."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f").replace(".", ",")
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def sniff_separator(text: str) -> str:
    """The separator that splits the first lines into the same number of fields, the most
    fields winning (a decimal comma in ``34,5`` does not make a ``;`` file comma-separated)."""
    lines = text.splitlines()[:20]
    sample = "\n".join(lines)
    best, best_width = "", 1
    for separator in (";", "\t", ",", "|"):
        widths = {len(record) for record in csv.reader(io.StringIO(sample), delimiter=separator) if record}
        if len(widths) == 1 and (width := widths.pop()) > best_width:
            best, best_width = separator, width
    if best:
        return best
    first = lines[0] if lines else ""
    return max((";", "\t", ",", "|"), key=first.count)


def _csv_rows(data: bytes, max_bytes: int) -> Iterator[list[str]]:
    text = decode(data, max_bytes=max_bytes)
    for record in csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text)):
        yield [cell.strip() for cell in record]


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    check_zip(data)
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [dutch(value) for value in values]
    finally:
        workbook.close()


def _ods_rows(data: bytes) -> Iterator[list[str]]:
    from odfdo import Document

    check_zip(data)
    document = Document(io.BytesIO(data))
    tables = document.body.get_tables()
    if not tables:
        return
    for row in tables[0].traverse():
        yield [dutch(cell.value) for cell in row.traverse()]


def read_rows(
    data: bytes, filename: str, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> list[list[str]]:
    """All rows of the file (the first sheet of a workbook), trailing empty cells and rows dropped."""
    if len(data) > max_bytes:
        raise fail(
            _("The file is larger than %(limit)s MB. Split it or ask for a smaller selection.")
            % {"limit": max(1, max_bytes // (1024 * 1024))}
        )
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        raise fail(_("The file is empty."))
    kind = file_format(data, filename)
    source = {
        "csv": lambda: _csv_rows(data, max_bytes),
        "xlsx": lambda: _xlsx_rows(data),
        "ods": lambda: _ods_rows(data),
    }
    rows: list[list[str]] = []
    for record in source[kind]():
        while record and record[-1] == "":
            record.pop()
        if not record:
            continue
        rows.append(record)
        if len(rows) > max_rows + 1:
            raise fail(
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": f"{max_rows:,}"}
            )
    if not rows:
        raise fail(_("The file is empty."))
    return rows


def _header(rows: list[list[str]]) -> list[str]:
    header = [clean_key(name) for name in rows[0]]
    for index, name in enumerate(header):
        if not name:
            header[index] = _("column %(number)s") % {"number": index + 1}
    if len(set(header)) != len(header):
        duplicate = next(name for name in header if header.count(name) > 1)
        raise fail(_("The header names this column twice."), row=1, column=duplicate)
    return header


def generic_preview(
    *, file: FileLike, filename: str, max_rows: int = 10, max_bytes: int = MAX_BYTES
) -> Preview:
    """The header and the first rows, to choose the column mapping from."""
    rows = read_rows(_read_bytes(file, max_bytes), filename, max_bytes=max_bytes)
    header = _header(rows)
    return Preview(
        columns=header, rows=[row + [""] * (len(header) - len(row)) for row in rows[1 : max_rows + 1]]
    )


# Values ------------------------------------------------------------------------------------------


def generic_period(text: str) -> str | None:
    """``2023`` → ``2023JJ00``; ``2023JJ00``, ``2023MM01`` and ``2023KW01`` as they are."""
    text = text.strip().upper()
    if YEAR_RE.match(text):
        return f"{text}JJ00"
    period = parse_period(text)
    return period.code if period else None


def column_is_dutch(values: list[str]) -> bool:
    """A column uses Dutch notation when any value has a decimal comma or groups thousands with
    more than one dot (1.234.567); then every dot is a thousands separator."""
    return any("," in value or MULTI_DOT_RE.match(value) for value in values)


def parse_value(text: str, *, dutch_column: bool) -> str | None:
    """A figure as plain decimal text, or None when it is not one. In a Dutch column ``1.234,5`` is
    1234.5; elsewhere ``25.6`` is 25.6 and ``1.234`` is refused as ambiguous (see ADR 0017)."""
    text = text.replace("\u00a0", "").replace(" ", "")
    if dutch_column:
        if not DUTCH_RE.match(text):
            return None
        return text.replace(".", "").replace(",", ".")
    if not PLAIN_RE.match(text) or AMBIGUOUS_RE.match(text):
        return None
    return text


def _mapping(mapping: dict[str, str], header: list[str]) -> dict[str, int]:
    problems = []
    columns: dict[str, int] = {}
    for key in MAPPING_KEYS:
        name = mapping.get(key, "")
        if key == "measure" and not name:
            if not mapping.get("measure_fixed"):
                problems.append(
                    Problem(_("Choose the column with the measure, or one code for the whole file."))
                )
            continue
        if not name:
            problems.append(Problem(COLUMN_NEEDED[key]()))
        elif name not in header:
            problems.append(
                Problem(
                    _(
                        "The column is missing from the header (row 1). Found: %(found)s. Check that "
                        "the first row is the header and that the column was not renamed."
                    )
                    % {"found": ", ".join(header)},
                    row=1,
                    column=name,
                )
            )
        else:
            columns[key] = header.index(name)
    if problems:
        raise ParseError(problems)
    return columns


def generic_frame(
    rows: list[list[str]], mapping: dict[str, str], progress: Progress | None = None
) -> pl.DataFrame:
    """The rows in long form after checking every one of them (regions and codes are checked
    against the database later)."""
    header = _header(rows)
    columns = _mapping(mapping, header)
    fixed = (mapping.get("measure_fixed") or "").strip()
    value_index = columns["value"]
    dutch_column = column_is_dutch([row[value_index] for row in rows[1:] if value_index < len(row)])
    problems: list[Problem] = []
    records = []
    seen: dict[tuple[str, str, str], int] = {}
    width = len(header)
    stage, total = _("Checking the rows"), len(rows) - 1
    for number, row in enumerate(rows[1:], start=2):
        if (number - 1) % PROGRESS_EVERY == 0:
            _report(progress, stage, number - 1, total)
        if len(row) > width:
            problems.append(
                Problem(
                    _("This row has %(found)s fields, the header has %(expected)s.")
                    % {"found": len(row), "expected": width},
                    row=number,
                )
            )
            continue
        row = row + [""] * (width - len(row))
        area = clean_key(row[columns["area"]]).upper()
        raw_period = row[columns["period"]]
        measure = fixed or clean_key(row[columns["measure"]])
        raw = row[value_index]
        if not area:
            problems.append(
                Problem(_("The region code is empty."), row=number, column=header[columns["area"]])
            )
        if "measure" in columns and not measure:
            problems.append(Problem(_("The code is empty."), row=number, column=header[columns["measure"]]))
        period = generic_period(raw_period)
        if period is None:
            problems.append(
                Problem(
                    _("“%(value)s” is not a period such as 2023, 2023JJ00, 2023MM01 or 2023KW01.")
                    % {"value": raw_period},
                    row=number,
                    column=header[columns["period"]],
                )
            )
        if raw in ("", "."):
            value, status = None, "empty" if raw == "" else "unknown"
        else:
            value, status = parse_value(raw, dutch_column=dutch_column), ""
            if value is None:
                problems.append(
                    Problem(
                        (
                            _("“%(value)s” is not a number written the Dutch way (1.234,5), empty or “.”.")
                            if dutch_column
                            else _(
                                "“%(value)s” is not a number, empty or “.”; 1.234 could be 1234 or 1.234, "
                                "so write 1234 or 1,234."
                            )
                        )
                        % {"value": raw},
                        row=number,
                        column=header[value_index],
                    )
                )
        if period is not None and area and measure:
            key = (area, period, measure)
            if key in seen:
                problems.append(
                    Problem(
                        _("The same key (%(key)s) occurs in row %(first)s as well.")
                        % {"key": " / ".join(key), "first": seen[key]},
                        row=number,
                        column=header[columns["area"]],
                    )
                )
            seen[key] = number
            records.append((number, area, period, measure, value, status))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ParseError(problems)
    if not records:
        raise fail(_("The file has no rows with figures below the header."))
    frame = pl.DataFrame(
        records,
        schema={
            "_row": pl.UInt32,
            "area": pl.String,
            "period": pl.String,
            "measure": pl.String,
            "value": pl.String,
            "status": pl.String,
        },
        orient="row",
    ).with_columns(pl.lit(header[value_index][:80]).alias("topic"))
    return with_periods(frame).select(OBSERVATION_COLUMNS)


def generic_measures(codes: list[str], classification: str) -> dict[str, MeasureSpec]:
    """The measures of the file: for own figures a new code is created (its name is the code);
    for a published classification it must exist."""
    specs = {}
    for measure in Measure.objects.filter(classification=classification, code__in=codes):
        specs[measure.code] = MeasureSpec(
            classification, measure.code, measure.title, measure.description, measure.kind
        )
    if classification == Classification.OWN:
        for code in codes:
            if code not in specs:
                if len(code) > 20:
                    raise fail(_("The code %(code)s is longer than 20 characters.") % {"code": code})
                specs[code] = MeasureSpec(classification, code, code, "", MeasureKind.DETAIL)
    return specs


@transaction.atomic
def generic_import(
    *,
    actor: Any,
    file: FileLike,
    filename: str,
    mapping: dict[str, str],
    classification: str,
    source: str,
    table_id: str,
    title: str,
    licence: str,
    downloaded_on: dt.date,
    reference_year: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Import a spreadsheet with a column mapping. Regions must be in the region list; measures
    must exist in the classification, except own figures (``eigen``), whose new codes are made."""
    _check_actor(actor)
    data = _read_bytes(file, max_bytes)
    _report(progress, _("Reading the file"), 0, 0)
    frame = generic_frame(read_rows(data, filename, max_bytes=max_bytes), mapping, progress)
    codes = frame.get_column("measure").unique().to_list()
    specs = generic_measures(codes, classification)
    return store_observations(
        actor=actor,
        frame=frame,
        measures=specs,
        data=data,
        kind=DatasetKind.GENERIC,
        source=source,
        table_id=table_id,
        title=title,
        licence=licence,
        downloaded_on=downloaded_on,
        reference_year=reference_year,
        dry_run=dry_run,
        progress=progress,
        region_column=mapping.get("area", ""),
        measure_column=mapping.get("measure") or mapping.get("measure_fixed", ""),
        audit_changes={"format": "generic", "classification": classification},
    )
