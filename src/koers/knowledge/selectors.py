"""Reading the knowledge base: a programme's sources and experiences, fetched so that another
organisation's object is a 404 and a missing right a 403."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest

from koers.programmes.models import Programme

from .models import Experience, Source

SEARCH_CONFIG = "dutch"
SEARCH_FIELDS = ("title", "author", "summary", "themes")
SEARCH_TERM = re.compile(r'-?"[^"]*"?|\S+')


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
    query = " ".join(query.split())[:200]
    if not query:
        return result.order_by("-year", "title", "pk")
    if connection.vendor == "postgresql":
        return _search_postgresql(result, query)
    return _search_fallback(result, query)


def _search_postgresql(result: QuerySet[Source], query: str) -> QuerySet[Source]:
    """PostgreSQL's Dutch text search: stemmed words (``jongeren`` finds ``jongere``), web-search
    syntax (``"exact phrase"``, ``or``, ``-word``), ranked with the title above the rest. The vector
    is computed per query over one programme's sources (ADR 0019)."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("author", "themes", weight="C", config=SEARCH_CONFIG)
    )
    search = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        result.annotate(search_vector=vector, search_rank=SearchRank(vector, search))
        .filter(search_vector=search)
        .order_by("-search_rank", "-year", "title", "pk")
    )


def search_terms(query: str) -> tuple[list[str], list[str]]:
    """The words and ``"phrases"`` of a search, and the ``-words`` to leave out."""
    parts = [part.replace('"', "") for part in SEARCH_TERM.findall(query)]
    wanted: list[str] = []
    unwanted: list[str] = []
    for part in parts:
        part = part.strip()
        if part.lower() == "or":
            continue
        if part.startswith("-") and len(part) > 1:
            unwanted.append(part[1:])
        elif part:
            wanted.append(part)
    return wanted, unwanted


def _search_fallback(result: QuerySet[Source], query: str) -> QuerySet[Source]:
    """Without PostgreSQL (SQLite): every word or phrase must occur in one of the fields (no
    stemming); sources with a word in their title come first."""
    wanted, unwanted = search_terms(query)
    if not wanted and not unwanted:
        return result.none()

    def anywhere(term: str) -> Q:
        condition = Q()
        for name in SEARCH_FIELDS:
            condition |= Q(**{f"{name}__icontains": term})
        return condition

    for term in wanted:
        result = result.filter(anywhere(term))
    for term in unwanted:
        result = result.exclude(anywhere(term))
    in_title = Q()
    for term in wanted:
        in_title |= Q(title__icontains=term)
    return result.annotate(
        search_rank=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
        if wanted
        else Value(0, output_field=IntegerField())
    ).order_by("-search_rank", "-year", "title", "pk")


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
