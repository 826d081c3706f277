"""How new figures are written: all-or-nothing when the write fails part-way, the same file again
changes nothing, and on PostgreSQL the foreign-key checks done once per referenced row instead of
per figure (ADR 0039) never outlive the COPY they were skipped for."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from django.db import connection
from django.utils.translation import gettext

from koers.analysis import services
from koers.analysis.models import Area, Dataset, DatasetKind, Measure, Observation, ObservationStatus
from koers.audit.models import AuditEvent
from tests import analysis_formats as formats
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DATASET = {
    "source": "Politie",
    "table_id": "47018NED",
    "title": "Geregistreerde misdrijven",
    "licence": "",
    "downloaded_on": dt.date(2024, 9, 1),
}
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path of PostgreSQL")


@pytest.fixture
def admin():
    return UserFactory(superuser=True)


@pytest.fixture
def areas(admin):
    return services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024)


def import_dataset(actor, **kwargs):
    return services.dataset_import(
        actor=actor, file=formats.bulk(), code_list_files=[formats.code_list()], **{**DATASET, **kwargs}
    )


def replication_role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0]


class WriteFailed(Exception):
    pass


def test_a_failure_part_way_through_writing_leaves_no_figures_and_no_changed_setting(
    admin, areas, monkeypatch
):
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)  # several chunks out of the seven figures
    written = []

    def progress(stage, done, total):
        if stage == gettext("Writing new figures"):
            written.append(done)
            if done >= 4:
                raise WriteFailed

    with pytest.raises(WriteFailed):
        import_dataset(admin, progress=progress)

    assert written == [2, 4]  # it failed after the first chunks had gone to the database
    assert not Observation.objects.exists()
    assert not Dataset.objects.exists()
    assert not Measure.objects.exists()
    assert not AuditEvent.objects.filter(action="dataset.import").exists()
    if connection.vendor == "postgresql":
        assert replication_role() == "origin"  # foreign-key triggers fire again

    result = import_dataset(admin)  # the same file imports cleanly afterwards
    assert result.added == 7
    again = import_dataset(admin)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 7)
    assert Observation.objects.count() == 7
    assert AuditEvent.objects.filter(action="dataset.import").count() == 1


def test_text_nulls_and_empty_strings_are_written_exactly(admin, areas):
    dataset = Dataset.objects.create(
        kind=DatasetKind.GENERIC,
        imported_at=dt.datetime.now(dt.UTC),
        downloaded_on=dt.date(2024, 1, 1),
        **{k: DATASET[k] for k in ("source", "table_id", "title", "licence")},
    )
    area = Area.objects.get(code="GM9999", reference_year=2024)
    measure = Measure.objects.create(classification="eigen", code="x", title="x")
    topics = ['Aantal "x", totaal', "regel\nnieuw", "tab\tteken", "\\N", ""]
    rows = pl.DataFrame(
        {
            "dataset_id": [dataset.pk] * 5,
            "area_id": [area.pk] * 5,
            "measure_id": [measure.pk] * 5,
            "topic": topics,
            "period": ["2023JJ00", "2023MM01", "2023KW01", "2023JJ00", "2023JJ00"],
            "year": [2023] * 5,
            "month": [None, 1, None, None, None],
            "quarter": [None, None, 1, None, None],
            "value": ["25.6000", None, "-0.0001", None, "1234567890.1234"],
            "status": ["", ObservationStatus.EMPTY, "", ObservationStatus.UNKNOWN, ""],
        },
        schema_overrides={"month": pl.Int64, "quarter": pl.Int64, "value": pl.String},
    )
    services._insert_rows(rows, None, "")
    stored = list(
        Observation.objects.order_by("pk").values_list("topic", "month", "quarter", "value", "status")
    )
    assert stored == [
        ('Aantal "x", totaal', None, None, Decimal("25.6"), ""),
        ("regel\nnieuw", 1, None, None, "empty"),
        ("tab\tteken", None, 1, Decimal("-0.0001"), ""),
        ("\\N", None, None, None, "unknown"),
        ("", None, None, Decimal("1234567890.1234"), ""),
    ]
    if connection.vendor == "postgresql":
        assert replication_role() == "origin"


@postgresql_only
def test_references_are_checked_once_and_the_triggers_come_back(admin, areas, monkeypatch):
    outcomes = []
    check = services._skip_reference_triggers

    def spy(cursor, rows):
        outcomes.append(check(cursor, rows))
        return outcomes[-1]

    monkeypatch.setattr(services, "_skip_reference_triggers", spy)
    import_dataset(admin)
    assert outcomes == ["origin"]  # the test database's role may skip the per-row checks
    assert replication_role() == "origin"
    assert Observation.objects.count() == 7


@postgresql_only
def test_a_missing_reference_keeps_the_per_row_checks(admin, areas):
    area = Area.objects.get(code="GM9999", reference_year=2024)
    measure = Measure.objects.create(classification="eigen", code="x", title="x")
    rows = pl.DataFrame({"dataset_id": [10**12], "area_id": [area.pk], "measure_id": [measure.pk]})
    with connection.cursor() as cursor:
        assert services._skip_reference_triggers(cursor, rows) is None
    assert replication_role() == "origin"


@postgresql_only
def test_without_the_privilege_the_import_still_checks_every_row(admin, areas, monkeypatch):
    monkeypatch.setattr(services, "_skip_reference_triggers", lambda cursor, rows: None)
    result = import_dataset(admin)
    assert result.added == 7
    assert import_dataset(admin).unchanged == 7


@postgresql_only
def test_the_observation_table_has_no_triggers_or_rules_of_its_own():
    """The COPY skips every trigger and rule on the table, not only the foreign-key checks; one
    added later would be skipped too. Whoever adds one must revisit ADR 0039."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [Observation._meta.db_table],
        )
        assert cursor.fetchall() == []
        cursor.execute("SELECT rulename FROM pg_rules WHERE tablename = %s", [Observation._meta.db_table])
        assert cursor.fetchall() == []
