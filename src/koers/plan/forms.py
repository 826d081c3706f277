"""Forms of the plan of approach. Labels and help texts come from the model fields; the services do
the writing and the checks against the programme (its focus areas, findings, team, partners and
areas)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.analysis.models import Area
from koers.findings.forms import area_label
from koers.findings.models import Finding
from koers.programmes.forms import DateInput
from koers.teams.forms import GuardedForm, ObjectChoiceField, ObjectsChoiceField, model_field, person_label
from koers.teams.models import PartnerOrganisation, Person

from .models import BudgetLine, FocusArea, Goal, SubProject, SubProjectMilestone
from .services import BUDGET_FIELDS, GOAL_FIELDS, MILESTONE_FIELDS, SUBPROJECT_FIELDS, SUBPROJECT_RELATIONS

LOGIC_MODEL_HELP = {
    "inputs": _("What goes in: people, hours, money, places, partners' knowledge."),
    "activities": _("What the team does with it, for example weekly street coaching on Friday evenings."),
    "outputs": _("What the activities directly produce and you can count, for example 40 conversations."),
    "outcomes": _(
        "What changes for the young people in the short and middle term, for example less school drop-out."
    ),
    "impact": _("The lasting change the programme works towards: less youth crime."),
    "assumptions": _("What must be true for the chain to work, for example that parents can be reached."),
    "risks": _("What could stop it, and what you will do then."),
}


class FocusAreaForm(GuardedForm):
    guarded_fields = ("description",)
    name = model_field(FocusArea, "name")
    description = model_field(FocusArea, "description", widget=forms.Textarea(attrs={"rows": 3}))


class GoalForm(GuardedForm):
    guarded_fields = ("specific", "measurable", "acceptable", "realistic")

    title = model_field(Goal, "title")
    specific = model_field(Goal, "specific", widget=forms.Textarea(attrs={"rows": 3}))
    measurable = model_field(Goal, "measurable", widget=forms.Textarea(attrs={"rows": 3}))
    acceptable = model_field(Goal, "acceptable", widget=forms.Textarea(attrs={"rows": 2}))
    realistic = model_field(Goal, "realistic", widget=forms.Textarea(attrs={"rows": 2}))
    deadline = model_field(
        Goal,
        "deadline",
        widget=DateInput(),
        help_text=_("The date by which the goal is reached."),
    )
    findings = ObjectsChoiceField(
        Finding.objects.none(),
        label=_("Findings it answers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every goal answers at least one finding of the safety analysis."),
    )

    def __init__(self, *args: Any, findings: QuerySet[Finding], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = findings  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        names = (*GOAL_FIELDS, "findings")
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class SubProjectForm(GuardedForm):
    guarded_fields = (
        "description",
        "target_description",
        *LOGIC_MODEL_HELP,
        "no_intervention_reason",
        "integrality_note",
    )

    name = model_field(SubProject, "name")
    description = model_field(SubProject, "description", widget=forms.Textarea(attrs={"rows": 3}))
    kwartiermaker = ObjectChoiceField(
        Person.objects.none(),
        label=_("Kwartiermaker"),
        required=False,
        label_from=person_label,
        empty_label=_("(no kwartiermaker yet)"),
        help_text=_("The team member who leads this sub-project."),
    )
    focus_areas = ObjectsChoiceField(
        FocusArea.objects.none(), label=_("Focus areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    goals = ObjectsChoiceField(
        Goal.objects.none(),
        label=_("Goals served"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The programme goals this sub-project works towards."),
    )
    target_min_age = forms.IntegerField(
        label=_("Target group from age"), required=False, min_value=0, max_value=99
    )
    target_max_age = forms.IntegerField(
        label=_("Target group to age"), required=False, min_value=0, max_value=99
    )
    target_description = model_field(
        SubProject, "target_description", widget=forms.Textarea(attrs={"rows": 2})
    )
    areas = ObjectsChoiceField(
        Area.objects.none(),
        label=_("Areas"),
        required=False,
        label_from=area_label,
        help_text=_("The districts and neighbourhoods where the sub-project works."),
    )
    partners = ObjectsChoiceField(
        PartnerOrganisation.objects.none(),
        label=_("Partner organisations"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The programme's partner organisations taking part; the integrality check looks at them."
        ),
    )
    inputs = model_field(SubProject, "inputs", widget=forms.Textarea(attrs={"rows": 2}))
    activities = model_field(SubProject, "activities", widget=forms.Textarea(attrs={"rows": 3}))
    outputs = model_field(SubProject, "outputs", widget=forms.Textarea(attrs={"rows": 2}))
    outcomes = model_field(SubProject, "outcomes", widget=forms.Textarea(attrs={"rows": 2}))
    impact = model_field(SubProject, "impact", widget=forms.Textarea(attrs={"rows": 2}))
    assumptions = model_field(SubProject, "assumptions", widget=forms.Textarea(attrs={"rows": 2}))
    risks = model_field(SubProject, "risks", widget=forms.Textarea(attrs={"rows": 2}))
    no_intervention_reason = model_field(
        SubProject, "no_intervention_reason", widget=forms.Textarea(attrs={"rows": 2})
    )
    integrality_note = model_field(SubProject, "integrality_note", widget=forms.Textarea(attrs={"rows": 2}))
    start_date = model_field(SubProject, "start_date", widget=DateInput())
    end_date = model_field(SubProject, "end_date", widget=DateInput())

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        focus_areas: QuerySet[FocusArea],
        goals: QuerySet[Goal],
        areas: QuerySet[Area],
        partners: QuerySet[PartnerOrganisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("kwartiermaker", people),
            ("focus_areas", focus_areas),
            ("goals", goals),
            ("areas", areas),
            ("partners", partners),
        ):
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        for name, text in LOGIC_MODEL_HELP.items():
            self.fields[name].help_text = text
        if not areas.exists():
            # Koers does not know the municipality's districts yet: nothing to choose.
            del self.fields["areas"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        low, high = cleaned.get("target_min_age"), cleaned.get("target_max_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "target_max_age",
                _("The target group's age band must start with the lowest age, for example 12 to 17."),
            )
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date lies before the start date."))
        return cleaned

    def values(self) -> dict[str, Any]:
        names = (*SUBPROJECT_FIELDS, *SUBPROJECT_RELATIONS)
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=())

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices  # type: ignore[attr-defined]


MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}


class EuroField(forms.DecimalField):
    """An amount in euros with cents, typed the Dutch way (1.250,50) or with a decimal point
    (1250.50); never a float."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
            if "," in text and "." in text:
                decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
                thousands = "." if decimal_mark == "," else ","
                text = text.replace(thousands, "").replace(decimal_mark, ".")
            elif "," in text:
                text = text.replace(",", ".")
            value = text
        return super().to_python(value)


class BudgetLineForm(forms.Form):
    description = model_field(BudgetLine, "description")
    funding_source = model_field(
        BudgetLine, "funding_source", help_text=_("For example the municipality, a ministry grant or a fund.")
    )
    planned = EuroField(label=_("Planned (€)"), **MONEY)  # type: ignore[arg-type]
    committed = EuroField(label=_("Committed (€)"), required=False, **MONEY)  # type: ignore[arg-type]
    spent = EuroField(label=_("Spent (€)"), required=False, **MONEY)  # type: ignore[arg-type]

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data.get(name) for name in BUDGET_FIELDS}
        for name in ("committed", "spent"):
            if values[name] is None:
                values[name] = 0
        return values


class MilestoneForm(forms.Form):
    title = model_field(SubProjectMilestone, "title")
    due = model_field(SubProjectMilestone, "due", widget=DateInput())
    done_on = model_field(SubProjectMilestone, "done_on", widget=DateInput())

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in MILESTONE_FIELDS}
