"""A whole programme as one archive: export, import into another organisation, and back (ADR 0044)."""

from __future__ import annotations

import io
import json
import zipfile

import jsonschema
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from koers.audit.models import AuditEvent
from koers.organisations.models import OrganisationRole
from koers.programmes import archive
from koers.programmes.models import Programme, ProgrammeMembership, ProgrammeRole
from koers.teams.models import PartnerOrganisation, PartnerType, Person
from tests import factories
from tests.test_access_matrix import World

#: What differs between two exports of the same content: the time of the export and, because the
#: import into the same installation renews them, the uuids.
VOLATILE = ("exported_at", "uuid")


def export_bytes(programme, actor=None) -> bytes:
    with archive.programme_export(actor=actor, programme=programme) as spool:
        return spool.read()


def document_of(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return json.loads(zf.read("programme.json"))


def without_volatile(value):
    if isinstance(value, dict):
        return {k: without_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [without_volatile(v) for v in value]
    return value


def rebuilt(data: bytes, change=None, *, drop=(), extra=None) -> io.BytesIO:
    """The archive with ``change(document)`` applied to programme.json and members dropped/added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            content = source.read(info.filename)
            if info.filename == "programme.json" and change is not None:
                document = json.loads(content)
                change(document)
                content = json.dumps(document).encode()
            target.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    out.seek(0)
    return out


def stored_files() -> int:
    total = 0
    for folder in ("kennisbank", "analysedocumenten", "planversies", "voortgangsrapportages", "overleggen"):
        try:
            total += len(default_storage.listdir(folder)[1])
        except FileNotFoundError:
            continue
    return total


@pytest.fixture
def world(db):
    world = World()
    own = world.programmes["own"]
    # An agenda document with a file, so that every kind of file travels.
    from koers.meetings.models import AgendaDocument, AgendaItem

    item = AgendaItem.objects.filter(meeting__programme=own).first()
    document = AgendaDocument(item=item, title="Notitie")
    document.file.save("notitie.pdf", ContentFile(b"%PDF-1.7\nnotitie\n%%EOF\n"), save=False)
    document.save()
    # The kinds the access-matrix world does not make: RACI, a comment, a standing assessment.
    import datetime as dt

    from koers.actions.models import RaciCell, RaciRow
    from koers.findings.models import Finding, FindingComment
    from koers.monitoring.models import StandingAssessment
    from koers.plan.models import SubProject

    subproject = SubProject.objects.filter(programme=own).first()
    row = RaciRow.objects.create(subproject=subproject, activity="Huisbezoeken plannen")
    RaciCell.objects.create(row=row, person=Person.objects.filter(programme=own).first(), role="R")
    RaciCell.objects.create(row=row, partner=world.partners["own"], role="I")
    FindingComment.objects.create(finding=Finding.objects.filter(programme=own).first(), text="Eens.")
    StandingAssessment.objects.create(
        subproject=subproject, standing="op_koers", explanation="Loopt.", assessed_on=dt.date(2026, 3, 1)
    )
    return world


@pytest.fixture
def target(db):
    organisation = factories.OrganisationFactory(name="Gemeente Nieuwstad")
    return organisation, factories.org_admin(organisation)


def test_export_import_export_gives_the_same_content(world, target):
    organisation, admin = target
    first = export_bytes(world.programmes["own"])
    result = archive.programme_import(actor=admin, organisation=organisation, file=io.BytesIO(first))
    second = export_bytes(result.programme)

    one, two = document_of(first), document_of(second)
    assert without_volatile(one) == without_volatile(two)
    assert one["files"] == two["files"] and one["files"]
    with zipfile.ZipFile(io.BytesIO(second)) as zf:
        for entry in two["files"]:
            import hashlib

            assert hashlib.sha256(zf.read(entry["path"])).hexdigest() == entry["sha256"]
    # The import is into the same installation: the uuids are new, the programme is new.
    assert result.programme.uuid != world.programmes["own"].uuid
    assert result.programme.organisation == organisation
    assert sum(result.counts.values()) == sum(len(rows) for rows in one["objects"].values())


def test_the_archive_carries_every_kind_of_object(world):
    document = document_of(export_bytes(world.programmes["own"]))
    empty = [label for label, rows in document["objects"].items() if not rows]
    assert set(document["objects"]) == {part.label.lower() for part in archive.PARTS}
    assert empty == []
    assert document["partners"] and document["partner_types"] and document["interventions"]


def test_the_archive_follows_its_json_schema(world):
    document = document_of(export_bytes(world.programmes["own"]))
    jsonschema.Draft202012Validator(archive.load_schema()).validate(document)
    assert document["format"] == "koers-programme" and document["version"] == 1


def _leads_to_programme(model, seen=()) -> bool:
    for f in model._meta.concrete_fields:
        if f.is_relation and f.many_to_one and f.related_model is not None:
            if f.related_model is Programme:
                return True
            if f.related_model not in seen and f.related_model is not model:
                if f.related_model._meta.label in archive.SHARED:
                    continue
                if _leads_to_programme(f.related_model, (*seen, model)):
                    return True
    return False


def test_every_model_of_a_programme_is_in_the_archive_or_left_out_on_purpose():
    declared = {part.label for part in archive.PARTS} | set(archive.LEFT_OUT)
    programme_models = {
        m._meta.label for m in apps.get_models() if m is not Programme and _leads_to_programme(m)
    }
    assert programme_models - declared == set()


def test_partners_and_people_are_matched_in_the_target_or_created(world, target):
    organisation, admin = target
    own = world.programmes["own"]
    police = PartnerType.objects.get(organisation__isnull=True, key="politie")
    existing = PartnerOrganisation.objects.create(
        organisation=organisation, name="Politie own", partner_type=police
    )
    person = Person.objects.filter(programme=own, email__gt="").first()
    colleague = factories.MembershipFactory(
        organisation=organisation, role=OrganisationRole.LID, user__email=person.email.upper()
    ).user
    result = archive.programme_import(
        actor=admin, organisation=organisation, file=io.BytesIO(export_bytes(own))
    )
    imported = result.programme
    link = imported.programme_partners.get() if hasattr(imported, "programme_partners") else None
    assert PartnerOrganisation.objects.filter(organisation=organisation, name="Politie own").count() == 1
    if link is not None:
        assert link.partner == existing
    assert "partner Politie own" in result.matched
    copy = Person.objects.get(programme=imported, email__iexact=person.email)
    assert copy.user == colleague
    assert any(person.full_name in line for line in result.matched)
    others = Person.objects.filter(programme=imported, user__isnull=True)
    assert others.exists()
    assert all(any(p.full_name in line for line in result.created) for p in others)
    # The importer is the programme manager of the new programme; nobody else got a role.
    assert list(ProgrammeMembership.objects.filter(programme=imported).values_list("user", "role")) == [
        (admin.pk, ProgrammeRole.PROGRAMMAMANAGER)
    ]


def test_statistics_not_in_this_installation_are_reported_and_left_out(world, target):
    organisation, admin = target

    def unknown_area(document):
        document["areas"][0]["code"] = "GM9999"

    document = document_of(export_bytes(world.programmes["own"]))
    assert document["areas"], "the world refers to areas"
    data = rebuilt(export_bytes(world.programmes["own"]), unknown_area)
    result = archive.programme_import(actor=admin, organisation=organisation, file=data)
    assert any("GM9999" in line for line in result.not_found)


def test_the_import_is_audited_once_with_the_counts(world, target):
    organisation, admin = target
    result = archive.programme_import(
        actor=admin, organisation=organisation, file=io.BytesIO(export_bytes(world.programmes["own"]))
    )
    event = AuditEvent.objects.get(action="programme.import")
    assert event.object_id == str(result.programme.uuid)
    assert event.changes["objects"][1]["teams.person"] == result.counts["teams.person"]


def test_export_is_audited(world):
    export_bytes(world.programmes["own"], actor=world.users["programmamanager"])
    assert AuditEvent.objects.filter(
        action="programme.export", object_id=str(world.programmes["own"].uuid)
    ).exists()


# Bad input: a clear message and nothing created ------------------------------------------------


def _broken_cases(data: bytes):
    document = document_of(data)
    first_file = document["files"][0]["path"]

    def version(d):
        d["version"] = 2

    def checksum(d):
        d["files"][0]["sha256"] = "0" * 64

    def bad_date(d):
        d["objects"]["actions.action"][0]["fields"]["due_date"] = "31-02-2026"

    def dangling(d):
        d["objects"]["actions.action"][0]["fields"]["subproject"] = "plan.subproject:999"

    def not_a_koers_archive(d):
        d["format"] = "something-else"

    def wrong_kind_of_reference(d):
        d["objects"]["actions.action"][0]["fields"]["subproject"] = "teams.person:1"

    def twice(d):
        d["objects"]["teams.person"].append(d["objects"]["teams.person"][0])

    def off_schema(d):
        del d["objects"]["teams.person"][0]["fields"]

    return {
        "damaged": (io.BytesIO(data[: len(data) // 2]), "damaged"),
        "version": (rebuilt(data, version), "version"),
        "format": (rebuilt(data, not_a_koers_archive), "format"),
        "checksum": (rebuilt(data, checksum), "checksum"),
        "tampered file": (
            rebuilt(data, drop=(first_file,), extra={first_file: b"%PDF-1.7\nother\n"}),
            "checksum",
        ),
        "missing file": (rebuilt(data, drop=(first_file,)), "file_missing"),
        "no json": (rebuilt(data, drop=("programme.json",)), "no_json"),
        "invalid object": (rebuilt(data, bad_date), "invalid"),
        "dangling reference": (rebuilt(data, dangling), "reference"),
        "off the schema": (rebuilt(data, off_schema), "schema"),
        "wrong kind of reference": (rebuilt(data, wrong_kind_of_reference), "reference"),
        "twice": (rebuilt(data, twice), "duplicate"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "damaged",
        "version",
        "format",
        "checksum",
        "tampered file",
        "missing file",
        "no json",
        "invalid object",
        "dangling reference",
        "off the schema",
        "wrong kind of reference",
        "twice",
    ],
)
def test_a_bad_archive_is_refused_and_creates_nothing(world, target, case):
    organisation, admin = target
    data = export_bytes(world.programmes["own"])
    file, code = _broken_cases(data)[case]
    programmes, partners, people, files = (
        Programme.objects.count(),
        PartnerOrganisation.objects.count(),
        Person.objects.count(),
        stored_files(),
    )
    with pytest.raises(archive.ArchiveError) as caught:
        archive.programme_import(actor=admin, organisation=organisation, file=file)
    assert caught.value.code == code
    assert caught.value.messages[0]
    assert Programme.objects.count() == programmes
    assert PartnerOrganisation.objects.count() == partners
    assert Person.objects.count() == people
    assert stored_files() == files
    assert not AuditEvent.objects.filter(action="programme.import").exists()


def test_a_name_clash_asks_for_another_name(world):
    own = world.programmes["own"]
    admin = world.users["beheerder"]
    data = export_bytes(own)
    with pytest.raises(archive.ValidationError) as caught:
        archive.programme_import(actor=admin, organisation=own.organisation, file=io.BytesIO(data))
    assert "name" in caught.value.message_dict
    result = archive.programme_import(
        actor=admin, organisation=own.organisation, file=io.BytesIO(data), name="Aanpak kopie"
    )
    assert result.programme.name == "Aanpak kopie"
    assert result.programme.uuid != own.uuid


# Pages ----------------------------------------------------------------------------------------


def test_a_programme_manager_downloads_the_archive(client, world, no_mfa):
    own = world.programmes["own"]
    client.force_login(world.users["programmamanager"])
    response = client.get(reverse("programme_export", args=[own.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert document_of(data)["programme"]["name"] == own.name


def test_a_foreign_programme_cannot_be_exported(client, world, no_mfa):
    client.force_login(world.users["programmamanager"])
    response = client.get(reverse("programme_export", args=[world.programmes["foreign"].uuid]))
    assert response.status_code == 404
    client.force_login(world.users["teamlid"])
    response = client.get(reverse("programme_export", args=[world.programmes["own"].uuid]))
    assert response.status_code == 403


def test_the_administrator_imports_through_the_upload_page(client, world, no_mfa, says):
    admin = world.users["beheerder"]
    data = export_bytes(world.programmes["foreign"])
    client.force_login(admin)
    response = client.post(
        reverse("programme_import"),
        {"archive": SimpleUploadedFile("programma.zip", data, content_type="application/zip")},
    )
    assert response.status_code == 200
    programme = Programme.objects.get(organisation=world.orgs["own"], name="Aanpak foreign")
    assert reverse("programme_detail", args=[programme.uuid]) in response.content.decode()
    # The import shows in the programme's history, and the new programme is there to work in.
    history = client.get(reverse("programme_history", args=[programme.uuid]))
    assert history.status_code == 200
    says(history, "programme imported from an archive")
    assert client.get(reverse("programme_detail", args=[programme.uuid])).status_code == 200


def test_the_upload_page_names_what_is_wrong(client, world, says, no_mfa):
    admin = world.users["beheerder"]
    data = export_bytes(world.programmes["foreign"])
    client.force_login(admin)
    before = Programme.objects.count()
    broken = rebuilt(data, lambda d: d.update(version=7)).read()
    response = client.post(
        reverse("programme_import"),
        {"archive": SimpleUploadedFile("programma.zip", broken, content_type="application/zip")},
    )
    assert response.status_code == 200
    says(
        response,
        "Koers cannot read version %(version)s of the programme archive; it reads version %(known)s.",
        version=7,
        known=1,
    )
    response = client.post(
        reverse("programme_import"),
        {"archive": SimpleUploadedFile("programma.zip", b"<html>no</html>", content_type="application/zip")},
    )
    assert response.status_code == 200
    assert "archive" in response.context["form"].errors
    assert Programme.objects.count() == before


def test_the_commands_export_and_import(world, tmp_path):
    path = tmp_path / "programma.zip"
    organisation = factories.OrganisationFactory(name="Gemeente Elders")
    call_command("programme-export", str(world.programmes["own"].uuid), str(path))
    out = io.StringIO()
    call_command("programme-import", str(path), organisation=str(organisation.uuid), stdout=out)
    programme = Programme.objects.get(organisation=organisation)
    assert str(programme.uuid) in out.getvalue()
    assert without_volatile(document_of(path.read_bytes())) == without_volatile(
        document_of(export_bytes(programme))
    )


def test_the_upload_page_refuses_a_zip_bomb(client, world, no_mfa, settings):
    settings.UPLOAD_MAX_ZIP_MEMBERS = 1
    client.force_login(world.users["beheerder"])
    data = export_bytes(world.programmes["foreign"])
    before = Programme.objects.count()
    response = client.post(
        reverse("programme_import"),
        {"archive": SimpleUploadedFile("programma.zip", data, content_type="application/zip")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["archive"]
    assert Programme.objects.count() == before


def test_a_partner_of_the_same_name_but_another_kind_is_the_same_partner(world, target):
    organisation, admin = target
    school = PartnerType.objects.filter(organisation__isnull=True).exclude(key="politie").first()
    existing = PartnerOrganisation.objects.create(
        organisation=organisation, name="Politie own", partner_type=school
    )
    result = archive.programme_import(
        actor=admin, organisation=organisation, file=io.BytesIO(export_bytes(world.programmes["own"]))
    )
    assert PartnerOrganisation.objects.filter(organisation=organisation, name="Politie own").get() == existing
    assert any("Politie own" in line for line in result.matched)


def test_the_command_refuses_a_bad_archive_with_a_clear_message(world, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "kapot.zip"
    path.write_bytes(export_bytes(world.programmes["own"])[:500])
    with pytest.raises(CommandError):
        call_command("programme-import", str(path), organisation=str(world.orgs["own"].uuid))
    assert Programme.objects.count() == 2


def test_the_export_asks_the_same_number_of_queries_however_large_the_programme(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from koers.actions.models import Action

    own = world.programmes["own"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            export_bytes(own)
        return len(captured)

    before = queries()
    Action.objects.bulk_create([Action(programme=own, title=f"Actie {i}") for i in range(300)])
    assert queries() == before
