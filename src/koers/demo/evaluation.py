"""Step 6 of the demo: Voorbeeldstad's evaluation plans (idempotent).

- Straatcoaches Noord: process and effect evaluation comparing wijk Noord with the wijken Oost and
  Zuid on youth nuisance (E35), with a process evaluation of reach, dosage, fidelity and the
  partners' experience.
- Ouders in gesprek: a process evaluation by own staff, with two items, looking first at the buurt
  Sportpark (Oost), where the first parents' evenings were; so few youth-nuisance reports are made
  there that Koers declines a before/after estimate (see demo/estimates.py).
- Geen geldezel: an external study (a fictional RCT) carried out by a research bureau."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from koers.analysis.models import Area, Measure
from koers.evaluation import services
from koers.evaluation.models import EvaluationPlan
from koers.programmes.models import Programme

MANAGER = "programmamanager@voorbeeldstad.example"
STRAAT = "Straatcoaches Noord"
OUDERS = "Ouders in gesprek"
GELDEZEL = "Geen geldezel"
TREATED = ("WK990101",)
COMPARISON = ("WK990102", "WK990103")
OUDERS_AREAS = ("BU99010201",)  # Sportpark


def _areas(codes: tuple[str, ...], year: int | None) -> list[Area]:
    found = []
    for code in codes:
        queryset = Area.objects.filter(code=code)
        area = (queryset.filter(reference_year=year).first() if year else None) or queryset.order_by(
            "-reference_year"
        ).first()
        if area is not None:
            found.append(area)
    return found


def _day(programme: Programme, wanted: dt.date) -> dt.date:
    """``wanted``, but never before the programme's start nor after today."""
    return max(programme.start_date, min(wanted, timezone.localdate()))


def create_evaluation(programme: Programme, users: dict[str, Any]) -> None:
    manager = users[MANAGER]
    subprojects = {s.name: s for s in programme.subprojects.all()}
    planned = set(
        EvaluationPlan.objects.filter(subproject__programme=programme).values_list(
            "subproject__name", flat=True
        )
    )
    year = programme.organisation.cbs_reference_year
    straat = subprojects.get(STRAAT)
    if straat is not None and STRAAT not in planned:
        measure = Measure.objects.filter(code="E35").order_by("classification").first()
        plan = services.plan_create(
            actor=manager,
            subproject=straat,
            questions=(
                "Neemt de jeugdoverlast in Noord meer af dan in vergelijkbare wijken?\n"
                "Bereiken de straatcoaches de groepen jongeren waarvoor ze er zijn?"
            ),
            kind="beide",
            design="vergelijking",
            evaluator="eigen",
            planned_start=straat.start_date,
            planned_end=dt.date(2028, 6, 30),
            treated_areas=_areas(TREATED, year),
            comparison_areas=_areas(COMPARISON, year),
            measure=measure,
        )
        services.plan_set_status(actor=manager, plan=plan, status="gepland")
        services.plan_set_status(actor=manager, plan=plan, status="uitvoering")
        for aspect, score, number, unit, text, day in (
            (
                "bereik",
                None,
                Decimal(48),
                "jongeren bereikt",
                "Vooral jongeren van 14 tot 17 jaar.",
                dt.date(2026, 6, 30),
            ),
            (
                "dosis",
                4,
                Decimal(3),
                "avonden per week",
                "Drie avonden per week, zoals gepland.",
                dt.date(2026, 6, 30),
            ),
            (
                "programmatrouw",
                3,
                None,
                "",
                "In de zomer vielen avonden uit door vakanties.",
                dt.date(2026, 9, 1),
            ),
            (
                "ervaring_partners",
                4,
                None,
                "",
                "Wijkagent en winkeliers zien de straatcoaches als aanspreekpunt.",
                dt.date(2026, 9, 1),
            ),
        ):
            services.item_create(
                actor=manager,
                plan=plan,
                aspect=aspect,
                score=score,
                number=number,
                unit=unit,
                text=text,
                observed_on=_day(programme, day),
            )
    ouders = subprojects.get(OUDERS)
    if ouders is not None and OUDERS not in planned:
        plan = services.plan_create(
            actor=manager,
            subproject=ouders,
            questions="Komen de ouders die we willen bereiken, en vinden ze de avonden nuttig?",
            kind="proces",
            design="voor_na",
            evaluator="eigen",
            planned_start=ouders.start_date,
            planned_end=dt.date(2027, 6, 30),
            treated_areas=_areas(OUDERS_AREAS, year),
        )
        services.item_create(
            actor=manager,
            plan=plan,
            aspect="bereik",
            number=Decimal(36),
            unit="ouders op een ouderavond",
            text="Vier avonden; de helft van de ouders kwam na een huisbezoek.",
            observed_on=_day(programme, dt.date(2026, 10, 1)),
        )
        services.item_create(
            actor=manager,
            plan=plan,
            aspect="ervaring_partners",
            score=4,
            text="Het wijkteam vindt de huisbezoeken zinvol, maar tijdrovend.",
            observed_on=_day(programme, dt.date(2026, 10, 1)),
        )
    geldezel = subprojects.get(GELDEZEL)
    if geldezel is not None and GELDEZEL not in planned:
        services.plan_create(
            actor=manager,
            subproject=geldezel,
            questions="Herkennen leerlingen na de voorlichting ronselen vaker dan leerlingen zonder?",
            kind="effect",
            design="extern",
            external_reference="Gerandomiseerd onderzoek geldezels (fictief), registratie NL-0000-2026",
            evaluator="bureau",
            evaluator_name="Onderzoeksbureau Veldwerk (fictief)",
            planned_start=geldezel.start_date,
            planned_end=dt.date(2027, 12, 31),
        )
