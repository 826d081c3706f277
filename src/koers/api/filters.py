"""Filter and sort parameters: plain query parameters named as the properties, and ``sort`` with
a comma-separated list of properties, ``-`` for descending (``?sort=-startDate,name``)."""

from __future__ import annotations

from typing import Any

import django_filters

from koers.programmes.models import Programme, ProgrammeStatus


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
