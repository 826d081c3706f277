"""The audit trail of the evaluation documents: who downloaded a report or the summary, as for the
progress reports of step 5."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from koers.audit.services import record
from koers.plan.models import SubProject
from koers.programmes.models import Programme


@transaction.atomic
def report_downloaded(*, actor: Any, subproject: SubProject, fmt: str) -> None:
    record(
        actor=actor,
        action="evaluation.report.download",
        obj=subproject,
        programme=subproject.programme,
        changes={"format": [None, fmt]},
    )


@transaction.atomic
def summary_downloaded(*, actor: Any, programme: Programme, fmt: str) -> None:
    record(
        actor=actor,
        action="evaluation.summary.download",
        obj=programme,
        programme=programme,
        changes={"format": [None, fmt]},
    )
