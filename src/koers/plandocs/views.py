"""The pages of the plan versions: the list with a button for a new version, a version with its
downloads and its submit and approve actions, and the difference between two versions. Views are
thin: fetch through the selectors (another organisation's programme is a 404, a missing right a
403), call a service, redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.programmes.selectors import get_programme_for_user
from koers.reports import lists
from koers.reports.documents import DOCX_CONTENT_TYPE, ODT_CONTENT_TYPE, PDF_CONTENT_TYPE
from koers.reports.downloads import private_download

from . import diff, exports, selectors, services, tasks
from .forms import ApproveForm
from .models import PLAN_VERSION_WORKFLOW, PlanVersion, PlanVersionStatus

FORMATS = {"pdf": PDF_CONTENT_TYPE, "odt": ODT_CONTENT_TYPE, "docx": DOCX_CONTENT_TYPE}
FORMAT_LABELS = [("pdf", "PDF/A"), ("odt", "ODT"), ("docx", "DOCX")]
VERSIONS_SHOWN = 50
POLL_SECONDS = 1  # htmx asks for the status of the files this often while they are made
REFRESH_SECONDS = 3  # without JavaScript the page reloads itself this often meanwhile


def _stage_labels() -> dict[str, str]:
    return {
        "gather": _("Gathering the plan's data"),
        "pdf": _("Making the PDF"),
        "odt": _("Making the ODT"),
        "docx": _("Making the DOCX"),
        "save": _("Saving the files"),
    }


def _files_context(version: PlanVersion) -> dict[str, Any]:
    """What the status of the files shows: while they are made, the stage and how far."""
    current = tasks.read_progress(version)
    context: dict[str, Any] = {
        "files_progress": current,
        "poll_seconds": POLL_SECONDS,
        "refresh_seconds": REFRESH_SECONDS,
    }
    if current is not None:
        context["files_stage"] = _stage_labels().get(current.stage, current.stage)
        context["files_step"] = min(current.done + 1, current.total)
    return context


def _base(request: HttpRequest, programme: Any) -> dict[str, Any]:
    return {
        "programme": programme,
        "can_manage": request.user.has_perm("plandocs.manage_version", programme),
        "formats": FORMAT_LABELS,
        "active_nav": "plan",
    }


@login_required
@require_GET
def version_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = get_programme_for_user(request, programme_uuid, perm="plandocs.view_version")
    versions = list(selectors.versions(programme)[:VERSIONS_SHOWN])
    if (download := lists.asked(request, exports.VERSIONS, versions, programme=programme)) is not None:
        return download
    return render(
        request,
        "plandocs/version_list.html",
        {
            **_base(request, programme),
            "versions": versions,
            "has_concept": any(v.status == PlanVersionStatus.CONCEPT for v in versions),
        },
    )


@login_required
@require_POST
def version_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = get_programme_for_user(request, programme_uuid, perm="plandocs.manage_version")
    version, new = services.version_create(actor=request.user, programme=programme)
    if new:
        message = _(
            "Version %(number)s holds the plan as it is now. Its files are being made; "
            "this page shows how far."
        )
    else:
        message = _(
            "Concept version %(number)s now holds the plan as it is now. Its files are being made again."
        )
    messages.success(request, message % {"number": version.number})
    return redirect("plan_version_detail", programme_uuid=programme.uuid, number=version.number)


@login_required
@require_GET
def version_detail(request: HttpRequest, programme_uuid: str, number: int) -> HttpResponse:
    programme = get_programme_for_user(request, programme_uuid, perm="plandocs.view_version")
    version = selectors.get_version(programme, number)
    return _detail(request, programme, version, ApproveForm(programme=programme))


def _detail(
    request: HttpRequest, programme: Any, version: Any, form: ApproveForm, status: int = 200
) -> HttpResponse:
    others = list(
        selectors.versions(programme).exclude(pk=version.pk).values_list("number", flat=True)[:VERSIONS_SHOWN]
    )
    snap = version.snapshot
    subs = snap.get("subprojects", [])
    return render(
        request,
        "plandocs/version_detail.html",
        {
            **_base(request, programme),
            "version": version,
            "form": form,
            "others": others,
            **_files_context(version),
            "may_submit": PlanVersionStatus.SUBMITTED in PLAN_VERSION_WORKFLOW.allowed(version.status),
            "may_approve": PlanVersionStatus.APPROVED in PLAN_VERSION_WORKFLOW.allowed(version.status),
            "may_withdraw": PlanVersionStatus.CONCEPT in PLAN_VERSION_WORKFLOW.allowed(version.status),
            "counts": {
                "focus_areas": len(snap.get("focus_areas", [])),
                "goals": len(snap.get("goals", [])),
                "subprojects": len(subs),
                "total": diff.euros(sum(diff.source_totals(snap).values(), diff.Decimal(0))),
            },
            "goals": snap.get("goals", []),
            "subprojects": [{**sub, "status_label": diff.show("status", sub.get("status"))} for sub in subs],
        },
        status=status,
    )


@login_required
@require_GET
def version_files_status(request: HttpRequest, programme_uuid: str, number: int) -> HttpResponse:
    """The status of a version's files, which htmx fetches every second while they are made."""
    programme = get_programme_for_user(request, programme_uuid, perm="plandocs.view_version")
    version = selectors.get_version(programme, number)
    return render(
        request,
        "plandocs/_files_status.html",
        {**_base(request, programme), "version": version, **_files_context(version)},
    )


@login_required
@require_POST
def version_approve(request: HttpRequest, programme_uuid: str, number: int) -> HttpResponse:
    programme = get_programme_for_user(request, programme_uuid, perm="plandocs.manage_version")
    version = selectors.get_version(programme, number)
    form = ApproveForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            services.version_approve(
                actor=request.user,
                version=version,
                body=form.cleaned_data["body"],
                approved_on=form.cleaned_data["approved_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Version %(number)s is approved.") % {"number": version.number})
            return redirect("plan_version_detail", programme_uuid=programme.uuid, number=version.number)
    return _detail(request, programme, version, form, status=400)


@login_required
@require_POST
def version_submit(request: HttpRequest, programme_uuid: str, number: int) -> HttpResponse:
    programme = get_programme_for_user(request, programme_uuid, perm="plandocs.manage_version")
    version = selectors.get_version(programme, number)
    try:
        services.version_submit(actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Version %(number)s is submitted for approval.") % {"number": version.number}
        )
    return redirect("plan_version_detail", programme_uuid=programme.uuid, number=version.number)


@login_required
@require_POST
def version_withdraw(request: HttpRequest, programme_uuid: str, number: int) -> HttpResponse:
    """Send a submitted version back to concept."""
    programme = get_programme_for_user(request, programme_uuid, perm="plandocs.manage_version")
    version = selectors.get_version(programme, number)
    try:
        services.version_withdraw(actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = _("Version %(number)s is a concept again and can be changed.")
        messages.success(request, message % {"number": version.number})
    return redirect("plan_version_detail", programme_uuid=programme.uuid, number=version.number)


@login_required
@require_POST
def version_files(request: HttpRequest, programme_uuid: str, number: int) -> HttpResponse:
    """Make a version's files (again) from its own snapshot, e.g. for versions the demo recorded
    without files or whose files could not be made."""
    programme = get_programme_for_user(request, programme_uuid, perm="plandocs.manage_version")
    version = selectors.get_version(programme, number)
    try:
        services.files_request(actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The files are being made; this page shows how far."))
    return redirect("plan_version_detail", programme_uuid=programme.uuid, number=version.number)


@login_required
@require_GET
def version_download(request: HttpRequest, programme_uuid: str, number: int, fmt: str) -> FileResponse:
    """A stored file of a version, streamed to people who may read the programme."""
    programme = get_programme_for_user(request, programme_uuid, perm="plandocs.view_version")
    version = selectors.get_version(programme, number)
    if fmt not in FORMATS or not version.files_ready:
        raise Http404("format")
    stored = getattr(version, fmt)
    if not stored:
        raise Http404("file")
    return private_download(
        stored,
        name=f"plan van aanpak {programme.name}",
        suffix=f"-versie-{version.number}",
        extension=fmt,
        content_type=FORMATS[fmt],
    )


@login_required
@require_GET
def version_difference(request: HttpRequest, programme_uuid: str, number: int, other: int) -> HttpResponse:
    programme = get_programme_for_user(request, programme_uuid, perm="plandocs.view_version")
    old, new = selectors.get_version(programme, number), selectors.get_version(programme, other)
    return render(
        request,
        "plandocs/version_difference.html",
        {
            **_base(request, programme),
            "old": old,
            "new": new,
            "difference": diff.compare(old.snapshot, new.snapshot),
        },
    )


urlpatterns: list[URLPattern] = [
    path("", version_list, name="plan_versions"),
    path("nieuw/", version_create, name="plan_version_create"),
    path("<int:number>/", version_detail, name="plan_version_detail"),
    path("<int:number>/indienen/", version_submit, name="plan_version_submit"),
    path("<int:number>/vaststellen/", version_approve, name="plan_version_approve"),
    path("<int:number>/terug-naar-concept/", version_withdraw, name="plan_version_withdraw"),
    path("<int:number>/bestanden/", version_files, name="plan_version_files"),
    path("<int:number>/bestanden/status/", version_files_status, name="plan_version_files_status"),
    path("<int:number>/verschil/<int:other>/", version_difference, name="plan_version_difference"),
    path("<int:number>/<str:fmt>/", version_download, name="plan_version_download"),
]
