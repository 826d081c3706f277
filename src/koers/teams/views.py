"""Pages of step 1 — Team samenstellen: the team page (milestones, integrality check, who's who),
people, bodies, agreements, the programme's partners, and the organisation's partner list.

Views are thin: fetch through the selectors (another organisation's object is a 404, a missing
right a 403), validate a form, call a service, redirect with a message or render an htmx part."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koers.concurrency import StaleEditError
from koers.organisations.models import Organisation
from koers.organisations.selectors import require_current_organisation
from koers.programmes import selectors as programme_selectors
from koers.programmes import services as programme_services
from koers.programmes.models import Programme
from koers.programmes.navigator import ProgrammeFacts, evaluate
from koers.programmes.permissions import programme_role
from koers.programmes.views import apply_validation_error
from koers.reports import lists

from . import exports, selectors, services
from .forms import (
    AgreementForm,
    BodyForm,
    NoSteeringGroupForm,
    PartnerForm,
    PartnerTypeForm,
    PeopleFilterForm,
    PersonForm,
    ProgrammePartnerAddForm,
    initial_from,
)
from .milestones import integrality_of
from .models import Agreement, PartnerOrganisation, Person, ProgrammePartner
from .orgchart import body_sort_key
from .reference import (
    DOMAIN_SUGGESTIONS,
    GROUP_SUGGESTIONS,
    AgreementKind,
    BodyKind,
    CoreGroup,
    Domain,
)

PAGE_SIZE = 25
PARTNER_PAGE_SIZE = 50

# Where a step-1 milestone that is not met yet is worked on.
MILESTONE_PAGES = {
    "programme.manager": "programme_members",
    "team.integral": "team_partners",
    "team.roles": "team_overview",
    "team.steering_group": "team_bodies",
    "team.agreements": "team_agreements",
}


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = "teams.view_team") -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _saved_values(instance: models.Model, form: Any) -> list[tuple[str, str]]:
    """The stored values of the form's fields, as text: what the other person saved."""
    rows = []
    for name, field in form.fields.items():
        if name in ("version", "confirm_personal_data"):
            continue
        value = getattr(instance, name)
        if hasattr(value, "all"):
            text = ", ".join(str(item) for item in value.all())
        elif name == "domains":
            text = ", ".join(str(Domain(d).label) for d in value if d in Domain.values)
        elif isinstance(value, dt.date):
            text = formats.date_format(value, "DATE_FORMAT")
        elif hasattr(instance, f"get_{name}_display"):
            text = str(getattr(instance, f"get_{name}_display")())
        else:
            text = "" if value is None else str(value)
        rows.append((str(field.label), text))
    return rows


def _save_failed(form: Any, error: ValidationError, instance: models.Model) -> list[tuple[str, str]] | None:
    """Show a service's refusal on the form, keeping what the user typed. After a stale save the
    form takes the current version, and the page shows what the other person saved."""
    apply_validation_error(form, error)
    instance.refresh_from_db()
    if not isinstance(error, StaleEditError):
        return None
    data = form.data.copy()
    data["version"] = str(instance.version)  # type: ignore[attr-defined]
    form.data = data
    return _saved_values(instance, form)


def _safe_next(request: HttpRequest) -> str | None:
    """A local address to return to after a form (``next``), if it is one."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return None


# The team page --------------------------------------------------------------------------------


def _integrality_rows(result: Any) -> dict[str, Any]:
    """The integrality check as two matrices: core partners and domains, each covered or not,
    with the covering partners or the suggestion for the gap."""
    groups = [
        {
            "label": CoreGroup(group).label,
            "covered_by": result.covered_groups.get(group, ()),
            "suggestion": GROUP_SUGGESTIONS[CoreGroup(group)],
        }
        for group in CoreGroup.values
    ]
    domains = [
        {
            "label": Domain(domain).label,
            "covered_by": result.covered_domains.get(domain, ()),
            "suggestion": DOMAIN_SUGGESTIONS[Domain(domain)],
        }
        for domain in Domain.values
    ]
    return {
        "result": result,
        "groups": groups,
        "domains": domains,
        "group_total": len(groups),
        "domain_total": len(domains),
    }


@login_required
def team_overview(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    """Step 1's landing page: its milestones, the integrality check, and who's who."""
    programme = _programme(request, programme_uuid)
    fmt = lists.requested_format(request)
    if fmt is not None:
        return exports.contacts_download(request, programme, fmt)
    form = PeopleFilterForm(request.GET or None, programme=programme)
    filters = form.filters()
    people = selectors.filter_people(selectors.people(programme), **filters)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("pagina"))
    for person in page.object_list:
        # The address may wrap before its @ in a narrow column.
        person.email_parts = person.email.partition("@")  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "programme": programme,
        "form": form,
        "page": page,
        "query": urlencode(filters),
        "filtered": bool(filters),
        "can_manage": request.user.has_perm("teams.manage_team", programme),
        "own_user_id": request.user.pk if programme_role(request.user, programme) else None,
    }
    if request.htmx and request.htmx.target == "koers-people":  # type: ignore[attr-defined]
        return render(request, "teams/team_overview.html#people", context)
    facts = ProgrammeFacts(programme)
    step = evaluate(programme, facts).steps[0]
    next_missing = step.next_missing
    context.update(
        {
            "step": step,
            "next_missing": next_missing,
            "next_url": reverse(
                MILESTONE_PAGES.get(next_missing.milestone.key, "team_overview"),
                kwargs={"programme_uuid": programme.uuid},
            )
            if next_missing
            else None,
            "integrality": _integrality_rows(integrality_of(facts)),
            "former": selectors.people(programme, include_former=True).filter(removed_at__isnull=False),
            "active_nav": "team",
            "team_nav": "overview",
            "team_landing": True,
        }
    )
    return render(request, "teams/team_overview.html", context)


# People ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="teams.manage_team")
    initial = {}
    if request.GET.get("partner"):
        initial["partner"] = request.GET["partner"]
    form = PersonForm(request.POST or None, organisation=programme.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, programme=programme, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added to the team.") % {"name": person})
            if "another" in request.POST:
                return redirect("team_person_create", programme_uuid=programme.uuid)
            return redirect("team_overview", programme_uuid=programme.uuid)
    return render(
        request,
        "teams/person_form.html",
        {"programme": programme, "form": form, "active_nav": "team", "team_nav": "overview"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, programme_uuid: str, person_uuid: str) -> HttpResponse:
    """Managers edit the whole record; a team member edits their own details only."""
    programme = _programme(request, programme_uuid)
    person = selectors.get_person_for_user(request, programme, person_uuid, write=True)
    can_manage = request.user.has_perm("teams.manage_team", programme)
    own_only = not can_manage
    fields = PersonForm.base_fields.keys()
    form = PersonForm(
        request.POST or None,
        organisation=programme.organisation,
        own_only=own_only,
        initial=initial_from(person, [f for f in fields if f not in ("version", "confirm_personal_data")]),
    )
    saved_values = None
    if request.method == "POST" and not person.is_former and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, person)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("team_overview", programme_uuid=programme.uuid)
    return render(
        request,
        "teams/person_form.html",
        {
            "programme": programme,
            "person": person,
            "form": form,
            "own_only": own_only,
            "can_manage": can_manage,
            "saved_values": saved_values,
            "person_bodies": person.bodies.order_by("kind", "name"),
            "active_nav": "team",
            "team_nav": "overview",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_remove(request: HttpRequest, programme_uuid: str, person_uuid: str) -> HttpResponse:
    """Ask, then remove: the person stays in the history as a former member."""
    programme = _programme(request, programme_uuid, perm="teams.manage_team")
    person = selectors.get_person(programme, person_uuid)
    if request.method == "POST":
        services.person_remove(actor=request.user, person=person)
        messages.success(
            request,
            _("%(name)s has been removed from the team and is shown as a former member.") % {"name": person},
        )
        return redirect("team_overview", programme_uuid=programme.uuid)
    return render(
        request,
        "teams/person_remove.html",
        {
            "programme": programme,
            "person": person,
            "chaired": person.chaired_bodies.all(),
            "active_nav": "team",
            "team_nav": "overview",
        },
    )


# Bodies ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def body_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    """The bodies with their members, the organisation chart, and (for managers) the reason the
    programme works without a steering group."""
    programme = _programme(request, programme_uuid)
    can_manage = request.user.has_perm("teams.manage_team", programme)
    reason_form = NoSteeringGroupForm(
        request.POST or None,
        initial={
            "no_steering_group_reason": programme.no_steering_group_reason,
            "version": programme.version,
        },
    )
    saved_values = None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("teams.manage_team")
        if reason_form.is_valid():
            try:
                programme_services.programme_update(
                    actor=request.user,
                    programme=programme,
                    expected_version=reason_form.cleaned_data.get("version"),
                    no_steering_group_reason=reason_form.cleaned_data["no_steering_group_reason"],
                )
            except ValidationError as error:
                saved_values = _save_failed(reason_form, error, programme)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("team_bodies", programme_uuid=programme.uuid)
    bodies = sorted(selectors.bodies_with_members(programme), key=body_sort_key)
    fmt = lists.requested_format(request) if request.method == "GET" else None
    if fmt is not None:
        title = _("Bodies %(programme)s") % {"programme": programme.name}
        return lists.download(request, exports.BODIES, bodies, fmt=fmt, title=title, programme=programme)
    kwartiermakers = list(selectors.kwartiermakers(programme))
    for body in bodies:
        body.can_change = request.user.has_perm("teams.change_body", body)  # type: ignore[attr-defined]
    has_steering_group = any(b.kind == BodyKind.STUURGROEP for b in bodies)
    return render(
        request,
        "teams/bodies.html",
        {
            "programme": programme,
            "bodies": bodies,
            "kwartiermakers": kwartiermakers,
            "has_project_group": any(b.kind == BodyKind.PROJECTGROEP for b in bodies),
            "has_steering_group": has_steering_group,
            "can_manage": can_manage,
            "reason_form": reason_form,
            "saved_values": saved_values,
            "active_nav": "team",
            "team_nav": "bodies",
            "team_landing": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="teams.manage_team")
    initial = {"kind": request.GET.get("soort", "")}
    form = BodyForm(request.POST or None, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(
                actor=request.user,
                programme=programme,
                kind=form.cleaned_data["kind"],
                members=form.cleaned_data.get("members") or (),
                **form.values(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": body})
            return redirect("team_bodies", programme_uuid=programme.uuid)
    return render(
        request,
        "teams/body_form.html",
        {"programme": programme, "form": form, "active_nav": "team", "team_nav": "bodies"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, programme_uuid: str, body_uuid: str) -> HttpResponse:
    """Managers edit every body; a kwartiermaker edits the working group they chair."""
    programme = _programme(request, programme_uuid)
    body = selectors.get_body_for_user(request, programme, body_uuid, write=True)
    form = BodyForm(
        request.POST or None,
        programme=programme,
        body=body,
        initial=initial_from(body, ["name", "mandate", "meeting_frequency", "chair", "secretary", "members"]),
    )
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(
                actor=request.user,
                body=body,
                expected_version=form.cleaned_data.get("version"),
                members=form.cleaned_data.get("members") if "members" in form.fields else None,
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, body)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("team_bodies", programme_uuid=programme.uuid)
    return render(
        request,
        "teams/body_form.html",
        {
            "programme": programme,
            "body": body,
            "form": form,
            "saved_values": saved_values,
            "kwartiermakers": selectors.kwartiermakers(programme)
            if body.kind == BodyKind.PROJECTGROEP
            else None,
            "can_manage": request.user.has_perm("teams.manage_team", programme),
            "active_nav": "team",
            "team_nav": "bodies",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_delete(request: HttpRequest, programme_uuid: str, body_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="teams.manage_team")
    body = selectors.get_body_for_user(request, programme, body_uuid)
    if request.method == "POST":
        try:
            services.body_delete(actor=request.user, body=body)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s has been removed.") % {"name": body})
        return redirect("team_bodies", programme_uuid=programme.uuid)
    return render(
        request,
        "teams/body_delete.html",
        {"programme": programme, "body": body, "active_nav": "team", "team_nav": "bodies"},
    )


# Agreements -----------------------------------------------------------------------------------


@login_required
def agreement_list(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    """The meeting, decision and communication structure: text, owner, date agreed."""
    programme = _programme(request, programme_uuid)
    recorded = {a.kind: a for a in selectors.agreements(programme)}
    items = [
        {"kind": kind, "label": AgreementKind(kind).label, "agreement": recorded.get(kind)}
        for kind in AgreementKind.values
    ]
    return render(
        request,
        "teams/agreements.html",
        {
            "programme": programme,
            "items": items,
            "agreed_count": sum(1 for a in recorded.values() if a.is_agreed),
            "can_manage": request.user.has_perm("teams.manage_team", programme),
            "active_nav": "team",
            "team_nav": "agreements",
            "team_landing": True,
        },
    )


def _recorded_meanwhile(agreement: Agreement) -> StaleEditError:
    return StaleEditError(
        _(
            "This was recorded by %(who)s at %(when)s after you opened it. "
            "Review their text below and save again."
        )
        % {
            "who": agreement.updated_by or _("someone else"),
            "when": formats.date_format(timezone.localtime(agreement.updated_at), "DATETIME_FORMAT"),
        },
        code="stale",
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, programme_uuid: str, kind: str) -> HttpResponse:
    """Edit one agreement. One not recorded yet starts from Koers's text and is created on save."""
    if kind not in AgreementKind.values:
        raise Http404("agreement kind")
    programme = _programme(request, programme_uuid, perm="teams.manage_team")
    agreement: Agreement | None = selectors.agreements(programme).filter(kind=kind).first()
    if agreement is None:
        initial: dict[str, Any] = {"text": services.starting_text(kind)}
    else:
        initial = initial_from(agreement, ["text", "owner", "agreed_on"])
    form = AgreementForm(request.POST or None, programme=programme, initial=initial)
    saved_values = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version")
        try:
            if agreement is None:
                services.agreement_create(actor=request.user, programme=programme, kind=kind, **form.values())
            elif version is None:
                # The form was opened before the agreement existed: someone recorded it since.
                raise _recorded_meanwhile(agreement)
            else:
                services.agreement_update(
                    actor=request.user, agreement=agreement, expected_version=version, **form.values()
                )
        except ValidationError as error:
            if agreement is None and getattr(error, "code", None) == "exists":
                agreement = selectors.agreements(programme).get(kind=kind)
                error = _recorded_meanwhile(agreement)
            if agreement is None:
                apply_validation_error(form, error)
            else:
                saved_values = _save_failed(form, error, agreement)
        else:
            messages.success(request, _("The agreement has been saved."))
            return redirect("team_agreements", programme_uuid=programme.uuid)
    return render(
        request,
        "teams/agreement_form.html",
        {
            "programme": programme,
            "agreement": agreement,
            "kind": kind,
            "kind_label": AgreementKind(kind).label,
            "form": form,
            "saved_values": saved_values,
            "active_nav": "team",
            "team_nav": "agreements",
        },
    )


# Partners in the programme --------------------------------------------------------------------


def _partners_context(request: HttpRequest, programme: Programme, form: Any = None) -> dict[str, Any]:
    can_manage = request.user.has_perm("teams.manage_team", programme)
    links = list(selectors.programme_partners(programme))
    for link in links:
        link.domain_labels = _domain_labels(link.partner.domains)  # type: ignore[attr-defined]
    return {
        "programme": programme,
        "links": links,
        "form": form or ProgrammePartnerAddForm(programme=programme),
        "can_manage": can_manage,
        "can_manage_partners": request.user.has_perm("teams.manage_partners", programme.organisation),
        "active_nav": "team",
        "team_nav": "partners",
        "team_landing": True,
    }


@login_required
@require_http_methods(["GET", "POST"])
def programme_partner_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    """The partner organisations in the programme; managers add one from the organisation's list
    or remove one that no longer has people in the team."""
    programme = _programme(request, programme_uuid)
    form = None
    if request.method == "POST":
        if not request.user.has_perm("teams.manage_team", programme):
            raise PermissionDenied("teams.manage_team")
        if "remove" in request.POST:
            link = _programme_partner(programme, request.POST["remove"])
            try:
                services.programme_partner_remove(actor=request.user, link=link)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(partner)s no longer takes part in the programme.") % {"partner": link.partner},
                )
        else:
            form = ProgrammePartnerAddForm(request.POST, programme=programme)
            if form.is_valid():
                partner = form.cleaned_data["partner"]
                try:
                    services.programme_partner_add(actor=request.user, programme=programme, partner=partner)
                except ValidationError as error:
                    apply_validation_error(form, error)
                else:
                    messages.success(
                        request, _("%(partner)s takes part in the programme.") % {"partner": partner}
                    )
                    form = None
        if request.htmx:  # type: ignore[attr-defined]
            return render(
                request, "teams/programme_partners.html#partners", _partners_context(request, programme, form)
            )
        if form is None:
            return redirect("team_partners", programme_uuid=programme.uuid)
    fmt = lists.requested_format(request) if request.method == "GET" else None
    if fmt is not None:
        title = _("Partners %(programme)s") % {"programme": programme.name}
        found = selectors.programme_partners(programme)
        return lists.download(request, exports.PROGRAMME_PARTNERS, found, fmt=fmt, title=title)
    return render(request, "teams/programme_partners.html", _partners_context(request, programme, form))


def _programme_partner(programme: Programme, value: str) -> ProgrammePartner:
    try:
        link_uuid = uuid.UUID(value)
    except ValueError:
        raise Http404("programme partner") from None
    link = programme.programme_partners.select_related("partner", "programme").filter(uuid=link_uuid).first()
    if link is None:
        raise Http404("programme partner")
    return link


# The organisation's partner list --------------------------------------------------------------


def _partner_organisation(request: HttpRequest, perm: str) -> Organisation:
    organisation = require_current_organisation(request)
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied(perm)
    return organisation


def _domain_labels(domains: list[str]) -> list[str]:
    return [str(Domain(d).label) for d in domains if d in Domain.values]


@login_required
def partner_list(request: HttpRequest) -> HttpResponseBase:
    organisation = _partner_organisation(request, "teams.view_partners")
    fmt = lists.requested_format(request)
    if fmt is not None:
        title = _("Partner list %(organisation)s") % {"organisation": organisation.name}
        return lists.download(
            request, exports.PARTNERS, selectors.partners_of(organisation), fmt=fmt, title=title
        )
    page = Paginator(selectors.partners_of(organisation), PARTNER_PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    for partner in page.object_list:
        partner.domain_labels = _domain_labels(partner.domains)  # type: ignore[attr-defined]
    return render(
        request,
        "teams/partner_list.html",
        {
            "organisation": organisation,
            "page": page,
            "own_types": selectors.partner_types_for(organisation).filter(organisation=organisation),
            "can_manage": request.user.has_perm("teams.manage_partners", organisation),
            "partner_list_page": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_create(request: HttpRequest) -> HttpResponse:
    organisation = _partner_organisation(request, "teams.manage_partners")
    form = PartnerForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(actor=request.user, organisation=organisation, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("%(partner)s has been added to the partner list.") % {"partner": partner}
            )
            return redirect(_safe_next(request) or "partner_list")
    return render(
        request,
        "teams/partner_form.html",
        {"organisation": organisation, "form": form, "next": _safe_next(request)},
    )


def _get_partner(
    request: HttpRequest, partner_uuid: str, perm: str
) -> tuple[Organisation, PartnerOrganisation]:
    """Another organisation's partner is not found (404) before any right is checked (403)."""
    organisation = require_current_organisation(request)
    partner = selectors.get_partner_for_user(request, organisation, partner_uuid)
    if not request.user.has_perm(perm, organisation):
        raise PermissionDenied(perm)
    return organisation, partner


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, partner_uuid: str) -> HttpResponse:
    organisation, partner = _get_partner(request, partner_uuid, "teams.manage_partners")
    form = PartnerForm(
        request.POST or None,
        organisation=organisation,
        initial=initial_from(
            partner, ["name", "partner_type", "domains", "email", "phone", "website", "notes"]
        ),
    )
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(
                actor=request.user,
                partner=partner,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, partner)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("partner_list")
    return render(
        request,
        "teams/partner_form.html",
        {
            "organisation": organisation,
            "partner": partner,
            "form": form,
            "saved_values": saved_values,
            "person_count": Person.objects.filter(partner=partner, removed_at__isnull=True).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_delete(request: HttpRequest, partner_uuid: str) -> HttpResponse:
    """Ask, then remove; refused (and nothing changed) while people still belong to the partner."""
    organisation, partner = _get_partner(request, partner_uuid, "teams.manage_partners")
    error = None
    if request.method == "POST":
        try:
            services.partner_delete(actor=request.user, partner=partner)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request, _("%(partner)s has been removed from the partner list.") % {"partner": partner}
            )
            return redirect("partner_list")
    return render(
        request,
        "teams/partner_delete.html",
        {
            "organisation": organisation,
            "partner": partner,
            "error": error,
            "person_count": Person.objects.filter(partner=partner, removed_at__isnull=True).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_type_create(request: HttpRequest) -> HttpResponse:
    """An organisation's own partner type, next to the built-in list."""
    organisation = _partner_organisation(request, "teams.manage_partners")
    form = PartnerTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner_type = services.partner_type_create(
                actor=request.user,
                organisation=organisation,
                name=form.cleaned_data["name"],
                core_group=form.cleaned_data["core_group"],
                domains=form.cleaned_data["domains"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The partner type %(name)s has been added.") % {"name": partner_type})
            return redirect(_safe_next(request) or "partner_list")
    return render(
        request,
        "teams/partner_type_form.html",
        {"organisation": organisation, "form": form, "next": _safe_next(request)},
    )


programme_patterns: list[URLPattern | URLResolver] = [
    path("", team_overview, name="team_overview"),
    path("mensen/nieuw/", person_create, name="team_person_create"),
    path("mensen/<uuid:person_uuid>/", person_edit, name="team_person_edit"),
    path("mensen/<uuid:person_uuid>/verwijderen/", person_remove, name="team_person_remove"),
    path("gremia/", body_list, name="team_bodies"),
    path("gremia/nieuw/", body_create, name="team_body_create"),
    path("gremia/<uuid:body_uuid>/", body_edit, name="team_body_edit"),
    path("gremia/<uuid:body_uuid>/verwijderen/", body_delete, name="team_body_delete"),
    path("afspraken/", agreement_list, name="team_agreements"),
    path("afspraken/<str:kind>/", agreement_edit, name="team_agreement_edit"),
    path("partners/", programme_partner_list, name="team_partners"),
]

organisation_patterns: list[URLPattern | URLResolver] = [
    path("", partner_list, name="partner_list"),
    path("nieuw/", partner_create, name="partner_create"),
    path("typen/nieuw/", partner_type_create, name="partner_type_create"),
    path("<uuid:partner_uuid>/", partner_edit, name="partner_edit"),
    path("<uuid:partner_uuid>/verwijderen/", partner_delete, name="partner_delete"),
]
