"""Reading the knowledge base: a programme's sources and experiences, fetched so that another
organisation's object is a 404 and a missing right a 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from koers import textsearch
from koers.programmes.models import Programme

from .models import Experience, Source

SEARCH_FIELDS: textsearch.Fields = {"title": "A", "summary": "B", "author": "C", "themes": "C"}
SEARCH_CONFIG = textsearch.SEARCH_CONFIG
search_terms = textsearch.search_terms


def sources(
    programme: Programme, *, query: str = "", kind: str = "", focus_area: str = ""
) -> QuerySet[Source]:
    """Full-text search over title, author, summary and themes (best match first); filter by kind
    and focus area. Without a search the newest sources come first."""
    result = programme.sources.select_related("updated_by")
    if kind:
        result = result.filter(kind=kind)
    if focus_area:
        # JSON lists of fixed keys: a quoted key matches one element on SQLite and PostgreSQL.
        result = result.filter(focus_areas__icontains=f'"{focus_area}"')
    query = textsearch.normalise(query)
    if not query:
        return result.order_by("-year", "title", "pk")
    return _ranked(textsearch.matching(result, query, SEARCH_FIELDS))


def _ranked(result: QuerySet[Any]) -> QuerySet[Source]:
    return result.order_by("-search_rank", "-year", "title", "pk")


def _search_fallback(result: QuerySet[Source], query: str) -> QuerySet[Source]:
    """The search without PostgreSQL (SQLite), on any database: every word or phrase must occur in
    one of the fields (no stemming); sources with a word in their title come first (ADR 0019)."""
    return _ranked(textsearch.fallback_matching(result, query, SEARCH_FIELDS))


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
