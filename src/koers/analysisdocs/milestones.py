"""Step 2's last milestone: the safety analysis document has been generated."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .content import long_date
from .selectors import DocumentOverview, document_overview


def overview_of(facts: ProgrammeFacts) -> DocumentOverview:
    """The latest version and the state of the data, once per page (one query)."""
    return facts.memo("analysisdocs.overview", lambda: document_overview(facts.programme))


@milestone(
    step=2,
    key="analysisdocs.generated",
    title=gettext_lazy("Analysis document generated"),
    order=90,
)
def analysis_document_generated(facts: ProgrammeFacts) -> Check:
    overview = overview_of(facts)
    if not overview.exists:
        return Check(False, _("no version yet"))
    params = {"number": overview.latest_number, "date": long_date(overview.latest_generated_at)}
    if overview.data_changed:
        return Check(True, _("version %(number)s of %(date)s; the data have changed since") % params)
    return Check(True, _("version %(number)s of %(date)s; up to date") % params)
