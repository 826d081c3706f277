from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import Origin, reset_origin, set_origin


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind a proxy, the proxy must set REMOTE_ADDR (see installation)."""
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Keeps the request's origin for the audit trail while the request runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = Origin(
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        token = set_origin(origin)
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)
