"""Bookkeeping of the task workers: who is alive (for re-running the tasks of a worker that died)
and which periodic job ran for which day (so it runs once, however many workers there are)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """A running ``koers worker`` with the database task queue; ``last_seen`` moves every few
    seconds. A worker that stops writing it is gone, and its running task is queued again."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.worker_id


class PeriodicRunStatus(models.TextChoices):
    CLAIMED = "claimed", "claimed"
    RUNNING = "running", "running"
    DONE = "done", "done"
    FAILED = "failed", "failed"
    MISSING = "missing", "command not installed"


class PeriodicRun(models.Model):
    """One run of a periodic job for one day. The unique (job, slot) pair is the claim: of several
    workers that try to insert it, one succeeds and only that one runs the job."""

    job = models.CharField(max_length=100)
    slot = models.DateField()
    claimed_by = models.CharField(max_length=64)
    claimed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=PeriodicRunStatus.choices, default=PeriodicRunStatus.CLAIMED
    )
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    output = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="deployment_periodic_run_once_per_slot"),
        ]
        ordering = ["-slot", "job"]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"
