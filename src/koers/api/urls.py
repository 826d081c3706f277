"""The API at /api/v1/: plural English resource names in kebab-case, no trailing slashes (ADR 0041)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path

from . import docs_views, views

LIST: dict[str, Any] = {"get": "list", "post": "create"}
DETAIL: dict[str, Any] = {"get": "retrieve", "put": "update", "patch": "partial_update"}

urlpatterns: list[URLPattern] = [
    path("programmes", views.ProgrammeViewSet.as_view(LIST), name="api_programmes"),
    path("programmes/<uuid:programmeId>", views.ProgrammeViewSet.as_view(DETAIL), name="api_programme"),
    path(
        "programmes/<uuid:programmeId>/status",
        views.ProgrammeViewSet.as_view({"put": "change_status"}),
        name="api_programme_status",
    ),
    path("openapi.yaml", docs_views.SchemaYamlView.as_view(), name="api_schema_yaml"),
    path("openapi.json", docs_views.SchemaJsonView.as_view(), name="api_schema_json"),
]
