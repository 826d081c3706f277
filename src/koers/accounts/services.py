"""Writes to accounts. Passwords are only ever set by their owner (sign-up or reset link)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.audit.services import apply_changes, record

from .models import User


def normalise_email(email: str) -> str:
    return email.strip().lower()


def sessions_end(user: User) -> None:
    """End every session of ``user`` at its next request: their access was taken away. Raising
    the session epoch changes the session hash Django checks on each request (ADR 0036)."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


@transaction.atomic
def user_create(
    *,
    actor: Any,
    email: str,
    full_name: str = "",
    password: str | None = None,
    language: str | None = None,
    organisation: Any = None,
) -> User:
    email = normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    user = User(email=email, full_name=full_name.strip(), language=language or settings.LANGUAGE_CODE)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    confirm_email(user)
    record(
        actor=actor if actor is not None else user,
        action="user.create",
        obj=user,
        organisation=organisation,
        object_repr=user.email,
        changes={"email": [None, user.email], "full_name": [None, user.full_name]},
    )
    return user


@transaction.atomic
def user_update_profile(*, actor: Any, user: User, full_name: str, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose Dutch or English.")})
    changes = apply_changes(user, {"full_name": full_name.strip(), "language": language})
    if changes:
        user.save(update_fields=["full_name", "language"])
        record(actor=actor, action="user.update", obj=user, object_repr=user.email, changes=changes)
    return user


def confirm_email(user: User) -> None:
    """Record the login address as verified: Koers only creates accounts for addresses that
    received an invitation or were entered by an administrator (two-factor set-up needs this)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def password_set_url(user: User) -> str:
    """A one-time link with which ``user`` chooses a password (allauth's reset link)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path
