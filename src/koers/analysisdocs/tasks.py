"""Background work of the safety analysis document, run by the task worker."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from . import content, selectors, writers
from .models import AnalysisDocument, DocumentStatus

logger = logging.getLogger(__name__)


@task()
def generate_analysis_document(document_uuid: str) -> bool:
    """Make the PDF/A, ODT and DOCX files of a requested version from the programme's data as
    they are now. Returns False when the version is not waiting (any more) or could not be made."""
    with transaction.atomic():
        document = (
            AnalysisDocument.objects.select_for_update()
            .filter(uuid=document_uuid, status=DocumentStatus.QUEUED)
            .first()
        )
        if document is None:
            return False
        document.status = DocumentStatus.RUNNING
        document.save(update_fields=["status"])
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
        return False
    document.status = DocumentStatus.DONE
    document.generated_at = timezone.now()
    document.data_as_of = state.as_of
    document.data_fingerprint = state.fingerprint
    document.save(update_fields=["status", "generated_at", "data_as_of", "data_fingerprint", *files])
    return True
