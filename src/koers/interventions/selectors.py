"""Reads of the interventions registry. A user sees the installation-wide entries and their own
organisation's; another organisation's entry is not found (404). Usage is only ever shown within
the user's organisation. Query counts stay constant however many rows there are."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest

from koers.organisations.models import Organisation
from koers.plan.models import SubProject
from koers.programmes.models import Programme

from .models import Intervention, SubProjectIntervention
from .reference import EvidenceLevel, Scope

EVIDENCE_ORDER = list(EvidenceLevel.values)


def visible_interventions(organisation: Organisation | None) -> QuerySet[Intervention]:
    """The installation-wide entries and ``organisation``'s own."""
    scope = Q(organisation__isnull=True)
    if organisation is not None:
        scope |= Q(organisation=organisation)
    return Intervention.objects.filter(scope)


def registry(
    organisation: Organisation | None,
    *,
    query: str = "",
    evidence_level: str = "",
    focus_area: str = "",
    scope: str = "",
) -> QuerySet[Intervention]:
    """The registry with filters, each entry with how many sub-projects of ``organisation`` use it."""
    result = visible_interventions(organisation).select_related("organisation")
    if evidence_level:
        result = result.filter(evidence_level=evidence_level)
    if focus_area:
        # JSON lists of fixed keys: a quoted key matches one element on SQLite and PostgreSQL.
        result = result.filter(focus_areas__icontains=f'"{focus_area}"')
    if scope == Scope.NATIONAL:
        result = result.filter(organisation__isnull=True)
    elif scope == Scope.OWN:
        result = result.filter(organisation=organisation) if organisation else result.none()
    for word in query.split()[:10]:
        result = result.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(provider__icontains=word)
            | Q(target_description__icontains=word)
        )
    if organisation is not None:
        result = result.annotate(
            use_count=Count("uses", filter=Q(uses__subproject__programme__organisation=organisation))
        )
    else:
        result = result.annotate(use_count=Value(0, output_field=IntegerField()))
    return result.order_by("name", "pk")


def get_intervention(organisation: Organisation | None, intervention_uuid: Any) -> Intervention:
    intervention = (
        visible_interventions(organisation)
        .select_related("organisation", "updated_by")
        .filter(uuid=intervention_uuid)
        .first()
    )
    if intervention is None:
        raise Http404("intervention")
    return intervention


def usage(intervention: Intervention, organisation: Organisation | None, user: Any) -> dict[str, Any]:
    """Where ``intervention`` is used in ``organisation``: the sub-projects in programmes the user
    may open, and how many more uses there are in the organisation's other programmes."""
    if organisation is None:
        return {"links": [], "hidden_count": 0}
    links = list(
        SubProjectIntervention.objects.filter(
            intervention=intervention, subproject__programme__organisation=organisation
        )
        .select_related("subproject__programme")
        .order_by("subproject__programme__name", "subproject__name")
    )
    visible = set(
        Programme.objects.visible_to(user).filter(organisation=organisation).values_list("pk", flat=True)
    )
    shown = [link for link in links if link.subproject.programme_id in visible]
    return {"links": shown, "hidden_count": len(links) - len(shown)}


def get_subproject(programme: Programme, subproject_uuid: Any) -> SubProject:
    subproject = (
        SubProject.objects.filter(programme=programme, uuid=subproject_uuid)
        .select_related("programme__organisation", "kwartiermaker")
        .first()
    )
    if subproject is None:
        raise Http404("sub-project")
    subproject.programme = programme
    return subproject


def chosen_interventions(subproject: SubProject) -> QuerySet[SubProjectIntervention]:
    return (
        subproject.interventions_used.select_related("intervention__organisation")
        .annotate(
            evidence_rank=Case(
                *[When(intervention__evidence_level=v, then=Value(i)) for i, v in enumerate(EVIDENCE_ORDER)],
                output_field=IntegerField(),
            )
        )
        .order_by("-evidence_rank", "intervention__name")
    )


def choosable_interventions(subproject: SubProject) -> QuerySet[Intervention]:
    """What the sub-project may still add: installation-wide and its organisation's own."""
    return (
        visible_interventions(subproject.programme.organisation)
        .exclude(uses__subproject=subproject)
        .order_by("name")
    )


def get_link(subproject: SubProject, link_uuid: Any) -> SubProjectIntervention:
    link = (
        subproject.interventions_used.select_related("intervention", "subproject__programme")
        .filter(uuid=link_uuid)
        .first()
    )
    if link is None:
        raise Http404("link")
    return link


def registry_organisation(request: HttpRequest) -> Organisation | None:
    from koers.organisations.selectors import current_organisation

    return current_organisation(request)
