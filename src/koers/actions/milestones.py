"""Milestones of step 4 from the actions: every sub-project has actions, and every action of a
sub-project has an owner and a due date."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy, ngettext

from koers.plan.models import SubProject
from koers.programmes.models import Programme
from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .models import Action


def action_counts(facts: ProgrammeFacts) -> dict[str, int]:
    """In one query: the sub-projects, those without actions, and the actions of sub-projects
    that lack an owner or a due date."""

    def compute() -> dict[str, int]:
        has_actions = Exists(Action.objects.filter(subproject=OuterRef("pk")))

        def count_subprojects(aggregate: Count) -> Coalesce:
            rows = (
                SubProject.objects.filter(programme=OuterRef("pk"))
                .annotate(with_actions=has_actions)
                .order_by()
                .values("programme")
                .annotate(n=aggregate)
                .values("n")
            )
            return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

        incomplete = (
            Action.objects.filter(programme=OuterRef("pk"), subproject__isnull=False)
            .filter(Q(owner__isnull=True) | Q(due_date__isnull=True))
            .order_by()
            .values("programme")
            .annotate(n=Count("pk"))
            .values("n")
        )
        row = (
            Programme.objects.filter(pk=facts.programme.pk)
            .annotate(
                subproject_count=count_subprojects(Count("pk")),
                without_actions_count=count_subprojects(Count("pk", filter=Q(with_actions=False))),
                incomplete_count=Coalesce(Subquery(incomplete, output_field=IntegerField()), Value(0)),
            )
            .values("subproject_count", "without_actions_count", "incomplete_count")
            .get()
        )
        return {
            "subprojects": row["subproject_count"],
            "without_actions": row["without_actions_count"],
            "incomplete": row["incomplete_count"],
        }

    result: dict[str, int] = facts.memo("actions.counts", compute)
    return result


@milestone(
    step=4,
    key="actions.subprojects",
    title=gettext_lazy("Every sub-project has actions with owners and due dates"),
    order=10,
)
def subprojects_have_actions(facts: ProgrammeFacts) -> Check:
    counts = action_counts(facts)
    if not counts["subprojects"]:
        return Check(False, gettext("there are no sub-projects yet"))
    parts = []
    if counts["without_actions"]:
        parts.append(
            ngettext(
                "%(n)d sub-project without actions",
                "%(n)d sub-projects without actions",
                counts["without_actions"],
            )
            % {"n": counts["without_actions"]}
        )
    if counts["incomplete"]:
        parts.append(
            ngettext(
                "%(n)d action without owner or due date",
                "%(n)d actions without owner or due date",
                counts["incomplete"],
            )
            % {"n": counts["incomplete"]}
        )
    if parts:
        return Check(False, "; ".join(parts))
    return Check(
        True,
        ngettext("%(n)d sub-project with actions", "%(n)d sub-projects with actions", counts["subprojects"])
        % {"n": counts["subprojects"]},
    )


def raci_counts(facts: ProgrammeFacts) -> dict[str, int]:
    """In one query (each sub-project's rows and their letters): the sub-projects without a RACI
    row and the rows that are not valid."""

    def compute() -> dict[str, int]:
        from .raci import problems

        letters: dict[int, list[str]] = {}
        subprojects: set[int] = set()
        with_rows: set[int] = set()
        for subproject_id, row_id, role, removed_at in SubProject.objects.filter(
            programme=facts.programme
        ).values_list(
            "pk", "raci_rows__pk", "raci_rows__cells__role", "raci_rows__cells__person__removed_at"
        ):
            subprojects.add(subproject_id)
            if row_id is None:
                continue
            with_rows.add(subproject_id)
            row = letters.setdefault(row_id, [])
            if role and removed_at is None:
                row.append(role)
        return {
            "subprojects": len(subprojects),
            "without_rows": len(subprojects - with_rows),
            "invalid": sum(1 for row in letters.values() if problems(row)),
        }

    result: dict[str, int] = facts.memo("actions.raci", compute)
    return result


@milestone(
    step=4,
    key="actions.raci",
    title=gettext_lazy("Every sub-project has a valid RACI"),
    order=20,
)
def raci_valid(facts: ProgrammeFacts) -> Check:
    counts = raci_counts(facts)
    if not counts["subprojects"]:
        return Check(False, gettext("there are no sub-projects yet"))
    parts = []
    if counts["without_rows"]:
        parts.append(
            ngettext(
                "%(n)d sub-project without RACI rows",
                "%(n)d sub-projects without RACI rows",
                counts["without_rows"],
            )
            % {"n": counts["without_rows"]}
        )
    if counts["invalid"]:
        parts.append(
            ngettext("%(n)d RACI row not valid", "%(n)d RACI rows not valid", counts["invalid"])
            % {"n": counts["invalid"]}
        )
    if parts:
        return Check(False, "; ".join(parts))
    return Check(True, gettext("every RACI row has one A and at least one R"))
