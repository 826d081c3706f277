"""Logins, failed logins and logouts are audit events too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditResult
from .services import record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(actor=user, action="account.login", obj=user, object_repr=user.email)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(actor=user, action="account.logout", obj=user, object_repr=user.email)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    login = str(credentials.get("email") or credentials.get("username") or "")[:254]
    record(
        actor=None,
        actor_label=login,
        action="account.login_failed",
        object_repr=login,
        result=AuditResult.FAILURE,
    )
