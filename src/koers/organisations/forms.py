from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from koers.uploads import IMAGES, validate_upload

from .models import Organisation, OrganisationKind, OrganisationRole, colour_validator

LOGO_MAX_BYTES = 1_048_576


def validate_logo_size(file: object) -> None:
    if getattr(file, "size", 0) > LOGO_MAX_BYTES:
        raise forms.ValidationError(_("The logo is larger than 1 MB."))


def validate_logo_content(file: Any) -> None:
    """A PNG or JPEG by its content, not only by its name (koers.uploads)."""
    validate_upload(file, kinds=IMAGES, max_bytes=LOGO_MAX_BYTES)


class ColourInput(forms.TextInput):
    input_type = "color"


class OrganisationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "cbs_code",
            "cbs_reference_year",
            "logo",
            "primary_colour",
            "mfa_required",
        ]
        widgets = {"primary_colour": ColourInput()}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["logo"].validators += [
            FileExtensionValidator(["png", "jpg", "jpeg"]),
            validate_logo_size,
            validate_logo_content,
        ]
        self.fields["logo"].help_text = _("PNG or JPEG of at most 1 MB.")


class OrganisationCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("For example: Gemeente Utrecht."))
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    cbs_code = forms.CharField(
        label=_("CBS code"),
        max_length=10,
        required=False,
        help_text=_("GM followed by four digits for a municipality, e.g. GM0344."),
    )
    cbs_reference_year = forms.IntegerField(
        label=_("Reference year of the code"),
        required=False,
        min_value=1900,
        max_value=2100,
    )
    primary_colour = forms.CharField(
        label=_("Primary colour"),
        initial="#154273",
        validators=[colour_validator],
        widget=ColourInput(),
    )
    admin_email = forms.EmailField(
        label=_("E-mail address of the first administrator"),
        help_text=_("This person receives a link to choose a password."),
    )
    admin_name = forms.CharField(label=_("Name of the first administrator"), max_length=200)


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Only needed when the person has no Koers account yet."),
    )
    role = forms.ChoiceField(label=_("Role in the organisation"), choices=OrganisationRole.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the organisation"), choices=OrganisationRole.choices)


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by person, action or object"), required=False, max_length=100)
