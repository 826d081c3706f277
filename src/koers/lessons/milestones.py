"""The step-5 milestone of the lessons learned: every running sub-project (status
``uitvoering``) has at least one lesson recorded. Without a running sub-project it is not met yet."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext, gettext_lazy, ngettext

from koers.plan.models import SubProject
from koers.plan.reference import SubProjectStatus
from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .models import Lesson


def lesson_counts(facts: ProgrammeFacts) -> dict[str, int]:
    """In one query: running sub-projects, and those without a lesson."""

    def compute() -> dict[str, int]:
        row = (
            SubProject.objects.filter(programme=facts.programme, status=SubProjectStatus.RUNNING)
            .annotate(has_lesson=Exists(Lesson.objects.filter(subproject=OuterRef("pk"))))
            .aggregate(running=Count("pk"), without=Count("pk", filter=Q(has_lesson=False)))
        )
        return {"running": row["running"] or 0, "without": row["without"] or 0}

    result: dict[str, int] = facts.memo("lessons.counts", compute)
    return result


@milestone(
    step=5,
    key="lessons.running_subprojects",
    title=gettext_lazy("At least one lesson recorded for every running sub-project"),
    order=60,
)
def lessons_per_running_subproject(facts: ProgrammeFacts) -> Check:
    counts = lesson_counts(facts)
    if not counts["running"]:
        return Check(False, gettext("no sub-project is running yet"))
    if counts["without"]:
        return Check(
            False,
            ngettext(
                "%(n)d running sub-project without a lesson",
                "%(n)d running sub-projects without a lesson",
                counts["without"],
            )
            % {"n": counts["without"]},
        )
    return Check(True)
