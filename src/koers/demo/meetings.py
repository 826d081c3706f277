"""Step 5 for the demo: a year of Voorbeeldstad's meetings. The stuurgroep meets at its agreed
frequency (every quarter), the projectteam every month (the demo's kwartiermakers meet there; a
projectgroep is used instead when the programme has one). Each meeting has an agenda, attendance,
short minutes and decisions numbered per body; some decisions became actions, some of them done.
The minutes of past meetings are approved a week after the meeting, except the latest meeting's
(verslag concept). The stuurgroep's next meeting is planned, its agenda prepared from Koers's
suggestions and sent. Running the demo again changes nothing: a programme that has meetings is
left alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from koers.actions import services as action_services
from koers.meetings import services
from koers.meetings.models import Meeting
from koers.meetings.reference import AgendaSource
from koers.meetings.suggestions import suggestions
from koers.programmes.models import Programme
from koers.teams.models import Body

MANAGER = "programmamanager@voorbeeldstad.example"
STEERING_MEMBER = "stuurgroeplid@voorbeeldstad.example"

# Decisions per meeting, oldest meeting first: (text, pending, [(action, owner, days to due date, done)])
Decision = tuple[str, bool, list[tuple[str, str, int, bool]]]

STEERING_DECISIONS: list[list[Decision]] = [
    [
        (
            "De stuurgroep stelt het plan van aanpak 2026 vast, met de drie focusgebieden.",
            False,
            [("Plan van aanpak aan de gemeenteraad sturen", "Petra Programma", 14, True)],
        )
    ],
    [
        (
            "De inzet van de straatcoaches in de Molenwijk wordt verlengd tot 1 juli 2027.",
            False,
            [
                ("Opdracht straatcoaches verlengen", "Kevin Brouwer", 30, True),
                ("Wijkbewoners informeren over de verlenging", "Ruud Hoogland", 45, False),
            ],
        )
    ],
    [
        (
            "Het besluit over extra budget voor het jongerenwerk wordt aangehouden tot de cijfers van "
            "het derde kwartaal er zijn.",
            True,
            [],
        ),
        (
            "De stuurgroep vraagt een tussenrapportage over de straatcoaches voor de volgende vergadering.",
            False,
            [("Tussenrapportage straatcoaches opstellen", "Petra Programma", 60, False)],
        ),
    ],
]

TEAM_DECISIONS: list[list[Decision]] = [
    [
        (
            "Het projectteam verdeelt de deelprojecten over de kwartiermakers.",
            False,
            [("Startgesprekken met de kwartiermakers voeren", "Petra Programma", 21, True)],
        )
    ],
    [
        (
            "Signalen van scholen over verzuim gaan voortaan via het signalenoverleg.",
            False,
            [("Signalenoverleg met scholen en wijkteam inplannen", "Karim Kwartier", 21, True)],
        )
    ],
    [
        (
            "De hotspotkaart wordt elke maand met de wijkagenten bijgewerkt.",
            False,
            [("Eerste hotspotkaart opstellen", "Yusuf Demir", 28, True)],
        )
    ],
    [
        (
            "Het jongerenwerk houdt de inloop op vrijdag open tot 23.00 uur.",
            False,
            [("Rooster jongerenwerkers aanpassen", "Tessa Team", 14, True)],
        )
    ],
    [("Het voorstel voor extra budget jongerenwerk gaat naar de stuurgroep.", False, [])],
    [
        (
            "In oktober komt er een ouderavond over online risico's op de middelbare scholen.",
            False,
            [("Ouderavond voorbereiden met de scholen", "Karim Kwartier", 35, True)],
        )
    ],
    [
        (
            "Het besluit over cameratoezicht bij Winkelcentrum Noord wordt aangehouden tot het gesprek "
            "met de winkeliers.",
            True,
            [],
        )
    ],
    [
        (
            "De onderzoeker zet de evaluatie van de straatcoaches op.",
            False,
            [("Evaluatieopzet straatcoaches schrijven", "Olga Onderzoek", 30, False)],
        )
    ],
    [
        (
            "Het projectteam benadert drie ondernemers voor stageplekken.",
            False,
            [("Drie ondernemers benaderen voor stageplekken", "Kevin Brouwer", 28, False)],
        )
    ],
    [
        (
            "De Halt-voorlichting op de basisscholen start na de kerstvakantie.",
            False,
            [("Halt-voorlichting inplannen met drie basisscholen", "Lotte van Dijk", 40, False)],
        )
    ],
]

STEERING_AGENDA = (
    (
        "Opening en verslag van het vorige overleg",
        10,
        "De voorzitter opent; het verslag wordt ongewijzigd vastgesteld.",
    ),
    (
        "Voortgang van de deelprojecten",
        30,
        "De programmamanager licht de voortgang toe. De straatcoaches zijn goed ontvangen; de "
        "samenwerking met de scholen kost meer tijd dan gepland.",
    ),
    ("Besluitvorming", 30, "Zie de besluiten hieronder."),
    ("Rondvraag en sluiting", 5, "Geen vragen."),
)
TEAM_AGENDA = (
    ("Opening en actielijst", 10, "De actielijst is doorgelopen; de meeste acties liggen op schema."),
    (
        "Voortgang per deelproject",
        40,
        "Elke kwartiermaker vertelt kort waar het deelproject staat en wat er nodig is.",
    ),
    (
        "Signalen uit de wijken",
        20,
        "Politie en jongerenwerk zien minder overlast bij het station; in Noord blijft het onrustig.",
    ),
    ("Besluiten en afspraken", 15, "Zie de besluiten hieronder."),
    ("Rondvraag", 5, "Geen vragen."),
)


def _when(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _run_past_meeting(
    *,
    programme: Programme,
    body: Body,
    day: dt.date,
    hour: int,
    agenda: tuple[tuple[str, int, str], ...],
    decisions: list[Decision],
    manager: Any,
    approver: Any,
    approve: bool,
    number: int,
) -> Meeting:
    people = {p.full_name: p for p in programme.people.filter(removed_at__isnull=True)}
    starts = _when(day, hour)
    meeting = services.meeting_create(
        actor=manager,
        programme=programme,
        body=body,
        title=body.name,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        location="Stadhuis Voorbeeldstad, kamer 2.14" if body.kind == "stuurgroep" else "Wijkcentrum Noord",
    )
    items = []
    for title, minutes, _notes in agenda:
        items.append(
            services.agenda_item_add(
                actor=manager,
                meeting=meeting,
                title=title,
                minutes_allotted=minutes,
                presenter=people.get("Petra Programma") if "Voortgang" in title else None,
            )
        )
    held_at = starts + dt.timedelta(hours=2)
    services.meeting_change_status(actor=manager, meeting=meeting, status="gehouden", now=held_at)
    rows = list(meeting.attendance.select_related("person").order_by("person__full_name"))
    statuses = {}
    for index, row in enumerate(rows):
        # Now and then someone sends apologies, or is absent.
        if (index + number) % 7 == 3:
            statuses[row.person_id] = "afgemeld"
        elif (index + number) % 11 == 5:
            statuses[row.person_id] = "afwezig"
        else:
            statuses[row.person_id] = "aanwezig"
    services.attendance_record(actor=manager, meeting=meeting, statuses=statuses)
    services.minutes_save(
        actor=manager,
        meeting=meeting,
        expected_version=None,
        general_notes="",
        items={item.pk: (notes, False) for item, (_t, _m, notes) in zip(items, agenda, strict=True)},
    )
    decision_item = next((item for item in items if item.title.startswith("Besl")), items[-1])
    for text, pending, actions in decisions:
        decision = services.decision_create(
            actor=manager,
            meeting=meeting,
            agenda_item=decision_item,
            text=text,
            status="aangehouden" if pending else "genomen",
        )
        specs = [
            {"title": title, "owner": people[owner], "due_date": day + dt.timedelta(days=days)}
            for title, owner, days, _done in actions
            if owner in people
        ]
        if specs:
            made = services.actions_from_decision(
                actor=manager, decision=decision, actions=specs, today=day, tell=False
            )
            for action, (_title, _owner, _days, done) in zip(made, actions, strict=False):
                if done:
                    action_services.action_set_status(actor=manager, action=action, status="gereed")
    services.meeting_change_status(actor=manager, meeting=meeting, status="verslag_concept", now=held_at)
    if approve:
        services.meeting_change_status(
            actor=approver,
            meeting=meeting,
            status="verslag_vastgesteld",
            now=starts + dt.timedelta(days=7),
            tell=False,
        )
    return meeting


def create_meetings(programme: Programme, users: dict[str, Any]) -> None:
    """Idempotent: a programme that has meetings is left alone."""
    if Meeting.objects.filter(programme=programme).exists():
        return
    manager = users[MANAGER]
    steering = programme.bodies.filter(kind="stuurgroep").first()
    team = (
        programme.bodies.filter(kind="projectgroep").first()
        or programme.bodies.filter(kind="projectteam").first()
    )
    if steering is None or team is None:
        return
    today = timezone.localdate()
    first_day = programme.start_date + dt.timedelta(days=7)
    team_days = sorted(
        d for d in (today - dt.timedelta(days=5 + 30 * k) for k in range(12)) if d >= first_day
    )
    steering_days = sorted(
        d for d in (today - dt.timedelta(days=75 + 91 * k) for k in range(4)) if d >= first_day
    )
    steering_approver = users.get(STEERING_MEMBER) or manager
    for number, day in enumerate(steering_days):
        offset = number - len(steering_days) + len(STEERING_DECISIONS)
        decisions = STEERING_DECISIONS[offset] if offset >= 0 else []
        _run_past_meeting(
            programme=programme,
            body=steering,
            day=day,
            hour=15,
            agenda=STEERING_AGENDA,
            decisions=decisions,
            manager=manager,
            approver=steering_approver,
            approve=True,
            number=number,
        )
    for number, day in enumerate(team_days):
        offset = number - len(team_days) + len(TEAM_DECISIONS)
        _run_past_meeting(
            programme=programme,
            body=team,
            day=day,
            hour=9,
            agenda=TEAM_AGENDA,
            decisions=TEAM_DECISIONS[offset] if offset >= 0 else [],
            manager=manager,
            approver=manager,
            approve=number < len(team_days) - 1,  # the latest minutes are still in concept
            number=number,
        )
    # The stuurgroep's next meeting: its agenda prepared from Koers's suggestions, and sent.
    starts = _when(today + dt.timedelta(days=16), 15)
    upcoming = services.meeting_create(
        actor=manager,
        programme=programme,
        body=steering,
        title=steering.name,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        location="Stadhuis Voorbeeldstad, kamer 2.14",
        online_link="https://vergaderen.voorbeeldstad.example/stuurgroep",
    )
    services.agenda_item_add(
        actor=manager,
        meeting=upcoming,
        title="Opening en verslag van het vorige overleg",
        minutes_allotted=10,
    )
    for suggestion in suggestions(upcoming, today):
        if suggestion.source in (AgendaSource.DECISION_PENDING, AgendaSource.ACTION_REVIEW):
            services.agenda_suggestion_add(actor=manager, meeting=upcoming, key=suggestion.key, today=today)
    services.agenda_item_add(
        actor=manager,
        meeting=upcoming,
        title="Tussenrapportage straatcoaches",
        minutes_allotted=30,
        presenter=programme.people.filter(full_name="Kevin Brouwer").first(),
        description="Eerste resultaten van de straatcoaches in de Molenwijk en het advies over 2027.",
    )
    services.agenda_item_add(
        actor=manager, meeting=upcoming, title="Rondvraag en sluiting", minutes_allotted=5
    )
    # Sent without e-mails: the demo's mailbox shows the invitation only.
    services.meeting_change_status(actor=manager, meeting=upcoming, status="agenda_verstuurd", tell=False)
