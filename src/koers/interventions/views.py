"""Pages of the interventions registry (/interventies/) and of the interventions a sub-project
uses. Views are thin: fetch through the selectors (another organisation's entry is a 404, a
missing right a 403), validate a form, call a service, redirect with a message."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koers.organisations.models import Organisation
from koers.plan.reference import FocusAreaKey
from koers.programmes import selectors as programme_selectors
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.teams.forms import initial_from
from koers.teams.views import _save_failed

from . import exports, selectors, services
from .forms import ChooseInterventionForm, InterventionFilterForm, InterventionForm
from .models import Intervention
from .reference import Scope

PAGE_SIZE = 50


def _registry_organisation(request: HttpRequest) -> Organisation | None:
    """The organisation whose registry the user sees; None for an installation administrator
    outside any organisation (installation-wide entries only)."""
    organisation = selectors.registry_organisation(request)
    if organisation is None and not request.user.has_perm("interventions.add_national"):
        raise Http404("no organisation")
    if not request.user.has_perm("interventions.view_registry", organisation):
        raise PermissionDenied("interventions.view_registry")
    return organisation


def _scopes(request: HttpRequest, organisation: Organisation | None) -> list[str]:
    """Where the user may add entries: the installation-wide registry, their organisation's own."""
    scopes = []
    if request.user.has_perm("interventions.add_own", organisation) and organisation is not None:
        scopes.append(Scope.OWN.value)
    if request.user.has_perm("interventions.add_national"):
        scopes.append(Scope.NATIONAL.value)
    return scopes


def _get(
    request: HttpRequest, intervention_uuid: Any, manage: bool = False
) -> tuple[Organisation | None, Intervention]:
    organisation = _registry_organisation(request)
    intervention = selectors.get_intervention(organisation, intervention_uuid)
    if manage and not request.user.has_perm("interventions.change_intervention", intervention):
        raise PermissionDenied("interventions.change_intervention")
    return organisation, intervention


@login_required
def intervention_list(request: HttpRequest) -> HttpResponseBase:
    organisation = _registry_organisation(request)
    form = InterventionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.registry(
        organisation,
        query=filters.get("q", ""),
        evidence_level=filters.get("niveau", ""),
        focus_area=filters.get("focusgebied", ""),
        scope=filters.get("register", ""),
    )
    if (download := lists.asked(request, exports.REGISTRY, found, organisation=organisation)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = {k: v for k, v in filters.items() if v}
    return render(
        request,
        "interventions/intervention_list.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "query": urlencode(query),
            "filtered": bool(query),
            "can_add": bool(_scopes(request, organisation)),
            "registry_page": True,
        },
    )


@login_required
def intervention_detail(request: HttpRequest, intervention_uuid: str) -> HttpResponse:
    organisation, intervention = _get(request, intervention_uuid)
    return render(
        request,
        "interventions/intervention_detail.html",
        {
            "organisation": organisation,
            "intervention": intervention,
            "usage": selectors.usage(intervention, organisation, request.user),
            "focus_area_labels": [
                str(FocusAreaKey(key).label) for key in intervention.focus_areas if key in FocusAreaKey.values
            ],
            "can_manage": request.user.has_perm("interventions.change_intervention", intervention),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_create(request: HttpRequest) -> HttpResponse:
    organisation = _registry_organisation(request)
    scopes = _scopes(request, organisation)
    if not scopes:
        raise PermissionDenied("interventions.add")
    form = InterventionForm(request.POST or None, scopes=scopes, initial={"scope": scopes[0]})
    if request.method == "POST" and form.is_valid():
        scope = form.cleaned_data.get("scope") or scopes[0]
        try:
            intervention = services.intervention_create(
                actor=request.user,
                organisation=organisation if scope == Scope.OWN else None,
                **form.values(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added to the registry.") % {"name": intervention})
            return redirect("intervention_detail", intervention_uuid=intervention.uuid)
    return render(
        request, "interventions/intervention_form.html", {"organisation": organisation, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_edit(request: HttpRequest, intervention_uuid: str) -> HttpResponse:
    organisation, intervention = _get(request, intervention_uuid, manage=True)
    form = InterventionForm(
        request.POST or None, initial=initial_from(intervention, list(services.INTERVENTION_FIELDS))
    )
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_update(
                actor=request.user,
                intervention=intervention,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, intervention)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("intervention_detail", intervention_uuid=intervention.uuid)
    return render(
        request,
        "interventions/intervention_form.html",
        {
            "organisation": organisation,
            "intervention": intervention,
            "form": form,
            "saved_values": saved_values,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intervention_delete(request: HttpRequest, intervention_uuid: str) -> HttpResponse:
    """Ask, then remove; refused (and nothing changed) while a sub-project uses it."""
    organisation, intervention = _get(request, intervention_uuid, manage=True)
    error = None
    if request.method == "POST":
        try:
            services.intervention_delete(actor=request.user, intervention=intervention)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request, _("%(name)s has been removed from the registry.") % {"name": intervention}
            )
            return redirect("intervention_list")
    return render(
        request,
        "interventions/intervention_delete.html",
        {
            "organisation": organisation,
            "intervention": intervention,
            "error": error,
            "use_count": services.usage_count(intervention),
        },
        status=400 if error else 200,
    )


# A sub-project's interventions ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def subproject_interventions(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str
) -> HttpResponseBase:
    programme = programme_selectors.get_programme_for_user(request, programme_uuid)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    can_choose = request.user.has_perm("interventions.choose_for_subproject", subproject)
    form = None
    if can_choose:
        form = ChooseInterventionForm(
            request.POST if "add" in request.POST else None,
            interventions=list(selectors.choosable_interventions(subproject)),
        )
    if request.method == "POST":
        if not can_choose:
            raise PermissionDenied("interventions.choose_for_subproject")
        if "remove" in request.POST:
            link = selectors.get_link(subproject, request.POST["remove"])
            services.subproject_intervention_remove(actor=request.user, link=link)
            messages.success(
                request,
                _("%(name)s is no longer used in this sub-project.") % {"name": link.intervention},
            )
            return redirect(
                "subproject_interventions", programme_uuid=programme.uuid, subproject_uuid=subproject.uuid
            )
        assert form is not None
        if form.is_valid():
            try:
                link = services.subproject_intervention_add(
                    actor=request.user,
                    subproject=subproject,
                    intervention=form.cleaned_data["intervention"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, _("%(name)s is now used in this sub-project.") % {"name": link.intervention}
                )
                return redirect(
                    "subproject_interventions", programme_uuid=programme.uuid, subproject_uuid=subproject.uuid
                )
    title = f"{_('Interventions')} {subproject.name}"
    found = selectors.chosen_interventions(subproject)
    if (download := lists.asked(request, exports.CHOSEN, found, title=title)) is not None:
        return download
    context: dict[str, Any] = {
        "programme": programme,
        "subproject": subproject,
        "links": list(found),
        "form": form,
        "can_choose": can_choose,
        "active_nav": "plan",
        "plan_nav": "subprojects",
    }
    return render(request, "interventions/subproject_interventions.html", context)
