"""Who may do what in step 5's monitoring. Everyone in the programme (and the organisation's
administrators) reads the dashboard, the course adjustments and the progress reports. The
programme manager records course adjustments and makes progress reports; a kwartiermaker records
the assessment of the sub-projects they lead, the programme manager that of every sub-project.
The organisation overview is for the organisation's administrators (every programme) and for
steering group members (the programmes whose steering group they are in)."""

from __future__ import annotations

from typing import Any

import rules

from koers.organisations.permissions import is_org_admin
from koers.programmes.models import ProgrammeRole
from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_manager,
    is_programme_member,
    programme_role,
)


@rules.predicate
def assesses_subproject(user: Any, subproject: Any) -> bool:
    """The programme manager, or the kwartiermaker who leads ``subproject``."""
    if subproject is None or getattr(user, "pk", None) is None:
        return False
    role = programme_role(user, subproject.programme)
    if role == ProgrammeRole.PROGRAMMAMANAGER:
        return True
    lead = subproject.kwartiermaker
    return (
        role == ProgrammeRole.KWARTIERMAKER
        and lead is not None
        and lead.user_id == user.pk
        and lead.removed_at is None
    )


@rules.predicate
def sees_portfolio(user: Any, organisation: Any) -> bool:
    from .selectors import portfolio_programmes

    if organisation is None:
        return False
    if is_org_admin(user, organisation):
        return True
    return portfolio_programmes(user, organisation).exists()


can_read = is_programme_member | is_admin_of_programme_organisation

rules.add_perm("monitoring.view_dashboard", can_read)
rules.add_perm("monitoring.assess_subproject", assesses_subproject)
rules.add_perm("monitoring.view_adjustments", can_read)
rules.add_perm("monitoring.manage_adjustments", is_programme_manager)
rules.add_perm("monitoring.view_reports", can_read)
rules.add_perm("monitoring.manage_reports", is_programme_manager)
rules.add_perm("monitoring.view_portfolio", sees_portfolio)
