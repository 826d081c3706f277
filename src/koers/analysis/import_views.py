"""The installation administrator's pages for official statistics: what is imported, a form per
kind of import, the column mapping of a spreadsheet and the page of one import job, which follows
the job while the task worker runs it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.programmes.views import apply_validation_error
from koers.reports import lists

from . import exports, jobs
from .generic import generic_preview
from .import_forms import FORMS, MappingForm
from .models import ImportFileRole, ImportJob, ImportKind
from .parsers import ParseError, Problem

PERM = "analysis.import_reference_data"
POLL_SECONDS = 1
REFRESH_SECONDS = 2


def _installation_admin(request: HttpRequest) -> None:
    if not request.user.has_perm(PERM):
        raise PermissionDenied(PERM)


def _problem_dicts(problems: list[Problem]) -> list[dict[str, Any]]:
    return [{"message": p.message, "row": p.row, "column": p.column} for p in problems]


@login_required
@require_GET
def statistics_overview(request: HttpRequest) -> HttpResponseBase:
    _installation_admin(request)
    overview = jobs.statistics_overview()
    if (download := lists.asked(request, exports.DATASETS, overview["datasets"])) is not None:
        return download
    return render(
        request,
        "analysis/imports/overview.html",
        {**overview, "kinds": ImportKind.choices, "nav_current": "page"},
    )


def _preview(file: Any, filename: str) -> Any:
    try:
        return generic_preview(file=file, filename=filename, max_rows=10)
    finally:
        if hasattr(file, "seek"):
            file.seek(0)


@login_required
@require_http_methods(["GET", "POST"])
def import_create(request: HttpRequest, kind: str) -> HttpResponse:
    _installation_admin(request)
    form_class = FORMS.get(kind)
    if form_class is None:
        raise Http404(kind)
    form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
    problems: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            if kind == ImportKind.GENERIC:
                upload = form.cleaned_data["file"]
                _preview(upload, upload.name)  # a file that cannot be read is refused here
            job = jobs.import_job_create(
                actor=request.user,
                kind=kind,
                parameters=form.parameters(),
                files=form.files_to_store(),
                dry_run=form.cleaned_data["dry_run"],
            )
        except ParseError as error:
            problems = _problem_dicts(error.problems)
            form.add_error("file", _("The file cannot be read; the problems are listed above."))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if jobs.needs_mapping(job):
                return redirect("import_job_mapping", job_uuid=job.uuid)
            return redirect("import_job", job_uuid=job.uuid)
    return render(
        request,
        "analysis/imports/form.html",
        {"form": form, "kind": kind, "kind_label": ImportKind(kind).label, "problems": problems},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_job_mapping(request: HttpRequest, job_uuid: str) -> HttpResponse:
    _installation_admin(request)
    job = jobs.get_job(job_uuid)
    if not jobs.needs_mapping(job):
        return redirect("import_job", job_uuid=job.uuid)
    stored = next((f for f in job.files.all() if f.role == ImportFileRole.DATA), None)
    if stored is None:
        raise Http404("no file")
    problems: list[dict[str, Any]] = []
    preview = None
    with stored.file.open("rb") as file:
        try:
            preview = _preview(file, job.parameters.get("filename") or stored.name)
        except ParseError as error:
            problems = _problem_dicts(error.problems)
    columns = list(preview.columns) if preview is not None else []
    form = MappingForm(request.POST if request.method == "POST" else None, columns=columns)
    if request.method == "POST" and preview is not None and form.is_valid():
        try:
            jobs.import_job_map(actor=request.user, job=job, mapping=form.mapping())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("import_job", job_uuid=job.uuid)
    return render(
        request,
        "analysis/imports/mapping.html",
        {"job": job, "preview": preview, "form": form, "problems": problems, "stored": stored},
    )


def _job_context(job: ImportJob) -> dict[str, Any]:
    return {
        "job": job,
        "can_confirm": jobs.can_confirm(job),
        "needs_mapping": jobs.needs_mapping(job),
        "confirmed_as": job.parameters.get("confirmed_as", ""),
        "poll_seconds": POLL_SECONDS,
        "refresh_seconds": REFRESH_SECONDS,
    }


@login_required
@require_GET
def import_job(request: HttpRequest, job_uuid: str) -> HttpResponse:
    _installation_admin(request)
    job = jobs.get_job(job_uuid)
    return render(request, "analysis/imports/job.html", _job_context(job))


@login_required
@require_GET
def import_job_status(request: HttpRequest, job_uuid: str) -> HttpResponse:
    """The status part of the job page, which htmx fetches every second while the job runs."""
    _installation_admin(request)
    job = jobs.get_job(job_uuid)
    return render(request, "analysis/imports/_partials/job_status.html", _job_context(job))


@login_required
@require_POST
def import_job_confirm(request: HttpRequest, job_uuid: str) -> HttpResponse:
    _installation_admin(request)
    job = jobs.get_job(job_uuid)
    try:
        real = jobs.import_job_confirm(actor=request.user, job=job)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("import_job", job_uuid=job.uuid)
    return redirect("import_job", job_uuid=real.uuid)
