"""Reading the findings: a programme's findings with their evidence counts, one finding with its
evidence, comments and stances, and the choices a finding can be linked to (the municipality's
areas and the official figures Koers holds for them)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse

from koers.analysis.models import Area, AreaLevel, Measure, Observation
from koers.analysis.selectors import areas_within, latest_area
from koers.programmes.models import Programme

from .models import Finding, FindingComment, FindingEvidence, FindingStance


def municipality_area(programme: Programme) -> Area | None:
    """The programme's municipality in the organisation's reference year (else the latest)."""
    organisation = programme.organisation
    code = organisation.cbs_code
    if not code:
        return None
    if organisation.cbs_reference_year:
        area = Area.objects.filter(
            code=code, reference_year=organisation.cbs_reference_year, level=AreaLevel.MUNICIPALITY
        ).first()
        if area is not None:
            return area
    return latest_area(code)


def _in_division_order(areas: QuerySet[Area]) -> QuerySet[Area]:
    # WK990101 and BU99010101 share "990101": a wijk sorts just before its own buurten.
    return areas.annotate(sort_key=Substr("code", 3)).order_by("sort_key", "level")


def _wijken_and_buurten(municipality: Area) -> QuerySet[Area]:
    return (
        areas_within(municipality, AreaLevel.DISTRICT).order_by()
        | areas_within(municipality, AreaLevel.NEIGHBOURHOOD).order_by()
    )


def priority_area_choices(programme: Programme, municipality: Area | None = None) -> QuerySet[Area]:
    """The municipality's wijken and buurten, each wijk followed by its buurten."""
    municipality = municipality or municipality_area(programme)
    if municipality is None:
        return Area.objects.none()
    return _in_division_order(_wijken_and_buurten(municipality))


def figure_area_choices(programme: Programme, municipality: Area | None = None) -> QuerySet[Area]:
    """The municipality itself and its wijken and buurten: where a figure can be about."""
    municipality = municipality or municipality_area(programme)
    if municipality is None:
        return Area.objects.none()
    return _in_division_order(Area.objects.filter(pk=municipality.pk) | _wijken_and_buurten(municipality))


def figure_measures(areas: QuerySet[Area]) -> QuerySet[Measure]:
    """The measures (crime types and other series) with figures for any of ``areas``."""
    measure_ids = Observation.objects.filter(area__in=areas).values("measure_id").distinct()
    return Measure.objects.filter(pk__in=measure_ids).order_by("classification", "code")


def figure_topics(areas: QuerySet[Area]) -> list[str]:
    return list(
        Observation.objects.filter(area__in=areas)
        .order_by("topic")
        .values_list("topic", flat=True)
        .distinct()
    )


def findings(
    programme: Programme, *, life_domain: str = "", kind: str = "", status: str = ""
) -> QuerySet[Finding]:
    """The programme's findings, filtered, with how much evidence each has."""
    result = programme.findings.annotate(evidence_count=Count("evidence", distinct=True)).prefetch_related(
        Prefetch("priority_areas", queryset=Area.objects.order_by("code"))
    )
    if life_domain:
        result = result.filter(life_domain=life_domain)
    if kind:
        result = result.filter(kind=kind)
    if status:
        result = result.filter(status=status)
    return result.order_by("life_domain", "kind", "title", "pk")


def get_finding(
    request: HttpRequest, programme: Programme, finding_uuid: Any, *, perm: str | None = None
) -> Finding:
    """The programme's finding (another programme's is a 404), if the user has ``perm`` on it."""
    finding = (
        programme.findings.select_related("created_by", "updated_by", "programme__organisation")
        .filter(uuid=finding_uuid)
        .first()
    )
    if finding is None:
        raise Http404("finding")
    if perm and not request.user.has_perm(perm, finding):
        raise PermissionDenied(perm)
    return finding


def get_evidence(finding: Finding, evidence_uuid: Any) -> FindingEvidence:
    evidence = finding.evidence.filter(uuid=evidence_uuid).select_related("source", "experience").first()
    if evidence is None:
        raise Http404("evidence")
    return evidence


def evidence_of(finding: Finding) -> list[FindingEvidence]:
    """The finding's evidence, each figure with the address of its trend page (if that exists)."""
    items = list(
        finding.evidence.select_related("source", "experience", "area", "measure").order_by(
            "kind", "created_at", "pk"
        )
    )
    for item in items:
        item.trend_url = trend_url(finding.programme, item)  # type: ignore[attr-defined]
    return items


def trend_url(programme: Programme, evidence: FindingEvidence) -> str:
    """The trend page of a figure: ``?gebied=<code>&maat=<pk>&onderwerp=<topic>``, or ""."""
    if evidence.area is None or evidence.measure_id is None:
        return ""
    from urllib.parse import urlencode

    try:
        base = reverse("analysis_trend", kwargs={"programme_uuid": programme.uuid})
    except NoReverseMatch:
        return ""
    query = urlencode(
        {"gebied": evidence.area.code, "maat": evidence.measure_id, "onderwerp": evidence.topic}
    )
    return f"{base}?{query}"


def comments_of(finding: Finding) -> QuerySet[FindingComment]:
    return finding.comments.select_related("author").order_by("created_at", "pk")


def stances_of(finding: Finding) -> QuerySet[FindingStance]:
    return finding.stances.select_related("user").order_by("stance", "user__full_name", "user__email")
