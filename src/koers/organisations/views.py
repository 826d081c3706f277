"""Organisation administration: members and roles, settings, activity log, switching, and the
installation administrator's list of organisations."""

from __future__ import annotations

import copy
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.audit.exports import ACTIVITY
from koers.audit.models import AuditEvent
from koers.programmes.views import apply_validation_error
from koers.reports import lists

from . import exports, selectors, services
from .forms import (
    ActivityFilterForm,
    MemberAddForm,
    MemberRoleForm,
    OrganisationCreateForm,
    OrganisationSettingsForm,
)
from .models import Organisation
from .selectors import SESSION_KEY, require_current_organisation


def _admin_organisation(request: HttpRequest, perm: str = "organisations.manage_users") -> Organisation:
    organisation = require_current_organisation(request)
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied(perm)
    return organisation


@login_required
@require_POST
def organisation_switch(request: HttpRequest) -> HttpResponse:
    try:
        chosen = uuid.UUID(request.POST.get("organisation", ""))
    except ValueError:
        raise Http404("organisation") from None
    organisation = Organisation.objects.for_user(request.user).filter(uuid=chosen).first()
    if organisation is None:
        raise Http404("organisation")
    request.session[SESSION_KEY] = str(organisation.uuid)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    messages.info(request, _("You are now working in %(organisation)s.") % {"organisation": organisation})
    if next_url.startswith("/programmas/") and next_url != "/programmas/":
        next_url = "/programmas/"
    return redirect(next_url)


@login_required
def member_list(request: HttpRequest) -> HttpResponseBase:
    organisation = _admin_organisation(request)
    found = selectors.members_of(organisation)
    return lists.list_response(
        request,
        exports.USERS,
        found,
        lambda: render(
            request,
            "organisations/member_list.html",
            {
                "organisation": organisation,
                "page": Paginator(found, 50).get_page(request.GET.get("pagina")),
                "active_nav": "members",
            },
        ),
        title=_("Users %(organisation)s") % {"organisation": organisation.name},
        organisation=organisation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest) -> HttpResponse:
    organisation = _admin_organisation(request)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(email)s now has access to the organisation.") % form.cleaned_data)
            return redirect("organisation_members")
    return render(request, "organisations/member_add.html", {"organisation": organisation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, membership_uuid: str) -> HttpResponse:
    organisation = _admin_organisation(request)
    membership = selectors.get_membership_for_admin(organisation, membership_uuid)
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST":
        try:
            if "deactivate" in request.POST:
                services.membership_deactivate(actor=request.user, membership=membership)
                messages.success(
                    request,
                    _("The access of %(name)s has been withdrawn.") % {"name": membership.user},
                )
                return redirect("organisation_members")
            if "reactivate" in request.POST:
                services.membership_add(
                    actor=request.user,
                    organisation=organisation,
                    email=membership.user.email,
                    role=membership.role,
                )
                messages.success(request, _("%(name)s has access again.") % {"name": membership.user})
                return redirect("organisation_members")
            if form.is_valid():
                services.membership_change_role(
                    actor=request.user, membership=membership, role=form.cleaned_data["role"]
                )
                messages.success(request, _("The role has been changed."))
                return redirect("organisation_members")
        except ValidationError as error:
            apply_validation_error(form, error)
    return render(
        request,
        "organisations/member_edit.html",
        {"organisation": organisation, "membership": membership, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request: HttpRequest) -> HttpResponse:
    organisation = _admin_organisation(request, "organisations.change_organisation")
    # The form cleans into a copy: the service must see the stored values to record the change.
    form = OrganisationSettingsForm(
        request.POST or None, request.FILES or None, instance=copy.copy(organisation)
    )
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if values.get("logo") is False:  # "clear" ticked
                values["logo"] = ""
            elif values.get("logo") is None:
                values.pop("logo")
            try:
                services.organisation_update(actor=request.user, organisation=organisation, **values)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("organisation_settings")
        organisation.refresh_from_db()
    return render(request, "organisations/settings.html", {"organisation": organisation, "form": form})


@login_required
def activity_log(request: HttpRequest) -> HttpResponseBase:
    """Everything that happened in the organisation, newest first."""
    organisation = _admin_organisation(request, "organisations.view_activity")
    form = ActivityFilterForm(request.GET or None)
    events = AuditEvent.objects.for_organisation(organisation).select_related("actor")
    if form.is_valid() and form.cleaned_data["q"]:
        q = form.cleaned_data["q"]
        events = events.filter(
            Q(actor_label__icontains=q) | Q(action__icontains=q) | Q(object_repr__icontains=q)
        )
    return lists.list_response(
        request,
        ACTIVITY,
        events,
        lambda: render(
            request,
            "organisations/activity.html",
            {
                "organisation": organisation,
                "page": Paginator(events, 50).get_page(request.GET.get("pagina")),
                "form": form,
            },
        ),
        title=_("Activity %(organisation)s") % {"organisation": organisation.name},
        organisation=organisation,
    )


@require_GET
def organisation_logo(request: HttpRequest, organisation_uuid: str) -> HttpResponseBase:
    """Logos are public (they appear on the login page of a branded installation)."""
    organisation = Organisation.objects.filter(uuid=organisation_uuid, is_active=True).first()
    if organisation is None or not organisation.logo:
        raise Http404("logo")
    response = FileResponse(organisation.logo.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _installation_admin(request: HttpRequest) -> None:
    if not request.user.has_perm("organisations.list_organisations"):
        raise PermissionDenied("organisations.list_organisations")


@login_required
def installation_organisations(request: HttpRequest) -> HttpResponseBase:
    _installation_admin(request)
    found = Organisation.objects.order_by("name")
    return lists.list_response(
        request,
        exports.ORGANISATIONS,
        found,
        lambda: render(
            request,
            "organisations/installation_list.html",
            {"page": Paginator(found, 50).get_page(request.GET.get("pagina"))},
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def installation_organisation_create(request: HttpRequest) -> HttpResponse:
    _installation_admin(request)
    form = OrganisationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has been created; %(email)s has received a link to choose a password.")
                % {"name": organisation.name, "email": form.cleaned_data["admin_email"]},
            )
            return redirect("installation_organisations")
    return render(request, "organisations/installation_create.html", {"form": form})
