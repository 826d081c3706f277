"""The step-6 milestones of the indicators, both from one query:

* every sub-project has at least one outcome indicator with a baseline and a target;
* every such indicator has a measurement of a period that begins on or after the sub-project's
  start (the programme's start when the sub-project has none)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy, ngettext

from koers.plan.models import SubProject
from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .models import Indicator, IndicatorKind, Measurement


def ready_indicators() -> Q:
    """Outcome indicators with a baseline and a target."""
    return Q(kind=IndicatorKind.OUTCOME, baseline_value__isnull=False, target_value__isnull=False)


def indicator_counts(facts: ProgrammeFacts) -> dict[str, int]:
    """In one query: sub-projects, those without a ready outcome indicator, and those with a ready
    outcome indicator that has no measurement after the start."""

    def compute() -> dict[str, int]:
        ready = Indicator.objects.filter(ready_indicators(), subproject=OuterRef("pk"))
        after_start = Measurement.objects.filter(
            indicator=OuterRef("pk"),
            period_date__gte=Coalesce(OuterRef(OuterRef("start_date")), Value(facts.programme.start_date)),
        )
        row = (
            SubProject.objects.filter(programme=facts.programme)
            .annotate(
                has_ready=Exists(ready),
                has_unmeasured=Exists(ready.filter(~Exists(after_start))),
            )
            .aggregate(
                total=Count("pk"),
                without=Count("pk", filter=Q(has_ready=False)),
                with_ready=Count("pk", filter=Q(has_ready=True)),
                unmeasured=Count("pk", filter=Q(has_unmeasured=True)),
            )
        )
        return {key: row[key] or 0 for key in ("total", "without", "with_ready", "unmeasured")}

    result: dict[str, int] = facts.memo("indicators.counts", compute)
    return result


@milestone(
    step=6,
    key="indicators.outcome_per_subproject",
    title=gettext_lazy("Every sub-project has an outcome indicator with a baseline and a target"),
    order=10,
)
def outcome_indicator_per_subproject(facts: ProgrammeFacts) -> Check:
    counts = indicator_counts(facts)
    if not counts["total"]:
        return Check(False, gettext("the plan has no sub-projects yet"))
    if counts["without"]:
        return Check(
            False,
            ngettext(
                "%(n)d sub-project without an outcome indicator with a baseline and a target",
                "%(n)d sub-projects without an outcome indicator with a baseline and a target",
                counts["without"],
            )
            % {"n": counts["without"]},
        )
    return Check(True)


@milestone(
    step=6,
    key="indicators.measured_after_start",
    title=gettext_lazy("Measurements after the start"),
    order=30,
)
def measured_after_start(facts: ProgrammeFacts) -> Check:
    counts = indicator_counts(facts)
    if not counts["with_ready"]:
        return Check(False, gettext("no outcome indicator with a baseline and a target yet"))
    if counts["unmeasured"]:
        return Check(
            False,
            ngettext(
                "%(n)d sub-project has an outcome indicator without a measurement after its start",
                "%(n)d sub-projects have an outcome indicator without a measurement after their start",
                counts["unmeasured"],
            )
            % {"n": counts["unmeasured"]},
        )
    return Check(True)
