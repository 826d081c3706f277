"""Forms of the interventions registry. Labels and help texts come from the model fields; the
services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.plan.reference import FocusAreaKey
from koers.teams.forms import GuardedForm, model_field

from .models import Intervention, SubProjectIntervention
from .reference import EvidenceLevel, Scope
from .services import INTERVENTION_FIELDS


class InterventionForm(GuardedForm):
    guarded_fields = ("description", "target_description")

    scope = forms.ChoiceField(
        label=_("Registry"),
        choices=Scope.choices,
        widget=forms.RadioSelect,
        help_text=_("Installation-wide entries are visible to every organisation; your own only to yours."),
    )
    name = model_field(Intervention, "name")
    description = model_field(Intervention, "description")
    target_min_age = model_field(Intervention, "target_min_age", max_value=120)
    target_max_age = model_field(Intervention, "target_max_age", max_value=120)
    target_description = model_field(Intervention, "target_description")
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"),
        choices=FocusAreaKey.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    provider = model_field(Intervention, "provider")
    evidence_level = model_field(Intervention, "evidence_level")
    database_url = model_field(Intervention, "database_url", assume_scheme="https")

    def __init__(self, *args: Any, scopes: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not scopes or len(scopes) < 2:
            del self.fields["scope"]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in INTERVENTION_FIELDS}


class InterventionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    niveau = forms.ChoiceField(
        label=_("Level of evidence"),
        required=False,
        choices=[("", _("All levels")), *EvidenceLevel.choices],
    )
    aandachtsgebied = forms.ChoiceField(
        label=_("Focus area"), required=False, choices=[("", _("All focus areas")), *FocusAreaKey.choices]
    )
    register = forms.ChoiceField(
        label=_("Registry"),
        required=False,
        choices=[("", _("Installation-wide and own")), *Scope.choices],
    )


class ChooseInterventionForm(GuardedForm):
    """An intervention from the registry, grouped by level of evidence (strongest first)."""

    guarded_fields = ("note",)

    intervention = forms.ChoiceField(label=_("Intervention"))
    note = model_field(SubProjectIntervention, "note")

    def __init__(self, *args: Any, interventions: list[Intervention], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["version"]
        self._by_uuid = {str(i.uuid): i for i in interventions}
        labels = dict(EvidenceLevel.choices)
        groups: list[Any] = [("", _("Choose an intervention"))]
        for level in reversed(EvidenceLevel.values):
            options = [
                (str(i.uuid), f"{i.name} ({labels[level]})")
                for i in interventions
                if i.evidence_level == level
            ]
            if options:
                groups.append((labels[level], options))
        self.fields["intervention"].choices = groups  # type: ignore[attr-defined]

    def clean_intervention(self) -> Intervention:
        value = self.cleaned_data["intervention"]
        if value not in self._by_uuid:
            raise forms.ValidationError(_("Choose an intervention from the list."))
        return self._by_uuid[value]
