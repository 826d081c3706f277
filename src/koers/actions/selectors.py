"""Reading the actions: a programme's actions, filtered (mine, overdue, per sub-project, per
organisation, per month), one action, and the choices an action can link to."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from koers.plan.models import SubProject
from koers.programmes.models import Programme
from koers.teams.models import PartnerOrganisation, Person

from .models import Action
from .reference import OPEN_STATUSES


def _base(programme: Programme) -> QuerySet[Action]:
    return Action.objects.filter(programme=programme).select_related(
        "owner", "organisation", "subproject", "subproject__kwartiermaker"
    )


def actions(
    programme: Programme,
    *,
    owner: Person | None = None,
    subproject: SubProject | None = None,
    organisation: PartnerOrganisation | None = None,
    overdue_on: datetime.date | None = None,
    status: str = "",
) -> QuerySet[Action]:
    result = _base(programme)
    if owner is not None:
        result = result.filter(owner=owner)
    if subproject is not None:
        result = result.filter(subproject=subproject)
    if organisation is not None:
        result = result.filter(organisation=organisation)
    if overdue_on is not None:
        result = result.filter(status__in=OPEN_STATUSES, due_date__lt=overdue_on)
    if status:
        result = result.filter(status=status)
    return result.order_by("due_date", "title", "pk")


def actions_in_month(programme: Programme, first: datetime.date) -> QuerySet[Action]:
    last = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    # The calendar shows each action's title and whether it is done: no related rows needed.
    return (
        Action.objects.filter(programme=programme, due_date__gte=first, due_date__lt=last)
        .only("uuid", "title", "status", "due_date")
        .order_by("due_date", "title", "pk")
    )


def person_of(programme: Programme, user: Any) -> Person | None:
    """The team member of ``programme`` linked to ``user``'s account (None if there is none)."""
    if getattr(user, "pk", None) is None:
        return None
    return programme.people.filter(user=user, removed_at__isnull=True).order_by("pk").first()


def get_action(
    request: HttpRequest, programme: Programme, action_uuid: Any, *, perm: str | None = None
) -> Action:
    """The programme's action (another programme's is a 404), if the user has ``perm`` on it."""
    action = (
        _base(programme)
        .select_related("programme__organisation", "created_by", "updated_by")
        .filter(uuid=action_uuid)
        .first()
    )
    if action is None:
        raise Http404("action")
    if perm and not request.user.has_perm(perm, action):
        raise PermissionDenied(perm)
    return action


def get_subproject(programme: Programme, subproject_uuid: Any) -> SubProject:
    subproject = programme.subprojects.select_related("kwartiermaker").filter(uuid=subproject_uuid).first()
    if subproject is None:
        raise Http404("subproject")
    return subproject


def get_organisation(programme: Programme, organisation_uuid: Any) -> PartnerOrganisation:
    partner = PartnerOrganisation.objects.filter(
        organisation=programme.organisation, uuid=organisation_uuid
    ).first()
    if partner is None:
        raise Http404("organisation")
    return partner


def owner_choices(programme: Programme) -> QuerySet[Person]:
    return programme.people.filter(removed_at__isnull=True).order_by("full_name", "pk")


def organisation_choices(programme: Programme) -> QuerySet[PartnerOrganisation]:
    return PartnerOrganisation.objects.filter(organisation=programme.organisation, is_active=True).order_by(
        "name", "pk"
    )


def subproject_choices(programme: Programme, *, led_by: Any = None) -> QuerySet[SubProject]:
    result = programme.subprojects.all()
    if led_by is not None:
        result = result.filter(kwartiermaker__user=led_by)
    return result.order_by("name", "pk")
