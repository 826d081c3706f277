"""Evaluation summaries in the shared library "Leer van elkaar": what a sub-project's evaluation
concluded, frozen when a programme manager publishes it, so other municipalities learn what worked
where.

Publishing is approving, so it follows the rule for lessons: a programme manager of the programme
publishes (there is no proposal step, as the manager is the one who would approve it). A verdict
has at most one item in the library: publishing again refreshes the live item, or brings a
withdrawn one back. The ``evidence`` block holds only keys, dates and the effect in Dutch words —
no person, no internal object; the publisher withdraws it as any library item."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.analysis.models import AreaLevel
from koers.audit.services import record
from koers.evaluation import wording
from koers.evaluation.models import EffectEstimate, Verdict
from koers.evaluation.reference import Conclusion, Decision, Design, EstimateMethod
from koers.interventions.reference import EvidenceLevel

from .models import LibraryItem
from .reference import LibraryKind
from .services import TEXTS


def _newest_first(verdict: Verdict) -> tuple[list[EffectEstimate], list[EffectEstimate]]:
    newest = ("-computed_at", "-pk")
    used = list(verdict.estimates.select_related("indicator").order_by(*newest))
    plan_estimates = list(verdict.plan.estimates.select_related("indicator").order_by(*newest))
    return used, plan_estimates


def evidence_of(verdict: Verdict) -> dict[str, Any]:
    """The frozen evidence block of ``verdict``: keys (labels are looked up when shown), the main
    effect in Dutch words, the levels of the areas (never their names) and the period."""
    plan = verdict.plan
    subproject = plan.subproject
    used, plan_estimates = _newest_first(verdict)
    main = wording.latest_presented(used) or wording.latest_presented(plan_estimates)
    with translation.override("nl"):
        effect = wording.words(main) if main is not None else ""
        if not effect and any(e.declined for e in used or plan_estimates):
            effect = _("Koers declined every estimate: too little data.")
    methods = sorted({e.method for e in (used or plan_estimates) if not e.declined})
    levels = {a.level for a in plan.treated_areas.all()} or {a.level for a in subproject.areas.all()}
    start = subproject.start_date or plan.planned_start
    return {
        "conclusion": verdict.conclusion,
        "evidence_level": verdict.evidence_level,
        "decision": verdict.decision,
        "design": plan.design,
        "methods": methods,
        "effect": effect,
        "area_levels": sorted(levels),
        "period": {
            "start": start.isoformat() if start else None,
            "end": verdict.decided_on.isoformat(),
        },
    }


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "–")


def evidence_rows(item: LibraryItem) -> list[tuple[str, str]]:
    """The evidence block of an evaluation item as (label, text) in the reader's language."""
    evidence = item.evidence or {}
    if not evidence:
        return []
    period = evidence.get("period") or {}

    def day(value: Any) -> str:
        if not value:
            return "?"
        from django.utils import formats

        return formats.date_format(datetime.date.fromisoformat(value), "F Y")

    rows = [
        (_("Conclusion"), _label(Conclusion, evidence.get("conclusion"))),
        (_("Level of evidence"), _label(EvidenceLevel, evidence.get("evidence_level"))),
        (_("Decision"), _label(Decision, evidence.get("decision"))),
        (_("Design"), _label(Design, evidence.get("design"))),
        (
            _("Methods"),
            ", ".join(_label(EstimateMethod, m) for m in evidence.get("methods") or []) or "–",
        ),
        (_("Main effect"), evidence.get("effect") or _("No effect estimate.")),
        (_("Areas"), ", ".join(_label(AreaLevel, a) for a in evidence.get("area_levels") or []) or "–"),
        (_("Period"), f"{day(period.get('start'))} – {day(period.get('end'))}"),
    ]
    return [(str(label), text) for label, text in rows]


def evidence_short(item: LibraryItem) -> str:
    """Conclusion, level of evidence and decision in one line, for the library's list."""
    rows = dict(evidence_rows(item))
    if not rows:
        return ""
    return " · ".join(rows[str(label)] for label in (_("Conclusion"), _("Level of evidence"), _("Decision")))


def prefill(verdict: Verdict) -> dict[str, str]:
    """What the publish form starts with, from the verdict."""
    return {
        "title": _("Evaluation of %(name)s") % {"name": verdict.plan.subproject.name},
        "summary": verdict.reasoning,
        "recommendation": verdict.decision_reasoning,
    }


@transaction.atomic
def publish_evaluation(
    *,
    actor: Any,
    verdict: Verdict,
    title: str,
    summary: str,
    worked: str = "",
    did_not_work: str = "",
    recommendation: str = "",
    today: datetime.date | None = None,
) -> LibraryItem:
    """Publish (or refresh) the evaluation summary of ``verdict`` in the shared library."""
    verdict = (
        Verdict.objects.select_for_update()
        .select_related("plan__subproject__programme__organisation")
        .get(pk=verdict.pk)
    )
    values = {
        "title": (title or "").strip(),
        "summary": (summary or "").strip(),
        "worked": (worked or "").strip(),
        "did_not_work": (did_not_work or "").strip(),
        "recommendation": (recommendation or "").strip(),
    }
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _("Give the summary a title.")
    if not values["summary"]:
        errors["summary"] = _("Write a summary of the evaluation: what was done and what it showed.")
    if not any(values[name] for name in TEXTS):
        errors["worked"] = _(
            "Write what worked, what did not work or the recommendation: at least one of the three."
        )
    if errors:
        raise ValidationError(errors)
    today = today or timezone.localdate()
    subproject = verdict.plan.subproject
    programme = subproject.programme
    item = LibraryItem.objects.select_for_update().filter(verdict=verdict).first()
    before = None if item is None or item.withdrawn_at is not None else item.title
    if item is None:
        item = LibraryItem(verdict=verdict, published_on=today)
    elif item.withdrawn_at is not None:
        item.published_on, item.updated_on, item.withdrawn_at = today, None, None
    else:
        item.updated_on = today
    areas = list(subproject.focus_areas.order_by("order", "name"))
    item.kind = LibraryKind.EVALUATION
    item.organisation = programme.organisation
    item.programme = programme
    item.publisher_name = programme.organisation.name
    item.focus_area_keys = [a.key for a in areas if a.key]
    item.focus_area_names = [a.name for a in areas]
    item.evidence = evidence_of(verdict)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    record(
        actor=actor,
        action="library.publish_evaluation",
        obj=item,
        organisation=programme.organisation,
        programme=programme,
        changes={
            "title": [before, item.title],
            "conclusion": [None, verdict.conclusion],
            "decision": [None, verdict.decision],
        },
    )
    return item
