"""Back-ups that restore: one tar archive with the database, every uploaded file and a manifest.

The archive (``.tar``, or ``.tar.gz``/``.tgz`` compressed with gzip) holds:

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  copied with SQLite's online backup API, so it is consistent while Koers runs in WAL mode);
- ``files/<name>``: every file of the default storage (uploaded logos, documents, import files);
- ``manifest.json``: the format, Koers's version, the database vendor, the latest applied migration
  per app, the time it was made, and the SHA-256 and size of every other file in the archive.

An archive is written under a temporary name next to its destination and renamed when complete,
so a half-written back-up never carries the final name. Restoring checks every checksum before it
changes anything, refuses an installation that already holds data, and brings the database up to
this version's migrations when the back-up is older. See ADR 0035.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import importlib.metadata
import json
import logging
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit import versions

logger = logging.getLogger(__name__)

FORMAT = "koers-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
SUFFIXES = (".tar", ".tar.gz", ".tgz")

# Tables that a freshly migrated installation already fills: the migration history, content types
# and permissions (Django's post-migrate signals) and the built-in partner types (teams 0002).
# Rows here do not make an installation "in use"; a row in any other table does.
REFERENCE_TABLES = frozenset(
    {"django_migrations", "django_content_type", "auth_permission", "teams_partnertype"}
)

CHUNK = 1024 * 1024


class BackupError(Exception):
    """Making or restoring a back-up failed; the message says why, for the person running it."""


class RestoreIncomplete(BackupError):
    """Restoring failed after the database had been changed."""


@dataclass
class BackupResult:
    path: Path
    size: int
    files: int
    seconds: float
    manifest: dict[str, Any]


@dataclass
class RestoreResult:
    files: int
    migrated: bool
    seconds: float
    manifest: dict[str, Any] = field(default_factory=dict)


# Helpers -----------------------------------------------------------------------------------------


def koers_version() -> str:
    try:
        return importlib.metadata.version("koers")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "onbekend"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class HashingReader:
    """Reads from a file object while computing the SHA-256 and size of what was read."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def storage_files(storage: Storage) -> Iterator[str]:
    """Every file name in ``storage``, walked through the storage API, in a stable order."""

    def walk(path: str) -> Iterator[str]:
        directories, files = storage.listdir(path)
        for name in sorted(files):
            yield f"{path}/{name}" if path else name
        for name in sorted(directories):
            yield from walk(f"{path}/{name}" if path else name)

    try:
        yield from walk("")
    except FileNotFoundError:  # no upload directory yet: nothing uploaded
        return


def migration_state(rows: Iterator[tuple[str, str]] | list[tuple[str, str]]) -> dict[str, str]:
    """The latest applied migration per app (migration names start with their number)."""
    latest: dict[str, str] = {}
    for app, name in rows:
        if app not in latest or name > latest[app]:
            latest[app] = name
    return dict(sorted(latest.items()))


def postgres_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq environment variables for the database of ``settings_dict``: no password on the command
    line, where other users of the server could read it."""
    env = dict(os.environ)
    values = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
    }
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
        ("passfile", "PGPASSFILE"),
        ("service", "PGSERVICE"),
    ):
        values[variable] = options.get(option)
    for variable, value in values.items():
        if value not in (None, ""):
            env[variable] = str(value)
    return env


def run_tool(command: list[str], *, env: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            _("%(tool)s is not installed; it is needed for %(what)s.") % {"tool": command[0], "what": what}
        ) from error
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed (%(what)s): %(error)s")
            % {"tool": command[0], "what": what, "error": done.stderr.strip() or done.returncode}
        )
    return done.stdout


# Making a back-up --------------------------------------------------------------------------------


def resolve_target(target: Path, *, now: datetime.datetime) -> Path:
    """An existing directory gets a new ``koers-backup-<time>.tar.gz`` in it; otherwise the target
    must be a new ``.tar``, ``.tar.gz`` or ``.tgz`` file in an existing directory."""
    if target.is_dir():
        return target / f"koers-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    if not target.name.endswith(SUFFIXES):
        raise BackupError(
            _("Give an existing directory or a file name ending in .tar, .tar.gz or .tgz, not %(target)s.")
            % {"target": target}
        )
    if target.exists():
        raise BackupError(
            _("%(target)s already exists; Koers does not overwrite a back-up.") % {"target": target}
        )
    if not target.parent.is_dir():
        raise BackupError(_("The directory %(directory)s does not exist.") % {"directory": target.parent})
    return target


def dump_database(connection: BaseDatabaseWrapper, destination: Path) -> dict[str, str]:
    """Write a consistent copy of the database to ``destination``; returns the migration state of
    that copy (read from the copy itself, so it matches what was dumped)."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = connection.connection
        copy = sqlite3.connect(destination)
        try:
            source.backup(copy)
            # One self-contained file: no write-ahead log beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            rows = copy.execute("SELECT app, name FROM django_migrations").fetchall()
        finally:
            copy.close()
        return migration_state(rows)
    if connection.vendor == "postgresql":
        env = postgres_environment(connection.settings_dict)
        run_tool(
            ["pg_dump", "--format=custom", "--no-password", f"--file={destination}"],
            env=env,
            what=_("the database back-up"),
        )
        # The migration history as it is in the dump itself.
        script = run_tool(
            ["pg_restore", "--data-only", "--table=django_migrations", "--file=-", str(destination)],
            env=env,
            what=_("reading the migration state"),
        )
        return migration_state(_copy_rows(script, columns=("app", "name")))
    raise BackupError(_("Koers cannot back up a %(vendor)s database.") % {"vendor": connection.vendor})


def _copy_rows(script: str, *, columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """The rows of the one ``COPY ... FROM stdin`` block in a pg_restore script, as (app, name)."""
    rows: list[tuple[str, str]] = []
    names: list[str] | None = None
    for line in script.splitlines():
        if names is None:
            if line.startswith("COPY ") and "FROM stdin" in line:
                inside = line[line.index("(") + 1 : line.index(")")]
                names = [name.strip().strip('"') for name in inside.split(",")]
            continue
        if line == "\\.":
            break
        values = dict(zip(names, line.split("\t"), strict=True))
        rows.append((values[columns[0]], values[columns[1]]))
    return rows


def create_backup(
    target: Path | str,
    *,
    using: str = "default",
    storage: Storage | None = None,
    progress: Callable[[str], None] | None = None,
) -> BackupResult:
    """Back up the database ``using`` and every file in ``storage`` into one archive at ``target``
    (see :func:`resolve_target`). Raises :class:`BackupError`; never leaves a partial archive."""
    started = time.monotonic()
    storage = storage or default_storage
    connection = connections[using]
    now = timezone.now()
    final = resolve_target(Path(target).expanduser().resolve(), now=now)
    location = getattr(storage, "location", None)
    if location and final.is_relative_to(Path(location).resolve()):
        raise BackupError(
            _(
                "Do not put a back-up in the directory of uploaded files (%(location)s): it would back "
                "itself up."
            )
            % {"location": location}
        )
    partial = final.with_name(f".{final.name}.part")
    database_name = DATABASE_FILES.get(connection.vendor)
    if database_name is None:
        raise BackupError(_("Koers cannot back up a %(vendor)s database.") % {"vendor": connection.vendor})
    say = progress or (lambda _text: None)
    entries: list[dict[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory(dir=final.parent, prefix=".koers-backup-") as work:
            database_file = Path(work) / database_name
            say(_("Copying the database…"))
            migrations = dump_database(connection, database_file)
            with tarfile.open(partial, "w:gz" if final.name.endswith((".gz", ".tgz")) else "w") as archive:
                entries.append(
                    {
                        "path": database_name,
                        "sha256": sha256_file(database_file),
                        "size": database_file.stat().st_size,
                    }
                )
                archive.add(database_file, arcname=database_name, recursive=False)
                say(_("Copying the uploaded files…"))
                for name in storage_files(storage):
                    entry = _add_stored_file(archive, storage, name)
                    if entry is not None:
                        entries.append(entry)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "koers_version": koers_version(),
                    "created_at": now.isoformat(),
                    "database": {"vendor": connection.vendor, "file": database_name},
                    "migrations": migrations,
                    "files": entries,
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(now.timestamp())
                info.mode = 0o600
                archive.addfile(info, _BytesReader(data))
            with partial.open("rb") as handle:
                os.fsync(handle.fileno())
            partial.chmod(0o600)
            os.replace(partial, final)
            _fsync_directory(final.parent)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    except (OSError, tarfile.TarError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The back-up failed: %(error)s") % {"error": error}) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    result = BackupResult(
        path=final,
        size=final.stat().st_size,
        files=len(entries) - 1,
        seconds=time.monotonic() - started,
        manifest=manifest,
    )
    logger.info("Back-up %s: %s files, %s bytes, %.1f s", final, result.files, result.size, result.seconds)
    return result


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


def _add_stored_file(archive: tarfile.TarFile, storage: Storage, name: str) -> dict[str, Any] | None:
    try:
        size = storage.size(name)
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        logger.warning("File %s disappeared during the back-up; it is not in the back-up.", name)
        return None
    with handle:
        info = tarfile.TarInfo(FILES_PREFIX + name)
        info.size = size
        info.mode = 0o600
        with contextlib.suppress(NotImplementedError, OSError):  # storages without modification times
            info.mtime = int(storage.get_modified_time(name).timestamp())
        reader = HashingReader(handle)
        archive.addfile(info, reader)
    return {"path": FILES_PREFIX + name, "sha256": reader.digest.hexdigest(), "size": reader.size}


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# Restoring ---------------------------------------------------------------------------------------


def read_backup(source: Path, work: Path) -> dict[str, Any]:
    """Unpack the archive ``source`` into ``work`` and check it completely: the manifest, and the
    size and SHA-256 of every file it lists. Raises :class:`BackupError` naming what is wrong."""
    if not source.is_file():
        raise BackupError(_("%(source)s does not exist or is not a file.") % {"source": source})
    try:
        with tarfile.open(source, "r:*") as archive:
            members = archive.getmembers()
            for member in members:
                if not member.isfile() and not member.isdir():
                    raise BackupError(
                        _("The back-up %(source)s contains %(name)s, which is not a plain file.")
                        % {"source": source, "name": member.name}
                    )
            archive.extractall(work, filter="data")
    except BackupError:
        raise
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(
            _("%(source)s is damaged or not a Koers back-up (%(error)s).")
            % {"source": source, "error": error}
        ) from error
    manifest_path = work / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(
            _("%(source)s has no manifest.json: not a Koers back-up.") % {"source": source}
        ) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(_("The manifest.json in %(source)s is damaged.") % {"source": source}) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("%(source)s is not a Koers back-up.") % {"source": source})
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("This back-up has format version %(found)s; this version of Koers reads version %(expected)s.")
            % {"found": manifest.get("format_version"), "expected": FORMAT_VERSION}
        )
    listed: set[str] = set()
    for entry in manifest.get("files", []):
        path = str(entry.get("path", ""))
        pure = PurePosixPath(path)
        if not path or pure.is_absolute() or ".." in pure.parts:
            raise BackupError(_("The manifest names an unsafe path: %(path)s.") % {"path": path})
        listed.add(path)
        local = work / path
        if not local.is_file():
            raise BackupError(_("The file %(path)s is missing from the back-up.") % {"path": path})
        if local.stat().st_size != entry.get("size") or sha256_file(local) != entry.get("sha256"):
            raise BackupError(
                _("The file %(path)s in the back-up is damaged: its checksum does not match the manifest.")
                % {"path": path}
            )
    present = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()}
    unexpected = sorted(present - listed - {MANIFEST})
    if unexpected:
        raise BackupError(
            _("The back-up contains a file that is not in its manifest: %(path)s.") % {"path": unexpected[0]}
        )
    database = manifest.get("database", {})
    if database.get("file") not in listed:
        raise BackupError(_("The back-up contains no database."))
    return manifest


def installation_contents(*, using: str = "default", storage: Storage | None = None) -> list[str]:
    """What makes this installation non-empty: tables with rows (other than the reference data a
    migration installs, :data:`REFERENCE_TABLES`) and stored files. Empty list: empty."""
    connection = connections[using]
    storage = storage or default_storage
    found: list[str] = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in sorted(tables):
            if table in REFERENCE_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                found.append(table)
    for name in storage_files(storage):
        found.append(_("file %(name)s") % {"name": name})
        break
    return found


def check_migrations(manifest: dict[str, Any], *, using: str = "default") -> None:
    """Refuse a back-up made by a newer Koers: one whose migrations this code does not know."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connections[using], ignore_no_migrations=True, load=True)
    known = set(loader.graph.nodes)
    for app, name in sorted(manifest.get("migrations", {}).items()):
        if (app, name) not in known:
            raise BackupError(
                _(
                    "The back-up comes from a newer version of Koers (migration %(app)s.%(name)s is unknown "
                    "here). Install that version (%(version)s) or newer first."
                )
                % {"app": app, "name": name, "version": manifest.get("koers_version", "?")}
            )


def restore_database(connection: BaseDatabaseWrapper, database_file: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(database_file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
        return
    if connection.vendor == "postgresql":
        # The installation holds at most reference data (checked before): remove its tables so the
        # dump's own tables, sequences and constraints come in unchanged.
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        if tables:
            quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")
        connection.close()
        run_tool(
            [
                "pg_restore",
                "--no-password",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(database_file),
            ],
            env=postgres_environment(connection.settings_dict),
            what=_("restoring the database"),
        )
        return
    raise BackupError(_("Koers cannot restore into a %(vendor)s database.") % {"vendor": connection.vendor})


def pending_migrations(*, using: str = "default") -> list[tuple[str, str]]:
    connection = connections[using]
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [(m.app_label, m.name) for m, _backwards in executor.migration_plan(targets)]


def restore_backup(
    source: Path | str,
    *,
    using: str = "default",
    storage: Storage | None = None,
    progress: Callable[[str], None] | None = None,
) -> RestoreResult:
    """Restore the archive ``source`` into this (empty) installation. Checks the whole back-up and
    the installation first and changes nothing when either check fails; then restores the database
    and the files, and migrates a back-up of an older version to this version's migrations."""
    started = time.monotonic()
    storage = storage or default_storage
    connection = connections[using]
    say = progress or (lambda _text: None)
    source = Path(source).expanduser().resolve()
    with tempfile.TemporaryDirectory(prefix="koers-restore-") as directory:
        work = Path(directory)
        say(_("Checking the back-up…"))
        manifest = read_backup(source, work)
        vendor = manifest["database"].get("vendor")
        if vendor != connection.vendor:
            raise BackupError(
                _("This back-up holds a %(backup)s database; this installation uses %(here)s.")
                % {"backup": vendor, "here": connection.vendor}
            )
        check_migrations(manifest, using=using)
        contents = installation_contents(using=using, storage=storage)
        if contents:
            raise BackupError(
                _(
                    "This installation is not empty (%(contents)s). Koers restores only into an empty "
                    "installation: a new database and an empty upload directory."
                )
                % {"contents": ", ".join(contents[:5]) + (" …" if len(contents) > 5 else "")}
            )
        say(_("Restoring the database…"))
        try:
            files = _restore_data(connection, storage, work, manifest)
        except BackupError as error:
            raise RestoreIncomplete(str(error)) from error
        except (OSError, sqlite3.Error) as error:
            raise RestoreIncomplete(str(error)) from error
    try:
        migrated = _finish_migrations(manifest, using=using, say=say)
    except BackupError as error:
        raise RestoreIncomplete(str(error)) from error
    # Pages kept in a shared cache that outlived the old data are not shown again (ADR 0040).
    versions.move_on()
    result = RestoreResult(
        files=files, migrated=migrated, seconds=time.monotonic() - started, manifest=manifest
    )
    logger.info("Restored %s: %s files, migrated: %s, %.1f s", source, files, migrated, result.seconds)
    return result


def _restore_data(
    connection: BaseDatabaseWrapper, storage: Storage, work: Path, manifest: dict[str, Any]
) -> int:
    restore_database(connection, work / manifest["database"]["file"])
    files = 0
    for entry in manifest["files"]:
        path = entry["path"]
        if not path.startswith(FILES_PREFIX):
            continue
        name = path[len(FILES_PREFIX) :]
        with (work / path).open("rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(
                _("The file %(name)s could not be restored under its own name (it became %(saved)s).")
                % {"name": name, "saved": saved}
            )
        files += 1
    return files


def _finish_migrations(manifest: dict[str, Any], *, using: str, say: Callable[[str], None]) -> bool:
    connection = connections[using]
    migrated = False
    if pending_migrations(using=using):
        say(_("Bringing the database up to this version of Koers…"))
        call_command("migrate", database=using, interactive=False, verbosity=0)
        migrated = True
    left = pending_migrations(using=using)
    if left:
        raise BackupError(
            _("After the restore, migrations are still missing: %(missing)s.")
            % {"missing": ", ".join(f"{app}.{name}" for app, name in left)}
        )
    applied = migration_state(list(MigrationRecorder(connection).applied_migrations()))
    for app, name in manifest.get("migrations", {}).items():
        if app in applied and applied[app] < name:
            raise BackupError(
                _("The migration state after the restore does not match the back-up (%(app)s).")
                % {"app": app}
            )
    return migrated
