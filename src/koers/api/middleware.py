"""What every API answer has in common: the ``API-Version`` header, HTTPS only in production
(plain HTTP gets a problem, not a redirect) and problems instead of HTML error pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .problems import CONTENT_TYPE, problem_response

API_PREFIX = "/api/"
API_VERSION = "1.0.0"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX) and not request.path.startswith("/api/documentatie")


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api(request):
            return self.get_response(request)
        if settings.API_HTTPS_ONLY and not request.is_secure():
            response: HttpResponse = problem_response(
                request, 403, code="https_required", detail=_("The API answers over HTTPS only.")
            )
        else:
            response = self.get_response(request)
            if response.status_code == 404 and not response.get("Content-Type", "").startswith(
                (CONTENT_TYPE, "application/json")
            ):
                response = problem_response(
                    request, 404, detail=_("There is nothing here, or it is not yours to see.")
                )
        response["API-Version"] = API_VERSION
        return response
