"""Retention: ``run_retention`` removes what the retention periods say is due, keeps what is
recent, removes import files from storage along with their rows, and logs and audits the counts."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from koers.analysis.models import ImportJob, ImportJobFile, ImportKind, ImportStatus
from koers.audit.models import AuditEvent
from koers.audit.services import record
from koers.deployment.retention import KINDS, run_retention
from koers.mailbox.backends import MailboxBackend
from koers.notifications.models import Notification
from koers.notifications.reference import NotificationKind
from koers.programmes.models import Invitation
from tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)


def days_ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def removed(caplog, **expected: int) -> None:
    """The counts of one run: the kinds named in ``expected``, zero for the others."""
    counts = {kind: expected.get(kind, 0) for kind in KINDS}
    with caplog.at_level(logging.INFO, logger="koers.deployment.retention"):
        assert run_retention() == counts
    assert any("Retention" in message and "removed" in message for message in caplog.messages)
    event = AuditEvent.objects.filter(action="retention.run").order_by("-pk").first()
    if any(expected.values()):
        assert event is not None and event.actor is None and event.changes["removed"] == counts
    else:
        assert event is None


def test_audit_events_older_than_the_period_go(clock, caplog, settings):
    settings.RETENTION_AUDIT_DAYS = 365
    with time_machine.travel(days_ago(400), tick=False):
        record(actor=None, action="organisation.create", object_repr="old")
    with time_machine.travel(days_ago(300), tick=False):
        record(actor=None, action="organisation.create", object_repr="recent")
    removed(caplog, audit=1)
    assert list(AuditEvent.objects.exclude(action="retention.run").values_list("object_repr", flat=True)) == [
        "recent"
    ]


def test_zero_keeps_audit_events_for_ever(clock, caplog, settings):
    settings.RETENTION_AUDIT_DAYS = 0
    with time_machine.travel(days_ago(5000), tick=False):
        record(actor=None, action="organisation.create", object_repr="very old")
    removed(caplog)
    assert AuditEvent.objects.filter(object_repr="very old").exists()


def test_expired_sessions_go(clock, caplog):
    Session.objects.create(session_key="a" * 32, session_data="x", expire_date=days_ago(1))
    Session.objects.create(session_key="b" * 32, session_data="x", expire_date=NOW + dt.timedelta(hours=2))
    removed(caplog, sessions=1)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]


def test_invitations_long_past_their_expiry_go(clock, caplog, settings):
    settings.RETENTION_INVITATIONS_DAYS = 90
    old_accepted = factories.InvitationFactory(accepted=True, expires_at=days_ago(91))
    old_pending = factories.InvitationFactory(expires_at=days_ago(100))
    recently_expired = factories.InvitationFactory(expires_at=days_ago(30))
    open_one = factories.InvitationFactory()
    removed(caplog, invitations=2)
    assert set(Invitation.objects.all()) == {recently_expired, open_one}
    assert not Invitation.objects.filter(pk__in=[old_accepted.pk, old_pending.pk]).exists()


def import_job(
    *, dry_run: bool, status: str, finished: dt.datetime | None, created: dt.datetime
) -> ImportJobFile:
    with time_machine.travel(created, tick=False):
        job = ImportJob.objects.create(
            kind=ImportKind.STATLINE, dry_run=dry_run, status=status, finished_at=finished
        )
    stored = ImportJobFile(job=job, role="data", name="cbs.csv", size=5)
    stored.file.save("cbs.csv", ContentFile(b"a;b\n1"), save=True)
    return stored


def test_files_of_old_dry_runs_and_never_started_imports_go_from_storage_too(
    clock, caplog, settings, django_capture_on_commit_callbacks
):
    settings.RETENTION_IMPORT_FILES_DAYS = 30
    old_dry_run = import_job(
        dry_run=True, status=ImportStatus.DONE, finished=days_ago(31), created=days_ago(31)
    )
    recent_dry_run = import_job(
        dry_run=True, status=ImportStatus.DONE, finished=days_ago(3), created=days_ago(3)
    )
    abandoned = import_job(dry_run=False, status=ImportStatus.QUEUED, finished=None, created=days_ago(40))
    waiting = import_job(dry_run=False, status=ImportStatus.QUEUED, finished=None, created=days_ago(2))
    gone = [old_dry_run.file.name, abandoned.file.name]
    assert all(default_storage.exists(name) for name in gone)

    with django_capture_on_commit_callbacks(execute=True):
        removed(caplog, import_files=2)

    assert set(ImportJobFile.objects.all()) == {recent_dry_run, waiting}
    assert not any(default_storage.exists(name) for name in gone)
    assert default_storage.exists(recent_dry_run.file.name) and default_storage.exists(waiting.file.name)
    assert ImportJob.objects.count() == 4  # the jobs stay, with their outcome


def test_notifications_read_long_ago_go_unread_ones_stay(clock, caplog, settings):
    settings.RETENTION_NOTIFICATIONS_DAYS = 365
    user = factories.UserFactory()
    old_read = Notification.objects.create(
        user=user, kind=NotificationKind.AGENDA_SENT, title="oud", read_at=days_ago(400)
    )
    Notification.objects.filter(pk=old_read.pk).update(created_at=days_ago(401))
    recent_read = Notification.objects.create(
        user=user, kind=NotificationKind.AGENDA_SENT, title="gelezen", read_at=days_ago(10)
    )
    old_unread = Notification.objects.create(user=user, kind=NotificationKind.AGENDA_SENT, title="ongelezen")
    Notification.objects.filter(pk=old_unread.pk).update(created_at=days_ago(800))
    removed(caplog, notifications=1)
    assert set(Notification.objects.all()) == {recent_read, old_unread}


def task_result(status: str, finished: dt.datetime | None) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        finished_at=finished,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="koers.analysis.tasks.run_import",
        backend_name="default",
        run_after=days_ago(100),
    )


def test_finished_task_results_go_after_the_period(clock, caplog, settings):
    settings.RETENTION_TASK_RESULTS_DAYS = 30
    task_result("SUCCESSFUL", days_ago(31))
    task_result("FAILED", days_ago(45))
    recent = task_result("SUCCESSFUL", days_ago(2))
    waiting = task_result("READY", None)
    removed(caplog, task_results=2)
    assert set(DBTaskResult.objects.all()) == {recent, waiting}


def test_old_demo_mail_goes(clock, caplog, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    backend = MailboxBackend(stream=open("/dev/null", "w"))  # noqa: SIM115
    with time_machine.travel(days_ago(40), tick=False):
        backend.send_messages([EmailMessage("oud", "tekst", to=["a@example.nl"])])
    with time_machine.travel(days_ago(5), tick=False):
        backend.send_messages([EmailMessage("nieuw", "tekst", to=["a@example.nl"])])
    removed(caplog, demo_mail=1)
    kept = list((tmp_path / "mail").glob("*.eml"))
    assert len(kept) == 1 and b"nieuw" in kept[0].read_bytes()


def test_the_command_prints_the_counts_and_a_second_run_removes_nothing(clock, settings, capsys):
    settings.RETENTION_NOTIFICATIONS_DAYS = 30
    user = factories.UserFactory()
    Notification.objects.create(
        user=user, kind=NotificationKind.AGENDA_SENT, title="oud", read_at=days_ago(40)
    )
    call_command("retention")
    first = capsys.readouterr().out
    assert ": 1" in first
    assert run_retention(today=timezone.localdate()) == dict.fromkeys(KINDS, 0)
    assert AuditEvent.objects.filter(action="retention.run").count() == 1
