"""Pages of step 5's meetings: the meetings of a programme per body, a meeting with its agenda,
Koers's suggestions, attendance, minutes and decisions, the forms to prepare and minute it, the
decision list and a decision with the actions it led to. Views are thin: fetch through the
selectors (another organisation's object is a 404, a missing right a 403), validate a form, call
a service, redirect with a message."""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.actions import selectors as action_selectors
from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.reports.downloads import private_download
from koers.teams.forms import initial_from
from koers.teams.views import _save_failed
from koers.ui.pagecache import cached_page

from . import documents, exports, selectors, services
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    DecisionActionsForm,
    DecisionForm,
    DocumentForm,
    FilterForm,
    MeetingForm,
    MinutesForm,
)
from .models import AgendaItem, Decision, Meeting
from .reference import AGENDA_EDITABLE, MEETING_WORKFLOW, MINUTES_EDITABLE, MeetingStatus
from .suggestions import suggestions

PAGE_SIZE = 20
UPCOMING_SHOWN = 10


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = "meetings.view_meetings") -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "monitoring", **extra}


def _to_meeting(meeting: Meeting, anchor: str = "") -> HttpResponse:
    response = redirect("meeting_detail", programme_uuid=meeting.programme.uuid, meeting_uuid=meeting.uuid)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _body_filter(request: HttpRequest, programme: Programme) -> Any:
    form = FilterForm(request.GET)
    if form.is_valid() and form.cleaned_data.get("orgaan"):
        body = programme.bodies.filter(uuid=form.cleaned_data["orgaan"]).first()
        if body is None:
            raise Http404("body")
        return body
    return None


# Meetings --------------------------------------------------------------------------------------


@login_required
@cached_page
def meeting_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    body = _body_filter(request, programme)
    upcoming_only = lists.requested_list(request) == "gepland"
    title = _("Upcoming meetings") if upcoming_only else _("Past meetings")
    found = selectors.meetings(programme, body=body, upcoming=upcoming_only)
    download = lists.asked(request, exports.MEETINGS, found, title=f"{title} {programme.name}")
    if download is not None:
        return download
    upcoming = list(selectors.meetings(programme, body=body, upcoming=True)[: UPCOMING_SHOWN + 1])
    past = Paginator(selectors.meetings(programme, body=body, upcoming=False), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "meetings/meeting_list.html",
        _context(
            programme,
            bodies=list(selectors.bodies(programme)),
            body=body,
            upcoming=upcoming[:UPCOMING_SHOWN],
            more_upcoming=len(upcoming) > UPCOMING_SHOWN,
            page=past,
            query=f"orgaan={body.uuid}" if body else "",
            can_add=request.user.has_perm("meetings.add_meeting", programme),
        ),
    )


def _meeting_form(request: HttpRequest, programme: Programme, **kwargs: Any) -> MeetingForm:
    return MeetingForm(
        request.POST or None,
        bodies=selectors.keepable_bodies(programme, request.user),
        people=selectors.people(programme),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="meetings.add_meeting")
    initial: dict[str, Any] = {}
    body = _body_filter(request, programme)
    if body is not None:
        initial["body"] = body
    form = _meeting_form(request, programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        participants = form.cleaned_data.get("participants")
        try:
            meeting = services.meeting_create(
                actor=request.user,
                programme=programme,
                participants=list(participants) if participants else None,
                **form.values(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The meeting has been planned. Now prepare its agenda."))
            return _to_meeting(meeting)
    return render(request, "meetings/meeting_form.html", _context(programme, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, programme_uuid: str, meeting_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    meeting = selectors.get_meeting(request, programme, meeting_uuid, perm="meetings.change_meeting")
    initial = initial_from(meeting, ["body", "title", "starts_at", "ends_at", "location", "online_link"])
    initial["starts_at"] = timezone.localtime(meeting.starts_at)
    if meeting.ends_at:
        initial["ends_at"] = timezone.localtime(meeting.ends_at)
    initial["participants"] = [row.person for row in meeting.attendance.all()]
    form = _meeting_form(request, programme, initial=initial)
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user,
                meeting=meeting,
                expected_version=form.cleaned_data.get("version"),
                participants=list(form.cleaned_data.get("participants") or []),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, meeting)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_meeting(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        _context(programme, form=form, meeting=meeting, saved_values=saved_values),
    )


def _status_buttons(request: HttpRequest, meeting: Meeting) -> list[tuple[str, str]]:
    may_change = request.user.has_perm("meetings.change_meeting", meeting)
    may_approve = request.user.has_perm("meetings.approve_minutes", meeting)
    labels = {
        MeetingStatus.CONCEPT: _("Back to concept (the agenda can change)"),
        MeetingStatus.AGENDA_SENT: _("Send the agenda to the participants"),
        MeetingStatus.HELD: _("Mark the meeting as held"),
        MeetingStatus.MINUTES_CONCEPT: _("Set the minutes to concept"),
        MeetingStatus.MINUTES_APPROVED: _("Approve the minutes"),
    }
    if meeting.status == MeetingStatus.MINUTES_CONCEPT:
        labels[MeetingStatus.HELD] = _("Reopen the minutes")
    buttons = []
    for status in MEETING_WORKFLOW.allowed(meeting.status):
        allowed = may_approve if status == MeetingStatus.MINUTES_APPROVED else may_change
        if allowed:
            buttons.append((status, labels[MeetingStatus(status)]))
    return buttons


@login_required
def meeting_detail(request: HttpRequest, programme_uuid: str, meeting_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    meeting = selectors.get_meeting(request, programme, meeting_uuid)
    can_change = request.user.has_perm("meetings.change_meeting", meeting)
    agenda_open = meeting.status in AGENDA_EDITABLE
    items = list(meeting.agenda_items.all())
    return render(
        request,
        "meetings/meeting_detail.html",
        _context(
            programme,
            meeting=meeting,
            items=items,
            attendance=list(meeting.attendance.all()),
            decisions=list(meeting.decisions.all()),
            suggestions=suggestions(meeting, timezone.localdate()) if can_change and agenda_open else [],
            can_change=can_change,
            agenda_open=agenda_open and can_change,
            minutes_open=meeting.status in MINUTES_EDITABLE and can_change,
            status_buttons=_status_buttons(request, meeting),
            workflow=[(s.value, s.label) for s in MeetingStatus],
        ),
    )


@login_required
@require_POST
def meeting_status(request: HttpRequest, programme_uuid: str, meeting_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    meeting = selectors.get_meeting(request, programme, meeting_uuid)
    status = request.POST.get("status", "")
    perm = (
        "meetings.approve_minutes" if status == MeetingStatus.MINUTES_APPROVED else "meetings.change_meeting"
    )
    if not request.user.has_perm(perm, meeting):
        raise PermissionDenied(perm)
    version = request.POST.get("version", "")
    try:
        services.meeting_change_status(
            actor=request.user,
            meeting=meeting,
            status=status,
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        done: dict[str, str] = {
            MeetingStatus.AGENDA_SENT: _(
                "The agenda has been sent to the participants, with a calendar invitation."
            ),
            MeetingStatus.MINUTES_APPROVED: _("The minutes are approved. They can no longer be changed."),
        }
        messages.success(
            request,
            done.get(
                status, _("The meeting is now “%(status)s”.") % {"status": meeting.get_status_display()}
            ),
        )
    return _to_meeting(meeting)


# The agenda ------------------------------------------------------------------------------------


def _editable_meeting(
    request: HttpRequest, programme_uuid: str, meeting_uuid: str
) -> tuple[Programme, Meeting]:
    programme = _programme(request, programme_uuid)
    meeting = selectors.get_meeting(request, programme, meeting_uuid, perm="meetings.change_meeting")
    return programme, meeting


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_create(request: HttpRequest, programme_uuid: str, meeting_uuid: str) -> HttpResponse:
    programme, meeting = _editable_meeting(request, programme_uuid, meeting_uuid)
    form = AgendaItemForm(request.POST or None, people=selectors.people(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, meeting=meeting, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The item has been added to the agenda."))
            return _to_meeting(meeting, "agenda")
    return render(
        request,
        "meetings/item_form.html",
        _context(programme, meeting=meeting, form=form, closed=meeting.status not in AGENDA_EDITABLE),
    )


@login_required
@require_POST
def agenda_suggestion_add(request: HttpRequest, programme_uuid: str, meeting_uuid: str) -> HttpResponse:
    _programme_obj, meeting = _editable_meeting(request, programme_uuid, meeting_uuid)
    try:
        item = services.agenda_suggestion_add(
            actor=request.user, meeting=meeting, key=request.POST.get("key", "")
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("“%(title)s” is now on the agenda.") % {"title": item.title})
    return _to_meeting(meeting, "agenda")


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(
    request: HttpRequest, programme_uuid: str, meeting_uuid: str, item_uuid: str
) -> HttpResponse:
    programme, meeting = _editable_meeting(request, programme_uuid, meeting_uuid)
    item = selectors.get_item(meeting, item_uuid)
    form = AgendaItemForm(
        request.POST or None,
        people=selectors.people(programme),
        initial=initial_from(item, ["title", "description", "presenter", "minutes_allotted"]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(actor=request.user, item=item, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_meeting(meeting, "agenda")
    return render(
        request,
        "meetings/item_form.html",
        _context(
            programme, meeting=meeting, item=item, form=form, closed=meeting.status not in AGENDA_EDITABLE
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_delete(
    request: HttpRequest, programme_uuid: str, meeting_uuid: str, item_uuid: str
) -> HttpResponse:
    programme, meeting = _editable_meeting(request, programme_uuid, meeting_uuid)
    item = selectors.get_item(meeting, item_uuid)
    if request.method == "POST":
        try:
            services.agenda_item_remove(actor=request.user, item=item)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(
                request, _("“%(title)s” has been removed from the agenda.") % {"title": item.title}
            )
        return _to_meeting(meeting, "agenda")
    return render(request, "meetings/item_delete.html", _context(programme, meeting=meeting, item=item))


@login_required
@require_POST
def agenda_item_move(
    request: HttpRequest, programme_uuid: str, meeting_uuid: str, item_uuid: str
) -> HttpResponse:
    _programme_obj, meeting = _editable_meeting(request, programme_uuid, meeting_uuid)
    item = selectors.get_item(meeting, item_uuid)
    try:
        services.agenda_item_move(actor=request.user, item=item, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        _refused(request, error)
    return _to_meeting(meeting, "agenda")


@login_required
@require_http_methods(["GET", "POST"])
def agenda_document_add(
    request: HttpRequest, programme_uuid: str, meeting_uuid: str, item_uuid: str
) -> HttpResponse:
    programme, meeting = _editable_meeting(request, programme_uuid, meeting_uuid)
    item = selectors.get_item(meeting, item_uuid)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_document_add(
                actor=request.user,
                item=item,
                title=form.cleaned_data["title"],
                file=form.cleaned_data.get("file"),
                url=form.cleaned_data.get("url") or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The document has been added to “%(title)s”.") % {"title": item.title}
            )
            return _to_meeting(meeting, "agenda")
    return render(
        request,
        "meetings/document_form.html",
        _context(programme, meeting=meeting, item=item, form=form, closed=meeting.minutes_approved),
    )


@login_required
def agenda_document_download(request: HttpRequest, programme_uuid: str, document_uuid: str) -> FileResponse:
    """An uploaded document, only for people who may read the programme's meetings; never served
    from MEDIA."""
    programme = _programme(request, programme_uuid)
    document = selectors.get_document(programme, document_uuid)
    if not document.file:
        raise Http404("document")
    extension = (document.file.name or "").rsplit(".", 1)[-1]
    return private_download(document.file, name=document.title, extension=extension)


@login_required
@require_POST
def agenda_document_remove(request: HttpRequest, programme_uuid: str, document_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    document = selectors.get_document(programme, document_uuid)
    meeting = document.item.meeting
    if not request.user.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied("meetings.change_meeting")
    try:
        services.agenda_document_remove(actor=request.user, document=document)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The document has been removed."))
    return _to_meeting(meeting, "agenda")


# Attendance and minutes ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, programme_uuid: str, meeting_uuid: str) -> HttpResponse:
    programme, meeting = _editable_meeting(request, programme_uuid, meeting_uuid)
    form = AttendanceForm(request.POST or None, attendance=list(meeting.attendance.all()))
    closed = meeting.status not in MINUTES_EDITABLE
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, meeting=meeting, statuses=form.statuses())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The attendance has been saved."))
            return _to_meeting(meeting, "aanwezigheid")
    return render(
        request, "meetings/attendance.html", _context(programme, meeting=meeting, form=form, closed=closed)
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, programme_uuid: str, meeting_uuid: str) -> HttpResponse:
    programme, meeting = _editable_meeting(request, programme_uuid, meeting_uuid)
    form = MinutesForm(
        request.POST or None,
        items=list(meeting.agenda_items.all()),
        initial={"general_notes": meeting.general_notes, "version": meeting.version},
    )
    closed = meeting.status not in MINUTES_EDITABLE
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                actor=request.user,
                meeting=meeting,
                expected_version=form.cleaned_data.get("version"),
                general_notes=form.cleaned_data.get("general_notes", ""),
                items=form.per_item(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, meeting)
        else:
            messages.success(request, _("The minutes have been saved."))
            return _to_meeting(meeting, "verslag")
    return render(
        request,
        "meetings/minutes.html",
        _context(programme, meeting=meeting, form=form, closed=closed, saved_values=saved_values),
    )


@login_required
def meeting_minutes_download(
    request: HttpRequest, programme_uuid: str, meeting_uuid: str, fmt: str
) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    meeting = selectors.get_meeting(request, programme, meeting_uuid)
    if fmt not in ("pdf", "odt"):
        raise Http404("format")
    started = time.perf_counter()
    response = documents.response(meeting, fmt)
    response["X-Koers-Render-Ms"] = str(int((time.perf_counter() - started) * 1000))
    return response


# Decisions -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, programme_uuid: str, meeting_uuid: str) -> HttpResponse:
    programme, meeting = _editable_meeting(request, programme_uuid, meeting_uuid)
    items = AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk")
    initial: dict[str, Any] = {}
    if request.GET.get("punt"):
        initial["agenda_item"] = (
            items.filter(uuid=request.GET["punt"]).first() if _is_uuid(request.GET["punt"]) else None
        )
    form = DecisionForm(
        request.POST or None,
        items=items,
        subprojects=programme.subprojects.order_by("name", "pk"),
        initial=initial,
    )
    closed = meeting.status not in MINUTES_EDITABLE
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                actor=request.user,
                meeting=meeting,
                agenda_item=form.cleaned_data.get("agenda_item"),
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                subprojects=form.cleaned_data.get("subprojects") or [],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Decision %(number)s of %(body)s has been recorded.")
                % {"number": decision.number, "body": meeting.body.name},
            )
            return redirect("decision_detail", programme_uuid=programme.uuid, decision_uuid=decision.uuid)
    return render(
        request, "meetings/decision_form.html", _context(programme, meeting=meeting, form=form, closed=closed)
    )


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@login_required
def decision_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    body = _body_filter(request, programme)
    found = selectors.decisions(programme, body=body)
    if (download := lists.asked(request, exports.DECISIONS, found, programme=programme)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "meetings/decision_list.html",
        _context(
            programme,
            bodies=list(selectors.bodies(programme)),
            body=body,
            page=page,
            query=f"orgaan={body.uuid}" if body else "",
        ),
    )


def _decision_changeable(request: HttpRequest, decision: Decision) -> bool:
    return decision.meeting is not None and request.user.has_perm("meetings.change_meeting", decision.meeting)


@login_required
def decision_detail(request: HttpRequest, programme_uuid: str, decision_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    decision = selectors.get_decision(programme, decision_uuid)
    may = _decision_changeable(request, decision)
    meeting = decision.meeting
    return render(
        request,
        "meetings/decision_detail.html",
        _context(
            programme,
            decision=decision,
            actions=list(decision.actions.all()),
            today=timezone.localdate(),
            can_change=may and meeting is not None and meeting.status in MINUTES_EDITABLE,
            can_add_actions=may
            and meeting is not None
            and not meeting.minutes_approved
            and decision.status == "genomen",
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, programme_uuid: str, decision_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    decision = selectors.get_decision(programme, decision_uuid)
    if not _decision_changeable(request, decision):
        raise PermissionDenied("meetings.change_meeting")
    form = DecisionForm(
        request.POST or None,
        items=None,
        subprojects=programme.subprojects.order_by("name", "pk"),
        initial=initial_from(decision, ["text", "status", "subprojects"]),
    )
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                actor=request.user,
                decision=decision,
                expected_version=form.cleaned_data.get("version"),
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                subprojects=list(form.cleaned_data.get("subprojects") or []),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, decision)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("decision_detail", programme_uuid=programme.uuid, decision_uuid=decision.uuid)
    assert decision.meeting is not None
    return render(
        request,
        "meetings/decision_form.html",
        _context(
            programme,
            meeting=decision.meeting,
            decision=decision,
            form=form,
            closed=decision.meeting.status not in MINUTES_EDITABLE,
            saved_values=saved_values,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_actions(request: HttpRequest, programme_uuid: str, decision_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    decision = selectors.get_decision(programme, decision_uuid)
    if not _decision_changeable(request, decision):
        raise PermissionDenied("meetings.change_meeting")
    form = DecisionActionsForm(
        request.POST or None,
        people=selectors.people(programme),
        organisations=action_selectors.organisation_choices(programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.actions_from_decision(
                actor=request.user, decision=decision, actions=form.actions()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(n)d action(s) made from decision %(number)s; the owners have been told.")
                % {"n": len(created), "number": decision.number},
            )
            return redirect("decision_detail", programme_uuid=programme.uuid, decision_uuid=decision.uuid)
    assert decision.meeting is not None
    closed = decision.meeting.minutes_approved or decision.status != "genomen"
    return render(
        request,
        "meetings/decision_actions.html",
        _context(programme, decision=decision, form=form, closed=closed),
    )


meeting_patterns: list[URLPattern] = [
    path("", meeting_list, name="meetings"),
    path("nieuw/", meeting_create, name="meeting_create"),
    path("besluiten/", decision_list, name="decisions"),
    path("besluiten/<uuid:decision_uuid>/", decision_detail, name="decision_detail"),
    path("besluiten/<uuid:decision_uuid>/bewerken/", decision_edit, name="decision_edit"),
    path("besluiten/<uuid:decision_uuid>/acties/", decision_actions, name="decision_actions"),
    path("documenten/<uuid:document_uuid>/", agenda_document_download, name="agenda_document_download"),
    path(
        "documenten/<uuid:document_uuid>/verwijderen/", agenda_document_remove, name="agenda_document_remove"
    ),
    path("<uuid:meeting_uuid>/", meeting_detail, name="meeting_detail"),
    path("<uuid:meeting_uuid>/bewerken/", meeting_edit, name="meeting_edit"),
    path("<uuid:meeting_uuid>/status/", meeting_status, name="meeting_status"),
    path("<uuid:meeting_uuid>/agenda/nieuw/", agenda_item_create, name="agenda_item_create"),
    path("<uuid:meeting_uuid>/agenda/voorstel/", agenda_suggestion_add, name="agenda_suggestion_add"),
    path("<uuid:meeting_uuid>/agenda/<uuid:item_uuid>/", agenda_item_edit, name="agenda_item_edit"),
    path(
        "<uuid:meeting_uuid>/agenda/<uuid:item_uuid>/verwijderen/",
        agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        "<uuid:meeting_uuid>/agenda/<uuid:item_uuid>/verplaatsen/", agenda_item_move, name="agenda_item_move"
    ),
    path(
        "<uuid:meeting_uuid>/agenda/<uuid:item_uuid>/documenten/nieuw/",
        agenda_document_add,
        name="agenda_document_add",
    ),
    path("<uuid:meeting_uuid>/aanwezigheid/", meeting_attendance, name="meeting_attendance"),
    path("<uuid:meeting_uuid>/verslag/", meeting_minutes, name="meeting_minutes"),
    path("<uuid:meeting_uuid>/verslag/<str:fmt>/", meeting_minutes_download, name="meeting_minutes_download"),
    path("<uuid:meeting_uuid>/besluiten/nieuw/", decision_create, name="decision_create"),
]
