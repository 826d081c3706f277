"""Every write of the official statistics. Imports are all-or-nothing (one transaction, nothing
written unless the whole file is valid), idempotent (the same file again changes nothing) and write
in bulk. Each import that changes something records one audit event with its counts."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.services import record

from .models import Area, Dataset, DatasetKind, Measure, MeasureKind, Observation
from .parsers import (
    MAX_BYTES,
    MAX_PROBLEMS,
    CodeList,
    ParseError,
    Problem,
    parse_areas,
    parse_bulk,
    parse_code_list,
)

BATCH_SIZE = 2000
AUDIT_EXAMPLES = 20
LEVEL_ORDER = ("land", "gemeente", "wijk", "buurt")

PROGRESS_EVERY = 5000
SQLITE_CACHE_KB = 256 * 1024
DECIMAL = pl.Decimal(18, 4)

FileLike = bytes | IO[bytes]
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    """What an import did, or in a dry run would do."""

    dry_run: bool
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    measures_added: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)
    dataset: Dataset | None = None
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "measures_added": self.measures_added,
        }


def _read_bytes(file: FileLike, max_bytes: int) -> bytes:
    if isinstance(file, bytes):
        return file
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(max_bytes + 1)
    return data if isinstance(data, bytes) else bytes(data)


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _check_actor(actor: Any) -> None:
    if not getattr(actor, "has_perm", None) or not actor.has_perm("analysis.import_reference_data"):
        raise PermissionDenied(_("Only an installation administrator imports official statistics."))


# Region list -------------------------------------------------------------------------------------


@transaction.atomic
def areas_import(
    *,
    actor: Any,
    file: FileLike,
    reference_year: int,
    dry_run: bool = False,
    max_bytes: int = MAX_BYTES,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the region list of one reference year (division). Existing areas of that year keep
    their identity; names and parents are updated when the list changed."""
    _check_actor(actor)
    _report(progress, _("Reading the file"), 0, 0)
    rows = parse_areas(_read_bytes(file, max_bytes), max_bytes=max_bytes)
    total = len(rows)
    result = ImportResult(dry_run=dry_run)
    existing = {area.code: area for area in Area.objects.filter(reference_year=reference_year)}
    ids = {code: area.pk for code, area in existing.items()}
    changed_areas: list[Area] = []
    by_level: dict[str, list[Area]] = {level: [] for level in LEVEL_ORDER}
    pending_parent: dict[str, str | None] = {}
    stage = _("Checking regions")
    for number, row in enumerate(rows, start=1):
        if number % PROGRESS_EVERY == 0:
            _report(progress, stage, number, total)
        area = existing.get(row.code)
        if area is None:
            result.added += 1
            by_level[row.level].append(
                Area(code=row.code, name=row.name, level=row.level, reference_year=reference_year)
            )
            pending_parent[row.code] = row.parent_code
            continue
        parent_id = ids.get(row.parent_code) if row.parent_code else None
        before = {"name": area.name, "level": area.level, "parent": area.parent_id}
        if before != {"name": row.name, "level": row.level, "parent": parent_id}:
            result.changed += 1
            if len(result.examples) < AUDIT_EXAMPLES:
                result.examples.append({"code": row.code, "before": area.name, "after": row.name})
            area.name, area.level, area.parent_id = row.name, row.level, parent_id
            changed_areas.append(area)
        else:
            result.unchanged += 1
    if dry_run or not (result.added or result.changed):
        return result

    _report(progress, stage, total, total)
    written, stage = 0, _("Writing regions")
    for level in LEVEL_ORDER:
        new = by_level[level]
        for area in new:
            parent_code = pending_parent[area.code]
            area.parent_id = ids.get(parent_code) if parent_code else None
        for start in range(0, len(new), PROGRESS_EVERY):
            Area.objects.bulk_create(new[start : start + PROGRESS_EVERY], batch_size=BATCH_SIZE)
            written += len(new[start : start + PROGRESS_EVERY])
            _report(progress, stage, written, result.added + result.changed)
        ids.update(Area.objects.filter(reference_year=reference_year, level=level).values_list("code", "pk"))
    Area.objects.bulk_update(changed_areas, ["name", "level", "parent"], batch_size=BATCH_SIZE)
    _report(progress, stage, result.added + result.changed, result.added + result.changed)
    record(
        actor=actor,
        action="area.import",
        changes={**result.counts, "reference_year": reference_year, "examples": result.examples},
        object_repr=_("Region list %(year)s") % {"year": reference_year},
    )
    return result


# Datasets ----------------------------------------------------------------------------------------


def _area_lookup(codes: Iterable[str], reference_year: int | None) -> dict[str, int]:
    """Area ids by code: the given division, or else the most recent one that has the code."""
    wanted = sorted(set(codes))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), BATCH_SIZE):  # stays below the database's parameter limit
        queryset = Area.objects.filter(code__in=wanted[start : start + BATCH_SIZE])
        if reference_year is not None:
            queryset = queryset.filter(reference_year=reference_year)
        found.update(queryset.order_by("code", "reference_year").values_list("code", "pk"))
    return found


@dataclass(frozen=True)
class MeasureSpec:
    """A measure as a file or code list describes it; created when it does not exist yet."""

    classification: str
    code: str
    title: str
    description: str = ""
    kind: str = MeasureKind.DETAIL


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


def _first_rows_of(frame: pl.DataFrame, column: str, known: Iterable[str]) -> list[tuple[int, str]]:
    """The first row of every value of ``column`` that is not in ``known``."""
    unknown = (
        frame.lazy()
        .filter(~pl.col(column).is_in(list(known)))
        .group_by(column)
        .agg(pl.col("_row").min())
        .sort("_row")
        .head(MAX_PROBLEMS)
        .collect()
    )
    return [(row, value) for value, row in unknown.iter_rows()]


def _existing_observations(dataset: Dataset) -> pl.DataFrame:
    """The dataset's observations as a frame, read in one raw query (values as text)."""
    table = Observation._meta.db_table
    schema = {
        "pk": pl.Int64,
        "area_id": pl.Int64,
        "period": pl.String,
        "measure_id": pl.Int64,
        "topic": pl.String,
        "old_value": pl.String,
        "old_status": pl.String,
    }
    chunks = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, area_id, period, measure_id, topic, CAST(value AS TEXT), status "  # noqa: S608
            f"FROM {table} WHERE dataset_id = %s",
            [dataset.pk],
        )
        while rows := cursor.fetchmany(50_000):
            chunks.append(pl.DataFrame(rows, schema=schema, orient="row"))
    if not chunks:
        return pl.DataFrame(schema=schema)
    frame = pl.concat(chunks)
    # SQLite gives REAL values as text such as "1.0e+15"; read those through a float.
    as_decimal = pl.col("old_value").cast(DECIMAL, strict=False)
    fallback = pl.col("old_value").cast(pl.Float64, strict=False).cast(DECIMAL, strict=False)
    return frame.with_columns(pl.coalesce(as_decimal, fallback).alias("old_value"))


INSERT_COLUMNS = (
    "dataset_id",
    "area_id",
    "measure_id",
    "topic",
    "period",
    "year",
    "month",
    "quarter",
    "value",
    "status",
)


def _insert_rows(rows: pl.DataFrame, progress: Progress | None, stage: str) -> None:
    """Write new observations in bulk: COPY on PostgreSQL, one prepared INSERT on SQLite and
    others. Runs inside the caller's transaction."""
    columns = ", ".join(INSERT_COLUMNS)
    table = Observation._meta.db_table
    if connection.vendor == "postgresql":
        _copy_rows(rows, table, columns, progress, stage)
    else:
        _executemany_rows(rows, table, columns, progress, stage)


def _executemany_rows(
    rows: pl.DataFrame, table: str, columns: str, progress: Progress | None, stage: str
) -> None:
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(INSERT_COLUMNS))})"  # noqa: S608
    total, done = rows.height, 0
    with connection.cursor() as cursor:
        cache = None
        if connection.vendor == "sqlite" and total > PROGRESS_EVERY:
            # A larger page cache while the three indexes grow (the default is 2 MB); it changes
            # nothing that is written and is put back afterwards.
            cursor.execute("PRAGMA cache_size")
            cache = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
        try:
            for chunk in rows.iter_slices(PROGRESS_EVERY):
                cursor.executemany(sql, chunk.rows())
                done += chunk.height
                _report(progress, stage, done, total)
        finally:
            if cache is not None:
                cursor.execute(f"PRAGMA cache_size = {int(cache)}")


def _copy_rows(rows: pl.DataFrame, table: str, columns: str, progress: Progress | None, stage: str) -> None:
    """COPY in CSV, each chunk written by polars (no Python work per row). When the references are
    checked and locked here in one query per table, the per-row foreign-key triggers are skipped
    for this COPY only (ADR 0039); otherwise PostgreSQL checks every row at commit as before."""
    total, done = rows.height, 0
    # A savepoint of its own: when the COPY fails, rolling back to it also puts the setting back.
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        previous = _skip_reference_triggers(cursor, rows)
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
            for chunk in rows.iter_slices(PROGRESS_EVERY):
                # Unquoted empty is NULL and "" the empty string, as COPY's CSV format reads them.
                copy.write(chunk.write_csv(include_header=False, null_value="", quote_style="necessary"))
                done += chunk.height
                _report(progress, stage, done, total)
        if previous is not None:
            cursor.execute("SELECT set_config('session_replication_role', %s, true)", [previous])


REFERENCES = (("dataset_id", Dataset), ("area_id", Area), ("measure_id", Measure))


def _skip_reference_triggers(cursor: Any, rows: pl.DataFrame) -> str | None:
    """Check that every dataset, area and measure the new rows refer to exists and lock those rows
    against deletion (``FOR KEY SHARE``, what the foreign-key trigger does for each row), then
    switch the triggers off with ``session_replication_role`` until the caller puts it back.
    Returns the setting to put back, or None when the triggers stay on: the database role may not
    change the setting, or a reference is missing (the triggers then refuse it at commit)."""
    if not connection.in_atomic_block:
        return None
    # Asked first, so that a role without the privilege does not log a refused SET per import.
    cursor.execute(
        "SELECT current_setting('session_replication_role'), current_setting('is_superuser') = 'on'"
        " OR has_parameter_privilege('session_replication_role', 'SET')"
    )
    previous, allowed = cursor.fetchone()
    if previous != "origin" or not allowed:
        return None
    for column, model in REFERENCES:
        ids = rows.get_column(column).unique().drop_nulls().to_list()
        table = model._meta.db_table
        cursor.execute(
            f"SELECT count(*) FROM (SELECT id FROM {table} WHERE id = ANY(%s) FOR KEY SHARE) AS locked",  # noqa: S608
            [ids],
        )
        if cursor.fetchone()[0] != len(ids) or rows.get_column(column).null_count():
            return None
    try:
        with transaction.atomic():  # a savepoint: a refused SET leaves the transaction usable
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        return None
    return previous


def _update_rows(rows: pl.DataFrame, progress: Progress | None, stage: str) -> None:
    table = Observation._meta.db_table
    sql = f"UPDATE {table} SET value = %s, status = %s WHERE id = %s"  # noqa: S608
    total, done = rows.height, 0
    with connection.cursor() as cursor:
        for chunk in rows.iter_slices(PROGRESS_EVERY):
            cursor.executemany(sql, chunk.rows())
            done += chunk.height
            _report(progress, stage, done, total)


def store_observations(
    *,
    actor: Any,
    frame: pl.DataFrame,
    measures: dict[str, MeasureSpec],
    data: bytes,
    kind: str,
    source: str,
    table_id: str,
    title: str,
    licence: str,
    downloaded_on: dt.date,
    reference_year: int | None,
    dry_run: bool,
    progress: Progress | None,
    region_column: str,
    measure_column: str,
    result: ImportResult | None = None,
    area_ids: dict[str, int] | None = None,
    audit_changes: dict[str, Any] | None = None,
) -> ImportResult:
    """The part every dataset import shares: check regions and codes, compare with what the dataset
    holds (a join in polars), then write new and changed observations in bulk. ``frame`` has the
    columns of :data:`parsers.OBSERVATION_COLUMNS`, values as decimal text."""
    result = result or ImportResult(dry_run=dry_run)
    total = frame.height
    stage_check = _("Checking regions and codes")
    _report(progress, stage_check, 0, total)
    if area_ids is None:
        area_ids = _area_lookup(frame.get_column("area").unique().to_list(), reference_year)
    problems = [
        Problem(
            _("The region code %(code)s is not in the region list. Import the region list first.")
            % {"code": code},
            row=row,
            column=region_column,
        )
        for row, code in _first_rows_of(frame, "area", area_ids)
    ]
    problems += [
        Problem(
            _("The code %(code)s is not in the code list.") % {"code": code}, row=row, column=measure_column
        )
        for row, code in _first_rows_of(frame, "measure", measures)
    ]
    frame = frame.with_columns(pl.col("value").cast(DECIMAL, strict=False).alias("number"))
    too_large = frame.filter(pl.col("value").is_not_null() & pl.col("number").is_null()).head(MAX_PROBLEMS)
    problems += [
        Problem(
            _("“%(value)s” does not fit: at most 14 digits before and 4 after the decimal point.")
            % {"value": value},
            row=row,
        )
        for row, value in too_large.select("_row", "value").iter_rows()
    ]
    if problems:
        raise ParseError(sorted(problems, key=lambda p: (p.row or 0, p.column)))
    _report(progress, stage_check, total, total)

    used = frame.get_column("measure").unique().to_list()
    wanted = [measures[code] for code in used]
    found: dict[str, Measure] = {}
    for classification in {spec.classification for spec in wanted}:
        codes = [spec.code for spec in wanted if spec.classification == classification]
        for start in range(0, len(codes), BATCH_SIZE):
            for measure in Measure.objects.filter(
                classification=classification, code__in=codes[start : start + BATCH_SIZE]
            ):
                found[measure.code] = measure
    new_measures = [
        Measure(
            classification=spec.classification,
            code=spec.code,
            title=spec.title[:200],
            description=spec.description,
            kind=spec.kind,
        )
        for spec in sorted(wanted, key=lambda s: s.code)
        if spec.code not in found
    ]
    result.measures_added = len(new_measures)

    checksum = hashlib.sha256(data).hexdigest()
    dataset = Dataset.objects.select_for_update().filter(source=source, table_id=table_id).first()
    if not dry_run and new_measures:
        Measure.objects.bulk_create(new_measures, batch_size=BATCH_SIZE)
        for measure in new_measures:
            if measure.pk is None:  # backends that do not return ids from a bulk insert
                measure.pk = Measure.objects.get(classification=measure.classification, code=measure.code).pk
            found[measure.code] = measure
    measure_ids = {code: measure.pk for code, measure in found.items()}

    frame = frame.with_columns(
        pl.col("area").replace_strict(area_ids, default=None, return_dtype=pl.Int64).alias("area_id"),
        pl.col("measure")
        .replace_strict(measure_ids, default=None, return_dtype=pl.Int64)
        .alias("measure_id"),
    )
    keys = ["area_id", "period", "measure_id", "topic"]
    if dataset is not None:
        _report(progress, _("Comparing with the figures already imported"), 0, total)
        frame = frame.join(_existing_observations(dataset), on=keys, how="left")
    else:
        frame = frame.with_columns(
            pl.lit(None, dtype=pl.Int64).alias("pk"),
            pl.lit(None, dtype=DECIMAL).alias("old_value"),
            pl.lit(None, dtype=pl.String).alias("old_status"),
        )
    is_new = pl.col("pk").is_null()
    differs = (pl.col("status") != pl.col("old_status")) | pl.col("number").ne_missing(pl.col("old_value"))
    frame = frame.with_columns(is_new.alias("_new"), (~is_new & differs).alias("_changed"))
    result.added = int(frame.get_column("_new").sum())
    changed = frame.filter(pl.col("_changed")).sort("_row")
    result.changed = changed.height
    result.unchanged = total - result.added - result.changed
    for area, period, measure, topic, before, after in (
        changed.head(AUDIT_EXAMPLES)
        .select("area", "period", "measure", "topic", "old_value", "number")
        .iter_rows()
    ):
        if len(result.examples) >= AUDIT_EXAMPLES:
            break
        result.examples.append(
            {
                "area": area,
                "period": period,
                "measure": measure,
                "topic": topic,
                "before": _number(before),
                "after": _number(after),
            }
        )

    metadata = {"title": title, "licence": licence, "downloaded_on": downloaded_on, "checksum": checksum}
    metadata_changed = dataset is None or any(getattr(dataset, k) != v for k, v in metadata.items())
    if dry_run or not (result.added or result.changed or result.measures_added or metadata_changed):
        result.dataset = dataset
        return result

    if dataset is None:
        dataset = Dataset(source=source, table_id=table_id, kind=kind)
    for name, value in metadata.items():
        setattr(dataset, name, value)
    dataset.imported_at = timezone.now()
    dataset.imported_by = actor if getattr(actor, "pk", None) else None
    dataset.save()
    added = frame.filter(pl.col("_new")).select(
        pl.lit(dataset.pk, dtype=pl.Int64).alias("dataset_id"),
        "area_id",
        "measure_id",
        "topic",
        "period",
        "year",
        "month",
        "quarter",
        _decimal_text("number").alias("value"),
        "status",
    )
    # In key order the unique index and the trend index grow at their end instead of all over.
    _insert_rows(added.sort("area_id", "period", "measure_id", "topic"), progress, _("Writing new figures"))
    _update_rows(
        changed.select(_decimal_text("number").alias("value"), "status", "pk"),
        progress,
        _("Updating changed figures"),
    )
    record(
        actor=actor,
        action="dataset.import",
        obj=dataset,
        changes={**result.counts, "checksum": checksum, "examples": result.examples, **(audit_changes or {})},
    )
    from koers.indicators.services import sync_after_import  # indicators build on the statistics

    sync_after_import(actor=actor, measure_ids=set(measure_ids.values()))
    result.dataset = dataset
    return result


def _decimal_text(column: str) -> pl.Expr:
    """A decimal as text a database reads exactly (``25.6000``), or null."""
    return pl.col(column).cast(pl.String)


@transaction.atomic
def dataset_import(
    *,
    actor: Any,
    file: FileLike,
    code_list_files: Sequence[FileLike] | None = None,
    code_list_file: FileLike | None = None,
    source: str,
    table_id: str,
    title: str,
    licence: str,
    downloaded_on: dt.date,
    reference_year: int | None = None,
    dry_run: bool = False,
    max_bytes: int = MAX_BYTES,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a bulk CSV with the code list of its measure dimension. Regions must be in the
    region list; every measure code must be in the code list. A revised file updates the values
    that changed; values not in the file are kept."""
    _check_actor(actor)
    data = _read_bytes(file, max_bytes)
    _report(progress, _("Reading the file"), 0, 0)
    table = parse_bulk(data, max_bytes=max_bytes)
    lists = [*(code_list_files or ()), *([code_list_file] if code_list_file is not None else [])]
    if not lists:
        raise ParseError([Problem(_("Add the code list of %(column)s.") % {"column": table.measure_column})])
    code_lists: list[CodeList] = [
        parse_code_list(_read_bytes(f, max_bytes), dimension=table.measure_column, max_bytes=max_bytes)
        for f in lists
    ]
    specs: dict[str, MeasureSpec] = {}
    for code_list in code_lists:
        for entry in code_list.entries:
            specs.setdefault(
                entry.code,
                MeasureSpec(
                    classification=code_list.classification,
                    code=entry.code,
                    title=entry.title,
                    description=entry.description,
                    kind=entry.kind,
                ),
            )
    return store_observations(
        actor=actor,
        frame=table.frame,
        measures=specs,
        data=data,
        kind=DatasetKind.BULK,
        source=source,
        table_id=table_id,
        title=title,
        licence=licence,
        downloaded_on=downloaded_on,
        reference_year=reference_year,
        dry_run=dry_run,
        progress=progress,
        region_column=table.region_column,
        measure_column=table.measure_column,
    )
