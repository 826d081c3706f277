"""Table exports that every app shares: one list of rows becomes a CSV, ODS or XLSX download.

Spreadsheets run what looks like a formula, so every text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP's advice for CSV
injection), and in ODS and XLSX text is always written as a string cell, never as a formula.

CSV is streamed row by row (UTF-8 with a byte order mark and ``;`` between fields, which is what
Excel with Dutch settings expects); ODS and XLSX are built in a temporary file that is spooled to
disk when it grows, and streamed from there. The spreadsheet libraries are imported when an export
is made, not when a web worker starts.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import formats, timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

CONTENT_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS: tuple[str, ...] = tuple(CONTENT_TYPES)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
BOM = "\ufeff"
SPOOL_BYTES = 4 * 1024 * 1024
CM_PER_CHARACTER = 0.2  # a spreadsheet column as wide as N characters, in centimetres

# Characters XML 1.0 (and so ODS and XLSX) cannot hold; tab, newline and carriage return are fine.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def neutralise(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet could read it as a formula."""
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def clean_text(value: Any) -> str:
    """A text cell: characters XML cannot hold removed, formula injection neutralised."""
    return neutralise(_ILLEGAL_XML.sub("", force_str(value)))


def safe_filename(filename: str, ext: str) -> str:
    """An ASCII file name without path, quotes or control characters, ending in ``.ext``."""
    stem = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if stem.lower().endswith(f".{ext}"):
        stem = stem[: -len(ext) - 1]
    stem = slugify(stem)[:100].strip("-_") or "export"
    return f"{stem}.{ext}"


def _is_text(value: Any) -> bool:
    return not isinstance(value, bool | int | float | Decimal | dt.date | dt.time) and value is not None


def _local_naive(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return formats.number_format(value, use_l10n=True)
    if isinstance(value, dt.datetime):
        return _local_naive(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return clean_text(value)


class _Echo:
    """A file-like object whose ``write`` returns what it was given, for a streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> Iterator[bytes]:
    """The CSV file, one encoded line at a time, starting with the byte order mark."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    yield (BOM + writer.writerow([clean_text(h) for h in headers])).encode()
    for row in rows:
        yield writer.writerow([_csv_value(v) for v in row]).encode()


def _sheet_name(filename: str) -> str:
    name = _SHEET_NAME_FORBIDDEN.sub("", _ILLEGAL_XML.sub("", filename)).strip()
    return name[:31] or "Export"


def _column_width(header: str) -> int:
    return min(max(len(header) + 4, 16), 40)


def write_xlsx(
    target: IO[bytes], rows: Iterable[Sequence[Any]], headers: Sequence[str], *, sheet_name: str
) -> None:
    """Rows as an XLSX workbook, written in openpyxl's write-only mode (constant memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_name(sheet_name))
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _column_width(header)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Any, *, header: bool = False) -> Any:
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, dt.datetime):
            value = _local_naive(value)
        if _is_text(value):
            text_cell = WriteOnlyCell(sheet, value=clean_text(value))
            text_cell.data_type = "s"  # a string, whatever it looks like
            if header:
                text_cell.font = bold
            return text_cell
        return WriteOnlyCell(sheet, value=value)

    sheet.append([cell(h, header=True) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    workbook.save(target)


def write_ods(
    target: IO[bytes], rows: Iterable[Sequence[Any]], headers: Sequence[str], *, sheet_name: str
) -> None:
    """Rows as an OpenDocument spreadsheet; text is always a string cell."""
    from odfdo import Cell, Column, Document, Row, Style, Table
    from odfdo.header_rows import HeaderRows

    document = Document("spreadsheet")
    document.body.clear()
    table = Table(_sheet_name(sheet_name))
    for index, header in enumerate(headers, start=1):
        name = f"koers-co{index}"
        width = f"{_column_width(header) * CM_PER_CHARACTER:.2f}cm"
        document.insert_style(Style("table-column", name=name, width=width), automatic=True)
        table.append(Column(style=name))

    def cell(value: Any) -> Any:
        if isinstance(value, Promise):
            value = str(value)
        if value is None:
            return Cell()
        if isinstance(value, dt.datetime):
            return Cell(_local_naive(value))
        if _is_text(value):
            return Cell(clean_text(value), cell_type="string")
        return Cell(value)

    header_rows = HeaderRows()
    header_row = Row()
    for header in headers:
        header_row.append(cell(header))
    header_rows.append(header_row)
    table.append(header_rows)
    for values in rows:
        row = Row()
        for value in values:
            row.append(cell(value))
        table.append(row)
    document.body.append(table)
    document.meta.set_title(_sheet_name(sheet_name))
    # odfdo's annotation names BytesIO; any binary file object will do.
    document.save(target)  # type: ignore[arg-type]


def export_response(
    rows: Iterable[Sequence[Any]],
    headers: Sequence[str],
    *,
    fmt: str,
    filename: str,
) -> HttpResponseBase:
    """A download of ``rows`` under ``headers`` as ``fmt`` (csv, ods or xlsx; anything else is a
    404). ``filename`` is made safe and gets the format's extension."""
    if fmt not in CONTENT_TYPES:
        raise Http404(fmt)
    name = safe_filename(filename, fmt)
    if fmt == "csv":
        response: HttpResponseBase = StreamingHttpResponse(
            csv_chunks(rows, headers), content_type=CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    else:
        buffer = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (FileResponse closes it)
        writer = write_xlsx if fmt == "xlsx" else write_ods
        writer(buffer, rows, headers, sheet_name=filename)
        buffer.seek(0)
        response = FileResponse(buffer, as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])
    response["Cache-Control"] = "private, no-store"
    return response
