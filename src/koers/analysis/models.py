"""Step 2 — official statistics as installation-wide reference data: the region list (areas per
reference year), the datasets as published, the code lists of their dimensions (measures) and the
observations. None of these belong to an organisation; every organisation reads the same figures."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    COUNTRY = "land", _("country")
    MUNICIPALITY = "gemeente", _("municipality")
    DISTRICT = "wijk", _("district")
    NEIGHBOURHOOD = "buurt", _("neighbourhood")


class Area(models.Model):
    """A region in the division of one reference year: ``GM0363``, ``WK0363AA``, ``BU0363AA01``.
    Codes change with municipal reorganisations, so the same code can occur once per year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("code"), max_length=10)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    reference_year = models.PositiveSmallIntegerField(_("reference year"))

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["reference_year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "reference_year"], name="area_code_year_unique"),
        ]
        indexes = [
            models.Index(fields=["reference_year", "level", "code"]),
            models.Index(fields=["parent", "level"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.reference_year})"


class DatasetKind(models.TextChoices):
    BULK = "bulk", _("bulk CSV (UntypedDataSet)")
    STATLINE = "statline", _("StatLine table export")
    GENERIC = "generic", _("spreadsheet (CSV, XLSX or ODS) with a column mapping")
    POPULATION = "bevolking", _("population (Kerncijfers wijken en buurten)")


class Dataset(models.Model):
    """One published table as imported: where it comes from, under which licence, when it was
    downloaded and which file (checksum) the figures come from."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(_("source"), max_length=100)
    table_id = models.CharField(_("table"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    licence = models.TextField(_("licence"), blank=True)
    downloaded_on = models.DateField(_("downloaded on"))
    kind = models.CharField(_("format"), max_length=20, choices=DatasetKind.choices, default=DatasetKind.BULK)
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["source", "table_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "table_id"], name="dataset_source_table_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.table_id}: {self.title}"


class Classification(models.TextChoices):
    POLICE_CRIME = "politie", _("police crime classification")
    POLICE_NUISANCE = "politie_overlast", _("police nuisance classification")
    CBS_SCM = "cbs_scm", _("CBS standard crime classification (SCM)")
    OWN = "eigen", _("own figures (surveys and other sources)")


class MeasureKind(models.TextChoices):
    TOTAL = "totaal", _("total")
    SUBTOTAL = "subtotaal", _("subtotal")
    DETAIL = "detail", _("detail")


class Measure(models.Model):
    """An entry of a published code list, such as crime type ``1.1.1`` of the police or ``CRI1000``
    of CBS. The classifications are kept apart; totals and subtotals are marked so they are never
    added to their detail rows."""

    classification = models.CharField(_("classification"), max_length=20, choices=Classification.choices)
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=MeasureKind.choices)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["classification", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["classification", "code"], name="measure_classification_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ObservationStatus(models.TextChoices):
    VALUE = "", _("value")
    EMPTY = "empty", _("empty (cannot occur)")
    UNKNOWN = "unknown", _("unknown or secret (.)")


class Observation(models.Model):
    """One published figure: a topic (column) of a dataset for an area, a period and a measure."""

    # No separate indexes on dataset and area: the unique key starts with the dataset and the trend
    # index with the area, and every extra index slows down imports of a million rows.
    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations", db_index=False)
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="observations")
    topic = models.CharField(_("topic"), max_length=80)
    period = models.CharField(_("period"), max_length=8)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ObservationStatus.choices,
        default=ObservationStatus.VALUE,
        blank=True,
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "area", "period", "measure", "topic"], name="observation_key_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["area", "measure", "topic", "year"], name="observation_trend"),
            models.Index(fields=["dataset", "topic", "measure", "period"], name="observation_compare"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.period} {self.measure_id} {self.topic}: {self.value}"


class Population(models.Model):
    """Inhabitants of an area in a year (CBS Kerncijfers wijken en buurten): the denominator of
    rates per 1,000 inhabitants. ``young_people`` is the 15 to 25 age band where the table has it."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="populations")
    year = models.PositiveSmallIntegerField(_("year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    young_people = models.PositiveIntegerField(_("inhabitants aged 15 to 25"), null=True, blank=True)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="populations")

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        ordering = ["area", "year"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="population_area_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.area_id} {self.year}: {self.inhabitants}"


class AreaGeometry(models.Model):
    """The outline of an area (a GeoJSON geometry in WGS84, as uploaded with ``statcode``
    properties), used to draw maps of wijken and buurten."""

    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="geometry")
    geometry = models.JSONField(_("geometry"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("area outline")
        verbose_name_plural = _("area outlines")

    def __str__(self) -> str:
        return str(self.area)


class ImportKind(models.TextChoices):
    AREAS = "gebieden", _("region list")
    BULK = "bulk", _("bulk CSV with code lists")
    STATLINE = "statline", _("StatLine table export")
    GENERIC = "generic", _("spreadsheet with a column mapping")
    POPULATION = "bevolking", _("population")
    GEOMETRY = "geometrie", _("area outlines (GeoJSON)")


class ImportStatus(models.TextChoices):
    QUEUED = "wachtrij", _("waiting")
    RUNNING = "bezig", _("running")
    DONE = "klaar", _("done")
    FAILED = "afgewezen", _("rejected")


def import_file_path(instance: ImportJobFile, filename: str) -> str:
    return f"imports/{instance.job.uuid}/{uuid.uuid4().hex}"


class ImportJob(models.Model):
    """One import of official statistics, run as a background task: its files, its parameters, its
    progress while it runs and its outcome (counts, or the problems that rejected it)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    dry_run = models.BooleanField(_("dry run"), default=False)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    progress = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    dataset = models.ForeignKey(
        Dataset, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED}

    @property
    def percentage(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        return min(99, self.progress * 100 // self.total) if self.total else 0


class ImportFileRole(models.TextChoices):
    DATA = "data", _("data file")
    CODE_LIST = "codelijst", _("code list")


class ImportJobFile(models.Model):
    """A file uploaded for an import, kept until the import is done."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(_("role"), max_length=10, choices=ImportFileRole.choices)
    file = models.FileField(_("file"), upload_to=import_file_path)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)

    class Meta:
        verbose_name = _("import file")
        verbose_name_plural = _("import files")
        ordering = ["job", "role", "pk"]

    def __str__(self) -> str:
        return self.name
