"""The pages of the communication plan, the lessons learned and the shared library ask the
database a fixed number of queries, with a few rows or many: measured with both and pinned, so
that an N+1 query fails here."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.communication import services as communication_services
from koers.lessons import services as lesson_services
from koers.plan.models import FocusArea, SubProject, SubProjectMilestone
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

PINNED = {
    "communication_plan": 7,
    "communication_moments": 6,
    "communication_calendar": 6,
    "lessons": 11,
    "library_list": 7,
}


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(programme, manager, foreign_manager, size: int) -> None:
    """``size`` audiences with two moments each (one linked to a milestone), ``size`` lessons with
    focus areas and themes, half of them published, and as many published by another municipality."""
    today = datetime.date.today()
    person = programme.people.first()
    area = FocusArea.objects.get_or_create(programme=programme, key="buurt", defaults={"name": "Buurt"})[0]
    sub = SubProject.objects.get_or_create(programme=programme, name="Straatcoaches")[0]
    milestone = SubProjectMilestone.objects.get_or_create(subproject=sub, title="Start", due=today)[0]
    audiences = [
        "bewoners",
        "gemeenteraad",
        "pers",
        "scholen",
        "ouders",
        "jongeren",
        "partners",
        "ondernemers",
    ]
    for i in range(programme.communication_lines.count(), size):
        line = communication_services.line_create(
            actor=manager,
            programme=programme,
            audience=audiences[i % len(audiences)],
            audience_name=f"Groep {i}",
            channels=["website"],
            owner=person,
        )
        for days in (-3, 5):
            communication_services.moment_create(
                actor=manager,
                programme=programme,
                title=f"Moment {i} {days}",
                audience=line,
                planned_on=today + datetime.timedelta(days=days),
                owner=person,
                milestone=milestone,
            )
    for i in range(programme.lessons.count(), size):
        lesson = lesson_services.lesson_create(
            actor=manager,
            programme=programme,
            title=f"Les {i}",
            subproject=sub,
            recommendation="Begin klein.",
            focus_areas=[area],
            themes=f"thema {i % 4}",
        )
        if i % 2:
            lesson_services.lesson_propose(actor=manager, lesson=lesson)
            lesson_services.lesson_approve(actor=manager, lesson=lesson)
    foreign = foreign_manager.programme_memberships.get().programme
    for i in range(foreign.lessons.count(), size):
        lesson = lesson_services.lesson_create(
            actor=foreign_manager, programme=foreign, title=f"Elders {i}", worked="Het werkte."
        )
        lesson_services.lesson_propose(actor=foreign_manager, lesson=lesson)
        lesson_services.lesson_approve(actor=foreign_manager, lesson=lesson)


@pytest.mark.parametrize("name", sorted(PINNED))
def test_query_count_is_flat_and_pinned(name, client, programme, manager, foreign_programme):
    factories.PersonFactory(programme=programme)
    foreign_manager = factories.member(foreign_programme, "programmamanager")
    client.force_login(manager)
    url = reverse(name) if name.startswith("library") else reverse(name, args=[programme.uuid])
    grow(programme, manager, foreign_manager, 2)
    count(client, url)  # the first request of a session also writes the session
    small = count(client, url)
    grow(programme, manager, foreign_manager, 20)
    large = count(client, url)
    assert small == large, f"{name}: {small} queries with little data, {large} with more (N+1)"
    assert large == PINNED[name], f"{name}: {large} queries, pinned at {PINNED[name]}"


def test_library_detail_query_count(client, programme, manager, foreign_programme):
    foreign_manager = factories.member(foreign_programme, "programmamanager")
    grow(programme, manager, foreign_manager, 2)
    item = foreign_programme.library_items.first()
    client.force_login(manager)
    url = reverse("library_detail", args=[item.uuid])
    count(client, url)
    assert count(client, url) == 7
