"""Template tags of the page shell."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.context import Context

from koers.organisations.selectors import organisations_for_switcher

register = template.Library()


@register.inclusion_tag("ui/_partials/organisation_switcher.html", takes_context=True)
def organisation_switcher(context: Context) -> dict[str, Any]:
    request = context["request"]
    organisations = list(organisations_for_switcher(request.user))
    return {
        "organisations": organisations,
        "current": context.get("current_organisation"),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("ui/_partials/language_switcher.html", takes_context=True)
def language_switcher(context: Context) -> dict[str, Any]:
    request = context["request"]
    return {
        "languages": settings.LANGUAGES,
        "current": getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def field_changes(changes: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Audit changes as (field, before, after) rows."""
    return [
        (name, pair[0], pair[1])
        for name, pair in (changes or {}).items()
        if isinstance(pair, list) and len(pair) == 2
    ]


@register.filter(name="action_label")
def action_label_filter(action: str) -> str:
    from koers.audit.labels import action_label

    return action_label(action)
