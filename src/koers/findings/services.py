"""Every write of the findings. Each change records one audit event; findings are versioned, so a
stale save never overwrites someone else's work. An adopted finding (vastgesteld) is read-only
except for comments, until the programme manager sets it back to draft."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.analysis.models import Area, Measure, Observation
from koers.audit.services import apply_changes, record
from koers.concurrency import bump_version, check_version
from koers.knowledge.models import Experience, Source
from koers.programmes.models import Programme

from . import selectors
from .models import Finding, FindingComment, FindingEvidence, FindingStance
from .reference import EvidenceKind, FindingStatus, Stance

FINDING_FIELDS = ("kind", "title", "statement", "life_domain", "priority_areas", "target_groups", "story")
MAX_AGE = 99


def _refuse_if_adopted(finding: Finding) -> None:
    if finding.is_adopted:
        raise ValidationError(
            _("This finding has been adopted. The programme manager can set it back to draft to change it."),
            code="adopted",
        )


def clean_target_groups(groups: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Age bands ``{"min_age", "max_age", "description"}``: whole ages, the first not above the
    second, without doubles, youngest first."""
    cleaned: list[dict[str, Any]] = []
    seen: set[tuple[int, int, str]] = set()
    for group in groups:
        try:
            low, high = int(group["min_age"]), int(group["max_age"])
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                {"target_groups": _("Give each target group an age band, for example 12–17.")}
            ) from None
        if not (0 <= low <= high <= MAX_AGE):
            raise ValidationError(
                {
                    "target_groups": _(
                        "The age band %(low)s–%(high)s is not possible: use ages from 0 to 99, "
                        "the lowest first."
                    )
                    % {"low": low, "high": high}
                }
            )
        description = " ".join(str(group.get("description") or "").split())[:200]
        key = (low, high, description.lower())
        if key not in seen:
            seen.add(key)
            cleaned.append({"min_age": low, "max_age": high, "description": description})
    return sorted(cleaned, key=lambda g: (g["min_age"], g["max_age"], g["description"]))


def _clean_priority_areas(programme: Programme, areas: Iterable[Area]) -> list[Area]:
    chosen = list(areas)
    allowed = set(selectors.priority_area_choices(programme).values_list("pk", flat=True))
    if any(area.pk not in allowed for area in chosen):
        raise ValidationError(
            {
                "priority_areas": _(
                    "Choose priority areas from the districts and neighbourhoods of the municipality."
                )
            }
        )
    return sorted(chosen, key=lambda area: area.code)


def _finding_values(programme: Programme, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in FINDING_FIELDS if name in values}
    for name in ("title", "statement", "story"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "target_groups" in cleaned:
        cleaned["target_groups"] = clean_target_groups(cleaned["target_groups"] or ())
    if "priority_areas" in cleaned:
        cleaned["priority_areas"] = _clean_priority_areas(programme, cleaned["priority_areas"] or ())
    return cleaned


def _area_codes(areas: Iterable[Area]) -> list[str]:
    return sorted(area.code for area in areas)


# Findings -------------------------------------------------------------------------------------


@transaction.atomic
def finding_create(*, actor: Any, programme: Programme, **values: Any) -> Finding:
    cleaned = _finding_values(programme, values)
    areas = cleaned.pop("priority_areas", [])
    finding = Finding(programme=programme, created_by=actor, updated_by=actor, **cleaned)
    finding.full_clean()
    finding.save()
    finding.priority_areas.set(areas)
    changes: dict[str, Any] = {name: [None, getattr(finding, name)] for name in cleaned}
    if areas:
        changes["priority_areas"] = [None, _area_codes(areas)]
    record(actor=actor, action="finding.create", obj=finding, programme=programme, changes=changes)
    return finding


@transaction.atomic
def finding_update(*, actor: Any, finding: Finding, expected_version: int | None, **values: Any) -> Finding:
    check_version(finding, expected_version)
    finding.refresh_from_db(fields=["status"])
    _refuse_if_adopted(finding)
    cleaned = _finding_values(finding.programme, values)
    areas = cleaned.pop("priority_areas", None)
    changes = apply_changes(finding, cleaned)
    if areas is not None:
        before, after = _area_codes(finding.priority_areas.all()), _area_codes(areas)
        if before != after:
            changes["priority_areas"] = [before, after]
    if not changes:
        return finding
    finding.full_clean()
    bump_version(finding, actor)
    finding.save()
    if areas is not None:
        finding.priority_areas.set(areas)
    record(actor=actor, action="finding.update", obj=finding, programme=finding.programme, changes=changes)
    return finding


@transaction.atomic
def finding_delete(*, actor: Any, finding: Finding) -> None:
    _refuse_if_adopted(finding)
    record(
        actor=actor,
        action="finding.delete",
        obj=finding,
        programme=finding.programme,
        changes={"title": [finding.title, None]},
    )
    finding.delete()


@transaction.atomic
def finding_set_status(*, actor: Any, finding: Finding, status: str) -> Finding:
    """Adopt a finding (vastgesteld) or set it back to draft (concept)."""
    if status not in FindingStatus.values:
        raise ValidationError(_("Choose draft or adopted."), code="invalid_status")
    if finding.status == status:
        return finding
    changes = {"status": [finding.status, status]}
    finding.status = status
    bump_version(finding, actor)
    finding.save(update_fields=["status", "version", "updated_by", "updated_at"])
    record(
        actor=actor, action="finding.change_status", obj=finding, programme=finding.programme, changes=changes
    )
    return finding


# Evidence -------------------------------------------------------------------------------------


def _duplicate() -> ValidationError:
    return ValidationError(_("This evidence is already linked to the finding."), code="duplicate")


@transaction.atomic
def evidence_add(
    *,
    actor: Any,
    finding: Finding,
    source: Source | None = None,
    experience: Experience | None = None,
    area: Area | None = None,
    measure: Measure | None = None,
    topic: str = "",
    note: str = "",
) -> FindingEvidence:
    """Link one piece of evidence: a source, an experience, or a figure (area, measure, topic)."""
    _refuse_if_adopted(finding)
    programme = finding.programme
    note = " ".join((note or "").split())
    topic = (topic or "").strip()
    given = [x for x in (source, experience, area or measure) if x is not None]
    if len(given) != 1:
        raise ValidationError(_("Choose one source, one experience or one figure."), code="one")
    evidence = FindingEvidence(finding=finding, created_by=actor, note=note)
    if source is not None:
        if source.programme_id != programme.pk:
            raise ValidationError({"source": _("Choose a source of this programme.")})
        if finding.evidence.filter(kind=EvidenceKind.SOURCE, source=source).exists():
            raise _duplicate()
        evidence.kind, evidence.source = EvidenceKind.SOURCE, source
    elif experience is not None:
        if experience.programme_id != programme.pk:
            raise ValidationError({"experience": _("Choose an experience of this programme.")})
        if finding.evidence.filter(kind=EvidenceKind.EXPERIENCE, experience=experience).exists():
            raise _duplicate()
        evidence.kind, evidence.experience = EvidenceKind.EXPERIENCE, experience
    else:
        if area is None or measure is None or not topic:
            raise ValidationError(_("Choose an area, a crime type and a topic."), code="figure_incomplete")
        if not selectors.figure_area_choices(programme).filter(pk=area.pk).exists():
            raise ValidationError(
                {"area": _("Choose the municipality or one of its districts or neighbourhoods.")}
            )
        if not Observation.objects.filter(area=area, measure=measure, topic=topic).exists():
            raise ValidationError(
                _("There are no figures for %(measure)s in %(area)s (%(topic)s). Choose another combination.")
                % {"measure": measure.title, "area": area.name, "topic": topic},
                code="no_figures",
            )
        if finding.evidence.filter(
            kind=EvidenceKind.FIGURE, area=area, measure=measure, topic=topic
        ).exists():
            raise _duplicate()
        evidence.kind, evidence.area, evidence.measure, evidence.topic = (
            EvidenceKind.FIGURE,
            area,
            measure,
            topic,
        )
    evidence.full_clean(exclude=["finding", "created_by"])
    evidence.save()
    record(
        actor=actor,
        action="finding.add_evidence",
        obj=finding,
        programme=programme,
        changes={"evidence": [None, f"{evidence.get_kind_display()}: {evidence}"]},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Any, evidence: FindingEvidence) -> None:
    finding = evidence.finding
    _refuse_if_adopted(finding)
    record(
        actor=actor,
        action="finding.remove_evidence",
        obj=finding,
        programme=finding.programme,
        changes={"evidence": [f"{evidence.get_kind_display()}: {evidence}", None]},
    )
    evidence.delete()


# Discussion -----------------------------------------------------------------------------------


@transaction.atomic
def comment_add(*, actor: Any, finding: Finding, text: str) -> FindingComment:
    """A comment; also on an adopted finding."""
    comment = FindingComment(finding=finding, author=actor, text=(text or "").strip())
    comment.full_clean(exclude=["finding", "author"])
    comment.save()
    record(
        actor=actor,
        action="finding.comment",
        obj=finding,
        programme=finding.programme,
        changes={"comment": [None, comment.text]},
    )
    return comment


@transaction.atomic
def stance_set(*, actor: Any, finding: Finding, stance: str) -> FindingStance:
    """The member's one current stance on the finding; a new one replaces the old."""
    _refuse_if_adopted(finding)
    if stance not in Stance.values:
        raise ValidationError(_("Choose agree, disagree or question."), code="invalid_stance")
    current = FindingStance.objects.select_for_update().filter(finding=finding, user=actor).first()
    before = current.stance if current else None
    if current is None:
        current = FindingStance.objects.create(finding=finding, user=actor, stance=stance)
    elif current.stance != stance:
        current.stance = stance
        current.save(update_fields=["stance", "updated_at"])
    else:
        return current
    record(
        actor=actor,
        action="finding.stance",
        obj=finding,
        programme=finding.programme,
        changes={"stance": [before, stance]},
    )
    return current
