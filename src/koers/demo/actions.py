"""Step 4 for the demo: Voorbeeldstad's agreed actions, with owners from the demo team, their
organisations and due dates, a few of them overdue and a few done. When the plan has sub-projects
the actions are spread over them; otherwise they belong to the whole programme. Running the demo
again changes nothing: an action whose title exists is left alone. Each sub-project gets a small
RACI (once): its kwartiermaker accountable, the owners of its actions responsible."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from koers.actions import raci, services
from koers.programmes.models import Programme

MANAGER = "programmamanager@voorbeeldstad.example"

# title, origin, priority, days from today (negative: overdue), status
ACTIONS: tuple[tuple[str, str, str, int, str], ...] = (
    ("Straatcoaches starten in de Molenwijk", "plan", "hoog", 14, "bezig"),
    ("Overleg met winkeliers Winkelcentrum Noord plannen", "overlegbesluit", "hoog", -5, "open"),
    ("Jongerenwerk verlengt openingstijden van de inloop", "plan", "normaal", 30, "open"),
    ("Ouderavond over online risico's op de middelbare scholen", "plan", "normaal", 45, "open"),
    ("Signalenoverleg school en wijkteam elke maand", "overlegbesluit", "normaal", 7, "bezig"),
    ("Halt-voorlichting op drie basisscholen", "plan", "normaal", 60, "open"),
    ("Verlichting in het park bij de sportvelden verbeteren", "bijsturing", "laag", -12, "open"),
    ("Cijfers jeugdoverlast per kwartaal delen met het projectteam", "plan", "normaal", 21, "open"),
    ("Stageplekken bij lokale ondernemers werven", "plan", "normaal", 90, "open"),
    ("Afspraken met de politie over terugkoppeling van meldingen", "overlegbesluit", "hoog", -2, "bezig"),
    ("Buurtbijeenkomst Noord organiseren", "plan", "normaal", 35, "open"),
    ("Sportaanbod in de avond uitbreiden met de sportvereniging", "plan", "laag", 75, "open"),
    ("Mentorprogramma mbo-studenten opzetten", "plan", "normaal", 120, "open"),
    ("Evaluatie straatcoaches na drie maanden", "bijsturing", "normaal", 100, "open"),
    ("Werkgroep online veiligheid samenstellen", "overlegbesluit", "normaal", -20, "open"),
    ("Communicatieplan voor bewoners schrijven", "plan", "laag", 50, "open"),
    ("Budget jongerenwerk voor 2027 aanvragen", "plan", "hoog", 28, "open"),
    ("Contactpersonen per school vastleggen", "overlegbesluit", "normaal", 3, "gereed"),
    ("Hotspotkaart met de wijkagenten bijwerken", "bijsturing", "normaal", 10, "open"),
    ("Voortgang rapporteren aan de stuurgroep", "plan", "hoog", 40, "open"),
)


def create_actions(programme: Programme, users: dict[str, Any]) -> None:
    """Idempotent: adds the actions that are not there yet."""
    manager = users[MANAGER]
    people = list(programme.people.filter(removed_at__isnull=True).select_related("partner").order_by("pk"))
    subprojects = list(programme.subprojects.order_by("name", "pk"))
    existing = set(programme.actions.values_list("title", flat=True))
    today = timezone.localdate()
    for number, (title, origin, priority, days, status) in enumerate(ACTIONS):
        if title in existing:
            continue
        owner = people[number % len(people)] if people else None
        due = today + dt.timedelta(days=days)
        action = services.action_create(
            actor=manager,
            programme=programme,
            # Overdue actions were agreed a month before their due date.
            today=min(today, due - dt.timedelta(days=30)),
            title=title,
            origin=origin,
            priority=priority,
            owner=owner,
            organisation=owner.partner if owner is not None else None,
            subproject=subprojects[number % len(subprojects)] if subprojects else None,
            due_date=due,
            notify=False,  # the demo's mailbox shows the invitation, not twenty assignments
        )
        if status == "gereed":
            services.action_set_status(actor=manager, action=action, status="gereed")
        elif status == "bezig":
            services.action_set_status(actor=manager, action=action, status="bezig")


RACI_ROWS = ("Plan van de activiteiten", "Uitvoering", "Voortgangsrapportage aan de stuurgroep")


def create_raci(programme: Programme, users: dict[str, Any]) -> None:
    """A RACI for each sub-project that has none yet (needs at least two team members)."""
    manager = users[MANAGER]
    people = list(programme.people.filter(removed_at__isnull=True).order_by("pk"))
    if len(people) < 2:
        return
    for number, subproject in enumerate(programme.subprojects.select_related("kwartiermaker").order_by("pk")):
        if subproject.raci_rows.exists():
            continue
        lead = (
            subproject.kwartiermaker
            if subproject.kwartiermaker and not subproject.kwartiermaker.removed_at
            else None
        )
        accountable = lead or people[0]
        owners = [
            a.owner
            for a in subproject.actions.select_related("owner").order_by("pk")
            if a.owner is not None and a.owner != accountable and a.owner.removed_at is None
        ]
        responsible = owners[0] if owners else next(p for p in people if p != accountable)
        informed = people[(number + 2) % len(people)]
        for activity in RACI_ROWS:
            letters = {f"p{accountable.uuid}": "A", f"p{responsible.uuid}": "R"}
            if informed not in (accountable, responsible):
                letters[f"p{informed.uuid}"] = "I"
            raci.row_save(actor=manager, subproject=subproject, activity=activity, letters=letters)
