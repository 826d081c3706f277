"""Step 3's milestone of the plan document: a version of the plan has been approved."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .selectors import latest_approved


@milestone(step=3, key="plandocs.approved", title=gettext_lazy("A plan version is approved"), order=90)
def plan_version_approved(facts: ProgrammeFacts) -> Check:
    approved = facts.memo("plandocs.approved", lambda: latest_approved(facts.programme))
    if approved is None:
        return Check(False, _("no approved version yet"))
    return Check(
        True,
        _("version %(number)s, approved on %(date)s by %(body)s")
        % {
            "number": approved["number"],
            "date": formats.date_format(approved["approved_on"], "j F Y") if approved["approved_on"] else "—",
            "body": approved["approved_by"],
        },
    )
