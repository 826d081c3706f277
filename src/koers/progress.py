"""Progress of background work in the shared cache (ADR 0021): a task reports
``progress(stage, done, total)`` and the page that follows it reads the last report. Cache writes
are outside any database transaction, so the web process sees them at once, also while the task's
own transaction is still open. The import jobs and the plan documents use it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

PROGRESS_TIMEOUT = 24 * 60 * 60  # seconds: work that died leaves no progress behind for long
PROGRESS_INTERVAL = 0.5  # seconds between writes of the same stage to the cache

ProgressHook = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Progress:
    stage: str
    done: int
    total: int

    @property
    def percentage(self) -> int:
        if self.total <= 0:
            return 0
        return max(0, min(100, self.done * 100 // self.total))


def cache_hook(key: str, *, interval: float = PROGRESS_INTERVAL) -> ProgressHook:
    """A ``progress(stage, done, total)`` callback that keeps the last report under ``key``: at
    once when the stage changes or the stage is complete, otherwise at most every ``interval``
    seconds."""
    last: dict[str, Any] = {"stage": None, "at": 0.0}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == last["stage"] and done < total and now - last["at"] < interval:
            return
        last["stage"], last["at"] = stage, now
        cache.set(key, {"stage": str(stage)[:200], "done": int(done), "total": int(total)}, PROGRESS_TIMEOUT)

    return progress


def read(key: str) -> Progress | None:
    """The last report under ``key``, or None when there is none."""
    value = cache.get(key)
    if not isinstance(value, dict):
        return None
    return Progress(stage=value.get("stage", ""), done=value.get("done", 0), total=value.get("total", 0))


def clear(key: str) -> None:
    cache.delete(key)
