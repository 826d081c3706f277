"""Every write of the interventions registry and of a sub-project's chosen interventions. Each
change records one audit event; interventions are versioned, so a stale save never overwrites
someone else's work."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from koers.audit.services import apply_changes, record
from koers.concurrency import bump_version, check_version
from koers.plan.models import SubProject
from koers.plan.reference import FocusAreaKey

from .models import Intervention, SubProjectIntervention

INTERVENTION_FIELDS = (
    "name",
    "description",
    "target_min_age",
    "target_max_age",
    "target_description",
    "focus_areas",
    "provider",
    "evidence_level",
    "database_url",
)


def _clean_focus_areas(areas: Iterable[str]) -> list[str]:
    chosen = set(areas)
    if chosen - set(FocusAreaKey.values):
        raise ValidationError({"focus_areas": _("Choose focus areas from the list.")})
    return [a for a in FocusAreaKey.values if a in chosen]


def _values(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(INTERVENTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    cleaned = dict(values)
    for name in ("name", "description", "target_description", "provider", "database_url"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "focus_areas" in cleaned:
        cleaned["focus_areas"] = _clean_focus_areas(cleaned["focus_areas"] or ())
    return cleaned


def _check_unique_name(intervention: Intervention) -> None:
    same = Intervention.objects.filter(name__iexact=intervention.name).exclude(pk=intervention.pk)
    if intervention.organisation_id is None:
        same = same.filter(organisation__isnull=True)
    else:
        same = same.filter(organisation_id=intervention.organisation_id)
    if same.exists():
        raise ValidationError({"name": _("The registry already has an intervention with this name.")})


@transaction.atomic
def intervention_create(*, actor: Any, organisation: Any | None, **values: Any) -> Intervention:
    """``organisation`` None: an installation-wide entry."""
    cleaned = _values(values)
    intervention = Intervention(organisation=organisation, updated_by=actor, **cleaned)
    intervention.full_clean()
    _check_unique_name(intervention)
    intervention.save()
    record(
        actor=actor,
        action="intervention.create",
        obj=intervention,
        organisation=organisation,
        changes={name: [None, value] for name, value in cleaned.items()},
    )
    return intervention


@transaction.atomic
def intervention_update(
    *, actor: Any, intervention: Intervention, expected_version: int | None, **values: Any
) -> Intervention:
    check_version(intervention, expected_version)
    changes = apply_changes(intervention, _values(values))
    if not changes:
        return intervention
    intervention.full_clean()
    _check_unique_name(intervention)
    bump_version(intervention, actor)
    intervention.save()
    record(
        actor=actor,
        action="intervention.update",
        obj=intervention,
        organisation=intervention.organisation,
        changes=changes,
    )
    return intervention


def usage_count(intervention: Intervention) -> int:
    return SubProjectIntervention.objects.filter(intervention=intervention).count()


@transaction.atomic
def intervention_delete(*, actor: Any, intervention: Intervention) -> None:
    """Refused, with nothing changed, while a sub-project (of any organisation) uses it."""
    used = usage_count(intervention)
    if used:
        raise ValidationError(
            _(
                "This intervention is used in %(count)s sub-project(s). Remove it from those "
                "sub-projects first."
            )
            % {"count": used},
            code="in_use",
        )
    record(
        actor=actor,
        action="intervention.delete",
        obj=intervention,
        organisation=intervention.organisation,
        changes={"name": [intervention.name, None]},
    )
    intervention.delete()


@transaction.atomic
def subproject_intervention_add(
    *, actor: Any, subproject: SubProject, intervention: Intervention, note: str = ""
) -> SubProjectIntervention:
    """Only installation-wide interventions and the programme's organisation's own."""
    if intervention.organisation_id not in (None, subproject.programme.organisation_id):
        raise ValidationError({"intervention": _("Choose an intervention from the list.")})
    if SubProjectIntervention.objects.filter(subproject=subproject, intervention=intervention).exists():
        raise ValidationError({"intervention": _("The sub-project already uses this intervention.")})
    link = SubProjectIntervention(subproject=subproject, intervention=intervention, note=(note or "").strip())
    link.full_clean(exclude=["subproject", "intervention"])
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        raise ValidationError(
            {"intervention": _("The sub-project already uses this intervention.")}
        ) from None
    record(
        actor=actor,
        action="subproject_intervention.add",
        obj=link,
        programme=subproject.programme,
        object_repr=f"{subproject.name}: {intervention.name}",
        changes={"intervention": [None, intervention.name], "note": [None, link.note]},
    )
    return link


@transaction.atomic
def subproject_intervention_remove(*, actor: Any, link: SubProjectIntervention) -> None:
    subproject = link.subproject
    record(
        actor=actor,
        action="subproject_intervention.remove",
        obj=link,
        programme=subproject.programme,
        object_repr=f"{subproject.name}: {link.intervention.name}",
        changes={"intervention": [link.intervention.name, None]},
    )
    link.delete()
