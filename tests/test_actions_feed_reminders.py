"""The calendar feed of one's actions (a secret address made, shown once and revoked; only
programmes the user can still see) and the e-mail reminders (each kind, preferences, and sending
nothing twice on a day)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from koers.actions import feeds, reminders, services
from koers.actions.models import Action, FeedToken, ReminderPreference, ReminderSent
from koers.programmes.models import ProgrammeMembership
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

MONDAY = datetime.date(2026, 11, 16)


def at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(7, 0), tzinfo=datetime.UTC), tick=False
    )


@pytest.fixture
def owner(programme):
    user = factories.member(programme, "teamlid")
    person = factories.PersonFactory(programme=programme, user=user, email="eigenaar@partner.example")
    return user, person


def add(manager, programme, person, title: str, due: datetime.date) -> Action:
    with at(due - datetime.timedelta(days=10)):
        return services.action_create(
            actor=manager, programme=programme, title=title, owner=person, due_date=due, notify=False
        )


# Feed -------------------------------------------------------------------------------------------


def test_the_feed_lists_the_users_actions_as_todos(client, programme, manager, owner):
    user, person = owner
    action = add(manager, programme, person, "Buurtavond organiseren", MONDAY)
    add(manager, programme, factories.PersonFactory(programme=programme), "Iemand anders", MONDAY)
    token = feeds.token_create(actor=user)
    assert len(token) >= 43  # 32 random bytes
    assert FeedToken.objects.get().token_hash != token  # only a hash is kept
    response = client.get(reverse("actions_feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    todos = calendar.walk("VTODO")
    assert [str(t["summary"]) for t in todos] == ["Buurtavond organiseren"]
    todo = todos[0]
    assert str(todo["uid"]) == f"{action.uuid}@koers"
    assert todo["due"].dt == MONDAY
    assert "dtstamp" in todo and str(todo["status"]) == "NEEDS-ACTION"
    again = Calendar.from_ical(client.get(reverse("actions_feed", kwargs={"token": token})).content)
    assert str(again.walk("VTODO")[0]["uid"]) == str(todo["uid"])  # stable


def test_unknown_and_revoked_tokens_get_nothing(client, owner):
    user, _person = owner
    old = feeds.token_create(actor=user)
    new = feeds.token_create(actor=user)  # a new address revokes the old
    assert client.get(reverse("actions_feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("actions_feed", kwargs={"token": "onbekend"})).status_code == 404
    assert client.get(reverse("actions_feed", kwargs={"token": new})).status_code == 200
    feeds.token_revoke(actor=user)
    assert client.get(reverse("actions_feed", kwargs={"token": new})).status_code == 404


def test_the_feed_leaves_out_programmes_the_user_left(client, programme, manager, owner):
    user, person = owner
    add(manager, programme, person, "Buurtavond organiseren", MONDAY)
    token = feeds.token_create(actor=user)
    ProgrammeMembership.objects.filter(user=user, programme=programme).delete()
    calendar = Calendar.from_ical(client.get(reverse("actions_feed", kwargs={"token": token})).content)
    assert calendar.walk("VTODO") == []


def test_the_settings_page_shows_the_address_once_and_revokes_it(client, owner):
    user, _person = owner
    client.force_login(user)
    url = reverse("actions_settings")
    page = client.post(url, {"wat": "agenda-maken"}).content.decode()
    assert "/agenda/" in page and ".ics" in page
    assert "/agenda/" not in client.get(url).content.decode()
    assert FeedToken.objects.filter(user=user, revoked_at__isnull=True).count() == 1
    client.post(url, {"wat": "agenda-intrekken"})
    assert not FeedToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_the_settings_page_saves_the_reminder_choices(client, owner):
    user, _person = owner
    client.force_login(user)
    response = client.post(reverse("actions_settings"), {"wat": "herinneringen", "before_due": "on"})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=user)
    assert preference.before_due and not preference.weekly_digest and not preference.on_assign


# Reminders --------------------------------------------------------------------------------------


def test_assigned_mail_respects_the_preference(programme, manager, owner, django_capture_on_commit_callbacks):
    user, person = owner
    ReminderPreference.objects.create(user=user, on_assign=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_create(actor=manager, programme=programme, title="Stil", owner=person)
    assert mail.outbox == []


def test_three_days_before_the_due_date(programme, manager, owner):
    _user, person = owner
    add(manager, programme, person, "Buurtavond organiseren", datetime.date(2026, 11, 20))
    assert reminders.run(datetime.date(2026, 11, 16)).sent["before_due"] == 0
    assert reminders.run(datetime.date(2026, 11, 17)).sent["before_due"] == 1
    assert mail.outbox[-1].to == ["eigenaar@partner.example"]
    assert "Buurtavond organiseren" in mail.outbox[-1].subject


def test_overdue_once(programme, manager, owner):
    _user, person = owner
    add(manager, programme, person, "Buurtavond organiseren", datetime.date(2026, 11, 18))
    assert reminders.run(datetime.date(2026, 11, 18)).sent["when_overdue"] == 0
    assert reminders.run(datetime.date(2026, 11, 19)).sent["when_overdue"] == 1
    assert reminders.run(datetime.date(2026, 11, 20)).sent["when_overdue"] == 0
    assert [m.subject for m in mail.outbox].count("[Koers] Te laat: Buurtavond organiseren") == 1


def test_weekly_digest_on_monday_per_person(programme, manager, owner):
    _user, person = owner
    add(manager, programme, person, "Eerste", datetime.date(2026, 11, 30))
    add(manager, programme, person, "Tweede", datetime.date(2026, 12, 4))
    assert reminders.run(datetime.date(2026, 11, 17)).sent["weekly_digest"] == 0  # a Tuesday
    assert reminders.run(datetime.date(2026, 11, 23)).sent["weekly_digest"] == 1
    body = mail.outbox[-1].body
    assert "Eerste" in body and "Tweede" in body


def test_preferences_switch_reminders_off(programme, manager, owner):
    user, person = owner
    ReminderPreference.objects.create(user=user, before_due=False, when_overdue=False, weekly_digest=False)
    add(manager, programme, person, "Buurtavond organiseren", datetime.date(2026, 11, 19))
    for day in (16, 20, 23):
        assert sum(reminders.run(datetime.date(2026, 11, day)).sent.values()) == 0
    assert mail.outbox == []


def test_done_actions_get_no_reminders(programme, manager, owner):
    _user, person = owner
    action = add(manager, programme, person, "Buurtavond organiseren", datetime.date(2026, 11, 19))
    services.action_set_status(actor=manager, action=action, status="gereed")
    assert sum(reminders.run(datetime.date(2026, 11, 23)).sent.values()) == 0


def test_the_command_twice_a_day_sends_nothing_twice(programme, manager, owner):
    _user, person = owner
    add(manager, programme, person, "Te laat", datetime.date(2026, 11, 10))
    add(manager, programme, person, "Bijna", datetime.date(2026, 11, 26))
    with at(datetime.date(2026, 11, 23)):
        call_command("reminders")
        first = len(mail.outbox)
        call_command("reminders")
        call_command("reminders", "--enqueue")
    assert first == 3  # overdue, due in three days, weekly overview
    assert len(mail.outbox) == first
    assert ReminderSent.objects.count() == 3
