"""The task workers (ADR 0033): the Redis task queue, re-running the task of a worker that was
killed, tasks kept in the database while Redis is down, and daily jobs that run once however many
workers run. The process tests start real ``koers worker`` processes on an SQLite database of their
own (and Redis at 127.0.0.1:6379, under a prefix of their own)."""

from __future__ import annotations

import datetime
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import redis
from django.core import mail
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from koers.deployment import periodic
from koers.deployment.models import PeriodicRun, PeriodicRunStatus
from koers.deployment.redis_tasks import RedisBackend, relay_from_database
from tests import worker_tasks
from tests.processes import Process, forget_redis_keys, free_port, koers, koers_env, wait_until

REDIS_URL = "redis://127.0.0.1:6379/13"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def prefix() -> Iterator[str]:
    name = f"koerstest{uuid.uuid4().hex[:10]}"
    yield name
    forget_redis_keys(redis.Redis.from_url(REDIS_URL), name)


def backend(prefix: str, url: str = REDIS_URL) -> RedisBackend:
    return RedisBackend("default", {"OPTIONS": {"URL": url, "PREFIX": prefix}})


# The Redis backend in this process -------------------------------------------------------------


def run_queued(queue_backend: RedisBackend) -> None:
    worker = SimpleWorker(
        queue_backend.rq_queues(), connection=queue_backend.connection, serializer=JSONSerializer
    )
    worker.work(burst=True)


def test_a_task_on_redis_runs_and_its_result_can_be_read(prefix, db):
    queue_backend = backend(prefix)

    result = queue_backend.enqueue(worker_tasks.add, [2, 3], {})
    assert queue_backend.get_result(result.id).status == TaskResultStatus.READY
    run_queued(queue_backend)

    done = queue_backend.get_result(result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == 5
    assert done.finished_at is not None


def test_a_failing_task_is_recorded_as_failed_and_not_retried(prefix, db):
    queue_backend = backend(prefix)

    result = queue_backend.enqueue(worker_tasks.fail, [], {})
    run_queued(queue_backend)

    failed = queue_backend.get_result(result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class_path == "builtins.ValueError"
    assert "on purpose" in failed.errors[0].traceback
    assert queue_backend.queue("default").count == 0


def test_while_redis_is_down_tasks_are_kept_in_the_database_and_moved_later(prefix, db):
    down = backend(prefix, url=f"redis://127.0.0.1:{free_port()}/0")

    result = down.enqueue(worker_tasks.add, [20, 22], {})

    kept = DBTaskResult.objects.get(backend_name="default", task_path="tests.worker_tasks.add")
    assert kept.args_kwargs == {"args": [20, 22], "kwargs": {}}
    assert down.get_result(result.id).status == TaskResultStatus.READY

    up = backend(prefix)
    assert relay_from_database(up) == 1
    assert relay_from_database(up) == 0
    assert not DBTaskResult.objects.filter(pk=kept.pk).exists()
    run_queued(up)
    assert up.get_result(result.id).return_value == 42


@pytest.mark.usefixtures("no_mfa")
def test_an_invitation_sent_while_redis_is_down_is_kept_and_mailed_once_redis_is_back(
    manager_client, programme, settings, django_capture_on_commit_callbacks, prefix
):
    settings.TASKS = {
        "default": {
            "BACKEND": "koers.deployment.redis_tasks.RedisBackend",
            "OPTIONS": {"URL": f"redis://127.0.0.1:{free_port()}/0", "PREFIX": prefix},
        }
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            f"/programmas/{programme.uuid}/leden/", {"email": "wijkagent@politie.example", "role": "teamlid"}
        )

    assert response.status_code == 302  # the page works
    kept = DBTaskResult.objects.get(backend_name="default")
    assert kept.task_path == "koers.programmes.tasks.send_invitation"
    assert mail.outbox == []

    up = backend(prefix)  # Redis answers again: a worker moves the task and runs it
    assert relay_from_database(up) == 1
    run_queued(up)
    assert [message.to for message in mail.outbox] == [["wijkagent@politie.example"]]


def test_the_readiness_check_reports_a_task_queue_that_cannot_be_reached(client, db, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "koers.deployment.redis_tasks.RedisBackend",
            "OPTIONS": {"URL": f"redis://127.0.0.1:{free_port()}/0", "PREFIX": "koerstest"},
        }
    }

    response = client.get("/gezond/gereed/")

    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == {
        "status": "error",
        "reason": "De takenwachtrij is niet bereikbaar.",
    }


# Periodic jobs in this process -----------------------------------------------------------------


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, 30, hour, minute, tzinfo=AMSTERDAM)


def test_periodic_jobs_are_read_from_command_and_time():
    assert periodic.parse(["reminders@07:00", " retention @ 03:00"]) == [
        periodic.Job("reminders", datetime.time(7)),
        periodic.Job("retention", datetime.time(3)),
    ]
    with pytest.raises(ValueError, match="command@HH:MM"):
        periodic.parse(["reminders"])


def test_a_periodic_job_runs_once_a_day_from_its_time_on(db, settings, django_capture_on_commit_callbacks):
    settings.PERIODIC_JOBS = ["reminders@07:00"]

    assert periodic.tick(worker_id="a", now=at(6, 59)) == []
    with django_capture_on_commit_callbacks(execute=True):
        claimed = periodic.tick(worker_id="a", now=at(7, 0))
    assert [(run.job, run.slot) for run in claimed] == [("reminders", datetime.date(2026, 11, 30))]
    assert periodic.tick(worker_id="b", now=at(9, 30)) == []

    run = PeriodicRun.objects.get()
    assert (run.status, run.attempts, run.claimed_by) == (PeriodicRunStatus.DONE, 1, "a")
    assert "Reminders for" in run.output
    assert periodic.run_periodic_job.call(run.pk) == "skipped"  # a finished run is not repeated


def test_a_claim_nobody_started_is_handed_again_once_after_fifteen_minutes(
    db, settings, caplog, django_capture_on_commit_callbacks
):
    """A worker that dies between claiming the day's slot and queuing the job leaves a claim that
    no worker starts; another worker hands it again, once."""
    settings.PERIODIC_JOBS = ["reminders@07:00"]
    PeriodicRun.objects.create(
        job="reminders", slot=datetime.date(2026, 11, 30), claimed_by="dead", claimed_at=at(7)
    )

    assert periodic.tick(worker_id="b", now=at(7, 14)) == []  # the claimer may still queue it
    assert PeriodicRun.objects.get().status == PeriodicRunStatus.CLAIMED
    with django_capture_on_commit_callbacks(execute=True) as queued:
        again = periodic.tick(worker_id="b", now=at(7, 16))
        assert periodic.tick(worker_id="c", now=at(7, 16)) == []  # handed once, not by two workers
    assert len(queued) == 1
    run = PeriodicRun.objects.get()
    assert [r.pk for r in again] == [run.pk]
    assert (run.status, run.attempts, run.claimed_by) == (PeriodicRunStatus.DONE, 1, "b")
    assert "claimed by dead but not started; handed again by worker b" in caplog.text
    assert periodic.tick(worker_id="c", now=at(9)) == []  # a finished run is never handed again


def test_a_periodic_job_without_its_command_is_skipped_with_a_clear_line(
    db, settings, caplog, django_capture_on_commit_callbacks
):
    settings.PERIODIC_JOBS = ["no-such-job@03:00"]

    with django_capture_on_commit_callbacks(execute=True):
        periodic.tick(worker_id="a", now=at(3, 5))

    run = PeriodicRun.objects.get()
    assert run.status == PeriodicRunStatus.MISSING
    assert "has no command 'koers no-such-job'" in caplog.text


# Real worker processes -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated SQLite database, copied by each test that needs one."""
    data = tmp_path_factory.mktemp("workers-template")
    koers("migrate", "--verbosity", "0", env=koers_env(KOERS_DATA_DIR=str(data)))
    return data / "koers.sqlite3"


@pytest.fixture
def data_dir(tmp_path, migrated) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(migrated, data / "koers.sqlite3")
    return data


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


def query(data: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(data / "koers.sqlite3", timeout=20) as connection:
        return connection.execute(sql, params).fetchall()


def marks(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_two_workers_claim_the_same_daily_job_and_only_one_runs_it(data_dir, tmp_path, processes):
    env = koers_env(KOERS_DATA_DIR=str(data_dir), KOERS_PERIODIC_JOBS="reminders@00:00")
    for name in ("a", "b"):
        processes.append(Process("worker", env=env, log=tmp_path / f"worker-{name}.log"))

    wait_until(
        lambda: query(data_dir, "SELECT 1 FROM deployment_periodicrun WHERE status = 'done'"),
        what="the daily job to be done",
    )
    for process in processes:  # both workers are up and have tried
        wait_until(lambda p=process: "Starting worker" in p.output, what="both workers to start")

    runs = query(data_dir, "SELECT job, attempts, claimed_by FROM deployment_periodicrun")
    assert len(runs) == 1
    job, attempts, claimed_by = runs[0]
    assert (job, attempts) == ("reminders", 1)
    logs = "".join(process.output for process in processes)
    assert logs.count("claimed by worker") == 1
    assert logs.count(f"claimed by worker {claimed_by}") == 1


def enqueue_slow_mark(env: dict[str, str], path: Path, seconds: float) -> None:
    koers(
        "shell",
        "-c",
        f"from tests.worker_tasks import slow_mark; slow_mark.enqueue({str(path)!r}, {seconds})",
        env=env,
    )


def test_a_task_of_a_killed_database_worker_runs_again_after_a_restart(data_dir, tmp_path, processes):
    env = koers_env(KOERS_DATA_DIR=str(data_dir))
    path = tmp_path / "marks.txt"
    enqueue_slow_mark(env, path, 4)

    first = Process("worker", env=env, log=tmp_path / "worker-1.log")
    processes.append(first)
    wait_until(lambda: marks(path) == ["start"], what="the task to start")
    first.kill()
    assert query(data_dir, "SELECT status FROM django_tasks_database_dbtaskresult") == [("RUNNING",)]

    processes.append(Process("worker", env=env, log=tmp_path / "worker-2.log"))
    wait_until(lambda: "done" in marks(path), what="the task to run again")

    assert marks(path) == ["start", "start", "done"]
    wait_until(
        lambda: query(data_dir, "SELECT status FROM django_tasks_database_dbtaskresult") == [("SUCCESSFUL",)],
        what="the task to be recorded as successful",
    )


def test_a_task_of_a_killed_redis_worker_runs_again(data_dir, tmp_path, prefix, processes):
    env = koers_env(
        KOERS_DATA_DIR=str(data_dir),
        KOERS_TASKS_BACKEND="redis",
        KOERS_REDIS_URL=REDIS_URL,
        KOERS_REDIS_PREFIX=prefix,
        KOERS_WORKER_STALE_AFTER="4",
    )
    path = tmp_path / "marks.txt"
    enqueue_slow_mark(env, path, 3)

    first = Process("worker", env=env, log=tmp_path / "worker-1.log")
    processes.append(first)
    wait_until(lambda: marks(path) == ["start"], what="the task to start")
    first.kill()

    processes.append(Process("worker", env=env, log=tmp_path / "worker-2.log"))
    wait_until(lambda: "done" in marks(path), what="the task to run again", timeout=90)

    assert marks(path) == ["start", "start", "done"]
