"""Pages of the verdicts, decisions and embedding plans (step 6)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern

from .models import EvaluationPlan


def plan_context(request: HttpRequest, plan: EvaluationPlan) -> dict[str, Any]:
    """What the evaluation plan's page needs for the section of the verdicts and decisions."""
    return {}


urlpatterns: list[URLPattern] = []
