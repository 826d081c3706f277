"""The columns of the communication plan's audiences and of the communication moments, as their
downloads hold them (ADR 0043)."""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from koers.reports.lists import Column, ListSpec


def linked_to(moment: Any) -> str:
    parts = []
    if moment.milestone:
        parts.append(
            _("milestone %(title)s (%(name)s)")
            % {"title": moment.milestone.title, "name": moment.milestone.subproject.name}
        )
    if moment.decision:
        parts.append(
            _("decision %(body)s %(number)s")
            % {"body": moment.decision.body, "number": moment.decision.number}
        )
    return "; ".join(parts)


def state(moment: Any) -> str:
    """The state as the page shows it: done (on time or later), overdue or planned."""
    if moment.done_on:
        text = _("done on %(date)s") % {"date": formats.date_format(moment.done_on, "j F Y")}
        return text if moment.done_on_time else f"{text}, {_('later than planned')}"
    if moment.planned_on < timezone.localdate():
        return _("overdue")
    return pgettext("communication moment", "planned")


MOMENTS = ListSpec(
    name=gettext_lazy("Communication moments"),
    columns=[
        Column(gettext_lazy("Planned on"), "planned_on"),
        Column(gettext_lazy("What"), "title"),
        Column(gettext_lazy("Note"), "note"),
        Column(gettext_lazy("Audience"), "audience.name"),
        Column(gettext_lazy("Channel"), lambda m: m.get_channel_display() if m.channel else ""),
        Column(gettext_lazy("Person responsible"), "owner.full_name"),
        Column(gettext_lazy("Linked to"), linked_to),
        Column(gettext_lazy("State"), state),
    ],
)

LINES = ListSpec(
    name=gettext_lazy("Communication plan"),
    columns=[
        Column(gettext_lazy("Audience"), lambda line: capfirst(line.name)),
        Column(
            gettext_lazy("Kind of audience"),
            lambda line: line.get_audience_display() if line.audience_name else "",
        ),
        Column(gettext_lazy("Goal"), "goal"),
        Column(gettext_lazy("Key messages"), "key_messages"),
        Column(gettext_lazy("Channels"), lambda line: ", ".join(line.channel_labels)),
        Column(gettext_lazy("Frequency"), "get_frequency_display"),
        Column(gettext_lazy("Person responsible"), "owner.full_name"),
        Column(gettext_lazy("Communication moments"), lambda line: len(line.moments.all())),
    ],
)
