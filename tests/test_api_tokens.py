"""Personal API keys: made and revoked through services (audited), shown once, never stored,
scoped, and useless once revoked, expired, or when their owner leaves."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from koers.api import authentication
from koers.api import services as api_services
from koers.api.models import ApiToken
from koers.audit.models import AuditEvent
from koers.organisations.models import Membership
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")


def with_key(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_the_secret_is_shown_once_and_only_its_hash_is_stored(manager_client, manager):
    response = manager_client.post(reverse("api_token_list"), {"name": "Power BI", "scope": "read"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=manager)
    secret = response.context["new_secret"]
    assert secret.startswith(f"koers_{token.prefix}_")
    assert secret in response.content.decode()
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert not any(secret.split("_", 2)[2] in value for value in stored)
    assert AuditEvent.objects.filter(action="api_token.create", actor=manager).exists()
    again = manager_client.get(reverse("api_token_list"))
    assert secret not in again.content.decode()
    assert f"koers_{token.prefix}_" in again.content.decode()


def test_a_key_without_name_is_refused_and_nothing_is_made(manager_client, manager):
    response = manager_client.post(reverse("api_token_list"), {"name": " ", "scope": "read"})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=manager).exists()


def test_a_key_reads_as_its_owner(manager, programme, foreign_programme):
    new = api_services.api_token_create(actor=manager, name="Rapport", scope="read")
    body = with_key(new.secret).get("/api/v1/programmes").json()
    assert [p["id"] for p in body["results"]] == [str(programme.uuid)]
    new.token.refresh_from_db()
    assert new.token.last_used_at is not None


def test_a_read_only_key_may_not_write(manager, programme):
    new = api_services.api_token_create(actor=manager, name="Alleen lezen", scope="read")
    response = with_key(new.secret).patch(
        f"/api/v1/programmes/{programme.uuid}", {"name": "Nieuw", "version": 1}, format="json"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    programme.refresh_from_db()
    assert programme.name == "Eigenstad aanpak"


def test_a_revoked_key_stops_working(manager_client, manager):
    new = api_services.api_token_create(actor=manager, name="Weg", scope="read")
    response = manager_client.post(reverse("api_token_revoke", args=[new.token.uuid]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=manager).exists()
    refused = with_key(new.secret).get("/api/v1/programmes")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"


def test_an_expired_key_stops_working(manager):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)):
        new = api_services.api_token_create(
            actor=manager, name="Kort", scope="read", expires_on=dt.date(2026, 3, 5)
        )
        assert with_key(new.secret).get("/api/v1/programmes").status_code == 200
    with time_machine.travel(dt.datetime(2026, 3, 6, 12, tzinfo=dt.UTC)):
        assert with_key(new.secret).get("/api/v1/programmes").status_code == 401


def test_a_deactivated_user_s_key_stops_working(manager):
    new = api_services.api_token_create(actor=manager, name="Oud", scope="read")
    manager.is_active = False
    manager.save()
    assert with_key(new.secret).get("/api/v1/programmes").status_code == 401


def test_losing_the_membership_hides_everything(manager, programme):
    new = api_services.api_token_create(actor=manager, name="Vertrokken", scope="read")
    Membership.objects.filter(user=manager).update(is_active=False)
    client = with_key(new.secret)
    assert client.get("/api/v1/programmes").json()["total"] == 0
    assert client.get(f"/api/v1/programmes/{programme.uuid}").status_code == 404


@pytest.mark.parametrize("header", ["Bearer koers_00000000_verkeerd", "Bearer iets", "Bearer", "Bearer a b"])
def test_a_wrong_key_is_a_401_problem(db, header):
    response = APIClient().get("/api/v1/programmes", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_wrong_key_of_the_right_form_for_a_real_prefix_is_refused(manager):
    new = api_services.api_token_create(actor=manager, name="Echt", scope="read")
    forged = f"koers_{new.token.prefix}_{'x' * 43}"
    assert with_key(forged).get("/api/v1/programmes").status_code == 401


def test_many_wrong_keys_from_one_address_are_slowed_down(db):
    client = with_key("koers_00000000_verkeerd")
    for _ in range(authentication.MAX_FAILURES):
        assert client.get("/api/v1/programmes").status_code == 401
    response = client.get("/api/v1/programmes")
    assert response.status_code == 429
    assert response["Retry-After"]


def test_nobody_revokes_someone_elses_key(client, manager, programme):
    new = api_services.api_token_create(actor=manager, name="Van mij", scope="read")
    other = factories.member(programme, "teamlid")
    client.force_login(other)
    assert client.post(reverse("api_token_revoke", args=[new.token.uuid])).status_code == 404
    new.token.refresh_from_db()
    assert new.token.revoked_at is None


def test_the_keys_page_asks_for_two_factor_first_where_it_is_required(client, settings, manager):
    settings.MFA_ENFORCE = True
    client.force_login(manager)
    response = client.get(reverse("api_token_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_required")


def test_a_key_answers_in_its_owners_language_unless_the_request_asks_otherwise(manager, programme):
    manager.language = "en"
    manager.save()
    new = api_services.api_token_create(actor=manager, name="Engels", scope="read_write")
    url = f"/api/v1/programmes/{programme.uuid}"
    data = {"endDate": "2020-01-01", "version": programme.version}
    english = with_key(new.secret).patch(url, data, format="json")
    assert english.json()["invalidParams"][0]["reason"] == "The end date must be on or after the start date."
    dutch = with_key(new.secret).patch(url, data, format="json", HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch.json()["invalidParams"][0]["reason"] == "De einddatum moet op of na de startdatum liggen."
