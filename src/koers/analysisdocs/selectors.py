"""Reading what the safety analysis document needs: the versions of a programme, the state of the
data it is made from (to tell whether they changed since the last version), and the registered
crime figures of the programme's municipality."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    CharField,
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from koers.analysis import selectors as analysis_selectors
from koers.analysis.models import (
    Area,
    AreaLevel,
    Classification,
    Dataset,
    MeasureKind,
    Observation,
    ObservationStatus,
    Population,
)
from koers.findings.models import Finding, FindingEvidence
from koers.knowledge.models import Experience, Source
from koers.programmes.models import Programme

from .models import AnalysisDocument, DocumentStatus

CRIME_TOPIC_PREFIX = "GeregistreerdeMisdrijven"


# Versions ------------------------------------------------------------------------------------


def documents(programme: Programme) -> QuerySet[AnalysisDocument]:
    return programme.analysis_documents.select_related("generated_by").order_by("-number")


def get_document(programme: Programme, document_uuid: Any) -> AnalysisDocument:
    document = programme.analysis_documents.filter(uuid=document_uuid).first()
    if document is None:
        raise Http404("document")
    return document


# The state of the data ---------------------------------------------------------------------------

# Programme-scoped data the document is made from: (name, queryset, the path from a row to its
# programme, date field). Each part contributes its number of rows and its latest change to the
# fingerprint, so an edit, an addition and a removal all count as a change.
PROGRAMME_PARTS: list[tuple[str, QuerySet[Any], str, str]] = [
    ("sources", Source.objects.all(), "programme", "updated_at"),
    ("experiences", Experience.objects.all(), "programme", "updated_at"),
    ("findings", Finding.objects.all(), "programme", "updated_at"),
    ("evidence", FindingEvidence.objects.all(), "finding__programme", "created_at"),
]


def _part(queryset: QuerySet[Any], function: str, field: str, output: Any) -> Subquery:
    """``function`` (COUNT, MAX) over ``field`` of ``queryset`` as one value: a plain SQL function,
    so the subquery has no GROUP BY and always gives one row."""
    return Subquery(
        queryset.order_by().values(x=Func(F(field), function=function, output_field=output)),
        output_field=output,
    )


def _datasets_of_municipality() -> QuerySet[Dataset]:
    """The official datasets with figures (or inhabitants) for the outer programme's municipality:
    found through the municipality's own rows, which national tables always have."""
    code = OuterRef(OuterRef("organisation__cbs_code"))
    # Exists per dataset: a probe of the (dataset, area, ...) index instead of collecting every
    # dataset of every figure of the municipality.
    return Dataset.objects.filter(
        Exists(Observation.objects.filter(dataset=OuterRef("pk"), area__code=code))
        | Exists(Population.objects.filter(dataset=OuterRef("pk"), area__code=code))
    )


@dataclass(frozen=True)
class DataState:
    """The data a document is made from, summed up: when they last changed and a fingerprint
    that differs as soon as anything was added, changed or removed."""

    fingerprint: str
    as_of: dt.datetime | None


@dataclass(frozen=True)
class DocumentOverview:
    """The latest ready version of a programme's document and whether the data changed since."""

    latest_number: int | None
    latest_generated_at: dt.datetime | None
    latest_data_as_of: dt.datetime | None
    latest_fingerprint: str
    data: DataState

    @property
    def exists(self) -> bool:
        return self.latest_number is not None

    @property
    def data_changed(self) -> bool:
        return self.exists and self.latest_fingerprint != self.data.fingerprint


def document_overview(programme: Programme) -> DocumentOverview:
    """The latest ready version and the current state of the data, in one query."""
    annotations: dict[str, Any] = {}
    for name, queryset, path, field in PROGRAMME_PARTS:
        scoped = queryset.filter(**{path: OuterRef("pk")})
        annotations[f"{name}_n"] = Coalesce(_part(scoped, "COUNT", "pk", IntegerField()), Value(0))
        annotations[f"{name}_at"] = _part(scoped, "MAX", field, DateTimeField())
    datasets = _datasets_of_municipality()
    annotations["datasets_n"] = Coalesce(_part(datasets, "COUNT", "pk", IntegerField()), Value(0))
    annotations["datasets_at"] = _part(datasets, "MAX", "imported_at", DateTimeField())
    latest = AnalysisDocument.objects.filter(programme=OuterRef("pk"), status=DocumentStatus.DONE).order_by(
        "-number"
    )
    for field, output in (
        ("number", IntegerField()),
        ("generated_at", DateTimeField()),
        ("data_as_of", DateTimeField()),
        ("data_fingerprint", CharField()),
    ):
        annotations[f"doc_{field}"] = Subquery(latest.values(field)[:1], output_field=output)
    row = Programme.objects.filter(pk=programme.pk).annotate(**annotations).values(*annotations).get()
    names = [part[0] for part in PROGRAMME_PARTS] + ["datasets"]
    dates = [row[f"{name}_at"] for name in names if row[f"{name}_at"] is not None]
    fingerprint = "|".join(f"{name}:{row[f'{name}_n']}:{_stamp(row[f'{name}_at'])}" for name in names)
    return DocumentOverview(
        latest_number=row["doc_number"],
        latest_generated_at=row["doc_generated_at"],
        latest_data_as_of=row["doc_data_as_of"],
        latest_fingerprint=row["doc_data_fingerprint"] or "",
        data=DataState(fingerprint=fingerprint, as_of=max(dates) if dates else None),
    )


def _stamp(moment: dt.datetime | None) -> str:
    if moment is None:
        return "-"
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.replace(tzinfo=None).isoformat(timespec="microseconds")


# Registered crime ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One published count: its label (a year or an area), the value, and whether it is shown."""

    label: str
    value: Decimal | None
    status: str = ObservationStatus.VALUE

    @property
    def suppressed(self) -> bool:
        return self.value is not None and self.value < analysis_selectors.suppress_below()

    @property
    def known(self) -> bool:
        return self.value is not None and self.status == ObservationStatus.VALUE


@dataclass(frozen=True)
class CrimeFigures:
    """Total registered crime (police classification) of a municipality per year, and of its
    wijken in the latest year."""

    municipality: Area | None
    dataset: Dataset | None = None
    per_year: tuple[Figure, ...] = ()
    latest_year: int | None = None
    per_district: tuple[Figure, ...] = ()
    inhabitants: int | None = None

    @property
    def available(self) -> bool:
        return bool(self.per_year)


def crime_figures(cbs_code: str) -> CrimeFigures:
    """The municipality's registered crime from the most recently imported dataset that has the
    police's total (``0.0.0 Totaal misdrijven``) per year. Four queries at most."""
    municipality = analysis_selectors.latest_area(cbs_code) if cbs_code else None
    if municipality is None:
        return CrimeFigures(municipality=None)
    totals = Observation.objects.filter(
        measure__classification=Classification.POLICE_CRIME,
        measure__kind=MeasureKind.TOTAL,
        topic__startswith=CRIME_TOPIC_PREFIX,
        month__isnull=True,
        quarter__isnull=True,
    )
    first = (
        totals.filter(area=municipality)
        .select_related("dataset", "measure")
        .order_by("-dataset__imported_at", "topic")
        .first()
    )
    if first is None:
        return CrimeFigures(municipality=municipality)
    per_year = [
        observation
        for observation in analysis_selectors.series(
            dataset=first.dataset, area=municipality, measure=first.measure, topic=first.topic
        )
        if observation.month is None and observation.quarter is None
    ]
    latest_year = max(observation.year for observation in per_year)
    districts = (
        totals.filter(
            dataset=first.dataset,
            measure=first.measure,
            topic=first.topic,
            year=latest_year,
            area__parent=municipality,
            area__level=AreaLevel.DISTRICT,
        )
        .select_related("area")
        .order_by("area__code")
    )
    population = Population.objects.filter(area=municipality, year=latest_year).first()
    return CrimeFigures(
        municipality=municipality,
        dataset=first.dataset,
        per_year=tuple(Figure(str(o.year), o.value, o.status) for o in per_year),
        latest_year=latest_year,
        per_district=tuple(Figure(o.area.name, o.value, o.status) for o in districts),
        inhabitants=population.inhabitants if population else None,
    )
