"""Forms of the lessons learned and the shared library. The services do the writing and the checks
against the programme."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.meetings.models import Meeting
from koers.plan.models import FocusArea, SubProject
from koers.plan.reference import FocusAreaKey
from koers.teams.forms import GuardedForm, ObjectChoiceField, ObjectsChoiceField, model_field

from .models import Lesson, LibraryItem
from .reference import LibraryKind
from .services import LESSON_FIELDS, LIBRARY_FIELDS


def meeting_label(meeting: Meeting) -> str:
    return f"{meeting.body} — {meeting.starts_at:%d-%m-%Y}"


class LessonForm(GuardedForm):
    guarded_fields = ("worked", "did_not_work", "recommendation")

    title = model_field(Lesson, "title")
    subproject = ObjectChoiceField(
        SubProject.objects.none(), label=_("Sub-project"), required=False, empty_label=_("(whole programme)")
    )
    meeting = ObjectChoiceField(
        Meeting.objects.none(),
        label=_("Meeting"),
        required=False,
        empty_label=_("(no meeting)"),
        label_from=meeting_label,
        help_text=_("The meeting where the lesson came up, if any."),
    )
    worked = model_field(Lesson, "worked")
    did_not_work = model_field(Lesson, "did_not_work")
    recommendation = model_field(Lesson, "recommendation")
    focus_areas = ObjectsChoiceField(FocusArea.objects.none(), label=_("Focus areas"), required=False)
    themes = model_field(Lesson, "themes")
    learned_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When the lesson was learned: today or earlier, for example 2026-06-30."),
    )

    def __init__(
        self,
        *args: Any,
        subprojects: QuerySet[SubProject],
        meetings: QuerySet[Meeting],
        focus_areas: QuerySet[FocusArea],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = subprojects  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["focus_areas"].queryset = focus_areas  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        values = {name: self.cleaned_data[name] for name in LESSON_FIELDS if name in self.cleaned_data}
        values["focus_areas"] = list(values.get("focus_areas") or [])
        return values


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the lesson not published?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The author reads this and can improve the lesson."),
        required=False,
    )


class LessonFilterForm(forms.Form):
    deelproject = forms.ChoiceField(label=_("Sub-project"), required=False)
    focusgebied = forms.ChoiceField(label=_("Focus area"), required=False)
    thema = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(
        self,
        *args: Any,
        subprojects: list[SubProject],
        focus_areas: list[FocusArea],
        themes: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deelproject"].choices = [("", _("All")), *((str(s.uuid), s.name) for s in subprojects)]  # type: ignore[attr-defined]
        self.fields["focusgebied"].choices = [("", _("All")), *((str(f.uuid), f.name) for f in focus_areas)]  # type: ignore[attr-defined]
        self.fields["thema"].choices = [("", _("All")), *((t, t) for t in themes)]  # type: ignore[attr-defined]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words in any order; quotes for a phrase, a minus to leave a word out."),
    )
    soort = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *LibraryKind.choices])
    focusgebied = forms.ChoiceField(
        label=_("Focus area"), required=False, choices=[("", _("All")), *FocusAreaKey.choices]
    )


class LibraryItemForm(GuardedForm):
    guarded_fields = ("worked", "did_not_work", "recommendation")

    title = model_field(LibraryItem, "title")
    worked = model_field(LibraryItem, "worked")
    did_not_work = model_field(LibraryItem, "did_not_work")
    recommendation = model_field(LibraryItem, "recommendation")
    themes = model_field(Lesson, "themes")

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in LIBRARY_FIELDS if name in self.cleaned_data}


class EvaluationPublishForm(GuardedForm):
    """The evaluation summary a programme manager publishes in the shared library."""

    guarded_fields = ("summary", "worked", "did_not_work", "recommendation")

    title = model_field(LibraryItem, "title")
    summary = model_field(
        LibraryItem,
        "summary",
        help_text=_("What the sub-project did and what the evaluation showed, in a few sentences."),
    )
    worked = model_field(LibraryItem, "worked")
    did_not_work = model_field(LibraryItem, "did_not_work")
    recommendation = model_field(LibraryItem, "recommendation")

    def values(self) -> dict[str, Any]:
        names = ("title", "summary", "worked", "did_not_work", "recommendation")
        return {name: self.cleaned_data.get(name) or "" for name in names}
