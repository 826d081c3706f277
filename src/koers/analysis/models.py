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

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
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
