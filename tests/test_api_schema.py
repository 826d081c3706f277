"""The committed OpenAPI document is the generated one, and it is served with a documentation page."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.urls import reverse

from koers.api import docs_views

COMMITTED = Path(__file__).resolve().parent.parent / "docs" / "api" / "openapi.yaml"
REGENERATE = "uv run koers spectacular --lang en --validate --file docs/api/openapi.yaml"


def test_committed_schema_is_the_generated_one(db):
    fresh = docs_views.as_yaml(docs_views.generate())
    assert COMMITTED.read_text(encoding="utf-8") == fresh, (
        f"docs/api/openapi.yaml differs from the API. Regenerate it with: {REGENERATE}"
    )


def test_schema_generation_is_deterministic(db):
    assert docs_views.as_yaml(docs_views.generate()) == docs_views.as_yaml(docs_views.generate())


def test_schema_is_served_as_yaml_and_json(client, db):
    response = client.get(reverse("api_schema_yaml"))
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")
    as_json = client.get(reverse("api_schema_json")).json()
    assert as_json == yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


def test_documentation_page_lists_endpoints_by_resource(client, db):
    response = client.get(reverse("api_documentation"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="resource-programmes"' in page
    assert "<code>GET</code> <code>/api/v1/programmes</code>" in page
    assert reverse("api_schema_yaml") in page
