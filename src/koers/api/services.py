"""Every write to personal API tokens. Each change records one audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.services import record

from . import tokens
from .models import ApiToken, TokenScope

#: last_used_at is written at most this often per token, so reading is not a write every time.
LAST_USED_RESOLUTION = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token, shown once and never stored


@transaction.atomic
def api_token_create(*, actor: Any, name: str, scope: str, expires_on: dt.date | None = None) -> NewToken:
    """Make a personal API token for ``actor``; the returned secret is shown once."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the key a name, so you know later what it is for.")})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Choose read only or read and write.")})
    if ApiToken.objects.filter(user=actor, name__iexact=name, revoked_at__isnull=True).exists():
        raise ValidationError({"name": _("You already have a key with this name.")})
    expires_at = None
    if expires_on is not None:
        if expires_on <= timezone.localdate():
            raise ValidationError({"expires_on": _("The expiry date must be in the future.")})
        expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time.min))
    prefix, secret = tokens.new_prefix(), tokens.new_secret()
    while ApiToken.objects.filter(prefix=prefix).exists():  # 4 bytes: a clash is rare, not impossible
        prefix = tokens.new_prefix()
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=prefix,
        secret_hash=tokens.hash_secret(secret),
        scope=scope,
        expires_at=expires_at,
    )
    record(
        actor=actor,
        action="api_token.create",
        obj=token,
        changes={
            "name": [None, name],
            "prefix": [None, prefix],
            "scope": [None, scope],
            "expires_at": [None, expires_at],
        },
    )
    return NewToken(token=token, secret=tokens.compose(prefix, secret))


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke ``token``: it stops working at once."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        changes={"revoked_at": [None, token.revoked_at]},
    )
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Note that ``token`` was used (bookkeeping, not audited; at most every few minutes). No data
    version moves (ADR 0040): only the user's own keys page shows it, and that page is never kept."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
