"""Milestones of step 1, computed from the team's data."""

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .reference import AgreementKind, BodyKind
from .selectors import team_integrality


def integrality_of(facts: ProgrammeFacts) -> Any:
    """The team's integrality, computed once per page for the milestone and the matrix."""
    return facts.memo("team.integrality", lambda: team_integrality(facts.programme))


@milestone(
    step=1,
    key="team.integral",
    title=gettext_lazy("The team is integral: at least 7 of the 9 core partners and 4 domains"),
    order=20,
)
def team_is_integral(facts: ProgrammeFacts) -> Check:
    result = integrality_of(facts)
    return Check(
        result.passes,
        _("%(groups)d of 9 core partners, %(domains)d of 7 domains")
        % {"groups": result.group_count, "domains": result.domain_count},
    )


@milestone(step=1, key="team.roles", title=gettext_lazy("Every team member has a role"), order=30)
def every_member_has_a_role(facts: ProgrammeFacts) -> Check:
    counts = facts.programme.people.filter(removed_at__isnull=True).aggregate(
        total=Count("pk"), without=Count("pk", filter=Q(team_role=""))
    )
    if counts["total"] == 0:
        return Check(False, _("no team members yet"))
    return Check(
        counts["without"] == 0,
        ngettext("%(n)d member without a role", "%(n)d members without a role", counts["without"])
        % {"n": counts["without"]},
    )


@milestone(
    step=1,
    key="team.steering_group",
    title=gettext_lazy("A steering group with members (or a recorded reason why not)"),
    order=40,
)
def steering_group(facts: ProgrammeFacts) -> Check:
    group = (
        facts.programme.bodies.filter(kind=BodyKind.STUURGROEP)
        .annotate(n=Count("members", filter=Q(members__removed_at__isnull=True)))
        .first()
    )
    if group is not None and group.n > 0:
        return Check(True, ngettext("%(n)d member", "%(n)d members", group.n) % {"n": group.n})
    if facts.programme.no_steering_group_reason.strip():
        return Check(True, _("no steering group, reason recorded"))
    return Check(
        False, _("no steering group yet") if group is None else _("the steering group has no members")
    )


@milestone(
    step=1,
    key="team.agreements",
    title=gettext_lazy("Meeting, decision and communication agreements recorded"),
    order=50,
)
def agreements_recorded(facts: ProgrammeFacts) -> Check:
    agreed = {a.kind for a in facts.programme.agreements.all() if a.is_agreed}
    done = [k for k in AgreementKind.values if k in agreed]
    return Check(len(done) == len(AgreementKind.values), _("%(n)d of 3 agreed") % {"n": len(done)})
