"""``koers worker``: the task worker for the configured backend (database or Redis), with the
upkeep every worker does on the side (ADR 0033):

- database backend: a heartbeat row per worker, and queuing again the tasks left 'running' by a
  worker that is gone (killed, machine lost), so that they run again: at-least-once;
- Redis backend: rq's own heartbeats per running task; a task whose heartbeat expired is queued
  again by rq. Tasks kept in the database while Redis was down are moved to Redis;
- both: the periodic jobs (``koers.deployment.periodic``), each once per day however many workers.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.crypto import get_random_string

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def new_worker_id() -> str:
    """Unique per worker process: host name, process id and a random part (at most 64 characters)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def stale_after() -> timedelta:
    return timedelta(seconds=settings.TASK_WORKER_STALE_AFTER)


# Database backend ------------------------------------------------------------------------------


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"hostname": socket.gethostname()[:255], "pid": os.getpid(), "last_seen": timezone.now()},
    )


def _process_gone(pid: int) -> bool:
    if pid == os.getpid():
        return True  # an earlier worker with our process number (a restarted container)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def live_workers(*, own_id: str) -> set[str]:
    """Workers whose heartbeat is recent, less those on this machine whose process has ended."""
    recent = WorkerHeartbeat.objects.filter(last_seen__gte=timezone.now() - stale_after())
    host = socket.gethostname()[:255]
    return {
        heartbeat.worker_id
        for heartbeat in recent
        if heartbeat.worker_id == own_id or heartbeat.hostname != host or not _process_gone(heartbeat.pid)
    }


def recover_database_tasks(*, backend_name: str, own_id: str) -> int:
    """Queue again the tasks marked running by a worker that is gone. A task claimed moments ago
    by a worker that has not written its first heartbeat yet is left alone. Returns how many."""
    from django_tasks_db.models import DBTaskResult

    alive = live_workers(own_id=own_id)
    host = socket.gethostname()[:255]
    on_this_host_and_gone = {
        heartbeat.worker_id
        for heartbeat in WorkerHeartbeat.objects.filter(hostname=host).exclude(worker_id=own_id)
        if heartbeat.worker_id not in alive
    }
    grace = timezone.now() - stale_after()
    recovered = 0
    running = DBTaskResult.objects.filter(backend_name=backend_name, status=TaskResultStatus.RUNNING)
    for task in running.only("id", "worker_ids", "started_at", "task_path"):
        last_worker = task.worker_ids[-1] if task.worker_ids else ""
        if last_worker in alive:
            continue
        if last_worker not in on_this_host_and_gone and task.started_at and task.started_at > grace:
            continue
        updated = DBTaskResult.objects.filter(
            Q(pk=task.pk), status=TaskResultStatus.RUNNING, worker_ids=task.worker_ids
        ).update(status=TaskResultStatus.READY, started_at=None)
        if updated:
            recovered += 1
            logger.warning(
                "Task %s (%s) was running on worker %s, which is gone: queued again",
                task.pk,
                task.task_path,
                last_worker or "?",
            )
    WorkerHeartbeat.objects.filter(last_seen__lt=timezone.now() - timedelta(days=1)).delete()
    return recovered


class Upkeep(threading.Thread):
    """Beside the database worker: the heartbeat, recovery of tasks of dead workers and the
    periodic jobs, every ``interval`` seconds."""

    def __init__(
        self, *, worker_id: str, backend_name: str, interval: float, tick: Callable[[], None]
    ) -> None:
        super().__init__(name="koers-worker-upkeep", daemon=True)
        self.worker_id, self.backend_name, self.interval, self.tick = worker_id, backend_name, interval, tick
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            try:
                beat(self.worker_id)
                recover_database_tasks(backend_name=self.backend_name, own_id=self.worker_id)
                self.tick()
            except Exception:
                logger.exception("Worker upkeep failed; trying again in %s seconds", self.interval)
            finally:
                connections.close_all()


def run_database_worker(
    *,
    worker_id: str,
    backend_name: str,
    batch: bool,
    interval: float,
    tick: Callable[[], None],
    verbosity: int,
) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    beat(worker_id)
    recovered = recover_database_tasks(backend_name=backend_name, own_id=worker_id)
    if recovered:
        logger.warning("%d task(s) of workers that are gone queued again", recovered)
    tick()
    upkeep = Upkeep(
        worker_id=worker_id,
        backend_name=backend_name,
        interval=max(1.0, settings.TASK_WORKER_STALE_AFTER / 4),
        tick=tick,
    )
    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name=backend_name,
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    upkeep.start()  # also in batch mode: a long task must not look like one of a dead worker
    try:
        worker.configure_signals()
        worker.run()
    finally:
        upkeep.stopped.set()
        close_old_connections()
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


# Redis backend ---------------------------------------------------------------------------------


def run_redis_worker(
    *, worker_id: str, backend: Any, batch: bool, tick: Callable[[], None], verbosity: int
) -> None:
    from rq import Worker
    from rq.serializers import JSONSerializer

    from .redis_tasks import relay_from_database

    seconds = max(3, int(settings.TASK_WORKER_STALE_AFTER))

    class KoersWorker(Worker):
        def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
            # A task's heartbeat lives this long; rq queues the task again when it expired.
            return seconds

        @property
        def dequeue_timeout(self) -> int:
            # Wake up now and then for the upkeep below, also when no task comes.
            return max(1, seconds // 4)

        def run_maintenance_tasks(self) -> None:
            super().run_maintenance_tasks()
            try:
                relay_from_database(backend)
                tick()
            except Exception:
                logger.exception("Worker upkeep failed")
            finally:
                connections.close_all()

        def execute_job(self, job: Any, queue: Any) -> Any:
            # The task runs in a forked process: it must not share the database connections.
            connections.close_all()
            return super().execute_job(job, queue)

    connection = backend.connection
    worker = KoersWorker(
        backend.rq_queues(connection),
        connection=connection,
        serializer=JSONSerializer,
        name=worker_id,
        job_monitoring_interval=max(1, seconds // 4),
        maintenance_interval=max(2, seconds // 4),
    )
    logging_level = "DEBUG" if verbosity > 1 else "INFO" if verbosity == 1 else "WARNING"
    worker.work(burst=batch, logging_level=logging_level, with_scheduler=False)
