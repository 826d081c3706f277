"""Every write of the plan of approach (step 3). Each change records one audit event; goals and
sub-projects are versioned, so a stale save never overwrites someone else's work. A sub-project's
status only changes along SUBPROJECT_WORKFLOW."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.audit.services import apply_changes, record
from koers.concurrency import bump_version, check_version
from koers.findings.models import Finding
from koers.findings.selectors import priority_area_choices
from koers.programmes.models import Programme
from koers.teams.models import Person

from .models import BudgetLine, FocusArea, Goal, SubProject, SubProjectMilestone
from .reference import SUBPROJECT_WORKFLOW, FocusAreaKey

GOAL_FIELDS = ("title", "specific", "measurable", "acceptable", "realistic", "deadline")
SUBPROJECT_FIELDS = (
    "name",
    "description",
    "kwartiermaker",
    "target_min_age",
    "target_max_age",
    "target_description",
    "inputs",
    "activities",
    "outputs",
    "outcomes",
    "impact",
    "assumptions",
    "risks",
    "no_intervention_reason",
    "integrality_note",
    "start_date",
    "end_date",
)
SUBPROJECT_RELATIONS = ("focus_areas", "areas", "goals", "partners")
BUDGET_FIELDS = ("description", "funding_source", "planned", "committed", "spent")
MILESTONE_FIELDS = ("title", "due", "done_on")


def _names(objects: Iterable[Any]) -> list[str]:
    return sorted(str(obj) for obj in objects)


# Focus areas ----------------------------------------------------------------------------------


@transaction.atomic
def focus_areas_seed(*, actor: Any, programme: Programme) -> list[FocusArea]:
    """The seed's six focus areas for ``programme``, each once: calling it again adds nothing."""
    existing = set(programme.focus_areas.exclude(key="").values_list("key", flat=True))
    taken = set(programme.focus_areas.values_list("name", flat=True))
    added = []
    for order, key in enumerate(FocusAreaKey, start=1):
        if key.value in existing:
            continue
        name = str(key.label)
        if name in taken:
            continue
        added.append(FocusArea.objects.create(programme=programme, key=key.value, name=name, order=order))
    if added:
        record(
            actor=actor,
            action="focusarea.seed",
            obj=programme,
            programme=programme,
            changes={"focus_areas": [None, [a.name for a in added]]},
        )
    return added


def _unique_name(programme: Programme, name: str, exclude: FocusArea | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the focus area a name.")})
    others = programme.focus_areas.filter(name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            {"name": _("The programme already has a focus area called “%(name)s”.") % {"name": name}}
        )
    return name


@transaction.atomic
def focus_area_create(*, actor: Any, programme: Programme, name: str, description: str = "") -> FocusArea:
    name = _unique_name(programme, name)
    order = max(programme.focus_areas.values_list("order", flat=True), default=0) + 1
    area = FocusArea(programme=programme, name=name, description=(description or "").strip(), order=order)
    area.full_clean()
    area.save()
    record(
        actor=actor,
        action="focusarea.create",
        obj=area,
        programme=programme,
        changes={"name": [None, area.name], "description": [None, area.description]},
    )
    return area


@transaction.atomic
def focus_area_update(
    *,
    actor: Any,
    area: FocusArea,
    name: str | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> FocusArea:
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = _unique_name(area.programme, name, exclude=area)
    if description is not None:
        values["description"] = description.strip()
    if active is not None:
        if not active and area.subprojects.exists():
            raise ValidationError(
                _("Sub-projects work in “%(name)s”. Take it off those sub-projects before switching it off.")
                % {"name": area.name},
                code="in_use",
            )
        values["active"] = active
    changes = apply_changes(area, values)
    if not changes:
        return area
    area.full_clean()
    area.save()
    record(actor=actor, action="focusarea.update", obj=area, programme=area.programme, changes=changes)
    return area


@transaction.atomic
def focus_area_delete(*, actor: Any, area: FocusArea) -> None:
    if area.key:
        raise ValidationError(
            _("“%(name)s” is one of the seed's focus areas: switch it off instead.") % {"name": area.name},
            code="seed",
        )
    if area.subprojects.exists():
        raise ValidationError(
            _("Sub-projects work in “%(name)s”. Take it off those sub-projects before removing it.")
            % {"name": area.name},
            code="in_use",
        )
    record(
        actor=actor,
        action="focusarea.delete",
        obj=area,
        programme=area.programme,
        changes={"name": [area.name, None]},
    )
    area.delete()


# Goals ----------------------------------------------------------------------------------------


def _clean_findings(programme: Programme, findings: Iterable[Finding]) -> list[Finding]:
    chosen = list(findings)
    if any(f.programme_id != programme.pk for f in chosen):
        raise ValidationError({"findings": _("Choose findings of this programme.")})
    return chosen


def _goal_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in GOAL_FIELDS if name in values}
    for name in ("title", "specific", "measurable", "acceptable", "realistic"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


@transaction.atomic
def goal_create(*, actor: Any, programme: Programme, findings: Iterable[Finding] = (), **values: Any) -> Goal:
    cleaned = _goal_values(values)
    chosen = _clean_findings(programme, findings)
    goal = Goal(programme=programme, created_by=actor, updated_by=actor, **cleaned)
    goal.full_clean()
    goal.save()
    goal.findings.set(chosen)
    changes: dict[str, Any] = {name: [None, getattr(goal, name)] for name in cleaned}
    if chosen:
        changes["findings"] = [None, _names(chosen)]
    record(actor=actor, action="goal.create", obj=goal, programme=programme, changes=changes)
    return goal


@transaction.atomic
def goal_update(
    *,
    actor: Any,
    goal: Goal,
    expected_version: int | None,
    findings: Iterable[Finding] | None = None,
    **values: Any,
) -> Goal:
    check_version(goal, expected_version)
    changes = apply_changes(goal, _goal_values(values))
    chosen = None
    if findings is not None:
        chosen = _clean_findings(goal.programme, findings)
        before, after = _names(goal.findings.all()), _names(chosen)
        if before != after:
            changes["findings"] = [before, after]
    if not changes:
        return goal
    goal.full_clean()
    bump_version(goal, actor)
    goal.save()
    if chosen is not None:
        goal.findings.set(chosen)
    record(actor=actor, action="goal.update", obj=goal, programme=goal.programme, changes=changes)
    return goal


@transaction.atomic
def goal_delete(*, actor: Any, goal: Goal) -> None:
    record(
        actor=actor,
        action="goal.delete",
        obj=goal,
        programme=goal.programme,
        changes={"title": [goal.title, None]},
    )
    goal.delete()


# Sub-projects ---------------------------------------------------------------------------------


def _check_relations(programme: Programme, relations: dict[str, list[Any]]) -> None:
    if "focus_areas" in relations and any(
        a.programme_id != programme.pk or not a.active for a in relations["focus_areas"]
    ):
        raise ValidationError({"focus_areas": _("Choose focus areas the programme has switched on.")})
    if "goals" in relations and any(g.programme_id != programme.pk for g in relations["goals"]):
        raise ValidationError({"goals": _("Choose goals of this programme.")})
    if "partners" in relations:
        allowed = set(programme.programme_partners.values_list("partner_id", flat=True))
        if any(p.pk not in allowed for p in relations["partners"]):
            raise ValidationError({"partners": _("Choose partner organisations of this programme.")})
    if relations.get("areas"):
        allowed_areas = set(priority_area_choices(programme).values_list("pk", flat=True))
        if any(a.pk not in allowed_areas for a in relations["areas"]):
            raise ValidationError(
                {"areas": _("Choose areas from the districts and neighbourhoods of the municipality.")}
            )


def _check_values(programme: Programme, values: dict[str, Any]) -> None:
    lead: Person | None = values.get("kwartiermaker")
    if lead is not None and (lead.programme_id != programme.pk or lead.removed_at is not None):
        raise ValidationError({"kwartiermaker": _("Choose the kwartiermaker from the programme's team.")})
    low, high = values.get("target_min_age"), values.get("target_max_age")
    if low is not None and high is not None and low > high:
        raise ValidationError(
            {
                "target_max_age": _(
                    "The target group's age band must start with the lowest age, for example 12 to 17."
                )
            }
        )
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date lies before the start date.")})
    if start and start < programme.start_date:
        raise ValidationError(
            {
                "start_date": _("The sub-project cannot start before the programme starts (%(date)s).")
                % {"date": programme.start_date.strftime("%d-%m-%Y")}
            }
        )


def _subproject_values(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    cleaned = {name: values[name] for name in SUBPROJECT_FIELDS if name in values}
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.strip()
    relations = {name: list(values[name] or ()) for name in SUBPROJECT_RELATIONS if name in values}
    return cleaned, relations


def _name_taken(programme: Programme, name: str, exclude: SubProject | None = None) -> None:
    others = programme.subprojects.filter(name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            {"name": _("The programme already has a sub-project called “%(name)s”.") % {"name": name}}
        )


@transaction.atomic
def subproject_create(*, actor: Any, programme: Programme, **values: Any) -> SubProject:
    cleaned, relations = _subproject_values(values)
    _check_values(programme, cleaned)
    _check_relations(programme, relations)
    _name_taken(programme, cleaned.get("name", ""))
    subproject = SubProject(programme=programme, created_by=actor, updated_by=actor, **cleaned)
    subproject.full_clean()
    subproject.save()
    changes: dict[str, Any] = {
        name: [None, str(v) if isinstance(v, Person) else v] for name, v in cleaned.items()
    }
    for name, objects in relations.items():
        getattr(subproject, name).set(objects)
        if objects:
            changes[name] = [None, _names(objects)]
    record(actor=actor, action="subproject.create", obj=subproject, programme=programme, changes=changes)
    return subproject


@transaction.atomic
def subproject_update(
    *, actor: Any, subproject: SubProject, expected_version: int | None, **values: Any
) -> SubProject:
    check_version(subproject, expected_version)
    programme = subproject.programme
    cleaned, relations = _subproject_values(values)
    merged = {
        name: getattr(subproject, name)
        for name in ("start_date", "end_date", "target_min_age", "target_max_age")
    }
    merged.update(cleaned)
    _check_values(programme, merged)
    _check_relations(programme, relations)
    if "name" in cleaned:
        _name_taken(programme, cleaned["name"], exclude=subproject)
    changes = apply_changes(subproject, cleaned)
    for name, objects in relations.items():
        before, after = _names(getattr(subproject, name).all()), _names(objects)
        if before != after:
            changes[name] = [before, after]
    if not changes:
        return subproject
    subproject.full_clean()
    bump_version(subproject, actor)
    subproject.save()
    for name, objects in relations.items():
        getattr(subproject, name).set(objects)
    record(actor=actor, action="subproject.update", obj=subproject, programme=programme, changes=changes)
    return subproject


@transaction.atomic
def subproject_delete(*, actor: Any, subproject: SubProject) -> None:
    record(
        actor=actor,
        action="subproject.delete",
        obj=subproject,
        programme=subproject.programme,
        changes={"name": [subproject.name, None]},
    )
    subproject.delete()


@transaction.atomic
def subproject_set_status(*, actor: Any, subproject: SubProject, status: str) -> SubProject:
    """Move the sub-project along its life cycle; only the transitions of SUBPROJECT_WORKFLOW."""
    subproject = SubProject.objects.select_for_update().get(pk=subproject.pk)
    if status not in SUBPROJECT_WORKFLOW.choices.values:
        raise ValidationError(_("Choose one of the statuses offered."), code="invalid_status")
    SUBPROJECT_WORKFLOW.check(subproject.status, status)
    changes = {"status": [subproject.status, status]}
    subproject.status = status
    bump_version(subproject, actor)
    subproject.save(update_fields=["status", "version", "updated_by", "updated_at"])
    record(
        actor=actor,
        action="subproject.change_status",
        obj=subproject,
        programme=subproject.programme,
        changes=changes,
    )
    return subproject


# Budget ---------------------------------------------------------------------------------------


def _budget_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in BUDGET_FIELDS if name in values}
    for name in ("description", "funding_source"):
        if name in cleaned:
            cleaned[name] = " ".join((cleaned[name] or "").split())
    for name in ("planned", "committed", "spent"):
        if name in cleaned:
            amount = Decimal(cleaned[name] if cleaned[name] is not None else 0)
            if amount < 0:
                raise ValidationError({name: _("Amounts cannot be negative.")})
            cleaned[name] = amount.quantize(Decimal("0.01"))
    return cleaned


def _line_text(line: BudgetLine) -> str:
    return f"{line.funding_source}: {line.description} ({line.planned}/{line.committed}/{line.spent})"


@transaction.atomic
def budget_line_add(*, actor: Any, subproject: SubProject, **values: Any) -> BudgetLine:
    line = BudgetLine(subproject=subproject, **_budget_values(values))
    line.full_clean()
    line.save()
    record(
        actor=actor,
        action="subproject.budget",
        obj=subproject,
        programme=subproject.programme,
        changes={"budget_line": [None, _line_text(line)]},
    )
    return line


@transaction.atomic
def budget_line_update(*, actor: Any, line: BudgetLine, **values: Any) -> BudgetLine:
    before = _line_text(line)
    changes = apply_changes(line, _budget_values(values))
    if not changes:
        return line
    line.full_clean()
    line.save()
    record(
        actor=actor,
        action="subproject.budget",
        obj=line.subproject,
        programme=line.subproject.programme,
        changes={"budget_line": [before, _line_text(line)]},
    )
    return line


@transaction.atomic
def budget_line_remove(*, actor: Any, line: BudgetLine) -> None:
    record(
        actor=actor,
        action="subproject.budget",
        obj=line.subproject,
        programme=line.subproject.programme,
        changes={"budget_line": [_line_text(line), None]},
    )
    line.delete()


# Timeline milestones --------------------------------------------------------------------------


def _check_milestone(subproject: SubProject, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: values[name] for name in MILESTONE_FIELDS if name in values}
    if "title" in cleaned:
        cleaned["title"] = " ".join((cleaned["title"] or "").split())
    due: datetime.date | None = cleaned.get("due")
    start = subproject.programme.start_date
    if due is not None and due < start:
        raise ValidationError(
            {
                "due": _("The milestone lies before the programme starts (%(date)s).")
                % {"date": start.strftime("%d-%m-%Y")}
            }
        )
    return cleaned


def _milestone_text(milestone: SubProjectMilestone) -> str:
    return f"{milestone.title} ({milestone.due.isoformat()})"


@transaction.atomic
def milestone_add(*, actor: Any, subproject: SubProject, **values: Any) -> SubProjectMilestone:
    milestone = SubProjectMilestone(subproject=subproject, **_check_milestone(subproject, values))
    milestone.full_clean()
    milestone.save()
    record(
        actor=actor,
        action="subproject.milestone",
        obj=subproject,
        programme=subproject.programme,
        changes={"milestone": [None, _milestone_text(milestone)]},
    )
    return milestone


@transaction.atomic
def milestone_update(*, actor: Any, milestone: SubProjectMilestone, **values: Any) -> SubProjectMilestone:
    before = _milestone_text(milestone)
    changes = apply_changes(milestone, _check_milestone(milestone.subproject, values))
    if not changes:
        return milestone
    milestone.full_clean()
    milestone.save()
    record(
        actor=actor,
        action="subproject.milestone",
        obj=milestone.subproject,
        programme=milestone.subproject.programme,
        changes={"milestone": [before, _milestone_text(milestone)]},
    )
    return milestone


@transaction.atomic
def milestone_remove(*, actor: Any, milestone: SubProjectMilestone) -> None:
    record(
        actor=actor,
        action="subproject.milestone",
        obj=milestone.subproject,
        programme=milestone.subproject.programme,
        changes={"milestone": [_milestone_text(milestone), None]},
    )
    milestone.delete()
