"""Notify people: an in-app notification and an e-mail, each as the person chose
(NotificationPreference). Call ``notify`` inside the transaction of the change it is about; the
e-mails go out when that transaction commits, so a rolled-back change sends nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation

from koers.audit.services import record

from .models import Notification, NotificationPreference
from .reference import NotificationKind


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: Any,
    url: str = "",
    programme: Any = None,
    body: Any = "",
    attachments: Sequence[tuple[str, bytes | str, str]] = (),
) -> int:
    """Notify each distinct active user of ``kind``. ``title`` and ``body`` may be lazy
    translations or callables taking no arguments; they are rendered in each user's own language.
    Returns the number of in-app notifications made."""
    people = {user.pk: user for user in users if user is not None and getattr(user, "is_active", True)}
    if not people:
        return 0
    preferences = {
        preference.user_id: preference
        for preference in NotificationPreference.objects.filter(user_id__in=people, kind=kind)
    }
    notifications = []
    messages = []
    for user_id, user in people.items():
        preference = preferences.get(user_id)
        with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
            text = str(title() if callable(title) else title)
            if preference is None or preference.in_app:
                notifications.append(
                    Notification(user=user, programme=programme, kind=kind, title=text[:300], url=url)
                )
            if user.email and (preference is None or preference.email):
                content = str(body() if callable(body) else body) or text
                link = _absolute(url)
                message = EmailMessage(
                    subject=text[:200], body=f"{content}\n\n{link}".strip(), to=[user.email]
                )
                for name, data, mimetype in attachments:
                    message.attach(name, data, mimetype)
                messages.append(message)
    Notification.objects.bulk_create(notifications)
    if messages:
        transaction.on_commit(lambda: _send(messages))
    return len(notifications)


def _send(messages: list[EmailMessage]) -> None:
    for message in messages:
        message.send()


@transaction.atomic
def mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications as read (reading is not audited: it is the
    user's own inbox, not programme data)."""
    if notification.user_id != actor.pk:
        raise PermissionError("not the user's notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, actor: Any) -> int:
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, actor: Any, choices: dict[str, tuple[bool, bool]]) -> None:
    """Save what the actor receives: per kind (in the app, by e-mail)."""
    unknown = set(choices) - set(NotificationKind.values)
    if unknown:
        raise ValueError(f"unknown notification kinds {sorted(unknown)}")
    for kind, (in_app, email) in choices.items():
        NotificationPreference.objects.update_or_create(
            user=actor, kind=kind, defaults={"in_app": in_app, "email": email}
        )
    record(
        actor=actor,
        action="notification.preferences",
        obj=None,
        changes={kind: {"in_app": in_app, "email": email} for kind, (in_app, email) in choices.items()},
    )
