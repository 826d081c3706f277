"""Shared exports and documents: every table format opens in its own library and carries no live
formula; PDF documents are tagged PDF/A and fetch nothing from outside; ODT documents read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from koers.reports import documents, tabular

HEADERS = ["Naam", "Functie", "Aantal", "Datum"]
ROWS = [
    ["Anna de Vries", "Wijkagent", 3, dt.date(2026, 3, 1)],
    ["Bram; Bakker", 'Jongerenwerker "straat"\nen online', -2, None],
    ["Chantal Ördög", "", Decimal("1.5"), dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)],
]
MALICIOUS = [
    '=HYPERLINK("http://x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return b"".join(response)


def read_csv(response) -> list[list[str]]:
    data = body(response)
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(response):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(body(response))).active


def read_ods(response):
    from odfdo import Document

    return Document(io.BytesIO(body(response))).body.get_table(0)


# neutralise ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", MALICIOUS)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert tabular.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Anna", "06-12345678", "a=b", " =1", "", "'al"])
def test_ordinary_text_is_left_alone(text):
    assert tabular.neutralise(text) == text


@given(st.text())
def test_no_text_reaches_a_spreadsheet_as_a_formula(text):
    cleaned = tabular.clean_text(text)
    kept = tabular._ILLEGAL_XML.sub("", text)
    assert cleaned in (kept, "'" + kept)
    assert not cleaned.startswith(tabular.FORMULA_PREFIXES)


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_csv_reads_back_what_was_written(row):
    rows = read_csv(tabular.export_response([row], ["a", "b", "c", "d"][: len(row)], fmt="csv", filename="t"))
    assert rows[1] == [tabular.clean_text(value) for value in row]


def test_characters_xml_cannot_hold_are_dropped():
    assert tabular.clean_text("a\x00b\x1fc\td") == "abc\td"


@pytest.mark.parametrize(
    ("given", "ext", "expected"),
    [
        ("Contactlijst Eigenstad aanpak", "csv", "contactlijst-eigenstad-aanpak.csv"),
        ('../../etc/passwd"; x=.csv', "csv", "passwd-x.csv"),
        ("Afspraken — Ördög", "pdf", "afspraken-ordog.pdf"),
        ("\r\n", "xlsx", "export.xlsx"),
        ("report.ods", "ods", "report.ods"),
    ],
)
def test_file_names_are_safe(given, ext, expected):
    assert tabular.safe_filename(given, ext) == expected


# each format -----------------------------------------------------------------------------------


def test_csv_streams_with_bom_semicolons_and_quoting():
    response = tabular.export_response(iter(ROWS), HEADERS, fmt="csv", filename="Team Eigenstad")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="team-eigenstad.csv"'
    assert response["Cache-Control"] == "private, no-store"
    rows = read_csv(response)
    assert rows[0] == HEADERS
    assert rows[1] == ["Anna de Vries", "Wijkagent", "3", "2026-03-01"]
    assert rows[2] == ["Bram; Bakker", 'Jongerenwerker "straat"\nen online', "-2", ""]
    with translation.override("nl"):
        rows = read_csv(tabular.export_response(ROWS, HEADERS, fmt="csv", filename="t"))
    assert rows[3][2] == "1,5"
    assert rows[3][3] == timezone.localtime(ROWS[2][3]).strftime("%Y-%m-%d %H:%M")


def test_xlsx_opens_in_openpyxl_with_the_rows():
    response = tabular.export_response(iter(ROWS), HEADERS, fmt="xlsx", filename="Team")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="team.xlsx"'
    sheet = read_xlsx(response)
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADERS
    assert values[1] == ["Anna de Vries", "Wijkagent", 3, dt.datetime(2026, 3, 1)]
    assert values[2] == ["Bram; Bakker", 'Jongerenwerker "straat"\nen online', -2, None]
    assert values[3][0] == "Chantal Ördög"
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"


def test_ods_opens_in_odfdo_with_the_rows():
    response = tabular.export_response(iter(ROWS), HEADERS, fmt="ods", filename="Team")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"] == 'attachment; filename="team.ods"'
    table = read_ods(response)
    values = table.get_values()
    assert values[0] == HEADERS
    assert values[1] == ["Anna de Vries", "Wijkagent", 3, dt.date(2026, 3, 1)]
    assert values[2][:3] == ["Bram; Bakker", 'Jongerenwerker "straat"\nen online', -2]
    assert values[3][0] == "Chantal Ördög"


def test_an_unknown_format_is_not_found():
    from django.http import Http404

    with pytest.raises(Http404):
        tabular.export_response(ROWS, HEADERS, fmt="xls", filename="t")


def test_an_empty_export_has_its_header_row():
    assert read_csv(tabular.export_response([], HEADERS, fmt="csv", filename="t")) == [HEADERS]
    assert [
        list(r) for r in read_xlsx(tabular.export_response([], HEADERS, fmt="xlsx", filename="t")).values
    ] == [HEADERS]
    assert read_ods(tabular.export_response([], HEADERS, fmt="ods", filename="t")).get_values() == [HEADERS]


# formula injection -----------------------------------------------------------------------------


def malicious_rows():
    return [[text, "ok"] for text in MALICIOUS]


def test_csv_has_no_live_formula():
    rows = read_csv(tabular.export_response(malicious_rows(), ["a", "b"], fmt="csv", filename="t"))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in MALICIOUS]
    for row in rows[1:]:
        assert not row[0].startswith(tabular.FORMULA_PREFIXES)


def test_xlsx_has_no_formula_cells():
    response = tabular.export_response(malicious_rows(), ["a", "b"], fmt="xlsx", filename="t")
    sheet = read_xlsx(response)
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == ["'" + text for text in MALICIOUS]
    assert {cell.data_type for cell in cells} == {"s"}
    # and nothing in the workbook's XML is a formula
    import zipfile

    with zipfile.ZipFile(
        io.BytesIO(body(tabular.export_response(malicious_rows(), ["a"], fmt="xlsx", filename="t")))
    ) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_ods_has_no_formula_cells():
    table = read_ods(tabular.export_response(malicious_rows(), ["a", "b"], fmt="ods", filename="t"))
    cells = [table.get_cell((0, y)) for y in range(1, len(MALICIOUS) + 1)]
    assert [cell.value for cell in cells] == ["'" + text for text in MALICIOUS]
    assert {cell.type for cell in cells} == {"string"}
    assert all(cell.formula is None for cell in cells)
    assert "table:formula" not in table.serialize()


# PDF -------------------------------------------------------------------------------------------


PROBE = (
    '{% extends "reports/document.html" %}{% block content %}'
    "<h2>Vergaderstructuur</h2><p>{{ text }}</p>"
    '<table><thead><tr><th scope="col">Gremium</th><th scope="col">Voorzitter</th></tr></thead>'
    "<tbody><tr><td>Stuurgroep</td><td>Wethouder</td></tr></tbody></table>"
    "{{ extra|safe }}{% endblock %}"
)


@pytest.fixture
def probe(settings, tmp_path):
    """A document template ``probe.html`` on top of ``reports/document.html``."""
    (tmp_path / "probe.html").write_text(PROBE)
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return "probe.html"


def make_pdf(template: str, **extra) -> bytes:
    context = {
        "title": "Proefdocument — Eigenstad",
        "author": "Gemeente Eigenstad",
        "text": "Het projectteam komt elke maand bij elkaar.",
        **extra,
    }
    with translation.override("nl"):
        return documents.render_pdf(template, context)


def test_pdf_is_tagged_pdf_a_with_language_title_and_author(probe):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(make_pdf(probe)))
    xmp = reader.xmp_metadata
    assert xmp is not None
    rdf = xmp.rdf_root.toxml()
    assert "pdfaid" in rdf
    assert 'pdfaid:part="2"' in rdf and 'pdfaid:conformance="A"' in rdf
    assert xmp.dc_title == {"x-default": "Proefdocument — Eigenstad"}
    assert xmp.dc_creator == ["Gemeente Eigenstad"]
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert "/OutputIntents" in root
    assert reader.metadata.title == "Proefdocument — Eigenstad"
    assert reader.metadata.author == "Gemeente Eigenstad"
    assert reader.pdf_header == "%PDF-1.7"
    text = reader.pages[0].extract_text()
    assert "Proefdocument — Eigenstad" in text
    assert "Het projectteam komt elke maand bij elkaar." in text
    assert "Stuurgroep" in text


def test_pdf_fonts_are_embedded(probe):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(make_pdf(probe)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_pdf_response_is_a_download(probe):
    with translation.override("nl"):
        response = documents.pdf_response(probe, {"title": "T", "author": "A"}, filename="Afspraken Stad")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="afspraken-stad.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")


def test_documents_fetch_nothing_from_the_network(monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("a document tried to reach the network")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    fetcher = documents.local_url_fetcher()
    for url in (
        "http://example.invalid/logo.png",
        "https://example.invalid/x.css",
        "ftp://x/y",
        "file:///etc/passwd",
    ):
        with pytest.raises(documents.RefusedURL):
            fetcher.fetch(url)
    monkeypatch.undo()
    assert (documents.STATIC_DIR / "koers" / "favicon.svg").is_file()
    assert fetcher.fetch((documents.STATIC_DIR / "koers" / "favicon.svg").as_uri()).read().startswith(b"<")
    assert fetcher.fetch("data:text/plain,koers").read() == b"koers"


def test_a_template_with_external_references_still_renders_without_them(probe, monkeypatch):
    calls = []
    original = documents.local_url_fetcher

    def recording_fetcher(*args, **kwargs):
        fetcher = original(*args, **kwargs)
        fetch = fetcher.fetch

        def spy(url, headers=None):
            calls.append(url)
            return fetch(url, headers)

        fetcher.fetch = spy
        return fetcher

    monkeypatch.setattr(documents, "local_url_fetcher", recording_fetcher)
    extra = (
        '<img src="http://example.invalid/tracker.png" alt="">'
        '<link rel="stylesheet" href="https://example.invalid/font.css">'
        '<img src="koers/favicon.svg" alt="Koers">'
    )
    pdf = make_pdf(probe, extra=extra)
    assert pdf.startswith(b"%PDF-")
    assert "http://example.invalid/tracker.png" in calls
    assert documents.STATIC_DIR.joinpath("koers", "favicon.svg").as_uri() in calls


# ODT -------------------------------------------------------------------------------------------


def test_odt_reads_back_with_title_headings_paragraphs_and_table():
    from odfdo import Document

    with translation.override("nl"):
        doc = documents.OdtDocument(
            title="Afspraken Eigenstad", author="Gemeente Eigenstad", subject="Eigenstad"
        )
        doc.heading("Vergaderstructuur", level=2)
        doc.paragraph("Het projectteam komt elke maand bij elkaar.\nDe stuurgroep elk kwartaal.")
        doc.table(
            ["Gremium", "Voorzitter"], [["Stuurgroep", "Wethouder <Bakker> & co"], ["Projectteam", None]]
        )
        response = documents.odt_response(doc, filename="Afspraken Eigenstad")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"] == 'attachment; filename="afspraken-eigenstad.odt"'
    read = Document(io.BytesIO(response.content))
    assert read.meta.get_title() == "Afspraken Eigenstad"
    assert read.meta.get_language() == "nl"
    assert read.meta.get_initial_creator() == "Gemeente Eigenstad"
    assert read.meta.get_creation_date().date() == timezone.localdate()
    styles = read.get_part("styles.xml").serialize().decode()
    assert 'fo:language="nl"' in styles and 'fo:language="fr"' not in styles
    headings = [(int(h.level), str(h).strip()) for h in read.body.get_headers()]
    assert headings == [(1, "Afspraken Eigenstad"), (2, "Vergaderstructuur")]
    text = read.get_formatted_text()
    assert "Het projectteam komt elke maand bij elkaar." in text
    assert "De stuurgroep elk kwartaal." in text
    table = read.body.get_table(0)
    assert [[c.text_content.strip() for c in row.get_cells()] for row in table.get_rows()] == [
        ["Gremium", "Voorzitter"],
        ["Stuurgroep", "Wethouder <Bakker> & co"],
        ["Projectteam", ""],
    ]
    ET.fromstring(read.get_part("content.xml").serialize())  # noqa: S314 (our own output)


def test_a_web_worker_starts_without_the_document_libraries():
    import os
    import subprocess
    import sys

    code = (
        "import django, sys; django.setup(); import koers.urls, koers.wsgi; "
        "print(sorted(m for m in ('weasyprint', 'odfdo', 'openpyxl') if m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "koers.settings.test"},
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_docx_reads_back_with_title_headings_paragraphs_and_table_in_dutch():
    from docx import Document
    from docx.oxml.ns import qn

    with translation.override("nl"):
        doc = documents.DocxDocument(title="Veiligheidsanalyse Eigenstad", author="Gemeente Eigenstad")
        doc.heading("Cijfers", level=2)
        doc.paragraph("Eerste regel.\nTweede regel.")
        doc.paragraph("Bron: Politie.", note=True)
        doc.table(["Jaar", "Misdrijven"], [["2023", "1.204"], ["2022", None]], widths=[1, 2])
        data = doc.to_bytes()
    read = Document(io.BytesIO(data))
    assert read.core_properties.title == "Veiligheidsanalyse Eigenstad"
    assert read.core_properties.author == "Gemeente Eigenstad"
    assert read.core_properties.language == "nl-NL"
    languages = read.styles.element.findall(f".//{qn('w:docDefaults')}//{qn('w:lang')}")
    assert [lang.get(qn("w:val")) for lang in languages] == ["nl-NL"]
    paragraphs = [(p.style.name, p.text) for p in read.paragraphs]
    assert paragraphs[:3] == [
        ("Heading 1", "Veiligheidsanalyse Eigenstad"),
        ("Heading 2", "Cijfers"),
        ("Normal", "Eerste regel.\nTweede regel."),
    ]
    table = read.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Jaar", "Misdrijven"],
        ["2023", "1.204"],
        ["2022", ""],
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on every page
    with pytest.raises(ValueError):
        doc.table(["a", "b"], [], widths=[1])
