"""Pages of step 5's monitoring: the dashboard of a programme, the assessment of a sub-project,
the course adjustments, the progress reports and the organisation overview. Views are thin: fetch
through the selectors (another organisation's object is a 404, a missing right a 403), validate a
form, call a service, redirect with a message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.actions import selectors as action_selectors
from koers.organisations.selectors import require_current_organisation
from koers.programmes.models import Programme
from koers.programmes.selectors import get_programme_for_user
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.reports.documents import ODT_CONTENT_TYPE, PDF_CONTENT_TYPE
from koers.reports.downloads import private_download
from koers.teams.forms import initial_from
from koers.ui.pagecache import cached_page

from . import exports, selectors, services
from .forms import AdjustmentForm, AssessmentForm, FollowUpActionForm, ReportForm
from .models import CourseAdjustment

FORMATS = {"pdf": PDF_CONTENT_TYPE, "odt": ODT_CONTENT_TYPE}
FORMAT_LABELS = [("pdf", "PDF/A"), ("odt", "ODT")]
PAGE_SIZE = 25


def _programme(
    request: HttpRequest, programme_uuid: Any, perm: str = "monitoring.view_dashboard"
) -> Programme:
    return get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, nav: str = "dashboard", **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "monitoring", "monitoring_nav": nav, **extra}


# The dashboard -------------------------------------------------------------------------------


@login_required
@require_GET
@cached_page
def dashboard(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    """The dashboard. Its body is the same for everyone with the same rights and language, so it is
    kept in the shared cache for ``DASHBOARD_CACHE_SECONDS`` (and made again at once after an
    assessment or course adjustment; see ``selectors.cached_dashboard_body``)."""
    programme = _programme(request, programme_uuid)
    manager = request.user.has_perm("monitoring.manage_adjustments", programme)
    assessable = selectors.assessable_ids(request.user, programme, manager=manager)
    key = selectors.dashboard_cache_key(programme, manager=manager, assessable=assessable)

    def make() -> str:
        board = selectors.dashboard(programme)
        return render_to_string(
            "monitoring/_dashboard_body.html",
            {
                "programme": programme,
                "board": board,
                "assessable": assessable,
                "can_manage": manager,
                "communication_overdue": board.communication_overdue,
            },
        )

    body = selectors.cached_dashboard_body(key, selectors.dashboard_cache_seconds(), make)
    return render(
        request,
        "monitoring/dashboard.html",
        _context(programme, landing=True, body=mark_safe(body)),  # noqa: S308
    )


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    if not request.user.has_perm("monitoring.assess_subproject", subproject):
        raise PermissionDenied("monitoring.assess_subproject")
    form = AssessmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.assessment_create(
                    actor=request.user,
                    subproject=subproject,
                    standing=form.cleaned_data["standing"],
                    explanation=form.cleaned_data["explanation"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, _("The assessment of %(name)s has been recorded.") % {"name": subproject.name}
                )
                return redirect("monitoring_dashboard", programme_uuid=programme.uuid)
        status = 400
    standing = selectors.standings(programme, timezone.localdate()).get(subproject.pk)
    return render(
        request,
        "monitoring/assess.html",
        _context(
            programme,
            subproject=subproject,
            form=form,
            standing=standing,
            history=selectors.assessments(subproject)[:50],
        ),
        status=status,
    )


# Course adjustments --------------------------------------------------------------------------


def _adjustment_form(request: HttpRequest, programme: Programme, **kwargs: Any) -> AdjustmentForm:
    return AdjustmentForm(
        request.POST or None,
        subprojects=selectors.subproject_choices(programme),
        goals=selectors.goal_choices(programme),
        decisions=selectors.decision_choices(programme),
        bodies=selectors.body_choices(programme),
        **kwargs,
    )


@login_required
@require_GET
def adjustment_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid, perm="monitoring.view_adjustments")
    found = selectors.adjustments(programme)
    if (download := lists.asked(request, exports.ADJUSTMENTS, found, programme=programme)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "monitoring/adjustment_list.html",
        _context(
            programme,
            "adjustments",
            page=page,
            can_manage=request.user.has_perm("monitoring.manage_adjustments", programme),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="monitoring.manage_adjustments")
    initial: dict[str, Any] = {"decided_on": timezone.localdate()}
    subproject_uuid = request.GET.get("deelproject")
    if subproject_uuid:
        try:
            initial["subproject"] = selectors.get_subproject(programme, subproject_uuid)
            initial["kind"] = "deelproject"
        except (Http404, ValidationError):
            pass
    form = _adjustment_form(request, programme, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                adjustment = services.adjustment_create(
                    actor=request.user, programme=programme, **form.values()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The course adjustment has been recorded."))
                return redirect(
                    "adjustment_detail", programme_uuid=programme.uuid, adjustment_uuid=adjustment.uuid
                )
        status = 400
    return render(
        request,
        "monitoring/adjustment_form.html",
        _context(programme, "adjustments", form=form),
        status=status,
    )


@login_required
@require_GET
def adjustment_detail(request: HttpRequest, programme_uuid: str, adjustment_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="monitoring.view_adjustments")
    adjustment = selectors.get_adjustment(programme, adjustment_uuid)
    return _adjustment_page(request, programme, adjustment, None)


def _adjustment_page(
    request: HttpRequest,
    programme: Programme,
    adjustment: CourseAdjustment,
    action_form: FollowUpActionForm | None,
    status: int = 200,
) -> HttpResponse:
    can_manage = request.user.has_perm("monitoring.manage_adjustments", programme)
    if action_form is None and can_manage:
        action_form = FollowUpActionForm(owners=action_selectors.owner_choices(programme))
    return render(
        request,
        "monitoring/adjustment_detail.html",
        _context(
            programme,
            "adjustments",
            adjustment=adjustment,
            actions=list(adjustment.actions.select_related("owner").order_by("due_date", "title")),
            can_manage=can_manage,
            action_form=action_form,
        ),
        status=status,
    )


@login_required
@require_POST
def adjustment_action(request: HttpRequest, programme_uuid: str, adjustment_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="monitoring.manage_adjustments")
    adjustment = selectors.get_adjustment(programme, adjustment_uuid)
    form = FollowUpActionForm(request.POST, owners=action_selectors.owner_choices(programme))
    if form.is_valid():
        try:
            action = services.adjustment_action_create(
                actor=request.user, adjustment=adjustment, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": action})
            return redirect(
                "adjustment_detail", programme_uuid=programme.uuid, adjustment_uuid=adjustment.uuid
            )
    return _adjustment_page(request, programme, adjustment, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_edit(request: HttpRequest, programme_uuid: str, adjustment_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="monitoring.manage_adjustments")
    adjustment = selectors.get_adjustment(programme, adjustment_uuid)
    form = _adjustment_form(
        request, programme, initial=initial_from(adjustment, list(services.ADJUSTMENT_FIELDS))
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.adjustment_update(actor=request.user, adjustment=adjustment, **form.values())
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect(
                    "adjustment_detail", programme_uuid=programme.uuid, adjustment_uuid=adjustment.uuid
                )
        status = 400
    return render(
        request,
        "monitoring/adjustment_form.html",
        _context(programme, "adjustments", form=form, adjustment=adjustment),
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_delete(request: HttpRequest, programme_uuid: str, adjustment_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="monitoring.manage_adjustments")
    adjustment = selectors.get_adjustment(programme, adjustment_uuid)
    if request.method == "POST":
        services.adjustment_delete(actor=request.user, adjustment=adjustment)
        messages.success(request, _("The course adjustment has been removed."))
        return redirect("adjustments", programme_uuid=programme.uuid)
    return render(
        request,
        "monitoring/adjustment_delete.html",
        _context(programme, "adjustments", adjustment=adjustment),
    )


# Progress reports ----------------------------------------------------------------------------


def _default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last complete quarter."""
    first_of_quarter = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_quarter - dt.timedelta(days=1)
    return dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1), end


@login_required
@require_GET
def report_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid, perm="monitoring.view_reports")
    found = selectors.reports(programme)
    if (download := lists.asked(request, exports.REPORTS, found, programme=programme)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "monitoring/report_list.html",
        _context(
            programme,
            "reports",
            page=page,
            formats=FORMAT_LABELS,
            can_manage=request.user.has_perm("monitoring.manage_reports", programme),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="monitoring.manage_reports")
    start, end = _default_period(timezone.localdate())
    form = ReportForm(request.POST or None, initial={"period_start": start, "period_end": end})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.report_create(actor=request.user, programme=programme, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("The progress report is being made. Reload the page in a minute to download it."),
                )
                return redirect(
                    "progress_report_detail", programme_uuid=programme.uuid, report_uuid=report.uuid
                )
        status = 400
    return render(
        request, "monitoring/report_form.html", _context(programme, "reports", form=form), status=status
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, programme_uuid: str, report_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="monitoring.view_reports")
    report = selectors.get_report(programme, report_uuid)
    return render(
        request,
        "monitoring/report_detail.html",
        _context(
            programme,
            "reports",
            report=report,
            formats=FORMAT_LABELS,
            can_manage=request.user.has_perm("monitoring.manage_reports", programme),
        ),
    )


@login_required
@require_POST
def report_files(request: HttpRequest, programme_uuid: str, report_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="monitoring.manage_reports")
    report = selectors.get_report(programme, report_uuid)
    try:
        services.report_files_request(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The files are being made. Reload the page in a minute to download them.")
        )
    return redirect("progress_report_detail", programme_uuid=programme.uuid, report_uuid=report.uuid)


@login_required
@require_GET
def report_download(request: HttpRequest, programme_uuid: str, report_uuid: str, fmt: str) -> FileResponse:
    programme = _programme(request, programme_uuid, perm="monitoring.view_reports")
    report = selectors.get_report(programme, report_uuid)
    if fmt not in FORMATS or not report.files_ready:
        raise Http404("format")
    stored = getattr(report, fmt)
    if not stored:
        raise Http404("file")
    services.report_downloaded(actor=request.user, report=report, fmt=fmt)
    return private_download(
        stored,
        name=f"voortgangsrapportage {programme.name}",
        suffix=f"-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}",
        extension=fmt,
        content_type=FORMATS[fmt],
    )


# The organisation overview -------------------------------------------------------------------


@login_required
@require_GET
def portfolio(request: HttpRequest) -> HttpResponseBase:
    organisation = require_current_organisation(request)
    if not request.user.has_perm("monitoring.view_portfolio", organisation):
        raise PermissionDenied("monitoring.view_portfolio")
    rows = selectors.portfolio(request.user, organisation)
    title = f"{exports.PORTFOLIO.name} {organisation.name}"
    if (download := lists.asked(request, exports.PORTFOLIO, rows, title=title)) is not None:
        return download
    return render(
        request,
        "monitoring/portfolio.html",
        {
            "organisation": organisation,
            "rows": rows,
            "active_nav": "portfolio",
        },
    )


programme_urlpatterns: list[URLPattern] = [
    path("dashboard/", dashboard, name="monitoring_dashboard"),
    path("dashboard/deelprojecten/<uuid:subproject_uuid>/beoordeling/", assess, name="monitoring_assess"),
    path("bijsturing/", adjustment_list, name="adjustments"),
    path("bijsturing/nieuw/", adjustment_create, name="adjustment_create"),
    path("bijsturing/<uuid:adjustment_uuid>/", adjustment_detail, name="adjustment_detail"),
    path("bijsturing/<uuid:adjustment_uuid>/bewerken/", adjustment_edit, name="adjustment_edit"),
    path("bijsturing/<uuid:adjustment_uuid>/verwijderen/", adjustment_delete, name="adjustment_delete"),
    path("bijsturing/<uuid:adjustment_uuid>/afspraak/", adjustment_action, name="adjustment_action_create"),
    path("voortgangsrapportages/", report_list, name="progress_reports"),
    path("voortgangsrapportages/nieuw/", report_create, name="progress_report_create"),
    path("voortgangsrapportages/<uuid:report_uuid>/", report_detail, name="progress_report_detail"),
    path("voortgangsrapportages/<uuid:report_uuid>/bestanden/", report_files, name="progress_report_files"),
    path(
        "voortgangsrapportages/<uuid:report_uuid>/<str:fmt>/",
        report_download,
        name="progress_report_download",
    ),
]

organisation_urlpatterns: list[URLPattern] = [
    path("portefeuille/", portfolio, name="portfolio"),
]
