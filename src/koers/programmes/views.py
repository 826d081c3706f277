"""Programme pages: list, create, the navigator, members and invitations, history."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.accounts.forms import InvitationSignupForm
from koers.accounts.models import User
from koers.accounts.services import user_create
from koers.audit.exports import HISTORY
from koers.organisations.selectors import current_organisation, require_current_organisation
from koers.reports import lists
from koers.ui.pagecache import cached_page

from . import archive, exports, selectors, services
from .forms import InvitationForm, MemberRoleForm, ProgrammeForm, ProgrammeImportForm, ProgrammeStatusForm
from .models import ProgrammeStatus
from .navigator import evaluate
from .workflow import PROGRAMME_WORKFLOW

PAGE_SIZE = 25


def apply_validation_error(form: Any, error: ValidationError) -> None:
    """Show a service's validation error on the form, on the field it names if any."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def programme_list(request: HttpRequest) -> HttpResponseBase:
    organisation = current_organisation(request)
    if organisation is None:
        if request.user.has_perm("organisations.list_organisations"):
            return redirect("installation_organisations")
        return render(request, "programmes/no_organisation.html")
    found = selectors.programmes_for_list(request.user, organisation)
    return lists.list_response(
        request,
        exports.PROGRAMMES,
        found,
        lambda: render(
            request,
            "programmes/programme_list.html",
            {
                "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina")),
                "organisation": organisation,
                "can_create": request.user.has_perm("programmes.add_programme", organisation),
            },
        ),
        title=_("Programmes %(organisation)s") % {"organisation": organisation.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    organisation = require_current_organisation(request)
    if not request.user.has_perm("programmes.add_programme", organisation):
        raise PermissionDenied("programmes.add_programme")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                actor=request.user,
                organisation=organisation,
                name=data["name"],
                description=data["description"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The programme has been created. You are its programme manager."))
            return redirect("programme_detail", programme_uuid=programme.uuid)
    return render(request, "programmes/programme_form.html", {"form": form, "organisation": organisation})


@login_required
@cached_page
def programme_detail(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = selectors.get_programme_for_user(request, programme_uuid)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "navigator": evaluate(programme),
            "can_change": request.user.has_perm("programmes.change_programme", programme),
            "can_export": request.user.has_perm("programmes.export_programme", programme),
            "next_statuses": [
                (value, ProgrammeStatus(value).label)
                for value in PROGRAMME_WORKFLOW.allowed(programme.status)
            ],
            "active_nav": "overview",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = selectors.get_programme_for_user(request, programme_uuid, perm="programmes.change_programme")
    # The form cleans into a copy: the service must see the stored values to record the change.
    form = ProgrammeForm(
        request.POST or None, instance=copy.copy(programme), initial={"version": programme.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.programme_update(
                actor=request.user,
                programme=programme,
                expected_version=data.get("version"),
                name=data["name"],
                description=data["description"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            programme.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(programme.version)
            form.data = data
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("programme_detail", programme_uuid=programme.uuid)
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "programme": programme, "organisation": programme.organisation},
    )


@login_required
@require_POST
def programme_status(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = selectors.get_programme_for_user(request, programme_uuid, perm="programmes.change_programme")
    form = ProgrammeStatusForm(request.POST)
    if form.is_valid():
        try:
            services.programme_change_status(
                actor=request.user, programme=programme, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status has been changed."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("programme_detail", programme_uuid=programme.uuid)


def _invitations_partial(request: HttpRequest, programme: Any, form: Any = None) -> HttpResponse:
    """The open invitations and the invitation form, for htmx requests on the People page."""
    return render(
        request,
        "programmes/members.html#invitations",
        {
            "programme": programme,
            "invitations": selectors.pending_invitations(programme),
            "form": form or InvitationForm(),
            "can_manage": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_members(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    """The people in the programme, open invitations, and (for managers) the invitation form."""
    programme = selectors.get_programme_for_user(request, programme_uuid, perm="programmes.view_members")
    can_manage = request.user.has_perm("programmes.manage_members", programme)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("programmes.manage_members")
        if form.is_valid():
            try:
                services.invitation_create(
                    actor=request.user,
                    programme=programme,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                if request.htmx:  # type: ignore[attr-defined]
                    return _invitations_partial(request, programme)
                return redirect("programme_members", programme_uuid=programme.uuid)
        if request.htmx:  # type: ignore[attr-defined]
            return _invitations_partial(request, programme, form)
    fmt = lists.requested_format(request) if request.method == "GET" else None
    if fmt is not None:
        found: QuerySet[Any]
        if lists.requested_list(request) == "uitnodigingen":
            if not can_manage:
                raise PermissionDenied("programmes.manage_members")
            spec, found = exports.INVITATIONS, selectors.pending_invitations(programme)
        else:
            spec, found = exports.MEMBERS, selectors.members(programme)
        title = f"{spec.name} {programme.name}"
        return lists.download(request, spec, found, fmt=fmt, title=title, programme=programme)
    return render(
        request,
        "programmes/members.html",
        {
            "programme": programme,
            "members": selectors.members(programme),
            "invitations": selectors.pending_invitations(programme) if can_manage else [],
            "form": form,
            "can_manage": can_manage,
            "active_nav": "members",
        },
    )


def _invitation_action(
    request: HttpRequest, programme_uuid: str, invitation_uuid: str, service: Any, done: str
) -> HttpResponse:
    """Run ``service`` on an invitation; back to the People page (or its htmx part)."""
    programme = selectors.get_programme_for_user(request, programme_uuid, perm="programmes.manage_members")
    invitation = selectors.get_invitation(programme, invitation_uuid)
    try:
        service(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"email": invitation.email})
    if request.htmx:  # type: ignore[attr-defined]
        return _invitations_partial(request, programme)
    return redirect("programme_members", programme_uuid=programme.uuid)


@login_required
@require_POST
def invitation_resend(request: HttpRequest, programme_uuid: str, invitation_uuid: str) -> HttpResponse:
    return _invitation_action(
        request,
        programme_uuid,
        invitation_uuid,
        services.invitation_resend,
        _("The invitation has been sent again to %(email)s."),
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, programme_uuid: str, invitation_uuid: str) -> HttpResponse:
    return _invitation_action(
        request,
        programme_uuid,
        invitation_uuid,
        services.invitation_revoke,
        _("The invitation for %(email)s has been withdrawn."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, programme_uuid: str, membership_uuid: str) -> HttpResponse:
    """Change a member's role, or remove them from the programme."""
    programme = selectors.get_programme_for_user(request, programme_uuid, perm="programmes.manage_members")
    membership = selectors.get_membership(programme, membership_uuid)
    form = MemberRoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                services.member_remove(actor=request.user, membership=membership)
                messages.success(
                    request,
                    _("%(name)s has been removed from the programme.") % {"name": membership.user},
                )
                return redirect("programme_members", programme_uuid=programme.uuid)
            if form.is_valid():
                services.member_change_role(
                    actor=request.user, membership=membership, role=form.cleaned_data["role"]
                )
                messages.success(request, _("The role has been changed."))
                return redirect("programme_members", programme_uuid=programme.uuid)
        except ValidationError as error:
            apply_validation_error(form, error)
    return render(
        request,
        "programmes/member_edit.html",
        {"programme": programme, "membership": membership, "form": form, "active_nav": "members"},
    )


@login_required
def programme_history(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = selectors.get_programme_for_user(request, programme_uuid, perm="programmes.view_history")
    found = selectors.history(programme)
    return lists.list_response(
        request,
        HISTORY,
        found,
        lambda: render(
            request,
            "programmes/history.html",
            {
                "programme": programme,
                "page": Paginator(found, 50).get_page(request.GET.get("pagina")),
                "active_nav": "history",
            },
        ),
        title=_("History %(programme)s") % {"programme": programme.name},
        programme=programme,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the invitation e-mail. Logged in with the invited address: accept.
    No account yet: create one here. An account exists: log in first."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvalidInvitation as invalid:
        return render(request, "programmes/invitation_invalid.html", {"reason": invalid.reason}, status=410)
    user = request.user
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    signup_form = None
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(
                request,
                "programmes/invitation_wrong_account.html",
                {"invitation": invitation},
                status=403,
            )
        if request.method == "POST":
            membership = services.invitation_accept(user=user, token=token)
            messages.success(request, _("Welcome to %(programme)s.") % {"programme": membership.programme})
            return redirect("programme_detail", programme_uuid=membership.programme.uuid)
    elif not has_account:
        signup_form = InvitationSignupForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and signup_form.is_valid():
            try:
                new_user = user_create(
                    actor=None,
                    email=invitation.email,
                    full_name=signup_form.cleaned_data["full_name"],
                    password=signup_form.cleaned_data["password1"],
                    language=request.LANGUAGE_CODE,
                    organisation=invitation.programme.organisation,
                )
                membership = services.invitation_accept(user=new_user, token=token)
            except ValidationError as error:
                apply_validation_error(signup_form, error)
            else:
                login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Your account has been created. Welcome to %(programme)s.")
                    % {"programme": membership.programme},
                )
                return redirect("programme_detail", programme_uuid=membership.programme.uuid)
    return render(
        request,
        "programmes/invitation_accept.html",
        {
            "invitation": invitation,
            "signup_form": signup_form,
            "has_account": has_account,
            "token": token,
        },
    )


@login_required
@require_http_methods(["GET"])
def programme_export(request: HttpRequest, programme_uuid: str) -> StreamingHttpResponse:
    """The whole programme as one archive (ADR 0044), streamed from a spooled temporary file."""
    programme = selectors.get_programme_for_user(request, programme_uuid, perm="programmes.export_programme")
    spool = archive.programme_export(actor=request.user, programme=programme)
    response = StreamingHttpResponse(archive.iter_archive(spool), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{archive.archive_filename(programme)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def programme_import(request: HttpRequest) -> HttpResponse:
    """Upload a programme archive; the programme is created in the current organisation."""
    organisation = require_current_organisation(request)
    if not request.user.has_perm("programmes.add_programme", organisation):
        raise PermissionDenied("programmes.add_programme")
    form = ProgrammeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = archive.programme_import(
                actor=request.user,
                organisation=organisation,
                file=form.cleaned_data["archive"],
                name=form.cleaned_data["name"] or None,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                apply_validation_error(form, error)
            else:
                form.add_error("archive", error)
        else:
            messages.success(request, _("The programme has been imported. You are its programme manager."))
            return render(
                request,
                "programmes/programme_import_done.html",
                {"result": result, "programme": result.programme, "organisation": organisation},
            )
    return render(request, "programmes/programme_import.html", {"form": form, "organisation": organisation})
