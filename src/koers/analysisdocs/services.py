"""Asking for a new version of the safety analysis document. The service numbers and audits the
request; the background task (``tasks.generate_analysis_document``) makes the files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.services import record
from koers.programmes.models import Programme

from .models import AnalysisDocument, DocumentStatus

# A version that has waited this long is taken to be lost (a worker that stopped), so a new
# request is allowed again.
PENDING_TIMEOUT = dt.timedelta(minutes=30)


@transaction.atomic
def document_request(*, actor: Any, programme: Programme) -> AnalysisDocument:
    """Number a new version and have it generated in the background, once the request is saved."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    pending = programme.analysis_documents.filter(
        status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING],
        requested_at__gte=timezone.now() - PENDING_TIMEOUT,
    )
    if pending.exists():
        raise ValidationError(
            _("A new version is being made already. Wait until it is ready before asking for another."),
            code="pending",
        )
    number = (programme.analysis_documents.aggregate(n=Max("number"))["n"] or 0) + 1
    document = AnalysisDocument.objects.create(programme=programme, number=number, generated_by=actor)
    record(
        actor=actor,
        action="analysis_document.generate",
        obj=document,
        programme=programme,
        changes={"number": [None, number]},
    )
    from .tasks import generate_analysis_document

    key = str(document.uuid)
    transaction.on_commit(lambda: generate_analysis_document.enqueue(key))
    return document
