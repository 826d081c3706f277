"""Forms of the actions. Labels and help texts come from the model fields; the services do the
writing and the checks against the programme."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.plan.models import SubProject
from koers.teams.forms import GuardedForm, ObjectChoiceField, model_field
from koers.teams.models import PartnerOrganisation, Person

from .models import Action
from .reference import ActionOrigin, ActionPriority, ActionStatus
from .services import ACTION_FIELDS


class ActionForm(GuardedForm):
    guarded_fields = ("description",)

    title = model_field(Action, "title")
    description = model_field(Action, "description")
    subproject = ObjectChoiceField(
        SubProject.objects.none(), label=_("Sub-project"), required=False, empty_label=_("(whole programme)")
    )
    owner = ObjectChoiceField(
        Person.objects.none(), label=_("Owner"), required=False, empty_label=_("(nobody yet)")
    )
    organisation = ObjectChoiceField(
        PartnerOrganisation.objects.none(),
        label=_("Responsible organisation"),
        required=False,
        empty_label=_("(no organisation)"),
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The day the action should be done, for example 2026-12-31."),
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=ActionPriority.choices, initial=ActionPriority.NORMAL
    )
    origin = forms.ChoiceField(label=_("Origin"), choices=ActionOrigin.choices, initial=ActionOrigin.PLAN)

    def __init__(
        self,
        *args: Any,
        subprojects: QuerySet[SubProject],
        owners: QuerySet[Person],
        organisations: QuerySet[PartnerOrganisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = subprojects  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ACTION_FIELDS if name in self.cleaned_data}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class MonthForm(forms.Form):
    maand = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)
