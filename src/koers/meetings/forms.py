"""Forms of the meetings. Labels come from the model fields where there is one; the services do
the writing and the checks against the programme and the meeting's status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.plan.models import SubProject
from koers.programmes.forms import DateInput
from koers.teams.forms import GuardedForm, ObjectChoiceField, ObjectsChoiceField, model_field, person_label
from koers.teams.models import Body, PartnerOrganisation, Person
from koers.uploads import DOCUMENTS, validate_upload

from .models import AgendaItem, Attendance, Decision, Meeting
from .reference import AttendanceStatus, DecisionStatus


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _datetime(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        help_text=help_text,
    )


class MeetingForm(GuardedForm):
    body = ObjectChoiceField(Body.objects.none(), label=_("Body"))
    title = model_field(Meeting, "title", required=False)
    starts_at = _datetime(_("Starts at"), help_text=_("Date and time, for example 2026-12-15 19:30."))
    ends_at = _datetime(_("Ends at"), required=False)
    location = model_field(Meeting, "location", required=False)
    online_link = model_field(Meeting, "online_link", required=False)
    participants = ObjectsChoiceField(
        Person.objects.none(),
        label=_("Participants"),
        required=False,
        label_from=person_label,
        help_text=_("Left empty for a new meeting: the members of the body."),
    )

    def __init__(self, *args: Any, bodies: Sequence[Body], people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(pk__in=[b.pk for b in bodies]).order_by(  # type: ignore[attr-defined]
            "kind", "name"
        )
        self.fields["participants"].queryset = people  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        names = ("body", "title", "starts_at", "ends_at", "location", "online_link")
        return {name: self.cleaned_data.get(name) for name in names}


class AgendaItemForm(GuardedForm):
    guarded_fields = ("description",)

    title = model_field(AgendaItem, "title")
    presenter = ObjectChoiceField(
        Person.objects.none(),
        label=_("Presenter"),
        required=False,
        empty_label=_("(nobody in particular)"),
        label_from=person_label,
    )
    minutes_allotted = forms.IntegerField(
        label=_("Minutes allotted"),
        required=False,
        min_value=1,
        max_value=480,
        help_text=_("How many minutes this item may take, for example 15."),
    )
    description = model_field(AgendaItem, "description", required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = people  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        names = ("title", "description", "presenter", "minutes_allotted")
        return {name: self.cleaned_data.get(name) for name in names}


MAX_UPLOAD = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt", "csv", "png", "jpg", "jpeg")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, ODF, Office, text or image, at most 20 MB."),
    )
    url = forms.URLField(
        label=_("Or a link"),
        required=False,
        max_length=500,
        help_text=_("Where the document is kept, for example on the intranet."),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data.get("file")
        if file:
            extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
            if extension not in ALLOWED_EXTENSIONS:
                raise forms.ValidationError(
                    _("Koers keeps PDF, ODF, Office, text and image files; this file is a .%(ext)s file.")
                    % {"ext": extension or "?"}
                )
            if file.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is larger than 20 MB."))
            validate_upload(file, kinds=DOCUMENTS, max_bytes=MAX_UPLOAD)
        return file

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("file") and not cleaned.get("url") and not self.errors:
            self.add_error("file", _("Upload a file or give a link."))
        if cleaned.get("file") and cleaned.get("url"):
            self.add_error("url", _("Upload a file or give a link, not both."))
        return cleaned


class AttendanceForm(forms.Form):
    """One choice per participant: present, absent or excused."""

    def __init__(self, *args: Any, attendance: Sequence[Attendance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(attendance)
        choices = [(s.value, s.label) for s in AttendanceStatus if s != AttendanceStatus.INVITED]
        for row in self.rows:
            self.fields[f"person_{row.person.uuid}"] = forms.ChoiceField(
                label=row.person.full_name,
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=row.status if row.status != AttendanceStatus.INVITED else None,
            )

    def statuses(self) -> dict[int, str]:
        return {
            row.person_id: self.cleaned_data[f"person_{row.person.uuid}"]
            for row in self.rows
            if self.cleaned_data.get(f"person_{row.person.uuid}")
        }


class MinutesForm(GuardedForm):
    general_notes = model_field(Meeting, "general_notes", required=False)

    def __init__(self, *args: Any, items: Sequence[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        guarded = ["general_notes"]
        for number, item in enumerate(self.items, 1):
            self.fields[f"minutes_{item.uuid}"] = forms.CharField(
                label=_("Minutes of item %(number)d: %(title)s") % {"number": number, "title": item.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=item.minutes,
            )
            self.fields[f"carry_{item.uuid}"] = forms.BooleanField(
                label=_("Carry item %(number)d over to the next meeting") % {"number": number},
                required=False,
                initial=item.carry_over,
            )
            guarded.append(f"minutes_{item.uuid}")
        self.guarded_fields = tuple(guarded)
        self.order_fields([name for name in self.fields if name != "confirm_personal_data"])

    def per_item(self) -> dict[int, tuple[str, bool]]:
        return {
            item.pk: (
                self.cleaned_data.get(f"minutes_{item.uuid}", ""),
                self.cleaned_data.get(f"carry_{item.uuid}", False),
            )
            for item in self.items
        }


class DecisionForm(GuardedForm):
    guarded_fields = ("text",)

    agenda_item = ObjectChoiceField(
        AgendaItem.objects.none(),
        label=_("Agenda item"),
        required=False,
        empty_label=_("(no particular item)"),
    )
    text = model_field(Decision, "text")
    status = forms.ChoiceField(
        label=_("Status"),
        choices=DecisionStatus.choices,
        initial=DecisionStatus.TAKEN,
        widget=forms.RadioSelect,
    )
    subprojects = ObjectsChoiceField(
        SubProject.objects.none(), label=_("Sub-projects concerned"), required=False
    )

    def __init__(
        self, *args: Any, items: QuerySet[AgendaItem] | None, subprojects: QuerySet[SubProject], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if items is None:
            del self.fields["agenda_item"]
        else:
            self.fields["agenda_item"].queryset = items  # type: ignore[attr-defined]
        self.fields["subprojects"].queryset = subprojects  # type: ignore[attr-defined]


ACTION_ROWS = 3


class DecisionActionsForm(forms.Form):
    """Up to three actions from one decision, each a title, an owner, a due date and the
    responsible organisation (by default the owner's)."""

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        organisations: QuerySet[PartnerOrganisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"title_{n}"] = forms.CharField(
                label=_("Action %(n)d") % {"n": n}, max_length=200, required=n == 1
            )
            self.fields[f"owner_{n}"] = ObjectChoiceField(
                people, label=_("Owner of action %(n)d") % {"n": n}, required=False, label_from=person_label
            )
            self.fields[f"due_date_{n}"] = forms.DateField(
                label=_("Due date of action %(n)d") % {"n": n}, required=False, widget=DateInput()
            )
            self.fields[f"organisation_{n}"] = ObjectChoiceField(
                organisations,
                label=_("Responsible organisation of action %(n)d") % {"n": n},
                required=False,
                empty_label=_("(the owner's organisation)"),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for n in range(1, ACTION_ROWS + 1):
            if not cleaned.get(f"title_{n}"):
                continue
            if not cleaned.get(f"owner_{n}"):
                self.add_error(f"owner_{n}", _("Choose who owns this action."))
            if not cleaned.get(f"due_date_{n}"):
                self.add_error(f"due_date_{n}", _("Give the day this action should be done."))
        return cleaned

    def actions(self) -> list[dict[str, Any]]:
        return [
            {
                "title": self.cleaned_data[f"title_{n}"],
                "owner": self.cleaned_data.get(f"owner_{n}"),
                "due_date": self.cleaned_data.get(f"due_date_{n}"),
                "organisation": self.cleaned_data.get(f"organisation_{n}"),
            }
            for n in range(1, ACTION_ROWS + 1)
            if self.cleaned_data.get(f"title_{n}")
        ]


class FilterForm(forms.Form):
    orgaan = forms.UUIDField(required=False)
