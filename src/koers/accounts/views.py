from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm
from .middleware import user_has_mfa, user_needs_mfa
from .models import User
from .services import user_update_profile


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "language": user.language})
    if request.method == "POST" and form.is_valid():
        user_update_profile(
            actor=user,
            user=user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your settings have been saved."))
        return redirect("account_profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "has_mfa": user_has_mfa(user), "needs_mfa": user_needs_mfa(user)},
    )


def email_addresses(request: HttpRequest) -> HttpResponse:
    """Koers has one login address per account, changed by an administrator; allauth's page for
    managing several addresses is replaced by the profile."""
    return redirect("account_profile")


@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    """Explains why two-factor authentication must be set up before continuing."""
    if user_has_mfa(request.user):
        request.session["koers_mfa_ok"] = True
        return redirect("home")
    return render(request, "accounts/mfa_required.html")
