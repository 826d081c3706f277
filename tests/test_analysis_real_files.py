"""Real files as CBS and the police publish them, from the folder beside the repository when it is
there. The figures checked here were read from the files themselves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from koers.analysis import parsers, services
from koers.analysis.models import Area, Classification, Dataset, MeasureKind, Observation, ObservationStatus
from tests.factories import UserFactory

SAMPLES = (Path(__file__).resolve().parents[1] / "../shared/nl-crime-samples").resolve()

pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"the real sample files are not present in {SAMPLES}"
)

REGIONS = "politie_47018NED_WijkenEnBuurten.csv"
CBS_BULK = "cbs_83648NED_UntypedDataSet_2015_gemeenten.csv"
CBS_CODES = "cbs_83648NED_SoortMisdrijf_codes.csv"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.mark.django_db
def test_the_police_region_list_imports_with_amsterdams_letter_codes():
    admin = UserFactory(superuser=True)
    result = services.areas_import(actor=admin, file=sample(REGIONS), reference_year=2024)
    assert result.added == 18313
    counts = {
        level: Area.objects.filter(level=level).count() for level in ("land", "gemeente", "wijk", "buurt")
    }
    assert counts == {"land": 1, "gemeente": 343, "wijk": 3394, "buurt": 14575}
    annen = Area.objects.get(code="BU16800000")
    assert (annen.name, annen.parent.code, annen.parent.parent.name) == ("Annen", "WK168000", "Aa en Hunze")
    assert Area.objects.get(code="BU0363AA01").parent.code == "WK0363AA"
    assert Area.objects.get(code="GM0000").name == "Gemeente onbekend"

    again = services.areas_import(actor=admin, file=sample(REGIONS), reference_year=2024)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 18313)


def test_the_cbs_bulk_file_reads_with_its_padding_and_both_missing_symbols():
    table = parsers.parse_bulk(sample(CBS_BULK))
    assert table.region_column == "RegioS"
    assert table.topics == ["TotaalGeregistreerdeMisdrijven_1", "GeregistreerdeMisdrijvenPer1000Inw_3"]
    assert len(table.rows) == 2 * 33972
    first = {r.topic: r for r in table.rows if r.row == 2}
    assert first["TotaalGeregistreerdeMisdrijven_1"].area_code == "GM1680"
    assert first["TotaalGeregistreerdeMisdrijven_1"].measure_code == "0000000"
    assert first["TotaalGeregistreerdeMisdrijven_1"].value == Decimal(645)
    assert first["GeregistreerdeMisdrijvenPer1000Inw_3"].value == Decimal("25.6")
    counts = [r for r in table.rows if r.topic == "TotaalGeregistreerdeMisdrijven_1"]
    assert sum(r.status == ObservationStatus.EMPTY for r in counts) == 4028
    rates = [r for r in table.rows if r.topic == "GeregistreerdeMisdrijvenPer1000Inw_3"]
    assert sum(r.status == ObservationStatus.UNKNOWN for r in rates) == 11803
    assert all(r.value % 5 == 0 for r in counts if r.value is not None)  # CBS rounds counts to fives


def test_the_cbs_code_list_is_the_scm_with_totals_and_subtotals():
    code_list = parsers.parse_code_list(sample(CBS_CODES), dimension="SoortMisdrijf")
    assert code_list.classification == Classification.CBS_SCM
    entries = code_list.by_code()
    assert len(entries) == 75
    assert (entries["T001161"].title, entries["T001161"].kind) == ("Misdrijven, totaal", MeasureKind.TOTAL)
    assert entries["CRI1000"].kind == MeasureKind.SUBTOTAL
    assert entries["CRI3100"].kind == MeasureKind.DETAIL
    assert entries["CRI6300"].description == ""


@pytest.mark.django_db
def test_the_2015_cbs_file_is_refused_because_its_old_keys_are_not_in_the_current_code_list():
    """The 2018 download uses the old 7-digit crime keys (0000000) and 2015 municipalities; the
    current code list has CRI/T keys. Koers says so instead of guessing a mapping."""
    admin = UserFactory(superuser=True)
    services.areas_import(actor=admin, file=sample(REGIONS), reference_year=2024)
    with translation.override("en"), pytest.raises(parsers.ParseError) as refused:
        services.dataset_import(
            actor=admin,
            file=sample(CBS_BULK),
            code_list_files=[sample(CBS_CODES)],
            source="CBS",
            table_id="83648NED",
            title="Geregistreerde criminaliteit; soort misdrijf, regio",
            licence="CC BY 4.0",
            downloaded_on=dt.date(2018, 5, 17),
        )
    message = str(refused.value)
    assert "Row 2, column SoortMisdrijf: The code 0000000 is not in the code list." in message
    assert not Dataset.objects.exists()
    assert not Observation.objects.exists()


def test_the_police_code_list_keeps_its_unpadded_two_digit_codes_apart():
    code_list = parsers.parse_code_list(
        sample("politie_47018NED_SoortMisdrijf.csv"), dimension="SoortMisdrijf"
    )
    assert code_list.classification == Classification.POLICE_CRIME
    entries = code_list.by_code()
    assert len(entries) == 59
    assert entries["0.0.0"].kind == MeasureKind.TOTAL
    assert entries["1.4.5"].title == "1.4.5 Mishandeling"
    assert entries["2.6.1"].kind == MeasureKind.DETAIL  # 2.6.10 is not below 2.6.1
    assert entries["2.6.10"].title == "2.6.10 Bestrijdingsmiddelen"
    assert sum(e.kind == MeasureKind.DETAIL for e in code_list.entries) == 58


STATLINE_2024 = "politie_statline_export_gemeente_2024.csv"
STATLINE_2022_2023 = "politie_statline_export_gemeente_2022_2023.csv"


def municipalities_only() -> bytes:
    """The country and the municipalities of the police region list (wijken and buurten left out)."""
    lines = sample(REGIONS).decode("utf-8").splitlines()
    return "\n".join([lines[0], *(line for line in lines[1:] if line.startswith(('"NL', '"GM')))]).encode()


@pytest.mark.django_db
def test_both_statline_exports_import_by_municipality_name():
    from koers.analysis import statline
    from koers.analysis.models import Measure

    admin = UserFactory(superuser=True)
    services.areas_import(actor=admin, file=municipalities_only(), reference_year=2024)
    Measure.objects.create(
        classification=Classification.POLICE_CRIME,
        code="0.0.0",
        title="Totaal misdrijven",
        kind=MeasureKind.TOTAL,
    )
    meta = {
        "source": "Politie",
        "table_id": "47013NED",
        "title": "Geregistreerde misdrijven en aangiften; soort misdrijf, gemeente",
        "licence": "Copyright (c) Politie",
        "downloaded_on": dt.date(2025, 1, 6),
        "classification": Classification.POLICE_CRIME,
        "reference_year": 2024,
    }
    first = statline.statline_import(actor=admin, file=sample(STATLINE_2024), **meta)
    # Nederland and 342 municipalities; Buitenland, "niet in te delen" and 11 regional units skipped.
    assert (first.added, first.skipped) == (343, 13)
    both = statline.statline_import(actor=admin, file=sample(STATLINE_2022_2023), **meta)
    assert (both.added, both.skipped) == (686, 13)

    def value(code, period):
        return Observation.objects.get(area__code=code, period=period).value

    assert value("NL00", "2024JJ00") == 805559
    assert (value("NL00", "2022JJ00"), value("NL00", "2023JJ00")) == (800027, 805590)
    assert value("GM0014", "2024JJ00") == 14981  # "Groningen (gemeente)"
    assert value("GM0344", "2024JJ00") == 25271  # "Utrecht (gemeente)"
    assert value("GM1900", "2024JJ00") == 2675  # Súdwest-Fryslân
    assert value("GM0888", "2024JJ00") == 750  # "Beek (L.)"
    assert Observation.objects.filter(period="2024JJ00").count() == 343
