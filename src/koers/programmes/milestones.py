"""Milestones the programme's membership already tells: who has been brought on board."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ProgrammeRole as R
from .navigator import Check, ProgrammeFacts, milestone


def _count_text(members: int, invited: int) -> str:
    return (
        ngettext("%(n)d member", "%(n)d members", members) % {"n": members}
        + ", "
        + ngettext("%(n)d open invitation", "%(n)d open invitations", invited) % {"n": invited}
    )


@milestone(step=1, key="programme.manager", title=_("A programme manager is named"), order=10)
def manager_named(facts: ProgrammeFacts) -> Check:
    count = facts.member_roles[R.PROGRAMMAMANAGER]
    return Check(
        count > 0,
        ngettext("%(n)d programme manager", "%(n)d programme managers", count) % {"n": count},
    )


@milestone(step=2, key="programme.researcher", title=_("A researcher takes part"), order=10)
def researcher_on_board(facts: ProgrammeFacts) -> Check:
    members = facts.member_roles[R.ONDERZOEKER]
    invited = facts.invited_roles[R.ONDERZOEKER]
    return Check(members > 0, _count_text(members, invited))


@milestone(
    step=3,
    key="programme.kwartiermaker",
    title=_("Sub-project leads (kwartiermakers) take part"),
    order=10,
)
def kwartiermakers_on_board(facts: ProgrammeFacts) -> Check:
    members = facts.member_roles[R.KWARTIERMAKER]
    invited = facts.invited_roles[R.KWARTIERMAKER]
    return Check(members > 0, _count_text(members, invited))
