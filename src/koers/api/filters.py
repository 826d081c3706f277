"""Filter and sort parameters: plain query parameters named as the properties, and ``sort`` with
a comma-separated list of properties, ``-`` for descending (``?sort=-startDate,name``)."""

from __future__ import annotations

import django_filters

from koers.programmes.models import Programme, ProgrammeStatus


class ProgrammeFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ProgrammeStatus.choices)
    organisation = django_filters.UUIDFilter(field_name="organisation__uuid")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("start_date", "startDate"), ("end_date", "endDate"), ("status", "status"))
    )

    class Meta:
        model = Programme
        fields = ["status", "organisation", "name"]
