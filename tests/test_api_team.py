"""Step 1 through the API: partner organisations, the people of the team and the bodies, through
the same services and rules as the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from koers.audit.models import AuditEvent
from koers.teams import services as team_services
from koers.teams.models import Body, PartnerOrganisation, Person
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def police(organisation, manager):
    return team_services.partner_create(
        actor=manager,
        organisation=organisation,
        name="Politie Eigenstad",
        partner_type=factories.partner_type("politie"),
    )


@pytest.fixture
def agent(programme, manager, police):
    return team_services.person_create(
        actor=manager, programme=programme, full_name="Wijkagent", partner=police
    )


def test_partners_of_the_own_organisation_only(manager, police, foreign_organisation):
    factories.PartnerOrganisationFactory(organisation=foreign_organisation, name="Politie Anderstad")
    body = as_user(manager).get("/api/v1/partners").json()
    assert [p["name"] for p in body["results"]] == ["Politie Eigenstad"]
    assert body["results"][0]["partnerType"] == str(factories.partner_type("politie").uuid)


def test_a_foreign_partner_is_not_found(manager, foreign_organisation):
    other = factories.PartnerOrganisationFactory(organisation=foreign_organisation, name="Elders")
    assert as_user(manager).get(f"/api/v1/partners/{other.uuid}").status_code == 404


def test_partner_create_update_delete_through_services(manager, organisation):
    client = as_user(manager)
    created = client.post(
        "/api/v1/partners",
        {
            "organisation": str(organisation.uuid),
            "name": "Jongerenwerk Oost",
            "partnerType": str(factories.partner_type("jongerenwerk").uuid),
            "domains": ["vrije_tijd"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    url = f"/api/v1/partners/{created.json()['id']}"
    changed = client.patch(url, {"notes": "Avondteam", "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert client.delete(url).status_code == 204
    assert not PartnerOrganisation.objects.get(name="Jongerenwerk Oost").is_active
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"partner.create", "partner.update", "partner.delete"} <= actions


def test_a_partner_with_people_cannot_be_removed(manager, police, agent):
    response = as_user(manager).delete(f"/api/v1/partners/{police.uuid}")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "nonFieldErrors"
    police.refresh_from_db()
    assert police.is_active


def test_duplicate_partner_name_is_invalid_input(manager, organisation, police):
    response = as_user(manager).post(
        "/api/v1/partners",
        {
            "organisation": str(organisation.uuid),
            "name": "Politie Eigenstad",
            "partnerType": str(police.partner_type.uuid),
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "name"


def test_team_member_reads_people_but_may_not_add(programme, agent):
    member = factories.member(programme, "teamlid")
    client = as_user(member)
    body = client.get(f"/api/v1/programmes/{programme.uuid}/people").json()
    assert [p["fullName"] for p in body["results"]] == ["Wijkagent"]
    refused = client.post(f"/api/v1/programmes/{programme.uuid}/people", {"fullName": "X"}, format="json")
    assert refused.status_code == 403
    assert not Person.objects.filter(full_name="X").exists()


def test_person_create_links_the_partner_and_is_audited(manager, programme, police):
    response = as_user(manager).post(
        f"/api/v1/programmes/{programme.uuid}/people",
        {"fullName": "Leerplichtambtenaar", "partner": str(police.uuid), "teamRole": "leerplicht"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert programme.programme_partners.filter(partner=police).exists()
    assert AuditEvent.objects.filter(action="person.create", object_id=response.json()["id"]).exists()


def test_a_person_of_another_organisations_partner_is_refused(manager, programme, foreign_organisation):
    other = factories.PartnerOrganisationFactory(organisation=foreign_organisation, name="Elders")
    response = as_user(manager).post(
        f"/api/v1/programmes/{programme.uuid}/people",
        {"fullName": "Iemand", "partner": str(other.uuid)},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "partner"


def test_a_team_member_changes_only_their_own_details(programme, manager, police):
    member = factories.member(programme, "teamlid")
    own = team_services.person_create(actor=manager, programme=programme, full_name="Ik", email=member.email)
    url = f"/api/v1/programmes/{programme.uuid}/people/{own.uuid}"
    client = as_user(member)
    assert (
        client.patch(url, {"phone": "0612345678", "version": own.version}, format="json").status_code == 200
    )
    own.refresh_from_db()
    assert (
        client.patch(url, {"teamRole": "voorzitter", "version": own.version}, format="json").status_code
        == 403
    )


def test_removing_a_person_keeps_them_as_former_member(manager, programme, agent):
    client = as_user(manager)
    assert client.delete(f"/api/v1/programmes/{programme.uuid}/people/{agent.uuid}").status_code == 204
    agent.refresh_from_db()
    assert agent.is_former
    former = client.get(f"/api/v1/programmes/{programme.uuid}/people", {"former": "true"}).json()
    assert [p["id"] for p in former["results"]] == [str(agent.uuid)]


def test_bodies_with_members_through_the_service(manager, programme, agent):
    client = as_user(manager)
    created = client.post(
        f"/api/v1/programmes/{programme.uuid}/bodies",
        {"kind": "stuurgroep", "name": "Stuurgroep", "chair": str(agent.uuid), "members": [str(agent.uuid)]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["members"] == [str(agent.uuid)]
    second = client.post(
        f"/api/v1/programmes/{programme.uuid}/bodies",
        {"kind": "stuurgroep", "name": "Nog een"},
        format="json",
    )
    assert second.status_code == 400
    url = f"/api/v1/programmes/{programme.uuid}/bodies/{created.json()['id']}"
    changed = client.patch(url, {"members": [], "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["members"] == []
    stale = client.patch(url, {"name": "Andere naam", "version": 1}, format="json")
    assert stale.status_code == 409
    assert client.delete(url).status_code == 204
    assert not Body.objects.filter(programme=programme).exists()


def test_a_body_member_from_another_programme_is_refused(manager, programme, foreign_programme):
    stranger = factories.member(foreign_programme, "programmamanager")
    outsider = team_services.person_create(actor=stranger, programme=foreign_programme, full_name="Buiten")
    response = as_user(manager).post(
        f"/api/v1/programmes/{programme.uuid}/bodies",
        {"kind": "werkgroep", "name": "Werkgroep", "members": [str(outsider.uuid)]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "members"


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_people_and_bodies_lists_ask_a_fixed_number_of_queries(manager, programme, police):
    client = as_user(manager)
    people_url = f"/api/v1/programmes/{programme.uuid}/people"
    bodies_url = f"/api/v1/programmes/{programme.uuid}/bodies"
    partners_url = "/api/v1/partners"

    def grow(n: int) -> None:
        for i in range(n):
            person = team_services.person_create(
                actor=manager, programme=programme, full_name=f"Persoon {n}-{i}", partner=police
            )
            team_services.body_create(
                actor=manager,
                programme=programme,
                kind="werkgroep",
                name=f"Werkgroep {n}-{i}",
                chair=person,
                members=[person],
            )
            team_services.partner_create(
                actor=manager,
                organisation=programme.organisation,
                name=f"School {n}-{i}",
                partner_type=factories.partner_type("mbo"),
            )

    grow(1)
    before = [_count(client, url) for url in (people_url, bodies_url, partners_url)]
    grow(5)
    after = [_count(client, url) for url in (people_url, bodies_url, partners_url)]
    assert after == before
