"""The REST API's foundation and its programmes: the web's rules, services and audit trail."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from koers.api import services as api_services
from koers.audit.models import AuditEvent
from koers.programmes.models import Programme
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")


@pytest.fixture
def api(manager):
    client = APIClient()
    client.force_login(manager)
    return client


def bearer(user, scope="read_write") -> APIClient:
    client = APIClient()
    new = api_services.api_token_create(actor=user, name=f"sleutel {scope}", scope=scope)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {new.secret}")
    return client


def test_list_shows_only_the_users_programmes_with_total_and_version_header(
    api, programme, foreign_programme
):
    factories.ProgrammeFactory(organisation=programme.organisation, name="Niet mijn programma")
    response = api.get("/api/v1/programmes")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["total"] == 1
    assert [p["id"] for p in body["results"]] == [str(programme.uuid)]
    assert body["results"][0]["startDate"] == "2026-01-01"
    assert body["next"] is None and body["previous"] is None


def test_list_pages_filters_and_sorts(manager, programme):
    for n in range(3):
        p = factories.ProgrammeFactory(organisation=programme.organisation, name=f"Extra {n}")
        factories.ProgrammeMembershipFactory(programme=p, user=manager, role="teamlid")
    client = bearer(manager, "read")
    body = client.get("/api/v1/programmes", {"pageSize": 2, "sort": "name"}).json()
    assert body["total"] == 4 and body["pageSize"] == 2
    assert [p["name"] for p in body["results"]] == ["Eigenstad aanpak", "Extra 0"]
    assert "page=2" in body["next"]
    active = client.get("/api/v1/programmes", {"status": "actief"}).json()
    assert [p["name"] for p in active["results"]] == ["Eigenstad aanpak"]


def test_foreign_programme_is_a_404_problem(api, foreign_programme):
    response = api.get(f"/api/v1/programmes/{foreign_programme.uuid}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404 and problem["instance"] == f"/api/v1/programmes/{foreign_programme.uuid}"
    assert {"type", "title", "detail"} <= set(problem)


def test_unknown_api_address_is_a_problem_not_a_page(api):
    response = api.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_reader_may_not_change_a_programme_403_problem(programme):
    reader = factories.member(programme, "meelezer")
    response = bearer(reader).patch(
        f"/api/v1/programmes/{programme.uuid}", {"name": "Nieuw", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    programme.refresh_from_db()
    assert programme.name == "Eigenstad aanpak"


def test_anonymous_gets_401_problem(db):
    response = APIClient().get("/api/v1/programmes")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_create_goes_through_the_service_and_is_audited(manager, programme):
    client = bearer(manager)
    response = client.post(
        "/api/v1/programmes",
        {
            "organisation": str(programme.organisation.uuid),
            "name": "Tweede aanpak",
            "startDate": "2027-01-01",
            "endDate": "2029-12-31",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = Programme.objects.get(uuid=response.json()["id"])
    assert created.memberships.get(user=manager).role == "programmamanager"
    event = AuditEvent.objects.get(action="programme.create", object_id=str(created.uuid))
    assert event.actor == manager
    prefix = manager.api_tokens.get().prefix
    assert event.user_agent.endswith(f"[API key koers_{prefix}]")


def test_create_in_a_foreign_organisation_is_invalid_input(manager, foreign_organisation):
    response = bearer(manager).post(
        "/api/v1/programmes",
        {"organisation": str(foreign_organisation.uuid), "name": "X", "startDate": "2027-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["organisation"]
    assert not Programme.objects.filter(name="X").exists()


def test_service_validation_is_400_with_invalid_params_in_dutch(manager, programme):
    response = bearer(manager).patch(
        f"/api/v1/programmes/{programme.uuid}",
        {"endDate": "2020-01-01", "version": programme.version},
        format="json",
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["invalidParams"][0]["name"] == "endDate"
    assert problem["invalidParams"][0]["reason"] == "De einddatum moet op of na de startdatum liggen."


def test_validation_message_in_english_when_asked(manager, programme):
    response = bearer(manager).patch(
        f"/api/v1/programmes/{programme.uuid}",
        {"endDate": "2020-01-01", "version": programme.version},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["invalidParams"][0]["reason"] == "The end date must be on or after the start date."


def test_update_with_a_stale_version_is_409_and_changes_nothing(manager, programme):
    client = bearer(manager)
    url = f"/api/v1/programmes/{programme.uuid}"
    first = client.patch(url, {"name": "Eerste", "version": 1}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = client.patch(url, {"name": "Tweede", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    programme.refresh_from_db()
    assert programme.name == "Eerste"


def test_update_without_version_is_refused(manager, programme):
    response = bearer(manager).patch(f"/api/v1/programmes/{programme.uuid}", {"name": "Z"}, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "version"


def test_status_change_follows_the_workflow(manager, programme):
    client = bearer(manager)
    url = f"/api/v1/programmes/{programme.uuid}/status"
    assert client.put(url, {"status": "afgerond"}, format="json").json()["status"] == "afgerond"
    refused = client.put(url, {"status": "concept"}, format="json")
    assert refused.status_code == 400
    assert AuditEvent.objects.filter(action="programme.change_status").count() == 1


def test_session_writes_need_the_csrf_token(manager, programme):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.patch(
        f"/api/v1/programmes/{programme.uuid}", {"name": "Z", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_plain_http_is_refused_when_https_only(settings, api):
    settings.API_HTTPS_ONLY = True
    response = api.get("/api/v1/programmes")
    assert response.status_code == 403
    assert response.json()["code"] == "https_required"
    assert api.get("/api/v1/programmes", secure=True).status_code == 200


def test_session_without_required_two_factor_gets_a_problem_not_a_redirect(settings, client, manager):
    settings.MFA_ENFORCE = True
    client.force_login(manager)
    response = client.get("/api/v1/programmes")
    assert response.status_code == 403
    assert response.json()["code"] == "mfa_required"


def test_programme_list_asks_a_fixed_number_of_queries(manager, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = bearer(manager, "read")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/programmes").status_code == 200
        return len(queries)

    count()  # the first request notes that the key was used
    before = count()
    for n in range(5):
        extra = factories.ProgrammeFactory(organisation=programme.organisation, name=f"Groei {n}")
        factories.ProgrammeMembershipFactory(programme=extra, user=manager, role="teamlid")
    assert count() == before
