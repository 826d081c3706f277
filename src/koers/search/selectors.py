"""Searching a programme: sub-projects, actions, findings, knowledge sources, meetings and the
minutes of their agenda items, decisions and lessons (ADR 0042).

One selector per kind narrows the rows to the programmes given (which the caller fetched for the
user, so another organisation's programme never comes near) and matches them with the shared text
search (``koers.textsearch``: Dutch full-text search on PostgreSQL, the plain fallback on SQLite).
Each kind is only searched in a programme where the user has the permission that opens its pages.
The kinds are combined with a UNION into one ranked list: one query for the counts, one for a page
of results, however many rows there are."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koers import textsearch
from koers.actions.models import Action
from koers.findings.models import Finding
from koers.knowledge.models import Source
from koers.lessons.models import Lesson
from koers.meetings.models import AgendaItem, Decision, Meeting
from koers.plan.models import SubProject
from koers.programmes.models import Programme

# The columns every kind's rows have, in this order (a UNION needs the same columns).
COLUMNS = (
    "search_kind",
    "search_order",
    "search_programme",
    "search_target",
    "search_label",
    "search_context",
    "search_text",
    "search_rank",
)
SEPARATOR = "\n"


def _text(*names: str) -> Any:
    """The fields joined, for the snippet (the separator becomes a space there)."""
    if len(names) == 1:
        return Cast(F(names[0]), TextField())
    parts: list[Any] = []
    for name in names:
        if parts:
            parts.append(Value(SEPARATOR))
        parts.append(F(name))
    return Concat(*parts, output_field=TextField())


def _rows(
    queryset: QuerySet[Any],
    query: str,
    fields: textsearch.Fields,
    *,
    key: str,
    order: int,
    programme: str,
    target: str,
    label: Any,
    text: Any,
    context: Any = None,
) -> QuerySet[Any]:
    """``queryset`` matched against ``query``, with the common columns annotated."""
    matched = textsearch.matching(queryset, query, fields)
    return matched.order_by().annotate(
        search_kind=Value(key, output_field=CharField()),
        search_order=Value(order, output_field=IntegerField()),
        search_programme=F(programme),
        search_target=F(target),
        search_label=Cast(label, TextField()),
        search_context=Cast(context if context is not None else Value(""), TextField()),
        search_text=text,
    )


def subprojects(programme_ids: Iterable[int], query: str) -> QuerySet[Any]:
    return _rows(
        SubProject.objects.filter(programme_id__in=programme_ids),
        query,
        {
            "name": "A",
            "description": "B",
            "target_description": "C",
            "activities": "C",
            "outputs": "C",
            "outcomes": "C",
        },
        key="deelproject",
        order=1,
        programme="programme_id",
        target="uuid",
        label=F("name"),
        text=_text("description", "target_description", "activities", "outputs", "outcomes"),
    )


def actions(programme_ids: Iterable[int], query: str) -> QuerySet[Any]:
    return _rows(
        Action.objects.filter(programme_id__in=programme_ids),
        query,
        {"title": "A", "description": "B"},
        key="actie",
        order=2,
        programme="programme_id",
        target="uuid",
        label=F("title"),
        text=_text("description"),
        context=Coalesce(F("subproject__name"), Value("")),
    )


def findings(programme_ids: Iterable[int], query: str) -> QuerySet[Any]:
    return _rows(
        Finding.objects.filter(programme_id__in=programme_ids),
        query,
        {"title": "A", "statement": "B", "story": "C"},
        key="bevinding",
        order=3,
        programme="programme_id",
        target="uuid",
        label=F("title"),
        text=_text("statement", "story"),
    )


def sources(programme_ids: Iterable[int], query: str) -> QuerySet[Any]:
    return _rows(
        Source.objects.filter(programme_id__in=programme_ids),
        query,
        {"title": "A", "summary": "B", "author": "C", "themes": "C"},
        key="bron",
        order=4,
        programme="programme_id",
        target="uuid",
        label=F("title"),
        text=_text("summary", "themes"),
        context=F("author"),
    )


def meetings(programme_ids: Iterable[int], query: str) -> QuerySet[Any]:
    """Meetings by their title, body and general minutes."""
    return _rows(
        Meeting.objects.filter(programme_id__in=programme_ids),
        query,
        {"title": "A", "general_notes": "B", "body__name": "C"},
        key="overleg",
        order=5,
        programme="programme_id",
        target="uuid",
        label=Coalesce(NullIf(F("title"), Value("")), F("body__name")),
        text=_text("general_notes"),
        context=F("body__name"),
    )


def agenda_items(programme_ids: Iterable[int], query: str) -> QuerySet[Any]:
    """Agenda items by their title, explanation and minutes; they open on their meeting's page."""
    return _rows(
        AgendaItem.objects.filter(meeting__programme_id__in=programme_ids),
        query,
        {"title": "A", "minutes": "B", "description": "C"},
        key="agendapunt",
        order=6,
        programme="meeting__programme_id",
        target="meeting__uuid",
        label=F("title"),
        text=_text("minutes", "description"),
        context=Coalesce(NullIf(F("meeting__title"), Value("")), F("meeting__body__name")),
    )


def decisions(programme_ids: Iterable[int], query: str) -> QuerySet[Any]:
    return _rows(
        Decision.objects.filter(programme_id__in=programme_ids),
        query,
        {"text": "A"},
        key="besluit",
        order=7,
        programme="programme_id",
        target="uuid",
        label=Concat(F("body__name"), Value(" #"), Cast(F("number"), CharField()), output_field=TextField()),
        text=_text("text"),
    )


def lessons(programme_ids: Iterable[int], query: str) -> QuerySet[Any]:
    return _rows(
        Lesson.objects.filter(programme_id__in=programme_ids),
        query,
        {"title": "A", "recommendation": "B", "worked": "B", "did_not_work": "B", "themes": "C"},
        key="les",
        order=8,
        programme="programme_id",
        target="uuid",
        label=F("title"),
        text=_text("recommendation", "worked", "did_not_work", "themes"),
    )


@dataclass(frozen=True)
class Kind:
    """A kind of object the search finds: its key in addresses (``?soort=actie``), its names, the
    permission that opens its pages, and where a result links to."""

    key: str
    label: str | Promise
    plural: str | Promise
    perm: str
    rows: Callable[[Iterable[int], str], QuerySet[Any]]
    url_name: str
    url_kwarg: str
    anchor: str = ""


KINDS: tuple[Kind, ...] = (
    Kind(
        "deelproject",
        _("Sub-project"),
        _("Sub-projects"),
        "plan.view_plan",
        subprojects,
        "plan_subproject_detail",
        "subproject_uuid",
    ),
    Kind("actie", _("Action"), _("Actions"), "actions.view_actions", actions, "action_detail", "action_uuid"),
    Kind(
        "bevinding",
        _("Finding"),
        _("Findings"),
        "findings.view_findings",
        findings,
        "finding_detail",
        "finding_uuid",
    ),
    Kind(
        "bron",
        _("Source"),
        _("Sources"),
        "knowledge.view_knowledge",
        sources,
        "knowledge_source_detail",
        "source_uuid",
    ),
    Kind(
        "overleg",
        _("Meeting"),
        _("Meetings"),
        "meetings.view_meetings",
        meetings,
        "meeting_detail",
        "meeting_uuid",
        "#verslag",
    ),
    Kind(
        "agendapunt",
        _("Agenda item"),
        _("Agenda items"),
        "meetings.view_meetings",
        agenda_items,
        "meeting_detail",
        "meeting_uuid",
        "#verslag",
    ),
    Kind(
        "besluit",
        _("Decision"),
        _("Decisions"),
        "meetings.view_meetings",
        decisions,
        "decision_detail",
        "decision_uuid",
    ),
    Kind("les", _("Lesson"), _("Lessons"), "lessons.view_lessons", lessons, "lesson_detail", "lesson_uuid"),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Result:
    kind: Kind
    programme: Programme
    title: str
    context: str
    url: str
    snippet: list[tuple[str, bool]]


class Search:
    """A search of ``query`` in ``programmes`` (already fetched for ``user``, with their roles
    remembered), each kind only where ``user`` may open its pages."""

    def __init__(self, user: Any, programmes: Sequence[Programme], query: str) -> None:
        self.query = textsearch.normalise(query)
        self.programmes = {programme.pk: programme for programme in programmes}
        self.allowed: dict[str, list[int]] = {
            kind.key: [p.pk for p in programmes if user.has_perm(kind.perm, p)] for kind in KINDS
        }
        self._counts: dict[tuple[int, str], int] | None = None

    def _parts(self, programme: Programme | None, kind: str | None) -> list[QuerySet[Any]]:
        parts = []
        for each in KINDS:
            if kind and each.key != kind:
                continue
            ids = self.allowed[each.key]
            if programme is not None:
                ids = [pk for pk in ids if pk == programme.pk]
            if ids:
                parts.append(each.rows(ids, self.query))
        return parts

    def counts(self) -> dict[tuple[int, str], int]:
        """How many objects of each kind match, per (programme id, kind key): one query."""
        if self._counts is None:
            parts = [
                part.values("search_kind", "search_programme").annotate(search_count=Count("pk"))
                for part in self._parts(None, None)
            ]
            self._counts = {}
            if parts:
                combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
                for row in combined.order_by():
                    if row["search_count"]:
                        self._counts[(row["search_programme"], row["search_kind"])] = row["search_count"]
        return self._counts

    def kind_counts(self, programme: Programme) -> list[tuple[Kind, int]]:
        counts = self.counts()
        return [
            (kind, counts[(programme.pk, kind.key)]) for kind in KINDS if (programme.pk, kind.key) in counts
        ]

    def total(self, programme: Programme, kind: str | None = None) -> int:
        return sum(n for (pk, key), n in self.counts().items() if pk == programme.pk and kind in (None, key))

    def results(self, programme: Programme, kind: str | None, start: int, stop: int) -> list[Result]:
        """Results ``start`` to ``stop`` in ``programme``, best first: one query."""
        parts = [part.values(*COLUMNS) for part in self._parts(programme, kind)]
        if not parts or stop <= start:
            return []
        combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        rows = combined.order_by("-search_rank", "search_order", "search_label", "search_target")[start:stop]
        return [self._result(row) for row in rows]

    def _result(self, row: dict[str, Any]) -> Result:
        kind = KINDS_BY_KEY[row["search_kind"]]
        programme = self.programmes[row["search_programme"]]
        url = reverse(
            kind.url_name, kwargs={"programme_uuid": programme.uuid, kind.url_kwarg: row["search_target"]}
        )
        return Result(
            kind=kind,
            programme=programme,
            title=row["search_label"] or "",
            context=row["search_context"] or "",
            url=url + kind.anchor,
            snippet=textsearch.snippet((row["search_text"] or "").replace(SEPARATOR, " "), self.query),
        )


class ResultPages:
    """The results of one programme as a sequence that Django's Paginator can page through,
    with the count it already knows (so paging asks one query per page)."""

    def __init__(self, search: Search, programme: Programme, kind: str | None) -> None:
        self.search, self.programme, self.kind = search, programme, kind

    def count(self) -> int:
        return self.search.total(self.programme, self.kind)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Result]:
        return self.search.results(self.programme, self.kind, index.start or 0, index.stop or 0)
