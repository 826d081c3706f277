"""The search form: one field, checked so that an empty, too long or only-excluding search gets a
clear message and searches nothing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from koers import textsearch


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        max_length=textsearch.MAX_QUERY_LENGTH,
        strip=True,
        error_messages={
            "required": _("Type one or more words to search for."),
            "max_length": _("Use at most %(limit_value)d characters for a search (you used %(show_value)d)."),
        },
        help_text=_("Words in any order. Quotes for an exact phrase, a minus sign to leave a word out."),
    )

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        wanted, _unwanted = textsearch.search_terms(query)
        if not wanted:
            raise forms.ValidationError(
                _("Add at least one word to look for: a word with a minus sign only leaves things out."),
                code="no_words",
            )
        return query
