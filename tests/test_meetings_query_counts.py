"""The meeting pages ask the database a fixed number of queries, with few meetings or many, few
agenda items, documents, decisions and actions or many: measured with both and pinned, so that
an N+1 query fails here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.actions import services as action_services
from koers.meetings import services
from tests.meetings_data import build, held, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]

PINNED = {
    "meetings": 9,
    "decisions": 8,
    "meeting_detail": 23,  # with Koers's suggestions for the agenda (overdue, at risk, pending …)
    "meeting_detail_held": 15,  # a held meeting: its minutes, decisions and their actions
    "decision_detail": 11,
}


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(world, upcoming, past, size: int) -> None:
    today = timezone.localdate()
    for i in range(upcoming.agenda_items.count(), size):
        item = services.agenda_item_add(
            actor=world.manager,
            meeting=upcoming,
            title=f"Punt {i}",
            presenter=world.chair,
            minutes_allotted=10,
        )
        services.agenda_document_add(
            actor=world.manager, item=item, title=f"Stuk {i}", url="https://x.example/a"
        )
        action_services.action_create(
            actor=world.manager,
            programme=world.programme,
            today=today - dt.timedelta(days=40),
            title=f"Te laat {i}",
            owner=world.chair,
            subproject=world.subproject,
            due_date=today - dt.timedelta(days=3),
            notify=False,
        )
    for i in range(past.decisions.count(), size):
        decision = services.decision_create(
            actor=world.manager, meeting=past, text=f"Besluit {i}", subprojects=[world.subproject]
        )
        services.actions_from_decision(
            actor=world.manager,
            decision=decision,
            actions=[{"title": f"Actie {i}", "owner": world.chair, "due_date": today + dt.timedelta(days=9)}],
            tell=False,
        )
        pending = services.decision_create(
            actor=world.manager, meeting=past, text=f"Later {i}", status="aangehouden"
        )
        assert pending
    for i in range(world.programme.meetings.count(), size * 2):
        plan(world, days=10 + i, title=f"Overleg {i}")
        held(world, days=-(10 + i), title=f"Eerder {i}")


@pytest.mark.parametrize("name", sorted(PINNED))
def test_meeting_page_query_count_is_flat_and_pinned(name, client, programme, manager):
    world = build(programme, manager)
    upcoming = plan(world, days=3, title="Komend")
    past = held(world, days=-3, title="Vorig")
    decision_holder = {}

    def url() -> str:
        base = {"programme_uuid": programme.uuid}
        if name in ("meetings", "decisions"):
            return reverse(name, kwargs=base)
        if name == "meeting_detail":
            return reverse(name, kwargs={**base, "meeting_uuid": upcoming.uuid})
        if name == "meeting_detail_held":
            return reverse("meeting_detail", kwargs={**base, "meeting_uuid": past.uuid})
        decision_holder.setdefault("d", past.decisions.order_by("number").first())
        return reverse(name, kwargs={**base, "decision_uuid": decision_holder["d"].uuid})

    client.force_login(manager)
    grow(world, upcoming, past, 2)
    count(client, url())  # the first request of a session also writes the session
    small = count(client, url())
    grow(world, upcoming, past, 12)
    large = count(client, url())
    assert small == large, f"{name}: {small} queries with little data, {large} with more (N+1)"
    assert large == PINNED[name], f"{name}: {large} queries, pinned at {PINNED[name]}"
