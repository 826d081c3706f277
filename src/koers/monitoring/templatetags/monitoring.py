"""Step 5's monitoring on other pages: the sub-project page shows its assessments and course
adjustments; the plan versions' difference shows the adjustments decided between them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.monitoring import selectors

register = template.Library()


@register.simple_tag
def subproject_monitoring(subproject: Any) -> dict[str, Any]:
    return {
        "adjustments": selectors.subproject_adjustments(subproject),
        "assessments": list(selectors.assessments(subproject)[:20]),
    }


@register.simple_tag
def adjustments_between(programme: Any, start: dt.datetime | None, end: dt.datetime | None) -> list[Any]:
    """The course adjustments decided from the day of the older snapshot up to that of the newer."""
    if start is None or end is None:
        return []
    first, last = sorted((timezone.localdate(start), timezone.localdate(end)))
    return selectors.adjustments_between(programme, first, last)


STANDING_SIGNS = {
    "op_koers": ("✓", " koers-status--success"),
    "risico": ("⚠", ""),
    "uit_koers": ("✕", " koers-status--failure"),
}


@register.filter
def standing(value: str | None) -> str:
    """A standing as text with its sign (never colour alone); the same as _standing.html, made in
    Python for the dashboard's long lists."""
    from django.utils.html import format_html

    from koers.monitoring.reference import Standing

    if value in STANDING_SIGNS:
        sign, modifier = STANDING_SIGNS[value]
        label = str(Standing(value).label)
    else:
        sign, modifier, label = "–", "", _("not monitored")
    return format_html(
        '<span class="koers-status{}"><span aria-hidden="true">{}</span> {}</span>', modifier, sign, label
    )


@register.filter
def euros(value: Any) -> str:
    """``€ 12.500,00``: amounts as on the plan's pages, without the locale machinery per cell."""
    from koers.plandocs.diff import euros as as_euros

    return as_euros(value)


@register.simple_tag(takes_context=True)
def may_see_portfolio(context: template.Context, organisation: Any) -> bool:
    """Whether the viewer may open the organisation overview (for a link to it)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and organisation is not None
        and user.has_perm("monitoring.view_portfolio", organisation)
    )
