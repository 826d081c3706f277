"""Background work of the safety analysis document, run by the task worker."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from koers.audit import versions
from koers.deployment import locks

from . import content, selectors, writers
from .models import AnalysisDocument, DocumentStatus

logger = logging.getLogger(__name__)


@task()
def generate_analysis_document(document_uuid: str) -> bool:
    """Make the PDF/A, ODT and DOCX files of a requested version from the programme's data as
    they are now. Returns False when the version is not waiting (any more) or could not be made."""
    # One worker at a time (a lock its process gives up by dying); found "running" under the
    # lock, the earlier run died and the files are made again from the start (ADR 0038).
    with locks.exclusive(f"koers:analysis-document:{document_uuid}") as mine:
        return mine and _generate_analysis_document(document_uuid)


def _generate_analysis_document(document_uuid: str) -> bool:
    with transaction.atomic():
        document = (
            AnalysisDocument.objects.select_for_update()
            .filter(uuid=document_uuid, status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING])
            .first()
        )
        if document is None:
            return False
        document.status = DocumentStatus.RUNNING
        document.save(update_fields=["status"])
        versions.changed(document.programme)
    document = AnalysisDocument.objects.select_related("programme__organisation").get(pk=document.pk)
    programme = document.programme
    try:
        # The state is read before the content: a change made while the files are being written
        # shows as "changed since" rather than being missed.
        state = selectors.document_overview(programme).data
        with translation.override(settings.LANGUAGE_CODE):
            gathered = content.gather(programme, number=document.number, data_as_of=state.as_of)
            files = {
                "pdf": writers.pdf(gathered),
                "odt": writers.odt(gathered),
                "docx": writers.docx(gathered),
            }
        for extension, data in files.items():
            getattr(document, extension).save(f"document.{extension}", ContentFile(data), save=False)
    except Exception:
        logger.exception("safety analysis document %s could not be made", document.uuid)
        document.status = DocumentStatus.FAILED
        document.save(update_fields=["status"])
        versions.changed(programme)
        return False
    document.status = DocumentStatus.DONE
    document.generated_at = timezone.now()
    document.data_as_of = state.as_of
    document.data_fingerprint = state.fingerprint
    document.save(update_fields=["status", "generated_at", "data_as_of", "data_fingerprint", *files])
    versions.changed(programme)
    return True
