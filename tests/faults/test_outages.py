"""Outages of the services Koers depends on, with Koers running as in production (gunicorn):

- PostgreSQL restarted under load: requests during the outage get the Dutch 503 page (no stack
  trace), and Koers serves again within 5 seconds of the database being back, without a restart.
- Redis (the shared cache) down: pages keep working, logging in too."""

from __future__ import annotations

import threading
import time

import pytest

from tests.faults.installation import Browser, Installation, wait_until
from tests.faults.servers import PrivatePostgres, PrivateRedis

pytestmark = pytest.mark.django_db  # the installations start from a copy of the test database

EMAIL, PASSWORD = "kwartiermaker@gemeente.example", "Kwartier-maker-2026"
CREATE_USER = f"""
from koers.accounts.models import User
User.objects.create_user({EMAIL!r}, {PASSWORD!r}, full_name="Kim Kwartiermaker")
"""
OUTAGE_PAGE = "Koers is even niet bereikbaar"


class Load(threading.Thread):
    """One user asking for their start page again and again, noting when, what status and page."""

    def __init__(self, browser: Browser) -> None:
        super().__init__(daemon=True)
        self.browser, self.results, self.running = browser, [], True

    def run(self) -> None:
        while self.running:
            at = time.monotonic()
            code, page = self.browser.get("/")
            self.results.append((at, code, page))
            time.sleep(0.05)

    def since(self, moment: float) -> list[tuple[float, int, str]]:
        return [result for result in list(self.results) if result[0] >= moment]


@pytest.fixture
def postgres():
    server = PrivatePostgres()
    server.start()
    server.create_database()
    yield server
    server.remove()


def test_postgresql_restarted_under_load(postgres, tmp_path, static_into):
    (tmp_path / "koers").mkdir()
    site = static_into(Installation(data_dir=tmp_path / "koers", database_url=postgres.url))
    try:
        site.koers("migrate", "--no-input", "-v", "0")
        site.python(CREATE_USER)
        base = site.serve(workers=1, threads=4)
        server = site.processes[-1]
        user = Browser(base)
        user.login(EMAIL, PASSWORD)
        load = Load(user)
        load.start()
        wait_until(lambda: any(code == 200 for _at, code, _page in load.results), timeout=30)

        postgres.stop()
        down = time.monotonic()
        during = wait_until(lambda: [r for r in load.since(down) if r[1] != 200][:3], timeout=30)
        write_code, write_page = user.post("/account/profiel/", {"full_name": "Tijdens de storing"})
        time.sleep(1)
        postgres.start()
        up = time.monotonic()
        # Serving again within 5 seconds of the database being back (the deadline of the goal).
        wait_until(lambda: [r for r in load.since(up) if r[1] == 200], timeout=5, interval=0.05)
        load.running = False
        load.join(timeout=30)
        still_running = server.poll() is None  # the same server process, not restarted
        after = user.get("/")
    finally:
        site.stop_all()

    codes = {code for _at, code, _page in load.results}
    assert codes <= {200, 503}, f"unexpected answers: {codes}"
    for _at, code, page in [*during, (0, write_code, write_page)]:
        assert code == 503
        assert OUTAGE_PAGE in page and 'lang="nl"' in page
        assert "Traceback" not in page and "psycopg" not in page and "OperationalError" not in page
    assert still_running
    assert after[0] == 200 and "Uitloggen" in after[1]  # still logged in


def test_redis_down_pages_and_login_keep_working(make_installation):
    redis = PrivateRedis()
    redis.start()
    site: Installation = make_installation()
    site.extra_env["KOERS_REDIS_URL"] = redis.url
    try:
        site.python(CREATE_USER)
        base = site.serve(workers=1, threads=2)
        first = Browser(base)
        first.login(EMAIL, PASSWORD)
        assert first.get("/")[0] == 200

        redis.stop()
        assert first.get("/")[0] == 200
        second = Browser(base)
        second.login(EMAIL, PASSWORD)  # the login rate limits cannot be counted; logging in works
        code, page = second.get("/")
        assert code == 200 and "Uitloggen" in page

        redis.start()
        assert first.get("/")[0] == 200
    finally:
        redis.stop()
        site.stop_all()
