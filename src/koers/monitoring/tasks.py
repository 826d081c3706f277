"""Background work of the progress reports, run by the task worker."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from koers.analysisdocs.models import DocumentStatus
from koers.audit import versions
from koers.deployment import locks

from . import content, writers
from .models import ProgressReport

logger = logging.getLogger(__name__)


def _progress(report: ProgressReport, percent: int) -> None:
    report.progress = percent
    ProgressReport.objects.filter(pk=report.pk).update(progress=percent)


@task()
def generate_report_files(report_uuid: str) -> bool:
    """Make the PDF/A and ODT files of a progress report. Returns False when the report is not
    waiting (any more) or the files could not be made."""
    # One worker at a time (a lock its process gives up by dying); found "running" under the
    # lock, the earlier run died and the files are made again from the start (ADR 0038).
    with locks.exclusive(f"koers:report-files:{report_uuid}") as mine:
        return mine and _generate_report_files(report_uuid)


def _generate_report_files(report_uuid: str) -> bool:
    with transaction.atomic():
        report = (
            ProgressReport.objects.select_for_update()
            .select_related("programme__organisation")
            .filter(uuid=report_uuid, file_status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING])
            .first()
        )
        if report is None:
            return False
        report.file_status, report.progress = DocumentStatus.RUNNING, 5
        report.save(update_fields=["file_status", "progress"])
        versions.changed(report.programme)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            gathered = content.gather(report)
            _progress(report, 30)
            pdf = writers.pdf(gathered)
            _progress(report, 70)
            odt = writers.odt(gathered)
            _progress(report, 90)
        report.pdf.save("voortgangsrapportage.pdf", ContentFile(pdf), save=False)
        report.odt.save("voortgangsrapportage.odt", ContentFile(odt), save=False)
    except Exception:
        logger.exception("progress report %s could not be made", report.uuid)
        report.file_status = DocumentStatus.FAILED
        report.save(update_fields=["file_status"])
        versions.changed(report.programme)
        return False
    report.file_status, report.progress = DocumentStatus.DONE, 100
    report.generated_at = timezone.now()
    report.save(update_fields=["file_status", "progress", "generated_at", "pdf", "odt"])
    versions.changed(report.programme)
    return True
