"""Pages of the lessons learned (step 5) and of the shared library "Leer van elkaar". Views are
thin: fetch through the selectors (another organisation's lesson is a 404, a missing right a 403;
in the library another organisation's item is readable but its change pages are a 404), validate a
form, call a service, redirect with a message."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme, ProgrammeRole
from koers.programmes.permissions import programme_role
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.teams.forms import initial_from
from koers.teams.views import _save_failed

from . import evaluations, exports, selectors, services
from .forms import LessonFilterForm, LessonForm, LibraryFilterForm, LibraryItemForm, RejectForm
from .models import Lesson
from .reference import PUBLICATION_WORKFLOW, PublicationStatus

PAGE_SIZE = 25
VIEW = "lessons.view_lessons"


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = VIEW) -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "monitoring", **extra}


def _to_detail(lesson: Lesson) -> HttpResponse:
    return redirect("lesson_detail", programme_uuid=lesson.programme.uuid, lesson_uuid=lesson.uuid)


@login_required
def lesson_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    subprojects = list(selectors.subproject_choices(programme))
    focus_areas = list(selectors.focus_area_choices(programme))
    form = LessonFilterForm(
        request.GET or None,
        subprojects=subprojects,
        focus_areas=focus_areas,
        themes=selectors.theme_choices(programme),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.lessons(
        programme,
        subproject=next((s for s in subprojects if str(s.uuid) == filters.get("deelproject")), None),
        focus_area=next((f for f in focus_areas if str(f.uuid) == filters.get("focusgebied")), None),
        theme=filters.get("thema", ""),
    )
    if (download := lists.asked(request, exports.LESSONS, found, programme=programme)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "lessons/lesson_list.html",
        _context(
            programme,
            form=form,
            page=page,
            query=query,
            filtered=bool(query),
            can_add=request.user.has_perm("lessons.add_lesson", programme),
        ),
    )


def _form(request: HttpRequest, programme: Programme, **kwargs: Any) -> LessonForm:
    led_by = request.user if programme_role(request.user, programme) == ProgrammeRole.KWARTIERMAKER else None
    return LessonForm(
        request.POST or None,
        subprojects=selectors.subproject_choices(programme, led_by=led_by),
        meetings=selectors.meeting_choices(programme),
        focus_areas=selectors.focus_area_choices(programme),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lesson_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, "lessons.add_lesson")
    initial: dict[str, Any] = {"learned_on": timezone.localdate()}
    subproject = selectors.get_subproject(programme, request.GET.get("deelproject", ""))
    if subproject is not None:
        initial["subproject"] = subproject
        initial["focus_areas"] = list(subproject.focus_areas.all())
    form = _form(request, programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.lesson_create(actor=request.user, programme=programme, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": lesson.title})
            return _to_detail(lesson)
    return render(request, "lessons/lesson_form.html", _context(programme, form=form))


@login_required
def lesson_detail(request: HttpRequest, programme_uuid: str, lesson_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    lesson = selectors.get_lesson(request, programme, lesson_uuid)
    item = selectors.library_item_of(lesson)
    may_propose = request.user.has_perm("lessons.propose_lesson", lesson) and (
        PublicationStatus.PROPOSED in PUBLICATION_WORKFLOW.allowed(lesson.publication_status)
    )
    return render(
        request,
        "lessons/lesson_detail.html",
        _context(
            programme,
            lesson=lesson,
            item=item if item is not None and item.is_live else None,
            can_change=request.user.has_perm("lessons.change_lesson", lesson),
            can_propose=may_propose,
            can_approve=lesson.publication_status == PublicationStatus.PROPOSED
            and request.user.has_perm("lessons.approve_lesson", lesson),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, programme_uuid: str, lesson_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    lesson = selectors.get_lesson(request, programme, lesson_uuid, perm="lessons.change_lesson")
    initial = initial_from(lesson, [name for name in services.LESSON_FIELDS if name != "focus_areas"])
    initial["focus_areas"] = list(lesson.focus_areas.all())
    form = _form(request, programme, initial=initial)
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_update(
                actor=request.user,
                lesson=lesson,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, lesson)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_detail(lesson)
    return render(
        request,
        "lessons/lesson_form.html",
        _context(programme, form=form, lesson=lesson, saved_values=saved_values),
    )


@login_required
@require_http_methods(["GET", "POST"])
def lesson_delete(request: HttpRequest, programme_uuid: str, lesson_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    lesson = selectors.get_lesson(request, programme, lesson_uuid, perm="lessons.delete_lesson")
    if request.method == "POST":
        services.lesson_delete(actor=request.user, lesson=lesson)
        messages.success(request, _("%(name)s has been removed.") % {"name": lesson.title})
        return redirect("lessons", programme_uuid=programme.uuid)
    return render(
        request,
        "lessons/lesson_delete.html",
        _context(programme, lesson=lesson, item=selectors.library_item_of(lesson)),
    )


@login_required
@require_POST
def lesson_propose(request: HttpRequest, programme_uuid: str, lesson_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    lesson = selectors.get_lesson(request, programme, lesson_uuid, perm="lessons.propose_lesson")
    try:
        services.lesson_propose(actor=request.user, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The lesson is proposed. A programme manager decides whether it is published.")
        )
    return _to_detail(lesson)


@login_required
@require_POST
def lesson_approve(request: HttpRequest, programme_uuid: str, lesson_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    lesson = selectors.get_lesson(request, programme, lesson_uuid, perm="lessons.approve_lesson")
    try:
        item = services.lesson_approve(actor=request.user, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_detail(lesson)
    messages.success(request, _("The lesson is published in Leer van elkaar."))
    return redirect("library_detail", item_uuid=item.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_reject(request: HttpRequest, programme_uuid: str, lesson_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    lesson = selectors.get_lesson(request, programme, lesson_uuid, perm="lessons.approve_lesson")
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_reject(actor=request.user, lesson=lesson, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The lesson is not published; the author can read why."))
            return _to_detail(lesson)
    return render(request, "lessons/lesson_reject.html", _context(programme, lesson=lesson, form=form))


# The shared library ---------------------------------------------------------------------------

LIBRARY_PAGE_SIZE = 20


@login_required
def library_list(request: HttpRequest) -> HttpResponseBase:
    form = LibraryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.library(
        query=filters.get("q", ""), kind=filters.get("soort", ""), focus_area=filters.get("focusgebied", "")
    )
    if (
        download := lists.asked(request, exports.LIBRARY, found, title=str(exports.LIBRARY.name))
    ) is not None:
        return download
    page = Paginator(found, LIBRARY_PAGE_SIZE).get_page(request.GET.get("pagina"))
    for item in page.object_list:
        item.evidence_short = evaluations.evidence_short(item)  # type: ignore[attr-defined]
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "lessons/library_list.html",
        {
            "nav_section": "library",
            "library_landing": True,
            "form": form,
            "page": page,
            "query": query,
            "searched": bool(query),
        },
    )


@login_required
def library_detail(request: HttpRequest, item_uuid: str) -> HttpResponse:
    item = selectors.get_library_item(item_uuid)
    return render(
        request,
        "lessons/library_detail.html",
        {
            "nav_section": "library",
            "item": item,
            "evidence": evaluations.evidence_rows(item),
            "can_change": selectors.may_change_item(request, item),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def library_edit(request: HttpRequest, item_uuid: str) -> HttpResponse:
    item = selectors.get_own_library_item(request, item_uuid, perm="lessons.change_library_item")
    form = LibraryItemForm(request.POST or None, initial=initial_from(item, list(services.LIBRARY_FIELDS)))
    if request.method == "POST" and form.is_valid():
        try:
            services.library_update(actor=request.user, item=item, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
            item.refresh_from_db()
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("library_detail", item_uuid=item.uuid)
    return render(
        request, "lessons/library_form.html", {"nav_section": "library", "item": item, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def library_withdraw(request: HttpRequest, item_uuid: str) -> HttpResponse:
    item = selectors.get_own_library_item(request, item_uuid, perm="lessons.change_library_item")
    if request.method == "POST":
        services.library_withdraw(actor=request.user, item=item)
        messages.success(
            request, _("%(name)s has been withdrawn from Leer van elkaar.") % {"name": item.title}
        )
        return redirect("library_list")
    return render(request, "lessons/library_withdraw.html", {"nav_section": "library", "item": item})


lesson_patterns: list[URLPattern] = [
    path("", lesson_list, name="lessons"),
    path("nieuw/", lesson_create, name="lesson_create"),
    path("<uuid:lesson_uuid>/", lesson_detail, name="lesson_detail"),
    path("<uuid:lesson_uuid>/bewerken/", lesson_edit, name="lesson_edit"),
    path("<uuid:lesson_uuid>/verwijderen/", lesson_delete, name="lesson_delete"),
    path("<uuid:lesson_uuid>/voorstellen/", lesson_propose, name="lesson_propose"),
    path("<uuid:lesson_uuid>/goedkeuren/", lesson_approve, name="lesson_approve"),
    path("<uuid:lesson_uuid>/afwijzen/", lesson_reject, name="lesson_reject"),
]

library_patterns: list[URLPattern] = [
    path("", library_list, name="library_list"),
    path("<uuid:item_uuid>/", library_detail, name="library_detail"),
    path("<uuid:item_uuid>/bewerken/", library_edit, name="library_edit"),
    path("<uuid:item_uuid>/intrekken/", library_withdraw, name="library_withdraw"),
]
