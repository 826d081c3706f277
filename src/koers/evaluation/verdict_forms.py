"""Forms of the verdicts and the embedding plans. The service (``verdicts``) does the writing and the
checks across fields: the ladder, the embedding plan, the follow-up actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.analysis.models import Area
from koers.interventions.reference import EvidenceLevel
from koers.programmes.forms import DateInput
from koers.teams.forms import GuardedForm, ObjectChoiceField, model_field, person_label
from koers.teams.models import PartnerOrganisation, Person

from .forms import AreasField
from .models import EffectEstimate, EmbeddingPlan, Verdict
from .reference import Conclusion, Decision
from .verdicts import EMBEDDING_FIELDS, direction

FOLLOW_UP_ROWS = 3


def estimate_label(estimate: EffectEstimate) -> str:
    if estimate.declined:
        state = _("declined: cannot be used")
    elif not estimate.reliable:
        state = _("not reliable")
    else:
        state = {
            "better": _("reliable, shows an improvement"),
            "worse": _("reliable, shows a deterioration"),
        }.get(direction(estimate), _("reliable, no clear change"))
    return f"{estimate.indicator.name} – {estimate.get_method_display()} ({state})"


class EstimatesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(EffectEstimate.objects.none(), to_field_name="uuid", **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return estimate_label(obj)


def _embedding_fields(
    form: forms.Form, partners: QuerySet[PartnerOrganisation], areas: QuerySet[Area]
) -> None:
    form.fields["partner"] = ObjectChoiceField(
        partners,
        label=_("Partner that takes it over"),
        required=False,
        empty_label=_("(no partner: name the organisation below)"),
    )
    form.fields["organisation_name"] = model_field(EmbeddingPlan, "organisation_name")
    form.fields["funding_amount"] = forms.DecimalField(
        label=_("Structural funding per year (euro)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    form.fields["funding_source"] = model_field(EmbeddingPlan, "funding_source")
    form.fields["funding_from"] = forms.DateField(label=_("Funded from"), required=False, widget=DateInput())
    form.fields["areas"] = AreasField(label=_("Neighbourhoods"), required=False)
    form.fields["areas"].queryset = areas  # type: ignore[attr-defined]
    form.fields["conditions"] = model_field(
        EmbeddingPlan, "conditions", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def _embedding_values(form: forms.Form) -> dict[str, Any]:
    values = {name: form.cleaned_data.get(name) for name in EMBEDDING_FIELDS}
    values["areas"] = list(values["areas"] or [])
    for name in ("organisation_name", "funding_source", "conditions"):
        values[name] = values[name] or ""
    return values


class VerdictForm(GuardedForm):
    guarded_fields = ("reasoning", "decision_reasoning", "conditions")

    conclusion = forms.ChoiceField(
        label=_("Conclusion"), choices=Conclusion.choices, widget=forms.RadioSelect
    )
    evidence_level = forms.ChoiceField(
        label=_("Level of evidence"),
        choices=EvidenceLevel.choices,
        help_text=_("The Dutch evidence ladder. Koers refuses a level higher than the evidence justifies."),
    )
    reasoning = model_field(Verdict, "reasoning", widget=forms.Textarea(attrs={"rows": 5}))
    estimates = EstimatesField(
        label=_("Effect estimates used"),
        required=False,
        help_text=_("Only reliable estimates that show an improvement count towards an “effective” level."),
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    decision_reasoning = model_field(
        Verdict, "decision_reasoning", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())

    def __init__(
        self,
        *args: Any,
        estimates: QuerySet[EffectEstimate],
        partners: QuerySet[PartnerOrganisation],
        areas: QuerySet[Area],
        people: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["estimates"].queryset = estimates  # type: ignore[attr-defined]
        _embedding_fields(self, partners, areas)
        for n in range(1, FOLLOW_UP_ROWS + 1):
            self.fields[f"title_{n}"] = forms.CharField(
                label=_("Follow-up action %(n)d") % {"n": n}, max_length=200, required=False
            )
            self.fields[f"owner_{n}"] = ObjectChoiceField(
                people,
                label=_("Owner of follow-up action %(n)d") % {"n": n},
                required=False,
                label_from=person_label,
                empty_label=_("(no owner yet)"),
            )
            self.fields[f"due_date_{n}"] = forms.DateField(
                label=_("Due date of follow-up action %(n)d") % {"n": n}, required=False, widget=DateInput()
            )
        self.order_fields([name for name in self.fields if name != "confirm_personal_data"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for n in range(1, FOLLOW_UP_ROWS + 1):
            if not cleaned.get(f"title_{n}") and (cleaned.get(f"owner_{n}") or cleaned.get(f"due_date_{n}")):
                self.add_error(
                    f"title_{n}", _("Give the follow-up action a title, or empty its other fields.")
                )
        return cleaned

    def verdict_fields(self) -> list[Any]:
        return [self[name] for name in ("conclusion", "evidence_level", "reasoning", "estimates")]

    def decision_fields(self) -> list[Any]:
        return [self[name] for name in ("decision", "decision_reasoning", "decided_on")]

    def embedding_fields(self) -> list[Any]:
        return [self[name] for name in EMBEDDING_FIELDS]

    def follow_up_rows(self) -> list[tuple[int, list[Any]]]:
        return [
            (n, [self[f"title_{n}"], self[f"owner_{n}"], self[f"due_date_{n}"]])
            for n in range(1, FOLLOW_UP_ROWS + 1)
        ]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        embedding = _embedding_values(self)
        # The neighbourhoods start as the sub-project's own: only the other fields say whether
        # someone filled in an embedding plan.
        filled = any(value not in (None, "", []) for name, value in embedding.items() if name != "areas")
        return {
            "conclusion": data["conclusion"],
            "evidence_level": data["evidence_level"],
            "reasoning": data["reasoning"],
            "estimates": list(data.get("estimates") or []),
            "decision": data["decision"],
            "decision_reasoning": data.get("decision_reasoning") or "",
            "decided_on": data["decided_on"],
            "embedding": embedding if filled or data["decision"] == Decision.EMBED else None,
            "follow_up": [
                {
                    "title": data[f"title_{n}"],
                    "owner": data.get(f"owner_{n}"),
                    "due_date": data.get(f"due_date_{n}"),
                }
                for n in range(1, FOLLOW_UP_ROWS + 1)
                if data.get(f"title_{n}")
            ],
        }


class EmbeddingForm(GuardedForm):
    guarded_fields = ("conditions",)

    def __init__(
        self, *args: Any, partners: QuerySet[PartnerOrganisation], areas: QuerySet[Area], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _embedding_fields(self, partners, areas)
        for name in ("funding_amount", "funding_source", "funding_from", "areas", "conditions"):
            self.fields[name].required = True
        self.order_fields([name for name in self.fields if name != "confirm_personal_data"])

    def values(self) -> dict[str, Any]:
        return _embedding_values(self)
