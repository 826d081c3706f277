"""What changed between two plan versions, computed from their snapshots: goals and sub-projects
added, removed or changed (field by field), and the budget per funding source and per line."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.plan.reference import SubProjectStatus

GOAL_FIELDS = {
    "title": gettext_lazy("goal"),
    "specific": gettext_lazy("specific"),
    "measurable": gettext_lazy("measurable"),
    "acceptable": gettext_lazy("acceptable"),
    "realistic": gettext_lazy("realistic"),
    "deadline": gettext_lazy("time-bound: by when"),
    "findings": gettext_lazy("findings it answers"),
}
SUBPROJECT_FIELDS = {
    "name": gettext_lazy("name"),
    "description": gettext_lazy("description"),
    "status": gettext_lazy("status"),
    "kwartiermaker": gettext_lazy("kwartiermaker"),
    "focus_areas": gettext_lazy("focus areas"),
    "target_min_age": gettext_lazy("target group from age"),
    "target_max_age": gettext_lazy("target group to age"),
    "target_description": gettext_lazy("target group"),
    "areas": gettext_lazy("areas"),
    "goals": gettext_lazy("goals served"),
    "partners": gettext_lazy("partner organisations"),
    "start_date": gettext_lazy("start"),
    "end_date": gettext_lazy("end"),
    "interventions": gettext_lazy("interventions"),
}
LOGIC_MODEL_FIELDS = {
    "inputs": gettext_lazy("inputs"),
    "activities": gettext_lazy("activities"),
    "outputs": gettext_lazy("outputs"),
    "outcomes": gettext_lazy("outcomes"),
    "impact": gettext_lazy("impact"),
    "assumptions": gettext_lazy("assumptions"),
    "risks": gettext_lazy("risks"),
}


@dataclass(frozen=True)
class Change:
    subject: str
    what: str
    was: str
    becomes: str


@dataclass
class Difference:
    goals: list[Change] = field(default_factory=list)
    subprojects: list[Change] = field(default_factory=list)
    budget_sources: list[Change] = field(default_factory=list)
    budget_lines: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.goals or self.subprojects or self.budget_sources or self.budget_lines)


def euros(value: Decimal | str | None) -> str:
    """``€ 12.500,00`` as Dutch readers write it."""
    if value is None:
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"))
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}€ {'.'.join(groups)},{cents}"


def show(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key == "status":
        try:
            return str(SubProjectStatus(value).label)
        except ValueError:
            return str(value)
    if key == "interventions":
        return "; ".join(
            f"{item['name']} ({item['evidence_level']})" if item.get("evidence_level") else item["name"]
            for item in value
        )
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def _by_uuid(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["uuid"]: item for item in items}


def _compare_items(
    old: list[dict[str, Any]],
    new: list[dict[str, Any]],
    *,
    name_key: str,
    fields: dict[str, Any],
    nested: dict[str, dict[str, Any]] | None = None,
) -> list[Change]:
    before, after = _by_uuid(old), _by_uuid(new)
    changes: list[Change] = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (after.get(k) or before[k])[name_key]):
        was, becomes = before.get(key), after.get(key)
        if was is None:
            assert becomes is not None
            changes.append(Change(becomes[name_key], _("added"), "—", becomes[name_key]))
            continue
        if becomes is None:
            changes.append(Change(was[name_key], _("removed"), was[name_key], "—"))
            continue
        subject = becomes[name_key]
        for field_key, label in fields.items():
            if was.get(field_key) != becomes.get(field_key):
                changes.append(
                    Change(
                        subject,
                        str(label),
                        show(field_key, was.get(field_key)),
                        show(field_key, becomes.get(field_key)),
                    )
                )
        for container, labels in (nested or {}).items():
            old_part, new_part = was.get(container) or {}, becomes.get(container) or {}
            for field_key, label in labels.items():
                if old_part.get(field_key) != new_part.get(field_key):
                    changes.append(
                        Change(
                            subject,
                            f"{_('logic model')}: {label}",
                            show(field_key, old_part.get(field_key)),
                            show(field_key, new_part.get(field_key)),
                        )
                    )
    return changes


def source_totals(snapshot: dict[str, Any]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for sub in snapshot.get("subprojects", []):
        for line in sub.get("budget_lines", []):
            totals[line["funding_source"]] += Decimal(line["planned"])
    return dict(totals)


def _lines(snapshot: dict[str, Any]) -> dict[tuple[str, str, str], Decimal]:
    lines: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for sub in snapshot.get("subprojects", []):
        for line in sub.get("budget_lines", []):
            lines[(sub["name"], line["description"], line["funding_source"])] += Decimal(line["planned"])
    return dict(lines)


def _compare_amounts(before: dict[Any, Decimal], after: dict[Any, Decimal], subject: Any) -> list[Change]:
    changes = []
    for key in sorted(before.keys() | after.keys()):
        was, becomes = before.get(key), after.get(key)
        if was != becomes:
            changes.append(Change(subject(key), _("planned"), euros(was), euros(becomes)))
    return changes


def compare(old: dict[str, Any], new: dict[str, Any]) -> Difference:
    old_totals, new_totals = source_totals(old), source_totals(new)
    difference = Difference(
        goals=_compare_items(
            old.get("goals", []), new.get("goals", []), name_key="title", fields=GOAL_FIELDS
        ),
        subprojects=_compare_items(
            old.get("subprojects", []),
            new.get("subprojects", []),
            name_key="name",
            fields=SUBPROJECT_FIELDS,
            nested={"logic_model": LOGIC_MODEL_FIELDS},
        ),
        budget_sources=_compare_amounts(old_totals, new_totals, lambda key: key),
        budget_lines=_compare_amounts(
            _lines(old), _lines(new), lambda key: f"{key[0]} · {key[1]} ({key[2]})"
        ),
    )
    old_sum, new_sum = sum(old_totals.values(), Decimal(0)), sum(new_totals.values(), Decimal(0))
    if old_sum != new_sum:
        difference.budget_sources.append(Change(_("Total"), _("planned"), euros(old_sum), euros(new_sum)))
    return difference
