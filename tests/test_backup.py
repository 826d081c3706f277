"""Back-ups restore: the demo with uploaded files, backed up by ``koers backup`` and restored by
``koers restore`` into a new, empty installation (a new data directory on SQLite, a new database
on PostgreSQL), holds the same rows in every table and the same files. A damaged back-up and a
non-empty installation are refused without changing anything."""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from koers.deployment.backup import BackupError, create_backup, restore_backup
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture
def media(tmp_path, settings) -> Path:
    """Uploaded files on disk (the test settings keep them in memory), as in an installation."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def build_content(*, demo: bool = True) -> None:
    """The demo (or one programme), plus an organisation logo and a generated analysis document
    (the demo already keeps the files of an import dry run)."""
    from koers.analysisdocs.models import AnalysisDocument, DocumentStatus
    from koers.demo.content import create_demo
    from koers.organisations.models import Organisation
    from koers.programmes.models import Programme

    if demo:
        create_demo()
    else:
        factories.member(factories.ProgrammeFactory(), "programmamanager")
    organisation = Organisation.objects.order_by("pk").first()
    organisation.logo.save("logo.png", ContentFile(PNG), save=True)
    programme = Programme.objects.order_by("pk").first()
    document = AnalysisDocument.objects.create(programme=programme, number=99, status=DocumentStatus.DONE)
    document.pdf.save("analyse.pdf", ContentFile(b"%PDF-1.7\n" + os.urandom(4000)), save=True)


def canonical(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return (value.astimezone(datetime.UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def table_digests(conn: Any) -> dict[str, tuple[int, str]]:
    """Every model's table (m2m tables included) and the migration history: rows ordered by primary
    key, serialised deterministically, as (row count, SHA-256)."""
    queries = {"django_migrations": "SELECT app, name, applied FROM django_migrations ORDER BY id"}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        columns = ", ".join(conn.ops.quote_name(f.column) for f in opts.concrete_fields)
        table = conn.ops.quote_name(opts.db_table)
        queries[opts.db_table] = (
            f"SELECT {columns} FROM {table} ORDER BY {conn.ops.quote_name(opts.pk.column)}"  # noqa: S608
        )
    digests = {}
    with conn.cursor() as cursor:
        for table, sql in sorted(queries.items()):
            cursor.execute(sql)
            rows = cursor.fetchall()
            digest = hashlib.sha256()
            for row in rows:
                digest.update(json.dumps([canonical(v) for v in row], sort_keys=True, default=str).encode())
                digest.update(b"\n")
            digests[table] = (len(rows), digest.hexdigest())
    return digests


def file_digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def digests_of(env: dict[str, str]) -> dict[str, tuple[int, str]]:
    """:func:`table_digests` of the installation ``env`` points at, computed by Koers itself."""
    code = (
        "import django, json; django.setup(); from django.db import connection; "
        "from tests.test_backup import table_digests; print(json.dumps(table_digests(connection)))"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return {table: (count, digest) for table, (count, digest) in json.loads(done.stdout).items()}


@contextmanager
def new_installation(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a new, empty installation and the settings of its database: a new data
    directory, and on PostgreSQL a new database next to the test database, dropped afterwards."""
    data_dir = tmp_path / "new"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "koers.settings.dev",
        "KOERS_DATA_DIR": str(data_dir),
        "KOERS_MEDIA_ROOT": str(data_dir / "media"),
        "KOERS_LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    if connection.vendor == "sqlite":
        yield env
        return
    source = connection.settings_dict
    name = f"koers_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{source['PASSWORD']}" if source.get("PASSWORD") else ""
        host = f"{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}"
        env["DATABASE_URL"] = f"postgres://{source['USER']}{password}@{host}/{name}"
        yield env
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def koers(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "koers", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_a_backup_restores_into_a_new_installation_with_the_same_rows_and_files(media, tmp_path):
    build_content()
    before = table_digests(connection)
    files_before = file_digests(media)
    assert before["accounts_user"][0] > 5 and before["audit_auditevent"][0] > 50
    assert any(name.startswith("logos/") for name in files_before)
    assert any(name.startswith("imports/") for name in files_before)
    assert any(name.startswith("analysis/") or name.endswith(".pdf") for name in files_before)

    archive = tmp_path / "koers.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["format"] == "koers-backup"
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["migrations"]["teams"] >= "0002_builtin_partner_types"
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    assert {f"files/{name}": digest for name, digest in files_before.items()}.items() <= listed.items()
    assert not list(tmp_path.glob(".*.part"))
    assert table_digests(connection) == before  # a back-up is a read

    with new_installation(tmp_path) as env:
        done = koers(env, "restore", str(archive))
        assert done.returncode == 0, done.stderr
        assert "hersteld" in done.stdout or "restored" in done.stdout
        assert file_digests(Path(env["KOERS_MEDIA_ROOT"])) == files_before
        after = digests_of(env)
        assert after.keys() == before.keys()
        assert {t: d for t, d in after.items() if d != before[t]} == {}


def test_a_damaged_backup_is_refused_naming_the_file_and_nothing_changes(media, tmp_path):
    from koers.organisations.models import Organisation

    build_content(demo=False)
    organisation = Organisation.objects.exclude(logo="").get()
    archive = tmp_path / "koers.tar"
    create_backup(archive)

    # Change one byte inside the logo in the archive.
    member_name = f"files/{organisation.logo.name}"
    with tarfile.open(archive) as tar:
        offset = tar.getmember(member_name).offset_data
    data = bytearray(archive.read_bytes())
    data[offset + 10] ^= 0xFF
    damaged = tmp_path / "damaged.tar"
    damaged.write_bytes(bytes(data))

    with new_installation(tmp_path) as env:
        done = koers(env, "restore", str(damaged))
        assert done.returncode != 0
        assert member_name in done.stderr
        tables = koers(
            env,
            "shell",
            "-c",
            "from django.db import connection; print(connection.introspection.table_names())",
        )
        assert tables.stdout.strip().splitlines()[-1] == "[]", tables.stderr
        assert not Path(env["KOERS_MEDIA_ROOT"]).exists() or not any(Path(env["KOERS_MEDIA_ROOT"]).iterdir())

    # A compressed archive with one byte changed is refused as damaged too.
    compressed = tmp_path / "koers.tar.gz"
    create_backup(compressed)
    data = bytearray(compressed.read_bytes())
    data[len(data) // 2] ^= 0xFF
    compressed.write_bytes(bytes(data))
    with pytest.raises(BackupError):
        restore_backup(compressed)


def test_restoring_into_an_installation_with_data_is_refused_and_changes_nothing(media, tmp_path):
    build_content(demo=False)
    archive = tmp_path / "koers.tar.gz"
    create_backup(archive)
    before = table_digests(connection)
    files_before = file_digests(media)

    with pytest.raises(CommandError, match="accounts_user"):
        call_command("restore", str(archive), verbosity=0)

    assert table_digests(connection) == before
    assert file_digests(media) == files_before


def test_backup_refuses_an_existing_file_and_a_wrong_name(media, tmp_path):
    existing = tmp_path / "old.tar"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError):
        call_command("backup", str(existing), verbosity=0)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(CommandError):
        call_command("backup", str(tmp_path / "backup.zip"), verbosity=0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "old.tar"]


def test_a_backup_of_a_newer_koers_is_refused_before_anything_changes(media, tmp_path):
    build_content(demo=False)
    archive = tmp_path / "koers.tar"
    create_backup(archive)
    newer = tmp_path / "newer.tar"
    with tarfile.open(archive) as source, tarfile.open(newer, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"]["teams"] = "9999_from_the_future"
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    before = table_digests(connection)

    with pytest.raises(BackupError, match="9999_from_the_future"):
        restore_backup(newer)
    assert table_digests(connection) == before


def test_backup_refuses_to_go_into_the_upload_directory(media):
    with pytest.raises(CommandError):
        call_command("backup", str(media / "koers.tar"), verbosity=0)
    assert list(media.iterdir()) == []
