"""Koers on several machines: two app servers and two task workers on one PostgreSQL database and
one Redis, as an operator runs it (docs/installation.md, "Meer servers"; ADR 0033).

The test makes a PostgreSQL database of its own on 127.0.0.1:5432 and uses Redis at
127.0.0.1:6379 under a key prefix of its own; it removes both afterwards. A person logs in on server
A, continues on server B with the same session and sends invitations through both; every invitation
is written once and its e-mail is sent exactly once by one of the workers."""

from __future__ import annotations

import email
import html
import re
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis
import requests

from tests.processes import Process, forget_redis_keys, free_port, koers, koers_env, wait_until

POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_DB = 12
INVITATIONS = 6


@pytest.fixture
def database() -> Iterator[str]:
    name = f"koers_scaleout_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{POSTGRES}/{name}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    prefix = f"koersscaleout{uuid.uuid4().hex[:10]}"
    yield prefix
    forget_redis_keys(redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB), prefix)


@pytest.fixture
def processes() -> Iterator[list[Process]]:
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


SETUP = """
from tests import factories
from koers.programmes.models import ProgrammeRole
membership = factories.ProgrammeMembershipFactory(
    role=ProgrammeRole.PROGRAMMAMANAGER, user__email="manager@gemeente.example"
)
print("programme", membership.programme.uuid)
"""


def csrf_token(page: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, f"no CSRF token on {page.url}"
    return html.unescape(found.group(1))


def mails(folder: Path) -> list[email.message.Message]:
    if not folder.exists():
        return []
    return [email.message_from_bytes(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]


def test_two_servers_and_two_workers_share_sessions_writes_and_tasks(
    database, redis_prefix, processes, tmp_path
):
    started = time.monotonic()
    data = tmp_path / "data"
    env = koers_env(
        DJANGO_SETTINGS_MODULE="tests.scaleout_settings",
        DATABASE_URL=database,
        KOERS_DATA_DIR=str(data),
        KOERS_MEDIA_ROOT=str(tmp_path / "media"),
        KOERS_TASKS_BACKEND="redis",
        KOERS_REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        KOERS_REDIS_PREFIX=redis_prefix,
        KOERS_MFA_ENFORCE="false",
        KOERS_WORKER_STALE_AFTER="10",
    )
    koers("migrate", "--no-input", "--verbosity", "0", env=env, timeout=300)
    programme = re.search(r"programme (\S+)", koers("shell", "-c", SETUP, env=env).stdout).group(1)
    prepared = time.monotonic()

    ports = [free_port(), free_port()]
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    for name, port in zip("ab", ports, strict=True):
        processes.append(
            Process(
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "2",
                env=env,
                log=tmp_path / f"server-{name}.log",
            )
        )
    for name in "ab":
        processes.append(Process("worker", env=env, log=tmp_path / f"worker-{name}.log"))

    def ready(server: str) -> bool:
        try:
            return requests.get(f"{server}/gezond/gereed/", timeout=5).status_code == 200
        except requests.ConnectionError:
            return False

    for server in servers:
        wait_until(lambda s=server: ready(s), timeout=120, what=f"{server} to be ready")

    running = time.monotonic()
    browser = requests.Session()
    a, b = servers
    # Log in on server A ...
    login = browser.get(f"{a}/account/login/", timeout=10)
    answer = browser.post(
        f"{a}/account/login/",
        data={
            "login": "manager@gemeente.example",
            "password": "correct-horse-battery-staple",
            "csrfmiddlewaretoken": csrf_token(login),
        },
        headers={"Referer": f"{a}/account/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]
    # ... and go on on server B with the same session.
    members = f"/programmas/{programme}/leden/"
    page = browser.get(f"{b}{members}", allow_redirects=False, timeout=10)
    assert page.status_code == 200

    recipients = [f"persoon{n}@partner.example" for n in range(INVITATIONS)]
    for n, recipient in enumerate(recipients):
        server = servers[n % 2]
        page = browser.get(f"{server}{members}", timeout=10)
        answer = browser.post(
            f"{server}{members}",
            data={"email": recipient, "role": "teamlid", "csrfmiddlewaretoken": csrf_token(page)},
            headers={"Referer": f"{server}{members}"},
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302, answer.text[:500]

    # Wait until the workers emptied the queue and sent every e-mail.
    queue = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    mailbox = data / "mail"
    wait_until(lambda: len(mails(mailbox)) >= INVITATIONS, timeout=60, what="the invitations to be sent")
    wait_until(
        lambda: (
            queue.llen(f"rq:queue:{redis_prefix}-default") == 0
            and queue.zcard(f"rq:wip:{redis_prefix}-default") == 0
        ),
        timeout=30,
        what="the task queue to be empty",
    )
    time.sleep(1)  # a task sent twice would show up now

    sent = Counter(message["To"] for message in mails(mailbox))
    assert sent == Counter(recipients)  # every e-mail exactly once
    with psycopg.connect(database) as connection:
        invited = connection.execute("SELECT email FROM programmes_invitation ORDER BY email").fetchall()
        outcomes = connection.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult").fetchone()
    assert sorted(email for (email,) in invited) == sorted(recipients)
    assert outcomes == (0,)  # nothing had to wait in the database: Redis was up

    print(
        f"scale-out: {time.monotonic() - started:.1f} s in all; database and programme "
        f"{prepared - started:.1f} s, starting servers and workers {running - prepared:.1f} s, "
        f"journey {time.monotonic() - running:.1f} s"
    )
