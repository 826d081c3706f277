"""Filter and sort parameters: plain query parameters named as the properties, and ``sort`` with
a comma-separated list of properties, ``-`` for descending (``?sort=-startDate,name``)."""

from __future__ import annotations

from typing import Any

import django_filters

from koers.programmes.models import Programme, ProgrammeStatus
from koers.teams.models import Body, PartnerOrganisation, Person
from koers.teams.reference import BodyKind


class SortFilter(django_filters.OrderingFilter):
    """``sort=name,-startDate``. The choices are the property names themselves (no translated
    labels), so the OpenAPI document is the same in every language."""

    def build_choices(self, fields: Any, labels: Any) -> list[tuple[str, str]]:
        names = list(fields.values())
        return [(name, name) for name in names] + [(f"-{name}", f"-{name}") for name in names]


class ProgrammeFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ProgrammeStatus.choices)
    organisation = django_filters.UUIDFilter(field_name="organisation__uuid")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    sort = SortFilter(
        fields=(("name", "name"), ("start_date", "startDate"), ("end_date", "endDate"), ("status", "status"))
    )

    class Meta:
        model = Programme
        fields = ["status", "organisation", "name"]


class PartnerFilter(django_filters.FilterSet):
    organisation = django_filters.UUIDFilter(field_name="organisation__uuid")
    partnerType = django_filters.UUIDFilter(field_name="partner_type__uuid")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    sort = SortFilter(fields=(("name", "name"), ("created_at", "createdAt")))

    class Meta:
        model = PartnerOrganisation
        fields = ["organisation", "partnerType", "name"]


class PersonFilter(django_filters.FilterSet):
    partner = django_filters.UUIDFilter(field_name="partner__uuid")
    body = django_filters.UUIDFilter(field_name="bodies__uuid", distinct=True)
    name = django_filters.CharFilter(field_name="full_name", lookup_expr="icontains")
    former = django_filters.BooleanFilter(
        field_name="removed_at",
        lookup_expr="isnull",
        exclude=True,
        label="true: only former members; false: only current ones; absent: everyone.",
    )
    sort = SortFilter(fields=(("full_name", "fullName"), ("created_at", "createdAt")))

    class Meta:
        model = Person
        fields = ["partner", "body", "name", "former"]


class BodyFilter(django_filters.FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=BodyKind.choices)
    sort = SortFilter(fields=(("name", "name"), ("kind", "kind")))

    class Meta:
        model = Body
        fields = ["kind"]
