"""The evaluation report of a sub-project and the evaluation summary of the programme (step 6), and
the page where a programme manager publishes an evaluation summary in the shared library.

Everyone who reads the programme's evaluation downloads the documents (another organisation's
programme is a 404); each download is recorded in the audit trail. Only a programme manager
publishes (as for lessons); without a verdict there is nothing to publish (404)."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koers.lessons import evaluations as library_evaluations
from koers.lessons.forms import EvaluationPublishForm
from koers.lessons.models import LibraryItem
from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme
from koers.programmes.views import apply_validation_error

from . import documents, downloads, selectors
from .models import EvaluationPlan, Verdict

VIEW = "evaluation.view_evaluation"
PUBLISH = "lessons.publish_evaluation"


def _programme(request: HttpRequest, programme_uuid: Any) -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=VIEW)


def _format(fmt: str) -> str:
    if fmt not in documents.FORMATS:
        raise Http404("format")
    return fmt


def current_verdict(plan: EvaluationPlan) -> Verdict | None:
    """The plan's current verdict (the latest), with its item in the shared library: one query."""
    verdict = (
        Verdict.objects.filter(plan=plan)
        .select_related("library_item")
        .order_by("-decided_on", "-pk")
        .first()
    )
    if verdict is not None:
        verdict.plan = plan
    return verdict


def live_item(verdict: Verdict | None) -> LibraryItem | None:
    try:
        item = verdict.library_item if verdict is not None else None
    except LibraryItem.DoesNotExist:
        return None
    return item if item is not None and item.is_live else None


def plan_context(request: HttpRequest, plan: EvaluationPlan) -> dict[str, Any]:
    """What the evaluation plan's page needs for the section of the report and the library."""
    verdict = current_verdict(plan)
    return {
        "report_verdict": verdict,
        "report_library_item": live_item(verdict),
        "can_publish_evaluation": verdict is not None and request.user.has_perm(PUBLISH, verdict),
    }


@login_required
def report_download(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, fmt: str
) -> HttpResponse:
    fmt = _format(fmt)
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    started = time.perf_counter()
    response = documents.report_response(subproject, fmt)
    downloads.report_downloaded(actor=request.user, subproject=subproject, fmt=fmt)
    response["X-Koers-Render-Ms"] = str(int((time.perf_counter() - started) * 1000))
    return response


@login_required
def summary_download(request: HttpRequest, programme_uuid: str, fmt: str) -> HttpResponse:
    fmt = _format(fmt)
    programme = _programme(request, programme_uuid)
    started = time.perf_counter()
    response = documents.summary_response(programme, fmt)
    downloads.summary_downloaded(actor=request.user, programme=programme, fmt=fmt)
    response["X-Koers-Render-Ms"] = str(int((time.perf_counter() - started) * 1000))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    plan = selectors.plan_of(subproject)
    verdict = current_verdict(plan) if plan is not None else None
    if verdict is None:
        raise Http404("verdict")
    if not request.user.has_perm(PUBLISH, verdict):
        raise PermissionDenied(PUBLISH)
    item = live_item(verdict)
    initial: dict[str, Any] = (
        {
            name: getattr(item, name)
            for name in ("title", "summary", "worked", "did_not_work", "recommendation")
        }
        if item is not None
        else library_evaluations.prefill(verdict)
    )
    form = EvaluationPublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            published = library_evaluations.publish_evaluation(
                actor=request.user, verdict=verdict, **form.values()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The evaluation summary is published in Leer van elkaar."))
            return redirect("library_detail", item_uuid=published.uuid)
    verdict.plan.subproject = subproject
    return render(
        request,
        "evaluation/publish_form.html",
        {
            "programme": programme,
            "active_nav": "evaluation",
            "subproject": subproject,
            "verdict": verdict,
            "item": item,
            "evidence": library_evaluations.evidence_rows(
                LibraryItem(evidence=library_evaluations.evidence_of(verdict))
            ),
            "form": form,
        },
    )


urlpatterns: list[URLPattern] = [
    path("samenvatting.<str:fmt>", summary_download, name="evaluation_summary_download"),
    path("<uuid:subproject_uuid>/rapport.<str:fmt>", report_download, name="evaluation_report_download"),
    path("<uuid:subproject_uuid>/delen/", publish, name="evaluation_publish"),
]
