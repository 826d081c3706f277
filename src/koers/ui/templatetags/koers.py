"""Template tags of the page shell."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.context import Context
from django.utils.translation import gettext as _

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


@register.inclusion_tag("ui/_partials/header_search.html", takes_context=True)
def header_search(context: Context) -> dict[str, Any]:
    """The search box of the header: inside a programme it searches that programme, elsewhere every
    programme the user may open (ADR 0042). It asks the database nothing."""
    from django.urls import reverse

    from koers.programmes.models import Programme

    programme = context.get("programme")
    request = context["request"]
    query = (
        request.GET.get("q", "")
        if request.resolver_match
        and request.resolver_match.url_name
        in (
            "search",
            "programme_search",
        )
        else ""
    )
    if isinstance(programme, Programme):
        return {
            "action": reverse("programme_search", args=[programme.uuid]),
            "label": _("Search in this programme"),
            "query": query,
        }
    return {"action": reverse("search"), "label": _("Search in your programmes"), "query": query}


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
def field_changes(event: Any) -> list[tuple[str, Any, Any]]:
    """An audit event's changes as (field label, before, after) rows, in the reader's language:
    field names become their labels and stored choice values their display names."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    try:
        model = apps.get_model(event.object_type) if event.object_type else None
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, pair in (event.changes or {}).items():
        if not (isinstance(pair, list) and len(pair) == 2):
            continue
        label, before, after = name, pair[0], pair[1]
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if field is not None:
                label = str(getattr(field, "verbose_name", name))
                choices = dict(getattr(field, "flatchoices", None) or [])
                before, after = _choice_label(choices, before), _choice_label(choices, after)
        rows.append((label, _as_text(before), _as_text(after)))
    return rows


def _choice_label(choices: dict[Any, Any], value: Any) -> Any:
    """The display name of a stored choice; lists (members, domains) show each item's."""
    if isinstance(value, list):
        return [_choice_label(choices, item) for item in value]
    return choices.get(value, value) if isinstance(value, str | int | bool | None) else value


def _as_text(value: Any) -> Any:
    return ", ".join(str(item) for item in value) if isinstance(value, list) else value


@register.filter(name="action_label")
def action_label_filter(action: str) -> str:
    from koers.audit.labels import action_label

    return action_label(action)
