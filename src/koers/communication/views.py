"""Pages of the communication plan (step 5): the plan with its audiences and their moments, the
list of moments, a month calendar, and the forms to add, change, mark done and remove. Views are
thin: fetch through the selectors (another organisation's object is a 404, a missing right a
403), validate a form, call a service, redirect with a message."""

from __future__ import annotations

import calendar
import datetime
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
from django.views.decorators.http import require_http_methods

from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.teams.forms import initial_from
from koers.teams.views import _save_failed

from . import exports, selectors, services
from .forms import DoneForm, LineForm, MomentForm, MonthForm
from .models import CommunicationLine

VIEW = "communication.view_plan"
CHANGE = "communication.change_plan"


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = VIEW) -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "monitoring", **extra}


@login_required
def plan(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    today = timezone.localdate()
    found = list(selectors.lines(programme))
    if (download := lists.asked(request, exports.LINES, found, programme=programme)) is not None:
        return download
    overdue = sum(1 for line in found for moment in line.moments.all() if moment.is_overdue_on(today))
    return render(
        request,
        "communication/plan.html",
        _context(
            programme,
            lines=found,
            overdue=overdue,
            today=today,
            can_change=request.user.has_perm(CHANGE, programme),
        ),
    )


@login_required
def moment_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    today = timezone.localdate()
    overdue_only = request.GET.get("weergave") == "te-laat"
    found = selectors.moments(programme, overdue_on=today if overdue_only else None)
    if (download := lists.asked(request, exports.MOMENTS, found, programme=programme)) is not None:
        return download
    return render(
        request,
        "communication/moment_list.html",
        _context(
            programme,
            moments=found,
            overdue_only=overdue_only,
            today=today,
            can_change=request.user.has_perm(CHANGE, programme),
        ),
    )


def _month(request: HttpRequest) -> datetime.date:
    form = MonthForm(request.GET)
    if form.is_valid() and form.cleaned_data.get("maand"):
        year, month = form.cleaned_data["maand"].split("-")
        return datetime.date(int(year), int(month), 1)
    return timezone.localdate().replace(day=1)


@login_required
def moment_calendar(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    first = _month(request)
    by_day: dict[datetime.date, list[Any]] = {}
    for moment in selectors.moments_in_month(programme, first):
        by_day.setdefault(moment.planned_on, []).append(moment)
    weeks = [
        [(day, by_day.get(day, []), day.month == first.month) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    return render(
        request,
        "communication/calendar.html",
        _context(
            programme,
            first=first,
            weeks=weeks,
            previous=(first - datetime.timedelta(days=1)).replace(day=1),
            following=(first + datetime.timedelta(days=32)).replace(day=1),
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


def _to_plan(programme: Programme) -> HttpResponse:
    return redirect("communication_plan", programme_uuid=programme.uuid)


def _line_form(request: HttpRequest, programme: Programme, **kwargs: Any) -> LineForm:
    return LineForm(request.POST or None, owners=selectors.owner_choices(programme), **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def line_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, CHANGE)
    form = _line_form(request, programme)
    if request.method == "POST" and form.is_valid():
        try:
            line = services.line_create(actor=request.user, programme=programme, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": line.name})
            return _to_plan(programme)
    return render(request, "communication/line_form.html", _context(programme, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, programme_uuid: str, line_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, CHANGE)
    line = selectors.get_line(programme, line_uuid)
    form = _line_form(request, programme, initial=initial_from(line, list(services.LINE_FIELDS)))
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.line_update(
                actor=request.user,
                line=line,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, line)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_plan(programme)
    return render(
        request,
        "communication/line_form.html",
        _context(programme, form=form, line=line, saved_values=saved_values),
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_delete(request: HttpRequest, programme_uuid: str, line_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, CHANGE)
    line = selectors.get_line(programme, line_uuid)
    if request.method == "POST":
        services.line_delete(actor=request.user, line=line)
        messages.success(request, _("%(name)s has been removed.") % {"name": line.name})
        return _to_plan(programme)
    return render(
        request,
        "communication/line_delete.html",
        _context(programme, line=line, moment_count=line.moments.count()),
    )


def _moment_form(request: HttpRequest, programme: Programme, **kwargs: Any) -> MomentForm:
    return MomentForm(
        request.POST or None,
        lines=selectors.line_choices(programme),
        owners=selectors.owner_choices(programme),
        milestones=selectors.milestone_choices(programme),
        decisions=selectors.decision_choices(programme),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def moment_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, CHANGE)
    initial: dict[str, Any] = {}
    line_uuid = request.GET.get("doelgroep", "")
    if line_uuid:
        initial["audience"] = _line_or_none(programme, line_uuid)
    form = _moment_form(request, programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            moment = services.moment_create(actor=request.user, programme=programme, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": moment.title})
            return redirect("communication_moments", programme_uuid=programme.uuid)
    return render(request, "communication/moment_form.html", _context(programme, form=form))


def _line_or_none(programme: Programme, line_uuid: str) -> CommunicationLine | None:
    import uuid

    try:
        uuid.UUID(line_uuid)
    except ValueError:
        return None
    return selectors.line_choices(programme).filter(uuid=line_uuid).first()


@login_required
@require_http_methods(["GET", "POST"])
def moment_edit(request: HttpRequest, programme_uuid: str, moment_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    moment = selectors.get_moment(request, programme, moment_uuid, perm="communication.change_moment")
    form = _moment_form(request, programme, initial=initial_from(moment, list(services.MOMENT_FIELDS)))
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.moment_update(
                actor=request.user,
                moment=moment,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, moment)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("communication_moments", programme_uuid=programme.uuid)
    return render(
        request,
        "communication/moment_form.html",
        _context(programme, form=form, moment=moment, saved_values=saved_values),
    )


@login_required
@require_http_methods(["GET", "POST"])
def moment_done(request: HttpRequest, programme_uuid: str, moment_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    moment = selectors.get_moment(request, programme, moment_uuid, perm="communication.mark_moment_done")
    today = timezone.localdate()
    form = DoneForm(request.POST or None, initial={"done_on": moment.done_on or today})
    if request.method == "POST" and form.is_valid():
        try:
            services.moment_mark_done(
                actor=request.user, moment=moment, done_on=form.cleaned_data["done_on"], today=today
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s is marked as done.") % {"name": moment.title})
            return redirect("communication_moments", programme_uuid=programme.uuid)
    return render(
        request, "communication/moment_done.html", _context(programme, form=form, moment=moment, today=today)
    )


@login_required
@require_http_methods(["GET", "POST"])
def moment_delete(request: HttpRequest, programme_uuid: str, moment_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    moment = selectors.get_moment(request, programme, moment_uuid, perm="communication.change_moment")
    if request.method == "POST":
        services.moment_delete(actor=request.user, moment=moment)
        messages.success(request, _("%(name)s has been removed.") % {"name": moment.title})
        return redirect("communication_moments", programme_uuid=programme.uuid)
    return render(request, "communication/moment_delete.html", _context(programme, moment=moment))


urlpatterns: list[URLPattern] = [
    path("", plan, name="communication_plan"),
    path("doelgroepen/nieuw/", line_create, name="communication_line_create"),
    path("doelgroepen/<uuid:line_uuid>/bewerken/", line_edit, name="communication_line_edit"),
    path("doelgroepen/<uuid:line_uuid>/verwijderen/", line_delete, name="communication_line_delete"),
    path("momenten/", moment_list, name="communication_moments"),
    path("momenten/kalender/", moment_calendar, name="communication_calendar"),
    path("momenten/nieuw/", moment_create, name="communication_moment_create"),
    path("momenten/<uuid:moment_uuid>/bewerken/", moment_edit, name="communication_moment_edit"),
    path("momenten/<uuid:moment_uuid>/gedaan/", moment_done, name="communication_moment_done"),
    path("momenten/<uuid:moment_uuid>/verwijderen/", moment_delete, name="communication_moment_delete"),
]
