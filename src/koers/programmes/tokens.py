"""Invitation links: ``<invitation uuid>.<HMAC of uuid and nonce>``.

Only the random nonce is stored, so neither the database nor the task queue holds a usable link;
resending rotates the nonce, which invalidates the previous link.
"""

from __future__ import annotations

import hmac
import secrets
import uuid

from django.utils.crypto import salted_hmac


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def make_token(invitation_uuid: uuid.UUID, nonce: str) -> str:
    digest = salted_hmac("koers.invitation", f"{invitation_uuid}:{nonce}", algorithm="sha256")
    return f"{invitation_uuid}.{digest.hexdigest()}"


def parse_token(token: str) -> uuid.UUID | None:
    head, _, _digest = token.partition(".")
    try:
        return uuid.UUID(head)
    except ValueError:
        return None


def token_matches(token: str, invitation_uuid: uuid.UUID, nonce: str) -> bool:
    return hmac.compare_digest(token, make_token(invitation_uuid, nonce))
