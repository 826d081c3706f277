"""Step 6 in a real browser: the programme manager links a sub-project's indicator to an imported
official series (its measurements fill themselves), computes a difference-in-differences against
the comparison wijken, records the verdict on the evidence ladder with the decision to embed the
sub-project structurally, with an embedding plan and a follow-up action made in the same step.
The sub-project's status follows the decision."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from koers.actions.models import Action
from koers.evaluation.models import EffectEstimate, Verdict
from koers.indicators.models import Measurement
from koers.plan.models import SubProject
from tests import estimates_data, factories

pytestmark = pytest.mark.django_db(transaction=True)


def dutch(text: str) -> str:
    """A message id as the Dutch page shows it."""
    with translation.override("nl"):
        return translation.gettext(text)


def submit(page, field: str) -> None:
    """Submit the form that holds the input named ``field`` with its first (main) button."""
    page.locator(f"form:has([name={field}]) button[type=submit]").first.click()


def choose(page, name: str, text: str) -> None:
    """Choose the option of the select ``name`` whose text contains ``text``."""
    value = page.locator(f"select[name={name}] option", has_text=text).first.get_attribute("value")
    page.locator(f"select[name={name}]").select_option(value)


def tick(page, name: str, text: str) -> None:
    """Tick the checkbox or radio ``name`` whose label contains ``text``."""
    page.locator(f"label:has(input[name={name}])", has_text=text).first.locator("input").check()


@pytest.fixture
def world(settings):
    """Schatstad's wijken with yearly counts 2016-2025 (two wijken where the sub-project works, three
    to compare with), a sub-project that started on 1 January 2021 with an evaluation plan comparing
    with those three, an indicator not yet linked to the series, and a person to own the follow-up."""
    settings.MFA_ENFORCE = False
    organisation = factories.OrganisationFactory(
        name="Gemeente Schatstad", cbs_code="GM9902", cbs_reference_year=2024
    )
    programme = factories.ProgrammeFactory(
        organisation=organisation,
        name="Schatstad houdt jongeren uit de criminaliteit",
        active=True,
        start_date=dt.date(2020, 1, 1),
    )
    manager = factories.member(
        programme, "programmamanager", email="petra@schatstad.example", full_name="Petra Programma"
    )
    data = estimates_data.build()
    subproject, plan, indicator = estimates_data.plan(programme, manager, data, linked=False)
    indicator.baseline_value = 70
    indicator.baseline_period = "2020"
    indicator.target_value = 55
    indicator.save()
    owner = factories.PersonFactory(programme=programme, full_name="Jolien Jongerenwerk")
    return {
        "programme": programme,
        "subproject": subproject,
        "plan": plan,
        "indicator": indicator,
        "data": data,
        "owner": owner,
    }


def test_link_an_indicator_run_the_did_record_the_verdict_and_embed(page, world, live_server):
    programme, subproject, indicator = world["programme"], world["subproject"], world["indicator"]
    treated = world["data"]["areas"]["WK990201"]
    base = f"/programmas/{programme.uuid}"

    page.goto("/account/login/")
    page.locator("input[name=login]").fill("petra@schatstad.example")
    page.locator("input[name=password]").fill(factories.PASSWORD)
    submit(page, "password")
    expect(page).not_to_have_url(re.compile("/login/"))

    # 1. Link the indicator to the official series of the first wijk of the sub-project.
    page.goto(f"{base}/indicatoren/{indicator.uuid}/bewerken/")
    choose(page, "area", treated.name)
    choose(page, "measure", world["data"]["measure"].title)
    submit(page, "name")
    expect(page.locator(".utrecht-alert, [role=status]").first).to_be_visible()
    measured = Measurement.objects.filter(indicator=indicator, from_series=True)
    assert measured.count() == len(estimates_data.YEARS)  # the series filled the measurements
    assert measured.get(period="2025").value == estimates_data.YEARLY["WK990201"][-1]

    # 2. Compute the difference-in-differences (panel) against the comparison wijken.
    page.goto(f"{base}/evaluatie/{subproject.uuid}/")
    choose(page, "indicator", indicator.name)
    page.locator("select[name=method]").select_option("did_panel")
    submit(page, "method")
    estimate = EffectEstimate.objects.get(plan=world["plan"])
    assert estimate.method == "did_panel" and not estimate.declined and estimate.reliable
    assert estimate.result["effect"] < 0  # the own wijken fell after the start, the others did not
    page.goto(f"{base}/evaluatie/{subproject.uuid}/effecten/{estimate.uuid}/")
    expect(page.locator("h1")).to_contain_text("verschil-in-verschillen", ignore_case=True)
    expect(page.locator("svg[role=img]").first).to_be_visible()  # the pre-trend picture

    # 3. Record the verdict and the decision to embed, with the embedding plan and a follow-up.
    page.goto(f"{base}/evaluatie/{subproject.uuid}/oordeel/nieuw/")
    page.locator("input[name=conclusion][value=veelbelovend]").check()
    page.locator("select[name=evidence_level]").select_option("effectief_eerste")
    page.locator("textarea[name=reasoning]").fill(
        "De inbraken daalden in de eigen wijken en niet in de vergelijkingswijken; de trends liepen "
        "vooraf gelijk op."
    )
    page.locator("input[name=estimates]").first.check()
    page.locator("input[name=decision][value=inbedden]").check()
    page.locator("input[name=organisation_name]").fill("Stichting Buurtpreventie Schatstad")
    page.locator("input[name=funding_amount]").fill("30000")
    page.locator("input[name=funding_source]").fill("Gemeentebegroting, programma Veiligheid")
    page.locator("input[name=funding_from]").fill("2027-01-01")
    tick(page, "areas", treated.name)  # the sub-project's wijken are ticked already
    page.locator("textarea[name=conditions]").fill("Jaarlijks een verslag aan de gemeenteraad.")
    page.locator("input[name=title_1]").fill("Subsidiebeschikking 2027 opstellen")
    choose(page, "owner_1", "Jolien Jongerenwerk")
    page.locator("input[name=due_date_1]").fill("2026-12-15")
    submit(page, "reasoning")
    expect(page).to_have_url(re.compile(rf"/evaluatie/{subproject.uuid}/$"))

    verdict = Verdict.objects.get(plan=world["plan"])
    assert (verdict.conclusion, verdict.evidence_level, verdict.decision) == (
        "veelbelovend",
        "effectief_eerste",
        "inbedden",
    )
    assert list(verdict.estimates.all()) == [estimate]
    assert verdict.embedding.organisation_name == "Stichting Buurtpreventie Schatstad"
    assert set(verdict.embedding.areas.all()) == set(subproject.areas.all())
    action = Action.objects.get(verdict=verdict)
    assert (action.title, action.origin, action.owner_id) == (
        "Subsidiebeschikking 2027 opstellen",
        "evaluatie",
        world["owner"].pk,
    )
    assert SubProject.objects.get(pk=subproject.pk).status == "ingebed"
    expect(page.locator("main")).to_contain_text("Stichting Buurtpreventie Schatstad")
