"""The shared cache on Redis, forgiving an outage (ADR 0033).

django-redis, set to ignore connection errors, answers reads with the default and writes with
None while Redis is down. Koers keeps serving pages then. One decision on top: ``add`` (which the
login rate limits use as a lock) counts as done, so people can still log in during the outage;
the limits count again once Redis is back. The outage is in the log."""

from __future__ import annotations

from typing import Any

from django_redis.cache import RedisCache


class ForgivingRedisCache(RedisCache):
    def add(self, *args: Any, **kwargs: Any) -> bool:
        added = super().add(*args, **kwargs)
        return True if added is None else bool(added)
