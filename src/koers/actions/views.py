"""Pages of step 4's actions: the landing page with the milestones, the lists (all, mine,
overdue, per sub-project, per organisation), a month calendar and the forms to add, change,
complete and remove an action. Views are thin: fetch through the selectors (another
organisation's object is a 404, a missing right a 403), validate a form, call a service, redirect
with a message."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme, ProgrammeRole
from koers.programmes.navigator import evaluate
from koers.programmes.permissions import programme_role
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.teams.forms import initial_from
from koers.teams.views import _save_failed
from koers.ui.pagecache import cached_page

from . import exports, selectors, services
from .forms import ActionForm, MonthForm, StatusForm
from .models import Action
from .reference import ACTION_WORKFLOW, ActionStatus

PAGE_SIZE = 25
STEP = 4


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = "actions.view_actions") -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "agreements", **extra}


def _to_detail(action: Action) -> HttpResponse:
    return redirect("action_detail", programme_uuid=action.programme.uuid, action_uuid=action.uuid)


@login_required
@cached_page
def overview(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    step = evaluate(programme, step=STEP).steps[STEP - 1]
    person = selectors.person_of(programme, request.user)
    return render(
        request,
        "actions/overview.html",
        _context(
            programme,
            step=step,
            next_missing=step.next_missing,
            person=person,
            subprojects=selectors.subproject_choices(programme),
            can_add=request.user.has_perm("actions.add_action", programme),
        ),
    )


def _render_list(
    request: HttpRequest,
    programme: Programme,
    found: QuerySet[Action],
    *,
    heading: str,
    intro: str,
    list_url: str,
    **extra: Any,
) -> HttpResponseBase:
    def page() -> HttpResponse:
        return render(
            request,
            "actions/action_list.html",
            _context(
                programme,
                page=Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina")),
                heading=heading,
                intro=intro,
                list_url=list_url,
                today=timezone.localdate(),
                can_add=request.user.has_perm("actions.add_action", programme),
                **extra,
            ),
        )

    return lists.list_response(
        request, exports.ACTIONS, found, page, title=f"{heading} {programme.name}", programme=programme
    )


@login_required
@cached_page
def action_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    return _render_list(
        request,
        programme,
        selectors.actions(programme),
        heading=_("All actions"),
        intro=_("Every action of the programme, the first due date first."),
        list_url="actions",
    )


@login_required
def my_actions(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    person = selectors.person_of(programme, request.user)
    found = selectors.actions(programme, owner=person) if person is not None else Action.objects.none()
    return _render_list(
        request,
        programme,
        found,
        heading=_("My actions"),
        intro=_("The actions you own in this programme."),
        list_url="actions_mine",
        no_person=person is None,
    )


@login_required
def overdue_actions(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    return _render_list(
        request,
        programme,
        selectors.actions(programme, overdue_on=timezone.localdate()),
        heading=_("Overdue actions"),
        intro=_("Open actions whose due date has passed."),
        list_url="actions_overdue",
    )


@login_required
def subproject_actions(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    return _render_list(
        request,
        programme,
        selectors.actions(programme, subproject=subproject),
        heading=_("Actions of %(name)s") % {"name": subproject.name},
        intro=_("The actions of this sub-project."),
        list_url="",
        subproject=subproject,
    )


@login_required
def organisation_actions(
    request: HttpRequest, programme_uuid: str, organisation_uuid: str
) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    partner = selectors.get_organisation(programme, organisation_uuid)
    return _render_list(
        request,
        programme,
        selectors.actions(programme, organisation=partner),
        heading=_("Actions of %(name)s") % {"name": partner.name},
        intro=_("The actions this organisation is responsible for."),
        list_url="",
    )


def _month(request: HttpRequest) -> datetime.date:
    form = MonthForm(request.GET)
    if form.is_valid() and form.cleaned_data.get("maand"):
        year, month = form.cleaned_data["maand"].split("-")
        return datetime.date(int(year), int(month), 1)
    return timezone.localdate().replace(day=1)


@login_required
def action_calendar(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    first = _month(request)
    by_day: dict[datetime.date, list[Action]] = {}
    for action in selectors.actions_in_month(programme, first):
        assert action.due_date is not None
        by_day.setdefault(action.due_date, []).append(action)
    weeks = [
        [(day, by_day.get(day, []), day.month == first.month) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "actions/calendar.html",
        _context(
            programme,
            first=first,
            weeks=weeks,
            previous=previous,
            following=following,
            today=timezone.localdate(),
            weekdays=[
                _("Monday"),
                _("Tuesday"),
                _("Wednesday"),
                _("Thursday"),
                _("Friday"),
                _("Saturday"),
                _("Sunday"),
            ],
        ),
    )


@login_required
def action_detail(request: HttpRequest, programme_uuid: str, action_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    action = selectors.get_action(request, programme, action_uuid)
    may_status = request.user.has_perm("actions.change_action_status", action)
    return render(
        request,
        "actions/action_detail.html",
        _context(
            programme,
            action=action,
            today=timezone.localdate(),
            next_statuses=[ActionStatus(s) for s in ACTION_WORKFLOW.allowed(action.status)]
            if may_status
            else [],
            can_change=request.user.has_perm("actions.change_action", action),
            can_delete=request.user.has_perm("actions.delete_action", action),
        ),
    )


def _form(request: HttpRequest, programme: Programme, **kwargs: Any) -> ActionForm:
    led_by = request.user if programme_role(request.user, programme) == ProgrammeRole.KWARTIERMAKER else None
    return ActionForm(
        request.POST or None,
        subprojects=selectors.subproject_choices(programme, led_by=led_by),
        owners=selectors.owner_choices(programme),
        organisations=selectors.organisation_choices(programme),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="actions.add_action")
    initial: dict[str, Any] = {}
    subproject_uuid = request.GET.get("deelproject")
    if subproject_uuid:
        initial["subproject"] = (
            programme.subprojects.filter(uuid=subproject_uuid).first() if _is_uuid(subproject_uuid) else None
        )
    form = _form(request, programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(actor=request.user, programme=programme, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": action})
            return _to_detail(action)
    return render(request, "actions/action_form.html", _context(programme, form=form))


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, programme_uuid: str, action_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    action = selectors.get_action(request, programme, action_uuid, perm="actions.change_action")
    form = _form(request, programme, initial=initial_from(action, list(services.ACTION_FIELDS)))
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                actor=request.user,
                action=action,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, action)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_detail(action)
    return render(
        request,
        "actions/action_form.html",
        _context(programme, form=form, action=action, saved_values=saved_values),
    )


@login_required
@require_POST
def action_status(request: HttpRequest, programme_uuid: str, action_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    action = selectors.get_action(request, programme, action_uuid, perm="actions.change_action_status")
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose open, in progress, done or cancelled."))
        return _to_detail(action)
    try:
        services.action_set_status(actor=request.user, action=action, status=form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The action is now “%(status)s”.") % {"status": action.get_status_display()}
        )
    return _to_detail(action)


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, programme_uuid: str, action_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    action = selectors.get_action(request, programme, action_uuid, perm="actions.delete_action")
    if request.method == "POST":
        services.action_delete(actor=request.user, action=action)
        messages.success(request, _("%(name)s has been removed.") % {"name": action})
        return redirect("actions", programme_uuid=programme.uuid)
    return render(request, "actions/action_delete.html", _context(programme, action=action))


action_patterns: list[URLPattern] = [
    path("", overview, name="actions_overview"),
    path("lijst/", action_list, name="actions"),
    path("mijn/", my_actions, name="actions_mine"),
    path("te-laat/", overdue_actions, name="actions_overdue"),
    path("kalender/", action_calendar, name="actions_calendar"),
    path("deelproject/<uuid:subproject_uuid>/", subproject_actions, name="actions_subproject"),
    path("organisatie/<uuid:organisation_uuid>/", organisation_actions, name="actions_organisation"),
    path("nieuw/", action_create, name="action_create"),
    path("<uuid:action_uuid>/", action_detail, name="action_detail"),
    path("<uuid:action_uuid>/bewerken/", action_edit, name="action_edit"),
    path("<uuid:action_uuid>/status/", action_status, name="action_status"),
    path("<uuid:action_uuid>/verwijderen/", action_delete, name="action_delete"),
]
