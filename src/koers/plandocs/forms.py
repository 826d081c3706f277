from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.teams.models import Body
from koers.teams.reference import BodyKind


class ApproveForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Approved by"),
        queryset=Body.objects.none(),
        help_text=_("The body of step 1 that approved the plan, as a rule the steering group."),
        error_messages={"required": _("Choose the body that approved the plan.")},
    )
    approved_on = forms.DateField(
        label=_("Approved on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Give the date on which the plan was approved."),
            "invalid": _("Give the date as dd-mm-jjjj, for example 15-03-2026."),
        },
    )

    def __init__(self, *args: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(programme=programme).order_by("name")
        field = self.fields["body"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = bodies
        steering = next((b for b in bodies if b.kind == BodyKind.STUURGROEP), None)
        if not self.is_bound:
            self.initial.setdefault("approved_on", timezone.localdate())
            if steering is not None:
                self.initial.setdefault("body", steering.pk)
