"""Pages of step 2's knowledge base: the sources (reports, studies, practice examples) and the team's
own experiences. Views are thin: fetch through the selectors (another organisation's object is a
404, a missing right a 403), validate a form, call a service, redirect with a message."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme, ProgrammeRole
from koers.programmes.permissions import programme_role
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.reports.downloads import private_download
from koers.teams.forms import initial_from
from koers.teams.views import _save_failed

from . import exports, selectors, services
from .forms import ExperienceForm, SourceFilterForm, SourceForm
from .permissions import EXPERIENCE_AUTHORS

PAGE_SIZE = 25


def _programme(
    request: HttpRequest, programme_uuid: Any, perm: str = "knowledge.view_knowledge"
) -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, nav: str, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "analysis", "knowledge_nav": nav, **extra}


# Sources --------------------------------------------------------------------------------------


@login_required
def source_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    form = SourceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.sources(
        programme,
        query=filters.get("q", ""),
        kind=filters.get("soort", ""),
        focus_area=filters.get("focusgebied", ""),
    )
    if (download := lists.asked(request, exports.SOURCES, found, programme=programme)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = {k: v for k, v in filters.items() if v}
    return render(
        request,
        "knowledge/source_list.html",
        _context(
            programme,
            "sources",
            form=form,
            page=page,
            query=urlencode(query),
            filtered=bool(query),
            can_manage=request.user.has_perm("knowledge.manage_sources", programme),
            landing=True,
        ),
    )


@login_required
def source_detail(request: HttpRequest, programme_uuid: str, source_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    source = selectors.get_source(programme, source_uuid)
    return render(
        request,
        "knowledge/source_detail.html",
        _context(
            programme,
            "sources",
            source=source,
            can_manage=request.user.has_perm("knowledge.manage_sources", programme),
        ),
    )


@login_required
def source_document(request: HttpRequest, programme_uuid: str, source_uuid: str) -> FileResponse:
    """The stored PDF, only for people who may read the programme; never served from MEDIA."""
    programme = _programme(request, programme_uuid)
    source = selectors.get_source(programme, source_uuid)
    if not source.document:
        raise Http404("document")
    return private_download(
        source.document, name=source.title or "bron", extension="pdf", content_type="application/pdf"
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="knowledge.manage_sources")
    form = SourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.source_create(
                actor=request.user,
                programme=programme,
                document=form.cleaned_data.get("document"),
                **form.values(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": source})
            return redirect("knowledge_source_detail", programme_uuid=programme.uuid, source_uuid=source.uuid)
    return render(request, "knowledge/source_form.html", _context(programme, "sources", form=form))


@login_required
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, programme_uuid: str, source_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="knowledge.manage_sources")
    source = selectors.get_source(programme, source_uuid)
    form = SourceForm(
        request.POST or None,
        request.FILES or None,
        source=source,
        initial=initial_from(source, list(services.SOURCE_FIELDS)),
    )
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.source_update(
                actor=request.user,
                source=source,
                expected_version=form.cleaned_data.get("version"),
                document=form.cleaned_data.get("document"),
                remove_document=bool(form.cleaned_data.get("remove_document")),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, source)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("knowledge_source_detail", programme_uuid=programme.uuid, source_uuid=source.uuid)
    return render(
        request,
        "knowledge/source_form.html",
        _context(programme, "sources", form=form, source=source, saved_values=saved_values),
    )


@login_required
@require_http_methods(["GET", "POST"])
def source_delete(request: HttpRequest, programme_uuid: str, source_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="knowledge.manage_sources")
    source = selectors.get_source(programme, source_uuid)
    if request.method == "POST":
        services.source_delete(actor=request.user, source=source)
        messages.success(request, _("%(name)s has been removed.") % {"name": source})
        return redirect("knowledge_sources", programme_uuid=programme.uuid)
    return render(request, "knowledge/source_delete.html", _context(programme, "sources", source=source))


# Experiences ----------------------------------------------------------------------------------


@login_required
def experience_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    author = request.GET.get("auteur", "")
    found = selectors.experiences(programme, author=author)
    if (download := lists.asked(request, exports.EXPERIENCES, found, programme=programme)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    role = programme_role(request.user, programme)
    may_write = role in EXPERIENCE_AUTHORS
    for experience in page.object_list:
        own = may_write and experience.author_id == request.user.pk
        experience.can_change = own  # type: ignore[attr-defined]
        experience.can_delete = own or role == ProgrammeRole.PROGRAMMAMANAGER  # type: ignore[attr-defined]
    authors = selectors.experience_authors(programme)
    return render(
        request,
        "knowledge/experience_list.html",
        _context(
            programme,
            "experiences",
            page=page,
            authors=authors,
            author=author,
            query=urlencode({"auteur": author}) if author else "",
            can_add=may_write,
            landing=True,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def experience_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, perm="knowledge.add_experience")
    form = ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.experience_create(actor=request.user, programme=programme, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your experience has been recorded."))
            return redirect("knowledge_experiences", programme_uuid=programme.uuid)
    return render(request, "knowledge/experience_form.html", _context(programme, "experiences", form=form))


@login_required
@require_http_methods(["GET", "POST"])
def experience_edit(request: HttpRequest, programme_uuid: str, experience_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    experience = selectors.get_experience_for_user(
        request, programme, experience_uuid, perm="knowledge.change_experience"
    )
    form = ExperienceForm(
        request.POST or None, initial=initial_from(experience, list(services.EXPERIENCE_FIELDS))
    )
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.experience_update(
                actor=request.user,
                experience=experience,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, experience)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("knowledge_experiences", programme_uuid=programme.uuid)
    return render(
        request,
        "knowledge/experience_form.html",
        _context(
            programme,
            "experiences",
            form=form,
            experience=experience,
            saved_values=saved_values,
            can_delete=request.user.has_perm("knowledge.delete_experience", experience),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def experience_delete(request: HttpRequest, programme_uuid: str, experience_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    experience = selectors.get_experience_for_user(
        request, programme, experience_uuid, perm="knowledge.delete_experience"
    )
    if request.method == "POST":
        services.experience_delete(actor=request.user, experience=experience)
        messages.success(request, _("The experience has been removed."))
        return redirect("knowledge_experiences", programme_uuid=programme.uuid)
    return render(
        request,
        "knowledge/experience_delete.html",
        _context(
            programme,
            "experiences",
            experience=experience,
            can_change=request.user.has_perm("knowledge.change_experience", experience),
        ),
    )


source_patterns: list[URLPattern] = [
    path("", source_list, name="knowledge_sources"),
    path("nieuw/", source_create, name="knowledge_source_create"),
    path("<uuid:source_uuid>/", source_detail, name="knowledge_source_detail"),
    path("<uuid:source_uuid>/bewerken/", source_edit, name="knowledge_source_edit"),
    path("<uuid:source_uuid>/verwijderen/", source_delete, name="knowledge_source_delete"),
    path("<uuid:source_uuid>/pdf/", source_document, name="knowledge_source_document"),
]

experience_patterns: list[URLPattern] = [
    path("", experience_list, name="knowledge_experiences"),
    path("nieuw/", experience_create, name="knowledge_experience_create"),
    path("<uuid:experience_uuid>/", experience_edit, name="knowledge_experience_edit"),
    path("<uuid:experience_uuid>/verwijderen/", experience_delete, name="knowledge_experience_delete"),
]
