"""Forms of the communication plan. The services do the writing and the checks against the
programme (dates, links, owners)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.meetings.models import Decision
from koers.plan.models import SubProjectMilestone
from koers.teams.forms import GuardedForm, ObjectChoiceField, model_field
from koers.teams.models import Person

from .models import CommunicationLine, CommunicationMoment
from .reference import Audience, Channel, CommunicationFrequency
from .services import LINE_FIELDS, MOMENT_FIELDS


def _date_field(label: Any, help_text: Any, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
    )


class LineForm(GuardedForm):
    guarded_fields = ("goal", "key_messages")

    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    audience_name = model_field(CommunicationLine, "audience_name")
    goal = model_field(CommunicationLine, "goal")
    key_messages = model_field(CommunicationLine, "key_messages")
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    frequency = forms.ChoiceField(
        label=_("Frequency"), choices=CommunicationFrequency.choices, initial=CommunicationFrequency.QUARTERLY
    )
    owner = ObjectChoiceField(
        Person.objects.none(), label=_("Person responsible"), required=False, empty_label=_("(nobody yet)")
    )

    def __init__(self, *args: Any, owners: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in LINE_FIELDS if name in self.cleaned_data}


def milestone_label(milestone: SubProjectMilestone) -> str:
    return f"{milestone.subproject.name}: {milestone.title} ({milestone.due:%d-%m-%Y})"


def decision_label(decision: Decision) -> str:
    return f"{decision.body} {decision.number}: {decision.text[:80]}"


class MomentForm(GuardedForm):
    guarded_fields = ("note",)

    title = model_field(CommunicationMoment, "title")
    audience = ObjectChoiceField(CommunicationLine.objects.none(), label=_("Audience"))
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("(not chosen)")), *Channel.choices], required=False
    )
    planned_on = _date_field(
        _("Planned on"), _("The day the communication should take place, for example 2026-12-31."), True
    )
    owner = ObjectChoiceField(
        Person.objects.none(), label=_("Person responsible"), required=False, empty_label=_("(nobody yet)")
    )
    note = model_field(CommunicationMoment, "note")
    milestone = ObjectChoiceField(
        SubProjectMilestone.objects.none(),
        label=_("Sub-project milestone"),
        required=False,
        empty_label=_("(no milestone)"),
        label_from=milestone_label,
    )
    decision = ObjectChoiceField(
        Decision.objects.none(),
        label=_("Decision"),
        required=False,
        empty_label=_("(no decision)"),
        label_from=decision_label,
    )

    def __init__(
        self,
        *args: Any,
        lines: QuerySet[CommunicationLine],
        owners: QuerySet[Person],
        milestones: QuerySet[SubProjectMilestone],
        decisions: QuerySet[Decision],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = lines  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["milestone"].queryset = milestones  # type: ignore[attr-defined]
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in MOMENT_FIELDS if name in self.cleaned_data}


class DoneForm(forms.Form):
    done_on = _date_field(_("Done on"), _("The day the moment took place: today or earlier."), True)


class MonthForm(forms.Form):
    maand = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)
