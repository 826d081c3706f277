"""Text search, shared by the knowledge base, the shared library and the search of a programme
(ADR 0019, ADR 0042).

On PostgreSQL a search is Dutch full-text search (``django.contrib.postgres.search``, the ``dutch``
configuration, web-search syntax), computed per query over rows that are already narrowed to what
the user may see. Elsewhere (SQLite) it is a plain fallback in the ORM: every word or ``"phrase"``
must occur in one of the fields (case-insensitive), ``-word`` leaves rows with that word out.

Both rank a match in the title (the fields of weight ``A``) above a match elsewhere; the rank is
annotated as ``search_rank`` and the caller orders by it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import connection
from django.db.models import Case, FloatField, Q, QuerySet, Value, When

SEARCH_CONFIG = "dutch"
MAX_QUERY_LENGTH = 200
SEARCH_TERM = re.compile(r'-?"[^"]*"?|\S+')
WEIGHTS = ("A", "B", "C", "D")
# Added to the rank of a row whose title matches: ts_rank is at most 1, so titles come first.
TITLE_BONUS = 2.0

# Field name -> weight ("A" for the title, then "B", "C", "D").
Fields = Mapping[str, str]


def normalise(query: str) -> str:
    """The query with its white space collapsed, cut to ``MAX_QUERY_LENGTH`` characters."""
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


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


def matching(queryset: QuerySet[Any], query: str, fields: Fields) -> QuerySet[Any]:
    """The rows of ``queryset`` that match ``query`` in ``fields``, annotated with
    ``search_rank`` (higher is better). Not ordered: the caller adds its own tie-breakers."""
    if connection.vendor == "postgresql":
        return postgresql_matching(queryset, query, fields)
    return fallback_matching(queryset, query, fields)


def _by_weight(fields: Fields) -> list[tuple[str, list[str]]]:
    return [(weight, [name for name, w in fields.items() if w == weight]) for weight in WEIGHTS]


def postgresql_matching(queryset: QuerySet[Any], query: str, fields: Fields) -> QuerySet[Any]:
    """PostgreSQL's Dutch text search: stemmed words (``jongeren`` finds ``jongere``), web-search
    syntax (``"exact phrase"``, ``or``, ``-word``), ranked with the title above the rest."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector: Any = None
    for weight, names in _by_weight(fields):
        if names:
            part = SearchVector(*names, weight=weight, config=SEARCH_CONFIG)
            vector = part if vector is None else vector + part
    titles = [name for name, weight in fields.items() if weight == "A"]
    search = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    result = queryset.annotate(
        search_vector=vector, search_title=SearchVector(*titles, config=SEARCH_CONFIG)
    ).filter(search_vector=search)
    return result.annotate(
        search_rank=SearchRank("search_vector", search)
        + Case(
            When(search_title=search, then=Value(TITLE_BONUS)),
            default=Value(0.0),
            output_field=FloatField(),
        )
    )


def fallback_matching(queryset: QuerySet[Any], query: str, fields: Fields) -> QuerySet[Any]:
    """Without PostgreSQL (SQLite): every word or phrase must occur in one of the fields (no
    stemming), ``-word`` leaves rows with it out; a word in the title ranks the row first."""
    wanted, unwanted = search_terms(query)
    if not wanted and not unwanted:
        return queryset.none()

    def anywhere(term: str) -> Q:
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": term})
        return condition

    for term in wanted:
        queryset = queryset.filter(anywhere(term))
    for term in unwanted:
        queryset = queryset.exclude(anywhere(term))
    in_title = Q()
    for term in wanted:
        for name, weight in fields.items():
            if weight == "A":
                in_title |= Q(**{f"{name}__icontains": term})
    if not in_title:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    return queryset.annotate(
        search_rank=Case(
            When(in_title, then=Value(TITLE_BONUS)), default=Value(0.0), output_field=FloatField()
        )
    )


# Snippets ---------------------------------------------------------------------------------------


def _pattern(query: str) -> re.Pattern[str] | None:
    """Words that start like a search word: ``jongeren`` also marks ``jongere`` (a rough stand-in
    for the stemmer, only to show where a match is)."""
    stems: set[str] = set()
    for term in search_terms(query)[0]:
        for word in term.split():
            word = word.strip(".,;:!?()'").lower()
            if len(word) >= 6:
                word = word[: max(5, len(word) - 3)]
            if word:
                stems.add(re.escape(word))
    if not stems:
        return None
    alternatives = "|".join(sorted(stems, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def snippet(text: str, query: str, *, width: int = 200) -> list[tuple[str, bool]]:
    """A short piece of ``text`` around the first match of ``query``, as (text, is_match) parts;
    templates escape each part and mark the matches. Plain text in, never markup."""
    text = " ".join(text.split())
    pattern = _pattern(query)
    found = pattern.search(text) if pattern else None
    start = 0
    if found is not None and found.start() > width // 3:
        start = text.rfind(" ", 0, found.start() - width // 3) + 1
    end = start + width
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    piece = text[start:end]
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("… ", False))
    position = 0
    if pattern is not None:
        for match in pattern.finditer(piece):
            if match.start() > position:
                parts.append((piece[position : match.start()], False))
            parts.append((match.group(0), True))
            position = match.end()
    if position < len(piece):
        parts.append((piece[position:], False))
    if end < len(text):
        parts.append((" …", False))
    return parts
