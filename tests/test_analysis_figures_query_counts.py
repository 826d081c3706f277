"""The figure pages ask the database a fixed number of queries, however many buurten, years and
crime types there are (1× and 10× the data), and the number is pinned."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.analysis.models import Area, AreaGeometry, Dataset, Measure, Observation, Population
from tests import figures_world

pytestmark = pytest.mark.django_db

PAGES = {
    # url name, query string: pinned number of queries
    ("analysis_trend", ""): 12,
    ("analysis_trend", "?gebied=WK912300&per=1000"): 12,
    ("analysis_comparison", "?niveau=buurten"): 14,
    ("analysis_comparison", "?niveau=wijken"): 14,
    ("analysis_youth", ""): 9,
}


def count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def reset() -> None:
    for model in (AreaGeometry, Population, Observation, Measure, Dataset):
        model.objects.all().delete()
    Area.objects.filter(level="buurt").delete()
    Area.objects.filter(level="wijk").delete()
    Area.objects.all().delete()


@pytest.mark.parametrize(("name", "query"), sorted(PAGES))
def test_figure_page_query_count_is_flat_and_pinned(name, query, manager_client, programme, settings):
    settings.MFA_ENFORCE = False
    path = reverse(name, kwargs={"programme_uuid": programme.uuid}) + query
    figures_world.build(programme.organisation, scale=1, youth=True)
    count(manager_client, path)  # the first request of a session also writes the session
    small = count(manager_client, path)
    reset()
    world = figures_world.build(programme.organisation, scale=10, youth=True)
    assert len(world.buurten) == 30 and len(world.years) == 30 and len(world.extra_measures) == 9
    large = count(manager_client, path)
    assert small == large, f"{name}{query}: {small} queries with little data, {large} with more (N+1)"
    assert large == PAGES[(name, query)], f"{name}{query}: {large} queries, pinned at {PAGES[(name, query)]}"
