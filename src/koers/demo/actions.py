"""Step 4 for the demo: Voorbeeldstad's sixty agreed actions. Each sub-project gets actions from
the plan, from meetings and from course adjustments, with an owner from the demo team (and their
organisation) and a due date; some are overdue, some done, some cancelled, and a few come from the
projectteam's last meeting. Running the demo again changes nothing: an action whose title exists is
left alone. Each sub-project gets a small RACI (once): its kwartiermaker accountable, the owners of
its actions responsible.

Mail goes out as in production, once the demo's data is saved: the owners of the actions from the
last meeting get the assignment e-mail, and the daily reminders run (``koers reminders``) for this
week's Monday (with the weekly overview) and for today. Reminders are logged, so a second run on
the same day sends nothing again."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from koers.actions import raci, reminders, services
from koers.actions.tasks import notify_assigned
from koers.programmes.models import Programme

MANAGER = "programmamanager@voorbeeldstad.example"

PROGRAMME = ""  # an action of the whole programme, not of one sub-project
STRAAT = "Straatcoaches Noord"
VERZUIM = "Samen tegen verzuim"
GELDEZEL = "Geen geldezel"
KANTINE = "Kantine Sportpark Oost weer open"
OUDERS = "Ouders in gesprek"
HALT = "Halt op school"

# sub-project, title, origin, priority, days from today (negative: past), status, owner
# fmt: off
ACTIONS: tuple[tuple[str, str, str, str, int, str, str], ...] = (
    (STRAAT, "Straatcoaches starten in de Molenwijk", "plan", "hoog", 14, "bezig", "Kevin Brouwer"),
    (STRAAT, "Overleg met winkeliers Winkelcentrum Noord plannen", "overlegbesluit", "hoog", -5, "open", "Karim Kwartier"),
    (STRAAT, "Jongerenwerk verlengt openingstijden van de inloop", "plan", "normaal", 30, "open", "Tessa Team"),
    (STRAAT, "Verlichting in het park bij de sportvelden verbeteren", "bijsturing", "laag", -12, "open", "Erik Jansen"),
    (STRAAT, "Afspraken met de politie over terugkoppeling van meldingen", "overlegbesluit", "hoog", -2, "bezig", "Yusuf Demir"),
    (STRAAT, "Hotspotkaart met de wijkagenten bijwerken", "bijsturing", "normaal", 10, "open", "Yusuf Demir"),
    (STRAAT, "Evaluatie straatcoaches na drie maanden", "bijsturing", "normaal", 100, "open", "Olga Onderzoek"),
    (STRAAT, "Buurtbijeenkomst Noord organiseren", "plan", "normaal", 35, "open", "Erik Jansen"),
    (STRAAT, "Rooster straatcoaches afstemmen op de drukke avonden", "bijsturing", "normaal", -9, "bezig", "Kevin Brouwer"),
    (STRAAT, "Overlast in portieken van de Molenwijk in kaart brengen", "overlegbesluit", "normaal", 3, "open", "Erik Jansen"),
    (STRAAT, "Doorverwijzingen naar jongerenwerk en wijkteam bijhouden", "plan", "normaal", -60, "gereed", "Kevin Brouwer"),
    (STRAAT, "Extra avond straatcoaches in de kerstvakantie", "overlegbesluit", "hoog", 21, "open", "Kevin Brouwer"),
    (VERZUIM, "Signalenoverleg school en wijkteam elke maand", "overlegbesluit", "normaal", 7, "bezig", "Annelies Bos"),
    (VERZUIM, "Contactpersonen per school vastleggen", "overlegbesluit", "normaal", 3, "gereed", "Marieke Smit"),
    (VERZUIM, "Mentorprogramma mbo-studenten opzetten", "plan", "normaal", 120, "open", "Jeroen Kuiper"),
    (VERZUIM, "Stageplekken bij lokale ondernemers werven", "plan", "normaal", 90, "open", "Jeroen Kuiper"),
    (VERZUIM, "Werkafspraken leerplicht en zorgteams op papier zetten", "plan", "hoog", -7, "open", "Hanneke Vos"),
    (VERZUIM, "Privacyafspraken voor het verzuimoverleg laten toetsen", "plan", "hoog", -15, "bezig", "Dirk Postma"),
    (VERZUIM, "Verzuimcijfers per school opvragen bij leerplicht", "plan", "normaal", -40, "gereed", "Olga Onderzoek"),
    (VERZUIM, "Eerste verzuimoverleg houden", "plan", "hoog", 16, "open", "Hanneke Vos"),
    (VERZUIM, "Werkwijze huisbezoek binnen een week afspreken met het wijkteam", "plan", "normaal", 45, "open", "Annelies Bos"),
    (VERZUIM, "Tweede vo-school uitnodigen voor het verzuimoverleg", "overlegbesluit", "normaal", 28, "open", "Marieke Smit"),
    (GELDEZEL, "Ouderavond over online risico's op de middelbare scholen", "plan", "normaal", 45, "open", "Marieke Smit"),
    (GELDEZEL, "Werkgroep online veiligheid samenstellen", "overlegbesluit", "normaal", -20, "open", "Yusuf Demir"),
    (GELDEZEL, "Voorlichters van politie en bank inroosteren", "plan", "normaal", -200, "gereed", "Ruud Hoogland"),
    (GELDEZEL, "Lessen over geldezels geven in klas 2 en 3", "plan", "hoog", -160, "gereed", "Kevin Brouwer"),
    (GELDEZEL, "Lessen over geldezels evalueren met de scholen", "plan", "normaal", -55, "gereed", "Olga Onderzoek"),
    (GELDEZEL, "Voorstel voor voortzetting in 2027 aan de stuurgroep", "bijsturing", "hoog", 18, "bezig", "Kevin Brouwer"),
    (GELDEZEL, "Lesmateriaal aanpassen aan nieuwe vormen van ronselen", "bijsturing", "normaal", 60, "open", "Tessa Team"),
    (GELDEZEL, "Bank vragen om cijfers over geldezels per kwartaal", "overlegbesluit", "laag", -4, "open", "Ruud Hoogland"),
    (KANTINE, "Sportaanbod in de avond uitbreiden met de sportvereniging", "plan", "laag", 75, "open", "Lotte van Dijk"),
    (KANTINE, "Bouwkundige keuring van de kantine laten doen", "plan", "normaal", 20, "open", "Erik Jansen"),
    (KANTINE, "Vrijwilligers voor de kantine werven", "plan", "normaal", 65, "open", "Tessa Team"),
    (KANTINE, "Afspraken met de sportvereniging over sleutelbeheer", "plan", "normaal", 40, "open", "Lotte van Dijk"),
    (KANTINE, "Offerte voor het opknappen van de kantine aanvragen", "plan", "hoog", -3, "bezig", "Erik Jansen"),
    (KANTINE, "Jongeren uit Oost vragen wat ze in de avond willen doen", "plan", "normaal", -30, "gereed", "Tessa Team"),
    (KANTINE, "Subsidie voor de kantine aanvragen bij het fonds", "bijsturing", "normaal", 55, "open", "Petra Programma"),
    (OUDERS, "Ouderavonden in de buurthuizen van Noord en Oost plannen", "plan", "normaal", 12, "bezig", "Yusuf Demir"),
    (OUDERS, "Sleutelfiguren uit de buurt trainen", "plan", "normaal", -25, "gereed", "Annelies Bos"),
    (OUDERS, "Huisbezoeken bij ouders van jongeren uit de groepsaanpak", "plan", "hoog", -6, "bezig", "Annelies Bos"),
    (OUDERS, "Folder voor ouders vertalen in het Turks, Arabisch en Pools", "bijsturing", "normaal", 25, "open", "Karim Kwartier"),
    (OUDERS, "Oudercafé op Basisschool De Kompas starten", "overlegbesluit", "normaal", 38, "open", "Fatima Ouali"),
    (OUDERS, "Zaalhuur van de buurthuizen voor 2027 vastleggen", "plan", "normaal", 32, "open", "Petra Programma"),
    (OUDERS, "Gezinnen met schulden doorverwijzen naar schuldhulp", "overlegbesluit", "normaal", -1, "open", "Dirk Postma"),
    (OUDERS, "Uitbreiding met sleutelfiguren voorleggen aan de stuurgroep", "bijsturing", "hoog", 9, "open", "Yusuf Demir"),
    (HALT, "Halt-voorlichting op drie basisscholen", "plan", "normaal", 60, "vervallen", "Lotte van Dijk"),
    (HALT, "Ruimte in het rooster voor Halt-lessen navragen bij de scholen", "plan", "normaal", -170, "gereed", "Fatima Ouali"),
    (HALT, "Halt-lessen in groep 8 inplannen", "plan", "normaal", -140, "vervallen", "Lotte van Dijk"),
    (HALT, "Besluit om te stoppen melden aan de scholen", "bijsturing", "normaal", -120, "gereed", "Fatima Ouali"),
    (HALT, "Vuurwerkles meenemen in de voorlichting van Geen geldezel", "bijsturing", "laag", 50, "open", "Lotte van Dijk"),
    (PROGRAMME, "Cijfers jeugdoverlast per kwartaal delen met het projectteam", "plan", "normaal", 21, "open", "Olga Onderzoek"),
    (PROGRAMME, "Communicatieplan voor bewoners schrijven", "plan", "laag", 50, "open", "Petra Programma"),
    (PROGRAMME, "Budget jongerenwerk voor 2027 aanvragen", "plan", "hoog", 28, "open", "Petra Programma"),
    (PROGRAMME, "Voortgang rapporteren aan de stuurgroep", "plan", "hoog", 40, "open", "Petra Programma"),
    (PROGRAMME, "Raadsinformatiebrief over de aanpak opstellen", "overlegbesluit", "normaal", -10, "bezig", "Sander Stuurgroep"),
    (PROGRAMME, "Jaarplanning van het projectteam voor 2027 maken", "plan", "normaal", 30, "open", "Karim Kwartier"),
    (PROGRAMME, "Samenwerkingsafspraak over communicatie afronden", "overlegbesluit", "hoog", -18, "open", "Petra Programma"),
    (PROGRAMME, "Ondernemersvereniging vragen een ondernemer in het team te zetten", "bijsturing", "normaal", 15, "open", "Sander Stuurgroep"),
    (PROGRAMME, "Factsheet van de veiligheidsanalyse maken voor de partners", "plan", "normaal", -45, "gereed", "Olga Onderzoek"),
    (PROGRAMME, "Meldingen dubbel registreren bij gemeente en politie", "bijsturing", "laag", 80, "vervallen", "Ruud Hoogland"),
)
# fmt: on

# Agreed at the projectteam's last meeting: their owners get the assignment e-mail.
FROM_LAST_MEETING = frozenset(
    {
        "Extra avond straatcoaches in de kerstvakantie",
        "Tweede vo-school uitnodigen voor het verzuimoverleg",
        "Uitbreiding met sleutelfiguren voorleggen aan de stuurgroep",
        "Ondernemersvereniging vragen een ondernemer in het team te zetten",
    }
)


def create_actions(programme: Programme, users: dict[str, Any]) -> None:
    """Idempotent: adds the actions that are not there yet (owners missing from the team are
    skipped, so the demo still works when someone left the team)."""
    manager = users[MANAGER]
    people = {
        p.full_name: p for p in programme.people.filter(removed_at__isnull=True).select_related("partner")
    }
    subprojects = {s.name: s for s in programme.subprojects.all()}
    existing = set(programme.actions.values_list("title", flat=True))
    today = timezone.localdate()
    for where, title, origin, priority, days, status, owner_name in ACTIONS:
        owner = people.get(owner_name)
        if title in existing or owner is None or (where and where not in subprojects):
            continue
        due = today + dt.timedelta(days=days)
        action = services.action_create(
            actor=manager,
            programme=programme,
            # Actions due within a month were agreed a month before their due date.
            today=min(today, due - dt.timedelta(days=30)),
            title=title,
            origin=origin,
            priority=priority,
            owner=owner,
            organisation=owner.partner,
            subproject=subprojects.get(where),
            due_date=due,
            notify=False,  # only the last meeting's actions are new: see below
        )
        if status != "open":
            services.action_set_status(actor=manager, action=action, status=status)
        if title in FROM_LAST_MEETING:
            transaction.on_commit(partial(notify_assigned.call, str(action.uuid)))


def send_reminders() -> None:
    """Once the demo is saved: the reminders of this week's Monday (with the weekly overview) and
    of today, by the function behind ``koers reminders``; nothing is sent twice."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())

    def run() -> None:
        for day in sorted({monday, today}):
            reminders.run(day)

    transaction.on_commit(run)


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
