"""Milestones of step 5 from the meetings (ADR 0025):

- **each body meets at its agreed frequency**: for every body with a frequency (not "when
  needed"), over the last ``WINDOW_DAYS`` days (at least two agreed periods), no gap between held
  meetings — nor between the last one and today — is longer than the agreed interval plus
  ``TOLERANCE`` (half an interval: a monthly body may skip a week or two, not a month);
- **minutes approved within the agreed time**: every meeting that has taken place had its minutes
  approved within ``APPROVAL_DAYS`` days (four weeks) after it, or is still within that time. The
  programme's meeting agreement may name another term ("het verslag wordt binnen twee weken
  vastgesteld").

Both read the programme's bodies and meetings once per page, in two queries
(``ProgrammeFacts.memo``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from koers.programmes.navigator import Check, ProgrammeFacts, milestone
from koers.teams.models import Agreement
from koers.teams.reference import FREQUENCY_DAYS, AgreementKind, Frequency

from .models import Meeting
from .reference import MeetingStatus

WINDOW_DAYS = 183
TOLERANCE = 0.5
APPROVAL_DAYS = 28
HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.MINUTES_CONCEPT, MeetingStatus.MINUTES_APPROVED)

_NUMBERS = {"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "acht": 8, "tien": 10}
_ABOUT_APPROVAL = re.compile(r"vastgesteld|vaststel|goedgekeurd|goedkeur|approv", re.IGNORECASE)
_TERM = re.compile(
    r"\b(?:binnen|within)\s+(\d+|een|één|twee|drie|vier|vijf|zes|acht|tien)\s+(dagen|dag|weken|week|days?|weeks?)\b",
    re.IGNORECASE,
)


def approval_days(agreement_text: str) -> int:
    """The term for approving minutes in days: from the meeting agreement when it names one
    ("… wordt binnen twee weken vastgesteld"), else four weeks."""
    for sentence in re.split(r"(?<=[.;!?])\s+", agreement_text or ""):
        match = _TERM.search(sentence) if _ABOUT_APPROVAL.search(sentence) else None
        if match is not None:
            raw, unit = match.group(1).lower(), match.group(2).lower()
            number = int(raw) if raw.isdigit() else _NUMBERS[raw]
            return number * 7 if unit.startswith("we") else number
    return APPROVAL_DAYS


@dataclass(frozen=True)
class Gap:
    body: str
    days: int
    agreed: str


def frequency_gaps(
    held: dict[int, list[dt.date]],
    bodies: list[tuple[int, str, str]],
    today: dt.date,
    programme_start: dt.date,
) -> tuple[int, list[Gap]]:
    """The bodies checked and the too long gaps (the longest per body). ``held``: the dates of
    each body's held meetings; ``bodies``: (id, name, frequency)."""
    checked, gaps = 0, []
    for pk, name, frequency in bodies:
        interval = FREQUENCY_DAYS.get(Frequency(frequency)) if frequency in Frequency.values else None
        if not interval:
            continue
        checked += 1
        limit = interval * (1 + TOLERANCE)
        window_start = today - dt.timedelta(days=max(WINDOW_DAYS, 2 * interval))
        dates = sorted(d for d in held.get(pk, []) if d <= today)
        before = [d for d in dates if d < window_start]
        anchor = before[-1] if before else max(window_start, programme_start)
        points = [anchor, *[d for d in dates if d >= window_start], today]
        longest = max((b - a).days for a, b in pairwise(points))
        if longest > limit:
            gaps.append(Gap(name, longest, str(Frequency(frequency).label)))
    return checked, gaps


def _facts(facts: ProgrammeFacts) -> dict[str, object]:
    """In two queries: the bodies (each with the meeting agreement's text) and the meetings that
    have started."""

    def compute() -> dict[str, object]:
        programme = facts.programme
        agreement = Agreement.objects.filter(
            programme=OuterRef("programme"), kind=AgreementKind.MEETING
        ).values("text")[:1]
        bodies = list(
            programme.bodies.order_by("kind", "name")
            .annotate(agreement=Subquery(agreement))
            .values_list("pk", "name", "meeting_frequency", "agreement")
        )
        if not bodies:
            return {"meetings": [], "bodies": [], "agreement": ""}
        rows = list(
            Meeting.objects.filter(programme=programme, starts_at__lte=timezone.now())
            .order_by("starts_at")
            .values_list("body_id", "starts_at", "status", "minutes_approved_at")
        )
        return {
            "meetings": rows,
            "bodies": [(pk, name, frequency) for pk, name, frequency, _text in bodies],
            "agreement": bodies[0][3] or "",
        }

    result: dict[str, object] = facts.memo("meetings.facts", compute)
    return result


@milestone(
    step=5,
    key="meetings.frequency",
    title=gettext_lazy("Each body meets at its agreed frequency"),
    order=20,
)
def bodies_meet_as_agreed(facts: ProgrammeFacts) -> Check:
    data = _facts(facts)
    held: dict[int, list[dt.date]] = {}
    for body_id, starts_at, status, _approved in data["meetings"]:  # type: ignore[attr-defined]
        if status in HELD_STATUSES:
            held.setdefault(body_id, []).append(timezone.localtime(starts_at).date())
    today = timezone.localdate()
    checked, gaps = frequency_gaps(held, data["bodies"], today, facts.programme.start_date)  # type: ignore[arg-type]
    if not checked:
        return Check(False, _("no body has an agreed meeting frequency yet"))
    if not gaps:
        return Check(
            True,
            ngettext("%(n)d body meets as agreed", "%(n)d bodies meet as agreed", checked) % {"n": checked},
        )
    return Check(
        False,
        "; ".join(
            _("%(body)s: %(days)d days without a meeting (agreed: %(agreed)s)")
            % {"body": gap.body, "days": gap.days, "agreed": gap.agreed}
            for gap in gaps
        ),
    )


def late_minutes(
    meetings: list[tuple[int, dt.datetime, str, dt.datetime | None]], now: dt.datetime, days: int
) -> tuple[int, int]:
    """(meetings that took place, of which the minutes were not approved in time)."""
    term = dt.timedelta(days=days)
    past, late = 0, 0
    for _body, starts_at, _status, approved_at in meetings:
        if starts_at > now:
            continue
        past += 1
        deadline = starts_at + term
        if (approved_at is None and now > deadline) or (approved_at is not None and approved_at > deadline):
            late += 1
    return past, late


@milestone(
    step=5,
    key="meetings.minutes",
    title=gettext_lazy("Minutes of past meetings are approved within the agreed time"),
    order=30,
)
def minutes_approved_in_time(facts: ProgrammeFacts) -> Check:
    data = _facts(facts)
    days = approval_days(data["agreement"])  # type: ignore[arg-type]
    past, late = late_minutes(data["meetings"], timezone.now(), days)  # type: ignore[arg-type]
    if not past:
        return Check(False, _("no meeting has taken place yet"))
    if late:
        return Check(
            False,
            ngettext(
                "%(late)d of %(n)d meetings without minutes approved within %(days)d days",
                "%(late)d of %(n)d meetings without minutes approved within %(days)d days",
                late,
            )
            % {"late": late, "n": past, "days": days},
        )
    return Check(True, _("approved within %(days)d days") % {"days": days})
