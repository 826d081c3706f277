"""Settings for running Koers on several servers: task queue, Redis and file storage come from
environment variables only."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

import koers.settings

BASE = Path(koers.settings.__file__).parent / "base.py"


def base_settings(monkeypatch: pytest.MonkeyPatch, **variables: str) -> dict[str, Any]:
    """The base settings as they come out with only ``variables`` set."""
    import os

    for name in list(os.environ):
        if name.startswith("KOERS_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE))


def test_uploaded_files_go_to_the_media_directory_by_default(monkeypatch, tmp_path):
    settings = base_settings(monkeypatch, KOERS_MEDIA_ROOT=str(tmp_path / "gedeeld"))

    assert settings["STORAGES"]["default"] == {"BACKEND": "koers.deployment.storage.FileSystemStorage"}
    assert settings["MEDIA_ROOT"] == tmp_path / "gedeeld"


def test_s3_storage_is_configured_from_the_environment(monkeypatch):
    settings = base_settings(
        monkeypatch,
        KOERS_S3_BUCKET="koers-bestanden",
        KOERS_S3_ENDPOINT_URL="https://s3.example.nl",
        KOERS_S3_REGION="nl-ams",
        KOERS_S3_ACCESS_KEY_ID="sleutel",
        KOERS_S3_SECRET_ACCESS_KEY="geheim",
    )

    default = settings["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "bucket_name": "koers-bestanden",
        "endpoint_url": "https://s3.example.nl",
        "region_name": "nl-ams",
        "access_key": "sleutel",
        "secret_key": "geheim",
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
    }
    storage = S3Storage(**default["OPTIONS"])  # the options are ones the storage accepts
    assert (storage.bucket_name, storage.endpoint_url, storage.region_name) == (
        "koers-bestanden",
        "https://s3.example.nl",
        "nl-ams",
    )
    assert settings["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise.")


def test_the_database_task_queue_is_the_default(monkeypatch):
    settings = base_settings(monkeypatch)

    assert settings["TASKS"] == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert settings["CACHES"]["default"]["BACKEND"].endswith("FileBasedCache")


def test_the_redis_task_queue_and_cache_share_the_redis_settings(monkeypatch):
    settings = base_settings(
        monkeypatch,
        KOERS_TASKS_BACKEND="redis",
        KOERS_REDIS_URL="redis://redis.example.nl:6379/2",
        KOERS_REDIS_PREFIX="gemeente",
    )

    assert settings["TASKS"] == {
        "default": {
            "BACKEND": "koers.deployment.redis_tasks.RedisBackend",
            "OPTIONS": {"URL": "redis://redis.example.nl:6379/2", "PREFIX": "gemeente"},
        }
    }
    assert settings["CACHES"]["default"]["KEY_PREFIX"] == "gemeente"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"KOERS_TASKS_BACKEND": "redis"}, "needs KOERS_REDIS_URL"),
        ({"KOERS_TASKS_BACKEND": "celery"}, "must be 'database' or 'redis'"),
    ],
)
def test_a_task_queue_setting_koers_cannot_use_stops_it_from_starting(monkeypatch, variables, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        base_settings(monkeypatch, **variables)
