"""Step 5 for the demo: Voorbeeldstad's communication plan — five audiences, each with a goal,
key messages, channels, a frequency and a person responsible — and about a year of communication
moments up to the demo's today and a little beyond. Most past moments were done on time, one was
done late and two are overdue, so the plan page and the dashboard have something to flag. Moments
before the programme's start are left out. Running the demo again changes nothing: an audience or
a moment that exists (by audience, by title) is left alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from koers.communication import services
from koers.programmes.models import Programme

MANAGER = "programmamanager@voorbeeldstad.example"

# audience, goal, key messages, channels, frequency, responsible (a demo team member's name)
LINES: tuple[tuple[str, str, str, tuple[str, ...], str, str], ...] = (
    (
        "gemeenteraad",
        "De raad weet hoe de aanpak ervoor staat en kan bijsturen waar nodig.",
        "De aanpak loopt volgens plan; waar het schuurt, sturen we bij.",
        ("raadsinformatiebrief", "bijeenkomst"),
        "per_kwartaal",
        "Petra Programma",
    ),
    (
        "bewoners",
        "Bewoners van Noord en Oost weten wat er in hun wijk gebeurt en waar ze signalen kwijt kunnen.",
        "Samen houden we de wijk veilig. Zie je iets, meld het bij de wijkagent of het jongerenwerk.",
        ("email", "website", "bijeenkomst"),
        "maandelijks",
        "Tessa Team",
    ),
    (
        "ouders",
        "Ouders herkennen signalen van ronselen en weten waar ze hulp vinden.",
        "U bent niet de enige. Praat erover, met uw kind en met ons.",
        ("bijeenkomst", "email"),
        "per_kwartaal",
        "Yusuf Demir",
    ),
    (
        "scholen",
        "Scholen weten welke lessen en contactpersonen de aanpak biedt.",
        "Verzuim en zorgen over een leerling: bel de vaste contactpersoon.",
        ("email", "gesprek"),
        "per_kwartaal",
        "Hanneke Vos",
    ),
    (
        "pers",
        "De lokale pers brengt de resultaten feitelijk in beeld.",
        "Voorbeeldstad investeert in jongeren, niet alleen in handhaving.",
        ("persbericht",),
        "per_mijlpaal",
        "Petra Programma",
    ),
)

# audience, title, channel, days from today (negative: past), days done after the planned date
# (None: not done)
MOMENTS: tuple[tuple[str, str, str, int, int | None], ...] = (
    ("gemeenteraad", "Raadsinformatiebrief: start van de aanpak", "raadsinformatiebrief", -300, 0),
    ("gemeenteraad", "Raadsinformatiebrief: eerste kwartaal", "raadsinformatiebrief", -210, 2),
    ("gemeenteraad", "Werkbezoek raadsleden aan Noord", "bijeenkomst", -150, 0),
    ("gemeenteraad", "Raadsinformatiebrief: halfjaar", "raadsinformatiebrief", -120, 10),
    ("gemeenteraad", "Raadsinformatiebrief: derde kwartaal", "raadsinformatiebrief", -30, 1),
    ("gemeenteraad", "Raadsinformatiebrief: jaarbeeld", "raadsinformatiebrief", 60, None),
    ("bewoners", "Bewonersbrief over de straatcoaches", "email", -270, 0),
    ("bewoners", "Bewonersavond Noord", "bijeenkomst", -240, 0),
    ("bewoners", "Nieuwsbrief voorjaar", "email", -180, 3),
    ("bewoners", "Webpagina over de aanpak vernieuwd", "website", -150, 1),
    ("bewoners", "Nieuwsbrief zomer", "email", -90, 0),
    ("bewoners", "Bewonersavond Oost", "bijeenkomst", -60, 0),
    ("bewoners", "Nieuwsbrief najaar", "email", -5, None),
    ("bewoners", "Nieuwsbrief winter", "email", 30, None),
    ("ouders", "Ouderavond online risico's", "bijeenkomst", -250, 0),
    ("ouders", "Brief aan ouders over geldezels", "email", -130, 2),
    ("ouders", "Ouderavond Oost", "bijeenkomst", -40, 0),
    ("ouders", "Ouderavond Noord", "bijeenkomst", 40, None),
    ("scholen", "Contactpersonen per school bekendgemaakt", "email", -280, 0),
    ("scholen", "Gesprek met de schoolleiders", "gesprek", -160, 4),
    ("scholen", "Halt-lessen aangeboden aan basisscholen", "email", -45, 0),
    ("scholen", "Terugkoppeling verzuimcijfers", "gesprek", 20, None),
    ("pers", "Persbericht: start straatcoaches", "persbericht", -200, 0),
    ("pers", "Persbericht: kantine Sportpark Oost", "persbericht", -12, None),
    ("pers", "Persbericht: eerste resultaten", "persbericht", 45, None),
)


def create_communication(programme: Programme, users: dict[str, Any]) -> None:
    """Idempotent: adds the audiences and moments that are not there yet."""
    manager = users[MANAGER]
    people = {p.full_name: p for p in programme.people.filter(removed_at__isnull=True)}
    lines = {line.audience: line for line in programme.communication_lines.all()}
    for audience, goal, messages, channels, frequency, owner in LINES:
        if audience in lines:
            continue
        lines[audience] = services.line_create(
            actor=manager,
            programme=programme,
            audience=audience,
            goal=goal,
            key_messages=messages,
            channels=list(channels),
            frequency=frequency,
            owner=people.get(owner),
        )
    existing = set(programme.communication_moments.values_list("title", flat=True))
    today = timezone.localdate()
    for audience, title, channel, days, done_after in MOMENTS:
        planned = today + dt.timedelta(days=days)
        if title in existing or planned < programme.start_date:
            continue
        done = planned + dt.timedelta(days=done_after) if done_after is not None else None
        line = lines[audience]
        services.moment_create(
            actor=manager,
            programme=programme,
            title=title,
            audience=line,
            channel=channel,
            planned_on=planned,
            done_on=min(done, today) if done is not None else None,
            owner=line.owner,
        )
