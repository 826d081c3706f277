"""Step 2's landing page: what is done, what is missing, what next."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from koers.programmes.navigator import evaluate
from koers.programmes.selectors import get_programme_for_user

from .selectors import municipality_statistics

STEP = 2


@login_required
@require_GET
def overview(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = get_programme_for_user(request, programme_uuid)
    step = evaluate(programme).steps[STEP - 1]
    return render(
        request,
        "analysis/overview.html",
        {
            "programme": programme,
            "step": step,
            "next_missing": step.next_missing,
            "statistics": municipality_statistics(programme.organisation.cbs_code),
            "active_nav": "analysis",
        },
    )
