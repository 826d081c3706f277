"""StatLine table exports and spreadsheets with a column mapping: read, matched, imported all or
nothing, idempotent and audited, with progress; the small pieces as properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from koers.analysis import generic, services, statline
from koers.analysis.models import Classification, Dataset, Measure, MeasureKind, Observation
from koers.audit.models import AuditEvent
from tests import analysis_formats as formats
from tests.factories import UserFactory

META = {
    "source": "Politie",
    "table_id": "47013NED",
    "title": "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente",
    "licence": "Copyright (c) Politie",
    "downloaded_on": dt.date(2025, 1, 6),
}
OWN = {**META, "source": "Gemeente Voorbeeldstad", "table_id": "veiligheidsmonitor", "title": "Monitor"}


@pytest.fixture
def admin(db):
    return UserFactory(superuser=True)


@pytest.fixture
def areas(admin):
    return services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024)


@pytest.fixture
def police_codes(areas):
    Measure.objects.create(
        classification=Classification.POLICE_CRIME,
        code="0.0.0",
        title="Totaal misdrijven",
        kind=MeasureKind.TOTAL,
    )
    Measure.objects.create(
        classification=Classification.POLICE_CRIME,
        code="1.1.1",
        title="1.1.1 Diefstal/inbraak woning",
        kind=MeasureKind.DETAIL,
    )


def values(dataset=None):
    queryset = Observation.objects.all() if dataset is None else dataset.observations.all()
    return {
        (o.area.code, o.period, o.measure.code, o.topic): (o.value, o.status)
        for o in queryset.select_related("area", "measure")
    }


# StatLine ----------------------------------------------------------------------------------------


def test_statline_export_imports_by_region_name_and_notes_what_it_skips(admin, police_codes):
    stages = []
    result = statline.statline_import(
        actor=admin,
        file=formats.statline(),
        classification=Classification.POLICE_CRIME,
        progress=lambda stage, done, total: stages.append((stage, done, total)),
        **META,
    )
    assert (result.added, result.skipped) == (3, 2)
    assert values() == {
        ("NL00", "2022JJ00", "0.0.0", "Geregistreerde misdrijven"): (Decimal(1234), ""),
        ("GM9999", "2022JJ00", "0.0.0", "Geregistreerde misdrijven"): (Decimal(1250), ""),
        ("GM0363", "2022JJ00", "0.0.0", "Geregistreerde misdrijven"): (Decimal("12.5"), ""),
    }
    assert any("Noord-Holland (RE)" in note for note in result.notes)
    assert any("Buitenland" in note for note in result.notes)
    assert Dataset.objects.get().kind == "statline"
    event = AuditEvent.objects.get(action="dataset.import")
    assert (event.changes["added"], event.changes["skipped"], event.changes["measure"]) == (3, 2, "0.0.0")
    assert stages[-1][1] == stages[-1][2] == 3

    again = statline.statline_import(
        actor=admin, file=formats.statline(), classification=Classification.POLICE_CRIME, **META
    )
    assert (again.added, again.changed, again.unchanged) == (0, 0, 3)
    assert AuditEvent.objects.filter(action="dataset.import").count() == 1


def test_statline_export_with_two_periods_and_a_measure_in_its_filter_line(admin, police_codes):
    data = formats.statline(
        [("Voorbeeldstad", "40", "35"), ("Amsterdam", "1.234", "")],
        periods=("2022", "2023*"),
        measure="Diefstal/inbraak woning",
    )
    result = statline.statline_import(
        actor=admin, file=data, classification=Classification.POLICE_CRIME, **META
    )
    assert result.added == 4
    assert values()[("GM0363", "2022JJ00", "1.1.1", "Geregistreerde misdrijven")] == (Decimal(1234), "")
    assert values()[("GM0363", "2023JJ00", "1.1.1", "Geregistreerde misdrijven")] == (None, "empty")


def test_statline_dry_run_writes_nothing_and_a_revision_changes_values(admin, police_codes):
    dry = statline.statline_import(
        actor=admin, file=formats.statline(), classification=Classification.POLICE_CRIME, dry_run=True, **META
    )
    assert dry.added == 3
    assert not Observation.objects.exists()
    statline.statline_import(
        actor=admin, file=formats.statline(), classification=Classification.POLICE_CRIME, **META
    )
    revised = formats.statline([("Nederland", "1240"), ("Voorbeeldstad", "1250"), ("Amsterdam", "12,5")])
    result = statline.statline_import(
        actor=admin, file=revised, classification=Classification.POLICE_CRIME, **META
    )
    assert (result.added, result.changed, result.unchanged) == (0, 1, 2)
    assert result.examples[0]["before"] == "1234"
    assert result.examples[0]["after"] == "1240"


def test_statline_measure_can_be_given_by_code_and_own_figures_make_their_measure(admin, police_codes):
    data = formats.statline([("Voorbeeldstad", "7")], measure="Iets anders")
    result = statline.statline_import(
        actor=admin, file=data, classification=Classification.POLICE_CRIME, measure_code="1.1.1", **META
    )
    assert result.added == 1
    own = statline.statline_import(actor=admin, file=data, classification=Classification.OWN, **OWN)
    assert own.measures_added == 1
    assert Measure.objects.get(classification="eigen").title == "Iets anders"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2022", "2022JJ00"),
        ("2022*", "2022JJ00"),
        ("2022 januari", "2022MM01"),
        ("2022 december", "2022MM12"),
        ("2022 3e kwartaal", "2022KW03"),
        ("2022KW02", "2022KW02"),
        ("2022 dertiende maand", None),
        ("22", None),
    ],
)
def test_statline_periods(text, code):
    assert statline.statline_period(text) == code


@given(year=st.integers(1900, 2100), month=st.integers(1, 12), quarter=st.integers(1, 4))
def test_statline_period_labels_round_trip_to_codes(year, month, quarter):
    assert statline.statline_period(str(year)) == f"{year}JJ00"
    assert statline.statline_period(f"{year} {statline.MONTHS[month - 1]}") == f"{year}MM{month:02}"
    assert statline.statline_period(f"{year} {quarter}e kwartaal") == f"{year}KW{quarter:02}"


def dutch_format(value: Decimal) -> str:
    """How a Dutch spreadsheet or StatLine writes a number: thousands dots, a decimal comma."""
    sign = "-" if value < 0 else ""
    whole, _dot, fraction = format(abs(value), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


NUMBERS = st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False)


@given(value=NUMBERS)
def test_any_number_written_the_dutch_way_reads_back_as_itself(value):
    text = dutch_format(value)
    assert Decimal(statline.dutch_number(text)) == value
    assert Decimal(generic.parse_value(text, dutch_column=True)) == value


@given(value=NUMBERS)
def test_a_plain_number_reads_back_unless_it_is_ambiguous(value):
    text = format(value, "f")
    parsed = generic.parse_value(text, dutch_column=False)
    if generic.AMBIGUOUS_RE.match(text):
        assert parsed is None
    else:
        assert Decimal(parsed) == value


@given(
    name=st.sampled_from(["Voorbeeldstad", "Súdwest-Fryslân", "'s-Gravenhage", "Bergen"]),
    suffix=st.sampled_from(["", " (gemeente)", " (NH.)", " (L.)"]),
    left=st.integers(0, 3),
    right=st.integers(0, 3),
    upper=st.booleans(),
)
def test_region_names_match_with_padding_case_and_suffixes(name, suffix, left, right, upper):
    matcher = statline.NameMatcher(
        [
            ("GM0001", "Voorbeeldstad"),
            ("GM1900", "Súdwest-Fryslân"),
            ("GM0518", "'s-Gravenhage"),
            ("GM0373", "Bergen (NH.)"),
        ]
    )
    written = " " * left + (name + suffix).upper() * upper + (name + suffix) * (not upper) + " " * right
    expected = {
        "Voorbeeldstad": "GM0001",
        "Súdwest-Fryslân": "GM1900",
        "'s-Gravenhage": "GM0518",
        "Bergen": "GM0373",
    }
    assert matcher.match(written) == expected[name]


def test_two_municipalities_with_the_same_bare_name_need_their_suffix():
    matcher = statline.NameMatcher([("GM0373", "Bergen (NH.)"), ("GM0893", "Bergen (L.)")])
    assert matcher.match("Bergen (L.)") == "GM0893"
    assert matcher.match("Bergen") is None
    assert matcher.match("Sudwest-Fryslan") is None


# Spreadsheets with a column mapping ---------------------------------------------------------------

MAPPING = {"area": "Gebied", "period": "Jaar", "measure": "Indicator", "value": "Waarde"}


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (formats.generic_csv(), "monitor.csv"),
        (
            formats.generic_csv(
                [(*r[:3], f'"{r[3]}"') for r in formats.GENERIC_ROWS], separator=",", bom=True
            ),
            "monitor.csv",
        ),
        (formats.generic_csv(encoding="cp1252"), "monitor.csv"),
        (formats.generic_csv(encoding="utf-16-le", bom=True), "monitor.csv"),
        (formats.generic_csv(separator="\t"), "monitor.txt"),
        (
            formats.generic_xlsx(
                [
                    (r[0], int(r[1]), r[2], v)
                    for r, v in zip(formats.GENERIC_ROWS, (34.5, 41, 1234.5), strict=True)
                ]
            ),
            "monitor.xlsx",
        ),
        (
            formats.generic_ods(
                [
                    (r[0], int(r[1]), r[2], v)
                    for r, v in zip(formats.GENERIC_ROWS, (34.5, 41, 1234.5), strict=True)
                ]
            ),
            "monitor.ods",
        ),
    ],
    ids=["csv", "csv-comma-bom", "cp1252", "utf16", "tab", "xlsx", "ods"],
)
def test_generic_import_reads_every_format_and_makes_own_measures(admin, areas, data, filename):
    preview = generic.generic_preview(file=data, filename=filename)
    assert preview.columns == formats.GENERIC_HEADER
    assert preview.rows[0][0] == "GM9999"
    result = generic.generic_import(
        actor=admin, file=data, filename=filename, mapping=MAPPING, classification=Classification.OWN, **OWN
    )
    assert (result.added, result.measures_added) == (3, 2)
    assert values() == {
        ("GM9999", "2023JJ00", "onveilig", "Waarde"): (Decimal("34.5"), ""),
        ("WK999900", "2023JJ00", "onveilig", "Waarde"): (Decimal(41), ""),
        ("GM9999", "2023JJ00", "overlast", "Waarde"): (Decimal("1234.5"), ""),
    }
    assert Dataset.objects.get().kind == "generic"
    assert Measure.objects.get(code="onveilig").title == "onveilig"
    again = generic.generic_import(
        actor=admin, file=data, filename=filename, mapping=MAPPING, classification=Classification.OWN, **OWN
    )
    assert (again.added, again.changed, again.unchanged) == (0, 0, 3)


def test_generic_import_with_one_measure_for_the_file_and_periods_as_codes(admin, police_codes):
    data = formats.generic_csv(
        [("GM9999", "2023MM01", "", "5"), ("GM9999", "2023KW01", "", "."), ("gm0363 ", "2023JJ00", "", "")],
        header=["Gebied", "Jaar", "Leeg", "Waarde"],
    )
    result = generic.generic_import(
        actor=admin,
        file=data,
        filename="politie.csv",
        mapping={"area": "Gebied", "period": "Jaar", "value": "Waarde", "measure_fixed": "1.1.1"},
        classification=Classification.POLICE_CRIME,
        **META,
    )
    assert result.added == 3
    observed = {
        (o.area.code, o.period, o.month, o.quarter, o.status)
        for o in Observation.objects.select_related("area")
    }
    assert observed == {
        ("GM9999", "2023MM01", 1, None, ""),
        ("GM9999", "2023KW01", None, 1, "unknown"),
        ("GM0363", "2023JJ00", None, None, "empty"),
    }


@given(year=st.integers(1000, 9999), month=st.integers(1, 12), quarter=st.integers(1, 4))
def test_generic_periods_round_trip(year, month, quarter):
    assert generic.generic_period(str(year)) == f"{year}JJ00"
    for code in (f"{year}JJ00", f"{year}MM{month:02}", f"{year}KW{quarter:02}"):
        assert generic.generic_period(code) == code
        assert generic.generic_period(f" {code.lower()} ") == code


# Progress and the bulk write path ------------------------------------------------------------------


def test_every_import_reports_progress_up_to_its_total(admin):
    calls = []
    progress = lambda stage, done, total: calls.append((stage, done, total))  # noqa: E731
    services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024, progress=progress)
    assert calls[-1][1:] == (10, 10)
    calls.clear()
    with translation.override("en"):
        services.dataset_import(
            actor=admin,
            file=formats.bulk(),
            code_list_files=[formats.code_list()],
            progress=progress,
            **{**META, "table_id": "47018NED"},
        )
    stages = [stage for stage, _done, _total in calls]
    assert "Checking regions and codes" in stages
    assert calls[-1][1:] == (7, 7)
    assert all(done <= total for _stage, done, total in calls if total)


def test_new_figures_are_written_with_the_fastest_path_of_the_database(admin, areas):
    """COPY on PostgreSQL (in CI), one prepared INSERT elsewhere; both write the same rows."""
    with (
        mock.patch.object(services, "_copy_rows", wraps=services._copy_rows) as copy,
        mock.patch.object(services, "_executemany_rows", wraps=services._executemany_rows) as insert,
    ):
        services.dataset_import(
            actor=admin,
            file=formats.bulk(),
            code_list_files=[formats.code_list()],
            **{**META, "table_id": "47018NED"},
        )
    if connection.vendor == "postgresql":
        assert (copy.call_count, insert.call_count) == (1, 0)
    else:
        assert (copy.call_count, insert.call_count) == (0, 1)
    assert values() == {
        ("GM9999", "2022JJ00", "0.0.0", "GeregistreerdeMisdrijven_1"): (Decimal(1250), ""),
        ("GM9999", "2022JJ00", "1.1.1", "GeregistreerdeMisdrijven_1"): (Decimal(40), ""),
        ("WK999900", "2022JJ00", "0.0.0", "GeregistreerdeMisdrijven_1"): (Decimal(600), ""),
        ("WK999900", "2022JJ00", "1.1.1", "GeregistreerdeMisdrijven_1"): (None, "empty"),
        ("BU0363AA01", "2022JJ00", "0.0.0", "GeregistreerdeMisdrijven_1"): (None, "unknown"),
        ("GM9999", "2023JJ00", "0.0.0", "GeregistreerdeMisdrijven_1"): (Decimal(1300), ""),
        ("GM9999", "2023JJ00", "1.1.1", "GeregistreerdeMisdrijven_1"): (Decimal(35), ""),
    }


def test_nederland_is_skipped_with_a_note_when_the_region_list_has_no_country(admin):
    services.areas_import(
        actor=admin, file=formats.region_list([("GM9999", "Voorbeeldstad")]), reference_year=2024
    )
    Measure.objects.create(
        classification=Classification.POLICE_CRIME,
        code="0.0.0",
        title="Totaal misdrijven",
        kind=MeasureKind.TOTAL,
    )
    with translation.override("en"):
        result = statline.statline_import(
            actor=admin,
            file=formats.statline([("Nederland", "1234"), ("Voorbeeldstad", "12")]),
            classification=Classification.POLICE_CRIME,
            **META,
        )
    assert (result.added, result.skipped) == (1, 1)
    assert result.notes == ["Row 7 skipped: “Nederland”: the region list of this year has no country."]


@given(
    pads=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 6), st.booleans()), min_size=3, max_size=3),
    separator=st.sampled_from([";", ",", "\t"]),
)
def test_spreadsheet_keys_read_the_same_with_any_padding_or_quoting(pads, separator):
    def written(value: str, left: int, right: int, quote: bool) -> str:
        text = " " * left + value + " " * right
        return f'"{text}"' if quote or separator == "," else text

    rows = [
        [written(value, *pad) for value, pad in zip(("gm9999", "2023", "onveilig"), pads, strict=True)]
        + ['"34,5"']
        for _ in range(1)
    ]
    data = formats.generic_csv(rows, separator=separator)
    frame = generic.generic_frame(generic.read_rows(data, "monitor.csv"), MAPPING)
    assert frame.select("area", "period", "measure", "value").row(0) == (
        "GM9999",
        "2023JJ00",
        "onveilig",
        "34.5",
    )


def test_a_comma_separated_statline_export_with_a_semicolon_in_its_title(admin, police_codes):
    data = formats.statline([("Voorbeeldstad", "1250"), ("Amsterdam", "12,5")]).replace(b'";"', b'","')
    assert data.startswith(b'"Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente"\n')
    result = statline.statline_import(
        actor=admin, file=data, classification=Classification.POLICE_CRIME, **META
    )
    assert result.added == 2
    assert values()[("GM0363", "2022JJ00", "0.0.0", "Geregistreerde misdrijven")] == (Decimal("12.5"), "")


def test_a_large_spreadsheet_reports_progress_while_checking_and_writing(admin, areas):
    rows = [
        ("GM9999", f"{year}MM{month:02}", "onveilig", str(year))
        for year in range(1500, 2000)
        for month in range(1, 13)
    ]
    calls = []
    with translation.override("en"):
        result = generic.generic_import(
            actor=admin,
            file=formats.generic_csv(rows),
            filename="maanden.csv",
            mapping=MAPPING,
            classification=Classification.OWN,
            progress=lambda stage, done, total: calls.append((stage, done, total)),
            **OWN,
        )
    assert result.added == 6000
    assert ("Checking the rows", 5000, 6000) in calls
    assert ("Writing new figures", 5000, 6000) in calls
    assert calls[-1] == ("Writing new figures", 6000, 6000)
