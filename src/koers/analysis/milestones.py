"""Milestones of step 2 from the official figures: a dataset with figures for the municipality,
and population figures for its wijken and buurten. Computed in one query per page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy, ngettext

from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .models import Area, AreaLevel, DatasetKind, Observation, Population


def _count(queryset: Any) -> Coalesce:
    counted = queryset.order_by().annotate(group=Value(1)).values("group").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _figures_of(path: str) -> Exists:
    """Whether official figures (not population) exist for an area found by ``path`` from the
    figure's area to the municipality."""
    return Exists(
        Observation.objects.filter(**{path: OuterRef("pk")}).exclude(dataset__kind=DatasetKind.POPULATION)
    )


def figure_facts(facts: ProgrammeFacts) -> dict[str, Any]:
    """Whether the municipality is known, has official figures, and how many of its wijken and
    buurten have a population figure: one query, shared by the checks of a page."""

    def compute() -> dict[str, Any]:
        organisation = facts.programme.organisation
        empty = {"known": False, "datasets": False, "areas": 0, "populated": 0}
        if not organisation.cbs_code:
            return empty
        municipalities = Area.objects.filter(code=organisation.cbs_code, level=AreaLevel.MUNICIPALITY)
        if organisation.cbs_reference_year:
            municipalities = municipalities.filter(reference_year=organisation.cbs_reference_year)
        parts = Area.objects.filter(
            Q(parent=OuterRef("pk")) | Q(parent__parent=OuterRef("pk")),
            level__in=[AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD],
        )
        populated = parts.filter(
            Exists(Population.objects.filter(area=OuterRef("pk"), inhabitants__isnull=False))
        )
        row = (
            municipalities.order_by("-reference_year")
            .annotate(
                # Three probes instead of one OR: each one can use the index on the figures' area.
                own_figures=_figures_of("area"),
                district_figures=_figures_of("area__parent"),
                neighbourhood_figures=_figures_of("area__parent__parent"),
                part_count=_count(parts),
                populated_count=_count(populated),
            )
            .values(
                "own_figures", "district_figures", "neighbourhood_figures", "part_count", "populated_count"
            )
            .first()
        )
        if row is None:
            return empty
        return {
            "known": True,
            "datasets": bool(row["own_figures"] or row["district_figures"] or row["neighbourhood_figures"]),
            "areas": row["part_count"],
            "populated": row["populated_count"],
        }

    result: dict[str, Any] = facts.memo("analysis.figures", compute)
    return result


@milestone(
    step=2,
    key="analysis.official_figures",
    title=gettext_lazy("At least one official dataset with figures for the municipality"),
    order=20,
)
def official_figures(facts: ProgrammeFacts) -> Check:
    found = figure_facts(facts)
    if not found["known"]:
        return Check(False, gettext("the municipality's areas are not known yet"))
    return Check(found["datasets"])


@milestone(
    step=2,
    key="analysis.population",
    title=gettext_lazy("Population figures present for the municipality's areas"),
    order=30,
)
def population_figures(facts: ProgrammeFacts) -> Check:
    found = figure_facts(facts)
    if not found["known"]:
        return Check(False, gettext("the municipality's areas are not known yet"))
    areas, populated = found["areas"], found["populated"]
    detail = ngettext(
        "%(done)d of %(n)d district or neighbourhood", "%(done)d of %(n)d districts and neighbourhoods", areas
    ) % {"done": populated, "n": areas}
    return Check(areas > 0 and populated == areas, detail)
