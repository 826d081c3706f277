"""Reads about organisations that views, templates and the API share."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest

from .models import Membership, Organisation

SESSION_KEY = "koers_organisation"
_CACHE_ATTR = "_koers_current_organisation"


def current_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation the user works in now: the one chosen with the switcher, else the first.

    Cached on the request, so a page asks the database once.
    """
    if hasattr(request, _CACHE_ATTR):
        return getattr(request, _CACHE_ATTR)
    organisation = None
    user = request.user
    if user.is_authenticated:
        organisations = Organisation.objects.for_user(user).order_by("name")
        chosen = request.session.get(SESSION_KEY)
        if chosen:
            organisation = organisations.filter(uuid=chosen).first()
        if organisation is None:
            organisation = organisations.first()
    setattr(request, _CACHE_ATTR, organisation)
    return organisation


def require_current_organisation(request: HttpRequest) -> Organisation:
    organisation = current_organisation(request)
    if organisation is None:
        raise Http404("no organisation")
    return organisation


def organisations_for_switcher(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.for_user(user).order_by("name").only("uuid", "name")


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    """Everyone in the organisation, with the number of programmes they take part in."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .annotate(
            programme_count=Count(
                "user__programme_memberships",
                filter=Q(user__programme_memberships__programme__organisation=organisation),
            )
        )
        .order_by("-is_active", "user__full_name", "user__email")
    )


def get_membership_for_admin(organisation: Organisation, membership_uuid: Any) -> Membership:
    membership = (
        Membership.objects.filter(organisation=organisation, uuid=membership_uuid)
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        raise Http404("membership")
    return membership
