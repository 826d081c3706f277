"""Health endpoints: liveness and readiness (``koers.deployment.health``)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health


@require_GET
@never_cache
def alive(request: HttpRequest) -> JsonResponse:
    """The process answers; nothing else is checked (no database)."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """200 when the database, the task queue, the cache and the file storage work; else 503."""
    outcomes = health.readiness()
    ok = all(outcome.ok for outcome in outcomes.values())
    return JsonResponse(
        {"status": "ok" if ok else "error", "checks": {k: v.as_dict() for k, v in outcomes.items()}},
        status=200 if ok else 503,
    )
