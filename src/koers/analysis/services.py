"""Every write of the official statistics. Imports are all-or-nothing (one transaction, nothing
written unless the whole file is valid), idempotent (the same file again changes nothing) and write
in bulk. Each import that changes something records one audit event with its counts."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.services import record

from .models import Area, Dataset, DatasetKind, Measure, Observation
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

FileLike = bytes | IO[bytes]


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
    *, actor: Any, file: FileLike, reference_year: int, dry_run: bool = False, max_bytes: int = MAX_BYTES
) -> ImportResult:
    """Import the region list of one reference year (division). Existing areas of that year keep
    their identity; names and parents are updated when the list changed."""
    _check_actor(actor)
    rows = parse_areas(_read_bytes(file, max_bytes), max_bytes=max_bytes)
    result = ImportResult(dry_run=dry_run)
    existing = {area.code: area for area in Area.objects.filter(reference_year=reference_year)}
    ids = {code: area.pk for code, area in existing.items()}
    changed_areas: list[Area] = []
    by_level: dict[str, list[Area]] = {level: [] for level in LEVEL_ORDER}
    pending_parent: dict[str, str | None] = {}
    for row in rows:
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

    for level in LEVEL_ORDER:
        new = by_level[level]
        for area in new:
            parent_code = pending_parent[area.code]
            area.parent_id = ids.get(parent_code) if parent_code else None
        Area.objects.bulk_create(new, batch_size=BATCH_SIZE)
        ids.update(Area.objects.filter(reference_year=reference_year, level=level).values_list("code", "pk"))
    Area.objects.bulk_update(changed_areas, ["name", "level", "parent"], batch_size=BATCH_SIZE)
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
) -> ImportResult:
    """Import a bulk CSV with the code list of its measure dimension. Regions must be in the
    region list; every measure code must be in the code list. A revised file updates the values
    that changed; values not in the file are kept."""
    _check_actor(actor)
    data = _read_bytes(file, max_bytes)
    table = parse_bulk(data, max_bytes=max_bytes)
    lists = [*(code_list_files or ()), *([code_list_file] if code_list_file is not None else [])]
    if not lists:
        raise ParseError([Problem(_("Add the code list of %(column)s.") % {"column": table.measure_column})])
    code_lists: list[CodeList] = [
        parse_code_list(_read_bytes(f, max_bytes), dimension=table.measure_column, max_bytes=max_bytes)
        for f in lists
    ]
    codes: dict[str, tuple[str, Any]] = {}
    for code_list in code_lists:
        for entry in code_list.entries:
            codes.setdefault(entry.code, (code_list.classification, entry))

    area_ids = _area_lookup({row.area_code for row in table.rows}, reference_year)
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for row in table.rows:
        if row.area_code not in area_ids and ("area", row.area_code) not in reported:
            reported.add(("area", row.area_code))
            problems.append(
                Problem(
                    _("The region code %(code)s is not in the region list. Import the region list first.")
                    % {"code": row.area_code},
                    row=row.row,
                    column=table.region_column,
                )
            )
        if row.measure_code not in codes and ("measure", row.measure_code) not in reported:
            reported.add(("measure", row.measure_code))
            problems.append(
                Problem(
                    _("The code %(code)s is not in the code list.") % {"code": row.measure_code},
                    row=row.row,
                    column=table.measure_column,
                )
            )
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ParseError(problems)

    result = ImportResult(dry_run=dry_run)
    used = {row.measure_code for row in table.rows}
    measures = {
        (m.classification, m.code): m
        for m in Measure.objects.filter(code__in=used, classification__in={c for c, _e in codes.values()})
    }
    new_measures = []
    for code in sorted(used):
        classification, entry = codes[code]
        measure = measures.get((classification, code))
        if measure is None:
            new_measures.append(
                Measure(
                    classification=classification,
                    code=code,
                    title=entry.title[:200],
                    description=entry.description,
                    kind=entry.kind,
                )
            )
    result.measures_added = len(new_measures)

    checksum = hashlib.sha256(data).hexdigest()
    dataset = Dataset.objects.select_for_update().filter(source=source, table_id=table_id).first()
    existing: dict[tuple[int, str, int, str], tuple[int, Decimal | None, str]] = {}
    if dataset is not None:
        existing = {
            (area_id, period, measure_id, topic): (pk, value, status)
            for pk, area_id, period, measure_id, topic, value, status in dataset.observations.values_list(
                "pk", "area_id", "period", "measure_id", "topic", "value", "status"
            ).iterator(chunk_size=BATCH_SIZE)
        }
    if not dry_run:
        Measure.objects.bulk_create(new_measures, batch_size=BATCH_SIZE)
        measures.update(
            {
                (m.classification, m.code): m
                for m in Measure.objects.filter(
                    code__in=used, classification__in={c for c, _e in codes.values()}
                )
            }
        )
    measure_ids = {code: m.pk for (_c, code), m in measures.items()}

    to_create: list[Observation] = []
    to_update: list[Observation] = []
    for row in table.rows:
        measure_id = measure_ids.get(row.measure_code, 0)  # 0: a new measure in a dry run
        key = (area_ids[row.area_code], row.period.code, measure_id, row.topic)
        current = existing.get(key)
        if current is None:
            result.added += 1
            to_create.append(
                Observation(
                    area_id=key[0],
                    period=row.period.code,
                    year=row.period.year,
                    month=row.period.month,
                    quarter=row.period.quarter,
                    measure_id=measure_id,
                    topic=row.topic,
                    value=row.value,
                    status=row.status,
                )
            )
        elif current[1] != row.value or current[2] != row.status:
            result.changed += 1
            if len(result.examples) < AUDIT_EXAMPLES:
                result.examples.append(
                    {
                        "area": row.area_code,
                        "period": row.period.code,
                        "measure": row.measure_code,
                        "topic": row.topic,
                        "before": _number(current[1]),
                        "after": _number(row.value),
                    }
                )
            to_update.append(Observation(pk=current[0], value=row.value, status=row.status))
        else:
            result.unchanged += 1

    metadata = {"title": title, "licence": licence, "downloaded_on": downloaded_on, "checksum": checksum}
    metadata_changed = dataset is None or any(getattr(dataset, k) != v for k, v in metadata.items())
    if dry_run or not (result.added or result.changed or result.measures_added or metadata_changed):
        result.dataset = dataset
        return result

    if dataset is None:
        dataset = Dataset(source=source, table_id=table_id, kind=DatasetKind.BULK)
    for name, value in metadata.items():
        setattr(dataset, name, value)
    dataset.imported_at = timezone.now()
    dataset.imported_by = actor if getattr(actor, "pk", None) else None
    dataset.save()
    for observation in to_create:
        observation.dataset = dataset
    Observation.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Observation.objects.bulk_update(to_update, ["value", "status"], batch_size=BATCH_SIZE)
    record(
        actor=actor,
        action="dataset.import",
        obj=dataset,
        changes={**result.counts, "checksum": checksum, "examples": result.examples},
    )
    result.dataset = dataset
    return result
