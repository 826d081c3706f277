"""Population per area and year: the denominator of every rate per 1,000 inhabitants.

Two formats are read:

* the bulk CSV (UntypedDataSet) of CBS *Kerncijfers wijken en buurten* (e.g. 85984NED): the padded
  ``WijkenEnBuurten`` key, ``AantalInwoners_5`` and, when present, ``k_15Tot25Jaar_9`` (15 to 25);
  missing values are empty or ``"       ."``;
* a simple CSV with an area code column and an inhabitants column (``code,inhabitants``, or as
  ``nhood_id,population`` with a row-number column in front).

The import is all-or-nothing, idempotent and audited like the other imports of official figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.services import record

from .models import Dataset, DatasetKind, Population
from .parsers import (
    MAX_BYTES,
    MAX_PROBLEMS,
    REGION_COLUMNS,
    ParseError,
    Problem,
    _read,
    _separator,
    area_level,
    decode,
    fail,
)
from .services import (
    AUDIT_EXAMPLES,
    BATCH_SIZE,
    FileLike,
    ImportResult,
    _area_lookup,
    _check_actor,
    _read_bytes,
)

Progress = Callable[[str, int, int], None]

INHABITANTS_COLUMN = "AantalInwoners_5"
YOUNG_COLUMN = "k_15Tot25Jaar_9"
SIMPLE_CODE_NAMES = (
    "code",
    "gebiedscode",
    "regiocode",
    "statcode",
    "nhood_id",
    "area",
    "gebied",
    *REGION_COLUMNS,
)
SIMPLE_INHABITANT_NAMES = (
    "inhabitants",
    "inwoners",
    "aantal_inwoners",
    "aantalinwoners",
    "population",
    "bevolking",
)
INTEGER_RE = re.compile(r"^\d+(?:\.0+)?$")
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class PopulationRow:
    area_code: str
    inhabitants: int | None
    young_people: int | None
    row: int


@dataclass
class PopulationTable:
    code_column: str
    inhabitants_column: str
    young_column: str | None
    rows: list[PopulationRow]


def _count(raw: str, *, row: int, column: str, problems: list[Problem]) -> int | None:
    value = raw.strip()
    if value in {"", "."}:
        return None
    if not INTEGER_RE.match(value):
        problems.append(
            Problem(
                _("“%(value)s” is not a whole number of inhabitants, an empty field or “.” (unknown).")
                % {"value": value},
                row=row,
                column=column,
            )
        )
        return None
    return int(value.split(".")[0])


def _columns(header: list[str]) -> tuple[str, str, str | None]:
    """Which columns hold the area code, the inhabitants and the young people."""
    if INHABITANTS_COLUMN in header:
        code = next((c for c in REGION_COLUMNS if c in header), None)
        if code is None:
            raise fail(
                _("The bulk file has no region column (WijkenEnBuurten or RegioS)."),
                row=1,
                column=REGION_COLUMNS[1],
            )
        return code, INHABITANTS_COLUMN, YOUNG_COLUMN if YOUNG_COLUMN in header else None
    lowered = {name.lower(): name for name in header}
    code = next((lowered[n.lower()] for n in SIMPLE_CODE_NAMES if n.lower() in lowered), None)
    inhabitants = next((lowered[n] for n in SIMPLE_INHABITANT_NAMES if n in lowered), None)
    named = [name for name in header if name]
    if (code is None or inhabitants is None) and len(named) == 2:
        code, inhabitants = code or named[0], inhabitants or named[1]
        if code == inhabitants:
            inhabitants = named[1] if code == named[0] else named[0]
    if code is None or inhabitants is None:
        raise fail(
            _(
                "The columns are not recognised. Use a CBS Kerncijfers bulk file (WijkenEnBuurten, "
                "AantalInwoners_5) or a file with two columns: the area code and the number of inhabitants. "
                "Found: %(found)s."
            )
            % {"found": ", ".join(header) or "-"},
            row=1,
        )
    return code, inhabitants, None


def parse_population(data: bytes, *, max_bytes: int = MAX_BYTES) -> PopulationTable:
    """The rows of a population file, or a :class:`ParseError` with every problem found."""
    text = decode(data, max_bytes=max_bytes)
    frame = _read(text, _separator(text))
    header = [c for c in frame.columns if c != "_row"]
    code_column, inhabitants_column, young_column = _columns(header)
    columns = ["_row", code_column, inhabitants_column, *([young_column] if young_column else [])]
    problems: list[Problem] = []
    rows: list[PopulationRow] = []
    first_row: dict[str, int] = {}
    for record_ in frame.select(columns).iter_rows():
        row, raw_code, raw_inhabitants = record_[0], record_[1], record_[2]
        code = raw_code.strip()
        if area_level(code) is None:
            problems.append(
                Problem(
                    _("“%(value)s” is not a region code such as GM0363, WK0363AA or BU0363AA01.")
                    % {"value": code},
                    row=row,
                    column=code_column,
                )
            )
        elif code in first_row:
            problems.append(
                Problem(
                    _("The area %(code)s occurs in row %(first)s as well.")
                    % {"code": code, "first": first_row[code]},
                    row=row,
                    column=code_column,
                )
            )
        else:
            first_row[code] = row
            inhabitants = _count(raw_inhabitants, row=row, column=inhabitants_column, problems=problems)
            young = (
                _count(record_[3], row=row, column=young_column, problems=problems) if young_column else None
            )
            rows.append(PopulationRow(area_code=code, inhabitants=inhabitants, young_people=young, row=row))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ParseError(problems)
    if not rows:
        raise fail(_("The file has a header but no rows."))
    return PopulationTable(
        code_column=code_column, inhabitants_column=inhabitants_column, young_column=young_column, rows=rows
    )


def _report(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress is not None:
        progress(stage, done, total)


@transaction.atomic
def population_import(
    *,
    actor: Any,
    file: FileLike,
    year: int,
    source: str,
    table_id: str,
    title: str,
    licence: str,
    downloaded_on: dt.date,
    reference_year: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Import the inhabitants of areas in ``year``. Every area must be in the region list (of
    ``reference_year`` when given); revised figures replace the earlier ones. When the file has no
    15-to-25 column, the young people already known are kept."""
    _check_actor(actor)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise fail(_("%(year)s is not a year of population figures.") % {"year": year})
    _report(progress, _("Reading the file"), 0, 1)
    data = _read_bytes(file, max_bytes)
    table = parse_population(data, max_bytes=max_bytes)
    total = len(table.rows)
    _report(progress, _("Checking the area codes"), 0, total)
    area_ids = _area_lookup({row.area_code for row in table.rows}, reference_year)
    problems = [
        Problem(
            _("The region code %(code)s is not in the region list. Import the region list first.")
            % {"code": row.area_code},
            row=row.row,
            column=table.code_column,
        )
        for row in table.rows
        if row.area_code not in area_ids
    ][:MAX_PROBLEMS]
    if problems:
        raise ParseError(problems)

    existing: dict[int, Population] = {
        p.area_id: p for p in Population.objects.filter(year=year, area_id__in=list(area_ids.values()))
    }
    result = ImportResult(dry_run=dry_run)
    to_create: list[Population] = []
    to_update: list[Population] = []
    for done, row in enumerate(table.rows, start=1):
        area_id = area_ids[row.area_code]
        young = row.young_people
        current = existing.get(area_id)
        if current is None:
            result.added += 1
            to_create.append(
                Population(area_id=area_id, year=year, inhabitants=row.inhabitants, young_people=young)
            )
        else:
            if table.young_column is None:
                young = current.young_people
            if (current.inhabitants, current.young_people) != (row.inhabitants, young):
                result.changed += 1
                if len(result.examples) < AUDIT_EXAMPLES:
                    result.examples.append(
                        {
                            "area": row.area_code,
                            "year": year,
                            "before": current.inhabitants,
                            "after": row.inhabitants,
                            "young_before": current.young_people,
                            "young_after": young,
                        }
                    )
                current.inhabitants, current.young_people = row.inhabitants, young
                to_update.append(current)
            else:
                result.unchanged += 1
        if done % BATCH_SIZE == 0:
            _report(progress, _("Comparing with the figures already known"), done, total)

    checksum = hashlib.sha256(data).hexdigest()
    dataset = Dataset.objects.select_for_update().filter(source=source, table_id=table_id).first()
    metadata = {"title": title, "licence": licence, "downloaded_on": downloaded_on, "checksum": checksum}
    metadata_changed = dataset is None or any(getattr(dataset, k) != v for k, v in metadata.items())
    if dry_run or not (result.added or result.changed or metadata_changed):
        result.dataset = dataset
        _report(progress, _("Done"), total, total)
        return result

    if dataset is None:
        dataset = Dataset(source=source, table_id=table_id, kind=DatasetKind.POPULATION)
    for name, value in metadata.items():
        setattr(dataset, name, value)
    dataset.imported_at = timezone.now()
    dataset.imported_by = actor if getattr(actor, "pk", None) else None
    dataset.save()
    for population in to_create:
        population.dataset = dataset
    for population in to_update:
        population.dataset = dataset
    _report(progress, _("Saving"), 0, total)
    Population.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    Population.objects.bulk_update(
        to_update, ["inhabitants", "young_people", "dataset"], batch_size=BATCH_SIZE
    )
    record(
        actor=actor,
        action="population.import",
        obj=dataset,
        changes={**result.counts, "year": year, "checksum": checksum, "examples": result.examples},
    )
    result.dataset = dataset
    _report(progress, _("Done"), total, total)
    return result
