"""The installation administrator's import pages: upload, dry run, the job page following the task,
the real import; bad files listed with row and column and nothing written; the progress the task
keeps in the shared cache; the audit trail; and a flat number of queries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.analysis import import_forms, jobs
from koers.analysis.models import (
    Area,
    Dataset,
    ImportJob,
    ImportJobFile,
    ImportKind,
    ImportStatus,
    Observation,
)
from koers.audit.models import AuditEvent
from tests import analysis_formats as formats
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

DATASET_FIELDS = {
    "source": "Politie",
    "table_id": "47018NED",
    "title": "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers",
    "licence": "CC BY 4.0",
    "downloaded_on": "2024-09-01",
}


@pytest.fixture
def admin(db):
    return factories.UserFactory(superuser=True)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks, monkeypatch):
    """Tasks are queued when the transaction commits, which a test's transaction never does: run
    the callbacks of every request when it ends, as a committed request would."""
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def import_areas(client, *, dry_run: bool = False, year: int = 2024):
    data = {"file": upload("gebieden.csv", formats.region_list()), "reference_year": year}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("import_create", kwargs={"kind": "gebieden"}), data)


def import_bulk(client, *, code_list: bytes | None = None, dry_run: bool = True):
    data = {
        "file": upload("47018NED.csv", formats.bulk()),
        "code_lists": [upload("SoortMisdrijf.csv", code_list or formats.code_list())],
        **DATASET_FIELDS,
    }
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("import_create", kwargs={"kind": "bulk"}), data)


def job_of(response) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportJob.objects.get(uuid=response.url.rstrip("/").split("/")[-1])


# The forms -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ImportKind.values)
def test_each_kind_has_a_form_with_the_dry_run_on(admin_client, kind):
    response = admin_client.get(reverse("import_create", kwargs={"kind": kind}))
    assert response.status_code == 200
    form = response.context["form"]
    assert "file" in form.fields
    assert form["dry_run"].value() is True
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_an_unknown_kind_is_not_found(admin_client):
    assert admin_client.get(reverse("import_create", kwargs={"kind": "onbekend"})).status_code == 404


def test_the_overview_links_every_form_and_the_installation_menu_links_the_overview(admin_client):
    html = admin_client.get(reverse("installation_statistics")).content.decode()
    for kind in ImportKind.values:
        assert reverse("import_create", kwargs={"kind": kind}) in html
    assert f'href="{reverse("installation_statistics")}" aria-current="page"' in html
    organisations = admin_client.get(reverse("installation_organisations")).content.decode()
    assert reverse("installation_statistics") in organisations
    form = admin_client.get(reverse("import_create", kwargs={"kind": "bulk"})).content.decode()
    assert f'href="{reverse("installation_statistics")}" aria-current="true"' in form


# Dry run, job page, real import ------------------------------------------------------------------


def test_a_dry_run_shows_the_counts_and_the_real_import_writes_them(admin_client, run_tasks, says):
    job_of(import_areas(admin_client))
    assert Area.objects.count() == 10

    dry = job_of(import_bulk(admin_client))
    dry.refresh_from_db()
    assert dry.dry_run and dry.status == ImportStatus.DONE
    assert dry.result["added"] == 7 and dry.result["measures_added"] == 2
    assert not Observation.objects.exists() and not Dataset.objects.exists()
    page = admin_client.get(reverse("import_job", kwargs={"job_uuid": dry.uuid}))
    says(page, "The file is valid. This was a dry run: nothing has been written yet.")
    says(page, "Import for real now")
    assert reverse("import_job_confirm", kwargs={"job_uuid": dry.uuid}) in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()  # finished: no more refreshing

    real = job_of(admin_client.post(reverse("import_job_confirm", kwargs={"job_uuid": dry.uuid})))
    real.refresh_from_db()
    assert not real.dry_run and real.status == ImportStatus.DONE
    assert real.result["added"] == 7
    assert Observation.objects.count() == 7
    dataset = Dataset.objects.get()
    assert real.dataset == dataset and dataset.licence == "CC BY 4.0"
    assert not ImportJobFile.objects.exists()  # the real import's files are deleted
    dry.refresh_from_db()
    assert dry.parameters["confirmed_as"] == str(real.uuid)
    again = admin_client.get(reverse("import_job", kwargs={"job_uuid": dry.uuid}))
    says(again, "See the real import of these files")
    assert admin_client.post(reverse("import_job_confirm", kwargs={"job_uuid": dry.uuid})).status_code == 302
    assert ImportJob.objects.filter(dry_run=False, kind="bulk").count() == 1  # confirmed once only

    overview = admin_client.get(reverse("installation_statistics"))
    says(overview, "Official statistics")
    assert dataset.title in overview.content.decode()
    assert overview.context["datasets"][0].observation_count == 7
    assert overview.context["region_lists"][0]["neighbourhoods"] == 4


def test_a_bad_file_lists_its_problems_with_row_and_column_and_writes_nothing(admin_client, run_tasks, says):
    job_of(import_areas(admin_client))
    missing = [row for row in formats.POLICE_CODES if not row[0].startswith("1.1.1")]
    job = job_of(import_bulk(admin_client, code_list=formats.code_list(missing), dry_run=False))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    problem = job.problems[0]
    assert problem["row"] == 3 and problem["column"] == "SoortMisdrijf" and "1.1.1" in problem["message"]
    assert not Observation.objects.exists() and not Dataset.objects.exists()
    assert not ImportJobFile.objects.exists()
    page = admin_client.get(reverse("import_job", kwargs={"job_uuid": job.uuid}))
    html = page.content.decode()
    refused = (
        "The file has been refused; nothing has been written. Correct the problems below and upload it again."
    )
    says(page, refused)
    assert ">3</td>" in html and "SoortMisdrijf" in html
    assert 'http-equiv="refresh"' not in html


def test_an_unexpected_error_never_leaves_the_job_running(admin_client, run_tasks, monkeypatch, caplog):
    from koers.analysis import tasks

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks, "areas_import", broken)
    job = job_of(import_areas(admin_client))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.finished_at is not None
    assert job.problems[0]["row"] is None and "disk full" not in job.problems[0]["message"]
    assert "disk full" in caplog.text


def test_a_file_over_the_limit_is_refused_in_dutch(admin_client, monkeypatch):
    monkeypatch.setattr(import_forms, "MAX_UPLOAD_BYTES", 100)
    response = import_areas(admin_client)
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors == [
        "Het bestand gebieden.csv is groter dan 1 MB. Splits het of vraag een kleinere selectie op."
    ]
    assert not ImportJob.objects.exists()


def test_a_missing_file_and_year_are_reported_on_the_form(admin_client):
    response = admin_client.post(reverse("import_create", kwargs={"kind": "gebieden"}), {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"file", "reference_year"}
    assert not ImportJob.objects.exists()


# Progress --------------------------------------------------------------------------------------


def test_the_job_page_shows_the_progress_the_task_reports(admin_client, admin, says):
    job = jobs.import_job_create(
        actor=admin,
        kind="gebieden",
        parameters={"reference_year": 2024},
        files=[("data", upload("gebieden.csv", formats.region_list()))],
    )  # queued on commit, which this test's transaction never reaches
    page = admin_client.get(reverse("import_job", kwargs={"job_uuid": job.uuid}))
    html = page.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html  # inside <noscript>
    assert 'hx-trigger="every 1s"' in html

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    job.refresh_from_db()
    jobs.progress_hook(job)("Gebieden opslaan", 420, 1000)
    status = admin_client.get(reverse("import_job_status", kwargs={"job_uuid": job.uuid}))
    html = status.content.decode()
    assert '<progress class="koers-progress" id="import-progress" max="100" value="42"' in html
    says(status, "%(percentage)s%% — %(done)s of %(total)s rows", percentage=42, done=420, total=1000)
    assert "Gebieden opslaan" in html
    assert "<html" not in html  # the partial alone, for htmx


def test_progress_of_a_finished_job_comes_from_its_row(admin, db):
    job = ImportJob.objects.create(kind="gebieden", status=ImportStatus.DONE, progress=10, total=10)
    jobs.progress_hook(job)("Bezig", 1, 10)
    assert jobs.with_progress(job).progress == 10
    assert job.percentage == 100


# Audit -----------------------------------------------------------------------------------------


def test_starting_confirming_and_importing_are_audited(admin_client, admin, run_tasks):
    job_of(import_areas(admin_client))
    dry = job_of(import_bulk(admin_client))
    job_of(admin_client.post(reverse("import_job_confirm", kwargs={"job_uuid": dry.uuid})))
    actions = list(
        AuditEvent.objects.filter(actor=admin)
        .exclude(action__startswith="account.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "import_job.create",
        "area.import",
        "import_job.create",
        "import_job.confirm",
        "dataset.import",
    ]


# Query counts ----------------------------------------------------------------------------------

PINNED_OVERVIEW = 9
PINNED_JOB = 6


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(admin, start: int, size: int) -> ImportJob:
    for n in range(start, start + size):
        dataset = Dataset.objects.create(
            source="CBS",
            table_id=f"T{n:04d}",
            title=f"Tabel {n}",
            downloaded_on="2024-01-01",
            checksum="0" * 64,
            imported_at="2024-01-02T00:00:00Z",
            imported_by=admin,
        )
        job = ImportJob.objects.create(
            kind="bulk", status=ImportStatus.DONE, dataset=dataset, created_by=admin, result={"added": 1}
        )
        for role in ("data", "codelijst"):
            ImportJobFile.objects.create(job=job, role=role, name=f"{role}.csv", file=f"imports/x/{role}{n}")
        Area.objects.create(
            code=f"GM{n:04d}", name=f"Gemeente {n}", level="gemeente", reference_year=2000 + n
        )
    return job


def test_the_overview_and_job_page_ask_a_fixed_number_of_queries(admin_client, admin):
    job = grow(admin, 0, 2)
    small = (
        count(admin_client, reverse("installation_statistics")),
        count(admin_client, reverse("import_job", kwargs={"job_uuid": job.uuid})),
    )
    job = grow(admin, 2, 30)
    large = (
        count(admin_client, reverse("installation_statistics")),
        count(admin_client, reverse("import_job", kwargs={"job_uuid": job.uuid})),
    )
    assert small == large == (PINNED_OVERVIEW, PINNED_JOB)


# The real worker -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_import_and_the_page_follows_it(client, settings):
    """With the database task backend the upload only queues the job; the worker runs it, and the
    job page shows it waiting, then done."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    admin = factories.UserFactory(superuser=True)
    client.force_login(admin)
    job = job_of(import_areas(client))
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED and not Area.objects.exists()
    waiting = client.get(reverse("import_job", kwargs={"job_uuid": job.uuid})).content.decode()
    assert '<meta http-equiv="refresh"' in waiting and "<progress" in waiting

    call_command("worker", batch=True, verbosity=0)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.result["added"] == 10
    assert Area.objects.count() == 10
    done = client.get(reverse("import_job", kwargs={"job_uuid": job.uuid})).content.decode()
    assert '<meta http-equiv="refresh"' not in done and 'hx-trigger="every' not in done


# Every kind through the pages and the task -------------------------------------------------------


def post_form(client, kind: str, data: dict):
    return client.post(reverse("import_create", kwargs={"kind": kind}), data)


def test_every_kind_imports_through_its_form_and_the_task(admin_client, run_tasks):
    from koers.analysis.models import AreaGeometry, Measure, Population
    from tests.test_analysis_population_geometry import ROWS, collection, feature, kerncijfers

    areas = job_of(import_areas(admin_client))
    bulk = job_of(import_bulk(admin_client, dry_run=False))
    statline = job_of(
        post_form(
            admin_client,
            "statline",
            {
                "file": upload("statline.csv", formats.statline()),
                "classification": "politie",
                **{**DATASET_FIELDS, "table_id": "47013NED"},
            },
        )
    )
    population = job_of(
        post_form(
            admin_client,
            "bevolking",
            {
                "file": upload("kerncijfers.csv", kerncijfers(ROWS)),
                "year": 2024,
                **{**DATASET_FIELDS, "source": "CBS", "table_id": "85984NED", "title": "Kerncijfers"},
            },
        )
    )
    geometry = job_of(
        post_form(
            admin_client,
            "geometrie",
            {
                "file": upload("wijken.geojson", collection([feature("WK999900"), feature("WK999901")])),
                "reference_year": 2024,
                "source": "CBS Wijk- en buurtkaart 2024",
            },
        )
    )
    upload_generic = post_form(
        admin_client,
        "generic",
        {
            "file": upload("monitor.csv", formats.generic_csv()),
            "classification": "eigen",
            **{**DATASET_FIELDS, "source": "Gemeente", "table_id": "monitor", "title": "Monitor"},
        },
    )
    generic = ImportJob.objects.get(kind="generic")
    assert upload_generic.url == reverse("import_job_mapping", kwargs={"job_uuid": generic.uuid})
    assert generic.status == ImportStatus.QUEUED  # waits for its columns
    mapping_page = admin_client.get(upload_generic.url)
    assert mapping_page.context["preview"].columns == formats.GENERIC_HEADER
    assert "1.234,5" in mapping_page.content.decode()  # the preview shows the rows as written
    wrong = admin_client.post(upload_generic.url, {"area": "Gebied", "period": "Gebied", "value": "Waarde"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    job_of(
        admin_client.post(
            upload_generic.url,
            {"area": "Gebied", "period": "Jaar", "measure": "Indicator", "value": "Waarde"},
        )
    )

    for job in (areas, bulk, statline, population, geometry, generic):
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE, (job.kind, job.problems)
        assert not job.files.exists()
    assert statline.result["added"] == 3 and statline.result["skipped"] == 2
    assert statline.result["notes"]
    assert Population.objects.filter(year=2024).count() == 5
    assert AreaGeometry.objects.count() == 2
    assert Measure.objects.filter(classification="eigen").count() == 2
    assert generic.result["added"] == 3
    assert set(Dataset.objects.values_list("table_id", flat=True)) == {
        "47018NED",
        "47013NED",
        "85984NED",
        "monitor",
    }
    page = admin_client.get(reverse("import_job", kwargs={"job_uuid": statline.uuid}))
    assert statline.result["notes"][0] in page.content.decode()


def test_a_spreadsheet_that_cannot_be_read_is_refused_before_the_mapping(admin_client, says):
    response = post_form(
        admin_client,
        "generic",
        {
            "file": upload("monitor.csv", b"%PDF-1.4\n%%EOF\n"),
            "classification": "eigen",
            **{**DATASET_FIELDS, "source": "Gemeente", "table_id": "monitor", "title": "Monitor"},
        },
    )
    assert response.status_code == 200
    # A PDF named .csv is refused by its content before anything is read (koers.uploads).
    assert response.context["form"].has_error("file", "wrong_kind")
    assert not ImportJob.objects.exists()


def test_the_bulk_form_takes_several_code_lists(admin_client):
    html = admin_client.get(reverse("import_create", kwargs={"kind": "bulk"})).content.decode()
    assert 'name="code_lists"' in html and "multiple" in html


def test_progress_is_shared_between_processes_through_the_file_cache(admin, settings, tmp_path):
    """Without Redis the cache is a directory of files, so the worker's progress reaches the web
    process: another cache object on the same directory reads what the hook wrote."""
    from django.core.cache.backends.filebased import FileBasedCache

    from koers.settings import base

    if base.REDIS_URL:
        assert base.CACHES["default"]["BACKEND"].endswith("RedisCache")
    else:
        assert base.CACHES["default"]["BACKEND"].endswith("FileBasedCache")
        assert base.CACHES["default"]["LOCATION"] == str(base.DATA_DIR / "cache")
    file_cache = "django.core.cache.backends.filebased.FileBasedCache"
    settings.CACHES = {"default": {"BACKEND": file_cache, "LOCATION": str(tmp_path)}}
    job = ImportJob.objects.create(kind="gebieden", status=ImportStatus.RUNNING)
    jobs.progress_hook(job)("Gebieden opslaan", 3, 10)
    other_process = FileBasedCache(str(tmp_path), {})
    assert other_process.get(jobs.progress_key(job)) == {"stage": "Gebieden opslaan", "done": 3, "total": 10}
    assert jobs.with_progress(job).percentage == 30
