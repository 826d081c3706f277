"""The readers of published statistics: their small pieces as properties, the formats on fixtures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.analysis import parsers
from koers.analysis.models import Classification, MeasureKind, ObservationStatus
from tests import analysis_formats as formats

KEY = st.text(alphabet=st.characters(blacklist_characters=" ", blacklist_categories=("Cs",)), max_size=12)


@given(key=KEY, left=st.integers(0, 4), right=st.integers(0, 10))
def test_clean_key_removes_exactly_the_padding(key, left, right):
    assert parsers.clean_key(" " * left + key + " " * right) == key


@given(key=KEY)
def test_clean_key_is_idempotent(key):
    assert parsers.clean_key(parsers.clean_key(key)) == parsers.clean_key(key)


@given(year=st.integers(1000, 9999), month=st.integers(1, 12), quarter=st.integers(1, 4))
def test_period_parser_reads_years_months_and_quarters(year, month, quarter):
    assert parsers.parse_period(f"{year}JJ00") == parsers.Period(f"{year}JJ00", year)
    assert parsers.parse_period(f"{year}MM{month:02}") == parsers.Period(
        f"{year}MM{month:02}", year, month=month
    )
    assert parsers.parse_period(f"{year}KW{quarter:02}") == parsers.Period(
        f"{year}KW{quarter:02}", year, quarter=quarter
    )


@given(text=st.text(max_size=10))
def test_period_parser_accepts_only_the_published_forms(text):
    period = parsers.parse_period(text)
    if period is not None:
        assert len(text) == 8
        assert text[4:6] in {"JJ", "MM", "KW"}
        assert period.year == int(text[:4])


@given(year=st.integers(1000, 9999), month=st.integers(13, 99))
def test_period_parser_refuses_impossible_months(year, month):
    assert parsers.parse_period(f"{year}MM{month}") is None
    assert parsers.parse_period(f"{year}KW05") is None
    assert parsers.parse_period(str(year)) is None


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("NL00", "land", None),
        ("GM1680", "gemeente", None),
        ("WK168000", "wijk", "GM1680"),
        ("BU16800000", "buurt", "WK168000"),
        ("WK0363AA", "wijk", "GM0363"),
        ("BU0363AA01", "buurt", "WK0363AA"),
    ],
)
def test_area_level_and_parent_come_from_the_code(code, level, parent):
    assert parsers.area_level(code) == level
    assert parsers.area_parent_code(code, level) == parent


def test_region_list_keys_lose_their_padding_and_amsterdam_letters_are_kept():
    rows = {row.code: row for row in parsers.parse_areas(formats.region_list())}
    assert rows["GM9999"].name == "Voorbeeldstad"
    assert rows["BU0363AA01"].parent_code == "WK0363AA"
    assert rows["NL00"].level == "land"


def test_police_code_list_marks_the_total_and_keeps_two_digit_parts_apart():
    code_list = parsers.parse_code_list(formats.code_list())
    assert code_list.classification == Classification.POLICE_CRIME
    kinds = {entry.code: entry.kind for entry in code_list.entries}
    assert kinds == {
        "0.0.0": MeasureKind.TOTAL,
        "1.1.1": MeasureKind.DETAIL,
        "1.4.5": MeasureKind.DETAIL,
        "2.5.2": MeasureKind.DETAIL,
        "2.6.10": MeasureKind.DETAIL,
    }
    assert "tweede regel" in code_list.entries[0].description


def test_cbs_code_list_marks_totals_and_subtotals():
    rows = [
        ("T001161", "Misdrijven, totaal"),
        ("CRI1000", "1 Vermogensmisdrijven"),
        ("CRI1100", "11 Diefstal"),
    ]
    rows += [("CRI1110", "111 Diefstal met geweld"), ("CRI2000", "2 Vernielingen")]
    code_list = parsers.parse_code_list(formats.code_list(rows))
    assert code_list.classification == Classification.CBS_SCM
    kinds = {entry.code: entry.kind for entry in code_list.entries}
    assert kinds == {
        "T001161": MeasureKind.TOTAL,
        "CRI1000": MeasureKind.SUBTOTAL,
        "CRI1100": MeasureKind.SUBTOTAL,
        "CRI1110": MeasureKind.DETAIL,
        "CRI2000": MeasureKind.DETAIL,
    }


def test_mixed_classifications_are_refused():
    with pytest.raises(parsers.ParseError):
        parsers.parse_code_list(formats.code_list([("1.1.1", "Woning"), ("CRI1000", "Vermogen")]))


def test_bulk_file_values_missing_symbols_and_periods():
    rows = [
        *formats.DEFAULT_ROWS,
        ("1.4.5", "GM9999", "2023MM01", "3"),
        ("1.4.5", "GM9999", "2023KW02", "25.6"),
    ]
    table = parsers.parse_bulk(formats.bulk(rows))
    assert table.region_column == "WijkenEnBuurten"
    assert table.measure_column == "SoortMisdrijf"
    by_key = {(r.area_code, r.measure_code, r.period.code): r for r in table.rows}
    assert by_key["GM9999", "0.0.0", "2022JJ00"].value == Decimal(1250)
    assert by_key["WK999900", "1.1.1", "2022JJ00"].status == ObservationStatus.EMPTY
    assert by_key["BU0363AA01", "0.0.0", "2022JJ00"].status == ObservationStatus.UNKNOWN
    assert by_key["GM9999", "1.4.5", "2023MM01"].period.month == 1
    assert by_key["GM9999", "1.4.5", "2023KW02"].period.quarter == 2
    assert by_key["GM9999", "1.4.5", "2023KW02"].value == Decimal("25.6")
    assert by_key["GM9999", "0.0.0", "2023JJ00"].row == 7


def test_text_topics_are_not_figures():
    header = [*formats.HEADER, "Gemeentenaam_2"]
    table = parsers.parse_bulk(
        formats.bulk([("0.0.0", "GM9999", "2022JJ00", "5", "Voorbeeldstad")], header=header)
    )
    assert table.topics == ["GeregistreerdeMisdrijven_1"]
    assert table.text_columns == ["Gemeentenaam_2"]
