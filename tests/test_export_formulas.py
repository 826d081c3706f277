"""No export hands a spreadsheet a formula: every table export goes through one writer
(koers.reports.tabular), which neutralises text that a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from koers.teams import services
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

SRC = Path(__file__).resolve().parent.parent / "src" / "koers"
HYPERLINK = '=HYPERLINK("http://x")'
SUM = "@SUM(A1)"
# What writes a table file; only the central modules may use them.
WRITERS = re.compile(r"csv\.writer\(|csv\.DictWriter\(|openpyxl|odfdo|xlsxwriter|Workbook\(")
CENTRAL = {"reports/tabular.py", "reports/documents.py"}
# Readers of uploaded spreadsheets (imports), not writers.
READERS = {"analysis/generic.py", "uploads.py"}


def test_every_table_writer_is_the_central_one():
    users = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if WRITERS.search(path.read_text(encoding="utf-8"))
    }
    assert users - CENTRAL - READERS == set(), "table files written outside koers.reports.tabular"


@pytest.fixture
def team(programme, manager):
    services.person_create(
        actor=manager, programme=programme, full_name=HYPERLINK, function=SUM, phone="+31 6 1234 5678"
    )


def export(client, programme, fmt: str) -> bytes:
    response = client.get(reverse("team_export", kwargs={"programme_uuid": programme.uuid, "fmt": fmt}))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_csv_export_prefixes_formulas_with_an_apostrophe(manager_client, programme, team):
    rows = list(
        csv.reader(io.StringIO(export(manager_client, programme, "csv").decode("utf-8-sig")), delimiter=";")
    )
    (row,) = rows[1:]

    assert row[0] == "'" + HYPERLINK
    assert row[3] == "'" + SUM
    assert row[7] == "'+31 6 1234 5678"  # a phone number too: a spreadsheet reads + as a formula
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_the_xlsx_export_writes_them_as_text(manager_client, programme, team):
    from openpyxl import load_workbook

    data = export(manager_client, programme, "xlsx")
    row = [cell for cell in next(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2))]

    assert (row[0].value, row[3].value) == ("'" + HYPERLINK, "'" + SUM)
    assert {row[0].data_type, row[3].data_type, row[7].data_type} == {"s"}
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_the_ods_export_writes_them_as_text(manager_client, programme, team):
    from odfdo import Document

    table = Document(io.BytesIO(export(manager_client, programme, "ods"))).body.get_table(0)

    assert table.get_values()[1][0] == "'" + HYPERLINK
    assert table.get_values()[1][3] == "'" + SUM
    assert {table.get_cell((x, 1)).type for x in (0, 3, 7)} == {"string"}
    assert "table:formula" not in table.serialize()


def test_the_export_is_not_open_to_a_foreign_organisation(client, programme, team, foreign_programme):
    client.force_login(factories.member(foreign_programme, "programmamanager"))

    response = client.get(reverse("team_export", kwargs={"programme_uuid": programme.uuid, "fmt": "csv"}))

    assert response.status_code == 404
