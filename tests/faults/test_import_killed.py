"""An import whose worker is killed half-way leaves no rows behind; run again, it gives exactly
the result of an import that was never interrupted."""

from __future__ import annotations

import signal

import pytest
from django.core.cache.backends.filebased import FileBasedCache

from tests.faults.installation import Installation, wait_until

# The database of the test run is copied for each installation; the test itself does not use it.
pytestmark = pytest.mark.django_db

YEARS = [f"{year}JJ00" for year in range(2015, 2024)]
CODES = [("0.0.0", "Totaal misdrijven")] + [(f"1.{n}.0", f"1.{n} Soort") for n in range(1, 25)]


def write_files(directory, municipalities: int) -> None:
    """A region list, a code list and a bulk CSV as CBS publishes them (see nl-crime-samples)."""
    areas = []
    for number in range(9100, 9100 + municipalities):
        areas.append(f"GM{number}")
        areas += [f"WK{number}{wijk:02d}" for wijk in range(12)]
    with (directory / "regions.csv").open("w", encoding="utf-8") as out:
        out.write('"Key","Title","Description","Municipality","DetailRegionCode"\n')
        out.writelines(f'"{code.ljust(10)}","Gebied {code}","","GM{code[2:6]}","{code}"\n' for code in areas)
    with (directory / "codes.csv").open("w", encoding="utf-8") as out:
        out.write('"Key","Title","Description","CategoryGroupID"\n')
        out.writelines(f'"{code.ljust(6)}","{title}","",""\n' for code, title in CODES)
    with (directory / "bulk.csv").open("w", encoding="utf-8-sig") as out:
        out.write('"ID";"SoortMisdrijf";"WijkenEnBuurten";"Perioden";"GeregistreerdeMisdrijven_1"\n')
        row = 0
        for area in areas:
            for period in YEARS:
                for code, _title in CODES:
                    value = str((row * 37) % 500).rjust(8)
                    out.write(f'"{row}";"{code.ljust(6)}";"{area.ljust(10)}";"{period}";"{value}"\n')
                    row += 1


SETUP = """
import pathlib
from django.core.files.base import ContentFile
from django.db import transaction
from koers.accounts.models import User
from koers.analysis import jobs, services
folder = pathlib.Path({folder!r})
admin = User.objects.create_superuser("beheer@koers.example", "Beheer-wachtwoord-2026")
services.areas_import(actor=admin, file=(folder / "regions.csv").read_bytes(), reference_year=2023)
with transaction.atomic():
    job = jobs.import_job_create(
        actor=admin,
        kind="bulk",
        parameters={{"source": "CBS", "table_id": "47022NED", "title": "Misdrijven", "reference_year": 2023,
                    "downloaded_on": "2026-11-01"}},
        files=[("data", ContentFile((folder / "bulk.csv").read_bytes(), name="bulk.csv")),
               ("codelijst", ContentFile((folder / "codes.csv").read_bytes(), name="codes.csv"))],
        dry_run=False,
    )
result = str(job.uuid)
"""

STATE = """
import hashlib
from koers.analysis.models import ImportJob, Observation
job = ImportJob.objects.get(uuid={job!r})
rows = Observation.objects.order_by("area__code", "measure__code", "period", "topic").values_list(
    "area__code", "measure__code", "period", "value")
digest = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
result = {{"status": job.status, "observations": Observation.objects.count(), "digest": digest,
          "counts": {{k: v for k, v in (job.result or {{}}).items() if k not in ("notes", "examples")}},
          "files": job.files.count()}}
"""


def progress_of(site: Installation, job: str) -> tuple[str, int, int] | None:
    """The job's progress as the worker reports it to the installation's shared (file) cache."""
    shared = FileBasedCache(str(site.data_dir / "cache"), {})
    current = shared.get(f"koers:import-progress:{job}")
    return (current["stage"], current["done"], current["total"]) if current else None


def queue_import(site: Installation, folder) -> str:
    return site.python(SETUP.format(folder=str(folder)))


def test_an_import_killed_half_way_leaves_nothing_and_runs_again_to_the_same_result(
    make_installation, tmp_path
):
    write_files(tmp_path, municipalities=40)  # 520 areas x 9 years x 25 codes = 117,000 figures
    killed, clean = make_installation(), make_installation()

    job = queue_import(killed, tmp_path)
    worker = killed.spawn("worker", "--interval", "0.2", log="worker")

    def writing():
        if "state=SUCCESSFUL" in killed.log("worker"):
            raise AssertionError("the import ended before it could be interrupted:\n" + killed.log("worker"))
        current = progress_of(killed, job)
        return current if current and current[2] > 100_000 and 0 < current[1] < current[2] else None

    stage, done, total = wait_until(writing, timeout=240, interval=0.02, process=worker)
    killed.kill(worker, signal.SIGKILL)

    after_kill = killed.python(STATE.format(job=job))
    assert after_kill["status"] == "bezig", after_kill  # cut off while running
    assert after_kill["observations"] == 0, f"{after_kill['observations']} figures of a killed import stayed"
    assert after_kill["files"] == 2  # the uploaded files are kept for the next run

    # A worker started again finds the task of the dead worker, runs it again, and the import
    # starts from the beginning.
    killed.koers("worker", "--batch")
    again = killed.python(STATE.format(job=job))

    clean_job = queue_import(clean, tmp_path)
    clean.koers("worker", "--batch")
    uninterrupted = clean.python(STATE.format(job=clean_job))

    assert uninterrupted["status"] == again["status"] == "klaar"
    assert again["observations"] == uninterrupted["observations"] == 117_000
    assert again["digest"] == uninterrupted["digest"]
    assert again["counts"] == uninterrupted["counts"]
    assert 0 < done < total and stage  # it was killed in the middle of writing the figures
