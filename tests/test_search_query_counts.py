"""The search pages ask the database a fixed number of queries, with two objects of each kind or
fifty: measured with both and pinned, so that an N+1 query fails here (ADR 0042)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.search_data import every_kind

pytestmark = pytest.mark.usefixtures("no_mfa")

# Session, user, the programme with the roles, the counts per kind, one page of results, and the
# header's two (the chosen organisation and the organisation switcher).
PINNED_PROGRAMME_SEARCH = 7
# Session, user, the programmes with the roles, the counts, the best results of each programme
# with results (two here), and the header's two.
PINNED_SEARCH = 8


def count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.context["total"]


def test_the_search_of_a_programme_asks_the_same_queries_with_2_or_50_objects_of_each_kind(
    manager_client, programme
):
    url = reverse("programme_search", args=[programme.uuid]) + "?q=hangplek"
    every_kind(programme, "hangplek", count=2)
    small, found_small = count(manager_client, url)
    every_kind(programme, "hangplek", count=48, start=2)
    large, found_large = count(manager_client, url)

    assert (found_small, found_large) == (2 * 8, 50 * 8)
    assert small == large == PINNED_PROGRAMME_SEARCH
    on_a_kind, _ = count(manager_client, url + "&soort=actie&pagina=2")
    assert on_a_kind == PINNED_PROGRAMME_SEARCH


def test_the_search_of_every_programme_asks_the_same_queries_with_2_or_50_objects_of_each_kind(
    client, manager, programme
):
    second = factories.ProgrammeFactory(organisation=programme.organisation, name="Tweede aanpak")
    factories.ProgrammeMembershipFactory(programme=second, user=manager, role="meelezer")
    client.force_login(manager)
    url = reverse("search") + "?q=hangplek"
    for each in (programme, second):
        every_kind(each, "hangplek", count=2, start=0 if each == programme else 100)
    small, found_small = count(client, url)
    for each in (programme, second):
        every_kind(each, "hangplek", count=48, start=2 if each == programme else 102)
    large, found_large = count(client, url)

    assert (found_small, found_large) == (2 * 2 * 8, 2 * 50 * 8)
    assert small == large == PINNED_SEARCH
