"""Retention: remove personal and passing data once its retention period is over (ADR 0035).

:func:`run_retention` is what ``koers retention`` and the worker's daily schedule call. Each kind
has its own period in the settings (``KOERS_RETENTION_*_DAYS``, days; 0 keeps that kind for ever):

=================  =============================================================  ==============
kind               what is removed                                                default
=================  =============================================================  ==============
``audit``          audit events older than the period                             2557 (7 years)
``sessions``       expired login sessions (their expiry is the period)            –
``invitations``    invitations whose expiry date passed more than the period ago  90
``import_files``   uploaded files of dry runs that finished (or of imports that   30
                   were never started) more than the period ago, with their rows
``notifications``  notifications read more than the period ago                    365
``task_results``   results of finished background tasks older than the period     30
``demo_mail``      mail kept by the demo mailbox, older than the period           30
=================  =============================================================  ==============

Rate-limit counters and import progress live in the cache with their own expiry; nothing to do.
Everything removed is logged and written to the audit trail as one event with the counts.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

KINDS = ("audit", "sessions", "invitations", "import_files", "notifications", "task_results", "demo_mail")


def cutoff(today: datetime.date, days: int) -> datetime.datetime | None:
    """The start of the day ``days`` before ``today`` (local time); None when ``days`` is 0 (keep)."""
    if days <= 0:
        return None
    day = today - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def remove_audit_events(before: datetime.datetime) -> int:
    from koers.audit.models import AuditEvent

    # The audit trail's own manager refuses to delete (nobody may erase history); retention is the
    # one place where old events go, through the plain base manager.
    deleted, _per_model = AuditEvent._base_manager.filter(created_at__lt=before).delete()
    return deleted


def remove_expired_sessions(now: datetime.datetime) -> int:
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    from django.contrib.sessions.models import Session

    deleted, _per_model = Session.objects.filter(expire_date__lt=now).delete()
    return deleted


def remove_invitations(before: datetime.datetime) -> int:
    from koers.programmes.models import Invitation

    deleted, _per_model = Invitation.objects.filter(expires_at__lt=before).delete()
    return deleted


def remove_import_files(before: datetime.datetime) -> int:
    """Files of dry runs that finished before ``before`` (a real import removes its files when it
    ends; a successful dry run keeps them so it can be confirmed), and of imports that never
    started (a spreadsheet whose columns were never mapped) created before ``before``."""
    from koers.analysis.models import ImportJobFile, ImportStatus

    stale = ImportJobFile.objects.filter(
        Q(job__dry_run=True, job__finished_at__lt=before)
        | Q(job__status=ImportStatus.QUEUED, job__started_at=None, job__created_at__lt=before)
    )
    names = [name for name in stale.values_list("file", flat=True) if name]
    deleted, _per_model = stale.delete()
    transaction.on_commit(lambda: _delete_stored_files(names))
    return deleted


def _delete_stored_files(names: list[str]) -> None:
    """After the rows are gone: remove their files (a failure leaves a file, never a row without
    its file)."""
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Retention: could not remove the file %s", name, exc_info=True)


def remove_notifications(before: datetime.datetime) -> int:
    from koers.notifications.models import Notification

    deleted, _per_model = Notification.objects.filter(read_at__lt=before).delete()
    return deleted


def remove_task_results(before: datetime.datetime) -> int:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    deleted, _per_model = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=before
    ).delete()
    return deleted


def remove_demo_mail(before: datetime.datetime) -> int:
    """Mail the demo mailbox kept (``DATA_DIR/mail/*.eml``); its name starts with its time."""
    from koers.mailbox.backends import mailbox_dir

    folder: Path = mailbox_dir()
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("*.eml"):
        try:
            stamp = datetime.datetime.strptime(path.name.split("-", 1)[0], "%Y%m%dT%H%M%S%f")
            kept_at = stamp.replace(tzinfo=datetime.UTC)  # the backend names mail by UTC time
        except ValueError:
            kept_at = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC)
        if kept_at < before:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def run_retention(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remove what the retention periods say is due on ``today`` (default: today). Returns the
    number removed per kind (:data:`KINDS`), logs it and records it in the audit trail."""
    from koers.audit.services import record

    now = timezone.now()
    today = today or timezone.localdate(now)
    periods: dict[str, int] = {
        "audit": settings.RETENTION_AUDIT_DAYS,
        "invitations": settings.RETENTION_INVITATIONS_DAYS,
        "import_files": settings.RETENTION_IMPORT_FILES_DAYS,
        "notifications": settings.RETENTION_NOTIFICATIONS_DAYS,
        "task_results": settings.RETENTION_TASK_RESULTS_DAYS,
        "demo_mail": settings.RETENTION_DEMO_MAIL_DAYS,
    }
    removers: dict[str, Callable[[datetime.datetime], int]] = {
        "audit": remove_audit_events,
        "invitations": remove_invitations,
        "import_files": remove_import_files,
        "notifications": remove_notifications,
        "task_results": remove_task_results,
        "demo_mail": remove_demo_mail,
    }
    counts = dict.fromkeys(KINDS, 0)
    with transaction.atomic():
        counts["sessions"] = remove_expired_sessions(now)
        for kind, remover in removers.items():
            before = cutoff(today, periods[kind])
            if before is not None:
                counts[kind] = remover(before)
        if any(counts.values()):
            record(
                actor=None,
                action="retention.run",
                changes={"date": today.isoformat(), "removed": counts, "periods_in_days": periods},
                actor_label="Koers",
                object_repr=today.isoformat(),
            )
    logger.info(
        "Retention %s removed: %s",
        today.isoformat(),
        ", ".join(f"{kind} {count}" for kind, count in counts.items()),
    )
    return counts
