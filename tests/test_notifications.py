"""Notifications: made per person in their own language, in Koers and by e-mail as each person
chose, sent only when the change commits; a person sees, opens and reads only their own."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from koers.audit.models import AuditEvent
from koers.notifications import selectors, services
from koers.notifications.models import Notification, NotificationPreference
from koers.notifications.reference import NotificationKind
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

KIND = NotificationKind.AGENDA_SENT


@pytest.fixture
def people(db):
    dutch = factories.UserFactory(email="anna@gemeente.example", language="nl")
    english = factories.UserFactory(email="ben@gemeente.example", language="en")
    return dutch, english


def send(users, **kwargs):
    with transaction.atomic():
        return services.notify(
            users=users,
            kind=KIND,
            title=lambda: _title(),
            url="/programmas/",
            **kwargs,
        )


def _title() -> str:
    from django.utils.translation import gettext

    return gettext("Notifications")


def test_each_person_gets_a_notification_and_an_email_in_their_own_language(
    people, django_capture_on_commit_callbacks
):
    dutch, english = people
    with django_capture_on_commit_callbacks(execute=True):
        made = services.notify(users=[dutch, english, dutch], kind=KIND, title=_title, url="/programmas/")
    assert made == 2  # the same person once
    titles = dict(Notification.objects.values_list("user__email", "title"))
    assert titles == {"anna@gemeente.example": "Meldingen", "ben@gemeente.example": "Notifications"}
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == [("anna@gemeente.example", "Meldingen"), ("ben@gemeente.example", "Notifications")]
    links = [m.body.splitlines()[-1] for m in mail.outbox]
    assert all(link.startswith("http") and link.endswith("/programmas/") for link in links)


def test_preferences_decide_what_arrives_where(people, django_capture_on_commit_callbacks):
    dutch, english = people
    NotificationPreference.objects.create(user=dutch, kind=KIND, in_app=False, email=True)
    NotificationPreference.objects.create(user=english, kind=KIND, in_app=True, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users=[dutch, english], kind=KIND, title="Agenda")
    assert list(Notification.objects.values_list("user__email", flat=True)) == ["ben@gemeente.example"]
    assert [m.to for m in mail.outbox] == [["anna@gemeente.example"]]


def test_a_rolled_back_change_sends_no_email(people, django_capture_on_commit_callbacks):
    dutch, _ = people
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.notify(users=[dutch], kind=KIND, title="Agenda")
        raise RuntimeError("the change fails")
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_attachments_travel_with_the_email(people, django_capture_on_commit_callbacks):
    dutch, _ = people
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            users=[dutch],
            kind=KIND,
            title="Agenda",
            attachments=[("overleg.ics", b"BEGIN:VCALENDAR", "text/calendar")],
        )
    (message,) = mail.outbox
    assert message.attachments[0][0] == "overleg.ics"


def test_inactive_users_get_nothing(people, django_capture_on_commit_callbacks):
    dutch, _ = people
    dutch.is_active = False
    dutch.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify(users=[dutch, None], kind=KIND, title="Agenda") == 0
    assert mail.outbox == []


def test_the_list_shows_only_ones_own_notifications_and_opening_marks_read(client, people):
    dutch, english = people
    mine = Notification.objects.create(user=dutch, kind=KIND, title="Agenda stuurgroep", url="/programmas/")
    Notification.objects.create(user=english, kind=KIND, title="Agenda van een ander")
    client.force_login(dutch)
    page = client.get(reverse("notification_list")).content.decode()
    assert "Agenda stuurgroep" in page and "Agenda van een ander" not in page
    assert "1 ongelezen melding" in page
    assert "1 ongelezen" in client.get(reverse("notification_count")).content.decode()
    response = client.post(reverse("notification_open", args=[mine.uuid]))
    assert response.status_code == 302 and response["Location"] == "/programmas/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("notification_count")).content.decode().strip() == ""


def test_opening_never_leaves_koers(client, people):
    dutch, _ = people
    outside = Notification.objects.create(
        user=dutch, kind=KIND, title="Agenda", url="https://elders.example/"
    )
    client.force_login(dutch)
    response = client.post(reverse("notification_open", args=[outside.uuid]))
    assert response["Location"] == reverse("notification_list")


def test_another_persons_notification_is_not_found(client, people):
    dutch, english = people
    theirs = Notification.objects.create(user=english, kind=KIND, title="Agenda")
    client.force_login(dutch)
    assert client.post(reverse("notification_open", args=[theirs.uuid])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_ones_own(client, people):
    dutch, english = people
    for user in (dutch, dutch, english):
        Notification.objects.create(user=user, kind=KIND, title="Agenda")
    client.force_login(dutch)
    client.post(reverse("notification_all_read"))
    assert selectors.unread_count(dutch) == 0
    assert selectors.unread_count(english) == 1


def test_settings_are_saved_and_audited(client, people):
    dutch, _ = people
    client.force_login(dutch)
    page = client.get(reverse("notification_settings")).content.decode()
    assert page.count('type="checkbox"') == 2 * len(NotificationKind.values)
    assert page.count("checked") == 2 * len(NotificationKind.values)  # everything on by default
    data = {f"{kind}__in_app": "on" for kind in NotificationKind.values}
    data[f"{NotificationKind.MINUTES_APPROVED}__email"] = "on"
    response = client.post(reverse("notification_settings"), data)
    assert response.status_code == 302
    chosen = selectors.preferences(dutch)
    assert all(p.in_app for p in chosen.values())
    assert [k for k, p in chosen.items() if p.email] == [NotificationKind.MINUTES_APPROVED]
    event = AuditEvent.objects.get(action="notification.preferences")
    assert event.actor == dutch


def test_unknown_kinds_are_refused(people):
    dutch, _ = people
    with pytest.raises(ValueError):
        services.preferences_save(actor=dutch, choices={"onbekend": (True, True)})
    assert not NotificationPreference.objects.exists()


def test_the_list_needs_few_queries_however_many_notifications(client, people, django_assert_num_queries):
    dutch, _ = people
    programme = factories.ProgrammeFactory()
    Notification.objects.bulk_create(
        Notification(user=dutch, programme=programme, kind=KIND, title=f"Agenda {n}") for n in range(60)
    )
    client.force_login(dutch)
    client.get(reverse("notification_list"))
    with django_assert_num_queries(9):
        response = client.get(reverse("notification_list"))
    assert response.status_code == 200
    assert response.content.decode().count("koers-notification--unread") == 25
