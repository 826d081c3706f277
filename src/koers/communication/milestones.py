"""The step-5 milestone of the communication plan: it reaches at least three audiences, and its
moments are done on time.

The rule: an audience counts when it has at least one moment; at least ``MIN_AUDIENCES`` (3)
audiences count; at least one moment's planned date has passed; and of the moments whose planned
date has passed, at least ``ON_TIME_SHARE`` (80 %) were done at most ``ON_TIME_DAYS`` (7) days
after the planned date. A moment not yet done whose date passed counts as not on time."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from koers.programmes.navigator import Check, ProgrammeFacts, milestone

from .models import CommunicationMoment
from .reference import MIN_AUDIENCES, ON_TIME_DAYS, ON_TIME_SHARE


def communication_counts(facts: ProgrammeFacts, today: datetime.date | None = None) -> dict[str, int]:
    """In one query (a programme has at most a few hundred moments): audiences with moments,
    past moments and those done on time."""

    def compute() -> dict[str, int]:
        day = today or timezone.localdate()
        late = datetime.timedelta(days=ON_TIME_DAYS)
        audiences: set[int] = set()
        past = on_time = 0
        rows = CommunicationMoment.objects.filter(programme=facts.programme).values_list(
            "audience_id", "planned_on", "done_on"
        )
        for audience_id, planned_on, done_on in rows:
            audiences.add(audience_id)
            if planned_on < day:
                past += 1
                if done_on is not None and done_on <= planned_on + late:
                    on_time += 1
        return {"audiences": len(audiences), "past": past, "on_time": on_time}

    result: dict[str, int] = facts.memo("communication.counts", compute)
    return result


@milestone(
    step=5,
    key="communication.plan",
    title=gettext_lazy("The communication plan reaches at least three audiences, with moments done on time"),
    order=50,
)
def communication_on_time(facts: ProgrammeFacts) -> Check:
    counts = communication_counts(facts)
    if counts["audiences"] < MIN_AUDIENCES:
        return Check(
            False,
            ngettext(
                "%(n)d audience with moments, at least %(min)d needed",
                "%(n)d audiences with moments, at least %(min)d needed",
                counts["audiences"],
            )
            % {"n": counts["audiences"], "min": MIN_AUDIENCES},
        )
    if not counts["past"]:
        return Check(False, gettext("no planned moment has taken place yet"))
    share = round(100 * counts["on_time"] / counts["past"])
    detail = gettext("%(share)d%% of the past moments done on time") % {"share": share}
    return Check(share >= ON_TIME_SHARE, detail)
