"""The knowledge base's writes: one audit event per change and none for a save that changes
nothing; stale edits refused; an upload that is not really a PDF refused with nothing stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from koers.audit.models import AuditEvent
from koers.concurrency import StaleEditError
from koers.knowledge import services
from koers.knowledge.models import Experience, Source
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("rapport.txt", "Geen PDF.")
    return buffer.getvalue()


@pytest.fixture
def events():
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def since() -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(id__gt=last).order_by("id"))

    return since


def make_source(programme, actor, **values):
    values.setdefault("title", "Jeugdcriminaliteit in Buurdorp")
    values.setdefault("url", "https://buurdorp.example/rapport")
    return services.source_create(actor=actor, programme=programme, **values)


def test_creating_a_source_records_one_event_and_cleans_themes(programme, manager, events):
    source = make_source(
        programme,
        manager,
        themes="  school, Online ,school,, uitgaan ",
        focus_areas=["online", "gezin", "online"],
        year=2024,
        kind="onderzoek",
    )

    assert source.themes == "school, Online, uitgaan"
    assert source.focus_areas == ["gezin", "online"]
    assert [e.action for e in events()] == ["source.create"]


def test_a_source_needs_a_link_or_a_pdf(programme, manager):
    with pytest.raises(ValidationError):
        services.source_create(actor=manager, programme=programme, title="Zonder vindplaats")
    assert not Source.objects.exists()


def test_an_update_records_one_event_and_a_no_op_none(programme, manager, events):
    source = make_source(programme, manager)
    before = len(events())

    services.source_update(
        actor=manager, source=source, expected_version=source.version, title="Nieuwe titel"
    )
    services.source_update(
        actor=manager, source=source, expected_version=source.version, title="Nieuwe titel"
    )

    assert [e.action for e in events()][before:] == ["source.update"]
    source.refresh_from_db()
    assert source.version == 2
    assert source.updated_by == manager


def test_a_stale_source_edit_is_refused(programme, manager):
    source = make_source(programme, manager)
    services.source_update(actor=manager, source=source, expected_version=1, title="Eerst")

    with pytest.raises(StaleEditError):
        services.source_update(actor=manager, source=source, expected_version=1, title="Later")

    source.refresh_from_db()
    assert source.title == "Eerst"


def test_a_real_pdf_is_stored_under_a_random_name(programme, manager):
    source = make_source(programme, manager, url="", document=SimpleUploadedFile("mijn rapport.pdf", PDF))

    assert source.document.name.startswith("kennisbank/")
    assert "rapport" not in source.document.name
    assert default_storage.exists(source.document.name)


@pytest.mark.parametrize("content", [PNG, zip_bytes()], ids=["png", "zip"])
def test_a_pdf_that_is_not_a_pdf_is_refused_and_nothing_stored(programme, manager, content, events):
    upload = SimpleUploadedFile("rapport.pdf", content, content_type="application/pdf")
    before = set(default_storage.listdir("kennisbank")[1]) if default_storage.exists("kennisbank") else set()

    with pytest.raises(ValidationError) as refused:
        make_source(programme, manager, document=upload)

    assert refused.value.error_dict["document"][0].code == "not_pdf"
    assert not Source.objects.exists()
    assert not events()
    after = set(default_storage.listdir("kennisbank")[1]) if default_storage.exists("kennisbank") else set()
    assert after == before


def test_a_pdf_over_twenty_megabytes_is_refused(programme, manager, monkeypatch):
    monkeypatch.setattr(services, "MAX_PDF_BYTES", len(PDF) - 1)

    with pytest.raises(ValidationError) as refused:
        make_source(programme, manager, document=SimpleUploadedFile("groot.pdf", PDF))

    assert refused.value.error_dict["document"][0].code == "too_large"


def test_deleting_a_source_records_one_event(programme, manager, events):
    source = make_source(programme, manager)
    before = len(events())

    services.source_delete(actor=manager, source=source)

    assert [e.action for e in events()][before:] == ["source.delete"]
    assert not Source.objects.exists()


def test_an_experience_belongs_to_its_author_and_their_team_record(programme, events):
    user = factories.member(programme, "teamlid")
    person = factories.PersonFactory(programme=programme, user=user)

    experience = services.experience_create(
        actor=user,
        programme=programme,
        area="Centrum",
        group="jongeren 14–18",
        pattern="Groepjes na schooltijd bij het winkelcentrum.",
        observed_on=None,
    )

    assert experience.author == user
    assert experience.person == person
    assert [e.action for e in events()] == ["experience.create"]


def test_experience_update_no_op_and_stale(programme, events):
    user = factories.member(programme, "teamlid")
    experience = services.experience_create(
        actor=user, programme=programme, area="Noord", group="jongeren 12–14", pattern="Overlast."
    )

    services.experience_update(actor=user, experience=experience, expected_version=1, area="Noord")
    services.experience_update(actor=user, experience=experience, expected_version=1, area="Zuid")
    with pytest.raises(StaleEditError):
        services.experience_update(actor=user, experience=experience, expected_version=1, area="Oost")
    services.experience_delete(actor=user, experience=experience)

    assert [e.action for e in events()] == [
        "experience.create",
        "experience.update",
        "experience.delete",
    ]
    assert not Experience.objects.exists()
