"""Who may do what with the safety analysis document: everyone who reads the programme reads and
downloads it; whoever edits the analysis (programme managers and researchers) generates a version."""

from __future__ import annotations

from typing import Any

import rules

from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_member,
    programme_role,
)

DOCUMENT_MAKERS = (ProgrammeRole.PROGRAMMAMANAGER, ProgrammeRole.ONDERZOEKER)


@rules.predicate
def makes_documents(user: Any, programme: Any) -> bool:
    return programme_role(user, programme) in DOCUMENT_MAKERS


rules.add_perm("analysisdocs.view_document", is_programme_member | is_admin_of_programme_organisation)
rules.add_perm("analysisdocs.generate_document", makes_documents)
