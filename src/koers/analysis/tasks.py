"""Background work of the analysis: running an import job (``koers.analysis.jobs``)."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import logging
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.audit import versions
from koers.deployment import locks

from . import jobs
from .generic import generic_import
from .geometry import geometry_import
from .models import ImportFileRole, ImportJob, ImportKind, ImportStatus
from .parsers import ParseError
from .population import population_import
from .services import areas_import, dataset_import
from .statline import statline_import

logger = logging.getLogger(__name__)

MAX_EXAMPLES = 20


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _call(service: Callable[..., Any], progress: jobs.ProgressHook, **kwargs: Any) -> Any:
    """Call an import service, with the progress hook when the service takes one."""
    if "progress" in inspect.signature(service).parameters:
        kwargs["progress"] = progress
    return service(**kwargs)


def run_service(
    job: ImportJob, *, actor: Any, data: Any, code_lists: list[Any], progress: jobs.ProgressHook
) -> Any:
    """Run the import service of the job's kind with the job's parameters."""
    p = job.parameters
    dataset = {
        "source": p.get("source", ""),
        "table_id": p.get("table_id", ""),
        "title": p.get("title", ""),
        "licence": p.get("licence", ""),
        "downloaded_on": _date(p.get("downloaded_on")),
        "reference_year": _int(p.get("reference_year")),
    }
    common = {"actor": actor, "dry_run": job.dry_run}
    if job.kind == ImportKind.AREAS:
        return _call(
            areas_import, progress, **common, file=data, reference_year=_int(p.get("reference_year"))
        )
    if job.kind == ImportKind.BULK:
        return _call(dataset_import, progress, **common, file=data, code_list_files=code_lists, **dataset)
    if job.kind == ImportKind.STATLINE:
        return _call(
            statline_import,
            progress,
            **common,
            file=data,
            classification=p.get("classification", ""),
            measure_code=p.get("measure_code") or None,
            **dataset,
        )
    if job.kind == ImportKind.GENERIC:
        return _call(
            generic_import,
            progress,
            **common,
            file=data,
            filename=p.get("filename", ""),
            mapping=p.get("mapping", {}),
            classification=p.get("classification", ""),
            **dataset,
        )
    if job.kind == ImportKind.POPULATION:
        return _call(population_import, progress, **common, file=data, year=_int(p.get("year")), **dataset)
    if job.kind == ImportKind.GEOMETRY:
        return _call(
            geometry_import,
            progress,
            **common,
            file=data,
            reference_year=_int(p.get("reference_year")),
            source=p.get("source", ""),
        )
    raise ValueError(f"unknown import kind {job.kind!r}")


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _problems(error: Exception) -> list[dict[str, Any]]:
    if isinstance(error, ParseError):
        return [{"message": p.message, "row": p.row, "column": p.column} for p in error.problems]
    if isinstance(error, ValidationError):
        return [{"message": str(m), "row": None, "column": ""} for m in error.messages]
    return [{"message": str(error), "row": None, "column": ""}]


def _delete_files(job: ImportJob) -> None:
    for stored in list(job.files.all()):
        stored.file.delete(save=False)
        stored.delete()


@task()
def run_import(job_uuid: str) -> str:
    """Run a queued import job and record its outcome. The job never stays 'running' after an
    error: the problems say what was wrong; an unexpected error is logged with its traceback and
    shown with a general message.

    Only one worker runs a job at a time (a lock its process gives up when it dies). A job found
    'running' while this worker holds the lock was cut off, for instance by a killed worker: its
    transaction was rolled back, nothing of it was written, so it starts again from the beginning
    and gives the same result as an uninterrupted run."""
    with locks.exclusive(f"koers:import:{job_uuid}") as mine:
        if not mine:
            return "skipped"
        return _start(job_uuid)


def _start(job_uuid: str) -> str:
    interrupted = ImportJob.objects.filter(uuid=job_uuid, status=ImportStatus.RUNNING).exists()
    started = ImportJob.objects.filter(
        uuid=job_uuid, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
    ).update(status=ImportStatus.RUNNING, started_at=timezone.now(), progress=0, total=0)
    if not started:
        return "skipped"
    if interrupted:
        logger.warning("Import %s was interrupted; it starts again from the beginning", job_uuid)
    job = ImportJob.objects.select_related("created_by").get(uuid=job_uuid)
    if jobs.needs_mapping(job):
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED, started_at=None)
        return "waiting"
    language = job.parameters.get("language") or settings.LANGUAGE_CODE
    with translation.override(language):
        return _run(job)


def _run(job: ImportJob) -> str:
    progress = jobs.progress_hook(job)
    progress(_("Reading the file"), 0, 0)
    result = None
    problems: list[dict[str, Any]] = []
    try:
        with ExitStack() as stack:
            files = list(job.files.all())
            opened = {}
            for stored in files:
                opened[stored.pk] = stack.enter_context(stored.file.open("rb"))
            data = next((opened[f.pk] for f in files if f.role == ImportFileRole.DATA), None)
            code_lists = [opened[f.pk] for f in files if f.role == ImportFileRole.CODE_LIST]
            if data is None:
                raise ValidationError(_("The file of this import is no longer kept. Upload it again."))
            result = run_service(
                job, actor=job.created_by, data=data, code_lists=code_lists, progress=progress
            )
    except (ParseError, ValidationError, PermissionDenied) as error:
        problems = _problems(error)
    except Exception:
        logger.exception("Import %s (%s) failed", job.uuid, job.kind)
        problems = [
            {
                "message": _(
                    "The import stopped because of an unexpected error; nothing has been written. "
                    "Try again later, or ask the technical administrator to look in the log."
                ),
                "row": None,
                "column": "",
            }
        ]
    last = jobs.read_progress(job)  # the job is still 'running' here
    if last is not None:
        job.progress, job.total = last.done, last.total
    job.finished_at = timezone.now()
    if problems:
        job.status, job.problems, job.stage = ImportStatus.FAILED, _jsonable(problems), _("Rejected")
    else:
        counts = dict(getattr(result, "counts", {}) or {})
        examples = list(getattr(result, "examples", []) or [])[:MAX_EXAMPLES]
        counts["skipped"] = getattr(result, "skipped", 0) or 0
        notes = [str(note) for note in getattr(result, "notes", []) or []][:MAX_EXAMPLES]
        job.status, job.stage = ImportStatus.DONE, _("Done")
        job.result = _jsonable({**counts, "notes": notes, "examples": examples})
        dataset = getattr(result, "dataset", None)
        job.dataset = dataset if getattr(dataset, "pk", None) else None
    job.save(
        update_fields=["status", "stage", "problems", "result", "dataset", "progress", "total", "finished_at"]
    )
    jobs.clear_progress(job)
    versions.changed()  # official statistics are the installation's
    if not job.dry_run or job.status == ImportStatus.FAILED:
        _delete_files(job)
    return job.status
