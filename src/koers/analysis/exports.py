"""The columns of the installation's imported datasets of official statistics, as their download
holds them (ADR 0043)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from koers.reports.lists import Column, ListSpec

DATASETS = ListSpec(
    name=_("Datasets"),
    columns=[
        Column(_("Title"), "title"),
        Column(_("Source"), "source"),
        Column(_("Table"), "table_id"),
        Column(_("Licence"), "licence"),
        Column(_("Downloaded on"), "downloaded_on"),
        Column(_("Imported"), "imported_at"),
        Column(_("Imported by"), lambda d: str(d.imported_by) if d.imported_by else ""),
        Column(_("Figures"), "observation_count"),
        Column(_("Population figures"), "population_count"),
    ],
)
