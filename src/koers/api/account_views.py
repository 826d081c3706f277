"""The user's personal API keys, in the account area: make one (the key is shown once), see them,
revoke them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.accounts.middleware import user_has_mfa, user_needs_mfa
from koers.programmes.views import apply_validation_error

from . import selectors, services
from .forms import ApiTokenForm


def _mfa_first(request: HttpRequest) -> HttpResponse | None:
    """The account area skips the two-factor check; a key must not become a way around it."""
    if user_needs_mfa(request.user) and not user_has_mfa(request.user):
        return redirect("mfa_required")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    if (refused := _mfa_first(request)) is not None:
        return refused
    form = ApiTokenForm()
    new_secret = ""
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                new = services.api_token_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                new_secret = new.secret
                messages.success(
                    request, _("Your API key has been made. Copy it now: it is shown only once.")
                )
                form = ApiTokenForm()
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": selectors.tokens_of(request.user), "new_secret": new_secret},
        status=400 if request.method == "POST" and not new_secret else 200,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_uuid: str) -> HttpResponse:
    token = selectors.get_token_of(request.user, token_uuid)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(
        request, _("The key “%(name)s” has been revoked. It no longer works.") % {"name": token.name}
    )
    return redirect("api_token_list")
