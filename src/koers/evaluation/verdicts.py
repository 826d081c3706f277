"""Verdicts, decisions and embedding plans of step 6 (ADR 0031).

A verdict places the conclusion of an evaluation on the Dutch evidence ladder (GLOSSARY.md) and
records what the programme decides about the sub-project. Koers never lets the ladder level say
more than the evidence does: ``suggest_level`` gives the highest level the conclusion and the
effect estimates used justify, and ``verdict_create`` refuses a higher one. The decision then moves
the sub-project along its declared life cycle (``SUBPROJECT_WORKFLOW``), one validated and audited
step at a time, and the follow-up actions are made in the same transaction.

The ladder (the highest level allowed):

=================  ==========================================  =====================================
conclusion         evidence among the estimates used           highest level
=================  ==========================================  =====================================
effectief          strong design, or an external effect study  effectief – sterke aanwijzingen
effectief          moderate design                             effectief – goede aanwijzingen
effectief          weak design (before and after)              effectief – eerste aanwijzingen
veelbelovend       any reliable improvement, or external       effectief – eerste aanwijzingen
veelbelovend       none                                        goed onderbouwd
niet effectief     (any)                                       goed onderbouwd
onvoldoende bewijs (any)                                       goed onderbouwd
=================  ==========================================  =====================================

"Evidence" counts only estimates that are reliable and whose 95 % interval shows an improvement
given the indicator's polarity (``koers.stats.interpret`` is "better"). Lower levels are always
allowed: modesty is never refused."""

from __future__ import annotations

import datetime
from collections import deque
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.actions import services as action_services
from koers.actions.models import Action
from koers.actions.reference import ActionOrigin
from koers.audit.services import apply_changes, record
from koers.concurrency import bump_version, check_version
from koers.interventions.reference import EvidenceLevel
from koers.notifications.reference import NotificationKind
from koers.notifications.services import notify
from koers.plan import services as plan_services
from koers.plan.models import SubProject
from koers.plan.reference import SUBPROJECT_WORKFLOW, SubProjectStatus
from koers.programmes.models import ProgrammeRole
from koers.stats import Caveat, DesignStrength, Result, interpret

from .models import EffectEstimate, EmbeddingPlan, EvaluationPlan, Verdict
from .reference import Conclusion, Decision, Design, EvaluationKind

#: The ladder from low to high.
LADDER: tuple[str, ...] = tuple(EvidenceLevel.values)
STRENGTHS = ("weak", "moderate", "strong")

#: The highest level per conclusion and strongest design among the estimates (None: no evidence).
LEVEL_TABLE: dict[tuple[str, str | None], str] = {
    (Conclusion.EFFECTIVE, "strong"): EvidenceLevel.EFFECTIVE_STRONG,
    (Conclusion.EFFECTIVE, "moderate"): EvidenceLevel.EFFECTIVE_GOOD,
    (Conclusion.EFFECTIVE, "weak"): EvidenceLevel.EFFECTIVE_FIRST,
    (Conclusion.EFFECTIVE, None): EvidenceLevel.WELL_FOUNDED,
    (Conclusion.PROMISING, "strong"): EvidenceLevel.EFFECTIVE_FIRST,
    (Conclusion.PROMISING, "moderate"): EvidenceLevel.EFFECTIVE_FIRST,
    (Conclusion.PROMISING, "weak"): EvidenceLevel.EFFECTIVE_FIRST,
    (Conclusion.PROMISING, None): EvidenceLevel.WELL_FOUNDED,
}
#: Without a claim of effect the ladder stops below the "effectief" levels.
NO_EFFECT_CEILING = EvidenceLevel.WELL_FOUNDED

#: A verdict can be given while the sub-project runs, has been evaluated or is developed further.
JUDGEABLE = (SubProjectStatus.RUNNING, SubProjectStatus.EVALUATED, SubProjectStatus.DEVELOP)

#: Where the sub-project goes after each decision.
DECISION_STATUS: dict[str, str] = {
    Decision.STOP: SubProjectStatus.STOPPED,
    Decision.ADJUST: SubProjectStatus.RUNNING,
    Decision.CONTINUE: SubProjectStatus.RUNNING,
    Decision.DEVELOP: SubProjectStatus.DEVELOP,
    Decision.EMBED: SubProjectStatus.EMBEDDED,
}

EMBEDDING_FIELDS = (
    "partner",
    "organisation_name",
    "funding_amount",
    "funding_source",
    "funding_from",
    "areas",
    "conditions",
)
FOLLOW_UP_FIELDS = ("title", "description", "owner", "organisation", "due_date", "priority")


# The ladder ------------------------------------------------------------------------------------


def rank(level: str) -> int:
    return LADDER.index(level)


def _result(data: Mapping[str, Any]) -> Result | None:
    """A stored result (``Result.to_dict()``) as a result object again, enough to interpret it."""
    if not data or "design_strength" not in data:
        return None
    strength = data.get("design_strength") or {}
    return Result(
        effect=data.get("effect"),
        se=data.get("se"),
        ci_low=data.get("ci_low"),
        ci_high=data.get("ci_high"),
        p_value=data.get("p_value"),
        n=int(data.get("n") or 0),
        method=str(data.get("method") or ""),
        design_strength=DesignStrength(strength.get("level", "weak"), strength.get("reason", "")),
        caveats=tuple(
            Caveat(c.get("code", ""), bool(c.get("blocking")), c.get("params") or {})
            for c in data.get("caveats") or ()
        ),
        scale=data.get("scale") or "difference",
    )


def _parts(estimate: EffectEstimate) -> list[Result]:
    """The results of an estimate: an interrupted time series has a level and a slope change."""
    data = estimate.result or {}
    if "level_change" in data:
        return [r for r in (_result(data["level_change"]), _result(data.get("slope_change") or {})) if r]
    found = _result(data)
    return [found] if found else []


def direction(estimate: EffectEstimate) -> str:
    """``better``, ``worse`` or ``unclear``: what a reliable estimate says given the indicator's
    polarity. A time series is better when its level or slope change is, and neither is worse."""
    if not estimate.reliable or estimate.declined:
        return "unclear"
    higher = estimate.indicator.polarity == "higher"
    answers = {interpret(part, higher_is_better=higher) for part in _parts(estimate)}
    if "worse" in answers:
        return "worse"
    return "better" if "better" in answers else "unclear"


def strength_of(estimate: EffectEstimate) -> str:
    parts = _parts(estimate)
    levels = [p.design_strength.level for p in parts if p.design_strength.level in STRENGTHS]
    return max(levels, key=STRENGTHS.index) if levels else "weak"


def external_effect_study(plan: EvaluationPlan) -> bool:
    """An external study (for example an RCT) that evaluates the effect counts as a strong design."""
    return plan.design == Design.EXTERNAL and plan.kind in (EvaluationKind.EFFECT, EvaluationKind.BOTH)


def _strength_label(strength: str) -> str:
    return {"weak": _("weak"), "moderate": _("moderate"), "strong": _("strong")}[strength]


def evidence(plan: EvaluationPlan, estimates: Iterable[EffectEstimate]) -> tuple[str | None, str]:
    """The strongest design among the reliable estimates that show an improvement (or an external
    effect study), and in words where it comes from."""
    better = [e for e in estimates if direction(e) == "better"]
    strongest = max((strength_of(e) for e in better), key=STRENGTHS.index, default=None)
    if external_effect_study(plan):
        return "strong", _("the external effect study counts as a strong design")
    if strongest is None:
        return None, _("no reliable estimate used shows an improvement")
    return strongest, _(
        "the strongest reliable estimate showing an improvement has a %(strength)s design"
    ) % {"strength": _strength_label(strongest)}


def suggest_level(
    plan: EvaluationPlan, conclusion: str, estimates: Iterable[EffectEstimate]
) -> tuple[str, str]:
    """The highest level of evidence the conclusion and the estimates used justify, and why."""
    strength, source = evidence(plan, estimates)
    level = LEVEL_TABLE.get((conclusion, strength), NO_EFFECT_CEILING)
    label = EvidenceLevel(level).label
    if conclusion in (Conclusion.NOT_EFFECTIVE, Conclusion.INSUFFICIENT):
        reason = _("Without a conclusion of effect the ladder stops at “%(level)s”.") % {"level": label}
    elif conclusion == Conclusion.PROMISING and strength is not None:
        reason = _("Promising is at most “%(level)s”: %(source)s.") % {"level": label, "source": source}
    else:
        reason = _("At most “%(level)s”: %(source)s.") % {"level": label, "source": source}
    return level, reason


# Embedding plans ---------------------------------------------------------------------------------


def embedding_missing(values: Mapping[str, Any]) -> dict[str, str]:
    """What an embedding plan still lacks, per field (empty: complete)."""
    errors: dict[str, str] = {}
    if values.get("partner") is None and not (values.get("organisation_name") or "").strip():
        errors["organisation_name"] = _("Name the organisation that takes it over, or choose a partner.")
    amount = values.get("funding_amount")
    if amount is None or amount <= 0:
        errors["funding_amount"] = _("Give the structural funding per year: an amount above 0 euro.")
    if not (values.get("funding_source") or "").strip():
        errors["funding_source"] = _(
            "Say where the structural money comes from, for example the municipal budget."
        )
    if values.get("funding_from") is None:
        errors["funding_from"] = _("Give the date from which the structural funding starts.")
    if not list(values.get("areas") or []):
        errors["areas"] = _("Choose at least one neighbourhood where it becomes regular work.")
    if not (values.get("conditions") or "").strip():
        errors["conditions"] = _(
            "Write down the conditions of the embedding, for example quality or reporting."
        )
    return errors


def embedding_values(embedding: EmbeddingPlan) -> dict[str, Any]:
    values = {name: getattr(embedding, name) for name in EMBEDDING_FIELDS if name != "areas"}
    values["areas"] = list(embedding.areas.all())
    return values


def is_complete(embedding: EmbeddingPlan | None) -> bool:
    return embedding is not None and not embedding_missing(embedding_values(embedding))


def _clean_embedding(plan: EvaluationPlan, values: Mapping[str, Any]) -> dict[str, Any]:
    """The embedding values, stripped and checked against the programme; raises per field."""
    from . import selectors

    cleaned: dict[str, Any] = {name: values.get(name) for name in EMBEDDING_FIELDS}
    for name in ("organisation_name", "funding_source", "conditions"):
        cleaned[name] = (cleaned[name] or "").strip()
    cleaned["areas"] = list(cleaned["areas"] or [])
    errors: dict[str, str] = {}
    programme = plan.subproject.programme
    partner = cleaned["partner"]
    if partner is not None:
        if partner.organisation_id != programme.organisation_id or not partner.is_active:
            errors["partner"] = _("Choose a partner organisation of this municipality.")
        elif not cleaned["organisation_name"]:
            cleaned["organisation_name"] = partner.name
    amount = cleaned["funding_amount"]
    if amount is not None:
        try:
            cleaned["funding_amount"] = Decimal(str(amount))
        except InvalidOperation:
            errors["funding_amount"] = _("Give the amount in euro, for example 45000.")
    if cleaned["areas"]:
        allowed = set(selectors.area_choices(programme, plan.subproject).values_list("pk", flat=True))
        if any(area.pk not in allowed for area in cleaned["areas"]):
            errors["areas"] = _("Choose neighbourhoods of this municipality.")
    if errors:
        raise ValidationError(errors)
    missing = embedding_missing(cleaned)
    if missing:
        raise ValidationError(missing)
    return cleaned


def _area_names(areas: Iterable[Any]) -> list[str]:
    return sorted(f"{a.name} ({a.code})" for a in areas)


def _embedding_text(values: Mapping[str, Any]) -> dict[str, Any]:
    amount = values.get("funding_amount")
    day = values.get("funding_from")
    return {
        "organisation_name": values.get("organisation_name"),
        "funding_amount": str(amount) if amount is not None else None,
        "funding_source": values.get("funding_source"),
        "funding_from": day.isoformat() if day else None,
        "areas": _area_names(values.get("areas") or []),
        "conditions": values.get("conditions"),
    }


# The life cycle ----------------------------------------------------------------------------------


def status_path(current: str, target: str) -> list[str]:
    """The statuses a sub-project passes on its way from ``current`` to ``target``: a running
    sub-project is first marked evaluated (the verdict is its evaluation), then the shortest way
    along SUBPROJECT_WORKFLOW. Empty when it is already there."""
    if current == target:
        return []
    start: str = current
    path: list[str] = []
    if current == SubProjectStatus.RUNNING:
        start, path = SubProjectStatus.EVALUATED, [SubProjectStatus.EVALUATED.value]
        if target == SubProjectStatus.EVALUATED:
            return path
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        status = queue.popleft()
        if status == target:
            break
        for following in SUBPROJECT_WORKFLOW.allowed(status):
            if following not in previous:
                previous[following] = status
                queue.append(following)
    if target not in previous:
        raise ValidationError(
            _("The sub-project cannot go from “%(current)s” to “%(new)s”.")
            % {"current": SubProjectStatus(current).label, "new": SubProjectStatus(target).label},
            code="invalid_transition",
        )
    steps: list[str] = []
    step: str | None = target
    while step is not None and step != start:
        steps.append(step)
        step = previous[step]
    return path + list(reversed(steps))


# Writing -----------------------------------------------------------------------------------------


def _date(day: datetime.date) -> str:
    return day.strftime("%d-%m-%Y")


def _check_verdict(
    plan: EvaluationPlan,
    subproject: SubProject,
    values: dict[str, Any],
    estimates: list[EffectEstimate],
    today: datetime.date,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    conclusion, level, decision = values["conclusion"], values["evidence_level"], values["decision"]
    if conclusion not in Conclusion.values:
        errors["conclusion"] = _("Choose one of the conclusions offered.")
    if level not in EvidenceLevel.values:
        errors["evidence_level"] = _("Choose one of the levels of evidence offered.")
    if decision not in Decision.values:
        errors["decision"] = _("Choose one of the decisions offered.")
    if not values["reasoning"]:
        errors["reasoning"] = _("Explain the conclusion: what the evaluation shows and how sure it is.")
    decided_on = values["decided_on"]
    if decided_on is None:
        errors["decided_on"] = _("Give the date of the decision.")
    elif decided_on > today:
        errors["decided_on"] = _("%(date)s is still to come. Record a decision taken today or earlier.") % {
            "date": _date(decided_on)
        }
    elif decided_on < subproject.programme.start_date:
        errors["decided_on"] = _("The programme starts on %(start)s. Choose that day or later.") % {
            "start": _date(subproject.programme.start_date)
        }
    foreign = [e for e in estimates if e.plan_id != plan.pk]
    declined = [e for e in estimates if e.declined]
    if foreign:
        errors["estimates"] = _("Choose effect estimates of this evaluation plan.")
    elif declined:
        errors["estimates"] = _(
            "Koers declined to estimate an effect for %(names)s: such an estimate cannot support a verdict."
        ) % {"names": ", ".join(sorted({str(e.indicator) for e in declined}))}
    if "conclusion" not in errors and "estimates" not in errors:
        if conclusion == Conclusion.EFFECTIVE and not (
            external_effect_study(plan) or any(direction(e) == "better" for e in estimates)
        ):
            errors["conclusion"] = _(
                "“Effective” needs a reliable effect estimate that shows an improvement, or an external "
                "effect study. Choose such an estimate, or conclude “promising” or “insufficient evidence”."
            )
        elif "evidence_level" not in errors:
            allowed, reason = suggest_level(plan, conclusion, estimates)
            if rank(level) > rank(allowed):
                errors["evidence_level"] = _(
                    "This level says more than the evidence does. Allowed is at most “%(allowed)s”. "
                    "%(reason)s"
                ) % {"allowed": EvidenceLevel(allowed).label, "reason": reason}
    if decision == Decision.EMBED and conclusion == Conclusion.NOT_EFFECTIVE:
        errors["decision"] = _("A sub-project judged not effective is not embedded structurally.")
    if subproject.status not in JUDGEABLE:
        errors[""] = _(
            "A verdict is given on a sub-project that is running, evaluated or developed further; "
            "this one is “%(status)s”."
        ) % {"status": SubProjectStatus(subproject.status).label}
    return errors


def _check_follow_up(
    subproject: SubProject, rows: list[dict[str, Any]], today: datetime.date
) -> dict[str, str]:
    """Errors of the n-th follow-up action (from 1) are keyed ``title_n``, ``owner_n``, ``due_date_n``."""
    errors: dict[str, str] = {}
    programme_id = subproject.programme_id
    for n, row in enumerate(rows, start=1):
        if not (row.get("title") or "").strip():
            errors[f"title_{n}"] = _("Give the follow-up action a title.")
        owner = row.get("owner")
        if owner is not None and (owner.programme_id != programme_id or owner.removed_at is not None):
            errors[f"owner_{n}"] = _("Choose a current member of this programme's team.")
        due = row.get("due_date")
        if due is not None and due < today:
            errors[f"due_date_{n}"] = _(
                "The due date %(date)s has already passed. Choose today or a later date."
            ) % {"date": _date(due)}
    return errors


@transaction.atomic
def verdict_create(
    *,
    actor: Any,
    plan: EvaluationPlan,
    conclusion: str,
    evidence_level: str,
    reasoning: str,
    decision: str,
    decided_on: datetime.date | None,
    decision_reasoning: str = "",
    estimates: Iterable[EffectEstimate] = (),
    embedding: Mapping[str, Any] | None = None,
    follow_up: Iterable[Mapping[str, Any]] = (),
    today: datetime.date | None = None,
) -> Verdict:
    """Record the verdict and the decision about a sub-project, in one step: its embedding plan
    (needed for, and only for, the decision to embed), its follow-up actions (origin “evaluation
    decision”), and the sub-project's status along its life cycle. Nothing is saved on an error;
    the messages name the field (see ``_check_follow_up`` for the follow-up rows)."""
    today = today or timezone.localdate()
    subproject = SubProject.objects.select_for_update().select_related("programme").get(pk=plan.subproject_id)
    plan.subproject = subproject
    estimates = list(estimates)
    values = {
        "conclusion": conclusion,
        "evidence_level": evidence_level,
        "reasoning": (reasoning or "").strip(),
        "decision": decision,
        "decision_reasoning": (decision_reasoning or "").strip(),
        "decided_on": decided_on,
    }
    errors = _check_verdict(plan, subproject, values, estimates, today)
    rows = [dict(row) for row in follow_up]
    errors.update(_check_follow_up(subproject, rows, today))
    cleaned_embedding: dict[str, Any] | None = None
    if decision == Decision.EMBED:
        try:
            cleaned_embedding = _clean_embedding(plan, embedding or {})
        except ValidationError as error:
            errors.update({key: " ".join(messages) for key, messages in error.message_dict.items()})
    elif embedding and any(v not in (None, "", [], ()) for v in embedding.values()):
        errors.setdefault(
            "decision",
            _(
                "An embedding plan belongs to the decision to embed structurally. Choose that decision, "
                "or leave the embedding plan empty."
            ),
        )
    if errors:
        non_field = errors.pop("", None)
        if non_field:
            errors["__all__"] = non_field
        raise ValidationError(errors)

    verdict = Verdict(plan=plan, created_by=actor, updated_by=actor, **values)
    verdict.full_clean(exclude=["plan"])
    verdict.save()
    verdict.estimates.set(estimates)
    changes: dict[str, Any] = {
        name: [None, value.isoformat() if isinstance(value, datetime.date) else value]
        for name, value in values.items()
    }
    changes["estimates"] = [None, sorted(str(e) for e in estimates)]
    if cleaned_embedding is not None:
        areas = cleaned_embedding.pop("areas")
        embedding_plan = EmbeddingPlan(
            verdict=verdict, created_by=actor, updated_by=actor, **cleaned_embedding
        )
        embedding_plan.full_clean(exclude=["verdict"])
        embedding_plan.save()
        embedding_plan.areas.set(areas)
        changes["embedding"] = [None, _embedding_text({**cleaned_embedding, "areas": areas})]

    actions: list[Action] = []
    for n, row in enumerate(rows, start=1):
        action_values = {name: row[name] for name in FOLLOW_UP_FIELDS if name in row}
        action_values.setdefault(
            "description",
            _("Follow-up of the evaluation decision “%(decision)s” about %(name)s.")
            % {
                "decision": Decision(decision).label,
                "name": subproject.name,
            },
        )
        try:
            action = action_services.action_create(
                actor=actor,
                programme=subproject.programme,
                today=today,
                subproject=subproject,
                origin=ActionOrigin.EVALUATION,
                **action_values,
            )
        except ValidationError as error:
            found = error.message_dict if hasattr(error, "error_dict") else {"title": error.messages}
            raise ValidationError(
                {f"{'title' if key == '__all__' else key}_{n}": " ".join(m) for key, m in found.items()}
            ) from error
        action.verdict = verdict
        action.save(update_fields=["verdict"])
        actions.append(action)
    if actions:
        changes["follow_up"] = [None, [a.title for a in actions]]

    record(actor=actor, action="verdict.create", obj=verdict, programme=subproject.programme, changes=changes)
    for status in status_path(subproject.status, DECISION_STATUS[decision]):
        subproject = plan_services.subproject_set_status(actor=actor, subproject=subproject, status=status)
    plan.subproject = subproject
    _notify_decision(actor, verdict, subproject)
    return verdict


def _notify_decision(actor: Any, verdict: Verdict, subproject: SubProject) -> None:
    """The programme managers and the sub-project's kwartiermaker hear of the decision (not the one
    who recorded it), each in their own language."""
    users = list(
        get_user_model()
        .objects.filter(
            programme_memberships__programme=subproject.programme,
            programme_memberships__role=ProgrammeRole.PROGRAMMAMANAGER,
        )
        .exclude(pk=actor.pk)
    )
    lead = subproject.kwartiermaker
    if lead is not None and lead.user is not None and lead.user_id != actor.pk:
        users.append(lead.user)
    name, decision, conclusion = subproject.name, verdict.decision, verdict.conclusion
    notify(
        users=users,
        kind=NotificationKind.EVALUATION_DECISION,
        title=lambda: (
            _("Decision about “%(name)s”: %(decision)s (verdict: %(conclusion)s)")
            % {
                "name": name,
                "decision": Decision(decision).label,
                "conclusion": Conclusion(conclusion).label,
            }
        ),
        url=reverse(
            "evaluation_plan",
            kwargs={"programme_uuid": subproject.programme.uuid, "subproject_uuid": subproject.uuid},
        ),
        programme=subproject.programme,
    )


@transaction.atomic
def embedding_update(
    *, actor: Any, embedding: EmbeddingPlan, expected_version: int | None, **values: Any
) -> EmbeddingPlan:
    """Change an embedding plan; it stays complete (the same checks as when it was made)."""
    check_version(embedding, expected_version)
    plan = embedding.verdict.plan
    current = embedding_values(embedding)
    merged = {**current, **{name: values[name] for name in EMBEDDING_FIELDS if name in values}}
    cleaned = _clean_embedding(plan, merged)
    areas = cleaned.pop("areas")
    changes = apply_changes(embedding, cleaned)
    if _area_names(current["areas"]) != _area_names(areas):
        changes["areas"] = [_area_names(current["areas"]), _area_names(areas)]
    if not changes:
        return embedding
    embedding.full_clean(exclude=["verdict"])
    bump_version(embedding, actor)
    embedding.save()
    if "areas" in changes:
        embedding.areas.set(areas)
    record(
        actor=actor,
        action="embeddingplan.update",
        obj=embedding,
        programme=plan.subproject.programme,
        changes=changes,
    )
    return embedding
