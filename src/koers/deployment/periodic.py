"""Periodic jobs run by the task workers, each once per day however many workers run.

A job is a management command with a time of day (``KOERS_PERIODIC_JOBS``, e.g. ``reminders@07:00``).
From that time on, every worker's upkeep tries to claim the day's slot by inserting a
:class:`~koers.deployment.models.PeriodicRun` row; the unique (job, day) pair lets one insert
succeed. That worker hands the job to the task queue, so a worker that dies during the job leaves
it to be run again (the commands are safe to run twice a day). A worker that dies between claiming
and queuing leaves a claim nobody starts; fifteen minutes later another worker hands it again.
A worker that was not running at the time catches up later the same day; missed days are not
made up.
"""

from __future__ import annotations

import datetime
import io
import logging
import traceback
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from .models import PeriodicRun, PeriodicRunStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    command: str
    at: datetime.time


def parse(entries: list[str]) -> list[Job]:
    """``["reminders@07:00", "retention@03:00"]`` → jobs. Raises ValueError on a bad entry."""
    jobs = []
    for entry in entries:
        command, separator, at = entry.partition("@")
        if not separator or not command.strip():
            raise ValueError(f"expected command@HH:MM, got {entry!r}")
        jobs.append(Job(command.strip(), datetime.time.fromisoformat(at.strip())))
    return jobs


def jobs() -> list[Job]:
    return parse(settings.PERIODIC_JOBS)


#: A claim that no worker has started this long after it was made is handed to the queue again:
#: the worker that claimed it may have died between claiming and queuing.
HAND_AGAIN_AFTER = datetime.timedelta(minutes=15)


def tick(*, worker_id: str = "", now: datetime.datetime | None = None) -> list[PeriodicRun]:
    """Claim and hand to the task queue the jobs that are due and not yet claimed today (in
    Koers's time zone); hand again a claim nobody started within :data:`HAND_AGAIN_AFTER`.
    Returns the runs this call claimed or handed again."""
    moment = now or timezone.now()
    local = timezone.localtime(moment)
    claimed = []
    for job in jobs():
        if local.time() < job.at:
            continue
        slot = local.date()
        existing = PeriodicRun.objects.filter(job=job.command, slot=slot).first()
        if existing is not None:
            again = _hand_again(existing, worker_id=worker_id, now=moment)
            if again is not None:
                claimed.append(again)
            continue
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(
                    job=job.command, slot=slot, claimed_by=worker_id[:64], claimed_at=moment
                )
                transaction.on_commit(partial(run_periodic_job.enqueue, run.pk))
        except IntegrityError:
            logger.info("Periodic job %s for %s was claimed by another worker", job.command, slot)
            continue
        logger.info("Periodic job %s for %s claimed by worker %s", job.command, slot, worker_id or "?")
        claimed.append(run)
    return claimed


def _hand_again(run: PeriodicRun, *, worker_id: str, now: datetime.datetime) -> PeriodicRun | None:
    """Queue ``run`` again when it is still only claimed, :data:`HAND_AGAIN_AFTER` after its claim.
    Of several workers that try, the one whose conditional update succeeds queues it."""
    if run.status != PeriodicRunStatus.CLAIMED or now - run.claimed_at < HAND_AGAIN_AFTER:
        return None
    with transaction.atomic():
        taken = PeriodicRun.objects.filter(
            pk=run.pk, status=PeriodicRunStatus.CLAIMED, claimed_at=run.claimed_at
        ).update(claimed_by=worker_id[:64], claimed_at=now)
        if not taken:
            return None
        transaction.on_commit(partial(run_periodic_job.enqueue, run.pk))
    logger.warning(
        "Periodic job %s for %s was claimed by %s but not started; handed again by worker %s",
        run.job,
        run.slot,
        run.claimed_by or "?",
        worker_id or "?",
    )
    run.refresh_from_db()
    return run


@task()
def run_periodic_job(run_id: int) -> str:
    """Run the command of a claimed periodic job and record the outcome. Runs again when the
    worker died during an earlier attempt (status 'running'); a finished run is not repeated."""
    with transaction.atomic():
        run = (
            PeriodicRun.objects.select_for_update()
            .filter(pk=run_id, status__in=[PeriodicRunStatus.CLAIMED, PeriodicRunStatus.RUNNING])
            .first()
        )
        if run is None:
            return "skipped"
        run.status, run.started_at, run.attempts = PeriodicRunStatus.RUNNING, timezone.now(), run.attempts + 1
        run.save(update_fields=["status", "started_at", "attempts"])
    if run.job not in get_commands():
        logger.warning(
            "Periodic job %s for %s skipped: this installation has no command 'koers %s'",
            run.job,
            run.slot,
            run.job,
        )
        return finish(run, PeriodicRunStatus.MISSING, f"command 'koers {run.job}' is not installed")
    output = io.StringIO()
    try:
        call_command(run.job, stdout=output, stderr=output)
    except Exception:
        logger.exception("Periodic job %s for %s failed", run.job, run.slot)
        return finish(run, PeriodicRunStatus.FAILED, output.getvalue() + traceback.format_exc())
    logger.info("Periodic job %s for %s done", run.job, run.slot)
    return finish(run, PeriodicRunStatus.DONE, output.getvalue())


def finish(run: PeriodicRun, status: str, output: str) -> str:
    run.status, run.finished_at, run.output = status, timezone.now(), output[-4000:]
    run.save(update_fields=["status", "finished_at", "output"])
    return status
