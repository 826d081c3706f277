"""The demo's fictional content, created idempotently: running it twice changes nothing.

Every step of the step plan adds its own part here, on top of the organisations, accounts and
programmes below. All names are fictional; e-mail addresses use the reserved ``.example`` domain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from koers.accounts.models import User
from koers.accounts.services import confirm_email
from koers.demo.statistics import create_statistics
from koers.knowledge import services as knowledge_services
from koers.organisations.models import Membership, Organisation, OrganisationRole
from koers.programmes import services as programme_services
from koers.programmes.models import Invitation, Programme, ProgrammeMembership, ProgrammeRole
from koers.teams import services as team_services
from koers.teams.models import Agreement, Body, PartnerOrganisation, PartnerType, Person
from koers.teams.reference import ensure_builtin_partner_types

from .actions import create_actions, create_raci, send_reminders
from .communication import create_communication
from .estimates import create_estimates
from .evaluation import create_evaluation
from .findings import create_findings
from .indicators import create_indicators
from .interventions import create_interventions
from .lessons import create_lessons, create_shared_lesson
from .meetings import create_meetings
from .monitoring import create_monitoring
from .plan import create_plan, create_plan_versions
from .verdicts import create_verdicts

DEMO_PASSWORD = "Koers-demo-2026"  # noqa: S105 - printed for newcomers; the demo is fictional.


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    organisation: str
    programme_role: str | None = None
    org_role: str = OrganisationRole.LID
    superuser: bool = False


VOORBEELDSTAD = "Gemeente Voorbeeldstad (fictief)"
PROEFDORP = "Gemeente Proefdorp (fictief)"

ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("installatie@koers.example", "Ilse Installatiebeheer", "superuser", "", superuser=True),
    DemoAccount(
        "beheerder@voorbeeldstad.example",
        "Bram Beheer",
        "beheerder",
        VOORBEELDSTAD,
        org_role=OrganisationRole.BEHEERDER,
    ),
    DemoAccount(
        "programmamanager@voorbeeldstad.example",
        "Petra Programma",
        "programmamanager",
        VOORBEELDSTAD,
        ProgrammeRole.PROGRAMMAMANAGER,
    ),
    DemoAccount(
        "kwartiermaker@voorbeeldstad.example",
        "Karim Kwartier",
        "kwartiermaker",
        VOORBEELDSTAD,
        ProgrammeRole.KWARTIERMAKER,
    ),
    DemoAccount(
        "teamlid@voorbeeldstad.example",
        "Tessa Team",
        "teamlid",
        VOORBEELDSTAD,
        ProgrammeRole.TEAMLID,
    ),
    DemoAccount(
        "stuurgroeplid@voorbeeldstad.example",
        "Sander Stuurgroep",
        "stuurgroeplid",
        VOORBEELDSTAD,
        ProgrammeRole.STUURGROEPLID,
    ),
    DemoAccount(
        "onderzoeker@voorbeeldstad.example",
        "Olga Onderzoek",
        "onderzoeker",
        VOORBEELDSTAD,
        ProgrammeRole.ONDERZOEKER,
    ),
    DemoAccount(
        "meelezer@voorbeeldstad.example",
        "Mees Meelezer",
        "meelezer",
        VOORBEELDSTAD,
        ProgrammeRole.MEELEZER,
    ),
    DemoAccount(
        "programmamanager@proefdorp.example",
        "Pim Proef",
        "programmamanager",
        PROEFDORP,
        ProgrammeRole.PROGRAMMAMANAGER,
        org_role=OrganisationRole.BEHEERDER,
    ),
)

PROGRAMMES = {
    VOORBEELDSTAD: (
        "Voorbeeldstad houdt jongeren uit de criminaliteit",
        "Integrale aanpak van gemeente, politie, OM, Veiligheidshuis, jongerenwerk, scholen en "
        "ondernemers om te voorkomen dat jongeren in de (georganiseerde) criminaliteit belanden. "
        "Fictief voorbeeld.",
    ),
    PROEFDORP: (
        "Proefdorp Preventie-aanpak",
        "Kleine fictieve gemeente die laat zien dat organisaties elkaars gegevens niet zien.",
    ),
}
ORGANISATION_CODES = {VOORBEELDSTAD: "GM9901", PROEFDORP: "GM9902"}


def _organisation(name: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "cbs_code": ORGANISATION_CODES[name],
            "cbs_reference_year": 2026,
            "primary_colour": "#154273" if name == VOORBEELDSTAD else "#5b2a86",
            "mfa_required": True,
        },
    )
    return organisation


def _user(account: DemoAccount) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = User.objects.create_user(account.email, DEMO_PASSWORD, full_name=account.name)
    elif not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    confirm_email(user)
    if account.superuser and not user.is_superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    return user


@transaction.atomic
def create_demo() -> list[DemoAccount]:
    """Create (or complete) the demo content; returns the accounts to print."""
    ensure_builtin_partner_types()
    organisations = {name: _organisation(name) for name in PROGRAMMES}
    users = {a.email: _user(a) for a in ACCOUNTS}
    for account in ACCOUNTS:
        if account.superuser:
            continue  # installation administrators manage organisations, not their content
        Membership.objects.get_or_create(
            organisation=organisations[account.organisation],
            user=users[account.email],
            defaults={"role": account.org_role},
        )
    for org_name, (programme_name, description) in PROGRAMMES.items():
        organisation = organisations[org_name]
        manager = next(
            users[a.email]
            for a in ACCOUNTS
            if a.organisation == org_name and a.programme_role == ProgrammeRole.PROGRAMMAMANAGER
        )
        programme = Programme.objects.filter(organisation=organisation, name=programme_name).first()
        if programme is None:
            programme = programme_services.programme_create(
                actor=manager,
                organisation=organisation,
                name=programme_name,
                description=description,
                start_date=dt.date(2026, 1, 1),
                end_date=dt.date(2029, 12, 31),
            )
            programme_services.programme_change_status(actor=manager, programme=programme, status="actief")
        for account in ACCOUNTS:
            if account.organisation != org_name or account.programme_role is None:
                continue
            if not ProgrammeMembership.objects.filter(
                programme=programme, user=users[account.email]
            ).exists():
                programme_services.member_add(
                    actor=manager,
                    programme=programme,
                    user=users[account.email],
                    role=account.programme_role,
                )
        if org_name == VOORBEELDSTAD:
            # One invitation still open, so the invitation flow can be followed in the mailbox.
            email = "wijkagent@politie-voorbeeldstad.example"
            if not Invitation.objects.filter(programme=programme, email=email).exists():
                programme_services.invitation_create(
                    actor=manager, programme=programme, email=email, role=ProgrammeRole.TEAMLID
                )
            _team(programme, manager)
            _knowledge(programme, users)
            # Step 2's official figures: fictional, in the real formats, through the real imports.
            administrator = next(users[a.email] for a in ACCOUNTS if a.superuser)
            create_statistics(administrator, organisation.cbs_reference_year or 2026)
            _import_job(administrator, organisation.cbs_reference_year or 2026)
            create_findings(programme, users)
            # Steps 3-4: the interventions registry (installation-wide and Voorbeeldstad's own)
            create_interventions(administrator=administrator, organisation=organisation, manager=manager)
            create_plan(programme, users)  # step 3, using the registry's interventions
            create_actions(programme, users)  # step 4
            create_raci(programme, users)
            send_reminders()  # after saving: the assignment e-mails and reminders, as in production
            create_plan_versions(programme, users)  # last: the versions hold all of the plan
            create_meetings(programme, users)  # step 5: a year of meetings, decisions and actions
            create_communication(programme, users)  # step 5: the communication plan
            create_lessons(programme, users)  # step 5: lessons, two shared in Leer van elkaar
            create_monitoring(programme, users)  # step 5: assessments, adjustments, a report
            create_indicators(programme, users)  # step 6: indicators linked to the figures
            create_evaluation(programme, users)  # step 6: evaluation plans and a process evaluation
            create_estimates(programme, users)  # step 6: effect estimates, one declined
            create_verdicts(programme, users)  # step 6: verdicts, decisions and an embedding plan
        else:
            create_shared_lesson(programme, users)  # Proefdorp's lesson in Leer van elkaar
    return list(ACCOUNTS)


# Step 1: Voorbeeldstad's team ------------------------------------------------------------------
#
# Thirteen partner organisations, sixteen people, a stuurgroep, a projectteam and one werkgroep,
# and the three agreements (two agreed, one still open). One deliberate gap: there is no socially
# engaged entrepreneur, so the integrality check shows eight of nine core partners and its
# suggestion for the missing one.


@dataclass(frozen=True)
class DemoPartner:
    name: str
    type_key: str
    email: str
    phone: str = ""
    website: str = ""
    notes: str = ""


@dataclass(frozen=True)
class DemoPerson:
    name: str
    partner: str
    function: str
    email: str
    team_role: str
    view: str
    phone: str = ""


GEMEENTE = "Gemeente Voorbeeldstad"
POLITIE = "Politie eenheid Voorbeeldstad, wijkteam Noord"
JONGERENWERK = "Stichting Jongerenwerk Voorbeeldstad"
OM = "Openbaar Ministerie arrondissement Voorbeeld"
ZVH = "Zorg- en Veiligheidshuis Voorbeeldregio"
VO = "Het Voorbeeld College (vo)"
MBO = "ROC Voorbeeldstad (mbo)"
BASISSCHOOL = "Basisschool De Kompas"
STRAATCOACHES = "Straatcoaches Voorbeeldstad"
ONDERZOEK = "Onderzoeksbureau Stadsdata"
HALT = "Halt Voorbeeldregio"
WIJKTEAM = "Wijkteam Centrum"
WOONSTICHTING = "Woonstichting Voorbeeldstad"

PARTNERS: tuple[DemoPartner, ...] = (
    DemoPartner(
        GEMEENTE,
        "gemeente",
        "veiligheid@voorbeeldstad.example",
        "14 0999",
        "https://www.voorbeeldstad.example",
        "Afdeling Openbare Orde en Veiligheid en afdeling Jeugd.",
    ),
    DemoPartner(POLITIE, "politie", "wijkteam.noord@politie-voorbeeldstad.example", "0900 8844"),
    DemoPartner(
        JONGERENWERK,
        "jongerenwerk",
        "info@jongerenwerk-voorbeeldstad.example",
        website="https://jongerenwerk-voorbeeldstad.example",
        notes="Drie jongerencentra en ambulant jongerenwerk in Noord en Centrum.",
    ),
    DemoPartner(OM, "om", "jeugd@om-voorbeeld.example", notes="Jeugdofficier en wijkofficier."),
    DemoPartner(ZVH, "veiligheidshuis", "info@zvh-voorbeeldregio.example", "010 555 0100"),
    DemoPartner(VO, "voortgezet_onderwijs", "zorg@voorbeeldcollege.example", notes="Vmbo, havo en vwo."),
    DemoPartner(MBO, "mbo", "studentzaken@roc-voorbeeldstad.example"),
    DemoPartner(BASISSCHOOL, "basisschool", "directie@dekompas.example", notes="Basisschool in Noord."),
    DemoPartner(
        STRAATCOACHES,
        "straatcoaches",
        "coordinatie@straatcoaches-voorbeeldstad.example",
        notes="Op straat van donderdag tot en met zaterdag, 18.00 tot 02.00 uur.",
    ),
    DemoPartner(ONDERZOEK, "onderzoek", "info@stadsdata.example", website="https://stadsdata.example"),
    DemoPartner(HALT, "halt", "voorbeeldregio@halt.example"),
    DemoPartner(WIJKTEAM, "wijkteam", "centrum@wijkteams-voorbeeldstad.example"),
    DemoPartner(WOONSTICHTING, "woningcorporatie", "wijkbeheer@woonstichting-voorbeeldstad.example"),
)

PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson(
        "Petra Programma",
        GEMEENTE,
        "Programmamanager jeugd en veiligheid",
        "programmamanager@voorbeeldstad.example",
        "Programmamanager; voorzitter van het projectteam",
        "Ziet dat partners veel weten, maar dat die kennis versnipperd is. Brengt de partners bij "
        "elkaar en bewaakt dat het plan over de domeinen heen gaat.",
    ),
    DemoPerson(
        "Sander Stuurgroep",
        GEMEENTE,
        "Wethouder Veiligheid en Jeugd",
        "stuurgroeplid@voorbeeldstad.example",
        "Voorzitter van de stuurgroep",
        "Hoort van bewoners dat ze zich onveilig voelen rond het winkelcentrum in Noord. Wil dat "
        "de gemeente investeert in preventie en niet alleen reageert op incidenten.",
    ),
    DemoPerson(
        "Karim Kwartier",
        GEMEENTE,
        "Beleidsadviseur jeugd",
        "kwartiermaker@voorbeeldstad.example",
        "Kwartiermaker en voorzitter van de werkgroep School als vindplaats",
        "Ziet dat signalen van scholen over verzuim en drugsgebruik niet altijd bij jeugdhulp "
        "aankomen. Brengt het netwerk van jeugdbeleid en leerplicht mee.",
    ),
    DemoPerson(
        "Ruud Hoogland",
        POLITIE,
        "Teamchef basisteam Voorbeeldstad-Noord",
        "r.hoogland@politie-voorbeeldstad.example",
        "Lid van de stuurgroep",
        "Ziet dat steeds jongere tieners betrokken raken bij drugshandel en straatroof. Brengt "
        "politiecijfers en de verbinding met de lokale driehoek mee.",
    ),
    DemoPerson(
        "Yusuf Demir",
        POLITIE,
        "Wijkagent Noord",
        "wijkagent@politie-voorbeeldstad.example",
        "Lid van het projectteam",
        "Kent de plekken waar groepen jongeren 's avonds samenkomen en merkt dat ronselen "
        "vaak via sociale media gebeurt. Brengt kennis van de wijk en korte lijnen met ouders.",
        "06 1234 5601",
    ),
    DemoPerson(
        "Hanneke Vos",
        OM,
        "Officier van justitie jeugd",
        "h.vos@om-voorbeeld.example",
        "Lid van de stuurgroep",
        "Ziet dat zaken tegen jongeren vaak te laat komen om nog bij te sturen. Brengt de "
        "strafrechtelijke kant en de mogelijkheden van snelle interventies mee.",
    ),
    DemoPerson(
        "Dirk Postma",
        ZVH,
        "Procesregisseur",
        "d.postma@zvh-voorbeeldregio.example",
        "Lid van het projectteam; verbindt zorg en straf",
        "Ziet dat bij veel gezinnen meerdere hulpverleners tegelijk betrokken zijn zonder regie. "
        "Brengt casusoverleg en afstemming tussen zorg en justitie mee.",
    ),
    DemoPerson(
        "Tessa Team",
        JONGERENWERK,
        "Jongerenwerker",
        "teamlid@voorbeeldstad.example",
        "Lid van het projectteam en van de werkgroep School als vindplaats",
        "Merkt dat jongeren geld en status zoeken en dat legale bijbaantjes moeilijk te vinden "
        "zijn. Brengt vertrouwen van jongeren en kennis van hun netwerken mee.",
    ),
    DemoPerson(
        "Kevin Brouwer",
        STRAATCOACHES,
        "Coördinator straatcoaches",
        "k.brouwer@straatcoaches-voorbeeldstad.example",
        "Lid van het projectteam",
        "Ziet 's avonds op straat wie er nieuw bij een groep komt. Brengt snelle signalen uit de "
        "wijk en contact met ouders aan de deur mee.",
    ),
    DemoPerson(
        "Marieke Smit",
        VO,
        "Zorgcoördinator",
        "m.smit@voorbeeldcollege.example",
        "Lid van de werkgroep School als vindplaats",
        "Ziet dat verzuim en plotselinge dure spullen vaak de eerste signalen zijn. Brengt het "
        "zorgteam van de school en de mentoren mee.",
    ),
    DemoPerson(
        "Jeroen Kuiper",
        MBO,
        "Teamleider entreeopleiding",
        "j.kuiper@roc-voorbeeldstad.example",
        "Lid van de werkgroep School als vindplaats",
        "Ziet studenten uitvallen die geen stageplek vinden. Brengt loopbaanbegeleiding en "
        "contacten met leerbedrijven mee.",
    ),
    DemoPerson(
        "Fatima Ouali",
        BASISSCHOOL,
        "Directeur",
        "f.ouali@dekompas.example",
        "Lid van de werkgroep School als vindplaats",
        "Ziet al in groep 8 kinderen die oudere broers en hun vrienden als voorbeeld nemen. "
        "Brengt het contact met ouders en de overstap naar het voortgezet onderwijs mee.",
    ),
    DemoPerson(
        "Olga Onderzoek",
        ONDERZOEK,
        "Onderzoeker",
        "onderzoeker@voorbeeldstad.example",
        "Onderzoeker: veiligheidsanalyse en effectmeting",
        "Ziet dat de cijfers per wijk sterk verschillen en dat het verhaal erachter ontbreekt. "
        "Brengt data-analyse en opzet van de evaluatie mee.",
    ),
    DemoPerson(
        "Lotte van Dijk",
        HALT,
        "Halt-medewerker",
        "l.vandijk@halt.example",
        "Adviseur van het projectteam",
        "Ziet dat jongeren na een eerste Halt-straf zelden in beeld blijven. Brengt kennis van "
        "lichte interventies en voorlichting op scholen mee.",
    ),
    DemoPerson(
        "Annelies Bos",
        WIJKTEAM,
        "Jeugd- en gezinscoach",
        "a.bos@wijkteams-voorbeeldstad.example",
        "Lid van de werkgroep School als vindplaats",
        "Ziet gezinnen met schulden en weinig ruimte om op de kinderen te letten. Brengt "
        "gezinsbegeleiding en toegang tot jeugdhulp mee.",
    ),
    DemoPerson(
        "Erik Jansen",
        WOONSTICHTING,
        "Wijkconsulent",
        "e.jansen@woonstichting-voorbeeldstad.example",
        "Lid van het projectteam",
        "Ziet overlast in portieken en bergingen die als opslag worden gebruikt. Brengt kennis "
        "van de buurten en afspraken met huurders mee.",
    ),
)

STEERING_GROUP = (
    "Stuurgroep Jongeren uit de criminaliteit",
    "Stelt het plan van aanpak en de begroting vast, beslist over het starten, stoppen en "
    "structureel inbedden van deelprojecten en over wijzigingen van meer dan 10% van een budget.",
    ("Sander Stuurgroep", "Ruud Hoogland", "Hanneke Vos", "Petra Programma"),
)
PROJECT_TEAM = (
    "Projectteam Voorbeeldstad",
    "Voert het plan van aanpak uit binnen het vastgestelde budget, verdeelt het werk en bereidt "
    "besluiten van de stuurgroep voor.",
    (
        "Petra Programma",
        "Karim Kwartier",
        "Yusuf Demir",
        "Dirk Postma",
        "Tessa Team",
        "Kevin Brouwer",
        "Olga Onderzoek",
        "Lotte van Dijk",
        "Erik Jansen",
    ),
)
WORKING_GROUP = (
    "Werkgroep School als vindplaats",
    "Werkt het deelproject uit waarin scholen, wijkteam en jongerenwerk signalen over verzuim en "
    "ronselen eerder delen; beslist over de eigen planning.",
    ("Karim Kwartier", "Marieke Smit", "Jeroen Kuiper", "Fatima Ouali", "Annelies Bos", "Tessa Team"),
)

AGREEMENTS = {
    # kind: (text, owner or None while still open)
    "meeting": (
        "Het projectteam komt elke maand bij elkaar; de programmamanager maakt de agenda en is "
        "voorzitter. De stuurgroep vergadert elk kwartaal, voorbereid door de programmamanager en "
        "voorgezeten door de wethouder Veiligheid en Jeugd. De werkgroep School als vindplaats komt "
        "elke twee weken bij elkaar. Het verslag gaat binnen een week naar alle leden.",
        "Petra Programma",
    ),
    "decision": (
        "Het projectteam beslist over de uitvoering binnen het vastgestelde plan en budget. De "
        "stuurgroep stelt het plan van aanpak vast en beslist over wijzigingen van meer dan 10% van "
        "een budget en over stoppen of structureel inbedden van een deelproject. Waar het "
        "projectteam het niet over eens wordt, beslist de stuurgroep; spoedeisende zaken gaan naar "
        "de lokale driehoek.",
        "Sander Stuurgroep",
    ),
    "communication": (
        "De programmamanager rapporteert elk kwartaal aan de stuurgroep en informeert de "
        "gemeenteraad twee keer per jaar. Partners informeren hun eigen organisatie. Nieuws over de "
        "aanpak gaat via de communicatieadviseur van de gemeente; niemand praat over individuele "
        "jongeren.",
        None,
    ),
}
AGREED_ON = dt.date(2026, 2, 10)


def _team(programme: Programme, manager: User) -> None:
    """Voorbeeldstad's team, through the services so the history shows how it was built."""
    organisation = programme.organisation
    partners: dict[str, PartnerOrganisation] = {}
    for partner_spec in PARTNERS:
        partner = PartnerOrganisation.objects.filter(
            organisation=organisation, name=partner_spec.name, is_active=True
        ).first()
        if partner is None:
            partner_type = PartnerType.objects.get(organisation__isnull=True, key=partner_spec.type_key)
            partner = team_services.partner_create(
                actor=manager,
                organisation=organisation,
                name=partner_spec.name,
                partner_type=partner_type,
                domains=partner_type.default_domains,
                email=partner_spec.email,
                phone=partner_spec.phone,
                website=partner_spec.website,
                notes=partner_spec.notes,
            )
        partners[partner_spec.name] = partner

    people: dict[str, Person] = {}
    for spec in PEOPLE:
        person = Person.objects.filter(programme=programme, full_name=spec.name).first()
        if person is None:
            person = team_services.person_create(
                actor=manager,
                programme=programme,
                full_name=spec.name,
                partner=partners[spec.partner],
                function=spec.function,
                email=spec.email,
                phone=spec.phone,
                team_role=spec.team_role,
                view_on_problem=spec.view,
            )
        people[spec.name] = person

    for kind, (name, mandate, members), frequency in (
        ("stuurgroep", STEERING_GROUP, "quarterly"),
        ("projectteam", PROJECT_TEAM, "monthly"),
        ("werkgroep", WORKING_GROUP, "fortnightly"),
    ):
        if Body.objects.filter(programme=programme, name=name).exists():
            continue
        team_services.body_create(
            actor=manager,
            programme=programme,
            kind=kind,
            name=name,
            mandate=mandate,
            meeting_frequency=frequency,
            members=[people[m] for m in members],
            chair=people[members[0]],
            secretary=people["Petra Programma"] if kind == "stuurgroep" else None,
        )

    agreed_on = min(AGREED_ON, timezone.localdate())
    for kind, (text, owner) in AGREEMENTS.items():
        if Agreement.objects.filter(programme=programme, kind=kind).exists():
            continue
        values = {"owner": people[owner], "agreed_on": agreed_on} if owner else {}
        team_services.agreement_create(actor=manager, programme=programme, kind=kind, text=text, **values)


# Step 2: Voorbeeldstad's knowledge base ----------------------------------------------------------
#
# Four fictional sources and the experiences of three team members. No real people and no young
# people are named: places, groups and patterns only.

SOURCES: tuple[dict[str, Any], ...] = (
    {
        "title": "Jeugdcriminaliteit in Buurdorp 2020–2024",
        "author": "Onderzoeksbureau Regio Zuid (fictief)",
        "year": 2025,
        "municipality": "Buurdorp",
        "kind": "onderzoek",
        "url": "https://kennis.example/buurdorp-jeugdcriminaliteit",
        "summary": (
            "Trendanalyse van verdachten van 12 tot 23 jaar in de buurgemeente: minder "
            "vermogensdelicten, meer online oplichting en een kleine groep die steeds jonger begint."
        ),
        "focus_areas": ["buurt", "online", "gezin"],
        "themes": "trends, online oplichting, vroege start",
    },
    {
        "title": "Straatcoaches en jongerenwerk samen in de avond",
        "author": "Gemeente Havenveld (fictief)",
        "year": 2024,
        "municipality": "Havenveld",
        "kind": "praktijk",
        "url": "https://kennis.example/havenveld-straatcoaches",
        "summary": (
            "Praktijkvoorbeeld: jongerenwerk en straatcoaches lopen op vaste avonden samen door de "
            "wijk en verwijzen door naar sport en werk. Minder meldingen van overlast na een jaar."
        ),
        "focus_areas": ["buurt", "vrije_tijd"],
        "themes": "overlast, jongerenwerk, avond",
    },
    {
        "title": "Jeugdmonitor Voorbeeldstad: veiligheid en welzijn",
        "author": "Gemeente Voorbeeldstad, afdeling Onderzoek",
        "year": 2025,
        "municipality": "Voorbeeldstad",
        "kind": "enquete",
        "url": "https://kennis.example/voorbeeldstad-jeugdmonitor",
        "summary": (
            "Enquête onder leerlingen van het voortgezet onderwijs: een op de tien voelt zich "
            "onveilig op weg naar school; wapenbezit in de omgeving wordt vaker genoemd dan vorig jaar."
        ),
        "focus_areas": ["school", "buurt"],
        "themes": "veiligheidsgevoel, wapens, school",
    },
    {
        "title": "Schoolverzuim als vroeg signaal",
        "author": "Kenniscentrum Jeugd (fictief)",
        "year": 2023,
        "municipality": "",
        "kind": "onderzoek",
        "url": "https://kennis.example/schoolverzuim-signaal",
        "summary": (
            "Literatuuroverzicht over het verband tussen langdurig verzuim, voortijdig schoolverlaten "
            "en later contact met politie, met aanbevelingen voor samenwerking tussen school en wijkteam."
        ),
        "focus_areas": ["school", "gezin", "werk"],
        "themes": "verzuim, voortijdig schoolverlaten",
    },
)

EXPERIENCES = (
    (
        "teamlid@voorbeeldstad.example",
        "Winkelcentrum Noord",
        "jongeren 14–18",
        "Groepjes hangen na schooltijd bij de ingang; winkeliers melden vaker intimidatie.",
    ),
    (
        "kwartiermaker@voorbeeldstad.example",
        "Sportpark Oost",
        "jongeren 12–16",
        "Minder jongeren bij de avondtraining sinds de kantine dicht is; meer verveling op straat.",
    ),
    (
        "onderzoeker@voorbeeldstad.example",
        "Heel Voorbeeldstad, online",
        "jongeren 15–20",
        "Vaker berichten over snel geld verdienen via sociale media, soms met bankpassen van anderen.",
    ),
)


def _knowledge(programme: Programme, users: dict[str, User]) -> None:
    """Voorbeeldstad's knowledge base and the experiences of three team members."""
    researcher = users["onderzoeker@voorbeeldstad.example"]
    for spec in SOURCES:
        if programme.sources.filter(title=spec["title"]).exists():
            continue
        knowledge_services.source_create(actor=researcher, programme=programme, **spec)
    observed = min(dt.date(2026, 3, 1), timezone.localdate())
    for email, area, group, pattern in EXPERIENCES:
        author = users[email]
        if programme.experiences.filter(author=author, area=area).exists():
            continue
        knowledge_services.experience_create(
            actor=author, programme=programme, area=area, group=group, pattern=pattern, observed_on=observed
        )


# Official statistics: one dry run on the installation administrator's import pages ---------------


def _import_job(administrator: User, reference_year: int) -> None:
    """A dry run of the region list, queued like an upload on the import pages, so the list of
    recent imports and a job page with "Nu echt importeren" have something to show (idempotent)."""
    from django.core.files.base import ContentFile

    from koers.analysis import jobs
    from koers.analysis.models import ImportJob
    from koers.demo.statistics import region_list

    if ImportJob.objects.exists():
        return
    jobs.import_job_create(
        actor=administrator,
        kind="gebieden",
        parameters={"reference_year": reference_year},
        files=[("data", ContentFile(region_list(), name=f"gebieden-{reference_year}.csv"))],
        dry_run=True,
    )
