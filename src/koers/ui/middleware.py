"""Response headers Django's own security middleware does not set."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase


class CrossOriginResourcePolicyMiddleware:
    """``Cross-Origin-Resource-Policy`` on every response (``same-origin`` by default), so no other
    site can embed Koers's pages, images or downloads (ADR 0036)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy = getattr(settings, "SECURE_CROSS_ORIGIN_RESOURCE_POLICY", "same-origin")
        if policy:
            response.headers.setdefault("Cross-Origin-Resource-Policy", policy)
        return response
