"""Steps 3 and 4 of the demo: Voorbeeldstad's plan of approach — four of the six focus areas, four
SMART goals answering the demo findings, six sub-projects across the life cycle (each with a
kwartiermaker from the team, a target group, areas, a logic model, budget lines and a timeline),
then version 1 of the plan approved by the stuurgroep and a newer concept with changes, so the
difference page shows something. Idempotent: what exists is left alone.

The versions are recorded without their files (making PDF/A, ODT and DOCX for every demo run would
slow the tests); the programme manager makes them with one button on the version's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from koers.analysis.models import Area
from koers.findings.models import Finding
from koers.plan.models import BudgetLine, FocusArea, Goal, SubProject, SubProjectMilestone
from koers.plan.reference import FocusAreaKey
from koers.programmes.models import Programme
from koers.teams.models import Body, PartnerOrganisation, Person

APPROVED_ON = dt.date(2026, 6, 18)

FOCUS_AREAS: tuple[tuple[str, str, bool, str], ...] = (
    ("gezin", "Jongere in het gezin", True, "Ouders weten waar hun kind is en vinden op tijd hulp."),
    ("buurt", "Jongere in de buurt", True, "Minder overlast, meer plekken om samen te zijn."),
    ("school", "Jongere op school", True, "Verzuim vroeg zien en samen oppakken."),
    ("werk", "Jongere op het werk", False, ""),
    ("vrije_tijd", "Jongere in de vrije tijd", True, "Elke jongere een club of plek in de avond."),
    ("online", "Jongere online", False, ""),
)


@dataclass(frozen=True)
class DemoGoal:
    title: str
    specific: str
    measurable: str
    acceptable: str
    realistic: str
    deadline: dt.date
    findings: tuple[str, ...]


GOALS: tuple[DemoGoal, ...] = (
    DemoGoal(
        "Minder overlast door groepen jongeren in Noord",
        "Minder overlast door groepen jongeren rond Winkelcentrum Noord en in de Molenwijk.",
        "Meldingen jeugdoverlast in Noord van 310 (2025) naar hoogstens 220 per jaar.",
        "Wijkteam Noord, jongerenwerk, winkeliers en bewoners steunen dit doel.",
        "Met straatcoaches en jongerenwerk in de avond is een daling van 30% haalbaar.",
        dt.date(2028, 12, 31),
        ("Overlast door groepen jongeren in Noord neemt toe",),
    ),
    DemoGoal(
        "Minder langdurig schoolverzuim",
        "Minder leerlingen van 12 tot 18 jaar die langdurig verzuimen.",
        "Aantal langdurig verzuimers in het vo en mbo van 85 naar hoogstens 55.",
        "Scholen, leerplicht en het wijkteam willen dit samen doen.",
        "De verzuimaanpak bestaat al op twee scholen en wordt uitgebreid.",
        dt.date(2028, 7, 31),
        ("Langdurig schoolverzuim gaat vaak vooraf aan het eerste politiecontact",),
    ),
    DemoGoal(
        "Jongeren weerbaar tegen ronselen als geldezel",
        "Jongeren en ouders herkennen ronselen via sociale media en weten wat ze kunnen doen.",
        "Aantal geldezels uit Voorbeeldstad bij de politie van 40 naar hoogstens 25 per jaar.",
        "Politie, scholen en banken doen mee aan de voorlichting.",
        "Bewezen voorlichting in klas 2 en 3 van het vo is in te kopen.",
        dt.date(2027, 12, 31),
        ("Jongeren worden via sociale media geronseld als geldezel",),
    ),
    DemoGoal(
        "Elke jongere een plek in de avond",
        "Meer jongeren in Oost en Noord met een vaste club of plek in de avond.",
        "Aandeel jongeren van 12 tot 18 jaar met een vaste club van 55% naar 70% (jeugdmonitor).",
        "Sportclubs en jongerenwerk bieden de plekken aan.",
        "De kantine van Sportpark Oost gaat weer open met vrijwilligers en een jongerenwerker.",
        dt.date(2029, 6, 30),
        (
            "Weinig te doen in de avond sinds de kantine van Sportpark Oost dicht is",
            "Betrokken ouders en een vaste club beschermen",
        ),
    ),
)


@dataclass(frozen=True)
class DemoSubProject:
    name: str
    description: str
    kwartiermaker: str
    focus_areas: tuple[str, ...]
    goals: tuple[int, ...]
    areas: tuple[str, ...]
    ages: tuple[int, int]
    target: str
    status: str
    start: dt.date
    end: dt.date
    logic: dict[str, str]
    budget: tuple[tuple[str, str, str, str, str], ...]  # description, source, planned, committed, spent
    milestones: tuple[tuple[str, dt.date, dt.date | None], ...] = field(default_factory=tuple)


def _logic(
    inputs: str, activities: str, outputs: str, outcomes: str, impact: str, risks: str = ""
) -> dict[str, str]:
    return {
        "inputs": inputs,
        "activities": activities,
        "outputs": outputs,
        "outcomes": outcomes,
        "impact": impact,
        "assumptions": "Partners blijven de uren leveren die ze hebben toegezegd.",
        "risks": risks,
    }


SUBPROJECTS: tuple[DemoSubProject, ...] = (
    DemoSubProject(
        "Straatcoaches Noord",
        "Straatcoaches en jongerenwerk in de avond rond Winkelcentrum Noord en in de Molenwijk.",
        "Karim Kwartier",
        ("buurt",),
        (0,),
        ("WK990101", "BU99010100", "BU99010101"),
        (12, 23),
        "Groepen jongeren die 's avonds rondhangen in Noord",
        "uitvoering",
        dt.date(2026, 3, 1),
        dt.date(2028, 12, 31),
        _logic(
            "Twee straatcoaches, een jongerenwerker, 0,2 fte wijkagent",
            "Vier avonden per week aanwezig; groepsgesprekken; doorverwijzen naar hulp",
            "600 contacten per jaar; 40 doorverwijzingen",
            "Minder overlast; jongeren kennen de coaches",
            "Noord is een wijk waar bewoners en jongeren zich veilig voelen",
            "Verplaatsing van de overlast naar Centrum",
        ),
        (
            ("Straatcoaches", "Gemeente", "180000.00", "90000.00", "45000.00"),
            ("Jongerenwerker avond", "Rijk (SPUK)", "60000.00", "60000.00", "20000.00"),
        ),
        (
            ("Coaches op straat", dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
            ("Tussenmeting overlast", dt.date(2027, 3, 1), None),
        ),
    ),
    DemoSubProject(
        "Samen tegen verzuim",
        "Scholen, leerplicht en wijkteam bespreken verzuim elke week en zoeken samen een oplossing.",
        "Hanneke Vos",
        ("school",),
        (1,),
        ("WK990100", "WK990101"),
        (12, 18),
        "Leerlingen in vo en mbo met meer dan 16 uur verzuim in 4 weken",
        "voorbereiding",
        dt.date(2026, 9, 1),
        dt.date(2028, 7, 31),
        _logic(
            "Leerplichtambtenaar, zorgcoördinatoren, wijkteam",
            "Wekelijks verzuimoverleg; huisbezoek binnen een week",
            "Elke verzuimer binnen een week gesproken",
            "Leerlingen keren eerder terug naar school",
            "Minder jongeren die uitvallen en in de criminaliteit raken",
        ),
        (("Coördinatie verzuimoverleg", "Gemeente", "45000.00", "0.00", "0.00"),),
        (("Eerste verzuimoverleg", dt.date(2026, 9, 15), None),),
    ),
    DemoSubProject(
        "Geen geldezel",
        "Voorlichting in de klas en voor ouders over ronselen via sociale media.",
        "Kevin Brouwer",
        ("school", "gezin"),
        (2,),
        ("WK990100", "WK990101", "WK990102", "WK990103", "WK990104"),
        (13, 17),
        "Leerlingen van klas 2 en 3 van het vo en hun ouders",
        "geevalueerd",
        dt.date(2026, 1, 15),
        dt.date(2026, 12, 31),
        _logic(
            "Voorlichters van politie en bank; lesmateriaal",
            "Lessen in klas 2 en 3; ouderavond",
            "40 lessen; 3 ouderavonden",
            "Jongeren herkennen ronselen en weigeren",
            "Minder jongeren die als geldezel worden gebruikt",
        ),
        (("Voorlichting in de klas", "Fonds Veilig Voorbeeld", "24000.00", "24000.00", "23500.00"),),
        (
            ("Lessen gegeven", dt.date(2026, 6, 30), dt.date(2026, 6, 25)),
            ("Evaluatie", dt.date(2026, 10, 1), dt.date(2026, 10, 8)),
        ),
    ),
    DemoSubProject(
        "Kantine Sportpark Oost weer open",
        "De kantine van Sportpark Oost gaat 's avonds open, met vrijwilligers en een jongerenwerker.",
        "Lotte van Dijk",
        ("vrije_tijd", "buurt"),
        (3,),
        ("WK990102", "BU99010201"),
        (10, 18),
        "Jongeren uit Oost zonder vaste club",
        "idee",
        dt.date(2027, 1, 1),
        dt.date(2029, 6, 30),
        _logic(
            "Kantine, vrijwilligers, een jongerenwerker",
            "Drie avonden per week open; sport en huiswerkhulp",
            "50 jongeren per week",
            "Meer jongeren met een vaste plek in de avond",
            "Minder jongeren op straat zonder doel",
        ),
        (("Opknappen kantine", "Woonstichting Voorbeeldstad", "30000.00", "0.00", "0.00"),),
    ),
    DemoSubProject(
        "Ouders in gesprek",
        "Ouderavonden en huisbezoeken over weten waar je kind is en waar je hulp vindt.",
        "Yusuf Demir",
        ("gezin",),
        (3,),
        ("WK990101", "WK990102"),
        (10, 16),
        "Ouders van jongeren in Noord en Oost",
        "uitvoering",
        dt.date(2026, 4, 1),
        dt.date(2027, 12, 31),
        _logic(
            "Wijkteam, sleutelfiguren uit de buurt",
            "Ouderavonden in buurthuizen; huisbezoeken",
            "12 ouderavonden; 80 huisbezoeken",
            "Ouders weten waar hun kind is en vinden hulp",
            "Jongeren met een sterkere band thuis",
        ),
        (
            ("Sleutelfiguren", "Gemeente", "20000.00", "15000.00", "8000.00"),
            ("Zaalhuur", "Gemeente", "3000.00", "1500.00", "1200.00"),
        ),
        (("Eerste ouderavond", dt.date(2026, 5, 12), dt.date(2026, 5, 12)),),
    ),
    DemoSubProject(
        "Halt op school",
        "Halt-voorlichting over vuurwerk en vandalisme in groep 8 en klas 1 (gestopt: te weinig scholen).",
        "Fatima Ouali",
        ("school",),
        (1,),
        ("WK990103", "WK990104"),
        (11, 13),
        "Leerlingen van groep 8 en klas 1",
        "gestopt",
        dt.date(2026, 2, 1),
        dt.date(2026, 7, 1),
        _logic(
            "Halt-medewerkers",
            "Lessen in de klas",
            "10 lessen",
            "Leerlingen kennen de gevolgen van vandalisme",
            "Minder vandalisme rond de jaarwisseling",
            "Scholen hebben geen ruimte in het rooster",
        ),
        (("Lessen Halt", "Gemeente", "8000.00", "2000.00", "2000.00"),),
    ),
)

# Two interventions of the demo registry per sub-project (the halted one has none: it records why).
INTERVENTIONS: dict[str, tuple[str, ...]] = {
    "Straatcoaches Noord": ("Voorbeeldstad Pleinaanpak (fictief)", "Rolmodellen in de Wijk (fictief)"),
    "Samen tegen verzuim": ("Klas op Koers (fictief)", "Multisysteem Aanpak Jeugd (fictief)"),
    "Geen geldezel": ("Online Wijs (fictief)", "Klas op Koers (fictief)"),
    "Kantine Sportpark Oost weer open": ("Straatsport Plus (fictief)", "Buurtmentor (fictief)"),
    "Ouders in gesprek": ("Thuis Sterk (fictief)", "Buurtmentor (fictief)"),
}
NO_INTERVENTION = {
    "Halt op school": "De Halt-voorlichting is eigen lesmateriaal van Halt, geen erkende interventie."
}

# The team's partner organisations working in each sub-project: at least two core partners and
# two domains (the sub-project integrality check). Halt op school stopped before it became integral:
# it records why.
PARTNERS: dict[str, tuple[str, ...]] = {
    "Straatcoaches Noord": (
        "Straatcoaches Voorbeeldstad",
        "Stichting Jongerenwerk Voorbeeldstad",
        "Politie eenheid Voorbeeldstad, wijkteam Noord",
        "Gemeente Voorbeeldstad",
        "Woonstichting Voorbeeldstad",
    ),
    "Samen tegen verzuim": (
        "Het Voorbeeld College (vo)",
        "ROC Voorbeeldstad (mbo)",
        "Gemeente Voorbeeldstad",
        "Wijkteam Centrum",
        "Openbaar Ministerie arrondissement Voorbeeld",
        "Zorg- en Veiligheidshuis Voorbeeldregio",
    ),
    "Geen geldezel": (
        "Politie eenheid Voorbeeldstad, wijkteam Noord",
        "Het Voorbeeld College (vo)",
        "Straatcoaches Voorbeeldstad",
        "Stichting Jongerenwerk Voorbeeldstad",
    ),
    "Kantine Sportpark Oost weer open": (
        "Stichting Jongerenwerk Voorbeeldstad",
        "Gemeente Voorbeeldstad",
        "Woonstichting Voorbeeldstad",
        "Halt Voorbeeldregio",
    ),
    "Ouders in gesprek": (
        "Wijkteam Centrum",
        "Politie eenheid Voorbeeldstad, wijkteam Noord",
        "Gemeente Voorbeeldstad",
        "Basisschool De Kompas",
        "Zorg- en Veiligheidshuis Voorbeeldregio",
    ),
    "Halt op school": ("Halt Voorbeeldregio", "Basisschool De Kompas", "Het Voorbeeld College (vo)"),
}
NOT_INTEGRAL = {
    "Halt op school": (
        "Een korte proef van Halt met twee scholen. De gemeente en het jongerenwerk zouden later "
        "aansluiten, maar het deelproject is gestopt omdat de scholen geen ruimte in het rooster hadden."
    )
}

# What changed after version 1 was approved: the parents' sub-project grew and a sub-project
# moved on in its life cycle.
BEFORE_CHANGE = {"Ouders in gesprek": {"status": "voorbereiding", "Sleutelfiguren": "15000.00"}}


MANAGER = "programmamanager@voorbeeldstad.example"


def create_plan(programme: Programme, users: dict[str, Any]) -> None:
    """Voorbeeldstad's plan (idempotent). Sub-projects that change after version 1 start in their
    earlier state; ``create_plan_versions`` (called after the other steps' demo content, so the
    versions hold the interventions, actions and RACI too) records version 1 and then the change."""
    manager = users[MANAGER]
    with transaction.atomic():
        areas = _focus_areas(programme)
        goals = _goals(programme, manager)
        _subprojects(programme, manager, areas, goals)
        _interventions(programme, manager)
        _partners(programme)


def create_plan_versions(programme: Programme, users: dict[str, Any]) -> None:
    """Version 1 approved by the stuurgroep, then the change, then version 2 as a concept (once)."""
    if not programme.plan_versions.exists():
        _versions(programme, users[MANAGER])


def _focus_areas(programme: Programme) -> dict[str, FocusArea]:
    result = {}
    for order, (key, name, active, description) in enumerate(FOCUS_AREAS, start=1):
        area = FocusArea.objects.filter(programme=programme, key=key).first()
        if area is None:
            area = FocusArea.objects.create(
                programme=programme,
                key=key,
                name=name or str(FocusAreaKey(key).label),
                description=description,
                active=active,
                order=order,
            )
        result[key] = area
    return result


def _goals(programme: Programme, manager: Any) -> list[Goal]:
    result = []
    for spec in GOALS:
        goal = Goal.objects.filter(programme=programme, title=spec.title).first()
        if goal is None:
            goal = Goal.objects.create(
                programme=programme,
                title=spec.title,
                specific=spec.specific,
                measurable=spec.measurable,
                acceptable=spec.acceptable,
                realistic=spec.realistic,
                deadline=spec.deadline,
                created_by=manager,
            )
            goal.findings.set(Finding.objects.filter(programme=programme, title__in=spec.findings))
        result.append(goal)
    return result


def _subprojects(programme: Programme, manager: Any, areas: dict[str, FocusArea], goals: list[Goal]) -> None:
    """Creates the sub-projects that are missing."""
    people = {p.full_name: p for p in Person.objects.filter(programme=programme)}
    for spec in SUBPROJECTS:
        if SubProject.objects.filter(programme=programme, name=spec.name).exists():
            continue
        earlier = BEFORE_CHANGE.get(spec.name, {})
        sub = SubProject.objects.create(
            programme=programme,
            name=spec.name,
            description=spec.description,
            kwartiermaker=people.get(spec.kwartiermaker),
            target_min_age=spec.ages[0],
            target_max_age=spec.ages[1],
            target_description=spec.target,
            status=earlier.get("status", spec.status),
            start_date=spec.start,
            end_date=spec.end,
            created_by=manager,
            **spec.logic,
        )
        sub.focus_areas.set([areas[key] for key in spec.focus_areas])
        sub.goals.set([goals[i] for i in spec.goals])
        sub.areas.set(Area.objects.filter(code__in=spec.areas))
        for description, source, planned, committed, spent in spec.budget:
            BudgetLine.objects.create(
                subproject=sub,
                description=description,
                funding_source=source,
                planned=Decimal(earlier.get(description, planned)),
                committed=Decimal(committed),
                spent=Decimal(spent),
            )
        for title, due, done in spec.milestones:
            SubProjectMilestone.objects.create(subproject=sub, title=title, due=due, done_on=done)


def _interventions(programme: Programme, manager: Any) -> None:
    """Links the registry's demo interventions to sub-projects that use none yet."""
    from django.db.models import Q

    from koers.interventions import services as intervention_services
    from koers.interventions.models import Intervention

    available = {
        i.name: i
        for i in Intervention.objects.filter(
            Q(organisation__isnull=True) | Q(organisation=programme.organisation)
        )
    }
    for sub in SubProject.objects.filter(programme=programme, name__in=[*INTERVENTIONS, *NO_INTERVENTION]):
        if sub.name in NO_INTERVENTION and not sub.no_intervention_reason:
            sub.no_intervention_reason = NO_INTERVENTION[sub.name]
            sub.save(update_fields=["no_intervention_reason", "updated_at"])
        if sub.interventions_used.exists():
            continue
        for name in INTERVENTIONS.get(sub.name, ()):
            if name in available:
                intervention_services.subproject_intervention_add(
                    actor=manager, subproject=sub, intervention=available[name]
                )


def _partners(programme: Programme) -> None:
    """The team's partners in each sub-project that has none yet, and the reason why Halt op
    school is not integral."""

    partners = {
        p.name: p
        for p in PartnerOrganisation.objects.filter(
            pk__in=programme.programme_partners.values("partner_id"), is_active=True
        )
    }
    for sub in SubProject.objects.filter(programme=programme, name__in=PARTNERS):
        if sub.name in NOT_INTEGRAL and not sub.integrality_note:
            sub.integrality_note = NOT_INTEGRAL[sub.name]
            sub.save(update_fields=["integrality_note", "updated_at"])
        if not sub.partners.exists():
            sub.partners.set([partners[name] for name in PARTNERS[sub.name] if name in partners])


def _versions(programme: Programme, manager: Any) -> None:
    from koers.plandocs import services

    first, _new = services.version_create(actor=manager, programme=programme, with_files=False)
    services.version_submit(actor=manager, version=first)
    steering = Body.objects.filter(programme=programme, kind="stuurgroep").first()
    if steering is not None:
        services.version_approve(
            actor=manager,
            version=first,
            body=steering,
            approved_on=min(APPROVED_ON, timezone.localdate()),
        )
    for name, earlier in BEFORE_CHANGE.items():
        spec = next(s for s in SUBPROJECTS if s.name == name)
        sub = SubProject.objects.filter(programme=programme, name=name).first()
        if sub is None:
            continue
        sub.status = spec.status
        sub.save(update_fields=["status", "updated_at"])
        for description, _source, planned, _c, _s in spec.budget:
            if description in earlier:
                sub.budget_lines.filter(description=description).update(planned=Decimal(planned))
    services.version_create(actor=manager, programme=programme, with_files=False)
