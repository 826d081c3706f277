"""Reading the evaluation plans and their process evaluation, always within one programme."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest

from koers.analysis.models import Area, Measure, Observation
from koers.analysis.selectors import municipality_area, municipality_areas
from koers.plan.models import SubProject
from koers.programmes.models import Programme

from .models import EvaluationPlan, ProcessItem, Verdict


def subprojects(programme: Programme) -> QuerySet[SubProject]:
    """The programme's sub-projects with their plan, the number of process items and the current
    verdict's conclusion and decision (one query)."""
    current = Verdict.objects.filter(plan__subproject=OuterRef("pk")).order_by("-decided_on", "-pk")
    return (
        SubProject.objects.filter(programme=programme)
        .select_related("evaluation_plan", "kwartiermaker")
        .annotate(
            process_items=Count("evaluation_plan__process_items"),
            verdict_conclusion=Subquery(current.values("conclusion")[:1]),
            verdict_decision=Subquery(current.values("decision")[:1]),
        )
        .order_by("name")
    )


def get_subproject(programme: Programme, subproject_uuid: Any) -> SubProject:
    subproject = (
        SubProject.objects.filter(programme=programme, uuid=subproject_uuid)
        .select_related("kwartiermaker", "programme")
        .first()
    )
    if subproject is None:
        raise Http404
    return subproject


def plan_of(subproject: SubProject) -> EvaluationPlan | None:
    plan = (
        EvaluationPlan.objects.filter(subproject=subproject).select_related("measure", "updated_by").first()
    )
    if plan is not None:
        plan.subproject = subproject
    return plan


def get_plan(request: HttpRequest, subproject: SubProject, *, perm: str | None = None) -> EvaluationPlan:
    plan = plan_of(subproject)
    if plan is None:
        raise Http404
    if perm is not None and not request.user.has_perm(perm, plan):
        raise PermissionDenied
    return plan


def process_items(plan: EvaluationPlan) -> list[ProcessItem]:
    items = list(ProcessItem.objects.filter(plan=plan).select_related("created_by"))
    for item in items:
        item.plan = plan
    return items


def get_item(request: HttpRequest, plan: EvaluationPlan, item_uuid: Any, *, perm: str) -> ProcessItem:
    item = ProcessItem.objects.filter(plan=plan, uuid=item_uuid).first()
    if item is None:
        raise Http404
    item.plan = plan
    if not request.user.has_perm(perm, item):
        raise PermissionDenied
    return item


def area_choices(programme: Programme, subproject: SubProject) -> QuerySet[Area]:
    """The wijken and buurten of the programme's municipality, and the sub-project's own areas."""
    municipality = municipality_area(programme.organisation)
    ids = [a.pk for a in municipality_areas(municipality) if a.pk != municipality.pk] if municipality else []
    ids += list(subproject.areas.values_list("pk", flat=True))
    return Area.objects.filter(pk__in=ids).order_by("level", "code")


def measure_choices(areas: QuerySet[Area]) -> QuerySet[Measure]:
    """The measures with yearly figures for any of these areas."""
    measures = Observation.objects.filter(area__in=areas, month=None, quarter=None).values("measure_id")
    return Measure.objects.filter(pk__in=measures).order_by("classification", "code")
