"""The API at /api/v1/: plural English resource names in kebab-case, no trailing slashes (ADR 0041)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path

from . import docs_views, views

LIST: dict[str, Any] = {"get": "list", "post": "create"}
DETAIL: dict[str, Any] = {"get": "retrieve", "put": "update", "patch": "partial_update"}
DETAIL_DELETE: dict[str, Any] = {**DETAIL, "delete": "destroy"}

urlpatterns: list[URLPattern] = [
    path("programmes", views.ProgrammeViewSet.as_view(LIST), name="api_programmes"),
    path("programmes/<uuid:programmeId>", views.ProgrammeViewSet.as_view(DETAIL), name="api_programme"),
    path(
        "programmes/<uuid:programmeId>/status",
        views.ProgrammeViewSet.as_view({"put": "change_status"}),
        name="api_programme_status",
    ),
    path("partner-types", views.PartnerTypeViewSet.as_view({"get": "list"}), name="api_partner_types"),
    path("partners", views.PartnerViewSet.as_view(LIST), name="api_partners"),
    path("partners/<uuid:partnerId>", views.PartnerViewSet.as_view(DETAIL_DELETE), name="api_partner"),
    path("programmes/<uuid:programmeId>/people", views.PersonViewSet.as_view(LIST), name="api_people"),
    path(
        "programmes/<uuid:programmeId>/people/<uuid:personId>",
        views.PersonViewSet.as_view(DETAIL_DELETE),
        name="api_person",
    ),
    path("programmes/<uuid:programmeId>/bodies", views.BodyViewSet.as_view(LIST), name="api_bodies"),
    path(
        "programmes/<uuid:programmeId>/bodies/<uuid:bodyId>",
        views.BodyViewSet.as_view(DETAIL_DELETE),
        name="api_body",
    ),
    path("openapi.yaml", docs_views.SchemaYamlView.as_view(), name="api_schema_yaml"),
    path("openapi.json", docs_views.SchemaJsonView.as_view(), name="api_schema_json"),
]
