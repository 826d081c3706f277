"""Errors as ``application/problem+json`` (RFC 9457): type, title, status, detail, instance and,
for invalid input, ``invalidParams`` with one entry per field, in the user's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from koers.concurrency import StaleEditError

CONTENT_TYPE = "application/problem+json"
NON_FIELD = "nonFieldErrors"


def _titles() -> dict[int, str]:
    # Through gettext at call time, so the title follows the active language.
    return {
        400: _("Invalid input"),
        401: _("Not authenticated"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        406: _("Not acceptable"),
        409: _("Changed by someone else"),
        415: _("Unsupported media type"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


def camel(name: str) -> str:
    """``start_date`` → ``startDate``; ``__all__`` → ``nonFieldErrors``."""
    if name in ("__all__", "non_field_errors", NON_FIELD):
        return NON_FIELD
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def problem(
    status_code: int,
    *,
    detail: str = "",
    instance: str = "",
    code: str = "",
    invalid_params: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": f"urn:koers:problem:{code or status_code}",
        "title": _titles().get(status_code, _("Error")),
        "status": status_code,
        "detail": detail or _titles().get(status_code, ""),
        "instance": instance,
    }
    if code:
        body["code"] = code
    if invalid_params is not None:
        body["invalidParams"] = invalid_params
    return body


def problem_response(request: HttpRequest, status_code: int, **kwargs: Any) -> JsonResponse:
    """A plain Django response with a problem, for middleware and views outside DRF."""
    return JsonResponse(
        problem(status_code, instance=request.path, **kwargs),
        status=status_code,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def _flatten_drf(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail as ``[{name, code, reason}]`` (``name`` in dotted camelCase)."""
    found: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = camel(str(key))
            found += _flatten_drf(value, f"{prefix}.{name}" if prefix else name)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                found += _flatten_drf(value, f"{prefix}.{index}" if prefix else str(index))
            else:
                found += _flatten_drf(value, prefix)
    else:
        found.append(
            {
                "name": prefix or NON_FIELD,
                "code": str(getattr(detail, "code", "invalid") or "invalid"),
                "reason": str(detail),
            }
        )
    return found


def django_invalid_params(error: DjangoValidationError) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                found.append(
                    {"name": camel(field), "code": item.code or "invalid", "reason": " ".join(item.messages)}
                )
    else:
        for item in error.error_list:
            found.append(
                {"name": NON_FIELD, "code": item.code or "invalid", "reason": " ".join(item.messages)}
            )
    return found


def _reasons(params: list[dict[str, str]]) -> str:
    return " ".join(dict.fromkeys(p["reason"] for p in params))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler: every error the API gives is a problem."""
    request = context.get("request")
    instance = request.path if request is not None else ""
    headers: dict[str, str] = {}
    status_code: int
    if isinstance(exc, StaleEditError):
        status_code, code = status.HTTP_409_CONFLICT, "stale"
        body = problem(status_code, detail=" ".join(exc.messages), instance=instance, code=code)
    elif isinstance(exc, DjangoValidationError):
        params = django_invalid_params(exc)
        body = problem(400, detail=_reasons(params), instance=instance, code="invalid", invalid_params=params)
        status_code = 400
    elif isinstance(exc, exceptions.ValidationError):
        params = _flatten_drf(exc.detail)
        body = problem(400, detail=_reasons(params), instance=instance, code="invalid", invalid_params=params)
        status_code = 400
    elif isinstance(exc, Http404 | exceptions.NotFound):
        status_code = 404
        body = problem(404, detail=_("There is nothing here, or it is not yours to see."), instance=instance)
    elif isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        status_code = 403
        detail = str(exc.detail) if isinstance(exc, exceptions.PermissionDenied) else ""
        if not detail or ("." in detail and " " not in detail):  # a permission name, not a message
            detail = _("You may not do this.")
        body = problem(403, detail=detail, instance=instance)
    elif isinstance(exc, exceptions.APIException):
        status_code = exc.status_code
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if isinstance(exc, exceptions.NotAuthenticated):
            detail = _("Log in, or send an API key: Authorization: Bearer <key>.")
        elif isinstance(exc, exceptions.MethodNotAllowed):
            detail = _("This address does not accept %(method)s.") % {
                "method": request.method if request else ""
            }
        elif isinstance(exc, exceptions.Throttled) and getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(int(getattr(exc, "wait")))  # noqa: B009
        body = problem(status_code, detail=str(detail), instance=instance)
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            auth_header = getattr(exc, "auth_header", None)
            if auth_header:
                headers["WWW-Authenticate"] = auth_header
    else:
        return None
    set_rollback()
    response = Response(body, status=status_code, headers=headers, content_type=CONTENT_TYPE)
    return response
