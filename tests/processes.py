"""Real ``koers`` processes (app servers, task workers) for tests that need more than one. Each
runs in its own process group; tests stop only the processes they started."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

REPOSITORY = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def koers_env(**variables: str) -> dict[str, str]:
    """The environment of a koers process: this one's without Koers's settings, plus ``variables``."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KOERS_", "DJANGO_", "DATABASE_URL", "PYTEST"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="koers.settings.dev",
        PYTHONPATH=str(REPOSITORY),
        PYTHONUNBUFFERED="1",
        KOERS_EMAIL_BACKEND="koers.mailbox.backends.MailboxBackend",
        KOERS_PERIODIC_JOBS="",
    )
    environment.update(variables)
    return environment


def koers(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a koers command to its end."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "koers", *args],
        env=env,
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


class Process:
    """A koers command running in the background, its output in ``log``."""

    def __init__(self, *args: str, env: dict[str, str], log: Path) -> None:
        self.args, self.log = args, log
        self._out: IO[Any] = log.open("w")
        self.popen = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "koers", *args],
            env=env,
            cwd=REPOSITORY,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the process and everything it started, also a task process that runs in a
        session of its own (rq's), as a machine that is switched off would."""
        if self.popen.poll() is None:
            for pid in descendants(self.popen.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)
        self._out.close()

    def stop(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=10)
        self.kill()


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, and by those, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        children = [child for child, its_parent in parents.items() if its_parent == parent]
        found.extend(children)
        todo.extend(children)
    return found


def wait_until(condition: Callable[[], Any], *, timeout: float = 60, what: str = "") -> Any:
    """Poll ``condition`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s in vain for {what or condition}")
        time.sleep(0.2)


def forget_redis_keys(connection: Any, prefix: str) -> None:
    """Remove a test's keys (and only those) from a shared Redis: everything named with its prefix,
    and the registrations of the rq workers that listened on its queues."""
    for key in connection.scan_iter(f"*{prefix}*"):
        connection.delete(key)
    for name in connection.smembers("rq:queues"):
        if prefix.encode() in name:
            connection.srem("rq:queues", name)
    for worker in connection.smembers("rq:workers"):
        queues = connection.hget(worker, "queues")
        if queues is None or prefix.encode() in queues:  # ours, or one whose registration expired
            connection.delete(worker)
            connection.srem("rq:workers", worker)
