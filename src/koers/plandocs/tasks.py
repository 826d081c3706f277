"""Background work of the plan versions, run by the task worker."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from koers.analysisdocs.models import DocumentStatus

from . import content, writers
from .models import PlanVersion

logger = logging.getLogger(__name__)


@task()
def generate_plan_files(version_uuid: str) -> bool:
    """Make the PDF/A, ODT and DOCX files of a version from its snapshot. Returns False when the
    version is not waiting (any more) or the files could not be made."""
    with transaction.atomic():
        version = (
            PlanVersion.objects.select_for_update()
            .filter(uuid=version_uuid, file_status=DocumentStatus.QUEUED)
            .first()
        )
        if version is None:
            return False
        version.file_status = DocumentStatus.RUNNING
        version.save(update_fields=["file_status"])
    try:
        with translation.override(settings.LANGUAGE_CODE):
            gathered = content.gather(version)
            files = {
                "pdf": writers.pdf(gathered),
                "odt": writers.odt(gathered),
                "docx": writers.docx(gathered),
            }
        for extension, data in files.items():
            getattr(version, extension).save(f"plan.{extension}", ContentFile(data), save=False)
    except Exception:
        logger.exception("plan version %s could not be made", version.uuid)
        version.file_status = DocumentStatus.FAILED
        version.save(update_fields=["file_status"])
        return False
    version.file_status = DocumentStatus.DONE
    version.generated_at = timezone.now()
    version.save(update_fields=["file_status", "generated_at", *files])
    return True
