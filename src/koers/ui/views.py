"""Pages of the shell: home, language, accessibility statement, errors, health."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET, require_POST

from koers.accounts.services import user_update_profile
from koers.audit.models import AuditResult
from koers.audit.services import record


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("programme_list")
    return redirect("account_login")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch between Dutch and English; saved on the account for logged-in users."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response: HttpResponse = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        if request.user.is_authenticated:
            user_update_profile(
                actor=request.user,
                user=request.user,
                full_name=request.user.full_name,
                language=language,
            )
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
    return response


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/accessibility.html")


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness and a database round trip."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """A refused access is an audit event too."""
    user = getattr(request, "user", None)
    record(
        actor=user if user is not None and user.is_authenticated else None,
        action="access.denied",
        object_repr=request.path[:300],
        result=AuditResult.DENIED,
    )
    return _error(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 404, "404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """The page for an unexpected error. Two causes get their own page, because they pass: the
    database cannot be reached (503, try again in a moment) and the storage is full (507, nothing
    was saved). Rendered without the request context, so it needs neither database nor session."""
    from django.template import loader

    from koers.deployment.storage import is_disk_full

    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
        response["Retry-After"] = "5"
        return response
    if is_disk_full(error):
        return HttpResponse(loader.get_template("507.html").render({}), status=507)
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
