"""Voorbeeldstad's official figures for the demo: fictional numbers written in the real published
formats (the police's region list and code lists, a bulk CSV, CBS Kerncijfers and GeoJSON) and
imported through the real import services, so the demo exercises exactly what a real import does.

The numbers tell a story a team would recognise: in Noord youth nuisance and street robbery rise
year after year; Centrum has the shoplifting and bicycle theft of a town centre; the harbour area
has few inhabitants, so its small counts are suppressed and its rates are not shown.

Everything is generated deterministically from fixed seeds, so running the demo twice changes
nothing (the imports see the same files and skip them).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from koers.analysis.geometry import geometry_import
from koers.analysis.population import population_import
from koers.analysis.services import areas_import, dataset_import

CODE = "GM9901"
NAME = "Voorbeeldstad"
YEARS = tuple(range(2020, 2026))
SOURCE_POLICE = "Politie (fictief, demo)"
SOURCE_CBS = "CBS (fictief, demo)"
LICENCE = "Fictieve cijfers voor de demo van Koers; het formaat is dat van de gepubliceerde tabellen."
DOWNLOADED = dt.date(2026, 3, 2)
NATIONAL_INHABITANTS = 17_950_000
NATIONAL_YOUNG = 2_300_000

# Police crime codes as published with 47018NED (a subset), and the nuisance codes of 47021NED.
CRIME_CODES = [
    ("0.0.0", "Totaal misdrijven"),
    ("1.1.1", "1.1.1 Diefstal/inbraak woning"),
    ("1.2.3", "1.2.3 Diefstal van brom-, snor-, fietsen"),
    ("1.4.4", "1.4.4 Bedreiging"),
    ("1.4.5", "1.4.5 Mishandeling"),
    ("1.4.6", "1.4.6 Straatroof"),
    ("2.2.1", "2.2.1 Vernieling cq. zaakbeschadiging"),
    ("2.5.2", "2.5.2 Winkeldiefstal"),
    ("3.1.1", "3.1.1 Drugshandel"),
    ("3.7.4", "3.7.4 Cybercrime"),
]
NUISANCE_CODES = [
    ("0.0.0", "Totaal registraties overlast"),
    ("E33", "Overlast door verward persoon"),
    ("E35", "Melding overlast jeugd"),
    ("E38", "Overlast ivm alcohol/ drugs"),
]
# Crimes per 1,000 inhabitants a year in an ordinary buurt, nationally, and the yearly change.
CRIME_RATES = {
    "1.1.1": 3.0,
    "1.2.3": 5.0,
    "1.4.4": 1.6,
    "1.4.5": 2.8,
    "1.4.6": 0.25,
    "2.2.1": 4.0,
    "2.5.2": 1.8,
    "3.1.1": 0.3,
    "3.7.4": 1.0,
}
NUISANCE_RATES = {"E33": 6.0, "E35": 5.0, "E38": 2.5}
OTHER_CRIME_SHARE = 0.55  # the crime types not in the subset, part of the total
HIDDEN_SEX_OFFENCES = 0.012  # only in the municipal total: the police hide them per wijk and buurt


@dataclass(frozen=True)
class Buurt:
    code: str
    name: str
    inhabitants: int
    young_share: float
    factors: dict[str, float]  # crime or nuisance code -> multiplier of the national rate
    trend: dict[str, float]  # code -> yearly growth


@dataclass(frozen=True)
class Wijk:
    code: str
    name: str
    column: int  # position on the map grid
    row: int
    buurten: tuple[Buurt, ...]


def _buurt(wijk: int, number: int, name: str, inhabitants: int, young: float = 0.12, **kwargs: Any) -> Buurt:
    return Buurt(
        code=f"BU9901{wijk:02d}{number:02d}",
        name=name,
        inhabitants=inhabitants,
        young_share=young,
        factors=kwargs.get("factors", {}),
        trend=kwargs.get("trend", {}),
    )


NOORD_TREND = {"E35": 0.22, "1.4.6": 0.30, "1.4.4": 0.08, "2.2.1": 0.07}
WIJKEN = (
    Wijk(
        "WK990100",
        "Centrum",
        1,
        1,
        (
            _buurt(
                0,
                0,
                "Binnenstad",
                3400,
                0.18,
                factors={"2.5.2": 6.0, "1.2.3": 3.0, "1.4.5": 2.2, "3.1.1": 2.5},
            ),
            _buurt(0, 1, "Stationskwartier", 2100, 0.16, factors={"1.2.3": 4.0, "1.4.6": 2.5, "3.1.1": 3.0}),
            _buurt(0, 2, "Havenkade", 1700, 0.10, factors={"2.5.2": 2.0}),
            _buurt(0, 3, "Singelbuurt", 2600, 0.09),
        ),
    ),
    Wijk(
        "WK990101",
        "Noord",
        1,
        0,
        (
            _buurt(
                1, 0, "Winkelcentrum Noord", 3900, 0.17, factors={"2.5.2": 3.0, "E35": 2.5}, trend=NOORD_TREND
            ),
            _buurt(1, 1, "Molenwijk", 4600, 0.16, factors={"E35": 1.8, "1.4.6": 1.5}, trend=NOORD_TREND),
            _buurt(1, 2, "Bloemenbuurt", 3200, 0.13, factors={"E35": 1.2}, trend={"E35": 0.12}),
            _buurt(1, 3, "Noorderpark", 1400, 0.11, factors={"1.4.6": 0.6}),
        ),
    ),
    Wijk(
        "WK990102",
        "Oost",
        2,
        1,
        (
            _buurt(2, 0, "Oosterhout", 2800, 0.11, factors={"1.1.1": 1.5}),
            _buurt(2, 1, "Sportpark", 900, 0.10, factors={"1.4.6": 0.4, "3.1.1": 0.3}),
            _buurt(2, 2, "Oude Dorp", 2500, 0.09, factors={"1.1.1": 1.3}),
            _buurt(2, 3, "Waterland", 1900, 0.10),
        ),
    ),
    Wijk(
        "WK990103",
        "Zuid",
        1,
        2,
        (
            _buurt(3, 0, "Zuiderhof", 3000, 0.12, factors={"1.4.5": 1.2}),
            _buurt(3, 1, "Akkers", 2700, 0.11),
            _buurt(3, 2, "Vinkenveld", 2300, 0.10, factors={"1.1.1": 0.7}),
            _buurt(3, 3, "Landgoed Zuid", 600, 0.08, factors={"1.4.6": 0.2, "3.1.1": 0.2, "3.7.4": 0.5}),
        ),
    ),
    Wijk(
        "WK990104",
        "Haven en Bedrijven",
        0,
        1,
        (
            _buurt(4, 0, "Haventerrein", 120, 0.05, factors={"2.2.1": 6.0, "1.4.6": 0.0, "E35": 0.3}),
            _buurt(4, 1, "Bedrijvenpark West", 180, 0.05, factors={"2.2.1": 4.0}),
            _buurt(4, 2, "Westerdijk", 1600, 0.10),
            _buurt(4, 3, "Polder West", 450, 0.07, factors={"1.4.6": 0.3}),
        ),
    ),
)


def _rng(*parts: object) -> random.Random:
    return random.Random("/".join(str(p) for p in parts))  # str seeds are stable across runs


def _count(rate_per_1000: float, inhabitants: int, rng: random.Random) -> int:
    expected = rate_per_1000 * inhabitants / 1000
    return max(0, round(expected * rng.uniform(0.85, 1.15)))


def _round5(value: float) -> int:
    return int(5 * round(value / 5))


def _population(buurt: Buurt, year: int) -> int:
    growth = 1 + 0.006 * (year - YEARS[0])
    return _round5(buurt.inhabitants * growth)


def _figures(codes: dict[str, float], prefix: str) -> dict[tuple[str, str, int], int]:
    """Counts per (area code, measure code, year) for buurten, wijken, the municipality and NL."""
    counts: dict[tuple[str, str, int], int] = defaultdict(int)
    for year in YEARS:
        for wijk in WIJKEN:
            for buurt in wijk.buurten:
                inhabitants = _population(buurt, year)
                total = 0
                for code, rate in codes.items():
                    factor = buurt.factors.get(code, 1.0)
                    growth = (1 + buurt.trend.get(code, 0.0)) ** (year - YEARS[0])
                    value = _count(rate * factor * growth, inhabitants, _rng(prefix, buurt.code, code, year))
                    counts[(buurt.code, code, year)] = value
                    counts[(wijk.code, code, year)] += value
                    counts[(CODE, code, year)] += value
                    total += value
                if prefix == "crime":
                    total += round(total * OTHER_CRIME_SHARE)
                counts[(buurt.code, "0.0.0", year)] = total
                counts[(wijk.code, "0.0.0", year)] += total
                counts[(CODE, "0.0.0", year)] += total
        if prefix == "crime":
            counts[(CODE, "0.0.0", year)] += round(counts[(CODE, "0.0.0", year)] * HIDDEN_SEX_OFFENCES)
        national = 0
        for code, rate in codes.items():
            value = round(rate * NATIONAL_INHABITANTS / 1000 * (1 + 0.01 * (year - YEARS[0])))
            counts[("NL00", code, year)] = value
            national += value
        counts[("NL00", "0.0.0", year)] = round(
            national * (1 + (OTHER_CRIME_SHARE if prefix == "crime" else 0))
        )
    return counts


# The files, in the published formats -------------------------------------------------------------


def _quoted(fields: Sequence[str], separator: str) -> str:
    return separator.join('"' + f.replace('"', '""') + '"' for f in fields)


def region_list() -> bytes:
    """As published with 47018NED: comma-separated, every field quoted, keys padded to 10."""
    rows = [("NL00", "Nederland"), (CODE, NAME)]
    for wijk in WIJKEN:
        rows.append((wijk.code, f"Wijk {wijk.code[-2:]} {wijk.name}"))
        rows += [(b.code, b.name) for b in wijk.buurten]
    lines = [_quoted(["Key", "Title", "Description", "Municipality", "DetailRegionCode"], ",")]
    for code, name in rows:
        municipality = "" if code == "NL00" else CODE
        lines.append(_quoted([code.ljust(10), name, "", municipality, "" if code == "NL00" else code], ","))
    return ("\n".join(lines) + "\n").encode("utf-8")


def code_list(codes: Sequence[tuple[str, str]]) -> bytes:
    """As published: Key (padded to 6), Title, Description, CategoryGroupID; CRLF."""
    lines = [_quoted(["Key", "Title", "Description", "CategoryGroupID"], ",")]
    lines += [_quoted([key.ljust(6), title, "", ""], ",") for key, title in codes]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def bulk(dimension: str, topic: str, counts: dict[tuple[str, str, int], int]) -> bytes:
    """A bulk CSV (UntypedDataSet): BOM, ';', quoted, keys padded, values right-aligned to 8."""
    lines = [_quoted(["ID", dimension, "WijkenEnBuurten", "Perioden", topic], ";")]
    for number, ((area, code, year), value) in enumerate(sorted(counts.items())):
        lines.append(
            _quoted([str(number), code.ljust(6), area.ljust(10), f"{year}JJ00", str(value).rjust(8)], ";")
        )
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def kerncijfers(year: int) -> bytes:
    """A bulk CSV of Kerncijfers wijken en buurten: inhabitants and those aged 15 to 25."""
    header = [
        "ID",
        "WijkenEnBuurten",
        "Gemeentenaam_1",
        "SoortRegio_2",
        "AantalInwoners_5",
        "k_15Tot25Jaar_9",
    ]
    lines = [_quoted(header, ";")]
    rows: list[tuple[str, str, int, int]] = [
        ("NL00", "Land", _round5(NATIONAL_INHABITANTS), _round5(NATIONAL_YOUNG)),
    ]
    total = young_total = 0
    for wijk in WIJKEN:
        wijk_total = wijk_young = 0
        buurt_rows = []
        for buurt in wijk.buurten:
            inhabitants = _population(buurt, year)
            young = _round5(inhabitants * buurt.young_share)
            buurt_rows.append((buurt.code, "Buurt", inhabitants, young))
            wijk_total, wijk_young = wijk_total + inhabitants, wijk_young + young
        rows.append((wijk.code, "Wijk", wijk_total, wijk_young))
        rows += buurt_rows
        total, young_total = total + wijk_total, young_total + wijk_young
    rows.insert(1, (CODE, "Gemeente", total, young_total))
    for number, (code, kind, inhabitants, young) in enumerate(rows):
        municipality = "" if code == "NL00" else NAME
        lines.append(
            _quoted(
                [
                    str(number),
                    code.ljust(10),
                    municipality.ljust(30),
                    kind.ljust(8),
                    str(inhabitants).rjust(8),
                    str(young).rjust(8),
                ],
                ";",
            )
        )
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def _rectangle(x: float, y: float, width: float, height: float) -> list[list[list[float]]]:
    corners = [[x, y], [x + width, y], [x + width, y + height], [x, y + height], [x, y]]
    return [[[round(px, 4), round(py, 4)] for px, py in corners]]


def outlines() -> bytes:
    """GeoJSON in WGS84 (CRS84): the wijken on a cross-shaped grid, each split into four buurten."""
    west, north = 5.10, 52.12
    size_x, size_y = 0.04, 0.025
    features = []
    for wijk in WIJKEN:
        x, y = west + wijk.column * size_x, north - (wijk.row + 1) * size_y
        features.append(_feature(wijk.code, wijk.name, "wijk", _rectangle(x, y, size_x, size_y)))
        for index, buurt in enumerate(wijk.buurten):
            bx, by = x + (index % 2) * size_x / 2, y + (1 - index // 2) * size_y / 2
            features.append(
                _feature(buurt.code, buurt.name, "buurt", _rectangle(bx, by, size_x / 2, size_y / 2))
            )
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }
    return json.dumps(document, separators=(",", ":")).encode("utf-8")


def _feature(code: str, name: str, kind: str, coordinates: list[list[list[float]]]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": code,
        "geometry": {"type": "Polygon", "coordinates": coordinates},
        "properties": {"statcode": code, "jrstatcode": f"2026{code}", "statnaam": name, "rubriek": kind},
    }


# Import ------------------------------------------------------------------------------------------


def create_statistics(actor: Any, reference_year: int) -> None:
    """Import Voorbeeldstad's fictional figures through the real services (idempotent)."""
    areas_import(actor=actor, file=region_list(), reference_year=reference_year)
    dataset_import(
        actor=actor,
        file=bulk("SoortMisdrijf", "GeregistreerdeMisdrijven_1", _figures(CRIME_RATES, "crime")),
        code_list_files=[code_list(CRIME_CODES)],
        source=SOURCE_POLICE,
        table_id="47018NED",
        title="Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers (fictief)",
        licence=LICENCE,
        downloaded_on=DOWNLOADED,
        reference_year=reference_year,
    )
    dataset_import(
        actor=actor,
        file=bulk("SoortOverlast", "Registraties_1", _figures(NUISANCE_RATES, "nuisance")),
        code_list_files=[code_list(NUISANCE_CODES)],
        source=SOURCE_POLICE,
        table_id="overlast-wijk-buurt",
        title="Registraties overlast; soort overlast, wijk, buurt, jaarcijfers (fictief)",
        licence=LICENCE,
        downloaded_on=DOWNLOADED,
        reference_year=reference_year,
    )
    # Monthly nuisance figures for the effect estimates of step 6: a dataset of their own.
    from .monthly import import_monthly  # the module builds on this one

    import_monthly(actor, reference_year)
    for year in YEARS:
        population_import(
            actor=actor,
            file=kerncijfers(year),
            year=year,
            source=SOURCE_CBS,
            table_id=f"kwb-{year}",
            title=f"Kerncijfers wijken en buurten {year} (fictief)",
            licence=LICENCE,
            downloaded_on=DOWNLOADED,
            reference_year=reference_year,
        )
    geometry_import(
        actor=actor,
        file=outlines(),
        reference_year=reference_year,
        source="Fictieve wijk- en buurtgrenzen (demo)",
    )
