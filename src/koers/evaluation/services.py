"""Every write of the evaluation plans and the process evaluation. Each change records one audit
event; plans are versioned, so a stale save never overwrites someone else's work. The status of a
plan changes only along its declared workflow (``PLAN_WORKFLOW``)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.services import apply_changes, record, snapshot
from koers.concurrency import bump_version, check_version
from koers.personaldata import scan
from koers.plan.models import SubProject

from .models import EvaluationPlan, ProcessItem
from .reference import DESIGNS_WITH_COMPARISON, PLAN_WORKFLOW, Aspect, Design, Evaluator

PLAN_FIELDS = (
    "questions",
    "kind",
    "design",
    "external_reference",
    "evaluator",
    "evaluator_name",
    "planned_start",
    "planned_end",
    "treated_areas",
    "comparison_areas",
    "measure",
)
AREA_FIELDS = ("treated_areas", "comparison_areas")
ITEM_FIELDS = ("aspect", "score", "number", "unit", "text", "observed_on")


def _date(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _names(areas: Any) -> list[str]:
    return sorted(f"{a.name} ({a.code})" for a in areas)


def _clean_plan(plan: EvaluationPlan, treated: list[Any], comparison: list[Any]) -> None:
    """The checks across fields; messages name the field the user should change."""
    errors: dict[str, str] = {}
    plan.questions = (plan.questions or "").strip()
    plan.external_reference = (plan.external_reference or "").strip()
    plan.evaluator_name = (plan.evaluator_name or "").strip()
    if not plan.questions:
        errors["questions"] = _("Write at least one question the evaluation should answer.")
    if plan.planned_start and plan.planned_end and plan.planned_end < plan.planned_start:
        errors["planned_end"] = _("The planned end (%(end)s) lies before the planned start (%(start)s).") % {
            "end": _date(plan.planned_end),
            "start": _date(plan.planned_start),
        }
    if plan.design == Design.EXTERNAL and not plan.external_reference:
        errors["external_reference"] = _(
            "An external study needs a reference: the publication, its registration number or web address."
        )
    if plan.evaluator == Evaluator.BUREAU and not plan.evaluator_name:
        errors["evaluator_name"] = _("Give the name of the research bureau that carries out the evaluation.")
    if plan.design in DESIGNS_WITH_COMPARISON and not comparison:
        errors["comparison_areas"] = _(
            "This design compares with other areas: choose at least one comparison area."
        )
    overlap = {a.pk for a in treated} & {a.pk for a in comparison}
    if overlap:
        names = ", ".join(sorted(a.name for a in comparison if a.pk in overlap))
        errors["comparison_areas"] = _(
            "%(names)s is also an area of the sub-project. A comparison area must be another area."
        ) % {"names": names}
    if plan.design in DESIGNS_WITH_COMPARISON and comparison and not treated:
        errors["treated_areas"] = _("Choose the areas where the sub-project works, to compare them with.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(*, actor: Any, subproject: SubProject, **values: Any) -> EvaluationPlan:
    if EvaluationPlan.objects.filter(subproject=subproject).exists():
        raise ValidationError(_("This sub-project already has an evaluation plan."), code="exists")
    cleaned = {name: values[name] for name in PLAN_FIELDS if name in values}
    treated = list(cleaned.pop("treated_areas", None) or subproject.areas.all())
    comparison = list(cleaned.pop("comparison_areas", None) or [])
    plan = EvaluationPlan(subproject=subproject, created_by=actor, updated_by=actor, **cleaned)
    _clean_plan(plan, treated, comparison)
    plan.full_clean()
    plan.save()
    plan.treated_areas.set(treated)
    plan.comparison_areas.set(comparison)
    changes = {name: [None, value] for name, value in snapshot(plan, cleaned).items()}
    changes["treated_areas"] = [None, _names(treated)]
    changes["comparison_areas"] = [None, _names(comparison)]
    record(
        actor=actor, action="evaluationplan.create", obj=plan, programme=subproject.programme, changes=changes
    )
    return plan


@transaction.atomic
def plan_update(
    *, actor: Any, plan: EvaluationPlan, expected_version: int | None, **values: Any
) -> EvaluationPlan:
    check_version(plan, expected_version)
    cleaned = {name: values[name] for name in PLAN_FIELDS if name in values}
    areas = {name: cleaned.pop(name) for name in AREA_FIELDS if name in cleaned}
    if "treated_areas" in areas and not areas["treated_areas"]:
        areas["treated_areas"] = list(plan.subproject.areas.all())  # empty: the sub-project's areas
    changes = apply_changes(plan, cleaned)
    current = {name: list(getattr(plan, name).all()) for name in AREA_FIELDS}
    new = {name: list(areas.get(name, current[name]) or []) for name in AREA_FIELDS}
    for name in AREA_FIELDS:
        if _names(current[name]) != _names(new[name]):
            changes[name] = [_names(current[name]), _names(new[name])]
    if not changes:
        return plan
    _clean_plan(plan, new["treated_areas"], new["comparison_areas"])
    plan.full_clean()
    bump_version(plan, actor)
    plan.save()
    for name in AREA_FIELDS:
        if name in changes:
            getattr(plan, name).set(new[name])
    record(
        actor=actor,
        action="evaluationplan.update",
        obj=plan,
        programme=plan.subproject.programme,
        changes=changes,
    )
    return plan


@transaction.atomic
def plan_set_status(*, actor: Any, plan: EvaluationPlan, status: str) -> EvaluationPlan:
    current = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
    PLAN_WORKFLOW.check(current.status, status)
    before = current.status
    current.status = status
    bump_version(current, actor)
    current.save()
    record(
        actor=actor,
        action="evaluationplan.status",
        obj=current,
        programme=plan.subproject.programme,
        changes={"status": [before, status]},
    )
    plan.refresh_from_db()
    return current


def _clean_item(plan: EvaluationPlan, item: ProcessItem, today: datetime.date) -> None:
    errors: dict[str, str] = {}
    item.unit = (item.unit or "").strip()
    item.text = (item.text or "").strip()
    if item.score is not None and not 1 <= item.score <= 5:
        errors["score"] = _("A score runs from 1 (very poor) to 5 (very good).")
    if item.score is None and item.number is None and not item.text:
        errors["text"] = _("Give a score, a number or an explanation: at least one of the three.")
    if item.number is not None and item.number < 0:
        errors["number"] = _("A number cannot be negative.")
    if item.number is not None and not item.unit:
        errors["unit"] = _("Say what the number counts, for example “young people reached”.")
    if item.observed_on and item.observed_on > today:
        errors["observed_on"] = _(
            "%(date)s is still to come. Record what has happened, today or earlier."
        ) % {"date": _date(item.observed_on)}
    programme = plan.subproject.programme
    if item.observed_on and item.observed_on < programme.start_date:
        errors["observed_on"] = _("The programme starts on %(start)s. Choose that day or later.") % {
            "start": _date(programme.start_date)
        }
    if item.aspect == Aspect.REACH:
        # Reach is a count of people, never a list of them: refuse what looks like personal data.
        findings = scan(f"{item.unit}\n{item.text}", today=today)
        if findings:
            errors["text"] = _(
                "Reach is recorded in aggregated numbers only. This text seems to contain personal "
                "data (%(what)s): remove it."
            ) % {"what": ", ".join(sorted({f.text for f in findings}))}
        elif item.number is None:
            errors["number"] = _("Record reach as a number, for example 48 young people reached.")
        elif item.number != item.number.to_integral_value():
            errors["number"] = _("Reach counts people: give a whole number.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def item_create(
    *, actor: Any, plan: EvaluationPlan, today: datetime.date | None = None, **values: Any
) -> ProcessItem:
    today = today or timezone.localdate()
    cleaned = {name: values[name] for name in ITEM_FIELDS if name in values}
    cleaned.setdefault("observed_on", today)
    if cleaned.get("number") is not None:
        cleaned["number"] = Decimal(str(cleaned["number"]))
    item = ProcessItem(plan=plan, created_by=actor, **cleaned)
    _clean_item(plan, item, today)
    item.full_clean()
    item.save()
    changes = {name: [None, value] for name, value in snapshot(item, cleaned).items()}
    record(
        actor=actor,
        action="processitem.create",
        obj=item,
        programme=plan.subproject.programme,
        changes=changes,
    )
    return item


@transaction.atomic
def item_update(
    *, actor: Any, item: ProcessItem, today: datetime.date | None = None, **values: Any
) -> ProcessItem:
    today = today or timezone.localdate()
    cleaned = {name: values[name] for name in ITEM_FIELDS if name in values}
    if cleaned.get("number") is not None:
        cleaned["number"] = Decimal(str(cleaned["number"]))
    changes = apply_changes(item, cleaned)
    if not changes:
        return item
    _clean_item(item.plan, item, today)
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action="processitem.update",
        obj=item,
        programme=item.plan.subproject.programme,
        changes=changes,
    )
    return item


@transaction.atomic
def item_delete(*, actor: Any, item: ProcessItem) -> None:
    record(
        actor=actor,
        action="processitem.delete",
        obj=item,
        programme=item.plan.subproject.programme,
        changes={"aspect": [item.aspect, None]},
    )
    item.delete()
