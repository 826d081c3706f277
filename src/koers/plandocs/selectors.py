"""Reading plan versions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from koers.programmes.models import Programme

from .models import PlanVersion, PlanVersionStatus


def versions(programme: Programme) -> QuerySet[PlanVersion]:
    """The versions, newest first, without their snapshots (lists need not load them)."""
    return programme.plan_versions.select_related("created_by").defer("snapshot").order_by("-number")


def get_version(programme: Programme, number: Any) -> PlanVersion:
    version = programme.plan_versions.select_related("created_by", "programme").filter(number=number).first()
    if version is None:
        raise Http404("plan version")
    return version


def latest_approved(programme: Programme) -> dict[str, Any] | None:
    row = (
        PlanVersion.objects.filter(programme=programme, status=PlanVersionStatus.APPROVED)
        .order_by("-number")
        .values("number", "approved_on", "approved_by")
        .first()
    )
    return dict(row) if row else None
