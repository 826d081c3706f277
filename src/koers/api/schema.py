"""The OpenAPI document: every operation documents its problem responses, so clients (and the
fuzz test) know every status the API can give."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

PROBLEM = {
    "type": "object",
    "description": "A problem (RFC 9457).",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "code", "reason"],
                "properties": {
                    "name": {"type": "string", "description": "The property, or nonFieldErrors."},
                    "code": {"type": "string"},
                    "reason": {"type": "string", "description": "In the user's language."},
                },
            },
        },
    },
}

DESCRIPTIONS = {
    "400": "Invalid input: see invalidParams.",
    "401": "Not authenticated: log in or send a valid API key.",
    "403": "Not allowed: a missing right, a read-only key, or plain HTTP in production.",
    "404": "Not found, or in another organisation.",
    "405": "Method not allowed.",
    "406": "Not acceptable.",
    "409": "Changed by someone else since you read it (stale version).",
    "415": "Unsupported media type.",
    "429": "Too many attempts with a wrong API key.",
}


class AutoSchema(BaseAutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        codes = ["401", "403", "404", "405", "406", "429"]
        if method in ("POST", "PUT", "PATCH"):
            codes += ["400", "409", "415"]
        elif (method == "GET" and self._is_list_view()) or method == "DELETE":
            codes += ["400"]
        for code in codes:
            responses.setdefault(
                code,
                {
                    "content": {
                        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                    },
                    "description": DESCRIPTIONS[code],
                },
            )
        return responses


def add_problem_component(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the shared Problem schema."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    return result


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "koers.api.authentication.BearerTokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "koers_<prefix>_<secret>",
            "description": "A personal API key, made on /account/api-sleutels/.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "koers.api.authentication.CsrfSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "The Koers session of the browser; unsafe methods need the X-CSRFToken header.",
        }
