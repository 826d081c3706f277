"""Milestones of step 3 from the plan of approach: every chosen focus area has a sub-project; every
sub-project has a kwartiermaker, goals, a logic model and an intervention (or a reason why none);
every goal answers a finding; every sub-project works integrally or says why not."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.apps import apps
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy, ngettext

from koers.programmes.models import Programme
from koers.programmes.navigator import Check, ProgrammeFacts, milestone
from koers.teams import integrality

from .models import FocusArea, Goal, SubProject
from .selectors import SUBPROJECT_MIN_DOMAINS, SUBPROJECT_MIN_GROUPS


def _intervention_exists() -> Any:
    """Whether the sub-project uses an intervention from the registry, once that app is there."""
    label = "interventions.SubProjectIntervention"
    try:
        model = apps.get_model(label)
    except LookupError:
        return Value(False)
    return Exists(model.objects.filter(subproject=OuterRef("pk")))


def _counted(queryset: Any, aggregate: Count) -> Coalesce:
    rows = (
        queryset.filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(n=aggregate)
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _not_integral() -> Any:
    """The sub-projects without an integrality note whose partners cover fewer core groups or
    domains than a sub-project needs: step 1's check (teams.integrality), counted in SQL."""
    partners: Any = SubProject.partners.through.objects.filter(subproject=OuterRef("pk"))
    groups = Coalesce(
        Subquery(
            partners.filter(partnerorganisation__partner_type__core_group__in=integrality.CORE_GROUPS)
            .order_by()
            .values("subproject")
            .annotate(n=Count("partnerorganisation__partner_type__core_group", distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    # Domains are a JSON list of keys on the partner; a domain counts when one partner has it.
    domains = reduce(
        operator.add,
        (
            Case(
                When(Exists(partners.filter(partnerorganisation__domains__icontains=f'"{domain}"')), then=1),
                default=0,
                output_field=IntegerField(),
            )
            for domain in integrality.DOMAINS
        ),
    )
    return (
        SubProject.objects.filter(integrality_note="")
        .alias(group_count=groups, domain_count=domains)
        .filter(Q(group_count__lt=SUBPROJECT_MIN_GROUPS) | Q(domain_count__lt=SUBPROJECT_MIN_DOMAINS))
    )


def plan_counts(facts: ProgrammeFacts) -> dict[str, Any]:
    """The plan's figures for the milestones, in one query per page."""

    def compute() -> dict[str, Any]:
        subprojects = SubProject.objects.annotate(
            has_goals=Exists(SubProject.goals.through.objects.filter(subproject=OuterRef("pk"))),
            has_intervention=_intervention_exists(),
        )
        logic_missing = Q(activities="") | Q(outputs="") | Q(outcomes="")
        row: dict[str, Any] = dict(
            Programme.objects.filter(pk=facts.programme.pk)
            .annotate(
                areas_chosen=_counted(FocusArea.objects.filter(active=True), Count("pk")),
                areas_empty=_counted(
                    FocusArea.objects.filter(active=True).exclude(
                        Exists(SubProject.focus_areas.through.objects.filter(focusarea=OuterRef("pk")))
                    ),
                    Count("pk"),
                ),
                sub_total=_counted(subprojects, Count("pk")),
                sub_no_lead=_counted(subprojects, Count("pk", filter=Q(kwartiermaker__isnull=True))),
                sub_no_goals=_counted(subprojects, Count("pk", filter=Q(has_goals=False))),
                sub_no_logic=_counted(subprojects, Count("pk", filter=logic_missing)),
                sub_no_intervention=_counted(
                    subprojects, Count("pk", filter=Q(has_intervention=False, no_intervention_reason=""))
                ),
                sub_not_integral=_counted(_not_integral(), Count("pk")),
                goal_total=_counted(Goal.objects.all(), Count("pk")),
                goal_no_finding=_counted(
                    Goal.objects.exclude(Exists(Goal.findings.through.objects.filter(goal=OuterRef("pk")))),
                    Count("pk"),
                ),
            )
            .values(
                "areas_chosen",
                "areas_empty",
                "sub_total",
                "sub_no_lead",
                "sub_no_goals",
                "sub_no_logic",
                "sub_no_intervention",
                "sub_not_integral",
                "goal_total",
                "goal_no_finding",
            )
            .get()
        )
        return row

    result: dict[str, Any] = facts.memo("plan.counts", compute)
    return result


def _sub(n: int) -> str:
    return ngettext("%(n)d sub-project", "%(n)d sub-projects", n) % {"n": n}


@milestone(
    step=3,
    key="plan.focus_areas",
    title=gettext_lazy("Every chosen focus area has at least one sub-project"),
    order=20,
)
def focus_areas_covered(facts: ProgrammeFacts) -> Check:
    counts = plan_counts(facts)
    if not counts["areas_chosen"]:
        return Check(False, gettext("no focus areas chosen yet"))
    empty = counts["areas_empty"]
    if empty:
        return Check(
            False,
            ngettext(
                "%(n)d focus area without a sub-project", "%(n)d focus areas without a sub-project", empty
            )
            % {"n": empty},
        )
    chosen = counts["areas_chosen"]
    return Check(True, ngettext("%(n)d focus area", "%(n)d focus areas", chosen) % {"n": chosen})


@milestone(
    step=3,
    key="plan.subprojects",
    title=gettext_lazy(
        "Every sub-project has a kwartiermaker, goals, a logic model and an intervention or a reason"
    ),
    order=30,
)
def subprojects_complete(facts: ProgrammeFacts) -> Check:
    counts = plan_counts(facts)
    total = counts["sub_total"]
    if not total:
        return Check(False, gettext("no sub-projects yet"))
    gaps = []
    if counts["sub_no_lead"]:
        gaps.append(gettext("%(subs)s without a kwartiermaker") % {"subs": _sub(counts["sub_no_lead"])})
    if counts["sub_no_goals"]:
        gaps.append(gettext("%(subs)s without goals") % {"subs": _sub(counts["sub_no_goals"])})
    if counts["sub_no_logic"]:
        gaps.append(
            gettext("%(subs)s without a complete logic model") % {"subs": _sub(counts["sub_no_logic"])}
        )
    if counts["sub_no_intervention"]:
        gaps.append(
            gettext("%(subs)s without an intervention or a reason")
            % {"subs": _sub(counts["sub_no_intervention"])}
        )
    if gaps:
        return Check(False, "; ".join(gaps))
    return Check(True, _sub(total))


@milestone(step=3, key="plan.goals", title=gettext_lazy("Every goal answers a finding"), order=40)
def goals_answer_findings(facts: ProgrammeFacts) -> Check:
    counts = plan_counts(facts)
    total, loose = counts["goal_total"], counts["goal_no_finding"]
    if not total:
        return Check(False, gettext("no goals yet"))
    if loose:
        return Check(
            False,
            ngettext("%(n)d goal answers no finding", "%(n)d goals answer no finding", loose) % {"n": loose},
        )
    return Check(True, ngettext("%(n)d goal", "%(n)d goals", total) % {"n": total})


@milestone(
    step=3,
    key="plan.integrality",
    title=gettext_lazy("Every sub-project works integrally or records why not"),
    order=50,
)
def subprojects_integral(facts: ProgrammeFacts) -> Check:
    counts = plan_counts(facts)
    if not counts["sub_total"]:
        return Check(False, gettext("no sub-projects yet"))
    missing = counts["sub_not_integral"]
    if missing:
        return Check(
            False,
            ngettext(
                "%(n)d sub-project not integral and without a reason",
                "%(n)d sub-projects not integral and without a reason",
                missing,
            )
            % {"n": missing},
        )
    return Check(True, gettext("every sub-project"))
