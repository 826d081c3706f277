"""A full disk during an upload: a clear message, the typed values kept, no orphan file and no
half-written row. The storage is a real, tiny file system (tmpfs), filled up before the upload."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.analysis import jobs
from koers.analysis.models import ImportJob, ImportJobFile
from koers.knowledge.models import Source
from tests import factories


@pytest.fixture
def full_disk(tmp_path, settings):
    """A 1 MB file system with about 100 KB left, as the storage for uploaded files."""
    mount = tmp_path / "opslag"
    mount.mkdir()
    done = subprocess.run(  # noqa: S603 (fixed command)
        ["/usr/bin/mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        message = f"A full disk is simulated with a tmpfs mount, which needs root: {done.stderr.strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        filler = mount / "filler.bin"
        filler.write_bytes(b"\0" * (1024 * 1024 - 100 * 1024))
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "koers.deployment.storage.FileSystemStorage",
                "OPTIONS": {"location": mount},
            },
        }
        yield mount
    finally:
        subprocess.run(["/usr/bin/umount", str(mount)], check=False)  # noqa: S603


def files_in(mount: Path) -> list[str]:
    return sorted(str(path.relative_to(mount)) for path in mount.rglob("*") if path.is_file())


def test_a_pdf_that_does_not_fit_leaves_no_file_and_no_source(full_disk, programme, manager_client, no_mfa):
    pdf = SimpleUploadedFile("rapport.pdf", b"%PDF-1.7\n" + b"0" * 400_000, content_type="application/pdf")
    response = manager_client.post(
        reverse("knowledge_source_create", kwargs={"programme_uuid": programme.uuid}),
        {"title": "Onderzoek ondermijning", "kind": "onderzoek", "document": pdf},
    )
    assert response.status_code == 200  # the form again, with the message
    page = response.content.decode()
    assert "omdat de opslag van Koers vol is. Er is niets opgeslagen." in page
    assert 'value="Onderzoek ondermijning"' in page  # what was typed is kept
    assert not Source.objects.exists()
    assert files_in(full_disk) == ["filler.bin"]


def test_an_import_whose_second_file_does_not_fit_keeps_neither(full_disk, db):
    admin = factories.UserFactory(superuser=True)
    with pytest.raises(ValidationError, match=r"opslag van Koers vol is") as refused:
        jobs.import_job_create(
            actor=admin,
            kind="bulk",
            parameters={"source": "CBS", "table_id": "47022NED"},
            files=[
                ("codelijst", ContentFile(b'"Key","Title"\n' + b'"1","Een"\n' * 2_000, name="codes.csv")),
                ("data", ContentFile(b'"ID";"X"\n' + b'"1";"2"\n' * 60_000, name="bulk.csv")),
            ],
            dry_run=False,
        )
    assert refused.value.message_dict["file"]
    assert not ImportJob.objects.exists()
    assert not ImportJobFile.objects.exists()
    assert files_in(full_disk) == ["filler.bin"]
