"""Forms of the indicators and their measurements. The services do the writing and the checks
against the programme."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.analysis.models import Area, Measure
from koers.plan.models import Goal, SubProject
from koers.teams.forms import GuardedForm, ObjectChoiceField, model_field

from .models import Indicator, Measurement

NUMBER_ERROR = _("Write the value as a number, for example 12 or 12,5.")


def number_field(label: Any, *, required: bool, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=18,
        decimal_places=4,
        localize=True,
        help_text=help_text,
        error_messages={
            "invalid": NUMBER_ERROR,
            "max_digits": _("At most 14 digits before and 4 after the decimal comma."),
            "max_decimal_places": _("At most 4 digits after the decimal comma."),
            "max_whole_digits": _("At most 14 digits before and 4 after the decimal comma."),
        },
    )


class IndicatorForm(GuardedForm):
    guarded_fields = ("story",)

    name = model_field(Indicator, "name")
    kind = model_field(Indicator, "kind")
    subproject = ObjectChoiceField(
        SubProject.objects.none(),
        label=_("Sub-project"),
        required=False,
        empty_label=_("(no sub-project)"),
        help_text=_("The sub-project this indicator measures. Choose a sub-project, a goal, or both."),
    )
    goal = ObjectChoiceField(Goal.objects.none(), label=_("Goal"), required=False, empty_label=_("(no goal)"))
    definition = model_field(Indicator, "definition")
    unit = model_field(Indicator, "unit")
    polarity = model_field(Indicator, "polarity")
    data_source = model_field(Indicator, "data_source")
    area = ObjectChoiceField(
        Area.objects.none(),
        label=_("Area of the official series"),
        required=False,
        empty_label=_("(not linked)"),
        help_text=_(
            "Optional. Link an imported official series: choose an area and a measure, and the "
            "measurements fill themselves with every import of new figures."
        ),
    )
    measure = forms.ModelChoiceField(
        Measure.objects.none(),
        label=_("Measure of the official series"),
        required=False,
        empty_label=_("(not linked)"),
        help_text=_("The crime type or other figure of the series, for the area above."),
    )
    baseline_value = number_field(_("Baseline"), required=False, help_text=_("The value before the start."))
    baseline_period = forms.CharField(
        label=_("Baseline period"),
        required=False,
        max_length=20,
        help_text=_("The year, month or date of the baseline, for example 2023."),
    )
    target_value = number_field(_("Target"), required=False)
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When the target should be reached, for example 2028-12-31."),
    )
    story = model_field(Indicator, "story")

    def __init__(
        self,
        *args: Any,
        subprojects: Any,
        goals: Any,
        areas: list[Area],
        measures: list[Measure],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = subprojects  # type: ignore[attr-defined]
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.filter(pk__in=[a.pk for a in areas])  # type: ignore[attr-defined]
        self.fields["measure"].queryset = Measure.objects.filter(pk__in=[m.pk for m in measures])  # type: ignore[attr-defined]
        self.fields["name"].help_text = _("For example: registered home burglaries in the wijk.")

    def values(self) -> dict[str, Any]:
        from .services import INDICATOR_FIELDS

        return {name: self.cleaned_data.get(name) for name in INDICATOR_FIELDS}


class MeasurementForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("A year (2025), a month (2025-06), a quarter (2025-K2) or a date (30-06-2025)."),
    )
    value = number_field(_("Value"), required=True)
    source = model_field(Measurement, "source")
    note = model_field(Measurement, "note")

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ("period", "value", "source", "note")}
