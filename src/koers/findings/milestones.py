"""Milestones of step 2 from the findings: findings in at least three life domains, each with
evidence, and priority areas chosen."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy, ngettext

from koers.programmes.models import Programme
from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .models import Finding, FindingEvidence

MIN_LIFE_DOMAINS = 3


def findings_counts(facts: ProgrammeFacts) -> dict[str, int]:
    """In one query: the findings, those without evidence, the life domains of findings with
    evidence, and the findings with priority areas."""

    def compute() -> dict[str, int]:
        has_evidence = Exists(FindingEvidence.objects.filter(finding=OuterRef("pk")))
        has_areas = Exists(Finding.priority_areas.through.objects.filter(finding=OuterRef("pk")))

        def counted(aggregate: Count) -> Coalesce:
            rows = (
                Finding.objects.filter(programme=OuterRef("pk"))
                .annotate(with_evidence=has_evidence, with_areas=has_areas)
                .order_by()
                .values("programme")
                .annotate(n=aggregate)
                .values("n")
            )
            return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

        row = (
            Programme.objects.filter(pk=facts.programme.pk)
            .annotate(
                finding_count=counted(Count("pk")),
                without_evidence_count=counted(Count("pk", filter=Q(with_evidence=False))),
                domain_count=counted(Count("life_domain", distinct=True, filter=Q(with_evidence=True))),
                with_areas_count=counted(Count("pk", filter=Q(with_areas=True))),
            )
            .values("finding_count", "without_evidence_count", "domain_count", "with_areas_count")
            .get()
        )
        return {
            "findings": row["finding_count"],
            "without_evidence": row["without_evidence_count"],
            "domains": row["domain_count"],
            "with_areas": row["with_areas_count"],
        }

    result: dict[str, int] = facts.memo("findings.counts", compute)
    return result


@milestone(
    step=2,
    key="findings.life_domains",
    title=gettext_lazy("Findings in at least 3 life domains, each with evidence"),
    order=60,
)
def findings_in_life_domains(facts: ProgrammeFacts) -> Check:
    counts = findings_counts(facts)
    domains, missing = counts["domains"], counts["without_evidence"]
    detail = ngettext("%(n)d life domain with evidence", "%(n)d life domains with evidence", domains) % {
        "n": domains
    }
    if missing:
        detail += "; " + ngettext(
            "%(n)d finding without evidence", "%(n)d findings without evidence", missing
        ) % {"n": missing}
    return Check(domains >= MIN_LIFE_DOMAINS and missing == 0 and counts["findings"] > 0, detail)


@milestone(step=2, key="findings.priority_areas", title=gettext_lazy("Priority areas chosen"), order=70)
def priority_areas_chosen(facts: ProgrammeFacts) -> Check:
    count = findings_counts(facts)["with_areas"]
    if not count:
        return Check(False, gettext("no finding names a priority area yet"))
    return Check(
        True,
        ngettext("%(n)d finding with priority areas", "%(n)d findings with priority areas", count)
        % {"n": count},
    )
