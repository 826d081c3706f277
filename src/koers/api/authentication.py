"""How the API knows who is asking: a personal API token (``Authorization: Bearer koers_…``) or,
for the browser, the Koers session (with CSRF protection on unsafe methods, as DRF does)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.request import Request

from koers.audit.context import current_origin, set_origin
from koers.audit.middleware import client_ip

from . import selectors, services
from .models import ApiToken

#: Failed token attempts per address within FAILURE_WINDOW before the address is refused.
MAX_FAILURES = 20
FAILURE_WINDOW = 600


class TooManyFailures(exceptions.Throttled):
    default_detail = "Too many attempts with a wrong API key."


def _failure_key(request: Request) -> str:
    return f"koers:api:token-failures:{client_ip(request) or 'unknown'}"


class BearerTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        key = _failure_key(request)
        if cache.get(key, 0) >= MAX_FAILURES:
            raise TooManyFailures(
                detail=_("Too many attempts with a wrong API key. Try again later."), wait=FAILURE_WINDOW
            )
        token = None
        if len(header) == 2:
            try:
                token = selectors.token_for_secret(header[1].decode())
            except UnicodeError:
                token = None
        if token is None:
            cache.add(key, 0, FAILURE_WINDOW)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, FAILURE_WINDOW)
            raise exceptions.AuthenticationFailed(
                _("This API key is not valid: it is unknown, revoked or expired.")
            )
        services.api_token_touch(token=token)
        # The history shows which key made a change: its prefix goes with the request's origin.
        origin = current_origin()
        set_origin(
            dataclasses.replace(
                origin, user_agent=f"{origin.user_agent} [API key koers_{token.prefix}]"[-300:]
            )
        )
        if not request.headers.get("Accept-Language") and token.user.language:
            translation.activate(token.user.language)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class CsrfSessionAuthentication(SessionAuthentication):
    """The browser's session; unsafe methods need the CSRF token (X-CSRFToken header)."""
