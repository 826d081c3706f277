"""Importing the region list and official datasets: all-or-nothing, idempotent, audited; and a
catalogue of bad files, each refused with its own reason in Dutch and English and nothing written."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from koers.analysis import parsers, services
from koers.analysis.models import Area, Dataset, Measure, MeasureKind, Observation, ObservationStatus
from koers.audit.models import AuditEvent
from tests import analysis_formats as formats
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DATASET = {
    "source": "Politie",
    "table_id": "47018NED",
    "title": "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers",
    "licence": "Copyright (c) Politie",
    "downloaded_on": dt.date(2024, 9, 1),
}


@pytest.fixture
def admin():
    return UserFactory(superuser=True)


@pytest.fixture
def areas(admin):
    return services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024)


def import_dataset(actor, data, *, code_list=None, **kwargs):
    return services.dataset_import(
        actor=actor,
        file=data,
        code_list_files=[code_list or formats.code_list()],
        **{**DATASET, **kwargs},
    )


# Region list -------------------------------------------------------------------------------------


def test_region_list_import_builds_the_hierarchy(admin):
    result = services.areas_import(actor=admin, file=io.BytesIO(formats.region_list()), reference_year=2024)
    assert result.added == 10
    buurt = Area.objects.get(code="BU0363AA01", reference_year=2024)
    assert buurt.level == "buurt"
    assert buurt.parent.code == "WK0363AA"
    assert buurt.parent.parent.code == "GM0363"
    event = AuditEvent.objects.get(action="area.import")
    assert event.changes["added"] == 10


def test_region_list_dry_run_writes_nothing(admin):
    result = services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024, dry_run=True)
    assert result.added == 10
    assert not Area.objects.exists()
    assert not AuditEvent.objects.filter(action="area.import").exists()


def test_region_list_again_changes_nothing_and_a_revision_renames(admin, areas):
    again = services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 10)
    assert AuditEvent.objects.filter(action="area.import").count() == 1

    rows = [("NL00", "Nederland"), ("GM9999", "Voorbeeldstad"), ("WK999900", "Wijk 00 Oude Centrum")]
    rows += [("WK999901", "Wijk 01 Noord"), ("BU99990000", "Binnenstad"), ("BU99990001", "Stationsbuurt")]
    rows += [("BU99990100", "Noorderpark"), ("GM0363", "Amsterdam"), ("WK0363AA", "Burgwallen-Oude Zijde")]
    rows += [("BU0363AA01", "Kop Zeedijk")]
    revised = services.areas_import(actor=admin, file=formats.region_list(rows), reference_year=2024)
    assert (revised.added, revised.changed) == (0, 1)
    assert Area.objects.get(code="WK999900").name == "Wijk 00 Oude Centrum"
    event = AuditEvent.objects.filter(action="area.import").first()
    assert event.changes["examples"] == [
        {"code": "WK999900", "before": "Wijk 00 Centrum", "after": "Wijk 00 Oude Centrum"}
    ]


def test_the_same_code_in_another_division_is_another_area(admin, areas):
    services.areas_import(actor=admin, file=formats.region_list(), reference_year=2023)
    assert Area.objects.filter(code="GM9999").count() == 2


def test_only_an_installation_administrator_imports(db):
    with pytest.raises(PermissionDenied):
        services.areas_import(actor=UserFactory(), file=formats.region_list(), reference_year=2024)
    assert not Area.objects.exists()


# Datasets ----------------------------------------------------------------------------------------


def test_dataset_import_stores_values_symbols_and_code_names(admin, areas):
    result = import_dataset(admin, SimpleUploadedFile("47018NED.csv", formats.bulk()))
    assert result.added == 7
    dataset = Dataset.objects.get(table_id="47018NED")
    assert dataset.imported_by == admin
    assert len(dataset.checksum) == 64
    total = Observation.objects.get(area__code="GM9999", measure__code="0.0.0", period="2023JJ00")
    assert total.value == Decimal(1300)
    assert total.year == 2023
    assert total.measure.kind == MeasureKind.TOTAL
    assert total.measure.title == "Totaal misdrijven"
    empty = Observation.objects.get(area__code="WK999900", measure__code="1.1.1")
    assert (empty.value, empty.status) == (None, ObservationStatus.EMPTY)
    secret = Observation.objects.get(area__code="BU0363AA01")
    assert (secret.value, secret.status) == (None, ObservationStatus.UNKNOWN)
    assert Measure.objects.get(code="1.1.1").kind == MeasureKind.DETAIL
    event = AuditEvent.objects.get(action="dataset.import")
    assert event.changes["added"] == 7


def test_dataset_dry_run_reports_and_writes_nothing(admin, areas):
    result = import_dataset(admin, formats.bulk(), dry_run=True)
    assert (result.added, result.changed, result.measures_added) == (7, 0, 2)
    assert not Dataset.objects.exists()
    assert not Observation.objects.exists()
    assert not Measure.objects.exists()


def test_the_same_file_again_changes_nothing(admin, areas):
    import_dataset(admin, formats.bulk())
    before = list(Observation.objects.order_by("pk").values())
    result = import_dataset(admin, formats.bulk())
    assert (result.added, result.changed, result.unchanged) == (0, 0, 7)
    assert list(Observation.objects.order_by("pk").values()) == before
    assert AuditEvent.objects.filter(action="dataset.import").count() == 1


def test_a_revised_file_updates_values_with_an_audit_trail(admin, areas):
    import_dataset(admin, formats.bulk())
    revised = [list(row) for row in formats.DEFAULT_ROWS]
    revised[5][3] = "1310"  # GM9999 total 2023 revised
    revised[3][3] = "5"  # an empty value now published
    revised.append(["1.4.5", "GM9999", "2023JJ00", "80"])
    dry = import_dataset(admin, formats.bulk(revised), dry_run=True)
    assert (dry.added, dry.changed, dry.unchanged) == (1, 2, 5)
    assert (
        Observation.objects.get(area__code="GM9999", measure__code="0.0.0", period="2023JJ00").value == 1300
    )

    result = import_dataset(admin, formats.bulk(revised))
    assert (result.added, result.changed, result.unchanged) == (1, 2, 5)
    assert (
        Observation.objects.get(area__code="GM9999", measure__code="0.0.0", period="2023JJ00").value == 1310
    )
    event = AuditEvent.objects.filter(action="dataset.import").first()
    assert event.changes["changed"] == 2
    assert {"area": "GM9999", "period": "2023JJ00", "measure": "0.0.0"}.items() <= next(
        e for e in event.changes["examples"] if e["area"] == "GM9999"
    ).items()
    assert {(e["before"], e["after"]) for e in event.changes["examples"]} == {("1300", "1310"), (None, "5")}


def test_utf16_and_cp1252_files_are_read(admin, areas):
    data = formats.bulk(bom=False).decode("utf-8")
    result = import_dataset(admin, "\ufeff".encode("utf-16-le") + data.encode("utf-16-le"), dry_run=True)
    assert result.added == 7
    rows = [("NL00", "Nederland"), ("GM1900", "Súdwest-Fryslân")]
    services.areas_import(
        actor=admin, file=formats.region_list(rows).decode().encode("cp1252"), reference_year=2020
    )
    assert Area.objects.get(code="GM1900").name == "Súdwest-Fryslân"


# Bad input: each refused with its reason, nothing written -----------------------------------------

ROWS = formats.DEFAULT_ROWS
RAGGED = formats.bulk(ROWS).replace(b'    1250"', b'    1250";"extra"')
NO_HEADER = b"\n".join(formats.bulk(ROWS).split(b"\n")[1:])
RENAMED = formats.bulk(
    ROWS, header=["ID", "SoortMisdrijf", "WijkenEnBuurten", "Periode", "GeregistreerdeMisdrijven_1"]
)

CATALOGUE = [
    ("ragged row", RAGGED, "Row 2: This row has 6 fields", "Rij 2: Deze rij heeft 6 velden"),
    (
        "missing header",
        NO_HEADER,
        "column Perioden: The column is missing",
        "kolom Perioden: De kolom ontbreekt",
    ),
    (
        "renamed header",
        RENAMED,
        "column Perioden: The column is missing",
        "kolom Perioden: De kolom ontbreekt",
    ),
    (
        "unknown region",
        formats.bulk([("0.0.0", "GM1234", "2022JJ00", "5")]),
        "Row 2, column WijkenEnBuurten: The region code GM1234 is not in the region list",
        "Rij 2, kolom WijkenEnBuurten: De gebiedscode GM1234 staat niet in de gebiedenlijst",
    ),
    (
        "unknown crime code",
        formats.bulk([*ROWS, ("9.9.9", "GM9999", "2022JJ00", "5")]),
        "Row 9, column SoortMisdrijf: The code 9.9.9 is not in the code list",
        "Rij 9, kolom SoortMisdrijf: De code 9.9.9 staat niet in de codelijst",
    ),
    (
        "duplicate keys",
        formats.bulk([*ROWS, ("1.1.1", "GM9999", "2022JJ00", "41")]),
        "Row 9, column WijkenEnBuurten: The same key (GM9999 / 2022JJ00 / 1.1.1) occurs in row 3",
        "Rij 9, kolom WijkenEnBuurten: Dezelfde sleutel (GM9999 / 2022JJ00 / 1.1.1) komt ook voor in rij 3",
    ),
    (
        "wrong period",
        formats.bulk([("0.0.0", "GM9999", "2023", "5")]),
        "Row 2, column Perioden: “2023” is not a period such as 2023JJ00",
        "Rij 2, kolom Perioden: “2023” is geen periode zoals 2023JJ00",
    ),
    (
        "Dutch decimal comma",
        formats.bulk([("0.0.0", "GM9999", "2022JJ00", "25,6")]),
        "Row 2, column GeregistreerdeMisdrijven_1: “25,6” has a decimal comma",
        "Rij 2, kolom GeregistreerdeMisdrijven_1: “25,6” heeft een decimale komma",
    ),
    (
        "not a number",
        formats.bulk([("0.0.0", "GM9999", "2022JJ00", "12"), ("1.1.1", "GM9999", "2022JJ00", "veel")]),
        "Row 3, column GeregistreerdeMisdrijven_1: “veel” is not a number",
        "Rij 3, kolom GeregistreerdeMisdrijven_1: “veel” is geen getal",
    ),
    (
        "UTF-16 without BOM",
        formats.bulk(bom=False).decode().encode("utf-16-le"),
        "encoding is not recognised",
        "tekencodering van het bestand wordt niet herkend",
    ),
    ("empty file", b"", "The file is empty.", "Het bestand is leeg."),
    ("only a BOM and blank lines", b"\xef\xbb\xbf\n\n", "The file is empty.", "Het bestand is leeg."),
    (
        "PDF named .csv",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "This is a PDF document",
        "Dit is een PDF-document",
    ),
    ("zip named .csv", b"PK\x03\x04\x14\x00\x06\x00", "This is a zip file", "Dit is een zipbestand"),
]


@pytest.mark.parametrize(
    ("data", "english", "dutch"), [case[1:] for case in CATALOGUE], ids=[case[0] for case in CATALOGUE]
)
def test_bad_files_are_refused_with_their_reason_and_nothing_is_written(admin, areas, data, english, dutch):
    for language, expected in (("en", english), ("nl", dutch)):
        with translation.override(language), pytest.raises(parsers.ParseError) as refused:
            import_dataset(admin, data)
        assert expected in str(refused.value), str(refused.value)
    assert not Dataset.objects.exists()
    assert not Observation.objects.exists()
    assert not Measure.objects.exists()
    assert not AuditEvent.objects.filter(action="dataset.import").exists()


def test_a_file_over_the_size_limit_is_refused(admin, areas):
    for language, expected in (
        ("en", "The file is larger than 1 MB"),
        ("nl", "Het bestand is groter dan 1 MB"),
    ):
        with translation.override(language), pytest.raises(parsers.ParseError) as refused:
            services.dataset_import(
                actor=admin,
                file=formats.bulk() + b" " * (1024 * 1024),
                code_list_files=[formats.code_list()],
                max_bytes=1024 * 1024,
                **DATASET,
            )
        assert expected in str(refused.value)
    assert not Observation.objects.exists()


def test_a_region_list_with_an_unknown_code_or_missing_parent_is_refused(admin):
    rows = [("GM9999", "Voorbeeldstad"), ("XX12", "Onbekend"), ("BU88880000", "Weesbuurt")]
    with translation.override("nl"), pytest.raises(parsers.ParseError) as refused:
        services.areas_import(actor=admin, file=formats.region_list(rows), reference_year=2024)
    message = str(refused.value)
    assert "Rij 3, kolom Key: “XX12” is geen gebiedscode" in message
    assert (
        "Rij 4, kolom Key: Het gebied BU88880000 hoort bij WK888800, dat niet in het bestand staat" in message
    )
    assert not Area.objects.exists()


def test_a_dataset_without_its_code_list_is_refused(admin, areas):
    with translation.override("en"), pytest.raises(parsers.ParseError, match="code list of SoortMisdrijf"):
        services.dataset_import(actor=admin, file=formats.bulk(), **DATASET)


# Reads ---------------------------------------------------------------------------------------------


def test_selectors_give_a_trend_and_never_add_totals_to_details(admin, areas, django_assert_num_queries):
    from koers.analysis import selectors

    import_dataset(admin, formats.bulk([*formats.DEFAULT_ROWS, ("1.4.5", "GM9999", "2023JJ00", "80")]))
    dataset = Dataset.objects.get()
    gemeente = selectors.latest_area("GM9999")
    assert [a.code for a in selectors.areas_within(gemeente, "wijk")] == ["WK999900", "WK999901"]
    assert [a.code for a in selectors.areas_within(gemeente, "buurt")] == [
        "BU99990000",
        "BU99990001",
        "BU99990100",
    ]
    total = Measure.objects.get(code="0.0.0")
    with django_assert_num_queries(1):
        trend = [
            (o.period, o.value)
            for o in selectors.series(
                dataset=dataset, area=gemeente, measure=total, topic="GeregistreerdeMisdrijven_1"
            )
        ]
    assert trend == [("2022JJ00", 1250), ("2023JJ00", 1300)]
    assert (
        selectors.detail_sum(
            dataset=dataset, area=gemeente, period="2023JJ00", topic="GeregistreerdeMisdrijven_1"
        )
        == 115
    )


def test_a_region_in_two_divisions_is_read_from_the_one_asked_for(admin, areas):
    services.areas_import(actor=admin, file=formats.region_list(), reference_year=2023)
    import_dataset(admin, formats.bulk(), reference_year=2023)
    assert set(Observation.objects.values_list("area__reference_year", flat=True)) == {2023}
    import_dataset(admin, formats.bulk(), table_id="47018NED-b")
    assert set(
        Observation.objects.filter(dataset__table_id="47018NED-b").values_list(
            "area__reference_year", flat=True
        )
    ) == {2024}
