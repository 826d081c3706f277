"""The step-plan navigator: the six steps of the seed, each with milestones computed from data.

Apps register milestones for their step in a ``milestones`` module::

    @milestone(step=1, key="team.manager", title=_("A programme manager is named"))
    def manager_named(facts: ProgrammeFacts) -> Check:
        ...

A milestone is never a box someone ticks: it is a function of the programme's data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Programme


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: Promise
    summary: Promise


STEPS: tuple[Step, ...] = (
    Step(1, "team", _("Team"), _("Assemble an integral, cross-domain team and agree how it works.")),
    Step(
        2,
        "analysis",
        _("Analysis"),
        _("Build a complete picture of youth crime in the municipality."),
    ),
    Step(3, "plan", _("Plan"), _("Write the plan of approach: focus areas, goals and sub-projects.")),
    Step(4, "agreements", _("Agreements"), _("Agree who does what, when, and who is responsible.")),
    Step(5, "monitoring", _("Monitoring"), _("Monitor progress, meet regularly and adjust course.")),
    Step(6, "evaluation", _("Evaluation"), _("Evaluate each sub-project and embed what works.")),
)


@dataclass(frozen=True)
class Check:
    met: bool
    detail: str | Promise = ""


class ProgrammeFacts:
    """What milestone checks need, loaded once per page. Apps may add cached properties."""

    def __init__(self, programme: Programme) -> None:
        self.programme = programme

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per page: checks and pages that need the same figure share it."""
        cache: dict[str, Any] = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    @cached_property
    def member_roles(self) -> Counter[str]:
        return Counter(self.programme.memberships.values_list("role", flat=True))

    @cached_property
    def invited_roles(self) -> Counter[str]:
        return Counter(
            Invitation.objects.open().filter(programme=self.programme).values_list("role", flat=True)
        )


@dataclass(frozen=True)
class Milestone:
    step: int
    key: str
    title: Promise
    check: Callable[[ProgrammeFacts], Check]
    order: int = 100


REGISTRY: dict[str, Milestone] = {}


def milestone(
    *, step: int, key: str, title: Promise, order: int = 100
) -> Callable[[Callable[[ProgrammeFacts], Check]], Callable[[ProgrammeFacts], Check]]:
    if step not in {s.number for s in STEPS}:
        raise ValueError(f"unknown step {step}")

    def register(func: Callable[[ProgrammeFacts], Check]) -> Callable[[ProgrammeFacts], Check]:
        if key in REGISTRY and REGISTRY[key].check is not func:
            raise ValueError(f"milestone {key} registered twice")
        REGISTRY[key] = Milestone(step=step, key=key, title=title, check=func, order=order)
        return func

    return register


@dataclass
class MilestoneResult:
    milestone: Milestone
    check: Check

    @property
    def met(self) -> bool:
        return self.check.met


@dataclass
class StepStatus:
    step: Step
    results: list[MilestoneResult] = field(default_factory=list)

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.results if r.met)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.met_count == self.total

    @property
    def next_missing(self) -> MilestoneResult | None:
        return next((r for r in self.results if not r.met), None)

    @property
    def state(self) -> str:
        if self.total == 0:
            return "pending"
        if self.complete:
            return "done"
        return "started" if self.met_count else "todo"


@dataclass
class Navigator:
    steps: list[StepStatus]

    @property
    def next_step(self) -> StepStatus | None:
        """The first step with a milestone not yet met: where the programme should work next."""
        return next((s for s in self.steps if s.next_missing is not None), None)

    @property
    def met_count(self) -> int:
        return sum(s.met_count for s in self.steps)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.steps)


def evaluate(programme: Programme, facts: Any = None, *, step: int | None = None) -> Navigator:
    """Every milestone of every step; with ``step``, only that step's milestones are checked (a
    step's own page shows no others) and the other steps stay without results.

    The outcome is kept per version of the programme's data (``koers.ui.pagecache``): every page
    of a programme shows its step's milestones, and they change only when the data does."""
    from koers.ui import pagecache

    chosen = [
        item
        for item in sorted(REGISTRY.values(), key=lambda m: (m.step, m.order, m.key))
        if step is None or item.step == step
    ]

    def check() -> list[tuple[bool, str]]:
        known = facts or ProgrammeFacts(programme)
        checks = [item.check(known) for item in chosen]
        return [(c.met, str(c.detail)) for c in checks]

    outcome = pagecache.cached(programme, ("navigator", step or "all", len(chosen)), check)
    by_step: dict[int, StepStatus] = {s.number: StepStatus(step=s) for s in STEPS}
    for item, (met, detail) in zip(chosen, outcome, strict=True):
        by_step[item.step].results.append(MilestoneResult(item, Check(met=met, detail=detail)))
    return Navigator(steps=list(by_step.values()))
