"""The columns of the lessons learned and of the shared library, as their downloads hold them
(ADR 0043)."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.reports.lists import Column, ListSpec

from . import evaluations


def _where(lesson: Any) -> str:
    parts = []
    if lesson.subproject:
        parts.append(lesson.subproject.name)
    if lesson.meeting:
        parts.append(f"{lesson.meeting.body}, {formats.date_format(lesson.meeting.starts_at, 'j F Y')}")
    return "; ".join(parts) or _("whole programme")


LESSONS = ListSpec(
    name=gettext_lazy("Lessons learned"),
    columns=[
        Column(gettext_lazy("Lesson"), "title"),
        Column(gettext_lazy("Sub-project or meeting"), _where),
        Column(
            gettext_lazy("Focus areas"), lambda lesson: ", ".join(a.name for a in lesson.focus_areas.all())
        ),
        Column(gettext_lazy("Themes"), lambda lesson: ", ".join(lesson.theme_list)),
        Column(gettext_lazy("Date"), "learned_on"),
        Column(gettext_lazy("Leer van elkaar"), "get_publication_status_display"),
    ],
)

LIBRARY = ListSpec(
    name=gettext_lazy("Leer van elkaar"),
    columns=[
        Column(gettext_lazy("Title"), "title"),
        Column(gettext_lazy("Published by"), "publisher_name"),
        Column(gettext_lazy("Kind"), "get_kind_display"),
        Column(gettext_lazy("Conclusion"), evaluations.evidence_short),
        Column(gettext_lazy("Focus areas"), lambda item: ", ".join(item.focus_area_names)),
        Column(gettext_lazy("Themes"), lambda item: ", ".join(item.theme_list)),
        Column(gettext_lazy("Published on"), "published_on"),
    ],
)
