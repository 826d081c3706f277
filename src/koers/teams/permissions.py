"""Who may do what in step 1. Programme managers edit everything of their programme; a kwartiermaker
edits the working group they chair; team members edit their own person record; everyone else in
the programme reads."""

from __future__ import annotations

from typing import Any

import rules

from koers.organisations.permissions import is_org_member
from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_manager,
    is_programme_member,
    may_create_programmes,
    programme_role,
)

from .models import Body, Person
from .reference import BodyKind


@rules.predicate
def manages_person_programme(user: Any, person: Person | None) -> bool:
    return person is not None and is_programme_manager(user, person.programme)


READ_ONLY_ROLES = (ProgrammeRole.STUURGROEPLID, ProgrammeRole.MEELEZER)


@rules.predicate
def is_own_person(user: Any, person: Person | None) -> bool:
    """The user's own record in a programme where their role lets them edit (stuurgroepleden and
    meelezers read only)."""
    return (
        person is not None
        and getattr(user, "pk", None) is not None
        and person.user_id == user.pk
        and programme_role(user, person.programme) not in (None, *READ_ONLY_ROLES)
    )


@rules.predicate
def manages_body_programme(user: Any, body: Body | None) -> bool:
    return body is not None and is_programme_manager(user, body.programme)


@rules.predicate
def leads_working_group(user: Any, body: Body | None) -> bool:
    return (
        body is not None
        and body.kind == BodyKind.WERKGROEP
        and body.chair is not None
        and body.chair.user_id == getattr(user, "pk", None)
        and body.chair.removed_at is None
        and programme_role(user, body.programme) == ProgrammeRole.KWARTIERMAKER
    )


can_read_team = is_programme_member | is_admin_of_programme_organisation

rules.add_perm("teams.view_team", can_read_team)
rules.add_perm("teams.manage_team", is_programme_manager)
rules.add_perm("teams.change_person", manages_person_programme | is_own_person)
rules.add_perm("teams.change_body", manages_body_programme | leads_working_group)
rules.add_perm("teams.view_partners", is_org_member)
rules.add_perm("teams.manage_partners", may_create_programmes)
