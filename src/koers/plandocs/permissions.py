"""Who may do what with the plan versions: everyone who reads the programme reads and downloads
them; the programme manager makes, submits and approves a version."""

from __future__ import annotations

import rules

from koers.programmes.permissions import (
    is_admin_of_programme_organisation,
    is_programme_manager,
    is_programme_member,
)

rules.add_perm("plandocs.view_version", is_programme_member | is_admin_of_programme_organisation)
rules.add_perm("plandocs.manage_version", is_programme_manager)
