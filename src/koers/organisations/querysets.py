from __future__ import annotations

from typing import Any

from django.db import models


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user: Any) -> OrganisationQuerySet:
        """Active organisations in which ``user`` has an active membership."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(is_active=True, memberships__user=user, memberships__is_active=True).distinct()


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, organisation__is_active=True, user__is_active=True)
