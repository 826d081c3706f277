"""Step 5 for the demo: the kwartiermakers' assessments of their sub-projects (one at risk, with
its explanation), two course adjustments (one decided by the steering group as a body, one by a
meeting decision when the demo has one, otherwise by the project group or steering group) and a
progress report over the last complete quarter. Running the demo again changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.meetings.models import Decision
from koers.monitoring import services
from koers.monitoring.models import CourseAdjustment
from koers.programmes.models import Programme
from koers.teams.models import Body

MANAGER = "programmamanager@voorbeeldstad.example"

AT_RISK_EXPLANATION = (
    "Twee van de vijf straatcoaches zijn langdurig uitgevallen, waardoor de avonden in de "
    "Molenwijk niet allemaal bezet zijn. De vervanging is aangevraagd; tot die er is, draaien de "
    "coaches op de drukste avonden (donderdag tot en met zaterdag)."
)
ON_TRACK_EXPLANATION = "Loopt volgens plan; de afspraken van deze maand zijn gehaald."

FIRST = (
    "Straatcoaches ook op zaterdagavond in de Molenwijk en rond het winkelcentrum.",
    "De meldingen van jeugdoverlast verschuiven naar het weekend (signaal uit het dashboard).",
)
SECOND = (
    "Budget voor de ouderavonden verschoven naar de inzet van het jongerenwerk in de zomer.",
    "De evaluatie van de eerste ouderavonden liet weinig opkomst zien.",
)


def _day(programme: Programme, days_ago: int) -> dt.date:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return max(day, programme.start_date) if programme.start_date else day


def create_monitoring(programme: Programme, users: dict[str, Any]) -> None:
    manager = users[MANAGER]
    subprojects = list(programme.subprojects.select_related("kwartiermaker__user").order_by("name", "pk"))
    _assessments(programme, manager, subprojects)
    _adjustments(programme, manager, subprojects)
    _report(programme, manager)


def _assessments(programme: Programme, manager: Any, subprojects: list[Any]) -> None:
    at_risk_done = False
    for sub in subprojects:
        if sub.assessments.exists() or sub.status not in {"voorbereiding", "uitvoering", "doorontwikkelen"}:
            continue
        lead = sub.kwartiermaker
        actor = lead.user if lead is not None and lead.user is not None else manager
        if not at_risk_done:
            services.assessment_create(
                actor=actor, subproject=sub, standing="risico", explanation=AT_RISK_EXPLANATION
            )
            at_risk_done = True
        else:
            services.assessment_create(
                actor=actor, subproject=sub, standing="op_koers", explanation=ON_TRACK_EXPLANATION
            )


def _adjustments(programme: Programme, manager: Any, subprojects: list[Any]) -> None:
    existing = set(CourseAdjustment.objects.filter(programme=programme).values_list("description", flat=True))
    steering = Body.objects.filter(programme=programme, kind="stuurgroep").order_by("pk").first()
    other_body = (
        Body.objects.filter(programme=programme, kind="projectgroep").order_by("pk").first() or steering
    )
    decisions = Decision.objects.filter(programme=programme, status="genomen")
    decision = decisions.order_by("-decided_on", "-pk").first()
    if steering is None:
        return
    if FIRST[0] not in existing:
        services.adjustment_create(
            actor=manager,
            programme=programme,
            kind="deelproject" if subprojects else "plan",
            subproject=subprojects[0] if subprojects else None,
            goal=None,
            description=FIRST[0],
            reason_kind="signaal",
            reason=FIRST[1],
            decision=None,
            body=steering,
            decided_on=_day(programme, 40),
        )
    if SECOND[0] not in existing:
        services.adjustment_create(
            actor=manager,
            programme=programme,
            kind="budget",
            subproject=subprojects[-1] if subprojects else None,
            goal=None,
            description=SECOND[0],
            reason_kind="evaluatie",
            reason=SECOND[1],
            decision=decision,
            body=None if decision is not None else other_body,
            decided_on=decision.decided_on if decision is not None else _day(programme, 15),
        )


def _report(programme: Programme, manager: Any) -> None:
    if programme.progress_reports.exists():
        return
    today = timezone.localdate()
    first_of_quarter = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_of_quarter - dt.timedelta(days=1)
    start = dt.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    if programme.start_date and end < programme.start_date:
        start, end = programme.start_date, today
    try:
        services.report_create(
            actor=manager, programme=programme, period_start=start, period_end=end, audience="stuurgroep"
        )
    except ValidationError:
        return
