"""The personal-data guard: BSNs (11-check), birth dates and phone numbers in free text, and the
form mixin that warns before such text is saved."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from koers.personaldata import Kind, bsn_is_valid, scan
from koers.ui.forms import PersonalDataGuardMixin

TODAY = dt.date(2026, 6, 1)

VALID_BSNS = ["111222333", "123456782", "999999990", "010000008"]
INVALID_BSNS = ["123456789", "111222334", "000000000", "12345678", "1234567890", "12345678a"]


def kinds(text: str) -> list[Kind]:
    return [finding.kind for finding in scan(text, today=TODAY)]


def with_check_digit(first_eight: str) -> str | None:
    """The 9-digit number that passes the 11-check, or None when no check digit fits."""
    total = sum(int(d) * w for d, w in zip(first_eight, range(9, 1, -1), strict=True))
    last = total % 11
    if last == 10:
        return None
    return first_eight + str(last)


# BSN -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bsn", VALID_BSNS)
def test_numbers_passing_the_eleven_check_are_valid_bsns(bsn):
    assert bsn_is_valid(bsn)


@pytest.mark.parametrize("bsn", INVALID_BSNS)
def test_numbers_failing_the_eleven_check_or_not_nine_digits_are_not_bsns(bsn):
    assert not bsn_is_valid(bsn)


@pytest.mark.parametrize(
    "text",
    [
        "Het BSN van de jongere is 111222333.",
        "bsn: 1112.22.333",
        "nummer 111 222 333 genoteerd",
        "123456782",
    ],
)
def test_a_valid_bsn_in_text_is_found_in_its_usual_notations(text):
    assert kinds(text) == [Kind.BSN]


def test_a_nine_digit_number_failing_the_eleven_check_is_not_reported():
    assert scan("Kosten 123456789 euro", today=TODAY) == []


def test_a_finding_records_where_it_stands_in_the_text():
    text = "Zie dossier 111222333 voor details"
    (finding,) = scan(text, today=TODAY)
    assert (finding.start, finding.end) == (12, 21)
    assert text[finding.start : finding.end] == finding.text == "111222333"


# Birth dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "geboren op 12-03-1980",
        "Geboren: 3 maart 1975",
        "geboortedatum 01/02/1990",
        "geb. 12-03-1980",
        "geb.datum 12-03-1980",
        "born 3 March 1975",
        "date of birth 5.6.1970",
    ],
)
def test_a_date_next_to_a_word_about_birth_is_a_birth_date(text):
    assert kinds(text) == [Kind.BIRTH_DATE]


def test_a_date_ten_to_thirty_years_back_is_a_possible_birth_date_without_a_birth_word():
    assert kinds("jongere van 14-02-2010 in beeld") == [Kind.BIRTH_DATE]


def test_an_old_date_without_a_birth_word_is_not_a_birth_date():
    assert kinds("Het convenant is getekend op 14-02-1985.") == []


def test_an_impossible_date_is_never_a_birth_date():
    assert kinds("geboren op 31-02-2010") == []


# Phone numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "bel 06-12345678",
        "bel 06 1234 5678",
        "bel 0612345678",
        "bel +31 6 12345678",
        "bel +31612345678",
        "bel +31 (0)6 12345678",
        "bel 0031 6 12345678",
        "bel 010-1234567",
        "bel 020 123 4567",
        "bel 030 1234567",
    ],
)
def test_dutch_mobile_and_landline_numbers_are_phone_numbers(text):
    assert kinds(text) == [Kind.PHONE]


# No false alarms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In 2025 waren er 1.234 incidenten en 45 jongeren in beeld.",
        "Het budget is EUR 1.250.000,00 voor 2026-2029.",
        "Gemeente GM0363, buurt BU03630001, wijk WK036301.",
        "De stuurgroep vergadert op 15-09-2026 en op 3 november 2027.",
        "Looptijd 2026 tot 2029; 12 deelprojecten; 3 kwartiermakers; 80% bereik.",
        "Doel: van 120 naar 90 first offenders per jaar (peiljaar 2024).",
        "",
    ],
)
def test_ordinary_programme_text_raises_no_alarm(text):
    assert scan(text, today=TODAY) == []


def test_several_kinds_are_reported_in_order_of_appearance():
    text = "Jongere, geboren 12-03-2009, tel 06-12345678, bsn 111222333."
    assert kinds(text) == [Kind.BIRTH_DATE, Kind.PHONE, Kind.BSN]


# Properties ------------------------------------------------------------------------------------

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=30)


@given(first_eight=st.from_regex(r"\A[0-9]{8}\Z"), before=words, after=words)
def test_every_number_passing_the_eleven_check_in_text_is_found(first_eight, before, after):
    bsn = with_check_digit(first_eight)
    if bsn is None or bsn == "000000000":
        return
    text = f"{before} {bsn} {after}"
    findings = scan(text, today=TODAY)
    assert [(f.kind, f.text) for f in findings] == [(Kind.BSN, bsn)]


@given(number=st.from_regex(r"\A[0-9]{9}\Z"))
def test_a_nine_digit_number_is_reported_as_bsn_exactly_when_it_passes_the_eleven_check(number):
    found = Kind.BSN in kinds(f"nummer {number} vermeld")
    assert found == bsn_is_valid(number)


@given(
    text=st.text(
        alphabet=st.characters(exclude_categories=("Nd", "Cs")),
        max_size=200,
    )
)
def test_text_without_digits_never_yields_findings(text):
    assert scan(text, today=TODAY) == []


@given(text=st.text(alphabet="0123456789 -./+geborn", max_size=60))
def test_findings_are_ordered_do_not_overlap_and_quote_the_text(text):
    findings = scan(text, today=TODAY)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    for earlier, later in itertools.pairwise(findings):
        assert earlier.end <= later.start


@given(subscriber=st.from_regex(r"\A[0-9]{8}\Z"), separator=st.sampled_from(["", " ", "-"]))
def test_every_dutch_mobile_number_is_found(subscriber, separator):
    text = f"bereikbaar via 06{separator}{subscriber} na vijven"
    assert kinds(text) == [Kind.PHONE]


# The form mixin --------------------------------------------------------------------------------


@pytest.fixture
def english():
    """The form's messages in English, whatever the default language."""
    with translation.override("en"):
        yield


class NoteForm(PersonalDataGuardMixin, forms.Form):
    guarded_fields = ("text",)
    title = forms.CharField()
    text = forms.CharField(widget=forms.Textarea)


def test_a_form_without_personal_data_validates_and_hides_the_confirmation(english):
    form = NoteForm({"title": "Overleg", "text": "Er waren 45 jongeren in beeld in 2025."})
    assert form.is_valid()
    assert form.personal_data_warnings == {}
    assert isinstance(form.fields["confirm_personal_data"].widget, forms.HiddenInput)


def test_first_submission_with_a_bsn_is_refused_with_a_warning_and_a_confirmation_checkbox(english):
    form = NoteForm({"title": "Overleg", "text": "Jongere met BSN 111222333 besproken."})

    assert not form.is_valid()
    assert "citizen service number" in form.errors["text"][0]
    assert form.personal_data_warnings == {"text": ["a citizen service number (BSN)"]}
    assert isinstance(form.fields["confirm_personal_data"].widget, forms.CheckboxInput)
    assert 'type="checkbox"' in str(form["confirm_personal_data"])


def test_the_warning_names_every_kind_found(english):
    form = NoteForm({"title": "x", "text": "geboren 12-03-2009, tel 06-12345678"})
    assert not form.is_valid()
    message = form.errors["text"][0]
    assert "a date of birth" in message
    assert "a phone number" in message


def test_with_the_confirmation_ticked_the_text_with_a_bsn_validates(english):
    form = NoteForm(
        {
            "title": "Overleg",
            "text": "Jongere met BSN 111222333 besproken.",
            "confirm_personal_data": "on",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == "Jongere met BSN 111222333 besproken."
    assert form.personal_data_warnings == {"text": ["a citizen service number (BSN)"]}


def test_only_the_guarded_fields_are_checked(english):
    form = NoteForm({"title": "BSN 111222333", "text": "niets bijzonders"})
    assert form.is_valid()
