"""Liveness and readiness: /gezond/leeft/ and /gezond/gereed/."""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_liveness_answers_without_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/gezond/leeft/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


def test_readiness_checks_database_tasks_cache_and_storage(client, db):
    response = client.get("/gezond/gereed/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {name: {"status": "ok"} for name in ("database", "tasks", "cache", "storage")},
    }


def test_readiness_with_the_database_task_queue_and_a_real_directory(client, db, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }

    response = client.get("/gezond/gereed/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert list((tmp_path / "gezond").iterdir()) == []  # the probe file is removed again


def test_readiness_fails_when_uploaded_files_cannot_be_written(client, db, settings, tmp_path):
    # A directory that cannot be made: its parent is a file (this holds for root too, unlike chmod).
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocker / "media"},
        },
    }

    response = client.get("/gezond/gereed/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["storage"] == {
        "status": "error",
        "reason": "Geüploade bestanden kunnen niet in de bestandsopslag worden geschreven.",
    }
    assert body["checks"]["database"] == {"status": "ok"}
    assert str(tmp_path) not in response.content.decode()


def test_readiness_fails_when_the_storage_directory_is_read_only(client, db, settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    media.chmod(0o500)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}},
    }
    try:
        writable = True
        probe = media / "probe"
        try:
            probe.write_text("x")
            probe.unlink()
        except PermissionError:
            writable = False
        response = client.get("/gezond/gereed/")
    finally:
        media.chmod(0o700)

    # Root may write anywhere; then the directory is writable and the check says so.
    assert response.status_code == (200 if writable else 503)
    assert response.json()["checks"]["storage"]["status"] == ("ok" if writable else "error")


def test_readiness_fails_when_redis_does_not_answer(client, db, settings):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}

    response = client.get("/gezond/gereed/")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"] == {"status": "error", "reason": "De gedeelde cache is niet bereikbaar."}
    assert checks["database"] == {"status": "ok"}
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.parametrize("path", ["/gezond/leeft/", "/gezond/gereed/"])
def test_health_endpoints_refuse_writes(client, db, path):
    assert client.post(path).status_code == 405
