"""Who may do what in the knowledge base. Programme managers and researchers edit sources; every
team member (not steering group members and readers) records experiences and edits their own;
managers may remove any experience; everyone in the programme reads."""

from __future__ import annotations

from typing import Any

import rules

from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_member,
    programme_role,
)

from .models import Experience

SOURCE_EDITORS = (ProgrammeRole.PROGRAMMAMANAGER, ProgrammeRole.ONDERZOEKER)
EXPERIENCE_AUTHORS = (
    ProgrammeRole.PROGRAMMAMANAGER,
    ProgrammeRole.KWARTIERMAKER,
    ProgrammeRole.TEAMLID,
    ProgrammeRole.ONDERZOEKER,
)


@rules.predicate
def edits_sources(user: Any, programme: Any) -> bool:
    return programme_role(user, programme) in SOURCE_EDITORS


@rules.predicate
def records_experiences(user: Any, programme: Any) -> bool:
    return programme_role(user, programme) in EXPERIENCE_AUTHORS


@rules.predicate
def is_own_experience(user: Any, experience: Experience | None) -> bool:
    return (
        experience is not None
        and getattr(user, "pk", None) is not None
        and experience.author_id == user.pk
        and programme_role(user, experience.programme) in EXPERIENCE_AUTHORS
    )


@rules.predicate
def manages_experience_programme(user: Any, experience: Experience | None) -> bool:
    return (
        experience is not None
        and programme_role(user, experience.programme) == ProgrammeRole.PROGRAMMAMANAGER
    )


can_read_knowledge = is_programme_member | is_admin_of_programme_organisation

rules.add_perm("knowledge.view_knowledge", can_read_knowledge)
rules.add_perm("knowledge.manage_sources", edits_sources)
rules.add_perm("knowledge.add_experience", records_experiences)
rules.add_perm("knowledge.change_experience", is_own_experience)
rules.add_perm("knowledge.delete_experience", is_own_experience | manages_experience_programme)
