"""Main pages ask the database a fixed number of queries, however much data there is.

Each page is measured with a small and a large data set; the counts must be equal (no N+1) and
equal to the pinned number, so that a new query on a page is a conscious change.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.audit.services import record
from tests import factories

ROLES = ("teamlid", "kwartiermaker", "stuurgroeplid", "onderzoeker", "meelezer")


def grow(programme, size: int) -> None:
    """Add ``size`` members, invitations, history events and team members (people of their own
    partner organisations, in a working group) to ``programme``."""
    people = []
    for i in range(size):
        user = factories.member(programme, ROLES[i % len(ROLES)])
        factories.InvitationFactory(programme=programme)
        record(
            actor=user,
            action="programme.update",
            obj=programme,
            programme=programme,
            changes={"name": ["a", "b"]},
        )
        factories.ProgrammeFactory(organisation=programme.organisation)
        people.append(factories.PersonFactory(programme=programme, without_role=i % 3 == 0))
    factories.BodyFactory(programme=programme, members=people)


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = {
    # url name: (pinned number of queries, needs the programme)
    "programme_list": (7, False),
    "programme_detail": (
        28,  # step 6: indicators +1, evaluation plans +1, verdicts +1
        True,
    ),  # +1 each: figures, findings, analysis document, plan, actions, RACI, plan version; step 5: 6
    # step 6: +1 indicators
    "programme_members": (7, True),
    "programme_history": (7, True),
    "analysis_overview": (12, True),  # only the milestones of step 2 (evaluate(step=2))
    "plan_overview": (9, True),  # step 3's own milestones only
    "plan_focus_areas": (7, True),
    "organisation_members": (7, False),
    "organisation_activity": (7, False),
    "meetings": (8, True),  # step 5 (no meetings here); with meetings: tests/test_meetings_query_counts.py
    "monitoring_dashboard": (5, True),  # from the cache; made anew: tests/test_monitoring.py
    "portfolio": (7, False),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_query_count_is_flat_and_pinned(name, client, programme, manager, settings):
    settings.MFA_ENFORCE = False
    pinned, needs_programme = PAGES[name]
    admin_membership = manager.memberships.get(organisation=programme.organisation)
    admin_membership.role = "beheerder"
    admin_membership.save()
    client.force_login(manager)
    url = reverse(name, kwargs={"programme_uuid": programme.uuid} if needs_programme else {})
    grow(programme, 2)
    count(client, url)  # the first request of a session also writes the session
    small = count(client, url)
    grow(programme, 40)
    large = count(client, url)
    assert small == large, f"{name}: {small} queries with little data, {large} with more (N+1)"
    assert large == pinned, f"{name}: {large} queries, pinned at {pinned}"
