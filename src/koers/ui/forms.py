"""Form rendering in NL Design System markup, and the personal-data guard for free text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.personaldata import Kind, scan

KIND_LABELS = {
    Kind.BSN: gettext_lazy("a citizen service number (BSN)"),
    Kind.BIRTH_DATE: gettext_lazy("a date of birth"),
    Kind.PHONE: gettext_lazy("a phone number"),
}


class KoersFormRenderer(TemplatesSetting):
    """Renders fields as Utrecht form fields: label, description, error message and control,
    tied together with ``aria-describedby`` and ``aria-invalid``."""

    form_template_name = "koers/forms/form.html"
    field_template_name = "koers/forms/field.html"


class PersonalDataGuardMixin(forms.Form):
    """Warns when free text looks like personal data; the user may confirm and save anyway.

    Set ``guarded_fields`` to the names of the free-text fields to check.
    """

    guarded_fields: tuple[str, ...] = ()
    confirm_personal_data = forms.BooleanField(
        required=False,
        label=gettext_lazy("I have checked the text: it contains no personal data of young people"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.personal_data_warnings: dict[str, list[str]] = {}
        self.fields["confirm_personal_data"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        warnings: dict[str, list[str]] = {}
        for name in self.guarded_fields:
            findings = scan(str(cleaned.get(name) or ""))
            if findings:
                kinds = sorted({f.kind for f in findings})
                warnings[name] = [str(KIND_LABELS[k]) for k in kinds]
        self.personal_data_warnings = warnings
        if warnings and not cleaned.get("confirm_personal_data"):
            self.fields["confirm_personal_data"].widget = forms.CheckboxInput()
            for name, labels in warnings.items():
                self.add_error(
                    name,
                    _(
                        "This text seems to contain %(what)s. Koers is not a register of individual "
                        "young people: remove it, or confirm below that it is not personal data."
                    )
                    % {"what": _(" and ").join(labels)},
                )
        return cleaned
