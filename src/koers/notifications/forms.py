"""What a person wants to receive: per kind, in Koers and by e-mail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreference
from .reference import NotificationKind


class PreferencesForm(forms.Form):
    """Two checkboxes per kind of notification."""

    def __init__(self, *args: Any, current: dict[str, NotificationPreference], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[str, str, str]] = []
        for kind in NotificationKind:
            preference = current[kind.value]
            self.fields[f"{kind.value}__in_app"] = forms.BooleanField(
                label=_("In Koers"), required=False, initial=preference.in_app
            )
            self.fields[f"{kind.value}__email"] = forms.BooleanField(
                label=_("By e-mail"), required=False, initial=preference.email
            )
            self.rows.append((str(kind.label), f"{kind.value}__in_app", f"{kind.value}__email"))

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind: (data[f"{kind}__in_app"], data[f"{kind}__email"]) for kind in NotificationKind.values}

    def table(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(label, self[in_app], self[email]) for label, in_app, email in self.rows]
