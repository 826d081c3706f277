"""Reading the meetings: a programme's meetings (per body, upcoming or past), one meeting with
everything its page shows, its decisions and documents, all scoped to the programme: another
programme's object is a 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from koers.actions.models import Action
from koers.programmes.models import Programme
from koers.teams.models import Body, Person

from .models import AgendaDocument, AgendaItem, Attendance, Decision, Meeting


def bodies(programme: Programme) -> QuerySet[Body]:
    return programme.bodies.order_by("kind", "name", "pk")


def meetings(
    programme: Programme, *, body: Body | None = None, upcoming: bool | None = None
) -> QuerySet[Meeting]:
    result = (
        Meeting.objects.filter(programme=programme)
        .select_related("body")
        .annotate(
            item_count=Count("agenda_items", distinct=True), decision_count=Count("decisions", distinct=True)
        )
    )
    if body is not None:
        result = result.filter(body=body)
    now = timezone.now()
    if upcoming is True:
        result = result.filter(starts_at__gte=now).order_by("starts_at", "pk")
    elif upcoming is False:
        result = result.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    return result


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related("owner", "organisation").order_by("due_date", "title", "pk")


def get_meeting(
    request: HttpRequest, programme: Programme, meeting_uuid: Any, *, perm: str | None = None
) -> Meeting:
    """The programme's meeting, with its agenda, documents, attendance, decisions and their
    actions, if the user has ``perm`` on it."""
    decisions = (
        Decision.objects.select_related("agenda_item")
        .prefetch_related("subprojects", Prefetch("actions", queryset=_actions()))
        .order_by("number")
    )
    meeting = (
        Meeting.objects.filter(programme=programme, uuid=meeting_uuid)
        .select_related(
            "programme__organisation",
            "body__chair",
            "body__secretary",
            "updated_by",
            "minutes_approved_by",
        )
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("presenter").prefetch_related(
                    Prefetch("documents", queryset=AgendaDocument.objects.order_by("title", "pk")),
                    Prefetch("decisions", queryset=decisions),
                ),
            ),
            Prefetch("attendance", queryset=Attendance.objects.select_related("person__partner")),
            Prefetch("decisions", queryset=decisions),
        )
        .first()
    )
    if meeting is None:
        raise Http404("meeting")
    if perm and not request.user.has_perm(perm, meeting):
        raise PermissionDenied(perm)
    return meeting


def get_item(meeting: Meeting, item_uuid: Any) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, uuid=item_uuid).select_related("meeting").first()
    if item is None:
        raise Http404("agenda item")
    item.meeting = meeting
    return item


def get_document(programme: Programme, document_uuid: Any) -> AgendaDocument:
    document = (
        AgendaDocument.objects.filter(item__meeting__programme=programme, uuid=document_uuid)
        .select_related("item__meeting__body", "item__meeting__programme")
        .first()
    )
    if document is None:
        raise Http404("document")
    return document


def decisions(programme: Programme, *, body: Body | None = None) -> QuerySet[Decision]:
    result = (
        Decision.objects.filter(programme=programme)
        .select_related("body", "meeting")
        .annotate(action_count=Count("actions", distinct=True))
        .order_by("-decided_on", "-number", "pk")
    )
    if body is not None:
        result = result.filter(body=body)
    return result


def get_decision(programme: Programme, decision_uuid: Any) -> Decision:
    decision = (
        Decision.objects.filter(programme=programme, uuid=decision_uuid)
        .select_related("body__chair", "body__secretary", "meeting__body", "agenda_item", "updated_by")
        .prefetch_related("subprojects", Prefetch("actions", queryset=_actions()))
        .first()
    )
    if decision is None:
        raise Http404("decision")
    return decision


def people(programme: Programme) -> QuerySet[Person]:
    return (
        programme.people.filter(removed_at__isnull=True).select_related("partner").order_by("full_name", "pk")
    )


def keepable_bodies(programme: Programme, user: Any) -> list[Body]:
    """The bodies whose meetings ``user`` may plan."""
    from .permissions import keeps_body

    return [body for body in bodies(programme).select_related("chair", "secretary") if keeps_body(user, body)]
