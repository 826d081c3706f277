"""A small municipality with official figures, written straight into the database for the tests
of the analysis pages: areas, a police dataset, populations and outlines. ``scale`` multiplies
the number of buurten, years and crime types, for the query-count tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from koers.analysis.models import (
    Area,
    AreaGeometry,
    Classification,
    Dataset,
    DatasetKind,
    Measure,
    MeasureKind,
    Observation,
    ObservationStatus,
    Population,
)

CODE = "GM9123"
YEAR = 2024
TOPIC = "GeregistreerdeMisdrijven_1"


@dataclass
class World:
    municipality: Area
    country: Area
    wijken: list[Area]
    buurten: list[Area]
    police: Dataset
    cbs: Dataset
    total: Measure
    robbery: Measure
    years: list[int]
    extra_measures: list[Measure] = field(default_factory=list)


def square(x: float, y: float, size: float = 0.01) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def build(
    organisation, *, scale: int = 1, outlines: bool = True, populations: bool = True, youth: bool = False
) -> World:
    organisation.cbs_code = CODE
    organisation.cbs_reference_year = YEAR
    organisation.save()
    country = Area.objects.create(code="NL00", level="land", name="Nederland", reference_year=YEAR)
    municipality = Area.objects.create(code=CODE, level="gemeente", name="Proefstad", reference_year=YEAR)
    noord = Area.objects.create(
        code="WK912300", level="wijk", name="Noord", parent=municipality, reference_year=YEAR
    )
    zuid = Area.objects.create(
        code="WK912301", level="wijk", name="Zuid", parent=municipality, reference_year=YEAR
    )
    buurten = [
        Area.objects.create(
            code="BU91230000", level="buurt", name="Molenwijk", parent=noord, reference_year=YEAR
        ),
        Area.objects.create(
            code="BU91230001", level="buurt", name="Haventje", parent=noord, reference_year=YEAR
        ),
        Area.objects.create(
            code="BU91230100", level="buurt", name="Akkers", parent=zuid, reference_year=YEAR
        ),
    ]
    for n in range(3 * (scale - 1)):
        parent = (noord, zuid)[n % 2]
        buurten.append(
            Area.objects.create(
                code=f"BU9123{parent.code[-2:]}{10 + n:02d}",
                level="buurt",
                name=f"Extra {n}",
                parent=parent,
                reference_year=YEAR,
            )
        )
    now = timezone.now()
    police = Dataset.objects.create(
        source="Politie",
        table_id="47018NED",
        title="Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers",
        licence="Copyright (c) Politie",
        downloaded_on=dt.date(2025, 1, 15),
        kind=DatasetKind.BULK,
        checksum="0" * 64,
        imported_at=now,
    )
    cbs = Dataset.objects.create(
        source="CBS",
        table_id="85984NED",
        title="Kerncijfers wijken en buurten 2024",
        licence="CC BY 4.0",
        downloaded_on=dt.date(2025, 1, 10),
        kind=DatasetKind.POPULATION,
        checksum="1" * 64,
        imported_at=now,
    )
    total = Measure.objects.create(
        classification=Classification.POLICE_CRIME,
        code="0.0.0",
        title="Totaal misdrijven",
        kind=MeasureKind.TOTAL,
    )
    robbery = Measure.objects.create(
        classification=Classification.POLICE_CRIME,
        code="1.4.6",
        title="1.4.6 Straatroof",
        kind=MeasureKind.DETAIL,
    )
    extra = [
        Measure.objects.create(
            classification=Classification.POLICE_CRIME,
            code=f"2.6.{n + 1}",
            title=f"2.6.{n + 1} Extra",
            kind="detail",
        )
        for n in range(scale - 1)
    ]
    years = [2017, 2018, 2019, *range(2020, 2020 + 3 * (scale - 1))]
    # Counts per area in the latest standard year (2019); other years vary a little.
    counts = {
        "NL00": 800_000,
        CODE: 1500,
        "WK912300": 700,
        "WK912301": 760,
        "BU91230000": 600,
        "BU91230001": 3,  # small: suppressed
        "BU91230100": 760,
    }
    inhabitants = {
        "NL00": 17_800_000,
        CODE: 40_000,
        "WK912300": 15_150,
        "WK912301": 24_850,
        "BU91230000": 15_000,
        "BU91230001": 150,  # too few for a rate
        "BU91230100": 24_850,
    }
    areas = [country, municipality, noord, zuid, *buurten]
    observations = []
    for area in areas:
        for year in years:
            base = counts.get(area.code, 50)
            observations.append(
                Observation(
                    dataset=police,
                    area=area,
                    measure=total,
                    topic=TOPIC,
                    period=f"{year}JJ00",
                    year=year,
                    value=Decimal(base + (year - 2019) * (0 if base < 10 else 10)),
                )
            )
            for measure in [robbery, *extra]:
                observations.append(
                    Observation(
                        dataset=police,
                        area=area,
                        measure=measure,
                        topic=TOPIC,
                        period=f"{year}JJ00",
                        year=year,
                        value=None if area.code == "BU91230100" else Decimal(max(0, base // 100)),
                        status=ObservationStatus.UNKNOWN if area.code == "BU91230100" else "",
                    )
                )
    if youth:
        nuisance = Measure.objects.create(
            classification=Classification.POLICE_NUISANCE,
            code="E35",
            title="Melding overlast jeugd",
            kind="detail",
        )
        observations += [
            Observation(
                dataset=police,
                area=area,
                measure=nuisance,
                topic="Registraties_1",
                period=f"{year}JJ00",
                year=year,
                value=Decimal(40 + year - 2017),
            )
            for area in [municipality, noord, zuid]
            for year in years
        ]
    Observation.objects.bulk_create(observations)
    if populations:
        Population.objects.bulk_create(
            Population(
                area=area,
                year=2019,
                inhabitants=inhabitants.get(area.code, 1000),
                young_people=inhabitants.get(area.code, 1000) // 8,
                dataset=cbs,
            )
            for area in areas
        )
    if outlines:
        AreaGeometry.objects.bulk_create(
            AreaGeometry(area=area, geometry=square(5 + i * 0.01, 52), source="test", uploaded_at=now)
            for i, area in enumerate([noord, zuid, *buurten])
        )
    return World(
        municipality=municipality,
        country=country,
        wijken=[noord, zuid],
        buurten=buurten,
        police=police,
        cbs=cbs,
        total=total,
        robbery=robbery,
        years=years,
        extra_measures=extra,
    )
