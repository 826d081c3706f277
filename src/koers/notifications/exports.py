"""The columns of a user's notifications, as their download holds them (ADR 0043)."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec

NOTIFICATIONS = ListSpec(
    name=_("Notifications"),
    columns=[
        Column(_("Date and time"), "created_at"),
        Column(_("Notification"), "title"),
        Column(_("Kind"), lambda n: capfirst(n.get_kind_display())),
        Column(_("Programme"), "programme.name"),
        Column(_("Read"), lambda n: n.read_at is not None),
    ],
)
