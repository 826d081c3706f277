"""Locust users for ``benchmarks.run_all``'s load test: each user, logged in with the session
cookie it is given, requests the main pages of the tenant and the one-query view in turn, with a
pause between requests. ``run_all`` passes the pages, the cookie and the pause in environment
variables and runs Locust headless; run it by hand the same way::

    BENCHMARK_PAGES='{"dashboard": "/programmas/…/dashboard/"}' BENCHMARK_COOKIE='sessionid=…' \
    uv run locust -f benchmarks/locustfile.py --headless -u 25 -r 5 -t 60s --host http://127.0.0.1:8000
"""

from __future__ import annotations

import itertools
import json
import os

from locust import HttpUser, between, task

PAGES: dict[str, str] = json.loads(os.environ.get("BENCHMARK_PAGES", "{}"))
COOKIE_NAME, _, COOKIE_VALUE = os.environ.get("BENCHMARK_COOKIE", "").partition("=")
THINK = float(os.environ.get("BENCHMARK_THINK_SECONDS", "1"))


class Visitor(HttpUser):
    wait_time = between(THINK / 2, THINK * 1.5)

    def on_start(self) -> None:
        if COOKIE_NAME:
            self.client.cookies.set(COOKIE_NAME, COOKIE_VALUE)
        start = hash(self) % max(1, len(PAGES))
        items = list(PAGES.items())
        self.pages = itertools.cycle(items[start:] + items[:start])

    @task
    def next_page(self) -> None:
        name, url = next(self.pages)
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
