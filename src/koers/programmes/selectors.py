"""Reads about programmes that views, reports and the API share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest

from koers.audit.models import AuditEvent
from koers.organisations.models import Membership
from koers.organisations.permissions import role_cache

from .models import Invitation, InvitationStatus, Programme, ProgrammeMembership

#: The programme a GET request has read and checked, so a second lookup in the same request (the
#: page cache's check, then the view's) asks nothing more; the permission is checked each time.
CHECKED_PROGRAMME = "_koers_checked_programme"


def get_programme_for_user(
    request: HttpRequest, programme_uuid: Any, *, perm: str = "programmes.view_programme"
) -> Programme:
    """The programme, if it is in one of the user's organisations (else 404) and the user has
    ``perm`` on it (else 403).

    The user's roles in the organisation and in the programme come with it in the same query and
    fill the request's role caches, so the permission checks of the page ask nothing more."""
    user: Any = request.user
    checked = getattr(request, CHECKED_PROGRAMME, None)  # read already for this request (page cache)
    if checked is not None and str(checked.uuid) == str(programme_uuid):
        if not user.has_perm(perm, checked):
            raise PermissionDenied(perm)
        return checked
    programme = with_user_roles(Programme.objects.for_user(user), user).filter(uuid=programme_uuid).first()
    if programme is None:
        raise Http404("programme")
    remember_user_roles(user, programme)
    if request.method in ("GET", "HEAD"):  # a read only: a write may change the programme
        setattr(request, CHECKED_PROGRAMME, programme)
    if not request.user.has_perm(perm, programme):
        raise PermissionDenied(perm)
    return programme


def with_user_roles(programmes: QuerySet[Programme], user: Any) -> QuerySet[Programme]:
    """``programmes`` with their organisation and the user's role in the organisation and in the
    programme (two subqueries), for ``remember_user_roles``."""
    return programmes.select_related("organisation").annotate(
        user_organisation_role=Subquery(
            Membership.objects.active()
            .filter(user=user, organisation=OuterRef("organisation"))
            .values("role")[:1]
        ),
        user_programme_role=Subquery(
            ProgrammeMembership.objects.filter(user=user, programme=OuterRef("pk")).values("role")[:1]
        ),
    )


def remember_user_roles(user: Any, programme: Programme) -> None:
    """Fill the request's role caches from a programme read ``with_user_roles``, so permission
    checks on it ask nothing more."""
    role_cache(user, "_koers_org_roles").setdefault(
        programme.organisation_id,
        programme.user_organisation_role,  # type: ignore[attr-defined]
    )
    role_cache(user, "_koers_programme_roles").setdefault(
        programme.pk,
        programme.user_programme_role,  # type: ignore[attr-defined]
    )


def searchable_programmes(user: Any) -> list[Programme]:
    """The programmes ``user`` may open in all their organisations, by organisation and name, with
    the roles remembered (one query)."""
    programmes = list(
        with_user_roles(Programme.objects.visible_to(user), user).order_by("organisation__name", "name", "pk")
    )
    for programme in programmes:
        remember_user_roles(user, programme)
    return programmes


def programmes_for_list(user: Any, organisation: Any) -> QuerySet[Any]:
    return (
        Programme.objects.visible_to(user)
        .filter(organisation=organisation)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("status", "-start_date", "name")
    )


def members(programme: Programme) -> QuerySet[ProgrammeMembership]:
    return programme.memberships.select_related("user").order_by("role", "user__full_name", "user__email")


def pending_invitations(programme: Programme) -> QuerySet[Invitation]:
    return programme.invitations.filter(status=InvitationStatus.PENDING).select_related("invited_by")


def get_membership(programme: Programme, membership_uuid: Any) -> ProgrammeMembership:
    membership = (
        programme.memberships.select_related("user", "programme__organisation")
        .filter(uuid=membership_uuid)
        .first()
    )
    if membership is None:
        raise Http404("membership")
    return membership


def get_invitation(programme: Programme, invitation_uuid: Any) -> Invitation:
    invitation = (
        programme.invitations.select_related("programme__organisation").filter(uuid=invitation_uuid).first()
    )
    if invitation is None:
        raise Http404("invitation")
    return invitation


def history(programme: Programme) -> QuerySet[AuditEvent]:
    """Every audit event about the programme and the objects in it."""
    return AuditEvent.objects.filter(programme_id=programme.uuid).select_related("actor")
