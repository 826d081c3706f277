"""Who may change the installation-wide reference data of step 2: the region list, code lists and
official datasets are imported by an installation administrator and read by every organisation."""

from __future__ import annotations

import rules

from koers.organisations.permissions import is_installation_admin

rules.add_perm("analysis.import_reference_data", is_installation_admin)
