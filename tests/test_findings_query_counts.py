"""The findings' list and detail pages ask the database a fixed number of queries, with two
findings or thirty: measured with both and pinned, so that an N+1 query fails here."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.findings import services
from tests import factories
from tests.findings_data import TOPIC, finding, municipality_with_figures, source

pytestmark = pytest.mark.usefixtures("no_mfa")

PINNED_LIST = 8
PINNED_DETAIL = 11  # + the goals answering the finding


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(programme, actor, data, size: int) -> None:
    known = source(actor, programme, title=f"Bron {programme.findings.count()}")
    domains = ("buurt", "school", "gezin", "online", "vrije_tijd")
    for i in range(programme.findings.count(), size):
        item = finding(
            actor,
            programme,
            title=f"Bevinding {i:03d}",
            life_domain=domains[i % len(domains)],
            priority_areas=[data["wijken"][i % 2], data["buurten"][i % 2]],
        )
        services.evidence_add(actor=actor, finding=item, source=known)


def test_the_finding_list_query_count_is_flat(client, programme, manager):
    data = municipality_with_figures(programme)
    client.force_login(manager)
    url = reverse("findings", kwargs={"programme_uuid": programme.uuid})
    grow(programme, manager, data, 2)
    count(client, url)
    small = count(client, url)
    grow(programme, manager, data, 30)
    large = count(client, url)
    filtered = count(client, url + "?levensdomein=buurt&soort=probleemstelling&status=concept")
    assert small == large == filtered, f"{small} queries with 2, {large} with 30 (N+1)"
    assert small == PINNED_LIST, f"{small} queries, pinned at {PINNED_LIST}"


def test_the_finding_detail_query_count_is_flat(client, programme, manager):
    data = municipality_with_figures(programme)
    item = finding(manager, programme, priority_areas=data["wijken"])
    url = reverse("finding_detail", kwargs={"programme_uuid": programme.uuid, "finding_uuid": item.uuid})
    client.force_login(manager)

    def add(n: int) -> None:
        for i in range(n):
            member = factories.member(programme, "teamlid")
            services.comment_add(actor=member, finding=item, text=f"Reactie {i}")
            services.stance_set(actor=member, finding=item, stance=("eens", "oneens", "vraag")[i % 3])
            services.evidence_add(
                actor=manager, finding=item, source=source(manager, programme, title=f"Bron {member.pk}")
            )

    add(1)
    services.evidence_add(
        actor=manager, finding=item, area=data["wijken"][0], measure=data["measure"], topic=TOPIC
    )
    count(client, url)
    small = count(client, url)
    add(12)
    large = count(client, url)
    assert small == large, f"{small} queries with 1 comment, {large} with 13 (N+1)"
    assert small == PINNED_DETAIL, f"{small} queries, pinned at {PINNED_DETAIL}"
