"""Programme-level rules. The role comes from the programme membership."""

from __future__ import annotations

from typing import Any

import rules

from koers.organisations.models import Organisation
from koers.organisations.permissions import is_org_admin, organisation_role, role_cache

from .models import Programme, ProgrammeMembership, ProgrammeRole


def programme_role(user: Any, programme: Programme | None) -> str | None:
    """The user's role in ``programme`` (None if not a member), cached for the request."""
    if not getattr(user, "is_authenticated", False) or programme is None:
        return None
    if organisation_role(user, programme.organisation) is None:
        return None
    cache: dict[int, str | None] = role_cache(user, "_koers_programme_roles")
    if programme.pk not in cache:
        cache[programme.pk] = (
            ProgrammeMembership.objects.filter(user=user, programme=programme)
            .values_list("role", flat=True)
            .first()
        )
    return cache[programme.pk]


def has_role(*roles: str) -> rules.Predicate:
    @rules.predicate(name=f"has_role({','.join(roles)})")
    def predicate(user: Any, programme: Programme | None) -> bool:
        return programme_role(user, programme) in roles

    return predicate


@rules.predicate
def is_programme_member(user: Any, programme: Programme | None) -> bool:
    return programme_role(user, programme) is not None


@rules.predicate
def is_admin_of_programme_organisation(user: Any, programme: Programme | None) -> bool:
    return programme is not None and is_org_admin(user, programme.organisation)


@rules.predicate
def may_create_programmes(user: Any, organisation: Organisation | None) -> bool:
    """Organisation administrators and the organisation's programme managers start programmes."""
    if organisation is None or organisation_role(user, organisation) is None:
        return False
    if is_org_admin(user, organisation):
        return True
    return ProgrammeMembership.objects.filter(
        user=user, programme__organisation=organisation, role=ProgrammeRole.PROGRAMMAMANAGER
    ).exists()


is_programme_manager = has_role(ProgrammeRole.PROGRAMMAMANAGER)

rules.add_perm("programmes.view_programme", is_programme_member | is_admin_of_programme_organisation)
rules.add_perm("programmes.change_programme", is_programme_manager)
rules.add_perm("programmes.manage_members", is_programme_manager)
rules.add_perm("programmes.view_members", is_programme_member | is_admin_of_programme_organisation)
rules.add_perm("programmes.view_history", is_programme_member | is_admin_of_programme_organisation)
rules.add_perm("programmes.add_programme", may_create_programmes)
rules.add_perm("programmes.export_programme", is_programme_manager | is_admin_of_programme_organisation)
