"""The OpenAPI document (YAML and JSON) and the documentation page that lists the endpoints.

The document is generated in English, the language of the API's names, so it is the same on every
request and equals the committed docs/api/openapi.yaml (a test checks that)."""

from __future__ import annotations

import functools
import json
from typing import Any

import yaml
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

METHODS = ("get", "post", "put", "patch", "delete")


def generate() -> dict[str, Any]:
    with translation.override("en"):
        return SchemaGenerator().get_schema(request=None, public=True)


def as_yaml(schema: dict[str, Any]) -> str:
    return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


@functools.cache
def _cached_yaml() -> str:
    return as_yaml(generate())


class SchemaYamlView(APIView):
    """The OpenAPI 3 document of the API, in YAML."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    schema = None  # not part of itself

    def get(self, request: Request) -> HttpResponse:
        return HttpResponse(_cached_yaml(), content_type="application/vnd.oai.openapi; charset=utf-8")


class SchemaJsonView(SchemaYamlView):
    """The same document in JSON."""

    def get(self, request: Request) -> HttpResponse:
        data = yaml.safe_load(_cached_yaml())
        return HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/vnd.oai.openapi+json; charset=utf-8",
        )


def _parameters(operation: dict[str, Any], shared: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "name": p.get("name", ""),
            "where": p.get("in", ""),
            "required": bool(p.get("required")),
            "description": p.get("description", ""),
        }
        for p in [*shared, *operation.get("parameters", [])]
    ]


def endpoints_by_resource(schema: dict[str, Any]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for path_, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path_,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": _parameters(operation, item.get("parameters", [])),
                    "anchor": operation.get("operationId", f"{method}-{path_}"),
                }
            )
    return [{"name": name, "endpoints": endpoints} for name, endpoints in groups.items()]


@require_GET
def documentation(request: HttpRequest) -> HttpResponse:
    schema = yaml.safe_load(_cached_yaml())
    return render(
        request,
        "api/documentation.html",
        {
            "info": schema.get("info", {}),
            "groups": endpoints_by_resource(schema),
        },
    )
