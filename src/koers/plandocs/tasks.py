"""Background work of the plan versions, run by the task worker. While the files are made the task
reports its stage to the shared cache (ADR 0021), so the version page can show how far it is."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from koers import progress as shared_progress
from koers.analysisdocs.models import DocumentStatus
from koers.audit import versions
from koers.deployment import locks

from . import content, writers
from .models import PlanVersion

logger = logging.getLogger(__name__)

# The stages of making the files, in order; the version page names them.
STAGES: tuple[str, ...] = ("gather", "pdf", "odt", "docx", "save")


def progress_key(version: PlanVersion | str) -> str:
    return f"koers:plan-files-progress:{version.uuid if isinstance(version, PlanVersion) else version}"


def read_progress(version: PlanVersion) -> shared_progress.Progress | None:
    """How far the files of ``version`` are, while they are being made."""
    if version.file_status != DocumentStatus.RUNNING:
        return None
    return shared_progress.read(progress_key(version))


@task()
def generate_plan_files(version_uuid: str) -> bool:
    """Make the PDF/A, ODT and DOCX files of a version from its snapshot. Returns False when the
    version is not waiting (any more) or the files could not be made."""
    # One worker at a time (a lock its process gives up by dying); found "running" under the
    # lock, the earlier run died and the files are made again from the start (ADR 0038).
    with locks.exclusive(f"koers:plan-files:{version_uuid}") as mine:
        return mine and _generate_plan_files(version_uuid)


def _generate_plan_files(version_uuid: str) -> bool:
    with transaction.atomic():
        version = (
            PlanVersion.objects.select_for_update()
            .filter(uuid=version_uuid, file_status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING])
            .first()
        )
        if version is None:
            return False
        version.file_status = DocumentStatus.RUNNING
        version.save(update_fields=["file_status"])
        versions.changed(version.programme)
    key = progress_key(version)
    try:
        return make_files(version, progress=shared_progress.cache_hook(key))
    finally:
        shared_progress.clear(key)


def make_files(version: PlanVersion, *, progress: Any) -> bool:
    """Make and keep the files of a running ``version``, reporting ``progress(stage, done, total)``
    before each stage of :data:`STAGES` and once more when all files are kept."""
    total = len(STAGES)
    files: dict[str, bytes] = {}
    try:
        with translation.override(settings.LANGUAGE_CODE):
            progress("gather", 0, total)
            gathered = content.gather(version)
            progress("pdf", 1, total)
            files["pdf"] = writers.pdf(gathered)
            progress("odt", 2, total)
            files["odt"] = writers.odt(gathered)
            progress("docx", 3, total)
            files["docx"] = writers.docx(gathered)
        progress("save", 4, total)
        for extension, data in files.items():
            getattr(version, extension).save(f"plan.{extension}", ContentFile(data), save=False)
        progress("save", total, total)
    except Exception:
        logger.exception("plan version %s could not be made", version.uuid)
        version.file_status = DocumentStatus.FAILED
        version.save(update_fields=["file_status"])
        versions.changed(version.programme)
        return False
    version.file_status = DocumentStatus.DONE
    version.generated_at = timezone.now()
    version.save(update_fields=["file_status", "generated_at", *files])
    versions.changed(version.programme)
    return True
