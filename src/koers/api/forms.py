from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers.programmes.forms import DateInput

from .models import TokenScope


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, e.g. “Monthly report in Power BI”."),
    )
    scope = forms.ChoiceField(
        label=_("Rights"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_("Read only is enough for reports. A key never has more rights than you have yourself."),
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional. After this date the key stops working."),
    )
