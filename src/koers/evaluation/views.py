"""Pages of the evaluation plans and the process evaluation (step 6). Views are thin: fetch through
the selectors (another organisation's sub-project is a 404, a missing right a 403), validate a
form, call a service, redirect with a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.plan.models import SubProject
from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.teams.forms import initial_from
from koers.teams.views import _save_failed
from koers.ui.pagecache import cached_page

from . import estimate_views, exports, report_views, selectors, services, similarity, verdict_views
from .forms import ItemForm, PlanForm, StatusForm
from .reference import PLAN_WORKFLOW

VIEW = "evaluation.view_evaluation"
CHANGE = "evaluation.change_plan"


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = VIEW) -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "evaluation", **extra}


def _to_plan(subproject: SubProject) -> HttpResponse:
    return redirect(
        "evaluation_plan", programme_uuid=subproject.programme.uuid, subproject_uuid=subproject.uuid
    )


@login_required
@cached_page
def overview(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    subprojects = list(selectors.subprojects(programme))
    verdict_views.overview_labels(subprojects)
    if (download := lists.asked(request, exports.OVERVIEW, subprojects, programme=programme)) is not None:
        return download
    return render(
        request,
        "evaluation/overview.html",
        _context(
            programme,
            subprojects=subprojects,
            can_change=request.user.has_perm(CHANGE, programme),
        ),
    )


@login_required
def plan_detail(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    plan = selectors.plan_of(subproject)
    can_change = request.user.has_perm(CHANGE, programme)
    context = _context(programme, subproject=subproject, plan=plan, can_change=can_change)
    if plan is not None:
        context.update(
            treated=list(plan.treated_areas.all()),
            similarity=similarity.for_plan(plan),
            items=selectors.process_items(plan),
            status_form=StatusForm(current=plan.status)
            if can_change and PLAN_WORKFLOW.allowed(plan.status)
            else None,
            can_add_item=request.user.has_perm("evaluation.add_processitem", plan),
        )
        context["item_rights"] = {
            item.pk: request.user.has_perm("evaluation.change_processitem", item) for item in context["items"]
        }
        # The sections of the effect estimates and of the verdicts (their own modules).
        context.update(estimate_views.plan_context(request, plan))
        context.update(verdict_views.plan_context(request, plan))
        context.update(report_views.plan_context(request, plan))
    return render(request, "evaluation/plan_detail.html", context)


def _plan_form(request: HttpRequest, programme: Programme, subproject: SubProject, **kwargs: Any) -> PlanForm:
    areas = selectors.area_choices(programme, subproject)
    return PlanForm(request.POST or None, areas=areas, measures=selectors.measure_choices(areas), **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, CHANGE)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    if selectors.plan_of(subproject) is not None:
        return _to_plan(subproject)
    initial = {
        "treated_areas": list(subproject.areas.all()),
        "planned_start": subproject.start_date,
        "planned_end": subproject.end_date,
    }
    form = _plan_form(request, programme, subproject, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_create(actor=request.user, subproject=subproject, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The evaluation plan has been added."))
            return _to_plan(subproject)
    return render(request, "evaluation/plan_form.html", _context(programme, subproject=subproject, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, CHANGE)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    plan = selectors.get_plan(request, subproject)
    form = _plan_form(request, programme, subproject, initial=initial_from(plan, list(services.PLAN_FIELDS)))
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                actor=request.user,
                plan=plan,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, plan)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_plan(subproject)
    return render(
        request,
        "evaluation/plan_form.html",
        _context(programme, subproject=subproject, plan=plan, form=form, saved_values=saved_values),
    )


@login_required
@require_POST
def plan_status(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, CHANGE)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    plan = selectors.get_plan(request, subproject)
    form = StatusForm(request.POST, current=plan.status)
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses offered."))
        return _to_plan(subproject)
    try:
        services.plan_set_status(actor=request.user, plan=plan, status=form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The status of the evaluation plan has been changed."))
    return _to_plan(subproject)


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    plan = selectors.get_plan(request, subproject, perm="evaluation.add_processitem")
    form = ItemForm(request.POST or None, initial={"observed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.item_create(actor=request.user, plan=plan, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The process evaluation item has been added."))
            return _to_plan(subproject)
    return render(
        request, "evaluation/item_form.html", _context(programme, subproject=subproject, plan=plan, form=form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, item_uuid: str
) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    plan = selectors.get_plan(request, subproject)
    item = selectors.get_item(request, plan, item_uuid, perm="evaluation.change_processitem")
    form = ItemForm(request.POST or None, initial=initial_from(item, list(services.ITEM_FIELDS)))
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(actor=request.user, item=item, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_plan(subproject)
    return render(
        request,
        "evaluation/item_form.html",
        _context(programme, subproject=subproject, plan=plan, item=item, form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, item_uuid: str
) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    plan = selectors.get_plan(request, subproject)
    item = selectors.get_item(request, plan, item_uuid, perm="evaluation.change_processitem")
    if request.method == "POST":
        services.item_delete(actor=request.user, item=item)
        messages.success(request, _("The process evaluation item has been removed."))
        return _to_plan(subproject)
    return render(
        request,
        "evaluation/item_delete.html",
        _context(programme, subproject=subproject, plan=plan, item=item),
    )


urlpatterns: list[URLPattern] = [
    path("", overview, name="evaluation_overview"),
    path("<uuid:subproject_uuid>/", plan_detail, name="evaluation_plan"),
    path("<uuid:subproject_uuid>/nieuw/", plan_create, name="evaluation_plan_create"),
    path("<uuid:subproject_uuid>/bewerken/", plan_edit, name="evaluation_plan_edit"),
    path("<uuid:subproject_uuid>/status/", plan_status, name="evaluation_plan_status"),
    path("<uuid:subproject_uuid>/procesevaluatie/nieuw/", item_create, name="evaluation_item_create"),
    path(
        "<uuid:subproject_uuid>/procesevaluatie/<uuid:item_uuid>/bewerken/",
        item_edit,
        name="evaluation_item_edit",
    ),
    path(
        "<uuid:subproject_uuid>/procesevaluatie/<uuid:item_uuid>/verwijderen/",
        item_delete,
        name="evaluation_item_delete",
    ),
]
