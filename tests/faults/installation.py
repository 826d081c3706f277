"""An installation of Koers driven through its own processes, as an operator runs it."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

SECRET = "fault-tests-secret-key-of-more-than-fifty-characters-0123456789"


def admin_dsn(dbname: str = "postgres") -> str:
    """A connection to the PostgreSQL server the test run uses, for creating databases."""
    db = settings.DATABASES["default"]
    host, port, user = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432, db.get("USER") or "postgres"
    return f"host={host} port={port} user={user} dbname={dbname}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Installation:
    data_dir: Path
    database: str | None = None  # a PostgreSQL database on the test run's server; None: SQLite
    database_url: str | None = None  # overrides ``database`` (another server)
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KOERS_") and k != "DATABASE_URL"}
        env.update(
            DJANGO_SETTINGS_MODULE="koers.settings.dev",
            KOERS_DATA_DIR=str(self.data_dir),
            KOERS_SECRET_KEY=SECRET,
            KOERS_MFA_ENFORCE="false",
            KOERS_EMAIL_BACKEND="koers.mailbox.backends.MailboxBackend",
            PYTHONUNBUFFERED="1",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        elif self.database:
            db = settings.DATABASES["default"]
            host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
            env["DATABASE_URL"] = f"postgres://{db.get('USER') or 'postgres'}@{host}:{port}/{self.database}"
        env.update(self.extra_env)
        return env

    def koers(self, *args: str, timeout: float = 300) -> str:
        """Run a ``koers`` command to its end; its output, or a failure with what it printed."""
        done = subprocess.run(  # noqa: S603 (our own command)
            [sys.executable, "-m", "koers", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, f"koers {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def python(self, code: str, timeout: float = 300) -> Any:
        """Run ``code`` with Koers set up; the value it assigns to ``result`` comes back (as JSON)."""
        script = (
            "import django, json\ndjango.setup()\nresult = None\n"
            + textwrap.dedent(code)
            + "\nprint('RESULT=' + json.dumps(result, default=str))\n"
        )
        done = subprocess.run(  # noqa: S603 (our own code)
            [sys.executable, "-c", script], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, f"script failed:\n{code}\n{done.stdout}\n{done.stderr}"
        line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT="))
        return json.loads(line.removeprefix("RESULT="))

    def spawn(self, *args: str, log: str) -> subprocess.Popen:
        """Start a long-running ``koers`` command (server, worker) in its own process group."""
        out = (self.data_dir / f"{log}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, "-m", "koers", *args],
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        path = self.data_dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def serve(self, *, workers: int = 1, threads: int = 4) -> str:
        """Start ``koers serve`` on a free port; its base URL once it answers."""
        port = free_port()
        process = self.spawn(
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            log=f"server-{port}",
        )
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: status(f"{base}/gezond/") is not None, timeout=60, process=process)
        return base

    @staticmethod
    def kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)
        self.processes.clear()


def wait_until(condition, *, timeout: float, interval: float = 0.1, process: subprocess.Popen | None = None):
    """Wait until ``condition()`` gives something true, and return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            raise AssertionError(f"process ended with {process.returncode} while waiting")
        time.sleep(interval)
    raise AssertionError(f"not true after {timeout} s")


def status(url: str) -> int | None:
    """The HTTP status of a GET, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


class Browser:
    """A user agent with cookies that submits Django forms (CSRF token included)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(self.base + path))  # noqa: S310 (loopback)

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(  # noqa: S310 (loopback)
            self.base + path, data=body, headers={"Referer": self.base + path}, method="POST"
        )
        return self._open(request)

    def login(self, email: str, password: str) -> None:
        self.get("/account/login/")
        code, page = self.post("/account/login/", {"login": email, "password": password})
        assert code == 200 and ("logout" in page.lower() or "uitloggen" in page.lower()), page[:2000]

    def _open(self, request: urllib.request.Request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
