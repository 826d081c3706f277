"""The demo's fictional content, created idempotently: running it twice changes nothing.

Every step of the step plan adds its own part here, on top of the organisations, accounts and
programmes below. All names are fictional; e-mail addresses use the reserved ``.example`` domain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from koers.accounts.models import User
from koers.accounts.services import confirm_email
from koers.organisations.models import Membership, Organisation, OrganisationRole
from koers.programmes import services as programme_services
from koers.programmes.models import Invitation, Programme, ProgrammeMembership, ProgrammeRole

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
    return list(ACCOUNTS)
