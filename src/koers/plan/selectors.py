"""Reading the plan of approach: the programme's focus areas, goals and sub-projects, a
sub-project's budget totals and integrality, the timeline and the golden thread from findings to
goals to sub-projects."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest

from koers.findings.models import Finding
from koers.programmes.models import Programme
from koers.teams import integrality
from koers.teams.models import PartnerOrganisation, Person

from .models import BudgetLine, FocusArea, Goal, SubProject, SubProjectMilestone

ZERO = Decimal("0.00")
# A sub-project works integrally when partners of at least two core groups and two domains take
# part: the team as a whole is held to step 1's 7 of 9 and 4 domains, a sub-project to less.
SUBPROJECT_MIN_GROUPS = 2
SUBPROJECT_MIN_DOMAINS = 2


def focus_areas(programme: Programme) -> QuerySet[FocusArea]:
    return programme.focus_areas.annotate(subproject_count=Count("subprojects")).order_by("order", "name")


def active_focus_areas(programme: Programme) -> QuerySet[FocusArea]:
    return programme.focus_areas.filter(active=True).order_by("order", "name")


def get_focus_area(programme: Programme, area_uuid: Any) -> FocusArea:
    area = programme.focus_areas.filter(uuid=area_uuid).first()
    if area is None:
        raise Http404("focus area")
    return area


def goals(programme: Programme) -> QuerySet[Goal]:
    return (
        programme.goals.annotate(subproject_count=Count("subprojects", distinct=True))
        .prefetch_related(Prefetch("findings", queryset=Finding.objects.order_by("title")))
        .order_by("title")
    )


def get_goal(programme: Programme, goal_uuid: Any) -> Goal:
    goal = (
        programme.goals.select_related("updated_by", "created_by", "programme__organisation")
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.order_by("title")),
            Prefetch("subprojects", queryset=SubProject.objects.order_by("name")),
        )
        .filter(uuid=goal_uuid)
        .first()
    )
    if goal is None:
        raise Http404("goal")
    return goal


def goals_answering(finding: Finding) -> list[Goal]:
    """The goals that answer ``finding`` (one query)."""
    return list(finding.goals.order_by("title"))


def finding_choices(programme: Programme) -> QuerySet[Finding]:
    return programme.findings.order_by("title")


def _budget_sum(field_name: str) -> Coalesce:
    rows = (
        BudgetLine.objects.filter(subproject=OuterRef("pk"))
        .order_by()
        .values("subproject")
        .annotate(total=Sum(field_name))
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(Subquery(rows, output_field=money), Value(ZERO), output_field=money)


def subprojects(programme: Programme) -> QuerySet[SubProject]:
    """The sub-projects with their kwartiermaker, focus areas and budget totals: two queries for
    any number of them."""
    return (
        programme.subprojects.select_related("kwartiermaker")
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.order_by("order", "name")))
        .annotate(
            planned_total=_budget_sum("planned"),
            committed_total=_budget_sum("committed"),
            spent_total=_budget_sum("spent"),
        )
        .order_by("name")
    )


def get_subproject(
    request: HttpRequest, programme: Programme, subproject_uuid: Any, *, perm: str | None = None
) -> SubProject:
    """The programme's sub-project (another programme's is a 404), if the user has ``perm`` on it."""
    subproject = (
        programme.subprojects.select_related("kwartiermaker__user", "updated_by", "programme__organisation")
        .filter(uuid=subproject_uuid)
        .first()
    )
    if subproject is None:
        raise Http404("sub-project")
    if perm and not request.user.has_perm(perm, subproject):
        raise PermissionDenied(perm)
    return subproject


def kwartiermaker_choices(programme: Programme) -> QuerySet[Person]:
    return programme.people.filter(removed_at__isnull=True).select_related("partner").order_by("full_name")


def partner_choices(programme: Programme) -> QuerySet[PartnerOrganisation]:
    return PartnerOrganisation.objects.filter(programme_links__programme=programme).order_by("name")


@dataclass
class FundingTotal:
    funding_source: str
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def overspent(self) -> bool:
        return self.spent > self.planned


@dataclass
class Budget:
    lines: list[BudgetLine]
    per_source: list[FundingTotal] = field(default_factory=list)
    total: FundingTotal = field(default_factory=lambda: FundingTotal(""))

    @property
    def overspent_lines(self) -> list[BudgetLine]:
        return [line for line in self.lines if line.spent > line.planned]


def budget(subproject: SubProject) -> Budget:
    """The budget lines and their totals per funding source and overall, in exact euros."""
    lines = list(subproject.budget_lines.order_by("funding_source", "description", "pk"))
    totals: dict[str, FundingTotal] = {}
    overall = FundingTotal("")
    for line in lines:
        for bucket in (totals.setdefault(line.funding_source, FundingTotal(line.funding_source)), overall):
            bucket.planned += line.planned
            bucket.committed += line.committed
            bucket.spent += line.spent
    return Budget(
        lines=lines, per_source=sorted(totals.values(), key=lambda t: t.funding_source), total=overall
    )


def get_budget_line(subproject: SubProject, line_id: Any) -> BudgetLine:
    line = subproject.budget_lines.filter(pk=line_id).first()
    if line is None:
        raise Http404("budget line")
    return line


def milestones(subproject: SubProject) -> QuerySet[SubProjectMilestone]:
    return subproject.milestones.order_by("due", "title")


def get_milestone(subproject: SubProject, milestone_uuid: Any) -> SubProjectMilestone:
    milestone = subproject.milestones.filter(uuid=milestone_uuid).first()
    if milestone is None:
        raise Http404("milestone")
    return milestone


def participants(partners: Any) -> list[integrality.Participant]:
    return [
        integrality.Participant(
            name=p.name, core_group=p.partner_type.core_group or None, domains=frozenset(p.domains)
        )
        for p in partners
    ]


def subproject_integrality(subproject: SubProject) -> integrality.Integrality:
    """Step 1's integrality check on the sub-project's partner organisations."""
    return integrality.check(
        participants(subproject.partners.select_related("partner_type").order_by("name")),
        min_groups=SUBPROJECT_MIN_GROUPS,
        min_domains=SUBPROJECT_MIN_DOMAINS,
    )


# The golden thread ----------------------------------------------------------------------------


@dataclass
class ThreadRow:
    finding: Finding
    goals: list[Goal]
    subprojects: list[SubProject]

    @property
    def answered(self) -> bool:
        return bool(self.goals)


@dataclass
class SubProjectIndicators:
    """Step 6: a sub-project with its indicators (each with its latest measurement), its newest
    effect estimate Koers presented (``estimate``), whether it only declined (``declined``), and
    the current verdict with the decision (``verdict``)."""

    subproject: SubProject
    indicators: list[Any]
    estimate: Any = None
    declined: bool = False
    verdict: Any = None

    @property
    def has_outcome(self) -> bool:
        return any(i.kind == "outcome" for i in self.indicators)

    @property
    def effect_words(self) -> str:
        from koers.evaluation.wording import words

        return words(self.estimate) if self.estimate is not None else ""


@dataclass
class GoldenThread:
    rows: list[ThreadRow]
    unanswered_goals: list[Goal]
    loose_subprojects: list[SubProject]
    indicators: list[SubProjectIndicators] = field(default_factory=list)

    @property
    def without_outcome(self) -> list[SubProjectIndicators]:
        return [item for item in self.indicators if not item.has_outcome]

    @property
    def without_estimate(self) -> list[SubProjectIndicators]:
        return [item for item in self.indicators if item.estimate is None]

    @property
    def without_verdict(self) -> list[SubProjectIndicators]:
        return [item for item in self.indicators if item.verdict is None]

    @property
    def unanswered_findings(self) -> list[ThreadRow]:
        return [row for row in self.rows if not row.answered]


def golden_thread(programme: Programme) -> GoldenThread:
    """Each finding with the goals that answer it and the sub-projects serving those goals, and
    the sub-projects that answer no finding through their goals. Four queries, however many."""
    subproject_qs = SubProject.objects.order_by("name")
    goal_list = list(
        programme.goals.prefetch_related(
            Prefetch("findings", queryset=Finding.objects.only("pk")),
            Prefetch("subprojects", queryset=subproject_qs),
        ).order_by("title")
    )
    by_finding: dict[int, list[Goal]] = {}
    for goal in goal_list:
        for finding in goal.findings.all():
            by_finding.setdefault(finding.pk, []).append(goal)
    rows = []
    for finding in programme.findings.order_by("life_domain", "title"):
        answering = by_finding.get(finding.pk, [])
        seen: dict[int, SubProject] = {}
        for goal in answering:
            for sub in goal.subprojects.all():
                seen.setdefault(sub.pk, sub)
        rows.append(
            ThreadRow(
                finding=finding, goals=answering, subprojects=sorted(seen.values(), key=lambda s: s.name)
            )
        )
    answering_ids = {s.pk for goal in goal_list if goal.findings.all() for s in goal.subprojects.all()}
    loose = [s for s in programme.subprojects.order_by("name") if s.pk not in answering_ids]
    unanswered_goals = [g for g in goal_list if not g.findings.all()]
    return GoldenThread(
        rows=rows,
        unanswered_goals=unanswered_goals,
        loose_subprojects=loose,
        indicators=_thread_indicators(programme, goal_list, loose),
    )


def _thread_indicators(
    programme: Programme, goal_list: list[Goal], loose: list[SubProject]
) -> list[SubProjectIndicators]:
    """Every sub-project (those reached through goals answering a finding, and the loose ones)
    with its indicators and their latest measurement: one query."""
    from koers.indicators.models import Indicator
    from koers.indicators.selectors import value_text, with_latest

    subprojects: dict[int, SubProject] = {s.pk: s for s in loose}
    for goal in goal_list:
        if goal.findings.all():
            for sub in goal.subprojects.all():
                subprojects.setdefault(sub.pk, sub)
    found: dict[int | None, list[Any]] = {}
    queryset = with_latest(Indicator.objects.filter(programme=programme, subproject__isnull=False))
    for indicator in queryset.order_by("name", "pk"):
        item: Any = indicator
        item.baseline_text = value_text(item.baseline_value)
        item.target_text = value_text(item.target_value)
        item.latest_text = value_text(item.latest_value, bool(item.latest_suppressed))
        found.setdefault(item.subproject_id, []).append(item)
    estimates, declined, verdicts = _thread_evaluations(programme)
    return [
        SubProjectIndicators(
            subproject=sub,
            indicators=found.get(sub.pk, []),
            estimate=estimates.get(sub.pk),
            declined=sub.pk in declined,
            verdict=verdicts.get(sub.pk),
        )
        for sub in sorted(subprojects.values(), key=lambda s: s.name)
    ]


def _thread_evaluations(programme: Programme) -> tuple[dict[int, Any], set[int], dict[int, Any]]:
    """Per sub-project: the newest effect estimate not declined, whether any was declined, and the
    current verdict (the latest decided). Two queries."""
    from koers.evaluation.models import EffectEstimate, Verdict

    estimates: dict[int, Any] = {}
    declined: set[int] = set()
    for estimate in (
        EffectEstimate.objects.filter(plan__subproject__programme=programme)
        .select_related("indicator", "plan")
        .order_by("-computed_at", "-pk")
    ):
        sub_id = estimate.plan.subproject_id
        if estimate.declined:
            declined.add(sub_id)
        else:
            estimates.setdefault(sub_id, estimate)
    verdicts: dict[int, Any] = {}
    for verdict in (
        Verdict.objects.filter(plan__subproject__programme=programme)
        .select_related("plan")
        .order_by("-decided_on", "-pk")
    ):
        verdicts.setdefault(verdict.plan.subproject_id, verdict)
    return estimates, declined, verdicts


# The timeline ---------------------------------------------------------------------------------


def timeline(programme: Programme) -> list[SubProject]:
    """The sub-projects with their dates and milestones (two queries)."""
    return list(
        programme.subprojects.prefetch_related(
            Prefetch("milestones", queryset=SubProjectMilestone.objects.order_by("due", "title"))
        ).order_by("start_date", "name")
    )
