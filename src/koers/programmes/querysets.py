from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone


class ProgrammeQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> ProgrammeQuerySet:
        """Programmes of the organisations ``user`` actively belongs to.

        This is the isolation rule: anything outside these organisations does not exist for the
        user (404). Whether the user may open a programme inside them is a permission (403):
        programme members and the organisation's administrators may.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            organisation__is_active=True,
            organisation__memberships__user=user,
            organisation__memberships__is_active=True,
        )

    def visible_to(self, user: Any) -> ProgrammeQuerySet:
        """Programmes ``user`` may open: member of the programme, or organisation administrator."""
        from koers.organisations.models import OrganisationRole

        return (
            self.for_user(user)
            .filter(
                models.Q(memberships__user=user)
                | models.Q(
                    organisation__memberships__user=user,
                    organisation__memberships__role=OrganisationRole.BEHEERDER,
                )
            )
            .distinct()
        )


class ProgrammeMembershipQuerySet(models.QuerySet):
    def with_role(self, *roles: str) -> ProgrammeMembershipQuerySet:
        return self.filter(role__in=roles)


class InvitationQuerySet(models.QuerySet):
    def open(self) -> InvitationQuerySet:
        """Pending invitations that have not expired."""
        return self.filter(status="pending", expires_at__gt=timezone.now())
