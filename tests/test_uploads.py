"""Every upload is judged by its content, its size and, for zip-based formats, what it unpacks to,
before anything is stored (koers.uploads)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from koers import uploads
from koers.analysis.models import ImportJob
from koers.knowledge import services as knowledge_services
from koers.meetings.forms import DocumentForm
from koers.organisations.forms import OrganisationSettingsForm
from koers.reports import tabular
from tests import factories

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#154273").save(buffer, "PNG")
    return buffer.getvalue()


PNG = png()
CSV = b"Gebied;Jaar;Aantal\nCentrum;2024;12\n"
DATASET_FIELDS = {
    "source": "Eigen registratie",
    "table_id": "OWN1",
    "title": "Overlastmeldingen",
    "downloaded_on": "2024-09-01",
    "classification": "eigen",
    "dry_run": "on",
}


def zip_bomb(*, unpacked_mb: int = 30, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A small archive that looks like a workbook and unpacks to ``unpacked_mb`` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open(name, "w", force_zip64=True) as member:
            block = b"0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                member.write(block)
    return buffer.getvalue()


def many_members(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for index in range(count):
            archive.writestr(f"xl/extra/{index}.xml", "<x/>")
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    tabular.write_xlsx(buffer, [["Centrum", 2024, 12]], ["Gebied", "Jaar", "Aantal"], sheet_name="Blad")
    return buffer.getvalue()


def ods() -> bytes:
    buffer = io.BytesIO()
    tabular.write_ods(buffer, [["Centrum", 2024, 12]], ["Gebied", "Jaar", "Aantal"], sheet_name="Blad")
    return buffer.getvalue()


def docx() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Verslag")
    document.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refused_code(name: str, content: bytes, kinds, **kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(upload(name, content), kinds=kinds, **kwargs)
    return refused.value.code


# The central validator ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("logo.png", PNG, "png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20, "jpeg"),
        ("verslag.pdf", PDF, "pdf"),
        ("cijfers.csv", CSV, "csv"),
        ("cijfers.csv", "\ufeffWijk;Jaar\nOost;2024\n".encode("utf-16"), "csv"),
        ("gebieden.geojson", b'{"type": "FeatureCollection", "features": []}', "json"),
    ],
)
def test_files_that_are_what_their_names_say_are_accepted(name, content, kind):
    assert uploads.validate_upload(upload(name, content), kinds=uploads.KINDS) == kind


@pytest.mark.parametrize(
    ("name", "maker", "kind"), [("a.xlsx", xlsx, "xlsx"), ("a.ods", ods, "ods"), ("a.docx", docx, "docx")]
)
def test_real_office_and_odf_files_are_recognised_by_their_contents(name, maker, kind):
    assert uploads.validate_upload(upload(name, maker()), kinds=uploads.KINDS) == kind


@pytest.mark.parametrize(
    ("name", "content", "kinds"),
    [
        ("logo.png", EXE, uploads.IMAGES),
        ("logo.png", HTML, uploads.IMAGES),
        ("logo.png", PDF, uploads.IMAGES),
        ("cijfers.xlsx", EXE, ("xlsx", "ods", "csv")),
        ("cijfers.xlsx", HTML, ("xlsx", "ods", "csv")),
        ("cijfers.xlsx", CSV, ("xlsx", "ods")),
        ("cijfers.csv", HTML, ("csv",)),
        ("cijfers.csv", EXE, ("csv",)),
        ("verslag.pdf", EXE, uploads.DOCUMENTS),
        ("verslag.docx", b"PK\x03\x04" + b"\x00" * 60, uploads.DOCUMENTS),
        ("programma.exe", EXE, uploads.DOCUMENTS),
    ],
)
def test_a_file_whose_content_is_not_what_it_claims_is_refused(name, content, kinds):
    assert refused_code(name, content, kinds) in {"wrong_kind", "damaged"}


def test_an_xlsx_renamed_to_png_is_refused():
    assert refused_code("logo.png", xlsx(), uploads.DOCUMENTS) == "wrong_kind"


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = zip_bomb()
    assert len(bomb) < 100_000  # thirty megabytes of zeros pack into a few dozen kilobytes

    assert refused_code("cijfers.xlsx", bomb, ("xlsx",)) == "zip_bomb"


def test_the_unpacked_size_limit_is_a_setting(settings):
    settings.UPLOAD_MAX_UNPACKED_BYTES = 10 * 1024
    archive = many_members(5)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as stored:  # no compression: ratio 1
        stored.writestr("xl/workbook.xml", "x" * 20_000)
    assert uploads.validate_upload(upload("a.xlsx", archive), kinds=("xlsx",)) == "xlsx"

    assert refused_code("a.xlsx", buffer.getvalue(), ("xlsx",)) == "zip_bomb"


def test_an_archive_with_too_many_members_is_refused(settings):
    settings.UPLOAD_MAX_ZIP_MEMBERS = 10

    assert refused_code("cijfers.xlsx", many_members(20), ("xlsx",)) == "zip_members"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024

    assert refused_code("cijfers.csv", CSV * 100, ("csv",)) == "too_large"
    assert uploads.validate_upload(upload("cijfers.csv", CSV), kinds=("csv",)) == "csv"


def test_a_field_may_set_a_lower_limit_than_the_installation():
    assert refused_code("logo.png", PNG + b"\x00" * 2000, uploads.IMAGES, max_bytes=1000) == "too_large"


def test_an_empty_file_is_refused():
    assert refused_code("leeg.csv", b"", ("csv",)) == "empty"


def test_the_messages_are_dutch_for_a_dutch_reader():
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        uploads.validate_upload(upload("cijfers.xlsx", zip_bomb()), kinds=("xlsx",))
    assert "Uitgepakt" in refused.value.messages[0]

    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        uploads.validate_upload(upload("logo.png", EXE), kinds=uploads.IMAGES)
    assert "hoort niet bij" in refused.value.messages[0]


# Every upload field uses it -------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db, settings):
    settings.MFA_ENFORCE = False
    client.force_login(factories.UserFactory(superuser=True))
    return client


def post_import(client, name: str, content: bytes):
    data = {"file": upload(name, content), **DATASET_FIELDS}
    return client.post(reverse("import_create", kwargs={"kind": "generic"}), data)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("cijfers.xlsx", zip_bomb(), "zip_bomb"),
        ("cijfers.xlsx", EXE, "wrong_kind"),
        ("cijfers.xlsx", HTML, "wrong_kind"),
        ("cijfers.ods", HTML, "wrong_kind"),
    ],
)
def test_the_import_page_refuses_bombs_and_renamed_files_and_stores_nothing(
    admin_client, name, content, code
):
    response = post_import(admin_client, name, content)

    assert response.status_code == 200
    assert response.context["form"].has_error("file", code)
    assert not ImportJob.objects.exists()


def test_the_import_page_accepts_a_real_workbook(admin_client):
    response = post_import(admin_client, "cijfers.xlsx", xlsx())

    assert response.status_code == 302
    assert ImportJob.objects.count() == 1


def test_the_import_page_refuses_a_file_over_the_installations_limit(admin_client, settings):
    settings.UPLOAD_MAX_BYTES = 20

    response = post_import(admin_client, "cijfers.csv", CSV)

    assert response.context["form"].has_error("file", "too_large")
    assert not ImportJob.objects.exists()


def test_the_geometry_import_refuses_a_web_page_named_geojson(admin_client):
    response = admin_client.post(
        reverse("import_create", kwargs={"kind": "geometrie"}),
        {"file": upload("wijken.geojson", HTML), "reference_year": 2024, "dry_run": "on"},
    )

    assert response.context["form"].has_error("file", "wrong_kind")
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("content", [EXE, HTML, PDF, xlsx()])
def test_a_logo_that_is_no_image_is_refused(db, content):
    organisation = factories.OrganisationFactory()
    form = OrganisationSettingsForm(
        {"name": "Gemeente Proef", "kind": organisation.kind, "primary_colour": "#154273"},
        {"logo": upload("logo.png", content)},
        instance=organisation,
    )

    assert not form.is_valid()
    assert "logo" in form.errors
    organisation.refresh_from_db()
    assert not organisation.logo


def test_a_real_png_logo_is_accepted(db):
    organisation = factories.OrganisationFactory()
    form = OrganisationSettingsForm(
        {"name": "Gemeente Proef", "kind": organisation.kind, "primary_colour": "#154273"},
        {"logo": upload("logo.png", PNG)},
        instance=organisation,
    )

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("name", "content"),
    [("agenda.png", HTML), ("agenda.pdf", EXE), ("begroting.xlsx", zip_bomb()), ("agenda.txt", EXE)],
)
def test_a_meeting_document_is_checked_by_its_content(name, content):
    form = DocumentForm({"title": "Stuk"}, {"file": upload(name, content)})

    assert not form.is_valid()
    assert "file" in form.errors


@pytest.mark.parametrize(("name", "maker"), [("begroting.xlsx", xlsx), ("verslag.docx", docx)])
def test_a_real_meeting_document_is_accepted(name, maker):
    form = DocumentForm({"title": "Stuk"}, {"file": upload(name, maker())})

    assert form.is_valid(), form.errors


@pytest.mark.parametrize("content", [HTML, EXE, zip_bomb(unpacked_mb=5)])
def test_a_knowledge_source_must_really_be_a_pdf(content):
    with pytest.raises(ValidationError) as refused:
        knowledge_services.check_pdf(upload("onderzoek.pdf", content))

    assert refused.value.error_dict["document"][0].code == "not_pdf"
