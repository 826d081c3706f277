"""Reads about programmes that views, reports and the API share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest

from koers.audit.models import AuditEvent

from .models import Invitation, InvitationStatus, Programme, ProgrammeMembership


def get_programme_for_user(
    request: HttpRequest, programme_uuid: Any, *, perm: str = "programmes.view_programme"
) -> Programme:
    """The programme, if it is in one of the user's organisations (else 404) and the user has
    ``perm`` on it (else 403)."""
    programme = (
        Programme.objects.for_user(request.user)
        .select_related("organisation")
        .filter(uuid=programme_uuid)
        .first()
    )
    if programme is None:
        raise Http404("programme")
    if not request.user.has_perm(perm, programme):
        raise PermissionDenied(perm)
    return programme


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
