"""Writing plan versions: making one from the plan as it is now (or refreshing the concept),
submitting it, sending it back to concept and approving it. Each write is audited; the files are
made in the background."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.analysisdocs.models import DocumentStatus
from koers.audit.services import record
from koers.programmes.models import Programme
from koers.teams.models import Body

from . import snapshot
from .models import PLAN_VERSION_WORKFLOW, PlanVersion, PlanVersionStatus


def _queue_files(version: PlanVersion) -> None:
    from .tasks import generate_plan_files

    key = str(version.uuid)
    transaction.on_commit(lambda: generate_plan_files.enqueue(key))


@transaction.atomic
def version_create(*, actor: Any, programme: Programme, with_files: bool = True) -> tuple[PlanVersion, bool]:
    """A concept version holding the plan's data as they are now. There is one concept at a time:
    when one exists it is refreshed with the current data (its number stays); approved and
    submitted versions never change. Returns the version and whether it is new."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    data = snapshot.take(programme)
    now = timezone.now()
    concept = programme.plan_versions.filter(status=PlanVersionStatus.CONCEPT).first()
    status = DocumentStatus.QUEUED if with_files else DocumentStatus.FAILED
    if concept is not None:
        concept.snapshot, concept.snapshot_taken_at = data, now
        concept.file_status, concept.file_requested_at = status, now
        for name in ("pdf", "odt", "docx"):
            getattr(concept, name).delete(save=False)
        concept.generated_at = None
        concept.save()
        record(
            actor=actor,
            action="plan_version.refresh",
            obj=concept,
            programme=programme,
            changes={"number": [concept.number, concept.number]},
        )
        if with_files:
            _queue_files(concept)
        return concept, False
    number = (programme.plan_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion.objects.create(
        programme=programme,
        number=number,
        snapshot=data,
        snapshot_taken_at=now,
        created_by=actor,
        file_status=status,
        file_requested_at=now,
    )
    record(
        actor=actor,
        action="plan_version.create",
        obj=version,
        programme=programme,
        changes={"number": [None, number]},
    )
    if with_files:
        _queue_files(version)
    return version, True


def _locked(version: PlanVersion) -> PlanVersion:
    return PlanVersion.objects.select_for_update().select_related("programme").get(pk=version.pk)


@transaction.atomic
def version_submit(*, actor: Any, version: PlanVersion) -> PlanVersion:
    version = _locked(version)
    PLAN_VERSION_WORKFLOW.check(version.status, PlanVersionStatus.SUBMITTED)
    old = version.status
    version.status = PlanVersionStatus.SUBMITTED
    version.submitted_at = timezone.now()
    version.save(update_fields=["status", "submitted_at"])
    record(
        actor=actor,
        action="plan_version.submit",
        obj=version,
        programme=version.programme,
        changes={"status": [old, version.status]},
    )
    return version


@transaction.atomic
def version_withdraw(*, actor: Any, version: PlanVersion) -> PlanVersion:
    """A submitted version goes back to concept, e.g. when the steering group asks for changes
    before it decides. An approved version stays frozen; and there is one concept at a time, so
    while a newer concept exists the submitted version stays submitted."""
    # The programme first, in the same order as version_create, so a concept cannot appear meanwhile.
    Programme.objects.select_for_update().get(pk=version.programme_id)
    version = _locked(version)
    if version.status == PlanVersionStatus.APPROVED:
        raise ValidationError(
            _(
                "An approved version is frozen and cannot go back to concept. "
                "Make a new concept version instead."
            ),
            code="frozen",
        )
    PLAN_VERSION_WORKFLOW.check(version.status, PlanVersionStatus.CONCEPT)
    concept = version.programme.plan_versions.filter(status=PlanVersionStatus.CONCEPT).first()
    if concept is not None:
        raise ValidationError(
            _(
                "Version %(number)s is already the concept. There is one concept at a time: "
                "make your changes there."
            )
            % {"number": concept.number},
            code="concept_exists",
        )
    old, submitted_at = version.status, version.submitted_at
    version.status = PlanVersionStatus.CONCEPT
    version.submitted_at = None
    version.save(update_fields=["status", "submitted_at"])
    record(
        actor=actor,
        action="plan_version.withdraw",
        obj=version,
        programme=version.programme,
        changes={
            "status": [old, version.status],
            "submitted_at": [submitted_at.isoformat() if submitted_at else None, None],
        },
    )
    return version


@transaction.atomic
def version_approve(
    *, actor: Any, version: PlanVersion, body: Body | None, approved_on: dt.date | None
) -> PlanVersion:
    """The version is approved by one of the programme's bodies (the steering group, as a rule) on
    a date that is not in the future. From then on it does not change."""
    version = _locked(version)
    PLAN_VERSION_WORKFLOW.check(version.status, PlanVersionStatus.APPROVED)
    if body is None or body.programme_id != version.programme_id:
        raise ValidationError(_("Choose the body that approved the plan."), code="body")
    if approved_on is None:
        raise ValidationError(_("Give the date on which the plan was approved."), code="date")
    if approved_on > timezone.localdate():
        raise ValidationError(_("The date of approval cannot be in the future."), code="date")
    old = version.status
    version.status = PlanVersionStatus.APPROVED
    version.approved_on = approved_on
    version.approved_by = body.name
    version.approving_body = body
    version.save(update_fields=["status", "approved_on", "approved_by", "approving_body"])
    record(
        actor=actor,
        action="plan_version.approve",
        obj=version,
        programme=version.programme,
        changes={
            "status": [old, version.status],
            "approved_by": ["", body.name],
            "approved_on": [None, approved_on.isoformat()],
        },
    )
    if version.files_ready:
        # The title page says who approved it: the files are made again from the same snapshot.
        version.file_status, version.file_requested_at = DocumentStatus.QUEUED, timezone.now()
        version.save(update_fields=["file_status", "file_requested_at"])
        _queue_files(version)
    return version


@transaction.atomic
def files_request(*, actor: Any, version: PlanVersion) -> PlanVersion:
    """Make a version's files (again), from its own snapshot."""
    version = _locked(version)
    if version.files_pending:
        raise ValidationError(_("The files of this version are being made already."), code="pending")
    version.file_status, version.file_requested_at = DocumentStatus.QUEUED, timezone.now()
    version.save(update_fields=["file_status", "file_requested_at"])
    _queue_files(version)
    return version
