"""Step 5 for the demo: lessons learned by Voorbeeldstad on its sub-projects, two of them
published in the shared library "Leer van elkaar" after the programme manager approved them, and
one lesson Proefdorp shared, so the library shows two municipalities. Running the demo again
changes nothing: a lesson whose title exists is left alone, and a published lesson stays
published."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from koers.lessons import services
from koers.lessons.reference import PublicationStatus
from koers.programmes.models import Programme

MANAGER = "programmamanager@voorbeeldstad.example"
PROEFDORP_MANAGER = "programmamanager@proefdorp.example"


# title, sub-project, days ago, what worked, what did not, recommendation, themes, published
LESSONS: tuple[tuple[str, str, int, str, str, str, str, bool], ...] = (
    (
        "Straatcoaches werken het best in vaste duo's",
        "Straatcoaches Noord",
        120,
        "Jongeren kennen de vaste gezichten en spreken hen eerder aan. De overlastmeldingen bij het "
        "winkelcentrum namen na twee maanden af.",
        "Wisselende roosters in de eerste maand: jongeren wisten niet wie er stond.",
        "Zet vanaf de start vaste duo's per wijk in en plan ze minstens drie avonden per week.",
        "straatcoaches, vertrouwen",
        True,
    ),
    (
        "Winkeliers vroeg betrekken voorkomt klachten",
        "Straatcoaches Noord",
        60,
        "Een vast aanspreekpunt voor winkeliers maakte meldingen sneller en feitelijker.",
        "Het eerste overleg kwam pas na klachten in de krant.",
        "Nodig winkeliers uit voordat de straatcoaches starten, niet erna.",
        "ondernemers, communicatie",
        False,
    ),
    (
        "Voorlichting over geldezels: jongeren zelf laten vertellen",
        "Geen geldezel",
        200,
        "Lessen waarin een ervaringsdeskundige vertelt, raakten leerlingen meer dan een folder.",
        "Een les in de laatste week voor de zomer: weinig aandacht.",
        "Geef de les in het najaar en laat jongeren met ervaring het verhaal vertellen.",
        "ronselen, school, ervaringsdeskundigen",
        True,
    ),
    (
        "Verzuim: binnen een week bellen werkt",
        "Samen tegen verzuim",
        90,
        "Leerplicht en school belden binnen een week; ouders waren dan nog bereikbaar.",
        "Gegevens tussen school en leerplicht kwamen soms te laat door.",
        "Spreek een vaste dag af waarop de school het verzuim doorgeeft.",
        "verzuim, samenwerking",
        False,
    ),
    (
        "Ouderavonden: kleine groepen in de eigen buurt",
        "Ouders in gesprek",
        30,
        "In het buurthuis met tien ouders kwam het gesprek echt op gang.",
        "Een grote avond in het stadhuis trok weinig ouders.",
        "Organiseer ouderavonden klein en dichtbij, met een sleutelfiguur uit de buurt.",
        "ouders, sleutelfiguren",
        False,
    ),
    (
        "Het projectteam wil cijfers per kwartaal, niet per jaar",
        "",
        45,
        "Kwartaalcijfers maakten het gesprek in het projectteam concreter.",
        "Jaarcijfers kwamen te laat om bij te sturen.",
        "Deel de cijfers van de politie en het jongerenwerk elk kwartaal.",
        "monitoring",
        False,
    ),
)

PROEFDORP_LESSON = (
    "Eén vast aanspreekpunt voor jongerenwerk en wijkagent",
    "In een kleine gemeente kennen jongerenwerker en wijkagent elkaar; één wekelijks kort overleg "
    "was genoeg om signalen te delen.",
    "Een groot overleg met alle partners elke maand kostte veel tijd en leverde weinig op.",
    "Begin in een kleine gemeente met een wekelijks kort overleg van twee of drie mensen.",
    "samenwerking, kleine gemeente",
)


def _learned_on(programme: Programme, days: int) -> dt.date:
    return max(programme.start_date, timezone.localdate() - dt.timedelta(days=days))


def _publish(lesson: Any, manager: Any) -> None:
    """Propose and approve: published two weeks after the lesson was learned (or today)."""
    if lesson.publication_status == PublicationStatus.INTERNAL:
        services.lesson_propose(actor=manager, lesson=lesson)
        published_on = min(timezone.localdate(), lesson.learned_on + dt.timedelta(days=14))
        services.lesson_approve(actor=manager, lesson=lesson, today=published_on)


def create_lessons(programme: Programme, users: dict[str, Any]) -> None:
    """Voorbeeldstad's lessons (idempotent), two of them published."""
    manager = users[MANAGER]
    subprojects = {s.name: s for s in programme.subprojects.prefetch_related("focus_areas")}
    existing = {lesson.title: lesson for lesson in programme.lessons.all()}
    for title, sub_name, days, worked, not_worked, recommendation, themes, publish in LESSONS:
        lesson = existing.get(title)
        if lesson is None:
            subproject = subprojects.get(sub_name)
            lesson = services.lesson_create(
                actor=manager,
                programme=programme,
                title=title,
                subproject=subproject,
                worked=worked,
                did_not_work=not_worked,
                recommendation=recommendation,
                focus_areas=list(subproject.focus_areas.all()) if subproject is not None else [],
                themes=themes,
                learned_on=_learned_on(programme, days),
            )
        if publish:
            _publish(lesson, manager)


def create_shared_lesson(programme: Programme, users: dict[str, Any]) -> None:
    """Proefdorp's one published lesson (idempotent)."""
    manager = users[PROEFDORP_MANAGER]
    title, worked, not_worked, recommendation, themes = PROEFDORP_LESSON
    lesson = programme.lessons.filter(title=title).first()
    if lesson is None:
        lesson = services.lesson_create(
            actor=manager,
            programme=programme,
            title=title,
            worked=worked,
            did_not_work=not_worked,
            recommendation=recommendation,
            themes=themes,
            learned_on=_learned_on(programme, 50),
        )
    _publish(lesson, manager)
