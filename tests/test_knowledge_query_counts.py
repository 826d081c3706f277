"""The knowledge base's list pages ask the database a fixed number of queries, with ten items or
two hundred: measured with both and pinned, so that an N+1 query fails here."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.knowledge.models import Experience, Source
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

PINNED_SOURCES = 7
PINNED_EXPERIENCES = 8


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow_sources(programme, size: int) -> None:
    start = programme.sources.count()
    Source.objects.bulk_create(
        Source(
            programme=programme,
            title=f"Bron {i:04d}",
            author="Onderzoeksbureau",
            year=2000 + i % 25,
            kind="onderzoek",
            url=f"https://bron.example/{i}",
            focus_areas=["school", "online"],
            themes="school, online",
        )
        for i in range(start, size)
    )


def grow_experiences(programme, size: int) -> None:
    authors = [factories.member(programme, "teamlid") for _ in range(3)]
    for user in authors[:1]:
        factories.PersonFactory(programme=programme, user=user)
    start = programme.experiences.count()
    Experience.objects.bulk_create(
        Experience(
            programme=programme,
            author=authors[i % 3],
            area=f"Wijk {i}",
            group="jongeren 14–18",
            pattern="Groepjes op straat.",
        )
        for i in range(start, size)
    )


def test_the_source_list_query_count_is_flat(client, programme, manager):
    client.force_login(manager)
    url = reverse("knowledge_sources", kwargs={"programme_uuid": programme.uuid})
    grow_sources(programme, 10)
    count(client, url)
    small = count(client, url)
    grow_sources(programme, 200)
    large = count(client, url + "?q=bron&soort=onderzoek&focusgebied=school")
    assert count(client, url) == small
    assert small == PINNED_SOURCES, f"{small} queries, pinned at {PINNED_SOURCES}"
    assert large == small


def test_the_experience_list_query_count_is_flat(client, programme, manager):
    client.force_login(manager)
    url = reverse("knowledge_experiences", kwargs={"programme_uuid": programme.uuid})
    grow_experiences(programme, 10)
    count(client, url)
    small = count(client, url)
    grow_experiences(programme, 200)
    large = count(client, url)
    assert small == large, f"{small} queries with 10, {large} with 200 (N+1)"
    assert large == PINNED_EXPERIENCES, f"{large} queries, pinned at {PINNED_EXPERIENCES}"
