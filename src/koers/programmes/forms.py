from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.ui.forms import PersonalDataGuardMixin

from .models import Programme, ProgrammeRole, ProgrammeStatus


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class ProgrammeForm(PersonalDataGuardMixin, forms.ModelForm):
    guarded_fields = ("description",)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Programme
        fields = ["name", "description", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "name": _("For example: “Voorbeeldstad houdt jongeren uit de criminaliteit 2026–2029”."),
            "description": _(
                "What the programme is about, in a few sentences. Do not name individual young people."
            ),
            "end_date": _("Leave empty if the programme has no fixed end."),
        }


class ProgrammeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ProgrammeStatus.choices)


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The person receives a link that is valid for a limited number of days."),
    )
    role = forms.ChoiceField(
        label=_("Role in the programme"),
        choices=ProgrammeRole.choices,
        help_text=_("See the manual for what each role may do."),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the programme"), choices=ProgrammeRole.choices)


class ProgrammeImportForm(forms.Form):
    archive = forms.FileField(
        label=_("Programme archive"),
        help_text=_("A .zip file that Koers made with “Export programme”."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
    name = forms.CharField(
        label=_("Name of the new programme"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the name in the archive."),
    )

    def clean_archive(self) -> object:
        from koers.uploads import validate_upload

        archive = self.cleaned_data["archive"]
        validate_upload(archive, kinds=("zip",))
        return archive
