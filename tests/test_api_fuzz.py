"""Schemathesis generates requests from the committed OpenAPI document and sends them in-process
to the WSGI application, with a programme manager's read-write API key in a small world: no
request may give a server error, and every response must match the document."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from koers.api import services as api_services
from koers.teams import services as team_services
from tests import factories

SCHEMA = Path(__file__).resolve().parent.parent / "docs" / "api" / "openapi.yaml"
EXAMPLES_PER_OPERATION = 45
MINIMUM_REQUESTS = 1000
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def small_world(programme, manager, no_mfa):
    """A programme with a partner, two people and a working group; the manager's key."""
    police = team_services.partner_create(
        actor=manager,
        organisation=programme.organisation,
        name="Politie Eigenstad",
        partner_type=factories.partner_type("politie"),
    )
    agent = team_services.person_create(
        actor=manager, programme=programme, full_name="Wijkagent", partner=police
    )
    lead = team_services.person_create(actor=manager, programme=programme, full_name="Kwartiermaker")
    body = team_services.body_create(
        actor=manager,
        programme=programme,
        kind="werkgroep",
        name="Werkgroep",
        chair=lead,
        members=[agent, lead],
    )
    key = api_services.api_token_create(actor=manager, name="Fuzz", scope="read_write").secret
    return {
        "ids": {
            "programmeId": str(programme.uuid),
            "partnerId": str(police.uuid),
            "personId": str(agent.uuid),
            "bodyId": str(body.uuid),
        },
        "headers": {"Authorization": f"Bearer {key}", "Accept-Language": "nl"},
    }


def fuzz(operation, strategy, headers: dict[str, str], sent: list[str]) -> None:
    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers)
        sent.append(f"{operation.method.upper()} {operation.path} {response.status_code}")
        case.validate_response(response, checks=CHECKS)

    run()


@pytest.fixture
def keep_the_test_connection():
    """Like Django's test client: the WSGI application must not close the database connection at
    the end of each request (it holds the test's transaction; on PostgreSQL CONN_MAX_AGE is 0)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("keep_the_test_connection")
def test_generated_requests_give_no_server_errors_and_match_the_schema(small_world):
    schema = schemathesis.openapi.from_path(SCHEMA)
    schema.app = get_wsgi_application()
    sent: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations
    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        real = {name: value for name, value in small_world["ids"].items() if name in names}
        strategy = operation.as_strategy()
        if real:  # half of the requests reach real objects, the rest random (unknown) ids
            strategy = st.one_of(operation.as_strategy(path_parameters=real), strategy)

        fuzz(operation, strategy, small_world["headers"], sent)
    statuses = sorted({line.rsplit(" ", 1)[1] for line in sent})
    print(f"{len(sent)} requests to {len(operations)} operations; statuses: {', '.join(statuses)}")
    assert len(sent) >= MINIMUM_REQUESTS, f"only {len(sent)} requests were generated"
