"""Reading the communication plan: a programme's audiences with their moments, the moments of a
month, the overdue moments (for the dashboard), one audience or moment, and the choices a moment
can link to."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest

from koers.meetings.models import Decision
from koers.plan.models import SubProjectMilestone
from koers.programmes.models import Programme
from koers.teams.models import Person

from .models import CommunicationLine, CommunicationMoment


def _moments(programme: Programme) -> QuerySet[CommunicationMoment]:
    return CommunicationMoment.objects.filter(programme=programme).select_related(
        "audience", "owner", "milestone", "milestone__subproject", "decision", "decision__body"
    )


def lines(programme: Programme) -> QuerySet[CommunicationLine]:
    """The audiences, each with its moments (first planned first), in two queries."""
    return (
        CommunicationLine.objects.filter(programme=programme)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "moments",
                queryset=CommunicationMoment.objects.select_related(
                    "owner", "milestone", "milestone__subproject", "decision", "decision__body"
                ).order_by("planned_on", "title", "pk"),
            )
        )
        .order_by("audience", "audience_name", "pk")
    )


def moments(
    programme: Programme,
    *,
    line: CommunicationLine | None = None,
    overdue_on: datetime.date | None = None,
    open_only: bool = False,
) -> QuerySet[CommunicationMoment]:
    result = _moments(programme)
    if line is not None:
        result = result.filter(audience=line)
    if overdue_on is not None:
        result = result.filter(done_on__isnull=True, planned_on__lt=overdue_on)
    if open_only:
        result = result.filter(done_on__isnull=True)
    return result.order_by("planned_on", "title", "pk")


def overdue_moments(programme: Programme, today: datetime.date) -> QuerySet[CommunicationMoment]:
    """Moments planned before ``today`` that are not done: the dashboard shows them."""
    return moments(programme, overdue_on=today)


def moments_in_month(programme: Programme, first: datetime.date) -> QuerySet[CommunicationMoment]:
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return (
        _moments(programme)
        .filter(planned_on__gte=first, planned_on__lt=following)
        .order_by("planned_on", "title", "pk")
    )


def get_line(programme: Programme, line_uuid: Any) -> CommunicationLine:
    line = (
        CommunicationLine.objects.filter(programme=programme, uuid=line_uuid)
        .select_related("owner", "programme__organisation")
        .first()
    )
    if line is None:
        raise Http404("communication line")
    return line


def get_moment(
    request: HttpRequest, programme: Programme, moment_uuid: Any, *, perm: str | None = None
) -> CommunicationMoment:
    """The programme's moment (another programme's is a 404), if the user has ``perm`` on it."""
    moment = _moments(programme).select_related("programme__organisation").filter(uuid=moment_uuid).first()
    if moment is None:
        raise Http404("communication moment")
    if perm and not request.user.has_perm(perm, moment):
        raise PermissionDenied(perm)
    return moment


def owner_choices(programme: Programme) -> QuerySet[Person]:
    return programme.people.filter(removed_at__isnull=True).order_by("full_name", "pk")


def line_choices(programme: Programme) -> QuerySet[CommunicationLine]:
    return CommunicationLine.objects.filter(programme=programme).order_by("audience", "audience_name", "pk")


def milestone_choices(programme: Programme) -> QuerySet[SubProjectMilestone]:
    return (
        SubProjectMilestone.objects.filter(subproject__programme=programme)
        .select_related("subproject")
        .order_by("due", "subproject__name", "title", "pk")
    )


def decision_choices(programme: Programme) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(programme=programme).select_related("body").order_by("-decided_on", "-number")
    )
