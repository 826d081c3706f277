"""Forms of the knowledge base. Labels and help texts come from the model fields; the services do
the writing, including the check that an upload really is a PDF."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.programmes.forms import DateInput
from koers.teams.forms import GuardedForm, model_field

from .models import Experience, Source
from .reference import FocusArea, SourceKind
from .services import EXPERIENCE_FIELDS, SOURCE_FIELDS


class SourceForm(GuardedForm):
    guarded_fields = ("summary",)

    title = model_field(Source, "title")
    author = model_field(Source, "author")
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    municipality = model_field(Source, "municipality")
    kind = forms.ChoiceField(label=_("Kind"), choices=SourceKind.choices)
    url = model_field(Source, "url", assume_scheme="https")
    document = forms.FileField(
        label=_("PDF"),
        required=False,
        help_text=_("A PDF document of at most 20 MB. Add a link, a PDF or both."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    remove_document = forms.BooleanField(label=_("Remove the stored PDF"), required=False)
    summary = model_field(Source, "summary")
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"),
        choices=FocusArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = model_field(Source, "themes")

    def __init__(self, *args: Any, source: Source | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if source is None or not source.document:
            del self.fields["remove_document"]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in SOURCE_FIELDS}


class SourceFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words in any order. Quotes for an exact phrase, a minus sign to leave a word out."),
    )
    soort = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *SourceKind.choices]
    )
    focusgebied = forms.ChoiceField(
        label=_("Focus area"), required=False, choices=[("", _("All focus areas")), *FocusArea.choices]
    )


class ExperienceForm(GuardedForm):
    guarded_fields = ("area", "group", "pattern")

    area = model_field(Experience, "area")
    group = model_field(Experience, "group")
    pattern = model_field(Experience, "pattern")
    observed_on = model_field(Experience, "observed_on", widget=DateInput())

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EXPERIENCE_FIELDS}
