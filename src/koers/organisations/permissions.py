"""Organisation-level rules. ``rules`` predicates, registered as Django permissions."""

from __future__ import annotations

from typing import Any

import rules

from .models import Membership, Organisation, OrganisationRole


def role_cache(user: Any, name: str) -> dict[int, str | None]:
    """A per-request cache on the user object. getattr/setattr reach the real user through
    request.user's lazy wrapper, so views, templates and permission checks share one cache."""
    cache = getattr(user, name, None)
    if cache is None:
        cache = {}
        setattr(user, name, cache)
    return cache


def organisation_role(user: Any, organisation: Organisation | None) -> str | None:
    """The user's active role in ``organisation``, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return None
    cache: dict[int, str | None] = role_cache(user, "_koers_org_roles")
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            Membership.objects.active()
            .filter(user=user, organisation=organisation)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organisation.pk]


@rules.predicate
def is_org_admin(user: Any, organisation: Organisation | None) -> bool:
    return organisation_role(user, organisation) == OrganisationRole.BEHEERDER


@rules.predicate
def is_org_member(user: Any, organisation: Organisation | None) -> bool:
    return organisation_role(user, organisation) is not None


is_installation_admin = rules.is_superuser & rules.is_active

rules.add_perm("organisations.manage_users", is_org_admin)
rules.add_perm("organisations.change_organisation", is_org_admin)
rules.add_perm("organisations.view_activity", is_org_admin)
rules.add_perm("organisations.add_organisation", is_installation_admin)
rules.add_perm("organisations.list_organisations", is_installation_admin)
