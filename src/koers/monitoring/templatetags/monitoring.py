"""Step 5's monitoring on other pages: the sub-project page shows its assessments and course
adjustments; the plan versions' difference shows the adjustments decided between them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

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
