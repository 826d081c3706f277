"""Forms of the findings. Labels and help texts come from the model fields; the services do the
writing and the checks against the programme (its areas, sources, experiences and figures)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.analysis.models import Area, Measure
from koers.knowledge.models import Experience, Source
from koers.teams.forms import GuardedForm, ObjectChoiceField, ObjectsChoiceField, model_field
from koers.ui.forms import PersonalDataGuardMixin

from .models import Finding
from .reference import FindingKind, FindingStatus, LifeDomain, Stance
from .services import FINDING_FIELDS

_BAND = re.compile(
    r"^\s*(?P<low>\d{1,3})\s*(?:-|–|—|t/m|tot(?: en met)?)\s*(?P<high>\d{1,3})"
    r"\s*(?:jaar|years)?\s*[:,.]?\s*(?P<text>.*)$",
    re.IGNORECASE,
)


def area_label(area: Area) -> str:
    if area.level == "gemeente":
        return f"{area.name} ({area.code})"
    prefix = _("District") if area.level == "wijk" else _("— neighbourhood")
    return f"{prefix} {area.name} ({area.code})"


def measure_label(measure: Measure) -> str:
    """``1.1.1 Diefstal/inbraak woning``: the code once, also when the name starts with it."""
    return measure.title if measure.title.startswith(measure.code) else f"{measure.code} {measure.title}"


def target_groups_text(groups: Any) -> str:
    if isinstance(groups, str):
        return groups
    lines = []
    for group in groups or ():
        band = f"{group.get('min_age')}–{group.get('max_age')}"
        lines.append(f"{band} {group.get('description')}".strip())
    return "\n".join(lines)


class TargetGroupsField(forms.CharField):
    """One age band a line: ``12–17 jongeren rond het winkelcentrum``."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return target_groups_text(value)

    def clean(self, value: Any) -> list[dict[str, Any]]:
        text = super().clean(value) or ""
        groups: list[dict[str, Any]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            match = _BAND.match(line)
            if match is None:
                raise ValidationError(
                    _("Line %(n)d: start with an age band, for example “12–17 young people in the centre”.")
                    % {"n": number},
                    code="band",
                )
            low, high = int(match["low"]), int(match["high"])
            if low > high or high > 99:
                raise ValidationError(
                    _("Line %(n)d: the age band %(low)d–%(high)d is not possible (lowest first, at most 99).")
                    % {"n": number, "low": low, "high": high},
                    code="band_order",
                )
            groups.append({"min_age": low, "max_age": high, "description": match["text"].strip()})
        return groups


class FindingForm(GuardedForm):
    guarded_fields = ("statement", "story", "target_groups")

    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices)
    title = model_field(Finding, "title")
    statement = model_field(Finding, "statement")
    life_domain = forms.ChoiceField(label=_("Life domain"), choices=LifeDomain.choices)
    target_groups = TargetGroupsField(
        label=_("Target groups"),
        required=False,
        help_text=_(
            "One group a line: the age band and who they are, for example “12–17 young people near the "
            "shopping centre”."
        ),
    )
    priority_areas = ObjectsChoiceField(
        Area.objects.none(),
        label=_("Priority areas"),
        required=False,
        label_from=area_label,
        help_text=_("The districts and neighbourhoods where this finding matters most."),
    )
    story = model_field(Finding, "story")

    def __init__(self, *args: Any, areas: QuerySet[Area] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["priority_areas"]
        if areas is None or not areas.exists():
            del self.fields["priority_areas"]
        else:
            field.queryset = areas  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FINDING_FIELDS if name in self.cleaned_data}


class FindingFilterForm(forms.Form):
    levensdomein = forms.ChoiceField(
        label=_("Life domain"), required=False, choices=[("", _("All life domains")), *LifeDomain.choices]
    )
    soort = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *FindingKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Every status")), *FindingStatus.choices]
    )


class CommentForm(PersonalDataGuardMixin, forms.Form):
    guarded_fields = ("text",)
    # Empty on every visit of the finding's page: no browser "invalid" styling before any input.
    use_required_attribute = False

    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Write a comment first.")},
    )


class StanceForm(forms.Form):
    use_required_attribute = False
    stance = forms.ChoiceField(label=_("Your stance"), choices=Stance.choices, widget=forms.RadioSelect)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=FindingStatus.choices)


class SourceEvidenceForm(forms.Form):
    prefix = "bron"
    source = ObjectChoiceField(Source.objects.none(), label=_("Source"), empty_label=_("(choose a source)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args: Any, sources: QuerySet[Source], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]


class ExperienceEvidenceForm(forms.Form):
    prefix = "ervaring"
    experience = ObjectChoiceField(
        Experience.objects.none(), label=_("Team experience"), empty_label=_("(choose an experience)")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args: Any, experiences: QuerySet[Experience], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experience"].queryset = experiences  # type: ignore[attr-defined]


class FigureEvidenceForm(forms.Form):
    prefix = "cijfer"
    area = ObjectChoiceField(
        Area.objects.none(), label=_("Area"), label_from=area_label, empty_label=_("(choose an area)")
    )
    measure = forms.ModelChoiceField(
        Measure.objects.none(), label=_("Crime type or series"), empty_label=_("(choose a crime type)")
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("What the figure shows, for example “increase 2019–2024”."),
    )

    def __init__(
        self, *args: Any, areas: QuerySet[Area], measures: QuerySet[Measure], topics: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]
        self.fields["measure"].label_from_instance = measure_label  # type: ignore[attr-defined]
        self.fields["topic"].choices = [("", _("(choose a topic)")), *((t, t) for t in topics)]  # type: ignore[attr-defined]
