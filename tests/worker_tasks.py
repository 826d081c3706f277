"""Tasks for the tests of the task workers: they leave marks in a file, so a test can count how
often a task started and finished, also in another process."""

from __future__ import annotations

import time

from django.tasks import task


def mark(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as file:
        file.write(line + "\n")


@task()
def slow_mark(path: str, seconds: float) -> str:
    mark(path, "start")
    time.sleep(seconds)
    mark(path, "done")
    return "done"


@task()
def add(a: int, b: int) -> int:
    return a + b


@task()
def fail() -> None:
    raise ValueError("on purpose")
