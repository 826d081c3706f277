"""Setting up the team in a real browser: the programme manager adds partner organisations and
people through the pages, sees in the integrality check that education is missing, with Koers's
suggestion, and sees the gap disappear once a school and one of its teachers join."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from koers.audit.models import AuditEvent
from koers.teams.models import PartnerOrganisation, Person
from koers.teams.reference import GROUP_SUGGESTIONS, CoreGroup, Domain
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

STARTING_TEAM = (
    # partner organisation, partner type (as listed), person, function, role in the team
    ("Gemeente Journeystad", "Gemeente", "Petra Programma", "Programmamanager", "Voorzitter projectteam"),
    ("Politie basisteam Journeystad", "Politie", "Wim Wijkagent", "Wijkagent", "Lid projectteam"),
    ("Jongerenwerk Journeystad", "Jongerenwerk", "Jolien Jongerenwerk", "Jongerenwerker", "Lid projectteam"),
)
SCHOOL = ("Basisschool De Kompas", "Basisschool", "Fatima Ouali", "Directeur", "Lid werkgroep school")


def dutch(text) -> str:
    """``text`` (a message id or a lazy translation) as the Dutch page shows it."""
    with translation.override("nl"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def submit(page, field: str) -> None:
    """Submit the form that holds the input named ``field`` with its first (main) button."""
    page.locator(f"form:has([name={field}]) button[type=submit]").first.click()


def add_partner(page, programme, name: str, type_label: str) -> None:
    page.goto(f"/programmas/{programme.uuid}/team/partners/")
    page.locator("main a[href*='/partners/nieuw/']").click()
    page.locator("input[name=name]").fill(name)
    page.locator("select[name=partner_type]").select_option(label=type_label)
    submit(page, "partner_type")
    # Back on the programme's partner page (the link carried it as the page to return to).
    page.wait_for_url(re.compile(rf"/programmas/{programme.uuid}/team/partners/$"))


def add_person(page, programme, partner: str, name: str, function: str, role: str, email: str = "") -> None:
    page.goto(f"/programmas/{programme.uuid}/team/")
    page.locator(f"main a[href$='/programmas/{programme.uuid}/team/mensen/nieuw/']").first.click()
    page.locator("input[name=full_name]").fill(name)
    page.locator("select[name=partner]").select_option(label=partner)
    page.locator("input[name=function]").fill(function)
    page.locator("input[name=email]").fill(email)
    page.locator("[name=team_role]").fill(role)
    page.locator("textarea[name=view_on_problem]").fill(
        f"Ziet vanuit {partner} wat er speelt en brengt het eigen netwerk mee."
    )
    submit(page, "full_name")
    page.wait_for_url(re.compile(rf"/programmas/{programme.uuid}/team/$"))
    # The new person is in the who's-who table, with a link to their record.
    expect(page.locator("#koers-people").get_by_role("link", name=name, exact=True)).to_be_visible()


def check_row(page, table_caption: str, label: str):
    """The row of the integrality matrix headed ``label``."""
    table = page.locator("#integraliteit table", has=page.locator("caption", has_text=table_caption))
    return table.locator("tr", has=page.get_by_role("rowheader", name=capfirst(label), exact=True))


def test_manager_sets_up_the_team_and_sees_the_education_gap_close_when_a_school_joins(
    page, settings, live_server
):
    settings.MFA_ENFORCE = False
    organisation = factories.OrganisationFactory(name="Gemeente Journeystad")
    programme = factories.ProgrammeFactory(
        organisation=organisation, name="Journeystad houdt jongeren uit de criminaliteit", active=True
    )
    manager = factories.member(
        programme, "programmamanager", email="petra@journeystad.example", full_name="Petra Programma"
    )

    page.goto("/account/login/")
    page.locator("input[name=login]").fill(manager.email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, "password")
    page.wait_for_url(re.compile(r"/programmas/"))

    # Partners and people of the starting team, through the pages.
    for partner, type_label, name, function, role in STARTING_TEAM:
        add_partner(page, programme, partner, type_label)
        # The manager's own record gets her account's e-mail address, so Koers links the two.
        email = manager.email if name == manager.full_name else ""
        add_person(page, programme, partner, name, function, role, email)

    # The integrality check lists education as a missing core partner, with its suggestion.
    education = dutch(CoreGroup.ONDERWIJS.label)
    suggestion = dutch(GROUP_SUGGESTIONS[CoreGroup.ONDERWIJS])
    captions = {"groups": dutch("Core partners in the team"), "domains": dutch("Domains the team works in")}
    page.goto(f"/programmas/{programme.uuid}/team/")
    row = check_row(page, captions["groups"], education)
    expect(row).to_contain_text(dutch("missing"))
    expect(row).to_contain_text(suggestion)
    expect(check_row(page, captions["domains"], dutch(Domain.ONDERWIJS.label))).to_contain_text(
        dutch("missing")
    )
    # The partners that are in the team are shown as covering their core partner.
    expect(check_row(page, captions["groups"], dutch(CoreGroup.POLITIE.label))).to_contain_text(
        "Politie basisteam Journeystad"
    )

    # A primary school joins, with its director.
    partner, type_label, name, function, role = SCHOOL
    add_partner(page, programme, partner, type_label)
    add_person(page, programme, partner, name, function, role)

    page.goto(f"/programmas/{programme.uuid}/team/")
    row = check_row(page, captions["groups"], education)
    expect(row).to_contain_text(dutch("covered"))
    expect(row).to_contain_text("Basisschool De Kompas")
    expect(row).not_to_contain_text(suggestion)
    expect(check_row(page, captions["domains"], dutch(Domain.ONDERWIJS.label))).to_contain_text(
        "Basisschool De Kompas"
    )

    # Everything went through the services, with the manager in the audit trail.
    assert PartnerOrganisation.objects.filter(organisation=organisation).count() == 4
    people = Person.objects.filter(programme=programme)
    assert sorted(people.values_list("full_name", flat=True)) == sorted(
        [row[2] for row in STARTING_TEAM] + [SCHOOL[2]]
    )
    assert people.get(full_name="Petra Programma").user == manager
    assert AuditEvent.objects.filter(action="person.create", actor=manager).count() == 4
