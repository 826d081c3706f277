"""Keep the session language in step with the user's saved preference at login, and end the
sessions of an account that is deactivated."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import translation

from .models import User


@receiver(user_logged_in)
def _activate_language(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if getattr(user, "language", None):
        translation.activate(user.language)


@receiver(pre_save, sender=User)
def _end_sessions_of_a_deactivated_account(sender: Any, instance: User, **kwargs: Any) -> None:
    """Deactivating an account (anywhere: a service, the admin) ends its sessions, so reactivating
    it later does not bring the old ones back."""
    if instance.pk is None or instance.is_active:
        return
    if not User.objects.filter(pk=instance.pk, is_active=True).exists():
        return  # already inactive, or new
    instance.session_epoch += 1
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "session_epoch" not in update_fields:
        # save(update_fields=["is_active"]) leaves the epoch out: store it here
        User.objects.filter(pk=instance.pk).update(session_epoch=instance.session_epoch)
