"""The actions' pages ask the database a fixed number of queries, with two actions or fifty:
measured with both and pinned, so that an N+1 query fails here."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.actions import services
from koers.actions.models import Action
from koers.plan.models import SubProject
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

PINNED = {
    "actions_overview": 9,  # step 4's own milestones only (with the plan version milestone)
    "actions": 7,
    "actions_mine": 8,
    "actions_overdue": 7,
    "actions_calendar": 6,
    "actions_subproject": 8,
    "actions_organisation": 8,
    "actions_raci": 11,
}


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(programme, actor, owner, partner, subproject, size: int) -> None:
    today = timezone.localdate()
    for i in range(programme.actions.count(), size):
        services.action_create(
            actor=actor,
            programme=programme,
            title=f"Actie {i:03d}",
            owner=owner,
            organisation=partner,
            subproject=subproject,
            due_date=today + datetime.timedelta(days=i % 20),
        )
    from koers.actions import raci

    letters = {f"p{owner.uuid}": "A", f"p{subproject.kwartiermaker.uuid}": "R"}
    for i in range(subproject.raci_rows.count(), size):
        raci.row_save(actor=actor, subproject=subproject, activity=f"Taak {i}", letters=letters)
    Action.objects.filter(programme=programme, title__endswith="1").update(
        due_date=today - datetime.timedelta(days=3)
    )


@pytest.mark.parametrize("name", sorted(PINNED))
def test_action_page_query_count_is_flat_and_pinned(name, client, programme, manager):
    person = factories.PersonFactory(programme=programme, user=manager, email=manager.email)
    lead = factories.PersonFactory(programme=programme)
    subproject = SubProject.objects.create(programme=programme, name="Straatcoaches", kwartiermaker=lead)
    kwargs = {"programme_uuid": programme.uuid}
    if name in ("actions_subproject", "actions_raci"):
        kwargs["subproject_uuid"] = subproject.uuid
    if name == "actions_organisation":
        kwargs["organisation_uuid"] = person.partner.uuid
    url = reverse(name, kwargs=kwargs)
    client.force_login(manager)
    grow(programme, manager, person, person.partner, subproject, 2)
    count(client, url)
    small = count(client, url)
    grow(programme, manager, person, person.partner, subproject, 50)
    large = count(client, url)
    assert small == large, f"{name}: {small} queries with 2 actions, {large} with 50 (N+1)"
    assert small == PINNED[name], f"{name}: {small} queries, pinned at {PINNED[name]}"
