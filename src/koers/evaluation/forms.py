"""Forms of the evaluation plans and the process evaluation. The services do the writing and the
checks across fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.analysis.models import Area, AreaLevel, Measure
from koers.teams.forms import GuardedForm, model_field

from .models import EvaluationPlan, ProcessItem
from .reference import PLAN_WORKFLOW, PlanStatus
from .services import ITEM_FIELDS, PLAN_FIELDS


def area_label(area: Area) -> str:
    level = _("neighbourhood") if area.level == AreaLevel.NEIGHBOURHOOD else _("district")
    return f"{area.name} ({level}, {area.code})"


class AreasField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Area.objects.none(), to_field_name="uuid", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return area_label(obj)


class MeasureField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.get_classification_display()})"


class PlanForm(GuardedForm):
    guarded_fields = ("questions",)

    questions = model_field(EvaluationPlan, "questions", widget=forms.Textarea(attrs={"rows": 4}))
    kind = model_field(EvaluationPlan, "kind")
    design = model_field(EvaluationPlan, "design")
    external_reference = model_field(EvaluationPlan, "external_reference")
    evaluator = model_field(EvaluationPlan, "evaluator")
    evaluator_name = model_field(EvaluationPlan, "evaluator_name")
    planned_start = forms.DateField(
        label=_("Planned start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    planned_end = forms.DateField(
        label=_("Planned end"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    treated_areas = AreasField(
        label=_("Areas of the sub-project"),
        required=False,
        help_text=_("Where the sub-project works. Empty: the areas of the sub-project."),
    )
    comparison_areas = AreasField(
        label=_("Comparison areas"),
        required=False,
        help_text=_("Areas without the sub-project, to compare with. Koers shows how similar they are."),
    )
    measure = MeasureField(
        Measure.objects.none(),
        label=_("Measure for the comparison"),
        required=False,
        empty_label=_("(no measure)"),
        help_text=_("The figure Koers uses to show how similar the comparison areas are."),
    )

    def __init__(self, *args: Any, areas: QuerySet[Area], measures: QuerySet[Measure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["treated_areas"].queryset = areas  # type: ignore[attr-defined]
        self.fields["comparison_areas"].queryset = areas  # type: ignore[attr-defined]
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in PLAN_FIELDS if name in self.cleaned_data}
        for name in ("treated_areas", "comparison_areas"):
            values[name] = list(values.get(name) or [])
        return values


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=PlanStatus.choices)

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = PLAN_WORKFLOW.allowed(current)
        self.fields["status"].choices = [(v, PlanStatus(v).label) for v in allowed]  # type: ignore[attr-defined]


SCORES = [("", _("(no score)")), *((str(n), str(n)) for n in range(1, 6))]


class ItemForm(GuardedForm):
    guarded_fields = ("text",)

    aspect = model_field(ProcessItem, "aspect")
    score = forms.TypedChoiceField(
        label=_("Score (1 to 5)"),
        choices=SCORES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("1 is very poor, 5 is very good."),
    )
    number = model_field(ProcessItem, "number")
    unit = model_field(ProcessItem, "unit")
    text = model_field(ProcessItem, "text", widget=forms.Textarea(attrs={"rows": 4}))
    observed_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When this was observed: today or earlier."),
    )

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ITEM_FIELDS if name in self.cleaned_data}
