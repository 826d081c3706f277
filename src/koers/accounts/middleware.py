"""Language per user and enforced two-factor authentication."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class UserLocaleMiddleware:
    """Logged-in users see their chosen language; visitors get Dutch unless they choose English
    (language cookie) or their browser asks for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            language = user.language
        else:
            language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


MFA_EXEMPT_PREFIXES = (
    "/static/",
    "/media/",
    "/account/",
    "/taal/",
    "/toegankelijkheid/",
    "/gezond",
)


def user_needs_mfa(user: Any) -> bool:
    """Two-factor is required for administrators and programme managers of organisations that
    require it (the default), unless switched off for the whole installation."""
    from koers.organisations.models import Membership, OrganisationRole
    from koers.programmes.models import ProgrammeMembership, ProgrammeRole

    if not settings.MFA_ENFORCE or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if (
        Membership.objects.active()
        .filter(user=user, role=OrganisationRole.BEHEERDER, organisation__mfa_required=True)
        .exists()
    ):
        return True
    return ProgrammeMembership.objects.filter(
        user=user,
        role=ProgrammeRole.PROGRAMMAMANAGER,
        programme__organisation__mfa_required=True,
        programme__organisation__memberships__user=user,
        programme__organisation__memberships__is_active=True,
    ).exists()


def user_has_mfa(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


class RequireMFAMiddleware:
    """Sends people who must use two-factor authentication to its set-up page until they have."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        # Only a set-up second factor is remembered for the session: whether someone needs one
        # is checked on every request, so a new role takes effect at once.
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not request.session.get("koers_mfa_ok")
            and user_needs_mfa(user)
        ):
            if not user_has_mfa(user):
                if request.path.startswith("/api/v1/"):
                    from koers.api.problems import problem_response

                    return problem_response(
                        request,
                        403,
                        code="mfa_required",
                        detail=translation.gettext("Set up two-factor authentication in Koers first."),
                    )
                return redirect(reverse("mfa_required"))
            request.session["koers_mfa_ok"] = True
        return self.get_response(request)
