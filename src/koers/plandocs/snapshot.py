"""The plan's data at one moment, as plain JSON: what a plan version keeps, what its document is
written from and what two versions are compared on. Taken in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Prefetch
from django.utils import timezone

from koers.programmes.models import Programme

SCHEMA = 1
LOGIC_MODEL = ("inputs", "activities", "outputs", "outcomes", "impact", "assumptions", "risks")


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _money(value: Decimal) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


def _interventions(subproject: Any) -> list[dict[str, Any]]:
    """The interventions a sub-project uses, when the interventions app is there."""
    if not apps.is_installed("koers.interventions") or not hasattr(subproject, "interventions_used"):
        return []
    result = []
    for link in subproject.interventions_used.all():
        intervention = getattr(link, "intervention", link)
        level = getattr(intervention, "evidence_level", "")
        display = getattr(intervention, "get_evidence_level_display", None)
        result.append(
            {
                "name": str(getattr(intervention, "name", intervention)),
                "evidence_level": str(display()) if callable(display) else str(level or ""),
            }
        )
    return result


def _has(app: str, related: str) -> bool:
    from koers.plan.models import SubProject

    return apps.is_installed(app) and hasattr(SubProject, related)


def _raci(subproject: Any) -> list[list[str]]:
    """The RACI matrix as rows of [activity, R, A, C, I] (names), when the actions app is there."""
    if not _has("koers.actions", "raci_rows"):
        return []
    rows = []
    for row in subproject.raci_rows.all():
        letters: dict[str, list[str]] = {"R": [], "A": [], "C": [], "I": []}
        for cell in row.cells.all():
            who = cell.person or cell.partner
            letters.setdefault(cell.role, []).append(str(getattr(who, "full_name", None) or who))
        rows.append([row.activity, *("; ".join(sorted(letters[k])) or "—" for k in "RACI")])
    return rows


def _actions(subproject: Any) -> list[dict[str, Any]]:
    if not _has("koers.actions", "actions"):
        return []
    return [
        {
            "title": action.title,
            "owner": action.owner.full_name if action.owner else "",
            "due": _date(action.due_date),
            "status": action.status,
            "status_label": str(action.get_status_display()),
        }
        for action in sorted(subproject.actions.all(), key=lambda a: (a.due_date or dt.date.max, a.title))
    ]


def take(programme: Programme) -> dict[str, Any]:
    from koers.analysisdocs.models import AnalysisDocument, DocumentStatus
    from koers.plan.models import BudgetLine, FocusArea, Goal, SubProject, SubProjectMilestone
    from koers.teams.models import Body

    goals = list(
        Goal.objects.filter(programme=programme).prefetch_related("findings").order_by("title", "pk")
    )
    prefetches: list[Any] = [
        "focus_areas",
        "areas",
        "goals",
        "partners",
        Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("funding_source", "description", "pk")),
        Prefetch("milestones", queryset=SubProjectMilestone.objects.order_by("due", "title", "pk")),
    ]
    if _has("koers.interventions", "interventions_used"):
        prefetches.append("interventions_used__intervention")
    if _has("koers.actions", "raci_rows"):
        prefetches += ["raci_rows__cells__person", "raci_rows__cells__partner"]
    if _has("koers.actions", "actions"):
        prefetches.append("actions__owner")
    subprojects = list(
        SubProject.objects.filter(programme=programme)
        .select_related("kwartiermaker")
        .prefetch_related(*prefetches)
        .order_by("name", "pk")
    )
    analysis = (
        AnalysisDocument.objects.filter(programme=programme, status=DocumentStatus.DONE)
        .order_by("-number")
        .values("number", "generated_at")
        .first()
    )
    bodies = list(
        Body.objects.filter(programme=programme)
        .select_related("chair")
        .prefetch_related("members")
        .order_by("kind", "name")
    )
    return {
        "schema": SCHEMA,
        "taken_at": timezone.now().isoformat(),
        "programme": {
            "name": programme.name,
            "municipality": programme.organisation.name,
            "organisation": programme.organisation.name,
        },
        "analysis": (
            {"number": analysis["number"], "generated_at": analysis["generated_at"].isoformat()}
            if analysis and analysis["generated_at"]
            else None
        ),
        "focus_areas": [
            {"uuid": str(area.uuid), "name": area.name, "description": area.description}
            for area in FocusArea.objects.filter(programme=programme, active=True).order_by("order", "name")
        ],
        "goals": [
            {
                "uuid": str(goal.uuid),
                "title": goal.title,
                "specific": goal.specific,
                "measurable": goal.measurable,
                "acceptable": goal.acceptable,
                "realistic": goal.realistic,
                "deadline": _date(goal.deadline),
                "findings": sorted(finding.title for finding in goal.findings.all()),
            }
            for goal in goals
        ],
        "subprojects": [
            {
                "uuid": str(sub.uuid),
                "name": sub.name,
                "description": sub.description,
                "status": sub.status,
                "kwartiermaker": sub.kwartiermaker.full_name if sub.kwartiermaker else "",
                "focus_areas": sorted(area.name for area in sub.focus_areas.all()),
                "target_min_age": sub.target_min_age,
                "target_max_age": sub.target_max_age,
                "target_description": sub.target_description,
                "areas": sorted(area.name for area in sub.areas.all()),
                "goals": sorted(goal.title for goal in sub.goals.all()),
                "partners": sorted(partner.name for partner in sub.partners.all()),
                "logic_model": {part: getattr(sub, part) for part in LOGIC_MODEL},
                "no_intervention_reason": sub.no_intervention_reason,
                "start_date": _date(sub.start_date),
                "end_date": _date(sub.end_date),
                "budget_lines": [
                    {
                        "description": line.description,
                        "funding_source": line.funding_source,
                        "planned": _money(line.planned),
                        "committed": _money(line.committed),
                        "spent": _money(line.spent),
                    }
                    for line in sub.budget_lines.all()
                ],
                "milestones": [
                    {"title": m.title, "due": _date(m.due), "done_on": _date(m.done_on)}
                    for m in sub.milestones.all()
                ],
                "interventions": _interventions(sub),
                "raci": _raci(sub),
                "actions": _actions(sub),
            }
            for sub in subprojects
        ],
        "bodies": [
            {
                "kind": body.kind,
                "name": body.name,
                "mandate": body.mandate,
                "chair": body.chair.full_name if body.chair else "",
                "members": sorted(person.full_name for person in body.members.all()),
            }
            for body in bodies
        ],
    }
