"""Reads of personal API tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from . import tokens
from .models import ApiToken


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first; nobody sees another person's tokens."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def get_token_of(user: Any, token_uuid: Any) -> ApiToken:
    token = tokens_of(user).filter(uuid=token_uuid).first()
    if token is None:
        raise Http404("api token")
    return token


def token_for_secret(raw: str) -> ApiToken | None:
    """The usable token behind ``raw`` (the whole ``koers_…`` string), else None."""
    parsed = tokens.parse(raw)
    if parsed is None:
        return None
    prefix, secret = parsed
    token = ApiToken.objects.usable().select_related("user").filter(prefix=prefix).first()
    if token is None or not tokens.secret_matches(secret, token.secret_hash):
        return None
    return token
