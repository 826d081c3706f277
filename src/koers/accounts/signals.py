"""Keep the session language in step with the user's saved preference at login."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in)
def _activate_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if getattr(user, "language", None):
        translation.activate(user.language)
