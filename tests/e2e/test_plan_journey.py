"""Steps 3 and 4 in a real browser: the programme manager adds a sub-project through the form,
opens it, gives it two actions with owners and due dates (the owners get the assignment e-mail),
fills a RACI row, then makes a plan version, submits it and records the steering group's
approval."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from koers.actions.models import Action
from koers.plan.models import FocusArea, SubProject
from koers.plandocs.models import PlanVersion
from tests import factories, plan_data

pytestmark = pytest.mark.django_db(transaction=True)

ACTIONS = (
    # title, owner, days from today
    ("Eerste avond met de straatcoaches op het Stationsplein", "Wim Wijkagent", 14),
    ("Afspraken met de winkeliers over melden van overlast", "Jolien Jongerenwerk", 30),
)


def dutch(text: str) -> str:
    """A message id as the Dutch page shows it."""
    with translation.override("nl"):
        return translation.gettext(text)


def submit(page, field: str) -> None:
    """Submit the form that holds the input named ``field`` with its first (main) button."""
    page.locator(f"form:has([name={field}]) button[type=submit]").first.click()


@pytest.fixture
def world(settings):
    """A programme with a team (kwartiermaker, two more people from three partners), a focus area,
    a finding with a goal answering it, and a steering group; no sub-projects yet."""
    settings.MFA_ENFORCE = False
    organisation = factories.OrganisationFactory(name="Gemeente Journeystad")
    programme = factories.ProgrammeFactory(
        organisation=organisation, name="Journeystad houdt jongeren uit de criminaliteit", active=True
    )
    manager = factories.member(
        programme, "programmamanager", email="petra@journeystad.example", full_name="Petra Programma"
    )
    partners = {
        "gemeente": plan_data.partner(manager, programme, "gemeente", "Gemeente Journeystad"),
        "politie": plan_data.partner(manager, programme, "politie", "Politie basisteam Journeystad"),
        "jongerenwerk": plan_data.partner(manager, programme, "jongerenwerk", "Jongerenwerk Journeystad"),
    }
    people = {
        name: factories.PersonFactory(programme=programme, partner=partners[key], full_name=name, email=email)
        for name, key, email in (
            ("Kim Kwartier", "gemeente", "kim@journeystad.example"),
            ("Wim Wijkagent", "politie", "wim@politie-journeystad.example"),
            ("Jolien Jongerenwerk", "jongerenwerk", "jolien@jongerenwerk-journeystad.example"),
        )
    }
    FocusArea.objects.create(programme=programme, key="buurt", name="Jongere in de buurt", order=1)
    finding = plan_data.finding(manager, programme)
    goal = plan_data.goal(manager, programme, findings=[finding])
    steering = factories.BodyFactory(programme=programme, stuurgroep=True)
    return {
        "programme": programme,
        "manager": manager,
        "people": people,
        "partners": partners,
        "goal": goal,
        "steering": steering,
    }


def test_manager_adds_a_subproject_with_actions_and_raci_and_gets_the_plan_approved(page, world, live_server):
    programme, manager, people = world["programme"], world["manager"], world["people"]
    base = f"/programmas/{programme.uuid}"

    page.goto("/account/login/")
    page.locator("input[name=login]").fill(manager.email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, "password")
    page.wait_for_url(re.compile(r"/programmas/"))

    # Step 3: add a sub-project through the form.
    page.goto(f"{base}/plan/deelprojecten/")
    page.locator(f"main a[href$='{base}/plan/deelprojecten/nieuw/']").first.click()
    page.locator("input[name=name]").fill("Stationsplein Samen")
    page.locator("textarea[name=description]").fill("Straatcoaches en jongerenwerk op vrijdagavond.")
    page.get_by_label("Jongere in de buurt").check()
    page.locator("select[name=kwartiermaker]").select_option(label="Kim Kwartier (Gemeente Journeystad)")
    page.get_by_label(world["goal"].title).check()
    for partner in ("Politie basisteam Journeystad", "Jongerenwerk Journeystad"):
        page.get_by_label(partner, exact=True).check()
    page.locator("textarea[name=activities]").fill("Vrijdagavond op het plein; gesprekken met groepen.")
    page.locator("textarea[name=outputs]").fill("40 avonden per jaar.")
    page.locator("textarea[name=outcomes]").fill("Minder overlast bij het station.")
    page.get_by_role("button", name=dutch("Add the sub-project")).click()

    subproject = SubProject.objects.get(programme=programme, name="Stationsplein Samen")
    detail = f"{base}/plan/deelprojecten/{subproject.uuid}/"
    page.wait_for_url(re.compile(re.escape(detail) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Stationsplein Samen")
    expect(page.locator(".koers-facts").first).to_contain_text("Kim Kwartier")
    assert subproject.kwartiermaker == people["Kim Kwartier"]
    assert set(subproject.partners.values_list("name", flat=True)) == {
        "Politie basisteam Journeystad",
        "Jongerenwerk Journeystad",
    }

    # The new sub-project is in the list; open it from there.
    page.goto(f"{base}/plan/deelprojecten/")
    page.get_by_role("link", name="Stationsplein Samen", exact=True).first.click()
    page.wait_for_url(re.compile(re.escape(detail) + "$"))

    # Step 4: from the sub-project to its actions, and add two with owners and due dates.
    today = timezone.localdate()
    for title, owner, days in ACTIONS:
        page.goto(detail)
        page.get_by_role("link", name=dutch("Actions of this sub-project")).click()
        page.wait_for_url(re.compile(rf"/afspraken/deelproject/{subproject.uuid}/$"))
        page.get_by_role("link", name=dutch("Add an action")).click()
        # The sub-project is chosen already.
        expect(page.locator("select[name=subproject] option:checked")).to_have_text("Stationsplein Samen")
        page.locator("input[name=title]").fill(title)
        page.locator("select[name=owner]").select_option(label=owner)
        page.locator("input[name=due_date]").fill((today + dt.timedelta(days=days)).isoformat())
        submit(page, "title")
        page.wait_for_url(re.compile(rf"{base}/afspraken/[0-9a-f-]+/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)

    page.goto(f"{base}/afspraken/deelproject/{subproject.uuid}/")
    for title, owner, _days in ACTIONS:
        row = page.locator("table tr", has=page.get_by_role("link", name=title))
        expect(row).to_contain_text(owner)
    actions = {a.title: a for a in Action.objects.filter(subproject=subproject).select_related("owner")}
    assert {t: (a.owner.full_name, a.due_date) for t, a in actions.items()} == {
        title: (owner, today + dt.timedelta(days=days)) for title, owner, days in ACTIONS
    }
    # Each owner got the e-mail that the action is theirs.
    for title, owner, _days in ACTIONS:
        assert any(m.to == [people[owner].email] and m.subject.endswith(title) for m in mail.outbox), (
            f"no assignment e-mail for {owner}"
        )

    # The RACI, from the sub-project page: the kwartiermaker accountable, the two owners responsible.
    page.goto(detail)
    page.get_by_role("link", name=dutch("RACI: who is responsible for what")).click()
    page.wait_for_url(re.compile(rf"/plan/deelprojecten/{subproject.uuid}/raci/$"))
    page.locator("input[name=activity]").fill("Avonden op het plein")
    page.locator(f"select[name=p{people['Kim Kwartier'].uuid}]").select_option("A")
    page.locator(f"select[name=p{people['Wim Wijkagent'].uuid}]").select_option("R")
    page.locator(f"select[name=p{people['Jolien Jongerenwerk'].uuid}]").select_option("R")
    submit(page, "activity")
    row = page.locator("table tr", has=page.get_by_role("rowheader", name=re.compile("Avonden op het plein")))
    expect(row).to_contain_text(dutch("valid"))
    # The columns that hold a letter: the team by name (Jolien, Kim, Wim), then the check.
    assert [c.strip() for c in row.locator("td").all_inner_texts()] == ["R", "A", "R", f"✓ {dutch('valid')}"]
    # Back to the sub-project from its RACI.
    page.get_by_role(
        "link",
        name=re.compile(
            re.escape(dutch("Back to the sub-project %(name)s") % {"name": "Stationsplein Samen"})
        ),
    ).click()
    page.wait_for_url(re.compile(re.escape(detail) + "$"))

    # A plan version: make it, submit it, record the steering group's approval.
    page.goto(f"{base}/plan/versies/")
    page.get_by_role("button", name=dutch("Make a new version")).click()
    page.wait_for_url(re.compile(rf"{base}/plan/versies/1/$"))
    facts = page.locator("dl").first
    expect(facts).to_contain_text(dutch("concept").capitalize())
    page.get_by_role("button", name=dutch("Submit for approval")).click()
    expect(page.locator("dl").first).to_contain_text(dutch("submitted").capitalize())
    page.locator("select[name=body]").select_option(str(world["steering"].pk))
    page.locator("input[name=approved_on]").fill(today.isoformat())
    page.get_by_role("button", name=dutch("Record the approval")).click()
    page.wait_for_url(re.compile(rf"{base}/plan/versies/1/$"))
    expect(page.locator("dl").first).to_contain_text(dutch("approved").capitalize())

    version = PlanVersion.objects.get(programme=programme, number=1)
    assert version.status == "vastgesteld" and version.approved_on == today
    assert version.approved_by == world["steering"].name
    held = next(s for s in version.snapshot["subprojects"] if s["name"] == "Stationsplein Samen")
    assert {a["title"] for a in held["actions"]} == {title for title, _o, _d in ACTIONS}
    assert held["raci"]
