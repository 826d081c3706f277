"""API-wide permission: a logged-in user, and a read-only token only reads. The object rules are
the web's own (``rules`` predicates), checked by the selectors the views call."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from .models import ApiToken


class TokenScopePermission(BasePermission):
    message = _("This API key may only read. Make a key with read and write rights to change data.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        if isinstance(token, ApiToken) and request.method not in SAFE_METHODS:
            return token.can_write
        return True
