from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from koers.organisations.selectors import current_organisation
from koers.programmes.navigator import STEPS

SECTIONS = (
    ("/programmas/", "programmes"),
    ("/beheer/", "administration"),
    ("/installatie/", "installation"),
    ("/account/", "account"),
    ("/partners/", "partners"),
    ("/interventies/", "interventions"),
)


def koers(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs: the current organisation and whether this is the demo."""
    organisation = current_organisation(request) if hasattr(request, "user") else None
    section = next((name for prefix, name in SECTIONS if request.path.startswith(prefix)), "")
    return {
        "current_organisation": organisation,
        "can_administer": organisation is not None
        and request.user.has_perm("organisations.manage_users", organisation),
        "can_view_partners": organisation is not None
        and request.user.has_perm("teams.view_partners", organisation),
        "can_view_interventions": request.user.has_perm("interventions.view_registry", organisation)
        if hasattr(request, "user")
        else False,
        "demo_mode": settings.DEMO_MODE,
        "demo_mailbox": settings.DEMO_MAILBOX,
        "steps_for_nav": STEPS,
        "nav_section": section,
    }
