"""E-mail reminders about actions: three days before the due date, once when an action is overdue,
and on Mondays a weekly overview per person. Each reminder is logged under a unique key
(ReminderSent), so running the reminders twice on a day sends nothing twice. People with a Koers
account choose what they receive (ReminderPreference); others get everything."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Action, ReminderPreference, ReminderSent
from .reference import OPEN_STATUSES

DAYS_BEFORE = 3
KINDS = ("before_due", "when_overdue", "weekly_digest")


@dataclass
class Outcome:
    sent: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))


def wants(action: Action, kind: str, preferences: dict[int, ReminderPreference]) -> bool:
    """Whether the owner of ``action`` wants reminders of ``kind`` (yes without an account)."""
    owner = action.owner
    if owner is None or not owner.email or owner.removed_at is not None:
        return False
    if owner.user_id is None or owner.user_id not in preferences:
        return True
    return bool(getattr(preferences[owner.user_id], kind))


def preference_for(user: Any) -> ReminderPreference:
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


def _url(action: Action) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "action_detail", kwargs={"programme_uuid": action.programme.uuid, "action_uuid": action.uuid}
    )


def _send_once(key: str, kind: str, *, subject: str, body: str, to: str) -> bool:
    """Log ``key`` and send; if it was logged before, send nothing. A failed send logs nothing."""
    with transaction.atomic():
        _, created = ReminderSent.objects.get_or_create(key=key, defaults={"kind": kind})
        if created:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])
    return created


def open_actions() -> Any:
    return (
        Action.objects.filter(status__in=OPEN_STATUSES, due_date__isnull=False, owner__isnull=False)
        .select_related("owner", "programme")
        .order_by("due_date", "pk")
    )


def run(today: datetime.date) -> Outcome:
    outcome = Outcome()
    actions = list(open_actions().filter(programme__status__in=("concept", "actief")))
    user_ids = {a.owner.user_id for a in actions if a.owner is not None and a.owner.user_id}
    preferences = {p.user_id: p for p in ReminderPreference.objects.filter(user_id__in=user_ids)}
    soon = today + datetime.timedelta(days=DAYS_BEFORE)
    for action in actions:
        assert action.owner is not None and action.due_date is not None
        context = {"action": action, "url": _url(action), "today": today}
        due = action.due_date.isoformat()
        chances = (
            (
                "before_due",
                action.due_date == soon,
                f"due:{action.uuid}:{due}",
                _("[Koers] Due in three days: %(title)s"),
            ),
            (
                "when_overdue",
                action.due_date < today,
                f"overdue:{action.uuid}:{due}",
                _("[Koers] Overdue: %(title)s"),
            ),
        )
        for kind, applies, key, subject in chances:
            if not applies or not wants(action, kind, preferences):
                continue
            template = "before_due" if kind == "before_due" else "overdue"
            if _send_once(
                key,
                kind,
                subject=subject % {"title": action.title},
                body=render_to_string(f"actions/email/{template}.txt", context),
                to=action.owner.email,
            ):
                outcome.sent[kind] += 1
    if today.weekday() == 0:
        by_owner: dict[str, list[Action]] = defaultdict(list)
        for action in actions:
            if wants(action, "weekly_digest", preferences):
                assert action.owner is not None
                by_owner[action.owner.email.lower()].append(action)
        year, week, _day = today.isocalendar()
        for email, own in sorted(by_owner.items()):
            items = [{"action": a, "url": _url(a), "overdue": a.is_overdue_on(today)} for a in own]
            if _send_once(
                f"digest:{email}:{year}-W{week:02d}",
                "weekly_digest",
                subject=_("[Koers] Your actions this week"),
                body=render_to_string("actions/email/digest.txt", {"items": items, "today": today}),
                to=email,
            ):
                outcome.sent["weekly_digest"] += 1
    return outcome
