"""Step 6 of the demo: Voorbeeldstad's verdicts and decisions (idempotent).

- Straatcoaches Noord: promising → develop further. With the plan's reliable effect estimates when
  there are any (the difference-in-differences against Oost and Zuid); the level is the highest the
  ladder allows with them (ADR 0031), without them "goed onderbouwd".
- Geen geldezel: the external study (a fictional RCT) is completed; effective → embedded
  structurally: Halt Voorbeeldregio takes the lessons over with € 45,000 a year from the municipal
  budget from 1 January 2027 in the sub-project's wijken, with two follow-up actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from koers.evaluation import services, verdicts
from koers.evaluation.models import EvaluationPlan
from koers.evaluation.reference import PLAN_WORKFLOW, PlanStatus
from koers.programmes.models import Programme
from koers.teams.models import PartnerOrganisation, Person

from .evaluation import GELDEZEL, MANAGER, STRAAT

HALT = "Halt Voorbeeldregio"


def _day(programme: Programme, wanted: dt.date) -> dt.date:
    """``wanted``, but never before the programme's start nor after today."""
    return max(programme.start_date, min(wanted, timezone.localdate()))


def _person(programme: Programme, name: str) -> Person | None:
    return Person.objects.filter(programme=programme, full_name=name, removed_at__isnull=True).first()


def _complete_plan(plan: EvaluationPlan, manager: Any) -> None:
    """Move the evaluation plan along its workflow to completed."""
    for status in (PlanStatus.PLANNED, PlanStatus.RUNNING, PlanStatus.DONE):
        plan.refresh_from_db()
        if plan.status == PlanStatus.DONE:
            return
        if status in PLAN_WORKFLOW.allowed(plan.status):
            services.plan_set_status(actor=manager, plan=plan, status=status)


def create_verdicts(programme: Programme, users: dict[str, Any]) -> None:
    manager = users[MANAGER]
    plans = {
        p.subproject.name: p
        for p in EvaluationPlan.objects.filter(subproject__programme=programme).select_related("subproject")
    }
    today = timezone.localdate()
    straat = plans.get(STRAAT)
    if straat is not None and not straat.verdicts.exists() and straat.subproject.status in verdicts.JUDGEABLE:
        used = list(straat.estimates.filter(reliable=True, declined=False).select_related("indicator"))
        level, _reason = verdicts.suggest_level(straat, "veelbelovend", used)
        verdicts.verdict_create(
            actor=manager,
            plan=straat,
            conclusion="veelbelovend",
            evidence_level=level,
            reasoning=(
                "De jeugdoverlast in Noord daalt sinds de start, en meer dan in de vergelijkingswijken Oost "
                "en Zuid. De vergelijking beslaat nog maar één jaar na de start en de straatcoaches "
                "bereiken vooral jongeren van 14 tot 17 jaar. Daarom: veelbelovend, nog niet bewezen."
            ),
            estimates=used,
            decision="doorontwikkelen",
            decision_reasoning=(
                "Doorgaan en verbeteren: ook de jongere groep (12 tot 14 jaar) bereiken en de avonden in "
                "de zomer op peil houden. Over een jaar opnieuw meten."
            ),
            decided_on=_day(programme, dt.date(2026, 11, 1)),
            follow_up=[
                {
                    "title": "Werkwijze voor 12- tot 14-jarigen uitwerken met het jongerenwerk",
                    "owner": _person(programme, "Karim Kwartier"),
                    "due_date": today + dt.timedelta(days=60),
                }
            ],
        )
    geldezel = plans.get(GELDEZEL)
    if (
        geldezel is not None
        and not geldezel.verdicts.exists()
        and geldezel.subproject.status in verdicts.JUDGEABLE
    ):
        _complete_plan(geldezel, manager)
        geldezel.refresh_from_db()
        level, _reason = verdicts.suggest_level(geldezel, "effectief", [])
        subproject = geldezel.subproject
        verdicts.verdict_create(
            actor=manager,
            plan=geldezel,
            conclusion="effectief",
            evidence_level=level,
            reasoning=(
                "In het gerandomiseerde onderzoek herkenden leerlingen met de voorlichting ronselen via "
                "sociale media vaker dan leerlingen zonder. De voorlichting werd gegeven zoals bedoeld."
            ),
            decision="inbedden",
            decision_reasoning=(
                "De lessen worden vast onderdeel van het aanbod op de scholen in alle wijken. Halt neemt "
                "de uitvoering over; de gemeente betaalt structureel uit de begroting."
            ),
            decided_on=_day(programme, dt.date(2026, 11, 15)),
            embedding={
                "partner": PartnerOrganisation.objects.filter(
                    organisation=programme.organisation, name=HALT, is_active=True
                ).first(),
                "organisation_name": HALT,
                "funding_amount": Decimal("45000"),
                "funding_source": "Gemeentebegroting, programma Jeugd en Veiligheid (structureel)",
                "funding_from": dt.date(2027, 1, 1),
                "areas": list(subproject.areas.all()),
                "conditions": (
                    "Elk schooljaar lessen in klas 2 en 3 van alle vo-scholen en een ouderavond per school. "
                    "Halt rapporteert jaarlijks over bereik en ervaringen; na drie jaar opnieuw evalueren."
                ),
            },
            follow_up=[
                {
                    "title": "Subsidiebeschikking structurele financiering Halt voorbereiden",
                    "owner": _person(programme, "Petra Programma"),
                    "due_date": today + dt.timedelta(days=30),
                },
                {
                    "title": "Overdracht lesmateriaal en voorlichters aan Halt",
                    "owner": _person(programme, "Lotte van Dijk"),
                    "due_date": today + dt.timedelta(days=45),
                },
            ],
        )
