"""The columns of the organisation's users and of the installation's organisations, as their
downloads hold them (ADR 0043)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec

USERS = ListSpec(
    name=_("Users"),
    columns=[
        Column(_("Name"), "user.display_name"),
        Column(_("E-mail address"), "user.email"),
        Column(_("Role"), "get_role_display"),
        Column(_("Programmes"), "programme_count"),
        Column(_("Access"), lambda m: str(_("active") if m.is_active else _("withdrawn"))),
    ],
    personal=True,
)

ORGANISATIONS = ListSpec(
    name=_("Organisations"),
    columns=[
        Column(_("Name"), "name"),
        Column(_("Kind"), "get_kind_display"),
        Column(_("CBS code"), "cbs_code"),
        Column(_("Reference year"), "cbs_reference_year"),
        Column(_("Created"), lambda o: timezone.localdate(o.created_at)),
    ],
)
