"""The columns of step 2's knowledge sources and team experiences, as their downloads hold them
(ADR 0043)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec

SOURCES = ListSpec(
    name=_("Knowledge sources"),
    columns=[
        Column(_("Title"), "title"),
        Column(_("Author or organisation"), "author"),
        Column(_("Year"), "year"),
        Column(_("Kind"), "get_kind_display"),
        Column(_("Focus areas"), lambda s: ", ".join(s.focus_area_labels)),
        Column(_("Themes"), lambda s: ", ".join(s.theme_list)),
    ],
)

EXPERIENCES = ListSpec(
    name=_("Team experiences"),
    columns=[
        Column(_("Where"), "area"),
        Column(_("Which group"), "group"),
        Column(_("What you see"), "pattern"),
        Column(_("When observed"), "observed_on"),
        Column(
            _("Recorded by"),
            lambda e: e.person.full_name if e.person else (str(e.author) if e.author else ""),
        ),
    ],
)
