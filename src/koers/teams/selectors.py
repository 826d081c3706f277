"""Reads of step 1 that the pages, the documents and the navigator share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest

from koers.organisations.models import Organisation
from koers.plan.models import SubProject
from koers.programmes.models import Programme, ProgrammeMembership

from . import integrality
from .models import Agreement, Body, PartnerOrganisation, PartnerType, Person, ProgrammePartner
from .reference import BodyKind


def partner_types_for(organisation: Organisation) -> QuerySet[PartnerType]:
    """Built-in partner types and the organisation's own."""
    return PartnerType.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))


def partners_of(organisation: Organisation) -> QuerySet[PartnerOrganisation]:
    return (
        PartnerOrganisation.objects.filter(organisation=organisation, is_active=True)
        .select_related("partner_type")
        .annotate(person_count=Count("people", filter=Q(people__removed_at__isnull=True)))
        .order_by("name")
    )


def get_partner_for_user(
    request: HttpRequest, organisation: Organisation, partner_uuid: Any
) -> PartnerOrganisation:
    partner = (
        PartnerOrganisation.objects.filter(organisation=organisation, is_active=True, uuid=partner_uuid)
        .select_related("partner_type", "updated_by")
        .first()
    )
    if partner is None:
        raise Http404("partner")
    return partner


def people(programme: Programme, *, include_former: bool = False) -> QuerySet[Person]:
    """The team, with what the who's-who page shows, in a fixed number of queries."""
    qs = programme.people.select_related("partner__partner_type", "user").prefetch_related(
        Prefetch("bodies", queryset=Body.objects.only("uuid", "name", "kind").order_by("kind", "name"))
    )
    if not include_former:
        qs = qs.filter(removed_at__isnull=True)
    return qs.order_by("removed_at", "full_name")


def filter_people(
    qs: QuerySet[Person], *, partner: str = "", body: str = "", role: str = "", q: str = ""
) -> QuerySet[Person]:
    if partner:
        qs = qs.filter(partner__uuid=partner)
    if body:
        qs = qs.filter(bodies__uuid=body)
    if role:
        qs = qs.filter(team_role__icontains=role)
    if q:
        qs = qs.filter(Q(full_name__icontains=q) | Q(function__icontains=q) | Q(partner__name__icontains=q))
    return qs.distinct()


def get_person(programme: Programme, person_uuid: Any) -> Person:
    person = (
        programme.people.select_related(
            "partner__partner_type", "user", "updated_by", "programme__organisation"
        )
        .filter(uuid=person_uuid)
        .first()
    )
    if person is None:
        raise Http404("person")
    return person


def get_person_for_user(
    request: HttpRequest, programme: Programme, person_uuid: Any, *, write: bool = False
) -> Person:
    person = get_person(programme, person_uuid)
    if write and not request.user.has_perm("teams.change_person", person):
        raise PermissionDenied("teams.change_person")
    return person


def bodies(programme: Programme) -> QuerySet[Body]:
    return programme.bodies.select_related("chair", "secretary").prefetch_related(
        Prefetch("members", queryset=Person.objects.filter(removed_at__isnull=True).select_related("partner"))
    )


def bodies_with_members(programme: Programme) -> list[Body]:
    """The programme's bodies, each with ``shown_members``: its members, or for the project group
    the kwartiermakers it consists of (derived, never kept by hand)."""
    found = list(bodies(programme))
    derived = list(kwartiermakers(programme)) if any(b.kind == BodyKind.PROJECTGROEP for b in found) else []
    for body in found:
        body.shown_members = (  # type: ignore[attr-defined]
            derived if body.kind == BodyKind.PROJECTGROEP else list(body.members.all())
        )
    return found


def get_body_for_user(
    request: HttpRequest, programme: Programme, body_uuid: Any, *, write: bool = False
) -> Body:
    body = (
        programme.bodies.select_related("chair__user", "secretary", "updated_by", "programme__organisation")
        .filter(uuid=body_uuid)
        .first()
    )
    if body is None:
        raise Http404("body")
    if write and not request.user.has_perm("teams.change_body", body):
        raise PermissionDenied("teams.change_body")
    return body


def kwartiermakers(programme: Programme) -> QuerySet[Person]:
    """The project group: the kwartiermakers. Once sub-projects have kwartiermakers, the people
    leading them; until then, the team members whose Koers account has the kwartiermaker role in
    the programme. One query either way."""
    active = Q(kwartiermaker__removed_at__isnull=True)
    leads = Exists(SubProject.objects.filter(active, programme=programme, kwartiermaker=OuterRef("pk")))
    any_lead = Exists(SubProject.objects.filter(active, programme=programme, kwartiermaker__isnull=False))
    has_role = Exists(
        ProgrammeMembership.objects.filter(programme=programme, user=OuterRef("user"), role="kwartiermaker")
    )
    return (
        programme.people.filter(removed_at__isnull=True)
        .filter(Q(leads) | (Q(has_role) & ~Q(any_lead)))
        .select_related("partner")
        .order_by("full_name")
    )


def agreements(programme: Programme) -> QuerySet[Agreement]:
    return programme.agreements.select_related("owner", "updated_by").order_by("kind")


def get_agreement(programme: Programme, agreement_uuid: Any) -> Agreement:
    agreement = agreements(programme).filter(uuid=agreement_uuid).first()
    if agreement is None:
        raise Http404("agreement")
    return agreement


def programme_partners(programme: Programme) -> QuerySet[ProgrammePartner]:
    return (
        programme.programme_partners.select_related("partner__partner_type")
        .annotate(
            person_count=Count(
                "partner__people",
                filter=Q(partner__people__programme=programme, partner__people__removed_at__isnull=True),
            )
        )
        .order_by("partner__name")
    )


def participants_of(people_qs: QuerySet[Person]) -> list[integrality.Participant]:
    """The partner organisations of ``people_qs`` as participants of the integrality check."""
    partners = (
        PartnerOrganisation.objects.filter(people__in=people_qs.filter(removed_at__isnull=True))
        .select_related("partner_type")
        .distinct()
    )
    return [
        integrality.Participant(
            name=p.name,
            core_group=p.partner_type.core_group or None,
            domains=frozenset(p.domains),
        )
        for p in partners
    ]


def team_integrality(programme: Programme) -> integrality.Integrality:
    """The integrality of the programme's team: the partner organisations of its active people."""
    return integrality.check(participants_of(programme.people.all()))
