"""Milestones of step 2 from the knowledge base and the team's experiences."""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy, ngettext

from koers.programmes.models import Programme
from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .models import Experience, Source

MIN_SOURCES = 3
MIN_EXPERIENCE_AUTHORS = 3


def _count(queryset: Any, field: str) -> Coalesce:
    counted = (
        queryset.filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(n=Count(field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def knowledge_counts(facts: ProgrammeFacts) -> dict[str, int]:
    """The number of sources and of team members with experiences, in one query per page."""

    def compute() -> dict[str, int]:
        row = (
            Programme.objects.filter(pk=facts.programme.pk)
            .annotate(
                source_count=_count(Source.objects.all(), "pk"),
                author_count=_count(Experience.objects.exclude(author=None), "author"),
            )
            .values("source_count", "author_count")
            .get()
        )
        return {"sources": row["source_count"], "authors": row["author_count"]}

    return facts.memo("knowledge.counts", compute)


@milestone(
    step=2,
    key="knowledge.sources",
    title=gettext_lazy("At least 3 sources in the knowledge base"),
    order=40,
)
def enough_sources(facts: ProgrammeFacts) -> Check:
    count = knowledge_counts(facts)["sources"]
    return Check(count >= MIN_SOURCES, ngettext("%(n)d source", "%(n)d sources", count) % {"n": count})


@milestone(
    step=2,
    key="knowledge.experiences",
    title=gettext_lazy("Experiences from at least 3 team members"),
    order=50,
)
def experiences_from_the_team(facts: ProgrammeFacts) -> Check:
    count = knowledge_counts(facts)["authors"]
    return Check(
        count >= MIN_EXPERIENCE_AUTHORS,
        ngettext("%(n)d team member", "%(n)d team members", count) % {"n": count},
    )
