"""Bad files in every format Koers reads (StatLine table exports and spreadsheets with a column
mapping; the bulk CSV has its own catalogue in test_analysis_imports.py): each refused with a
specific reason in English and Dutch, and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from koers.analysis import generic, parsers, services, statline
from koers.analysis.models import Classification, Dataset, Measure, MeasureKind, Observation
from koers.audit.models import AuditEvent
from tests import analysis_formats as formats
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

META = {
    "source": "Politie",
    "table_id": "47013NED",
    "title": "Geregistreerde misdrijven en aangiften",
    "licence": "Copyright (c) Politie",
    "downloaded_on": dt.date(2025, 1, 6),
}
MAPPING = {"area": "Gebied", "period": "Jaar", "measure": "Indicator", "value": "Waarde"}
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"


@pytest.fixture
def admin():
    admin = UserFactory(superuser=True)
    services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024)
    Measure.objects.create(
        classification=Classification.POLICE_CRIME,
        code="0.0.0",
        title="Totaal misdrijven",
        kind=MeasureKind.TOTAL,
    )
    return admin


def assert_nothing_written():
    assert not Dataset.objects.exists()
    assert not Observation.objects.exists()
    assert not Measure.objects.exclude(code="0.0.0").exists()
    assert not AuditEvent.objects.filter(action="dataset.import").exists()


def refused(call, english: str, dutch: str) -> None:
    for language, expected in (("en", english), ("nl", dutch)):
        with translation.override(language), pytest.raises(parsers.ParseError) as error:
            call()
        assert expected in str(error.value), str(error.value)
    assert_nothing_written()


# StatLine table exports ---------------------------------------------------------------------------

GOOD = [("Voorbeeldstad", "1250"), ("Amsterdam", "12,5")]
STATLINE = [
    (
        "ragged row",
        formats.statline(GOOD).replace(b'"1250"', b'"1250";"9"'),
        "Row 7: This row has 3 fields, the header has 2.",
        "Rij 7: Deze rij heeft 3 velden, de kopregel heeft er 2.",
    ),
    (
        "renamed header",
        formats.statline(GOOD).replace(b'"Onderwerp"', b'"Onderwerpen"'),
        "This is not a StatLine table export: the line “Onderwerp”",
        "Dit is geen tabelexport van StatLine: de regel “Onderwerp”",
    ),
    (
        "missing periods line",
        formats.statline(GOOD).replace(b'"Perioden"', b'"Jaren"'),
        "Row 5: The line after “Onderwerp” must be “Perioden”",
        "Rij 5: Na de regel “Onderwerp” moet de regel “Perioden” komen",
    ),
    (
        "periods in the rows",
        formats.statline(GOOD).replace(b'"Regio\'s"', b'"Perioden"'),
        "The rows must be regions",
        "De rijen moeten gebieden zijn",
    ),
    (
        "unknown region",
        formats.statline([*GOOD, ("Atlantis", "5")]),
        "Row 9, column Regio's: The region “Atlantis” is not in the region list",
        "Rij 9, kolom Regio's: Het gebied “Atlantis” staat niet in de gebiedenlijst",
    ),
    (
        "unknown crime type",
        formats.statline(GOOD, measure="Piraterij"),
        "Row 2: “Piraterij” is not the name of a measure in police crime classification",
        "Rij 2: “Piraterij” is niet de naam van een soort in de misdrijfindeling van de politie",
    ),
    (
        "the same region twice",
        formats.statline([*GOOD, ("Voorbeeldstad (gemeente)", "5")]),
        "Row 9, column Regio's: “Voorbeeldstad (gemeente)” is the same region as “Voorbeeldstad” (GM9999).",
        "Rij 9, kolom Regio's: “Voorbeeldstad (gemeente)” is hetzelfde gebied als “Voorbeeldstad” (GM9999).",
    ),
    (
        "wrong period",
        formats.statline(GOOD, periods=("22",)),
        "Row 5, column Geregistreerde misdrijven: “22” is not a period such as 2023",
        "Rij 5, kolom Geregistreerde misdrijven: “22” is geen periode zoals 2023",
    ),
    (
        "not a number",
        formats.statline([("Voorbeeldstad", "veel")]),
        "Row 7, column Geregistreerde misdrijven 2022JJ00: “veel” is not a number",
        "Rij 7, kolom Geregistreerde misdrijven 2022JJ00: “veel” is geen getal",
    ),
    (
        "decimal point in a Dutch export",
        formats.statline([("Voorbeeldstad", "12.5")]),
        "“12.5” is not a number (such as 1234 or 1.234,5)",
        "“12.5” is geen getal (zoals 1234 of 1.234,5)",
    ),
    (
        "UTF-16 without BOM",
        formats.statline(GOOD, encoding="utf-16-le"),
        "encoding is not recognised",
        "tekencodering van het bestand wordt niet herkend",
    ),
    ("empty file", b"", "The file is empty.", "Het bestand is leeg."),
    ("PDF named .csv", PDF, "This is a PDF document", "Dit is een PDF-document"),
    (
        "only header lines",
        formats.statline([]),
        "The export has no rows with figures.",
        "De export heeft geen rijen met cijfers.",
    ),
]


@pytest.mark.parametrize(
    ("data", "english", "dutch"), [case[1:] for case in STATLINE], ids=[case[0] for case in STATLINE]
)
def test_bad_statline_exports_are_refused(admin, data, english, dutch):
    refused(
        lambda: statline.statline_import(
            actor=admin, file=data, classification=Classification.POLICE_CRIME, **META
        ),
        english,
        dutch,
    )


def test_a_statline_export_over_the_size_limit_is_refused(admin):
    refused(
        lambda: statline.statline_import(
            actor=admin,
            file=formats.statline() + b" " * (1024 * 1024),
            classification=Classification.POLICE_CRIME,
            max_bytes=1024 * 1024,
            **META,
        ),
        "The file is larger than 1 MB",
        "Het bestand is groter dan 1 MB",
    )


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_statline_exports_in_other_encodings_are_read(admin, encoding):
    data = formats.statline([("Voorbeeldstad", "1250"), ("Amsterdam", "12,5")]).decode().encode(encoding)
    result = statline.statline_import(
        actor=admin, file=data, classification=Classification.POLICE_CRIME, **META
    )
    assert result.added == 2


# Spreadsheets with a column mapping ---------------------------------------------------------------

ROWS = formats.GENERIC_ROWS
GENERIC = [
    (
        "ragged row",
        formats.generic_csv([*ROWS, ("GM9999", "2024", "onveilig", "3", "extra")]),
        "monitor.csv",
        "Row 5: This row has 5 fields, the header has 4.",
        "Rij 5: Deze rij heeft 5 velden, de kopregel heeft er 4.",
    ),
    (
        "missing header",
        formats.generic_csv(ROWS[1:], header=ROWS[0]),
        "monitor.csv",
        "Row 1, column Gebied: The column is missing from the header (row 1).",
        "Rij 1, kolom Gebied: De kolom ontbreekt in de kopregel (rij 1).",
    ),
    (
        "renamed header",
        formats.generic_csv(ROWS, header=["Gebied", "Periode", "Indicator", "Waarde"]),
        "monitor.csv",
        "Row 1, column Jaar: The column is missing from the header (row 1). Found: Gebied, Periode",
        "Rij 1, kolom Jaar: De kolom ontbreekt in de kopregel (rij 1). Gevonden: Gebied, Periode",
    ),
    (
        "unknown region",
        formats.generic_csv([*ROWS, ("GM1234", "2023", "onveilig", "3")]),
        "monitor.csv",
        "Row 5, column Gebied: The region code GM1234 is not in the region list.",
        "Rij 5, kolom Gebied: De gebiedscode GM1234 staat niet in de gebiedenlijst.",
    ),
    (
        "duplicate keys",
        formats.generic_csv([*ROWS, ("GM9999 ", "2023JJ00", "onveilig", "3")]),
        "monitor.csv",
        "Row 5, column Gebied: The same key (GM9999 / 2023JJ00 / onveilig) occurs in row 2 as well.",
        "Rij 5, kolom Gebied: Dezelfde sleutel (GM9999 / 2023JJ00 / onveilig) komt ook voor in rij 2.",
    ),
    (
        "wrong period",
        formats.generic_csv([("GM9999", "2023-01", "onveilig", "3")]),
        "monitor.csv",
        "Row 2, column Jaar: “2023-01” is not a period such as 2023, 2023JJ00, 2023MM01 or 2023KW01.",
        "Rij 2, kolom Jaar: “2023-01” is geen periode zoals 2023, 2023JJ00, 2023MM01 of 2023KW01.",
    ),
    (
        "ambiguous thousands dot",
        formats.generic_csv(
            [("GM9999", "2023", "onveilig", "1.234"), ("GM9999", "2024", "onveilig", "25.6")]
        ),
        "monitor.csv",
        "Row 2, column Waarde: “1.234” is not a number, empty or “.”; 1.234 could be 1234 or 1.234",
        "Rij 2, kolom Waarde: “1.234” is geen getal, leeg of “.”; 1.234 kan 1234 of 1,234 zijn",
    ),
    (
        "not a Dutch number",
        formats.generic_csv([("GM9999", "2023", "onveilig", "1,5"), ("GM9999", "2024", "onveilig", "12.5")]),
        "monitor.csv",
        "Row 3, column Waarde: “12.5” is not a number written the Dutch way (1.234,5)",
        "Rij 3, kolom Waarde: “12.5” is geen getal in Nederlandse schrijfwijze (1.234,5)",
    ),
    (
        "UTF-16 without BOM",
        formats.generic_csv(encoding="utf-16-le"),
        "monitor.csv",
        "encoding is not recognised",
        "tekencodering van het bestand wordt niet herkend",
    ),
    ("empty file", b"", "monitor.csv", "The file is empty.", "Het bestand is leeg."),
    (
        "only a header",
        formats.generic_csv([]),
        "monitor.csv",
        "no rows with figures",
        "geen rijen met cijfers",
    ),
    ("PDF named .csv", PDF, "monitor.csv", "This is a PDF document", "Dit is een PDF-document"),
    ("PDF named .xlsx", PDF, "monitor.xlsx", "This is a PDF document", "Dit is een PDF-document"),
    (
        "CSV named .xlsx",
        formats.generic_csv(),
        "monitor.xlsx",
        "The file is named monitor.xlsx but is not a workbook.",
        "Het bestand heet monitor.xlsx maar is geen werkmap.",
    ),
    (
        "old Excel file",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
        "monitor.xls",
        "This is an old Excel file (.xls).",
        "Dit is een oud Excel-bestand (.xls).",
    ),
    (
        "zip that is no workbook",
        formats.zip_bomb(1024).replace(b"xl/workbook.xml", b"xl/notebook.xml"),
        "monitor.xlsx",
        "This zip file is neither an XLSX nor an ODS workbook.",
        "Dit zipbestand is geen XLSX- of ODS-werkmap.",
    ),
    (
        "XLSX zip bomb",
        formats.zip_bomb(),
        "monitor.xlsx",
        "The workbook unpacks to 50 MB, far more than its own size",
        "De werkmap pakt uit tot 50 MB, veel meer dan het bestand zelf",
    ),
]


@pytest.mark.parametrize(
    ("data", "filename", "english", "dutch"),
    [case[1:] for case in GENERIC],
    ids=[case[0] for case in GENERIC],
)
def test_bad_spreadsheets_are_refused(admin, data, filename, english, dutch):
    refused(
        lambda: generic.generic_import(
            actor=admin,
            file=data,
            filename=filename,
            mapping=MAPPING,
            classification=Classification.OWN,
            **META,
        ),
        english,
        dutch,
    )


def test_an_unknown_code_of_a_published_classification_is_refused_with_its_row(admin):
    refused(
        lambda: generic.generic_import(
            actor=admin,
            file=formats.generic_csv([("GM9999", "2023", "0.0.0", "5"), ("GM9999", "2023", "9.9.9", "5")]),
            filename="politie.csv",
            mapping=MAPPING,
            classification=Classification.POLICE_CRIME,
            **META,
        ),
        "Row 3, column Indicator: The code 9.9.9 is not in the code list.",
        "Rij 3, kolom Indicator: De code 9.9.9 staat niet in de codelijst.",
    )


def test_a_zip_bomb_is_refused_before_the_preview_too(admin):
    with translation.override("en"), pytest.raises(parsers.ParseError, match="unpacks to 50 MB"):
        generic.generic_preview(file=formats.zip_bomb(), filename="monitor.xlsx")


def test_a_spreadsheet_over_the_size_or_row_limit_is_refused(admin):
    refused(
        lambda: generic.generic_import(
            actor=admin,
            file=formats.generic_csv() + b" " * (1024 * 1024),
            filename="monitor.csv",
            mapping=MAPPING,
            classification=Classification.OWN,
            max_bytes=1024 * 1024,
            **META,
        ),
        "The file is larger than 1 MB",
        "Het bestand is groter dan 1 MB",
    )
    many = formats.generic_csv([("GM9999", str(2000 + n), "onveilig", "1") for n in range(6)])
    with translation.override("en"), pytest.raises(parsers.ParseError, match="more than 5 rows"):
        generic.read_rows(many, "monitor.csv", max_rows=5)


def test_a_mapping_without_value_or_measure_is_refused(admin):
    refused(
        lambda: generic.generic_import(
            actor=admin,
            file=formats.generic_csv(),
            filename="monitor.csv",
            mapping={"area": "Gebied", "period": "Jaar"},
            classification=Classification.OWN,
            **META,
        ),
        "Choose the column with the measure, or one code for the whole file.",
        "Kies de kolom met de soort, of één code voor het hele bestand.",
    )
