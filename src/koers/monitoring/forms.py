"""Forms of step 5's monitoring. The services do the writing and the checks against the
programme, with their own Dutch messages; the forms keep what the user typed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.actions.models import Action
from koers.meetings.models import Decision
from koers.plan.models import Goal, SubProject
from koers.programmes.forms import DateInput
from koers.teams.forms import GuardedForm, ObjectChoiceField, model_field
from koers.teams.models import Body, Person
from koers.ui.forms import PersonalDataGuardMixin

from .models import CourseAdjustment
from .reference import AdjustmentKind, AdjustmentReason, ReportAudience, Standing
from .services import ADJUSTMENT_FIELDS


class AssessmentForm(PersonalDataGuardMixin, forms.Form):
    guarded_fields = ("explanation",)

    standing = forms.ChoiceField(
        label=_("Where does the sub-project stand?"), choices=Standing.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when the sub-project is at risk or off track: what is going on and what is being done."
        ),
    )


def decision_label(decision: Decision) -> str:
    return f"{decision.body.name} #{decision.number} ({decision.decided_on:%d-%m-%Y}): {decision.text[:80]}"


class AdjustmentForm(GuardedForm):
    guarded_fields = ("description", "reason")

    kind = forms.ChoiceField(label=_("What changed"), choices=AdjustmentKind.choices)
    subproject = ObjectChoiceField(
        SubProject.objects.none(), label=_("Sub-project"), required=False, empty_label=_("(none)")
    )
    goal = ObjectChoiceField(Goal.objects.none(), label=_("Goal"), required=False, empty_label=_("(none)"))
    description = model_field(CourseAdjustment, "description", widget=forms.Textarea(attrs={"rows": 4}))
    reason_kind = forms.ChoiceField(label=_("Reason"), choices=AdjustmentReason.choices)
    reason = model_field(CourseAdjustment, "reason", widget=forms.Textarea(attrs={"rows": 3}))
    decision = ObjectChoiceField(
        Decision.objects.none(),
        label=_("Decided in"),
        required=False,
        empty_label=_("(no decision recorded)"),
        label_from=decision_label,
        help_text=_("The decision of a meeting; or choose the body below."),
    )
    body = ObjectChoiceField(
        Body.objects.none(),
        label=_("Decided by the body"),
        required=False,
        empty_label=_("(the body of the decision)"),
    )
    decided_on = forms.DateField(
        label=_("Decided on"),
        widget=DateInput(),
        help_text=_("The day of the decision, for example 2026-03-31."),
        error_messages={"required": _("Give the date of the decision, for example 2026-03-31.")},
    )

    def __init__(
        self,
        *args: Any,
        subprojects: QuerySet[SubProject],
        goals: QuerySet[Goal],
        decisions: QuerySet[Decision],
        bodies: QuerySet[Body],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = subprojects  # type: ignore[attr-defined]
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ADJUSTMENT_FIELDS}


class FollowUpActionForm(forms.Form):
    """A follow-up action of a course adjustment, added in one step."""

    title = model_field(Action, "title")
    owner = ObjectChoiceField(
        Person.objects.none(), label=_("Owner"), required=False, empty_label=_("(nobody yet)")
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=DateInput(),
        help_text=_("The day the action should be done, for example 2026-12-31."),
    )

    def __init__(self, *args: Any, owners: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    period_start = forms.DateField(
        label=_("From"),
        widget=DateInput(),
        help_text=_("The first day of the period, for example 2026-01-01."),
        error_messages={"required": _("Give the first day of the period, for example 2026-01-01.")},
    )
    period_end = forms.DateField(
        label=_("Up to and including"),
        widget=DateInput(),
        help_text=_("The last day of the period, for example 2026-03-31."),
        error_messages={"required": _("Give the last day of the period, for example 2026-03-31.")},
    )
    audience = forms.ChoiceField(
        label=_("For"), choices=ReportAudience.choices, initial=ReportAudience.STUURGROEP
    )
