"""The iCalendar feed of a user's actions: a secret token a user makes (shown once, stored as a
hash) and revokes, and the feed itself with one all-day VTODO per action, for the programmes the
user can still see."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Todo

from koers.audit.services import record
from koers.organisations.models import Membership

from .models import Action, FeedToken
from .reference import ActionStatus

ICAL_STATUS = {
    ActionStatus.OPEN: "NEEDS-ACTION",
    ActionStatus.IN_PROGRESS: "IN-PROCESS",
    ActionStatus.DONE: "COMPLETED",
    ActionStatus.CANCELLED: "CANCELLED",
}
ICAL_PRIORITY = {"hoog": 1, "normaal": 5, "laag": 9}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: Any) -> str:
    """A new secret for ``actor``'s feed; earlier ones are revoked. Returns the token (once)."""
    token_revoke(actor=actor)
    token = secrets.token_urlsafe(32)
    FeedToken.objects.create(user=actor, token_hash=_hash(token))
    record(actor=actor, action="action.feed_create", obj=None, changes={})
    return token


@transaction.atomic
def token_revoke(*, actor: Any) -> int:
    revoked = FeedToken.objects.filter(user=actor, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        record(actor=actor, action="action.feed_revoke", obj=None, changes={})
    return revoked


def active_token(user: Any) -> FeedToken | None:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def user_for_token(token: str) -> Any:
    found = (
        FeedToken.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return found.user if found else None


def feed_actions(user: Any) -> QuerySet[Action]:
    """The user's actions in programmes where they are still a member (and still active in the
    programme's organisation)."""
    organisations = Membership.objects.active().filter(user=user).values("organisation")
    return (
        Action.objects.filter(
            owner__user=user,
            owner__removed_at__isnull=True,
            programme__memberships__user=user,
            programme__organisation__in=organisations,
        )
        .select_related("programme", "subproject", "organisation")
        .distinct()
        .order_by("due_date", "pk")
    )


def feed_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("actions_feed", kwargs={"token": token})


def calendar_for(user: Any) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Koers//Afspraken//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Koers")
    stamp = timezone.now().astimezone(datetime.UTC)
    site = settings.SITE_URL.rstrip("/")
    for action in feed_actions(user):
        todo = Todo()
        todo.add("uid", f"{action.uuid}@koers")
        todo.add("dtstamp", stamp)
        todo.add("summary", action.title)
        description = [action.programme.name]
        if action.subproject is not None:
            description.append(action.subproject.name)
        if action.organisation is not None:
            description.append(action.organisation.name)
        if action.description:
            description.append(action.description)
        todo.add("description", "\n".join(description))
        if action.due_date is not None:
            todo.add("due", action.due_date)
        todo.add("status", ICAL_STATUS[ActionStatus(action.status)])
        todo.add("priority", ICAL_PRIORITY.get(action.priority, 5))
        if action.completed_at is not None:
            todo.add("completed", action.completed_at.astimezone(datetime.UTC))
        todo.add("last-modified", action.updated_at.astimezone(datetime.UTC))
        todo.add(
            "url",
            site
            + reverse(
                "action_detail", kwargs={"programme_uuid": action.programme.uuid, "action_uuid": action.uuid}
            ),
        )
        cal.add_component(todo)
    return cal.to_ical()
