"""The demo mailbox: mail Koers would have sent, readable in the browser. Demo only."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import get_message, list_messages


def _require_enabled() -> None:
    if not settings.DEMO_MAILBOX:
        raise Http404("mailbox")


@require_GET
def mailbox(request: HttpRequest) -> HttpResponse:
    _require_enabled()
    return render(request, "mailbox/mailbox.html", {"messages_kept": list_messages()})


@require_GET
def message(request: HttpRequest, key: str) -> HttpResponse:
    _require_enabled()
    kept = get_message(key)
    if kept is None:
        raise Http404("message")
    return render(request, "mailbox/message.html", {"message": kept})
