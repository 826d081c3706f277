"""Who may do what in the interventions registry. Everyone in an organisation reads the registry;
the installation administrators keep the installation-wide entries; an organisation's
administrators and programme managers keep its own. Programme managers and the sub-project's
kwartiermaker choose the interventions of a sub-project; the rest of the programme reads."""

from __future__ import annotations

from typing import Any

import rules

from koers.organisations.permissions import is_installation_admin, is_org_member
from koers.programmes.permissions import is_programme_manager, may_create_programmes

from .models import Intervention


@rules.predicate
def manages_intervention(user: Any, intervention: Intervention | None) -> bool:
    if intervention is None:
        return False
    if intervention.organisation_id is None:
        return bool(is_installation_admin(user))
    return bool(may_create_programmes(user, intervention.organisation))


@rules.predicate
def chooses_for_subproject(user: Any, subproject: Any) -> bool:
    """A programme manager of the sub-project's programme, or its kwartiermaker."""
    if subproject is None or getattr(user, "pk", None) is None:
        return False
    if is_programme_manager(user, subproject.programme):
        return True
    lead = subproject.kwartiermaker
    return lead is not None and lead.user_id == user.pk and lead.removed_at is None


rules.add_perm("interventions.view_registry", is_org_member | is_installation_admin)
rules.add_perm("interventions.add_own", may_create_programmes)
rules.add_perm("interventions.add_national", is_installation_admin)
rules.add_perm("interventions.change_intervention", manages_intervention)
rules.add_perm("interventions.choose_for_subproject", chooses_for_subproject)
