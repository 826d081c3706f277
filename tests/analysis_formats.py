"""Small files in the formats CBS and the police publish, written by the tests themselves."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence

BOM = "\ufeff"


def quoted(fields: Sequence[str], separator: str) -> str:
    return separator.join('"' + f.replace('"', '""') + '"' for f in fields)


def region_list(rows: Iterable[tuple[str, str]] | None = None) -> bytes:
    """A region list as published with 47018NED: comma-separated, quoted, keys padded to 10."""
    if rows is None:
        rows = [
            ("NL00", "Nederland"),
            ("GM9999", "Voorbeeldstad"),
            ("WK999900", "Wijk 00 Centrum"),
            ("WK999901", "Wijk 01 Noord"),
            ("BU99990000", "Binnenstad"),
            ("BU99990001", "Stationsbuurt"),
            ("BU99990100", "Noorderpark"),
            ("GM0363", "Amsterdam"),
            ("WK0363AA", "Burgwallen-Oude Zijde"),
            ("BU0363AA01", "Kop Zeedijk"),
        ]
    lines = [quoted(["Key", "Title", "Description", "Municipality", "DetailRegionCode"], ",")]
    for code, name in rows:
        municipality = "" if code.startswith("NL") else "GM" + code[2:6]
        lines.append(quoted([code.ljust(10), name, "", municipality, code], ","))
    return ("\n".join(lines) + "\n").encode("utf-8")


POLICE_CODES = [
    ("0.0.0 ", "Totaal misdrijven"),
    ("1.1.1 ", "1.1.1 Diefstal/inbraak woning"),
    ("1.4.5 ", "1.4.5 Mishandeling"),
    ("2.5.2 ", "2.5.2 Winkeldiefstal"),
    ("2.6.10", "2.6.10 Bestrijdingsmiddelen"),
]


def code_list(rows: Sequence[tuple[str, str]] = POLICE_CODES) -> bytes:
    """A code list as published with a police table: Key, Title, Description, CategoryGroupID."""
    lines = [quoted(["Key", "Title", "Description", "CategoryGroupID"], ",")]
    lines += [
        quoted([key, title, f"Omschrijving van {title}\nmet een tweede regel", ""], ",")
        for key, title in rows
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


HEADER = ["ID", "SoortMisdrijf", "WijkenEnBuurten", "Perioden", "GeregistreerdeMisdrijven_1"]

DEFAULT_ROWS = [
    ("0.0.0", "GM9999", "2022JJ00", "1250"),
    ("1.1.1", "GM9999", "2022JJ00", "40"),
    ("0.0.0", "WK999900", "2022JJ00", "600"),
    ("1.1.1", "WK999900", "2022JJ00", ""),
    ("0.0.0", "BU0363AA01", "2022JJ00", "."),
    ("0.0.0", "GM9999", "2023JJ00", "1300"),
    ("1.1.1", "GM9999", "2023JJ00", "35"),
]


def bulk(
    rows: Sequence[Sequence[str]] = DEFAULT_ROWS,
    *,
    header: Sequence[str] = HEADER,
    bom: bool = True,
    encoding: str = "utf-8",
) -> bytes:
    """A bulk CSV (UntypedDataSet): BOM, ';', every field quoted, keys and values padded."""
    lines = [quoted(header, ";")]
    for number, row in enumerate(rows):
        fields = [str(number)]
        for index, value in enumerate(row):
            if index == 0:
                fields.append(value.ljust(6))
            elif index == 1:
                fields.append(value.ljust(10))
            elif index == 2:
                fields.append(value)
            else:
                fields.append(value.rjust(8) if value else "")
        lines.append(quoted(fields, ";"))
    text = "\n".join(lines) + "\n"
    return ((BOM if bom else "") + text).encode(encoding)


# StatLine table export and spreadsheets with a column mapping ------------------------------------


def statline(
    rows: Sequence[Sequence[str]] = (
        ("Nederland", "1234"),
        ("Voorbeeldstad (gemeente)", "1250"),
        ("Amsterdam", "12,5"),
        ("Noord-Holland (RE)", "60000"),
        ("Buitenland", "."),
    ),
    *,
    periods: Sequence[str] = ("2022",),
    topic: str = "Geregistreerde misdrijven",
    measure: str = "Totaal misdrijven",
    encoding: str = "utf-8",
) -> bytes:
    """A StatLine table export: title, filter line, empty line, Onderwerp, Perioden, unit line,
    one row per region name, footer. ';'-separated, every field quoted."""
    lines = [
        quoted(["Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente"], ";"),
        quoted([f"Soort misdrijf: {measure}"], ";"),
        quoted([""], ";"),
        quoted(["Onderwerp", *[topic] * len(periods)], ";"),
        quoted(["Perioden", *periods], ";"),
        quoted(["Regio's", *["aantal"] * len(periods)], ";"),
        *(quoted(list(row), ";") for row in rows),
        quoted(["Bron: Politie"], ";"),
    ]
    return ("\n".join(lines) + "\n").encode(encoding)


GENERIC_HEADER = ["Gebied", "Jaar", "Indicator", "Waarde"]
GENERIC_ROWS = [
    ("GM9999", "2023", "onveilig", "34,5"),
    ("WK999900", "2023", "onveilig", "41,0"),
    ("GM9999", "2023", "overlast", "1.234,5"),
]


def generic_csv(
    rows: Sequence[Sequence[str]] = GENERIC_ROWS,
    *,
    header: Sequence[str] = GENERIC_HEADER,
    separator: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    """A spreadsheet saved as CSV by a person: a header and one figure per row."""
    lines = [separator.join(header), *(separator.join(row) for row in rows)]
    text = "\r\n".join(lines) + "\r\n"
    data = text.encode(encoding)
    if bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    if bom and encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    return data


def generic_xlsx(rows: Sequence[Sequence[object]], header: Sequence[str] = GENERIC_HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def generic_ods(rows: Sequence[Sequence[object]], header: Sequence[str] = GENERIC_HEADER) -> bytes:
    from odfdo import Document, Row, Table

    document = Document("spreadsheet")
    document.body.clear()
    table = Table("Blad1")
    for values in [list(header), *[list(row) for row in rows]]:
        row = Row()
        row.set_values(values)
        table.append_row(row)
    document.body.append(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb(size: int = 50 * 1024 * 1024) -> bytes:
    """An XLSX-shaped archive whose sheet declares a huge size and packs to almost nothing."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                sheet.write(chunk)
    return out.getvalue()
