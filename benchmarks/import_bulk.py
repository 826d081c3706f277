"""How fast Koers imports a bulk CSV compared with polars only reading it.

Generates a bulk CSV in the published format (BOM, ';', every field quoted, keys and values padded;
police crime codes, wijken and buurten, years 2012-2023) with its region list and code list, then:

1. polars reads the CSV (in a child process, so its memory is measured apart);
2. Koers imports the region list, then the bulk CSV (``dataset_import``: all checks, audit);
3. Koers imports the same file again (nothing changes: the comparison path).

SQLite in a temporary file by default; PostgreSQL when DATABASE_URL is set (the benchmark's rows are
removed afterwards). On PostgreSQL it then measures the floor: a plain COPY of the same rows into a
table without indexes, and into the observation table with its indexes (with and without the
per-row foreign-key checks), each rolled back. Usage::

    uv run python benchmarks/import_bulk.py [--rows N] [--keep DIR] [--per-row-checks] [--no-floor]

The goal is that Koers imports at least a tenth of the rate at which polars reads; the script
reports the ratio and does not assert it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

YEARS = [f"{year}JJ00" for year in range(2012, 2024)]
REFERENCE_YEAR = 2099  # a division of its own, so the benchmark never touches real areas
SOURCE = "Benchmark"


def police_codes() -> list[tuple[str, str]]:
    """59 codes like the police classification: the total, subtotals and detail codes."""
    codes = [("0.0.0", "Totaal misdrijven")]
    for first in range(1, 4):
        for second in range(1, 5):
            codes.append((f"{first}.{second}.0", f"{first}.{second} Groep"))
            for third in range(1, 4):
                codes.append((f"{first}.{second}.{third}", f"{first}.{second}.{third} Soort"))
    codes += [(f"3.9.{n}", f"3.9.{n} Overig") for n in range(1, 11)]
    return codes[:59]


def regions(count: int) -> list[tuple[str, str]]:
    """Municipalities with 10 wijken of 12 buurten each, until there are ``count`` regions."""
    found: list[tuple[str, str]] = []
    municipality = 9000
    while len(found) < count:
        gm = f"{municipality:04d}"
        found.append((f"GM{gm}", f"Gemeente {gm}"))
        for wijk in range(10):
            found.append((f"WK{gm}{wijk:02d}", f"Wijk {wijk:02d}"))
            found += [(f"BU{gm}{wijk:02d}{buurt:02d}", f"Buurt {buurt:02d}") for buurt in range(12)]
        municipality += 1
    return found


def write_files(directory: Path, rows: int) -> tuple[Path, Path, Path]:
    codes = police_codes()
    per_region = len(codes) * len(YEARS)
    areas = regions(-(-rows // per_region))
    region_path, code_path, bulk_path = (
        directory / "regions.csv",
        directory / "codes.csv",
        directory / "bulk.csv",
    )
    with region_path.open("w", encoding="utf-8", newline="\n") as out:
        out.write('"Key","Title","Description","Municipality","DetailRegionCode"\n')
        for code, name in areas:
            out.write(f'"{code.ljust(10)}","{name}","","GM{code[2:6]}","{code}"\n')
    with code_path.open("w", encoding="utf-8", newline="\r\n") as out:
        out.write('"Key","Title","Description","CategoryGroupID"\n')
        for code, title in codes:
            out.write(f'"{code.ljust(6)}","{title}","",""\n')
    with bulk_path.open("w", encoding="utf-8-sig", newline="\n") as out:
        out.write('"ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"\n')
        written = 0
        for area, _name in areas:
            for period in YEARS:
                for code, _title in codes:
                    if written == rows:
                        break
                    number = (written * 7919) % 1000
                    value = (
                        "" if number % 97 == 0 else "       ." if number % 89 == 0 else str(number).rjust(8)
                    )
                    out.write(f'"{written}";"{code.ljust(6)}";"{area.ljust(10)}";"{period}";"{value}"\n')
                    written += 1
    return region_path, code_path, bulk_path


def polars_read(path: str) -> None:
    """Run in a child process: read the CSV with polars and print seconds, rows and peak RSS."""
    import polars as pl

    start = time.perf_counter()
    frame = pl.read_csv(path, separator=";", quote_char='"')
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{seconds} {frame.height} {peak}")


COLUMNS = "dataset_id, area_id, measure_id, topic, period, year, month, quarter, value, status"


def copy_floor(dataset_id: int) -> dict[str, float]:
    """Seconds for a plain COPY of the dataset's rows (as a new dataset), each rolled back: into a
    temporary table without indexes, into the observation table with its foreign keys checked per
    row at commit, and with those checks off (only when the role may set session_replication_role)."""
    from django.db import DatabaseError, connection, transaction

    seconds: dict[str, float] = {}
    variants = {
        "COPY into a table without indexes": ("floor_rows", ""),
        "COPY with indexes, keys checked per row": ("analysis_observation", "SET CONSTRAINTS ALL IMMEDIATE"),
        "COPY with indexes, no key checks": (
            "analysis_observation",
            "SET LOCAL session_replication_role = replica",
        ),
    }
    for name, (table, setting) in variants.items():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                raw = cursor.cursor
                cursor.execute(
                    "INSERT INTO analysis_dataset (uuid, source, table_id, title, licence, downloaded_on,"
                    " kind, checksum, imported_at) VALUES (gen_random_uuid(), %s, 'floor', '', '', now(),"
                    " 'bulk', '', now()) RETURNING id",
                    [SOURCE],
                )
                floor_id = cursor.fetchone()[0]
                data = bytearray()
                query = (
                    f"COPY (SELECT %s::bigint, {COLUMNS.partition(', ')[2]} FROM analysis_observation"  # noqa: S608
                    " WHERE dataset_id = %s ORDER BY area_id, period, measure_id, topic) TO STDOUT"
                )
                with raw.copy(query, [floor_id, dataset_id]) as copy:
                    for block in copy:
                        data += block
                if table == "floor_rows":
                    cursor.execute(
                        f"CREATE TEMP TABLE floor_rows ON COMMIT DROP AS SELECT {COLUMNS}"  # noqa: S608
                        " FROM analysis_observation WITH NO DATA"
                    )
                if setting.startswith("SET LOCAL"):
                    cursor.execute(setting)
                start = time.perf_counter()
                with raw.copy(f"COPY {table} ({COLUMNS}) FROM STDIN") as copy:
                    copy.write(data)
                if setting.startswith("SET CONSTRAINTS"):
                    cursor.execute(setting)  # the checks a COMMIT would run
                seconds[name] = time.perf_counter() - start
                transaction.set_rollback(True)
        except DatabaseError as error:
            print(f"{name}: not measured ({error})")
    return seconds


def setup_django(directory: Path) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings.test")
    import django
    from django.conf import settings

    if os.environ.get("DATABASE_URL"):
        vendor = "PostgreSQL"
    else:
        settings.DATABASES["default"]["NAME"] = str(directory / "benchmark.sqlite3")
        vendor = "SQLite"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return vendor


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="rows in the bulk CSV (default 1,000,000)"
    )
    parser.add_argument(
        "--keep", type=Path, help="write the files and the SQLite database here and keep them"
    )
    parser.add_argument(
        "--per-row-checks",
        action="store_true",
        help="PostgreSQL: import as a role that may not skip the per-row foreign-key checks would",
    )
    parser.add_argument("--no-floor", action="store_true", help="PostgreSQL: skip the plain COPY figures")
    parser.add_argument("--polars-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.polars_only:
        polars_read(args.polars_only)
        return

    with tempfile.TemporaryDirectory() as temporary:
        directory = args.keep or Path(temporary)
        directory.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        region_path, code_path, bulk_path = write_files(directory, args.rows)
        size = bulk_path.stat().st_size / 1024 / 1024
        print(f"Generated {args.rows:,} rows ({size:.0f} MB) in {time.perf_counter() - start:.1f} s")

        child = subprocess.run(  # noqa: S603 (this script with a path it wrote itself)
            [sys.executable, __file__, "--polars-only", str(bulk_path)],
            capture_output=True,
            text=True,
            check=True,
        )
        polars_seconds, polars_rows, polars_peak = child.stdout.split()
        polars_rate = int(polars_rows) / float(polars_seconds)

        vendor = setup_django(directory)
        from django.contrib.auth import get_user_model

        from koers.analysis import services
        from koers.analysis.models import Area, Dataset, Measure

        user_model = get_user_model()
        admin = user_model.objects.create(
            email=f"benchmark-{time.time_ns()}@koers.example", is_superuser=True, is_staff=True
        )
        measures_before = set(Measure.objects.values_list("pk", flat=True))
        if args.per_row_checks:
            services._skip_reference_triggers = lambda cursor, rows: None  # type: ignore[assignment]
        floor: dict[str, float] = {}
        try:
            services.areas_import(actor=admin, file=region_path.read_bytes(), reference_year=REFERENCE_YEAR)
            stages: dict[str, int] = {}

            def progress(stage: str, done: int, total: int) -> None:
                stages[stage] = stages.get(stage, 0) + 1

            meta = {
                "source": SOURCE,
                "table_id": f"B{args.rows}",
                "title": "Benchmark",
                "licence": "",
                "downloaded_on": dt.date.today(),
                "reference_year": REFERENCE_YEAR,
            }
            start, cpu = time.perf_counter(), time.process_time()
            result = services.dataset_import(
                actor=admin,
                file=bulk_path.read_bytes(),
                code_list_files=[code_path.read_bytes()],
                progress=progress,
                **meta,
            )
            koers_seconds, koers_cpu = time.perf_counter() - start, time.process_time() - cpu
            koers_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            start = time.perf_counter()
            again = services.dataset_import(
                actor=admin, file=bulk_path.read_bytes(), code_list_files=[code_path.read_bytes()], **meta
            )
            again_seconds = time.perf_counter() - start
            if vendor == "PostgreSQL" and not args.no_floor:
                assert result.dataset is not None
                floor = copy_floor(result.dataset.pk)
        finally:
            if vendor == "PostgreSQL":  # leave a shared database as it was (audit events stay)
                Dataset.objects.filter(source=SOURCE).delete()
                Measure.objects.exclude(pk__in=measures_before).filter(observations__isnull=True).delete()
                for level in ("buurt", "wijk", "gemeente", "land"):
                    Area.objects.filter(reference_year=REFERENCE_YEAR, level=level).delete()

        koers_rate = args.rows / koers_seconds
        print(f"Database:           {vendor}")
        print(
            f"polars read_csv:    {float(polars_seconds):8.2f} s  {polars_rate:12,.0f} rows/s"
            f"  peak {polars_peak} MB"
        )
        print(
            f"Koers import:       {koers_seconds:8.2f} s  {koers_rate:12,.0f} rows/s  peak {koers_peak} MB"
            f"  (added {result.added:,}; {koers_cpu:.2f} s CPU)"
        )
        print(
            f"Koers again:        {again_seconds:8.2f} s  {args.rows / again_seconds:12,.0f} rows/s"
            f"  (unchanged {again.unchanged:,})"
        )
        print(f"Ratio Koers/polars: 1/{polars_rate / koers_rate:.1f} (goal: 1/10 or better)")
        for name, seconds in floor.items():
            rate = args.rows / seconds
            print(f"{name}: {seconds:.2f} s  {rate:,.0f} rows/s  (1/{polars_rate / rate:.1f} of polars)")
        print(f"Progress reports:   {sum(stages.values())} in {len(stages)} stages")


if __name__ == "__main__":
    main()
