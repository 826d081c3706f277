"""Running a meeting in a real browser: the programme manager plans a stuurgroep meeting, prepares
the agenda from Koers's suggestions, sends it (with a calendar invitation), holds the meeting,
records attendance and minutes, takes a decision and turns it into an action with an owner, and
approves the minutes, after which the meeting is read-only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from koers.actions import services as action_services
from koers.actions.models import Action
from koers.meetings.models import Meeting
from koers.teams import services as team_services
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def dutch(text: str) -> str:
    with translation.override("nl"):
        return translation.gettext(text)


def test_manager_runs_a_meeting_from_agenda_to_approved_minutes(page, settings, live_server):
    settings.MFA_ENFORCE = False
    settings.SITE_URL = live_server.url
    organisation = factories.OrganisationFactory(name="Gemeente Journeystad")
    programme = factories.ProgrammeFactory(organisation=organisation, name="Journeystad aanpak", active=True)
    manager = factories.member(
        programme, "programmamanager", email="petra@journeystad.example", full_name="Petra Programma"
    )
    police = factories.PartnerOrganisationFactory(
        organisation=organisation, name="Politie Journeystad", kind="politie"
    )
    petra = team_services.person_create(
        actor=manager, programme=programme, full_name="Petra Programma", email=manager.email
    )
    wim = team_services.person_create(
        actor=manager,
        programme=programme,
        full_name="Wim Wijkagent",
        partner=police,
        email="wim@politie.example",
    )
    team_services.body_create(
        actor=manager,
        programme=programme,
        kind="stuurgroep",
        name="Stuurgroep Journeystad",
        members=[petra, wim],
        chair=petra,
    )
    today = timezone.localdate()
    overdue = action_services.action_create(
        actor=manager,
        programme=programme,
        today=today - dt.timedelta(days=30),
        title="Verlichting in het park verbeteren",
        owner=wim,
        due_date=today - dt.timedelta(days=4),
        notify=False,
    )

    page.goto("/account/login/")
    page.locator("input[name=login]").fill(manager.email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.locator("form:has([name=password]) button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/programmas/"))

    # Plan the meeting; its participants are the stuurgroep's members.
    base = f"/programmas/{programme.uuid}/overleggen"
    page.goto(f"{base}/")
    page.get_by_role("link", name=dutch("Plan a meeting")).click()
    page.locator("select[name=body]").select_option(label="Stuurgroep Journeystad")
    starts = timezone.localtime() + dt.timedelta(days=3)
    page.locator("input[name=starts_at]").fill(starts.strftime("%Y-%m-%dT19:30"))
    page.locator("input[name=ends_at]").fill(starts.strftime("%Y-%m-%dT21:00"))
    page.locator("input[name=location]").fill("Stadhuis, kamer 2.14")
    page.get_by_role("button", name=dutch("Plan the meeting")).click()
    page.wait_for_url(re.compile(rf"{base}/[0-9a-f-]+/$"))
    meeting = Meeting.objects.get()
    expect(page.locator("#aanwezigheid + ul")).to_contain_text("Wim Wijkagent")

    # Prepare the agenda from the suggestions: the overdue action is proposed; add it.
    suggestion = page.locator("#suggestions li", has_text=overdue.title)
    expect(suggestion).to_contain_text(dutch("overdue action"))
    suggestion.get_by_role("button").click()
    agenda = page.locator("section:has(#agenda) table")
    expect(agenda).to_contain_text(overdue.title)
    expect(page.locator("#suggestions li", has_text=overdue.title)).to_have_count(0)
    page.get_by_role("link", name=dutch("Add an agenda item")).click()
    page.locator("input[name=title]").fill("Voortgang straatcoaches")
    page.locator("input[name=minutes_allotted]").fill("20")
    page.get_by_role("button", name=dutch("Add the item")).click()
    expect(agenda).to_contain_text("Voortgang straatcoaches")

    # Send the agenda: everyone gets an e-mail with a calendar invitation.
    page.get_by_role("button", name=dutch("Send the agenda to the participants")).click()
    expect(page.locator("[aria-current=step]")).to_contain_text(dutch("agenda sent").capitalize())
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([manager.email, "wim@politie.example"])
    assert all(m.attachments and m.attachments[0][0].endswith(".ics") for m in mail.outbox)

    # The meeting day arrives: mark it held and record who attended.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    page.reload()
    page.get_by_role("button", name=dutch("Mark the meeting as held")).click()
    expect(page.locator("[aria-current=step]")).to_contain_text(dutch("held").capitalize())
    page.get_by_role("link", name=dutch("Record attendance")).click()
    page.locator(f"input[name=person_{petra.uuid}][value=aanwezig]").check()
    page.locator(f"input[name=person_{wim.uuid}][value=afgemeld]").check()
    page.get_by_role("button", name=dutch("Save the attendance")).click()
    attendance = page.locator("#aanwezigheid + ul")
    expect(attendance.locator("li", has_text="Petra Programma")).to_contain_text(dutch("present"))
    expect(attendance.locator("li", has_text="Wim Wijkagent")).to_contain_text(dutch("excused"))

    # Write the minutes.
    page.get_by_role("link", name=dutch("Write the minutes")).click()
    item = meeting.agenda_items.get(title="Voortgang straatcoaches")
    page.locator("textarea[name=general_notes]").fill("De voorzitter opent het overleg.")
    page.locator(f"textarea[name=minutes_{item.uuid}]").fill("De straatcoaches zijn goed begonnen.")
    page.get_by_role("button", name=dutch("Save the minutes")).click()
    expect(page.locator("section:has(#verslag)")).to_contain_text("De straatcoaches zijn goed begonnen.")

    # Take a decision on the item and turn it into an action with an owner.
    page.get_by_role("link", name=dutch("Record a decision")).click()
    page.locator("select[name=agenda_item]").select_option(value=str(item.uuid))
    page.locator("textarea[name=text]").fill("De stuurgroep verlengt de inzet van de straatcoaches.")
    page.get_by_role("button", name=dutch("Record the decision")).click()
    expect(page.locator("h1")).to_contain_text("1")
    page.get_by_role("link", name=dutch("Turn into actions")).click()
    due = today + dt.timedelta(days=21)
    page.locator("input[name=title_1]").fill("Opdracht straatcoaches verlengen")
    page.locator("select[name=owner_1]").select_option(value=str(wim.uuid))
    page.locator("input[name=due_date_1]").fill(due.isoformat())
    page.get_by_role("button", name=dutch("Make the actions")).click()
    actions = page.locator("section:has(#actions-heading) table")
    expect(actions).to_contain_text("Opdracht straatcoaches verlengen")
    expect(actions).to_contain_text("Wim Wijkagent")
    expect(actions).to_contain_text("Politie Journeystad")

    # Approve the minutes: from then on the meeting is read-only.
    page.goto(f"{base}/{meeting.uuid}/")
    expect(page.locator("section:has(#besluiten)")).to_contain_text("Opdracht straatcoaches verlengen")
    page.get_by_role("button", name=dutch("Set the minutes to concept")).click()
    page.get_by_role("button", name=dutch("Approve the minutes")).click()
    expect(page.locator("[aria-current=step]")).to_contain_text(dutch("minutes approved").capitalize())
    expect(
        page.get_by_text(dutch("The minutes are approved: this meeting can no longer be changed."))
    ).to_be_visible()
    expect(page.get_by_role("link", name=dutch("Write the minutes"))).to_have_count(0)
    expect(page.get_by_role("link", name=dutch("Edit the meeting"))).to_have_count(0)

    action = Action.objects.get(title="Opdracht straatcoaches verlengen")
    assert action.owner == wim and action.organisation.name == "Politie Journeystad"
    assert action.decision.number == 1 and action.decision.meeting == meeting
    assert action.due_date == due and action.origin == "overlegbesluit"
    meeting.refresh_from_db()
    assert meeting.status == "verslag_vastgesteld" and meeting.minutes_approved_by == manager
