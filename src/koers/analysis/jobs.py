"""Import jobs: an installation administrator's upload becomes an :class:`ImportJob` that the task
worker runs (``koers.analysis.tasks``). The writes of the jobs themselves live here; the imports
they run are the services of ``koers.analysis.services`` and its sibling modules.

Progress is not written to the job's row while the import runs: the import is one transaction, so
the web process would not see those writes (PostgreSQL) or would wait for them (SQLite). It goes to
the shared cache under the job's key instead and the job page merges it with the row (ADR 0021)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers import progress as shared_progress
from koers.audit.services import record
from koers.deployment.storage import removed_on_error, save_upload

from .models import (
    Area,
    AreaGeometry,
    Dataset,
    ImportFileRole,
    ImportJob,
    ImportJobFile,
    ImportKind,
    ImportStatus,
    Observation,
    Population,
)

PROGRESS_TIMEOUT = shared_progress.PROGRESS_TIMEOUT
PROGRESS_INTERVAL = shared_progress.PROGRESS_INTERVAL

ProgressHook = shared_progress.ProgressHook
Progress = shared_progress.Progress


def _check_actor(actor: Any) -> None:
    if not getattr(actor, "has_perm", None) or not actor.has_perm("analysis.import_reference_data"):
        raise PermissionDenied(_("Only an installation administrator imports official statistics."))


# Progress in the shared cache --------------------------------------------------------------------


def progress_key(job: ImportJob | str) -> str:
    return f"koers:import-progress:{job.uuid if isinstance(job, ImportJob) else job}"


def progress_hook(job: ImportJob) -> ProgressHook:
    """A ``progress(stage, done, total)`` callback for the import services that keeps the job's
    progress in the shared cache: at once when the stage changes or the stage is complete, otherwise
    at most every :data:`PROGRESS_INTERVAL` seconds."""
    return shared_progress.cache_hook(progress_key(job))


def read_progress(job: ImportJob) -> Progress | None:
    return shared_progress.read(progress_key(job)) if job.status == ImportStatus.RUNNING else None


def with_progress(job: ImportJob) -> ImportJob:
    """The job as the page shows it: while it runs, stage and counts from the shared cache."""
    current = read_progress(job)
    if current is not None:
        job.stage, job.progress, job.total = current.stage, current.done, current.total
    return job


def clear_progress(job: ImportJob) -> None:
    shared_progress.clear(progress_key(job))


# Creating and confirming jobs --------------------------------------------------------------------


def _enqueue(job: ImportJob) -> None:
    from .tasks import run_import

    key = str(job.uuid)
    transaction.on_commit(lambda: run_import.enqueue(key))


def needs_mapping(job: ImportJob) -> bool:
    return job.kind == ImportKind.GENERIC and not job.parameters.get("mapping")


@transaction.atomic
def import_job_create(
    *,
    actor: Any,
    kind: str,
    parameters: Mapping[str, Any],
    files: Iterable[tuple[str, Any]],
    dry_run: bool = True,
) -> ImportJob:
    """Keep the uploaded ``files`` (pairs of role and file) and queue the import. A spreadsheet
    with a column mapping waits until its columns are mapped (:func:`import_job_map`)."""
    _check_actor(actor)
    if kind not in ImportKind.values:
        raise ValidationError(_("Unknown kind of import."))
    files = list(files)
    if not any(role == ImportFileRole.DATA for role, _file in files):
        raise ValidationError({"file": _("Choose the file to import.")})
    job = ImportJob.objects.create(
        kind=kind,
        dry_run=dry_run,
        parameters={**parameters, "language": get_language() or "nl"},
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    with removed_on_error() as saved:  # no orphan files when a later file does not fit
        for role, upload in files:
            name = str(getattr(upload, "name", "") or "bestand")[-255:]
            stored = ImportJobFile(job=job, role=role, name=name, size=getattr(upload, "size", 0) or 0)
            content = upload if isinstance(upload, File) else File(upload, name=name)
            save_upload(stored.file, name, content, field="file")
            saved.append(str(stored.file.name))
            stored.save()
    record(
        actor=actor,
        action="import_job.create",
        obj=job,
        changes={
            "kind": kind,
            "dry_run": dry_run,
            "files": [getattr(upload, "name", "") for _role, upload in files],
        },
    )
    if not needs_mapping(job):
        _enqueue(job)
    return job


@transaction.atomic
def import_job_map(*, actor: Any, job: ImportJob, mapping: Mapping[str, str]) -> ImportJob:
    """Record the column mapping of a spreadsheet import and queue it."""
    _check_actor(actor)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.kind != ImportKind.GENERIC or job.status != ImportStatus.QUEUED or not needs_mapping(job):
        raise ValidationError(_("The columns of this import have already been mapped."))
    job.parameters = {**job.parameters, "mapping": {k: v for k, v in mapping.items() if v}}
    job.save(update_fields=["parameters"])
    record(actor=actor, action="import_job.map", obj=job, changes={"mapping": job.parameters["mapping"]})
    _enqueue(job)
    return job


def can_confirm(job: ImportJob) -> bool:
    """A successful dry run whose files are still there can become the real import."""
    return (
        job.dry_run
        and job.status == ImportStatus.DONE
        and not job.parameters.get("confirmed_as")
        and any(True for _f in job.files.all())
    )


@transaction.atomic
def import_job_confirm(*, actor: Any, job: ImportJob) -> ImportJob:
    """Queue the real import of a successful dry run, with the same files and parameters. The
    files move to the new job; the dry run keeps a reference to it."""
    _check_actor(actor)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not can_confirm(job):
        raise ValidationError(_("Only a successful dry run whose files are still kept can be imported."))
    parameters = {k: v for k, v in job.parameters.items() if k != "confirmed_as"}
    parameters["language"] = get_language() or parameters.get("language", "nl")
    real = ImportJob.objects.create(
        kind=job.kind,
        dry_run=False,
        parameters=parameters,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    job.files.update(job=real)
    job.parameters = {**job.parameters, "confirmed_as": str(real.uuid)}
    job.save(update_fields=["parameters"])
    record(
        actor=actor,
        action="import_job.confirm",
        obj=real,
        changes={"kind": real.kind, "dry_run_of": str(job.uuid)},
    )
    _enqueue(real)
    return real


# Reads for the import pages ----------------------------------------------------------------------


def statistics_overview() -> dict[str, Any]:
    """What the installation holds: region lists per reference year, datasets with their counts,
    population years, the number of outlines and the 20 most recent imports. A fixed number of
    queries, however much is imported."""

    def count_of(model: Any) -> Any:
        rows = model.objects.filter(dataset=OuterRef("pk")).order_by().values("dataset")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)

    region_lists = list(
        Area.objects.order_by("-reference_year")
        .values("reference_year")
        .annotate(
            total=Count("pk"),
            municipalities=Count("pk", filter=Q(level="gemeente")),
            districts=Count("pk", filter=Q(level="wijk")),
            neighbourhoods=Count("pk", filter=Q(level="buurt")),
        )
    )
    datasets = list(
        Dataset.objects.select_related("imported_by")
        .annotate(observation_count=count_of(Observation), population_count=count_of(Population))
        .order_by("source", "table_id")
    )
    population_years = list(Population.objects.order_by("-year").values("year").annotate(areas=Count("pk")))
    return {
        "region_lists": region_lists,
        "datasets": datasets,
        "population_years": population_years,
        "outline_count": AreaGeometry.objects.count(),
        "recent_jobs": list(
            ImportJob.objects.select_related("created_by", "dataset").order_by("-created_at")[:20]
        ),
    }


def get_job(uuid: Any) -> ImportJob:
    """The job with its files and dataset, merged with its progress while it runs."""
    job = get_object_or_404(
        ImportJob.objects.select_related("created_by", "dataset").prefetch_related("files"), uuid=uuid
    )
    return with_progress(job)
