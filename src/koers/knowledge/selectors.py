"""Reading the knowledge base: a programme's sources and experiences, fetched so that another
organisation's object is a 404 and a missing right a 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from koers.programmes.models import Programme

from .models import Experience, Source


def sources(
    programme: Programme, *, query: str = "", kind: str = "", focus_area: str = ""
) -> QuerySet[Source]:
    """Search over title, author, summary and themes; filter by kind and focus area."""
    result = programme.sources.select_related("updated_by")
    query = query.strip()
    if query:
        result = result.filter(
            Q(title__icontains=query)
            | Q(author__icontains=query)
            | Q(summary__icontains=query)
            | Q(themes__icontains=query)
        )
    if kind:
        result = result.filter(kind=kind)
    if focus_area:
        # JSON lists of fixed keys: a quoted key matches one element on SQLite and PostgreSQL.
        result = result.filter(focus_areas__icontains=f'"{focus_area}"')
    return result.order_by("-year", "title", "pk")


def get_source(programme: Programme, source_uuid: Any) -> Source:
    source = (
        programme.sources.select_related("updated_by", "programme__organisation")
        .filter(uuid=source_uuid)
        .first()
    )
    if source is None:
        raise Http404("source")
    return source


def experiences(programme: Programme, *, author: str = "") -> QuerySet[Experience]:
    result = programme.experiences.select_related("author", "person", "programme__organisation")
    if author:
        result = result.filter(author__uuid=author) if _is_uuid(author) else result.none()
    return result.order_by("-observed_on", "-created_at", "pk")


def experience_authors(programme: Programme) -> list[Any]:
    """The people who recorded experiences, for the author filter."""
    seen: dict[int, Any] = {}
    for experience in programme.experiences.select_related("author").exclude(author=None):
        seen.setdefault(experience.author_id, experience.author)  # type: ignore[arg-type]
    return sorted(seen.values(), key=lambda user: str(user).lower())


def get_experience_for_user(
    request: HttpRequest, programme: Programme, experience_uuid: Any, *, perm: str | None = None
) -> Experience:
    experience = (
        programme.experiences.select_related("author", "person", "updated_by", "programme__organisation")
        .filter(uuid=experience_uuid)
        .first()
    )
    if experience is None:
        raise Http404("experience")
    if perm and not request.user.has_perm(perm, experience):
        raise PermissionDenied(perm)
    return experience


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
