"""The team page asks the database a fixed number of queries, whether the team has ten people or
five hundred: measured with both and pinned, so that an N+1 query fails here."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.teams.models import Body, PartnerOrganisation, Person, ProgrammePartner
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

# The step plan asks one query each for the figures, findings, analysis document, plan, actions,
# RACI and plan version milestones, and six for step 5: meetings (2), communication plan and lessons
# (2), monitoring (2).
PINNED = 36  # step 6: +1 indicator milestones, +1 evaluation plan milestone, +1 verdict milestones
KINDS = ("gemeente", "politie", "om", "jongerenwerk", "basisschool", "mbo", "halt", "wijkteam")


def grow_to(programme, size: int) -> None:
    """Bring the team to ``size`` people (a tenth of them former members), spread over partners
    of several types and over the bodies, some with a Koers account."""
    organisation = programme.organisation
    partners = list(PartnerOrganisation.objects.filter(organisation=organisation))
    while len(partners) < max(2, size // 25):
        partner = factories.PartnerOrganisationFactory(
            organisation=organisation, kind=KINDS[len(partners) % len(KINDS)]
        )
        ProgrammePartner.objects.create(programme=programme, partner=partner)
        partners.append(partner)
    if not programme.bodies.exists():
        factories.BodyFactory(programme=programme, stuurgroep=True)
        factories.BodyFactory(programme=programme, projectteam=True)
        factories.BodyFactory(programme=programme, name="Werkgroep school")
    bodies = list(programme.bodies.all())
    start = programme.people.count()
    new = Person.objects.bulk_create(
        Person(
            programme=programme,
            partner=partners[i % len(partners)],
            full_name=f"Teamlid {i:04d}",
            function="Adviseur",
            email=f"teamlid{i}@partner.example",
            team_role=f"Rol {i % 7}",
            view_on_problem="Ziet wat er in de wijk gebeurt.",
            removed_at=programme.created_at if i % 10 == 9 else None,
        )
        for i in range(start, size)
    )
    for i, person in enumerate(new):
        if i % 20 == 0:
            person.user = factories.member(programme, "teamlid")
            person.save(update_fields=["user"])
    Membership = Body.members.through
    Membership.objects.bulk_create(
        Membership(body_id=bodies[i % len(bodies)].pk, person_id=person.pk)
        for i, person in enumerate(new)
        if person.removed_at is None
    )


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("filtered", [False, True], ids=["everyone", "filtered"])
def test_the_team_page_query_count_is_flat_from_ten_to_five_hundred_people(
    filtered, client, programme, manager
):
    client.force_login(manager)
    grow_to(programme, 10)
    url = reverse("team_overview", kwargs={"programme_uuid": programme.uuid})
    if filtered:
        body = programme.bodies.get(kind="projectteam")
        url += f"?body={body.uuid}&role=Rol"
    count(client, url)  # the first request of a session also writes the session
    small = count(client, url)

    grow_to(programme, 500)
    large = count(client, url)

    assert small == large, f"{small} queries with 10 people, {large} with 500 (N+1)"
    assert large == PINNED, f"{large} queries, pinned at {PINNED}"


def test_the_team_page_shows_a_page_of_people_not_all_five_hundred(client, programme, manager):
    client.force_login(manager)
    grow_to(programme, 500)

    response = client.get(reverse("team_overview", kwargs={"programme_uuid": programme.uuid}))

    assert response.status_code == 200
    assert "Teamlid 0000" in response.text
    assert "Teamlid 0400" not in response.text
