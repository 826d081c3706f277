"""Exports of step 1: the contact list, the agreements document and the organisation chart."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from koers.teams import services
from koers.teams.models import PartnerType
from koers.teams.orgchart import orgchart_svg
from koers.teams.reference import AgreementKind, BodyKind
from koers.teams.selectors import bodies as bodies_of
from tests import factories

SVG = "{http://www.w3.org/2000/svg}"
EVIL_FUNCTION = "=cmd|' /C calc'!A0"

pytestmark = pytest.mark.usefixtures("no_mfa")


# Helpers: a team built through the services --------------------------------------------------


def partner(programme, actor, name: str, type_key: str = "politie"):
    return services.partner_create(
        actor=actor,
        organisation=programme.organisation,
        name=name,
        partner_type=PartnerType.objects.get(key=type_key, organisation__isnull=True),
    )


def person(programme, actor, full_name: str, **values):
    return services.person_create(actor=actor, programme=programme, full_name=full_name, **values)


def grow_team(programme, actor, size: int, *, start: int = 0) -> None:
    """``size`` more people, spread over a few partners and two bodies."""
    partners = [
        partner(programme, actor, f"Partner {start + i}", key)
        for i, key in enumerate(("politie", "jongerenwerk", "basisschool"))
    ]
    people = [
        person(
            programme,
            actor,
            f"Persoon {start + i:04d}",
            partner=partners[i % 3],
            function="Adviseur",
            email=f"p{start + i}@partner.example",
            phone="010 123 4567",
            team_role="Lid",
        )
        for i in range(size)
    ]
    services.body_create(
        actor=actor,
        programme=programme,
        kind=BodyKind.WERKGROEP,
        name=f"Werkgroep {start}",
        members=people[::2],
    )
    services.body_create(
        actor=actor,
        programme=programme,
        kind=BodyKind.WERKGROEP,
        name=f"Werkgroep {start}b",
        members=people[1::2],
    )


@pytest.fixture
def team(programme, manager):
    """A small team with bodies and agreements, including a malicious function."""
    police = partner(programme, manager, "Politie Eenheid Eigenstad", "politie")
    school = partner(programme, manager, "Basisschool De Regenboog", "basisschool")
    anna = person(
        programme,
        manager,
        "Anna de Vries",
        partner=police,
        function="Wijkagent",
        email="anna@politie.example",
        phone="+31 6 1234 5678",
        team_role="Contact politie",
    )
    bram = person(
        programme,
        manager,
        "Bram Bakker",
        partner=school,
        function=EVIL_FUNCTION,
        email="bram@school.example",
        team_role="Onderwijs",
    )
    chantal = person(programme, manager, "Chantal Ördög", function="Programmamanager")
    former = person(programme, manager, "Dirk Oud", partner=police)
    services.person_remove(actor=manager, person=former)
    steering = services.body_create(
        actor=manager,
        programme=programme,
        kind=BodyKind.STUURGROEP,
        name="Stuurgroep Eigenstad",
        members=[anna, chantal],
        chair=chantal,
        secretary=anna,
        mandate="Stelt het plan van aanpak vast.",
        meeting_frequency="quarterly",
    )
    project_team = services.body_create(
        actor=manager,
        programme=programme,
        kind=BodyKind.PROJECTTEAM,
        name="Projectteam",
        members=[anna, bram, chantal],
        chair=chantal,
        mandate="Voert het plan uit.",
    )
    working_group = services.body_create(
        actor=manager,
        programme=programme,
        kind=BodyKind.WERKGROEP,
        name="Werkgroep school",
        members=[bram],
        chair=bram,
    )
    for kind, text, owner in (
        (AgreementKind.MEETING, "Het projectteam komt elke maand bij elkaar.", chantal),
        (AgreementKind.DECISION, "De stuurgroep besluit over het plan van aanpak.", anna),
    ):
        services.agreement_create(
            actor=manager,
            programme=programme,
            kind=kind,
            text=text,
            owner=owner,
            agreed_on=dt.date(2026, 2, 1),
        )
    return {
        "people": [anna, bram, chantal],
        "former": former,
        "bodies": [steering, project_team, working_group],
    }


def url(name: str, programme, **kwargs) -> str:
    return reverse(name, kwargs={"programme_uuid": programme.uuid, **kwargs})


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# Contact list ----------------------------------------------------------------------------------


def test_csv_contact_list_has_the_current_team(manager_client, programme, team):
    response = manager_client.get(url("team_export", programme, fmt="csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows[0]) == 8
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Anna de Vries", "Bram Bakker", "Chantal Ördög"}  # no former members
    anna = by_name["Anna de Vries"]
    assert anna[1] == "Politie Eenheid Eigenstad"
    assert anna[3] == "Wijkagent"
    assert anna[4] == "Contact politie"
    assert anna[5] == "Stuurgroep Eigenstad, Projectteam"
    assert anna[6] == "anna@politie.example"
    assert anna[7] == "'+31 6 1234 5678"
    assert by_name["Bram Bakker"][3] == "'" + EVIL_FUNCTION


def test_xlsx_contact_list_opens_and_has_no_formulas(manager_client, programme, team):
    from openpyxl import load_workbook

    response = manager_client.get(url("team_export", programme, fmt="xlsx"))
    assert response.status_code == 200
    data = content(response)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=2))
    names = [row[0].value for row in rows]
    assert names == ["Anna de Vries", "Bram Bakker", "Chantal Ördög"]
    bram = rows[1]
    assert bram[3].value == "'" + EVIL_FUNCTION
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_ods_contact_list_opens_and_has_no_formulas(manager_client, programme, team):
    from odfdo import Document

    response = manager_client.get(url("team_export", programme, fmt="ods"))
    assert response.status_code == 200
    table = Document(io.BytesIO(content(response))).body.get_table(0)
    values = table.get_values()
    assert [row[0] for row in values[1:]] == ["Anna de Vries", "Bram Bakker", "Chantal Ördög"]
    assert values[2][3] == "'" + EVIL_FUNCTION
    assert table.get_cell((3, 2)).type == "string"
    assert "table:formula" not in table.serialize()


def test_an_unknown_export_format_is_not_found(manager_client, programme, team):
    assert manager_client.get(url("team_export", programme, fmt="xls")).status_code == 404
    assert manager_client.get(url("team_agreements_document", programme, fmt="docx")).status_code == 404


def test_contact_list_query_count_does_not_grow_with_the_team(manager_client, programme, manager):
    grow_team(programme, manager, 10)
    target = url("team_export", programme, fmt="csv")
    manager_client.get(target)  # the first request of a session also writes the session

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = manager_client.get(target)
            lines = content(response).count(b"\r\n")
        return len(ctx.captured_queries), lines

    small, small_lines = count()
    grow_team(programme, manager, 190, start=10)
    large, large_lines = count()
    assert (small_lines, large_lines) == (11, 201)
    assert small == large, f"{small} queries for 10 people, {large} for 200 (N+1)"


# Agreements document ---------------------------------------------------------------------------


def test_agreements_pdf_is_pdf_a_with_the_agreements(manager_client, programme, team):
    from pypdf import PdfReader

    response = manager_client.get(
        url("team_agreements_document", programme, fmt="pdf"), HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert "pdfaid" in reader.xmp_metadata.rdf_root.toxml()
    assert reader.metadata.title.endswith("Eigenstad aanpak")
    assert reader.metadata.author == "Gemeente Eigenstad"
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in (
        "Het projectteam komt elke maand bij elkaar.",
        "De stuurgroep besluit over het plan van aanpak.",
        "Chantal Ördög",
        "Stuurgroep Eigenstad",
        "Stelt het plan van aanpak vast.",
        "Werkgroep school",
    ):
        assert expected in text, expected


def test_agreements_odt_has_the_agreements_and_bodies(manager_client, programme, team):
    from odfdo import Document

    response = manager_client.get(url("team_agreements_document", programme, fmt="odt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    document = Document(io.BytesIO(response.content))
    assert document.meta.get_title().endswith("Eigenstad aanpak")
    text = document.get_formatted_text()
    assert "Het projectteam komt elke maand bij elkaar." in text
    assert "De stuurgroep besluit over het plan van aanpak." in text
    table = document.body.get_table(0)
    names = [row.get_cells()[0].text_content.strip() for row in table.get_rows()[1:]]
    assert names == ["Stuurgroep Eigenstad", "Projectteam", "Werkgroep school"]
    chairs = [row.get_cells()[2].text_content.strip() for row in table.get_rows()[1:]]
    assert chairs == ["Chantal Ördög", "Chantal Ördög", "Bram Bakker"]


def test_agreements_document_of_an_empty_programme(manager_client, programme):
    assert manager_client.get(url("team_agreements_document", programme, fmt="pdf")).status_code == 200
    assert manager_client.get(url("team_agreements_document", programme, fmt="odt")).status_code == 200


# Organisation chart ----------------------------------------------------------------------------


def test_orgchart_is_an_accessible_svg_with_everyone(manager_client, programme, team):
    response = manager_client.get(url("team_orgchart", programme))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text.endswith("Eigenstad aanpak")
    assert root.find(f"{SVG}desc").text
    texts = " ".join(element.text or "" for element in root.iter(f"{SVG}text"))
    for name in ("Stuurgroep Eigenstad", "Projectteam", "Werkgroep school", "Anna de Vries", "Bram Bakker"):
        assert name in texts
    assert "Dirk Oud" not in texts
    for element in root.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject", f"{SVG}image")
        assert "style" not in element.attrib
        assert not any(key.endswith("href") for key in element.attrib)


def test_orgchart_escapes_names_and_is_deterministic(programme, manager):
    evil = person(programme, manager, "<script>alert(1)</script> & Zn")
    plain = person(programme, manager, "Eva Een")
    services.body_create(
        actor=manager,
        programme=programme,
        kind=BodyKind.STUURGROEP,
        name='Stuurgroep "<b>"',
        members=[evil, plain],
        chair=evil,
    )
    services.body_create(
        actor=manager, programme=programme, kind=BodyKind.PROJECTTEAM, name="Projectteam", members=[plain]
    )
    for index in range(6):
        services.body_create(
            actor=manager,
            programme=programme,
            kind=BodyKind.WERKGROEP,
            name=f"Werkgroep {index}",
            members=[plain],
        )
    with translation.override("nl"):
        svg = orgchart_svg(bodies_of(programme))
        again = orgchart_svg(bodies_of(programme))
    assert svg == again
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    texts = [element.text or "" for element in root.iter(f"{SVG}text")]
    assert 'Stuurgroep "<b>"' in texts
    assert any("<script>alert(1)</script> & Zn" in text for text in texts)
    assert all(f"Werkgroep {index}" in texts for index in range(6))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"
    for element in root.iter(f"{SVG}text"):
        assert int(element.get("font-size")) >= 12


def test_orgchart_without_bodies_says_so(programme):
    root = ET.fromstring(orgchart_svg([]))  # noqa: S314 (our own output)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}desc").text


# Access ----------------------------------------------------------------------------------------


EXPORT_URLS = (
    ("team_export", {"fmt": "csv"}),
    ("team_export", {"fmt": "xlsx"}),
    ("team_agreements_document", {"fmt": "pdf"}),
    ("team_agreements_document", {"fmt": "odt"}),
    ("team_orgchart", {}),
)


@pytest.mark.parametrize(("name", "kwargs"), EXPORT_URLS)
def test_another_organisations_programme_is_not_found(manager_client, foreign_programme, name, kwargs):
    assert manager_client.get(url(name, foreign_programme, **kwargs)).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), EXPORT_URLS)
def test_an_organisation_member_outside_the_programme_is_refused(client, programme, name, kwargs):
    outsider = factories.MembershipFactory(organisation=programme.organisation).user
    client.force_login(outsider)
    assert client.get(url(name, programme, **kwargs)).status_code == 403


@pytest.mark.parametrize("role", ["meelezer", "stuurgroeplid", "teamlid"])
def test_every_programme_member_may_download(client, programme, role):
    client.force_login(factories.member(programme, role))
    assert client.get(url("team_export", programme, fmt="csv")).status_code == 200
    assert client.get(url("team_orgchart", programme)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, programme):
    response = client.get(url("team_export", programme, fmt="csv"))
    assert response.status_code == 302


def test_the_project_group_in_the_chart_shows_the_kwartiermakers(client, settings, db):
    """The project group's members are derived from the kwartiermakers, in the chart as on the page."""
    from django.urls import reverse

    from koers.teams import services as team_services
    from tests import factories as f

    settings.MFA_ENFORCE = False
    programme = f.ProgrammeFactory()
    manager = f.member(programme, "programmamanager")
    lead = f.member(programme, "kwartiermaker", full_name="Kees Kwartier")
    team_services.person_create(
        actor=manager, programme=programme, full_name="Kees Kwartier", email=lead.email
    )
    team_services.body_create(actor=manager, programme=programme, kind="projectgroep", name="Projectgroep")
    client.force_login(manager)
    svg = client.get(reverse("team_orgchart", kwargs={"programme_uuid": programme.uuid})).content.decode()
    assert "Kees Kwartier" in svg
