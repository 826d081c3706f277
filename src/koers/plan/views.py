"""Pages of step 3 — the plan of approach: the landing page with the step's milestones, the focus
areas, the goals, the sub-projects (with their budget, timeline milestones, status and integrality
check), the timeline and the golden thread from findings to goals to sub-projects. Views are thin:
fetch through the selectors (another organisation's object is a 404, a missing right a 403),
validate a form, call a service, redirect with a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.findings.selectors import priority_area_choices
from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme
from koers.programmes.navigator import ProgrammeFacts, evaluate
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.teams.forms import initial_from
from koers.teams.reference import CoreGroup, Domain
from koers.teams.views import _save_failed
from koers.ui.pagecache import cached_page

from . import charts, exports, selectors, services
from .forms import BudgetLineForm, FocusAreaForm, GoalForm, MilestoneForm, StatusForm, SubProjectForm
from .models import Goal, SubProject
from .reference import SUBPROJECT_WORKFLOW, SubProjectStatus

STEP = 3
PAGE_SIZE = 25
MILESTONE_PAGES = {
    "programme.kwartiermaker": "programme_members",
    "plan.focus_areas": "plan_focus_areas",
    "plan.subprojects": "plan_subprojects",
    "plan.goals": "plan_goals",
    "plan.integrality": "plan_subprojects",
}


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = "plan.view_plan") -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, nav: str, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "plan", "plan_nav": nav, **extra}


# Landing page ---------------------------------------------------------------------------------


@login_required
@cached_page
def plan_overview(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    step = evaluate(programme, ProgrammeFacts(programme), step=STEP).steps[STEP - 1]
    next_missing = step.next_missing
    return render(
        request,
        "plan/overview.html",
        _context(
            programme,
            "overview",
            step=step,
            next_missing=next_missing,
            next_url=reverse(
                MILESTONE_PAGES.get(next_missing.milestone.key, "plan_overview"),
                kwargs={"programme_uuid": programme.uuid},
            )
            if next_missing
            else None,
            landing=True,
        ),
    )


# Focus areas ----------------------------------------------------------------------------------


def _to_focus_areas(programme: Programme) -> HttpResponse:
    return redirect("plan_focus_areas", programme_uuid=programme.uuid)


@login_required
def focus_area_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    if not programme.focus_areas.exists():
        # The seed's six, the first time anyone opens the page.
        services.focus_areas_seed(actor=request.user, programme=programme)
    found = selectors.focus_areas(programme)
    if (download := lists.asked(request, exports.FOCUS_AREAS, found, programme=programme)) is not None:
        return download
    return render(
        request,
        "plan/focus_areas.html",
        _context(
            programme,
            "focus_areas",
            focus_areas=list(selectors.focus_areas(programme)),
            can_manage=request.user.has_perm("plan.manage_plan", programme),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def focus_area_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="plan.manage_plan")
    form = FocusAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.focus_area_create(
                actor=request.user,
                programme=programme,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": area})
            return _to_focus_areas(programme)
    return render(request, "plan/focus_area_form.html", _context(programme, "focus_areas", form=form))


@login_required
@require_http_methods(["GET", "POST"])
def focus_area_edit(request: HttpRequest, programme_uuid: str, area_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="plan.manage_plan")
    area = selectors.get_focus_area(programme, area_uuid)
    form = FocusAreaForm(request.POST or None, initial={"name": area.name, "description": area.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.focus_area_update(
                actor=request.user,
                area=area,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_focus_areas(programme)
    return render(
        request, "plan/focus_area_form.html", _context(programme, "focus_areas", form=form, area=area)
    )


@login_required
@require_POST
def focus_area_toggle(request: HttpRequest, programme_uuid: str, area_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="plan.manage_plan")
    area = selectors.get_focus_area(programme, area_uuid)
    active = request.POST.get("active") == "1"
    try:
        services.focus_area_update(actor=request.user, area=area, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if active:
            messages.success(request, _("%(name)s has been switched on.") % {"name": area})
        else:
            messages.success(request, _("%(name)s has been switched off.") % {"name": area})
    return _to_focus_areas(programme)


@login_required
@require_http_methods(["GET", "POST"])
def focus_area_delete(request: HttpRequest, programme_uuid: str, area_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="plan.manage_plan")
    area = selectors.get_focus_area(programme, area_uuid)
    if request.method == "POST":
        try:
            services.focus_area_delete(actor=request.user, area=area)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s has been removed.") % {"name": area})
        return _to_focus_areas(programme)
    return render(request, "plan/focus_area_delete.html", _context(programme, "focus_areas", area=area))


# Goals ----------------------------------------------------------------------------------------


SMART_PARTS = (
    ("specific", "S"),
    ("measurable", "M"),
    ("acceptable", "A"),
    ("realistic", "R"),
    ("deadline", "T"),
)


def smart_missing(goal: Goal) -> list[str]:
    """What the goal still lacks to be SMART and to rest on the analysis."""
    labels = {
        "specific": _("specific: what changes, for whom, where"),
        "measurable": _("measurable: the indicator and its values"),
        "acceptable": _("acceptable: who supports it"),
        "realistic": _("realistic: why it can be done"),
        "deadline": _("time-bound: the date by which it is reached"),
    }
    missing = [labels[name] for name, _letter in SMART_PARTS if not getattr(goal, name)]
    return missing


@login_required
def goal_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    goals = list(selectors.goals(programme))
    if (download := lists.asked(request, exports.GOALS, goals, programme=programme)) is not None:
        return download
    for goal in goals:
        goal.missing = smart_missing(goal)  # type: ignore[attr-defined]
    return render(
        request,
        "plan/goal_list.html",
        _context(
            programme, "goals", goals=goals, can_manage=request.user.has_perm("plan.manage_plan", programme)
        ),
    )


@login_required
def goal_detail(request: HttpRequest, programme_uuid: str, goal_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    goal = selectors.get_goal(programme, goal_uuid)
    return render(
        request,
        "plan/goal_detail.html",
        _context(
            programme,
            "goals",
            goal=goal,
            missing=smart_missing(goal),
            can_manage=request.user.has_perm("plan.manage_plan", programme),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="plan.manage_plan")
    form = GoalForm(request.POST or None, findings=selectors.finding_choices(programme))
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(actor=request.user, programme=programme, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": goal})
            return redirect("plan_goal_detail", programme_uuid=programme.uuid, goal_uuid=goal.uuid)
    return render(request, "plan/goal_form.html", _context(programme, "goals", form=form))


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, programme_uuid: str, goal_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="plan.manage_plan")
    goal = selectors.get_goal(programme, goal_uuid)
    form = GoalForm(
        request.POST or None,
        findings=selectors.finding_choices(programme),
        initial=initial_from(goal, [*services.GOAL_FIELDS, "findings"]),
    )
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                actor=request.user,
                goal=goal,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, goal)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("plan_goal_detail", programme_uuid=programme.uuid, goal_uuid=goal.uuid)
    return render(
        request,
        "plan/goal_form.html",
        _context(programme, "goals", form=form, goal=goal, saved_values=saved_values),
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, programme_uuid: str, goal_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="plan.manage_plan")
    goal = selectors.get_goal(programme, goal_uuid)
    if request.method == "POST":
        services.goal_delete(actor=request.user, goal=goal)
        messages.success(request, _("%(name)s has been removed.") % {"name": goal})
        return redirect("plan_goals", programme_uuid=programme.uuid)
    return render(request, "plan/goal_delete.html", _context(programme, "goals", goal=goal))


# Sub-projects ---------------------------------------------------------------------------------


@login_required
def subproject_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    found = selectors.subprojects(programme)
    if (download := lists.asked(request, exports.SUBPROJECTS, found, programme=programme)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "plan/subproject_list.html",
        _context(
            programme,
            "subprojects",
            page=page,
            query="",
            can_manage=request.user.has_perm("plan.manage_plan", programme),
        ),
    )


def _subproject_form(request: HttpRequest, programme: Programme, **kwargs: Any) -> SubProjectForm:
    return SubProjectForm(
        request.POST or None,
        people=selectors.kwartiermaker_choices(programme),
        focus_areas=selectors.active_focus_areas(programme),
        goals=programme.goals.order_by("title"),
        areas=priority_area_choices(programme),
        partners=selectors.partner_choices(programme),
        **kwargs,
    )


def _to_subproject(subproject: SubProject, anchor: str = "") -> HttpResponse:
    url = reverse(
        "plan_subproject_detail",
        kwargs={"programme_uuid": subproject.programme.uuid, "subproject_uuid": subproject.uuid},
    )
    return redirect(f"{url}{anchor}")


def _integrality_rows(result: Any) -> dict[str, Any]:
    return {
        "result": result,
        "groups": [
            {"label": CoreGroup(g).label, "covered_by": result.covered_groups.get(g, ())}
            for g in CoreGroup.values
        ],
        "domains": [
            {"label": Domain(d).label, "covered_by": result.covered_domains.get(d, ())} for d in Domain.values
        ],
    }


@login_required
@cached_page
def subproject_detail(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(request, programme, subproject_uuid)
    can_change = request.user.has_perm("plan.change_subproject", subproject)
    allowed = SUBPROJECT_WORKFLOW.allowed(subproject.status)
    return render(
        request,
        "plan/subproject_detail.html",
        _context(
            programme,
            "subprojects",
            subproject=subproject,
            focus_areas=subproject.focus_areas.order_by("order", "name"),
            goals=subproject.goals.order_by("title"),
            areas=subproject.areas.order_by("code"),
            partners=subproject.partners.order_by("name"),
            budget=selectors.budget(subproject),
            milestones=selectors.milestones(subproject),
            interventions_used=subproject.interventions_used.select_related("intervention").order_by(
                "intervention__name"
            ),
            integrality=_integrality_rows(selectors.subproject_integrality(subproject)),
            min_groups=selectors.SUBPROJECT_MIN_GROUPS,
            min_domains=selectors.SUBPROJECT_MIN_DOMAINS,
            status_choices=[(value, SubProjectStatus(value).label) for value in allowed],
            can_change=can_change,
            can_manage=request.user.has_perm("plan.manage_plan", programme),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def subproject_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="plan.manage_plan")
    form = _subproject_form(request, programme)
    if request.method == "POST" and form.is_valid():
        try:
            subproject = services.subproject_create(actor=request.user, programme=programme, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": subproject})
            return _to_subproject(subproject)
    return render(request, "plan/subproject_form.html", _context(programme, "subprojects", form=form))


@login_required
@require_http_methods(["GET", "POST"])
def subproject_edit(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(request, programme, subproject_uuid, perm="plan.change_subproject")
    form = _subproject_form(
        request,
        programme,
        initial=initial_from(subproject, [*services.SUBPROJECT_FIELDS, *services.SUBPROJECT_RELATIONS]),
    )
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.subproject_update(
                actor=request.user,
                subproject=subproject,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, subproject)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_subproject(subproject)
    return render(
        request,
        "plan/subproject_form.html",
        _context(programme, "subprojects", form=form, subproject=subproject, saved_values=saved_values),
    )


@login_required
@require_http_methods(["GET", "POST"])
def subproject_delete(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="plan.manage_plan")
    subproject = selectors.get_subproject(request, programme, subproject_uuid)
    if request.method == "POST":
        services.subproject_delete(actor=request.user, subproject=subproject)
        messages.success(request, _("%(name)s has been removed.") % {"name": subproject})
        return redirect("plan_subprojects", programme_uuid=programme.uuid)
    return render(
        request, "plan/subproject_delete.html", _context(programme, "subprojects", subproject=subproject)
    )


@login_required
@require_POST
def subproject_status(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(request, programme, subproject_uuid, perm="plan.change_subproject")
    form = StatusForm(
        request.POST, choices=[(value, str(label)) for value, label in SubProjectStatus.choices]
    )
    if not form.is_valid():
        messages.error(request, _("Choose one of the statuses offered."))
        return _to_subproject(subproject, "#status")
    try:
        subproject = services.subproject_set_status(
            actor=request.user, subproject=subproject, status=form.cleaned_data["status"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The status is now “%(status)s”.") % {"status": subproject.get_status_display()}
        )
    return _to_subproject(subproject, "#status")


# Budget lines ---------------------------------------------------------------------------------


def _changeable(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str
) -> tuple[Programme, SubProject]:
    programme = _programme(request, programme_uuid)
    return programme, selectors.get_subproject(
        request, programme, subproject_uuid, perm="plan.change_subproject"
    )


def _overspent_warning(request: HttpRequest, line: Any) -> None:
    if line.spent > line.planned:
        messages.warning(
            request,
            _("“%(line)s” has spent € %(spent)s, more than the € %(planned)s planned.")
            % {"line": line.description, "spent": line.spent, "planned": line.planned},
        )


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_add(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme, subproject = _changeable(request, programme_uuid, subproject_uuid)
    form = BudgetLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.budget_line_add(actor=request.user, subproject=subproject, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The budget line has been added."))
            _overspent_warning(request, line)
            return _to_subproject(subproject, "#begroting")
    return render(
        request,
        "plan/budget_line_form.html",
        _context(programme, "subprojects", form=form, subproject=subproject),
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, line_id: int
) -> HttpResponse:
    programme, subproject = _changeable(request, programme_uuid, subproject_uuid)
    line = selectors.get_budget_line(subproject, line_id)
    form = BudgetLineForm(request.POST or None, initial=initial_from(line, list(services.BUDGET_FIELDS)))
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_update(actor=request.user, line=line, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            _overspent_warning(request, line)
            return _to_subproject(subproject, "#begroting")
    return render(
        request,
        "plan/budget_line_form.html",
        _context(programme, "subprojects", form=form, subproject=subproject, line=line),
    )


@login_required
@require_POST
def budget_line_remove(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, line_id: int
) -> HttpResponse:
    _programme_obj, subproject = _changeable(request, programme_uuid, subproject_uuid)
    line = selectors.get_budget_line(subproject, line_id)
    services.budget_line_remove(actor=request.user, line=line)
    messages.success(request, _("The budget line has been removed."))
    return _to_subproject(subproject, "#begroting")


# Timeline milestones --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme, subproject = _changeable(request, programme_uuid, subproject_uuid)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(actor=request.user, subproject=subproject, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The milestone has been added."))
            return _to_subproject(subproject, "#mijlpalen")
    return render(
        request,
        "plan/milestone_form.html",
        _context(programme, "subprojects", form=form, subproject=subproject),
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, milestone_uuid: str
) -> HttpResponse:
    programme, subproject = _changeable(request, programme_uuid, subproject_uuid)
    milestone = selectors.get_milestone(subproject, milestone_uuid)
    form = MilestoneForm(
        request.POST or None, initial=initial_from(milestone, list(services.MILESTONE_FIELDS))
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(actor=request.user, milestone=milestone, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_subproject(subproject, "#mijlpalen")
    return render(
        request,
        "plan/milestone_form.html",
        _context(programme, "subprojects", form=form, subproject=subproject, milestone=milestone),
    )


@login_required
@require_POST
def milestone_remove(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, milestone_uuid: str
) -> HttpResponse:
    _programme_obj, subproject = _changeable(request, programme_uuid, subproject_uuid)
    milestone = selectors.get_milestone(subproject, milestone_uuid)
    services.milestone_remove(actor=request.user, milestone=milestone)
    messages.success(request, _("The milestone has been removed."))
    return _to_subproject(subproject, "#mijlpalen")


# Timeline and golden thread -------------------------------------------------------------------


@login_required
def timeline(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    items = selectors.timeline(programme)
    return render(
        request,
        "plan/timeline.html",
        _context(
            programme,
            "timeline",
            items=items,
            undated=[s for s in items if not (s.start_date and s.end_date)],
            chart=charts.gantt(programme, items),
        ),
    )


@login_required
def golden_thread(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    return render(
        request,
        "plan/golden_thread.html",
        _context(programme, "golden_thread", thread=selectors.golden_thread(programme)),
    )


SUB = "deelprojecten/<uuid:subproject_uuid>/"

plan_patterns: list[URLPattern] = [
    path("", plan_overview, name="plan_overview"),
    path("focusgebieden/", focus_area_list, name="plan_focus_areas"),
    path("focusgebieden/nieuw/", focus_area_create, name="plan_focus_area_create"),
    path("focusgebieden/<uuid:area_uuid>/bewerken/", focus_area_edit, name="plan_focus_area_edit"),
    path("focusgebieden/<uuid:area_uuid>/aan-uit/", focus_area_toggle, name="plan_focus_area_toggle"),
    path("focusgebieden/<uuid:area_uuid>/verwijderen/", focus_area_delete, name="plan_focus_area_delete"),
    path("doelen/", goal_list, name="plan_goals"),
    path("doelen/nieuw/", goal_create, name="plan_goal_create"),
    path("doelen/<uuid:goal_uuid>/", goal_detail, name="plan_goal_detail"),
    path("doelen/<uuid:goal_uuid>/bewerken/", goal_edit, name="plan_goal_edit"),
    path("doelen/<uuid:goal_uuid>/verwijderen/", goal_delete, name="plan_goal_delete"),
    path("deelprojecten/", subproject_list, name="plan_subprojects"),
    path("deelprojecten/nieuw/", subproject_create, name="plan_subproject_create"),
    path(SUB, subproject_detail, name="plan_subproject_detail"),
    path(f"{SUB}bewerken/", subproject_edit, name="plan_subproject_edit"),
    path(f"{SUB}verwijderen/", subproject_delete, name="plan_subproject_delete"),
    path(f"{SUB}status/", subproject_status, name="plan_subproject_status"),
    path(f"{SUB}begroting/nieuw/", budget_line_add, name="plan_budget_line_add"),
    path(f"{SUB}begroting/<int:line_id>/", budget_line_edit, name="plan_budget_line_edit"),
    path(f"{SUB}begroting/<int:line_id>/verwijderen/", budget_line_remove, name="plan_budget_line_remove"),
    path(f"{SUB}mijlpalen/nieuw/", milestone_add, name="plan_milestone_add"),
    path(f"{SUB}mijlpalen/<uuid:milestone_uuid>/", milestone_edit, name="plan_milestone_edit"),
    path(
        f"{SUB}mijlpalen/<uuid:milestone_uuid>/verwijderen/", milestone_remove, name="plan_milestone_remove"
    ),
    path("tijdlijn/", timeline, name="plan_timeline"),
    path("rode-draad/", golden_thread, name="plan_golden_thread"),
]
