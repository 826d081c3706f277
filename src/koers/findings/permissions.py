"""Who may do what with the findings. Programme managers, kwartiermakers, team members and
researchers write findings, link evidence, comment and give their stance; the creator of a finding
and the programme manager may remove it; only the programme manager adopts a finding (and sets it
back to draft). Steering group members, readers and the organisation's administrators read."""

from __future__ import annotations

from typing import Any

import rules

from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_member,
    programme_role,
)

from .models import Finding

FINDING_EDITORS = (
    ProgrammeRole.PROGRAMMAMANAGER,
    ProgrammeRole.KWARTIERMAKER,
    ProgrammeRole.TEAMLID,
    ProgrammeRole.ONDERZOEKER,
)


@rules.predicate
def edits_findings(user: Any, programme: Any) -> bool:
    return programme_role(user, programme) in FINDING_EDITORS


@rules.predicate
def edits_finding(user: Any, finding: Finding | None) -> bool:
    return finding is not None and programme_role(user, finding.programme) in FINDING_EDITORS


@rules.predicate
def created_finding(user: Any, finding: Finding | None) -> bool:
    return (
        finding is not None
        and getattr(user, "pk", None) is not None
        and finding.created_by_id == user.pk
        and programme_role(user, finding.programme) in FINDING_EDITORS
    )


@rules.predicate
def manages_finding_programme(user: Any, finding: Finding | None) -> bool:
    return finding is not None and programme_role(user, finding.programme) == ProgrammeRole.PROGRAMMAMANAGER


can_read_findings = is_programme_member | is_admin_of_programme_organisation

rules.add_perm("findings.view_findings", can_read_findings)
rules.add_perm("findings.add_finding", edits_findings)
rules.add_perm("findings.change_finding", edits_finding)
rules.add_perm("findings.discuss_finding", edits_finding)
rules.add_perm("findings.delete_finding", created_finding | manages_finding_programme)
rules.add_perm("findings.adopt_finding", manages_finding_programme)
