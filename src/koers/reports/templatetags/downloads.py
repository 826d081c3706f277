"""``{% list_downloads "what" %}``: the download links of a list page (ADR 0043)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context

from koers.reports.lists import download_url

register = template.Library()


@register.inclusion_tag("reports/_partials/downloads.html", takes_context=True)
def list_downloads(context: Context, what: str, which: str = "") -> dict[str, Any]:
    """Links to this page's list as CSV, ODS and XLSX, with the page's filters; ``what`` names the
    list for screen readers ("actions"), ``which`` the list on a page with more than one."""
    request = context["request"]
    return {
        "what": what,
        "csv": download_url(request, "csv", which),
        "ods": download_url(request, "ods", which),
        "xlsx": download_url(request, "xlsx", which),
    }
