"""Reading a user's notifications: only ever their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import Notification, NotificationPreference
from .reference import NotificationKind


def for_user(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("programme").order_by("-created_at", "-pk")


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_notification(user: Any, notification_uuid: Any) -> Notification:
    found = Notification.objects.filter(user=user, uuid=notification_uuid).first()
    if found is None:
        raise Http404
    return found


def preferences(user: Any) -> dict[str, NotificationPreference]:
    """A preference for every kind: saved ones, and the default (both on) for the others."""
    saved = {preference.kind: preference for preference in NotificationPreference.objects.filter(user=user)}
    kinds = NotificationKind.values
    return {kind: saved.get(kind) or NotificationPreference(user=user, kind=kind) for kind in kinds}
