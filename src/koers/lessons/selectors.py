"""Reading the lessons learned (always within one programme) and the shared library (every
organisation reads the live items; only the publisher reaches the pages to change them).

Searching the library: PostgreSQL's Dutch full-text search, a plain word search on SQLite — the
same approach and the same search syntax as the knowledge base (ADR 0019, ADR 0026)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest

from koers import textsearch
from koers.meetings.models import Meeting
from koers.organisations.models import Organisation
from koers.plan.models import FocusArea, SubProject
from koers.programmes.models import Programme

from .models import Lesson, LibraryItem

LIBRARY_SEARCH_FIELDS: textsearch.Fields = {
    "title": "A",
    "recommendation": "B",
    "summary": "B",
    "worked": "C",
    "did_not_work": "C",
    "themes": "C",
    "publisher_name": "C",
}


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def lessons(
    programme: Programme,
    *,
    subproject: SubProject | None = None,
    focus_area: FocusArea | None = None,
    theme: str = "",
) -> QuerySet[Lesson]:
    result = (
        Lesson.objects.filter(programme=programme)
        .select_related("subproject", "meeting", "meeting__body")
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order", "name")))
    )
    if subproject is not None:
        result = result.filter(subproject=subproject)
    if focus_area is not None:
        result = result.filter(focus_areas=focus_area)
    theme = " ".join(theme.split())
    if theme:
        result = result.filter(themes__icontains=theme)
    return result.order_by("-learned_on", "title", "pk")


def theme_choices(programme: Programme) -> list[str]:
    """The themes used in the programme's lessons, alphabetical, each once."""
    seen: dict[str, str] = {}
    for themes in (
        Lesson.objects.filter(programme=programme).exclude(themes="").values_list("themes", flat=True)
    ):
        for tag in themes.split(","):
            tag = tag.strip()
            if tag and tag.lower() not in seen:
                seen[tag.lower()] = tag
    return sorted(seen.values(), key=str.lower)


def get_lesson(
    request: HttpRequest, programme: Programme, lesson_uuid: Any, *, perm: str | None = None
) -> Lesson:
    lesson = (
        Lesson.objects.filter(programme=programme, uuid=lesson_uuid)
        .select_related(
            "programme__organisation",
            "subproject",
            "subproject__kwartiermaker",
            "meeting",
            "meeting__body",
            "created_by",
            "updated_by",
            "proposed_by",
        )
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order", "name")))
        .first()
    )
    if lesson is None:
        raise Http404("lesson")
    if perm and not request.user.has_perm(perm, lesson):
        raise PermissionDenied(perm)
    return lesson


def library_item_of(lesson: Lesson) -> LibraryItem | None:
    return LibraryItem.objects.filter(lesson=lesson).first()


def subproject_choices(programme: Programme, *, led_by: Any = None) -> QuerySet[SubProject]:
    result = programme.subprojects.all()
    if led_by is not None:
        result = result.filter(kwartiermaker__user=led_by)
    return result.order_by("name", "pk")


def meeting_choices(programme: Programme) -> QuerySet[Meeting]:
    return Meeting.objects.filter(programme=programme).select_related("body").order_by("-starts_at", "pk")


def focus_area_choices(programme: Programme) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(programme=programme, active=True).order_by("order", "name")


def get_subproject(programme: Programme, value: str) -> SubProject | None:
    return programme.subprojects.filter(uuid=value).first() if _is_uuid(value) else None


def get_focus_area(programme: Programme, value: str) -> FocusArea | None:
    return FocusArea.objects.filter(programme=programme, uuid=value).first() if _is_uuid(value) else None


# The shared library -------------------------------------------------------------------------


def library(*, query: str = "", kind: str = "", focus_area: str = "") -> QuerySet[LibraryItem]:
    """The live items of every organisation; a search puts the best match first, else the newest."""
    result = LibraryItem.objects.filter(withdrawn_at__isnull=True)
    if kind:
        result = result.filter(kind=kind)
    if focus_area:
        result = result.filter(focus_area_keys__icontains=f'"{focus_area}"')
    query = textsearch.normalise(query)
    if not query:
        return result.order_by("-published_on", "title", "pk")
    return textsearch.matching(result, query, LIBRARY_SEARCH_FIELDS).order_by(
        "-search_rank", "-published_on", "title", "pk"
    )


def get_library_item(item_uuid: Any) -> LibraryItem:
    """A live item of any organisation (a withdrawn one is a 404)."""
    item = LibraryItem.objects.filter(uuid=item_uuid, withdrawn_at__isnull=True).first()
    if item is None:
        raise Http404("library item")
    return item


def get_own_library_item(request: HttpRequest, item_uuid: Any, *, perm: str) -> LibraryItem:
    """An item of one of the user's own organisations (another organisation's is a 404), if the
    user has ``perm`` on it."""
    item = (
        LibraryItem.objects.filter(
            uuid=item_uuid,
            withdrawn_at__isnull=True,
            organisation__in=Organisation.objects.for_user(request.user),
        )
        .select_related("organisation", "programme", "programme__organisation", "lesson")
        .first()
    )
    if item is None:
        raise Http404("library item")
    if not request.user.has_perm(perm, item):
        raise PermissionDenied(perm)
    return item


def may_change_item(request: HttpRequest, item: LibraryItem) -> bool:
    """Whether the library page offers the change and withdraw links for ``item``."""
    if not Organisation.objects.for_user(request.user).filter(pk=item.organisation_id).exists():
        return False
    return bool(request.user.has_perm("lessons.change_library_item", item))
