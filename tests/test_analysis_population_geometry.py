"""Importing population figures (CBS Kerncijfers wijken en buurten, or code + inhabitants) and area
outlines (GeoJSON with statcode): all-or-nothing, idempotent, audited, bad files refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from koers.analysis import services
from koers.analysis.geometry import geometry_import
from koers.analysis.models import Area, AreaGeometry, Dataset, DatasetKind, Population
from koers.analysis.parsers import ParseError
from koers.analysis.population import parse_population, population_import
from koers.audit.models import AuditEvent
from tests import analysis_formats as formats
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SAMPLES = (Path(__file__).resolve().parents[1] / "../shared/nl-crime-samples").resolve()

POPULATION = {
    "source": "CBS",
    "table_id": "85984NED",
    "title": "Kerncijfers wijken en buurten 2024",
    "licence": "CC BY 4.0",
    "downloaded_on": dt.date(2025, 1, 10),
}


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked in English here; one test checks the Dutch."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin():
    return UserFactory(superuser=True)


@pytest.fixture
def areas(admin):
    return services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024)


def kerncijfers(rows, *, young=True) -> bytes:
    """A bulk CSV of 85984NED: BOM, ';', quoted, keys padded to 10, values padded to 8."""
    header = ["ID", "WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "AantalInwoners_5"]
    if young:
        header.append("k_15Tot25Jaar_9")
    lines = [formats.quoted(header, ";")]
    for number, row in enumerate(rows):
        code, inhabitants, *rest = row
        fields = [str(number), code.ljust(10), "Voorbeeldstad".ljust(30), "Buurt   ", inhabitants.rjust(8)]
        if young:
            fields.append(rest[0].rjust(8))
        lines.append(formats.quoted(fields, ";"))
    return (formats.BOM + "\n".join(lines) + "\n").encode("utf-8")


ROWS = [
    ("GM9999", "52000", "6900"),
    ("WK999900", "9000", "1500"),
    ("WK999901", "8000", "."),
    ("BU99990000", "4100", "700"),
    ("BU99990001", "  ", ""),
]


def import_population(actor, data, **kwargs):
    return population_import(
        actor=actor, file=data, year=kwargs.pop("year", 2024), **{**POPULATION, **kwargs}
    )


def test_kerncijfers_bulk_file_is_imported_with_young_people_and_missing_values(admin, areas):
    stages = []
    result = import_population(admin, kerncijfers(ROWS), progress=lambda s, d, t: stages.append((s, d, t)))
    assert (result.added, result.changed, result.unchanged) == (5, 0, 0)
    by_code = {p.area.code: p for p in Population.objects.select_related("area", "dataset")}
    assert (by_code["GM9999"].inhabitants, by_code["GM9999"].young_people) == (52000, 6900)
    assert (by_code["WK999901"].inhabitants, by_code["WK999901"].young_people) == (8000, None)
    assert by_code["BU99990001"].inhabitants is None
    assert by_code["GM9999"].dataset.kind == DatasetKind.POPULATION
    assert stages and stages[-1][1] == stages[-1][2] == 5
    assert AuditEvent.objects.filter(action="population.import").count() == 1


def test_same_file_again_changes_nothing_and_a_revision_updates_with_examples(admin, areas):
    data = kerncijfers(ROWS)
    import_population(admin, data)
    again = import_population(admin, data)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 5)
    assert AuditEvent.objects.filter(action="population.import").count() == 1

    revised = [("GM9999", "52100", "6900"), *ROWS[1:]]
    result = import_population(admin, kerncijfers(revised))
    assert (result.added, result.changed, result.unchanged) == (0, 1, 4)
    assert Population.objects.get(area__code="GM9999").inhabitants == 52100
    event = AuditEvent.objects.filter(action="population.import").latest("pk")
    assert event.changes["examples"][0]["before"] == 52000
    assert event.changes["examples"][0]["after"] == 52100


def test_dry_run_writes_nothing(admin, areas):
    result = import_population(admin, kerncijfers(ROWS), dry_run=True)
    assert result.added == 5
    assert not Population.objects.exists()
    assert not Dataset.objects.exists()


def test_simple_two_column_file_keeps_the_young_people_already_known(admin, areas):
    import_population(admin, kerncijfers(ROWS))
    simple = b'"","nhood_id","population"\n"1","BU99990000",4200\n"2","WK999900",9000\n'
    result = import_population(admin, simple, table_id="85984NED-afgeleid")
    assert (result.added, result.changed, result.unchanged) == (0, 1, 1)
    buurt = Population.objects.get(area__code="BU99990000")
    assert (buurt.inhabitants, buurt.young_people) == (4200, 700)
    plain = parse_population(b"code,inhabitants\nGM9999,52000\n")
    assert (plain.code_column, plain.rows[0].inhabitants) == ("code", 52000)


def test_unknown_area_is_refused_with_row_and_column_and_nothing_is_written(admin, areas):
    rows = [*ROWS, ("BU12340000", "100", "10")]
    with pytest.raises(ParseError) as caught:
        import_population(admin, kerncijfers(rows))
    problem = caught.value.problems[0]
    assert (problem.row, problem.column) == (7, "WijkenEnBuurten")
    assert "BU12340000" in problem.message
    assert not Population.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"code,inhabitants\nGM9999,veel\n", "not a whole number"),
        (b"code,inhabitants\nGM9999,100\nGM9999,120\n", "occurs in row 2"),
        (b"code,inhabitants\nGemeente,100\n", "not a region code"),
        (b"a,b,c\n1,2,3\n", "not recognised"),
        (b"%PDF-1.4", "PDF"),
    ],
)
def test_bad_population_files_are_refused(admin, areas, data, expected):
    with pytest.raises(ParseError) as caught:
        import_population(admin, data)
    assert expected in str(caught.value)
    assert not Population.objects.exists()


def test_problems_are_explained_in_dutch(admin, areas):
    with translation.override("nl"), pytest.raises(ParseError) as caught:
        import_population(admin, b"code,inhabitants\nBU12340000,100\n")
    assert "staat niet in de gebiedenlijst" in str(caught.value)
    with translation.override("nl"), pytest.raises(ParseError) as caught:
        geometry_import(actor=admin, file=b"{}", reference_year=2024, source="x")
    assert "geen GeoJSON FeatureCollection" in str(caught.value)


def test_a_year_out_of_range_is_refused(admin, areas):
    with pytest.raises(ParseError) as caught:
        import_population(admin, kerncijfers(ROWS), year=24)
    assert "not a year" in str(caught.value)


def test_only_installation_administrators_import(areas):
    with pytest.raises(PermissionDenied):
        import_population(UserFactory(), kerncijfers(ROWS))


# Outlines ----------------------------------------------------------------------------------------


def square(x: float, y: float, size: float = 0.01) -> list:
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def collection(features, crs=None) -> bytes:
    document = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(document).encode()


def feature(code, geometry=None):
    return {
        "type": "Feature",
        "properties": {"statcode": code, "statnaam": code},
        "geometry": geometry or {"type": "Polygon", "coordinates": square(5.0, 52.0)},
    }


def test_outlines_are_stored_per_area_and_the_same_file_again_changes_nothing(admin, areas):
    data = collection(
        [
            feature("WK999900"),
            feature(
                "WK999901", {"type": "MultiPolygon", "coordinates": [square(5.1, 52.0), square(5.2, 52.0)]}
            ),
        ],
        crs="urn:ogc:def:crs:OGC:1.3:CRS84",
    )
    result = geometry_import(actor=admin, file=data, reference_year=2024, source="PDOK wijken 2024")
    assert (result.added, result.changed) == (2, 0)
    outline = AreaGeometry.objects.get(area__code="WK999901")
    assert outline.geometry["type"] == "MultiPolygon"
    assert outline.source == "PDOK wijken 2024"
    again = geometry_import(actor=admin, file=data, reference_year=2024, source="PDOK wijken 2024")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)
    assert AuditEvent.objects.filter(action="geometry.import").count() == 1

    moved = collection([feature("WK999900", {"type": "Polygon", "coordinates": square(5.5, 52.0)})])
    dry = geometry_import(actor=admin, file=moved, reference_year=2024, source="PDOK", dry_run=True)
    assert dry.changed == 1
    assert AreaGeometry.objects.get(area__code="WK999900").geometry["coordinates"] == square(5.0, 52.0)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"code,inhabitants\n", "not a GeoJSON file"),
        (json.dumps({"type": "Feature"}).encode(), "not a GeoJSON FeatureCollection"),
        (collection([{"type": "Feature", "properties": {}, "geometry": None}]), "statcode"),
        (collection([feature("WK999900")], crs="urn:ogc:def:crs:EPSG::28992"), "EPSG::28992"),
        (
            collection([feature("WK999900", {"type": "Polygon", "coordinates": square(155000, 463000)})]),
            "Rijksdriehoek",
        ),
        (collection([feature("WK999900", {"type": "Point", "coordinates": [5, 52]})]), "Point"),
        (collection([feature("WK123400")]), "not in the region list"),
        (collection([feature("WK999900"), feature("WK999900")]), "feature 1 as well"),
    ],
)
def test_bad_outline_files_are_refused(admin, areas, data, expected):
    with pytest.raises(ParseError) as caught:
        geometry_import(actor=admin, file=data, reference_year=2024, source="x")
    assert expected in str(caught.value)
    assert not AreaGeometry.objects.exists()


def test_outline_files_over_the_limit_are_refused(admin, areas):
    with pytest.raises(ParseError) as caught:
        geometry_import(
            actor=admin, file=collection([feature("WK999900")]), reference_year=2024, source="x", max_bytes=50
        )
    assert "larger than" in str(caught.value)


# Real files --------------------------------------------------------------------------------------

needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"the real sample files are not present in {SAMPLES}"
)


@needs_samples
def test_the_real_derived_population_file_of_2024_imports_against_the_real_region_list(admin):
    services.areas_import(
        actor=admin, file=(SAMPLES / "politie_47018NED_WijkenEnBuurten.csv").read_bytes(), reference_year=2024
    )
    result = import_population(
        admin, (SAMPLES / "cbs_85984NED_inwoners_per_buurt_2024_derived.csv").read_bytes()
    )
    assert result.added == 14574
    assert Population.objects.get(area__code="BU16800000").inhabitants == 3455


@needs_samples
def test_the_real_groningen_wijken_outlines_import(admin):
    rows = [("GM0014", "Groningen")] + [(f"WK0014{n:02d}", f"Wijk {n:02d}") for n in range(20)]
    services.areas_import(actor=admin, file=formats.region_list(rows), reference_year=2023)
    data = (SAMPLES / "wijken_2023_GM0014_Groningen_cartomap.geojson").read_bytes()
    result = geometry_import(actor=admin, file=data, reference_year=2023, source="cartomap wijk_2023")
    assert result.added == 20
    assert AreaGeometry.objects.get(area__code="WK001400").geometry["type"] == "Polygon"


@needs_samples
def test_the_real_municipality_outlines_with_multipolygons_import(admin):
    data = (SAMPLES / "gemeenten_2022_with_83648NED_totals.geojson").read_bytes()
    codes = sorted({f["properties"]["statcode"] for f in json.loads(data)["features"]})
    Area.objects.bulk_create(Area(code=c, level="gemeente", name=c, reference_year=2022) for c in codes)
    result = geometry_import(actor=admin, file=data, reference_year=2022, source="CBS gemeenten 2022")
    assert result.added == 345
    types = set(AreaGeometry.objects.values_list("geometry__type", flat=True))
    assert types == {"Polygon", "MultiPolygon"}
