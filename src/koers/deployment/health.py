"""Health checks for load balancers and orchestrators.

``/gezond/leeft/`` (liveness) answers without touching anything: the process is up.
``/gezond/gereed/`` (readiness) checks what a request needs: the database, the task queue, the
shared cache and the storage of uploaded files. A failing check is logged with its details; the
answer names only the part that fails, in plain words, never an address, a password or a trace.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.tasks import task_backends
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    reason: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"status": "ok"} if self.ok else {"status": "error", "reason": self.reason}


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_tasks() -> None:
    """The queue of the default task backend can be reached."""
    backend = task_backends["default"]
    ping = getattr(backend, "ping", None)
    if callable(ping):
        ping()
        return
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(backend, DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()


def check_cache() -> None:
    key = f"koers:health:{secrets.token_hex(8)}"
    cache.set(key, "ok", timeout=30)
    value = cache.get(key)
    cache.delete(key)
    if value != "ok":
        raise RuntimeError("the cache did not return what was written")


def check_storage() -> None:
    name = default_storage.save(f"gezond/probe-{secrets.token_hex(8)}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def checks() -> dict[str, tuple[Callable[[], None], str]]:
    return {
        "database": (check_database, _("The database cannot be reached.")),
        "tasks": (check_tasks, _("The task queue cannot be reached.")),
        "cache": (check_cache, _("The shared cache cannot be reached.")),
        "storage": (check_storage, _("Uploaded files cannot be written to the file storage.")),
    }


def readiness() -> dict[str, Outcome]:
    """Run every check; a failure is logged with its details and reported in plain words."""
    outcomes: dict[str, Outcome] = {}
    for name, (check, reason) in checks().items():
        try:
            check()
        except Exception:
            logger.warning("Readiness check %s failed", name, exc_info=True)
            outcomes[name] = Outcome(ok=False, reason=reason)
        else:
            outcomes[name] = Outcome(ok=True)
    return outcomes
