"""The demo gives Voorbeeldstad about sixty actions with owners from the demo team, spread over the
six sub-projects and the programme, some overdue, some done and some cancelled, once. Its mail goes
out as in production: the last meeting's owners get the assignment e-mail and this week's
reminders are sent, each once."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core import mail
from django.utils import timezone

from koers.actions.models import ReminderSent
from koers.audit.models import AuditEvent
from koers.programmes.navigator import evaluate
from tests.test_findings_demo import demo_programme


def test_the_demo_adds_sixty_actions_once(db, django_capture_on_commit_callbacks):
    from koers.demo.actions import ACTIONS
    from koers.demo.content import create_demo

    with django_capture_on_commit_callbacks(execute=True):
        create_demo()
    events = AuditEvent.objects.filter(action__startswith="action.").count()
    with django_capture_on_commit_callbacks(execute=True):
        create_demo()

    programme = demo_programme()
    actions = list(
        programme.actions.filter(decision__isnull=True, verdict__isnull=True).select_related(
            "owner", "subproject", "organisation"
        )
    )  # not from meetings nor from evaluation decisions
    assert len(actions) == len(ACTIONS) == 60
    assert len({a.title for a in actions}) == 60
    assert AuditEvent.objects.filter(action__startswith="action.").count() == events
    assert all(a.owner is not None and a.due_date is not None for a in actions)
    assert all(a.organisation == a.owner.partner for a in actions)
    today = timezone.localdate()
    overdue = [a for a in actions if a.is_overdue_on(today)]
    assert 8 <= len(overdue) <= 15
    statuses = Counter(a.status for a in actions)
    assert statuses["gereed"] >= 8 and statuses["vervallen"] >= 2 and statuses["bezig"] >= 5
    assert set(Counter(a.origin for a in actions)) == {"plan", "overlegbesluit", "bijsturing"}
    # Every sub-project has several actions; a few belong to the whole programme.
    per_subproject = Counter(a.subproject.name if a.subproject else "" for a in actions)
    assert per_subproject.keys() == {"", *programme.subprojects.values_list("name", flat=True)}
    assert min(per_subproject.values()) >= 5
    # Many owners, not one person doing everything.
    assert len({a.owner_id for a in actions}) >= 12

    step_four = evaluate(programme).steps[3]
    assert {r.milestone.key: r.met for r in step_four.results} == {
        "actions.subprojects": True,
        "actions.raci": True,
    }


def test_the_demo_sends_this_weeks_reminders_and_the_new_assignments_once(
    db, django_capture_on_commit_callbacks
):
    from koers.demo.actions import FROM_LAST_MEETING
    from koers.demo.content import create_demo

    with django_capture_on_commit_callbacks(execute=True):
        create_demo()
    first = len(mail.outbox)
    subjects = [m.subject for m in mail.outbox]
    logged = Counter(ReminderSent.objects.values_list("kind", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        create_demo()

    assert len(mail.outbox) == first
    assert Counter(ReminderSent.objects.values_list("kind", flat=True)) == logged
    programme = demo_programme()
    today = timezone.localdate()
    overdue = [a for a in programme.actions.select_related("owner") if a.is_overdue_on(today)]
    # Once per overdue action, to its owner.
    assert logged["when_overdue"] == len(overdue)
    for action in overdue:
        assert any(
            m.subject.endswith(action.title) and m.to == [action.owner.email] and "Te laat" in m.subject
            for m in mail.outbox
        ), action.title
    # Due in three days: at least the action due three days from today.
    soon = programme.actions.get(title="Overlast in portieken van de Molenwijk in kaart brengen")
    assert soon.due_date == today + dt.timedelta(days=3)
    assert logged["before_due"] >= 1
    assert any(s.startswith("[Koers] Over drie dagen klaar") for s in subjects)
    # This week's overview (the reminders of this week's Monday), one per owner with open actions.
    owners = {
        a.owner.email.lower()
        for a in programme.actions.select_related("owner")
        if a.status in ("open", "bezig")
    }
    assert logged["weekly_digest"] == len(owners)
    # The owners of the last meeting's actions and of the follow-up actions of the evaluation
    # decisions got the assignment e-mail; nobody else did.
    from_verdicts = programme.actions.filter(verdict__isnull=False, owner__isnull=False)
    assigned = [m for m in mail.outbox if m.subject.startswith("[Koers] Actie voor jou")]
    assert sorted(m.subject.removeprefix("[Koers] Actie voor jou: ") for m in assigned) == sorted(
        [*FROM_LAST_MEETING, *from_verdicts.values_list("title", flat=True)]
    )


def test_the_demo_gives_each_subproject_a_valid_raci_once(db):
    from koers.actions.raci import matrix
    from koers.demo.content import create_demo
    from koers.plan.models import SubProject

    create_demo()
    programme = demo_programme()
    subproject = SubProject.objects.create(
        programme=programme, name="Straatcoaches", kwartiermaker=programme.people.order_by("pk").last()
    )
    create_demo()
    create_demo()
    rows = matrix(subproject)
    assert len(rows) == 3
    assert all(not row.problems for row in rows)


def test_the_demo_manager_finds_the_reminder_settings_from_her_account_page(db, client, no_mfa):
    from django.urls import reverse

    from koers.demo.content import create_demo

    create_demo()
    programme = demo_programme()
    client.force_login(programme.memberships.get(role="programmamanager").user)

    profile = client.get(reverse("account_profile"))

    assert profile.status_code == 200
    assert f'href="{reverse("actions_settings")}"' in profile.text
    assert client.get(reverse("actions_settings")).status_code == 200
    subproject = programme.subprojects.get(name="Straatcoaches Noord")
    raci = reverse("actions_raci", args=[programme.uuid, subproject.uuid])
    detail = reverse("plan_subproject_detail", args=[programme.uuid, subproject.uuid])
    assert f'href="{raci}"' in client.get(detail).text
    assert f'href="{detail}"' in client.get(raci).text
