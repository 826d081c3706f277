"""The columns of the programme list, the members and the open invitations, as their downloads
hold them (ADR 0043)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec

PROGRAMMES = ListSpec(
    name=_("Programmes"),
    columns=[
        Column(_("Name"), "name"),
        Column(_("Start date"), "start_date"),
        Column(_("End date"), "end_date"),
        Column(_("Status"), "get_status_display"),
        Column(_("Members"), "member_count"),
    ],
)

MEMBERS = ListSpec(
    name=_("Members"),
    columns=[
        Column(_("Name"), "user.display_name"),
        Column(_("E-mail address"), "user.email"),
        Column(_("Role"), "get_role_display"),
    ],
    personal=True,
)

INVITATIONS = ListSpec(
    name=_("Open invitations"),
    columns=[
        Column(_("E-mail address"), "email"),
        Column(_("Role"), "get_role_display"),
        Column(_("Status"), "state_label"),
        Column(_("Expires"), lambda i: timezone.localdate(i.expires_at)),
    ],
    personal=True,
)
