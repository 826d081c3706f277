"""A task backend for ``django.tasks`` on Redis, with the ``rq`` library (ADR 0033).

Every app server enqueues into Redis; ``koers worker`` processes take the tasks from there, each
task once. A task runs inside :func:`execute`, which records an error in the result instead of
raising it, so that rq's retry is used only for a worker that died mid-task (rq then finds the
task's heartbeat expired and queues it again): at-least-once, and our tasks are idempotent.

When Redis cannot be reached, :meth:`RedisBackend.enqueue` keeps the task in the database (the
table of the database backend, under this backend's name) and logs a warning; the page does not
break and the task is not lost. The workers move such tasks to Redis when it answers again
(:func:`relay_from_database`).
"""

from __future__ import annotations

import logging
import traceback
import uuid
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import redis
from django.db import transaction
from django.tasks import TaskResult, TaskResultStatus, task_backends
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import Task, TaskContext, TaskError
from django.tasks.exceptions import TaskResultDoesNotExist
from django.tasks.signals import task_enqueued, task_finished, task_started
from django.utils import timezone
from django.utils.json import normalize_json
from django.utils.module_loading import import_string
from rq import Queue, Retry, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

logger = logging.getLogger(__name__)

EXECUTE = "koers.deployment.redis_tasks.execute"
# A task whose worker died is run again this many times at most.
RETRIES_AFTER_A_DEAD_WORKER = 3
# The longest a task may run (imports of large files, documents).
JOB_TIMEOUT = 60 * 60
# How long results stay in Redis.
RESULT_TTL = 7 * 24 * 60 * 60

RQ_STATUS = {
    JobStatus.QUEUED: TaskResultStatus.READY,
    JobStatus.DEFERRED: TaskResultStatus.READY,
    JobStatus.SCHEDULED: TaskResultStatus.READY,
    JobStatus.CREATED: TaskResultStatus.READY,
    JobStatus.STARTED: TaskResultStatus.RUNNING,
    JobStatus.FAILED: TaskResultStatus.FAILED,
    JobStatus.STOPPED: TaskResultStatus.FAILED,
    JobStatus.CANCELED: TaskResultStatus.FAILED,
}


class RedisBackend(BaseTaskBackend):
    """OPTIONS: ``URL`` (redis://host:port/db) and ``PREFIX`` (of queue names and task ids, so
    several installations can share one Redis)."""

    supports_get_result = True

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.url: str = self.options["URL"]
        self.prefix: str = self.options.get("PREFIX") or "koers"

    @cached_property
    def connection(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=3, socket_timeout=10)

    def queue(self, name: str, connection: redis.Redis | None = None) -> Queue:
        return Queue(
            f"{self.prefix}-{name}",
            connection=connection or self.connection,
            serializer=JSONSerializer,
            default_timeout=JOB_TIMEOUT,
        )

    def rq_queues(self, connection: redis.Redis | None = None) -> list[Queue]:
        return [self.queue(name, connection) for name in sorted(self.queues)]

    def ping(self) -> None:
        self.connection.ping()

    def job_id(self, key: uuid.UUID) -> str:
        """The id of a task: the same in Redis and, while Redis is down, in the database."""
        return f"{self.prefix}-{key.hex}"

    def push(
        self, *, task_path: str, queue_name: str, args: list[Any], kwargs: dict[str, Any], job_id: str
    ) -> Job:
        """Put one task on its Redis queue (raises a Redis error when Redis cannot be reached)."""
        return self.queue(queue_name).enqueue(
            EXECUTE,
            args=(task_path, args, kwargs),
            job_id=job_id,
            job_timeout=JOB_TIMEOUT,
            result_ttl=RESULT_TTL,
            failure_ttl=RESULT_TTL,
            retry=Retry(max=RETRIES_AFTER_A_DEAD_WORKER),
            description=task_path,
        )

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        args, kwargs = normalize_json(list(args)), normalize_json(dict(kwargs))
        key = uuid.uuid4()
        job_id = self.job_id(key)
        try:
            self.push(
                task_path=task.module_path,
                queue_name=task.queue_name,
                args=args,
                kwargs=kwargs,
                job_id=job_id,
            )
        except redis.RedisError:
            keep_in_database(backend=self, key=key, task=task, args=args, kwargs=kwargs)
            logger.warning(
                "Redis cannot be reached: task %s (%s) is kept in the database until a worker moves it "
                "to Redis",
                job_id,
                task.module_path,
            )
        result: TaskResult = TaskResult(
            task=task,
            id=job_id,
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            finished_at=None,
            last_attempted_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id: str) -> TaskResult:
        try:
            job = Job.fetch(result_id, connection=self.connection, serializer=JSONSerializer)
        except (NoSuchJobError, redis.RedisError):
            return self._kept_in_database(result_id)
        return task_result_of(job, backend=self)

    def _kept_in_database(self, result_id: str) -> TaskResult:
        from django_tasks_db.models import DBTaskResult

        key = _uuid_or_none(result_id.removeprefix(f"{self.prefix}-"))
        row = DBTaskResult.objects.filter(backend_name=self.alias, id=key).first() if key else None
        if row is None:
            raise TaskResultDoesNotExist(result_id)
        task = import_string(row.task_path)
        return TaskResult(
            task=task.using(backend=self.alias, queue_name=row.queue_name),
            id=result_id,
            status=TaskResultStatus.READY,
            enqueued_at=row.enqueued_at,
            started_at=None,
            finished_at=None,
            last_attempted_at=None,
            args=row.args_kwargs["args"],
            kwargs=row.args_kwargs["kwargs"],
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def task_result_of(job: Job, *, backend: RedisBackend) -> TaskResult:
    task_path, args, kwargs = job.args
    task = import_string(task_path)
    outcome = job.return_value() if job.get_status() == JobStatus.FINISHED else None
    status = RQ_STATUS.get(job.get_status(), TaskResultStatus.READY)
    errors: list[TaskError] = []
    if outcome is not None:
        status = TaskResultStatus.SUCCESSFUL if outcome.get("ok") else TaskResultStatus.FAILED
        if not outcome.get("ok"):
            errors.append(
                TaskError(exception_class_path=outcome["exception"], traceback=outcome["traceback"])
            )
    result: TaskResult = TaskResult(
        task=task.using(backend=backend.alias, queue_name=job.origin.removeprefix(f"{backend.prefix}-")),
        id=job.id,
        status=status,
        enqueued_at=_aware(job.enqueued_at),
        started_at=_aware(job.started_at),
        finished_at=_aware(job.ended_at),
        last_attempted_at=_aware(job.started_at),
        args=args,
        kwargs=kwargs,
        backend=backend.alias,
        errors=errors,
        worker_ids=[job.worker_name] if job.worker_name else [],
    )
    if status == TaskResultStatus.SUCCESSFUL and outcome is not None:
        object.__setattr__(result, "_return_value", outcome.get("value"))
    return result


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment, timezone=UTC)


def execute(task_path: str, args: list[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """Run a task in the worker. An error is logged and recorded in the outcome, not raised."""
    task = import_string(task_path)
    if not isinstance(task, Task):
        raise TypeError(f"{task_path} is not a task")
    job = get_current_job()
    backend = task_backends[task.backend]
    result = (
        task_result_of(job, backend=backend)
        if job is not None and isinstance(backend, RedisBackend)
        else None
    )
    if result is not None:
        object.__setattr__(result, "status", TaskResultStatus.RUNNING)
        task_started.send(type(backend), task_result=result)
    try:
        if task.takes_context:
            if result is None:
                raise RuntimeError(f"{task_path} needs a task context, which only the worker has")
            value = task.call(TaskContext(task_result=result), *args, **kwargs)
        else:
            value = task.call(*args, **kwargs)
        outcome = {"ok": True, "value": normalize_json(value)}
    except Exception as error:
        logger.exception("Task %s failed", task_path)
        outcome = {
            "ok": False,
            "exception": f"{type(error).__module__}.{type(error).__qualname__}",
            "traceback": traceback.format_exc(),
        }
    if result is not None:
        status = TaskResultStatus.SUCCESSFUL if outcome["ok"] else TaskResultStatus.FAILED
        object.__setattr__(result, "status", status)
        task_finished.send(type(backend), task_result=result)
    return outcome


def keep_in_database(
    *, backend: RedisBackend, key: uuid.UUID, task: Task, args: list[Any], kwargs: dict[str, Any]
) -> None:
    """Keep a task that could not be put on Redis in the database backend's table."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    DBTaskResult.objects.create(
        id=key,
        args_kwargs={"args": args, "kwargs": kwargs},
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after or get_date_max(),
        backend_name=backend.alias,
    )


def relay_from_database(backend: RedisBackend, *, limit: int = 100) -> int:
    """Move tasks kept in the database (Redis was down when they were enqueued) to Redis. Returns
    how many were moved. A task is removed from the database after Redis accepted it; should the
    removal fail, it is moved again later (at-least-once)."""
    from django_tasks_db.models import DBTaskResult

    moved = 0
    while moved < limit:
        with transaction.atomic():
            row = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(backend_name=backend.alias, status=TaskResultStatus.READY)
                .order_by("enqueued_at")
                .first()
            )
            if row is None:
                break
            backend.push(
                task_path=row.task_path,
                queue_name=row.queue_name,
                args=row.args_kwargs["args"],
                kwargs=row.args_kwargs["kwargs"],
                job_id=backend.job_id(row.id),
            )
            row.delete()
        moved += 1
    if moved:
        logger.info("Moved %d task(s) kept in the database to Redis", moved)
    return moved
