"""Two people approve the same minutes at the same moment, in two real transactions: one approval
counts, the other gets a clear message, and nothing is lost.

This needs a database with row locks across connections (PostgreSQL, as in production). The same
rule is tested on every database with two stale copies in tests/test_meetings.py."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from koers.audit.models import AuditEvent
from koers.meetings import services
from koers.meetings.models import Meeting
from tests import factories
from tests.meetings_data import build, held

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("no_mfa"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite's shared in-memory test database locks whole tables, not rows",
    ),
]


def test_two_simultaneous_approvals_give_one_approval_and_one_clear_message():
    organisation = factories.OrganisationFactory(name="Gemeente Gelijktijdig")
    programme = factories.ProgrammeFactory(organisation=organisation, active=True)
    manager = factories.member(programme, "programmamanager")
    world = build(programme, manager)
    meeting = held(world)
    services.decision_create(actor=world.manager, meeting=meeting, text="Blijft staan.")
    services.meeting_change_status(actor=world.manager, meeting=meeting, status="verslag_concept")
    version = Meeting.objects.get(pk=meeting.pk).version
    start = threading.Barrier(2)
    results: dict[str, str] = {}

    def approve(name: str, user) -> None:
        try:
            copy = Meeting.objects.select_related("body", "programme").get(pk=meeting.pk)
            start.wait()
            services.meeting_change_status(
                actor=user, meeting=copy, status="verslag_vastgesteld", expected_version=version
            )
            results[name] = "done"
        except ValidationError as error:
            results[name] = error.code or "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=approve, args=("manager", world.manager)),
        threading.Thread(target=approve, args=("member", world.member_user)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == ["approved", "done"], results  # "approved": already approved
    meeting.refresh_from_db()
    assert meeting.status == "verslag_vastgesteld"
    winner = world.manager if results["manager"] == "done" else world.member_user
    assert meeting.minutes_approved_by == winner
    assert meeting.decisions.get().text == "Blijft staan."
    approvals = AuditEvent.objects.filter(
        action="meeting.change_status", changes__status__1="verslag_vastgesteld"
    )
    assert approvals.count() == 1
