"""The evaluation report of a sub-project and the evaluation summary of the programme, as PDF/A
and ODT (step 6).

The report: the sub-project and its goals, the evaluation plan, the process evaluation, the
indicators, every effect estimate with its 95 % interval, p-value, number of observations, method
and design strength in plain language and its caveats — a declined estimate with its reasons and
no figure — the current verdict and decision, the embedding plan and the follow-up actions. The
summary: one row per sub-project and the totals.

Content first (blocks of ``koers.reports.blocks``), then the writers lay it out, as the meeting
minutes do. Both documents are small — a few pages, a fixed number of queries — so they are made
in the request (ADR 0032); the plan document, which can run to hundreds of pages, uses the task
worker instead."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from koers.actions.models import Action
from koers.indicators.models import Indicator
from koers.indicators.selectors import value_text, with_latest
from koers.plan.models import SubProject
from koers.programmes.models import Programme
from koers.reports import blocks as block_documents
from koers.reports.blocks import Block, BlockDocument

from . import wording
from .models import EffectEstimate, EmbeddingPlan, EvaluationPlan, ProcessItem, Verdict
from .reference import Conclusion, Decision

FORMATS = block_documents.FORMATS


def _day(value: Any) -> str:
    return formats.date_format(value, "j F Y") if value else "–"


def _names(items: Any) -> str:
    return ", ".join(str(getattr(item, "name", item)) for item in items) or "–"


def _facts(rows: list[tuple[str, str]]) -> Block:
    return Block("table", headers=[_("Item"), _("Value")], rows=[[k, v] for k, v in rows], widths=[4, 11])


# Reading ------------------------------------------------------------------------------------------


@dataclass
class ReportData:
    subproject: SubProject
    plan: EvaluationPlan | None
    items: list[ProcessItem]
    indicators: list[Indicator]
    estimates: list[EffectEstimate]
    verdict: Verdict | None
    earlier_verdicts: int
    embedding: EmbeddingPlan | None
    actions: list[Action]


def report_data(subproject: SubProject) -> ReportData:
    """Everything the report shows, in a fixed number of queries."""
    subproject = (
        SubProject.objects.filter(pk=subproject.pk)
        .select_related("programme__organisation")
        .prefetch_related("goals", "areas")
        .get()
    )
    plan = (
        EvaluationPlan.objects.filter(subproject=subproject)
        .select_related("measure")
        .prefetch_related("treated_areas", "comparison_areas", "buffer_areas", "buffer_comparison_areas")
        .first()
    )
    indicators = list(
        with_latest(Indicator.objects.filter(subproject=subproject)).order_by("kind", "name", "pk")
    )
    items: list[ProcessItem] = []
    estimates: list[EffectEstimate] = []
    verdicts: list[Verdict] = []
    embedding = None
    actions: list[Action] = []
    if plan is not None:
        items = list(ProcessItem.objects.filter(plan=plan))
        estimates = list(
            EffectEstimate.objects.filter(plan=plan)
            .select_related("indicator")
            .order_by("-computed_at", "-pk")
        )
        verdicts = list(Verdict.objects.filter(plan=plan).order_by("-decided_on", "-pk"))
    verdict = verdicts[0] if verdicts else None
    if verdict is not None:
        embedding = (
            EmbeddingPlan.objects.filter(verdict=verdict)
            .select_related("partner")
            .prefetch_related("areas")
            .first()
        )
        actions = list(
            Action.objects.filter(verdict=verdict)
            .select_related("owner", "organisation")
            .order_by("due_date", "title", "pk")
        )
    return ReportData(
        subproject=subproject,
        plan=plan,
        items=items,
        indicators=indicators,
        estimates=estimates,
        verdict=verdict,
        earlier_verdicts=max(len(verdicts) - 1, 0),
        embedding=embedding,
        actions=actions,
    )


# The report of a sub-project ----------------------------------------------------------------------


def _plan_blocks(data: ReportData) -> list[Block]:
    blocks = [Block("heading", _("Evaluation plan"))]
    plan = data.plan
    if plan is None:
        return [*blocks, Block("paragraph", _("This sub-project has no evaluation plan yet."))]
    evaluator = str(plan.get_evaluator_display())
    if plan.evaluator_name:
        evaluator += f": {plan.evaluator_name}"
    rows = [
        (_("Status"), str(plan.get_status_display())),
        (_("Kind of evaluation"), str(plan.get_kind_display())),
        (_("Design"), str(plan.get_design_display())),
        (_("Evaluator"), evaluator),
        (_("Planned"), f"{_day(plan.planned_start)} – {_day(plan.planned_end)}"),
        (_("Areas of the sub-project"), _names(plan.treated_areas.all())),
        (_("Comparison areas"), _names(plan.comparison_areas.all())),
    ]
    if plan.buffer_areas.all():
        rows.append((_("Displacement buffer areas"), _names(plan.buffer_areas.all())))
        rows.append((_("Comparison areas of the buffer"), _names(plan.buffer_comparison_areas.all())))
    if plan.external_reference:
        rows.append((_("Reference of the external study"), plan.external_reference))
    if plan.measure is not None:
        rows.append((_("Measure for the comparison"), plan.measure.title))
    blocks += [
        _facts(rows),
        Block("heading", _("Evaluation questions"), level=3),
        Block("paragraph", plan.questions or "–"),
        Block("heading", _("Process evaluation")),
    ]
    if data.items:
        blocks.append(
            Block(
                "table",
                headers=[_("Date"), _("Aspect"), _("Score"), _("Number"), _("Explanation")],
                rows=[
                    [
                        _day(item.observed_on),
                        str(item.get_aspect_display()),
                        f"{item.score} / 5" if item.score else "–",
                        f"{value_text(item.number)} {item.unit}".strip() if item.number is not None else "–",
                        item.text or "–",
                    ]
                    for item in data.items
                ],
                widths=[3, 3, 2, 3, 7],
            )
        )
    else:
        blocks.append(Block("paragraph", _("No process evaluation items yet.")))
    return blocks


def _indicator_blocks(data: ReportData) -> list[Block]:
    blocks = [Block("heading", _("Indicators"))]
    if not data.indicators:
        return [*blocks, Block("paragraph", _("This sub-project has no indicators yet."))]
    rows = []
    for indicator in data.indicators:
        item: Any = indicator
        baseline = value_text(indicator.baseline_value)
        if indicator.baseline_period:
            baseline += f" ({indicator.baseline_period})"
        target = value_text(indicator.target_value)
        if indicator.target_date:
            target += f" ({_day(indicator.target_date)})"
        latest = (
            f"{value_text(item.latest_value, bool(item.latest_suppressed))} ({item.latest_period})"
            if item.latest_period
            else _("no measurement yet")
        )
        rows.append(
            [
                indicator.name + (f" ({indicator.unit})" if indicator.unit else ""),
                str(indicator.get_kind_display()),
                str(indicator.get_polarity_display()),
                baseline,
                target,
                latest,
            ]
        )
    blocks.append(
        Block(
            "table",
            headers=[_("Indicator"), _("Type"), _("Direction"), _("Baseline"), _("Target"), _("Latest")],
            rows=rows,
            widths=[5, 2, 3, 3, 3, 3],
        )
    )
    return blocks


def _estimate_blocks(data: ReportData) -> list[Block]:
    blocks = [Block("heading", _("Effect estimates"))]
    if not data.estimates:
        return [*blocks, Block("paragraph", _("No effect estimates yet."))]
    for estimate in data.estimates:
        item = wording.worded(estimate)
        blocks.append(
            Block(
                "heading",
                f"{str(estimate.get_method_display()).capitalize()} – {estimate.indicator.name}",
                level=3,
            )
        )
        blocks.append(
            Block(
                "paragraph",
                _("Start of the sub-project: %(start)s. Computed on %(date)s.")
                % {
                    "start": _day(estimate.intervention_start),
                    "date": _day(timezone.localtime(estimate.computed_at).date()),
                },
                note=True,
            )
        )
        if item.declined:
            blocks.append(Block("paragraph", _("Koers did not estimate an effect, because:")))
            blocks.append(Block("paragraph", "\n".join(f"• {reason}" for reason in item.reasons)))
            blocks.append(Block("paragraph", _("Method: %(method)s") % {"method": item.method}, note=True))
        else:
            rows = [
                (_("Estimate"), item.effect),
                (_("95 % interval"), item.interval),
                (_("p-value"), item.p_value),
                (_("Number of observations"), item.n),
                (_("Method"), item.method),
                (_("Design strength"), item.strength),
            ]
            if item.slope:
                rows.append((_("Trend"), item.slope))
            blocks.append(_facts(rows))
            blocks.append(Block("paragraph", item.sentence))
            if item.caveats:
                blocks.append(Block("paragraph", _("Caveats:")))
                blocks.append(Block("paragraph", "\n".join(f"• {c}" for c in item.caveats)))
        if estimate.note:
            blocks.append(Block("paragraph", _("Interpretation: %(note)s") % {"note": estimate.note}))
    return blocks


def _verdict_blocks(data: ReportData) -> list[Block]:
    verdict = data.verdict
    blocks = [Block("heading", _("Verdict"))]
    if verdict is None:
        return [
            *blocks,
            Block("paragraph", _("No verdict yet.")),
            Block("heading", _("Decision")),
            Block("paragraph", _("No decision yet.")),
            Block("heading", _("Embedding plan")),
            Block("paragraph", _("No embedding plan.")),
            Block("heading", _("Follow-up actions")),
            Block("paragraph", _("No follow-up actions.")),
        ]
    blocks.append(
        _facts(
            [
                (_("Conclusion"), str(verdict.get_conclusion_display())),
                (_("Level of evidence"), str(verdict.get_evidence_level_display())),
                (_("Decided on"), _day(verdict.decided_on)),
            ]
        )
    )
    blocks.append(Block("heading", _("Reasoning"), level=3))
    blocks.append(Block("paragraph", verdict.reasoning or "–"))
    if data.earlier_verdicts:
        blocks.append(
            Block(
                "paragraph",
                _("This is the current verdict; %(n)s earlier verdicts stay in the history.")
                % {"n": data.earlier_verdicts},
                note=True,
            )
        )
    blocks += [
        Block("heading", _("Decision")),
        Block("paragraph", str(verdict.get_decision_display()).capitalize()),
        Block("paragraph", verdict.decision_reasoning or _("No reasons for the decision were written down.")),
        Block("heading", _("Embedding plan")),
    ]
    embedding = data.embedding
    if embedding is None:
        blocks.append(Block("paragraph", _("No embedding plan.")))
    else:
        amount = (
            "€ " + formats.number_format(embedding.funding_amount, decimal_pos=2, force_grouping=True)
            if embedding.funding_amount is not None
            else "–"
        )
        organisation = embedding.organisation_name or (embedding.partner.name if embedding.partner else "")
        blocks.append(
            _facts(
                [
                    (_("Organisation that takes it over"), organisation or "–"),
                    (_("Structural funding per year"), amount),
                    (_("Source of the funding"), embedding.funding_source or "–"),
                    (_("Funded from"), _day(embedding.funding_from)),
                    (_("Neighbourhoods"), _names(embedding.areas.all())),
                    (_("Conditions"), embedding.conditions or "–"),
                ]
            )
        )
    blocks.append(Block("heading", _("Follow-up actions")))
    if data.actions:
        blocks.append(
            Block(
                "table",
                headers=[_("Action"), _("Owner"), _("Organisation"), _("Due date"), _("Status")],
                rows=[
                    [
                        action.title,
                        action.owner.full_name if action.owner else "–",
                        action.organisation.name if action.organisation else "–",
                        _day(action.due_date),
                        str(action.get_status_display()),
                    ]
                    for action in data.actions
                ],
                widths=[6, 3, 3, 3, 2],
            )
        )
    else:
        blocks.append(Block("paragraph", _("No follow-up actions.")))
    return blocks


def report_content(subproject: SubProject) -> BlockDocument:
    data = report_data(subproject)
    sub = data.subproject
    programme = sub.programme
    blocks = [
        Block("heading", _("Sub-project")),
        _facts(
            [
                (_("Status"), str(sub.get_status_display())),
                (_("Period"), f"{_day(sub.start_date)} – {_day(sub.end_date)}"),
                (_("Areas"), _names(sub.areas.all())),
            ]
        ),
    ]
    if sub.description:
        blocks.append(Block("paragraph", sub.description))
    blocks.append(Block("heading", _("Goals")))
    goals = list(sub.goals.all())
    if goals:
        blocks.append(Block("paragraph", "\n".join(f"• {goal.title}" for goal in goals)))
    else:
        blocks.append(Block("paragraph", _("This sub-project serves no goal yet.")))
    blocks += _plan_blocks(data)
    blocks += _indicator_blocks(data)
    blocks += _estimate_blocks(data)
    blocks += _verdict_blocks(data)
    return BlockDocument(
        title=_("Evaluation report: %(name)s") % {"name": sub.name},
        organisation=programme.organisation.name,
        programme=programme.name,
        subtitle=[programme.name, _("Made on %(date)s.") % {"date": _day(timezone.localdate())}],
        blocks=blocks,
    )


# The summary of the programme ---------------------------------------------------------------------


@dataclass
class SummaryRow:
    subproject: SubProject
    plan: EvaluationPlan | None
    verdict: Verdict | None
    estimate: EffectEstimate | None
    declined: int

    @property
    def effect_words(self) -> str:
        if self.estimate is not None:
            return wording.words(self.estimate)
        if self.declined:
            return _("Koers declined every estimate: too little data.")
        return _("No effect estimate yet.")


def main_estimate(plan: EvaluationPlan | None, verdict: Verdict | None) -> EffectEstimate | None:
    """The estimate the verdict used (the newest not declined), else the plan's newest one not
    declined. Expects ``estimates`` prefetched newest first on both."""
    if verdict is not None:
        used = wording.latest_presented(verdict.estimates.all())
        if used is not None:
            return used
    return wording.latest_presented(plan.estimates.all()) if plan is not None else None


def summary_rows(programme: Programme) -> list[SummaryRow]:
    """One row per sub-project of the programme, in a fixed number of queries."""
    newest = EffectEstimate.objects.select_related("indicator").order_by("-computed_at", "-pk")
    subprojects = (
        SubProject.objects.filter(programme=programme)
        .select_related("evaluation_plan")
        .prefetch_related(
            Prefetch("evaluation_plan__estimates", queryset=newest),
            Prefetch(
                "evaluation_plan__verdicts",
                queryset=Verdict.objects.order_by("-decided_on", "-pk").prefetch_related(
                    Prefetch("estimates", queryset=newest)
                ),
            ),
        )
        .order_by("name", "pk")
    )
    rows = []
    for sub in subprojects:
        plan = getattr(sub, "evaluation_plan", None)
        verdict = next(iter(plan.verdicts.all()), None) if plan is not None else None
        rows.append(
            SummaryRow(
                subproject=sub,
                plan=plan,
                verdict=verdict,
                estimate=main_estimate(plan, verdict),
                declined=sum(1 for e in plan.estimates.all() if e.declined) if plan is not None else 0,
            )
        )
    return rows


def summary_content(programme: Programme) -> BlockDocument:
    rows = summary_rows(programme)
    blocks: list[Block] = [Block("heading", _("Sub-projects"))]
    if rows:
        blocks.append(
            Block(
                "table",
                headers=[
                    _("Sub-project"),
                    _("Status"),
                    _("Design"),
                    _("Main estimate"),
                    _("Conclusion"),
                    _("Level of evidence"),
                    _("Decision"),
                ],
                rows=[
                    [
                        row.subproject.name,
                        str(row.subproject.get_status_display()),
                        str(row.plan.get_design_display()) if row.plan else _("no evaluation plan yet"),
                        row.effect_words,
                        str(row.verdict.get_conclusion_display()) if row.verdict else _("no verdict yet"),
                        str(row.verdict.get_evidence_level_display()) if row.verdict else "–",
                        str(row.verdict.get_decision_display()) if row.verdict else "–",
                    ]
                    for row in rows
                ],
                widths=[3, 2, 3, 6, 2, 2, 2],
            )
        )
    else:
        blocks.append(Block("paragraph", _("The plan has no sub-projects yet.")))
    conclusions = Counter(row.verdict.conclusion for row in rows if row.verdict)
    decisions = Counter(row.verdict.decision for row in rows if row.verdict)
    totals = [
        (_("Sub-projects"), str(len(rows))),
        (_("With an evaluation plan"), str(sum(1 for row in rows if row.plan))),
        (_("With an effect estimate"), str(sum(1 for row in rows if row.estimate))),
        (_("With a verdict"), str(sum(1 for row in rows if row.verdict))),
        *((str(choice.label).capitalize(), str(conclusions[choice.value])) for choice in Conclusion),
        *((_("Decision: %(d)s") % {"d": choice.label}, str(decisions[choice.value])) for choice in Decision),
    ]
    blocks += [Block("heading", _("Totals")), _facts(totals)]
    return BlockDocument(
        title=_("Evaluation summary: %(name)s") % {"name": programme.name},
        organisation=programme.organisation.name,
        programme=programme.name,
        subtitle=[programme.organisation.name, _("Made on %(date)s.") % {"date": _day(timezone.localdate())}],
        blocks=blocks,
    )


def report_response(subproject: SubProject, fmt: str) -> HttpResponse:
    return block_documents.response(
        report_content(subproject), fmt, filename=f"evaluatierapport-{subproject.name}"
    )


def summary_response(programme: Programme, fmt: str) -> HttpResponse:
    return block_documents.response(
        summary_content(programme), fmt, filename=f"evaluatie-samenvatting-{programme.name}"
    )
