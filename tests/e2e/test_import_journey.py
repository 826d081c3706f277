"""Importing official statistics in a real browser: the installation administrator imports the
region list (a dry run first, then for real), uploads a bulk CSV whose code list lacks a code, reads
the problem with its row and column, uploads the corrected code list and sees the dataset in the
overview. The task backend of the tests runs each import as soon as it is queued."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from koers.analysis import jobs
from koers.analysis.models import Area, Dataset, ImportJob, Observation
from tests import analysis_formats as formats
from tests import factories
from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers"


def dutch(text: str) -> str:
    with translation.override("nl"):
        return translation.gettext(text)


def csv_file(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "text/csv", "buffer": content}


def submit(page, field: str) -> None:
    with page.expect_navigation():
        page.locator(f"main form:has([name={field}]) button[type=submit]").first.click()


def open_form(page, kind_label: str) -> None:
    """Follow the overview's link to the form of one kind of import."""
    links = page.locator("section[aria-labelledby=import-heading]")
    links.get_by_role("link", name=capfirst(dutch(kind_label)), exact=True).click()


def upload_bulk(page, code_list: bytes) -> None:
    page.goto("/installatie/statistieken/")
    open_form(page, "bulk CSV with code lists")
    page.locator("input[name=file]").set_input_files(csv_file("47018NED.csv", formats.bulk()))
    page.locator("input[name=code_lists]").set_input_files(csv_file("SoortMisdrijf.csv", code_list))
    page.locator("input[name=source]").fill("Politie")
    page.locator("input[name=table_id]").fill("47018NED")
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=licence]").fill("CC BY 4.0")
    page.locator("input[name=downloaded_on]").fill("2024-09-01")
    expect(page.locator("input[name=dry_run]")).to_be_checked()
    submit(page, "file")


def test_import_fix_the_reported_error_and_import_again(page, settings):
    settings.MFA_ENFORCE = False
    admin = factories.UserFactory(superuser=True, email="installatie@koers.example")
    login(page, admin.email, factories.PASSWORD)

    # The installation menu leads to the official statistics.
    page.goto("/installatie/organisaties/")
    page.get_by_role("link", name=dutch("Official statistics")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(dutch("Official statistics"))

    # The region list: a dry run first, then for real.
    open_form(page, "region list")
    page.locator("input[name=file]").set_input_files(csv_file("gebieden.csv", formats.region_list()))
    page.locator("input[name=reference_year]").fill("2024")
    submit(page, "file")
    expect(
        page.get_by_text(dutch("The file is valid. This was a dry run: nothing has been written yet."))
    ).to_be_visible()
    assert Area.objects.count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Nu echt importeren").click()
    expect(page.get_by_text(dutch("The import is done."))).to_be_visible()
    assert Area.objects.count() == 10

    # A bulk CSV whose code list lacks 1.1.1: refused, with the row and column named.
    without = [row for row in formats.POLICE_CODES if not row[0].startswith("1.1.1")]
    upload_bulk(page, formats.code_list(without))
    problems = page.locator("main table").filter(has_text="SoortMisdrijf")
    expect(problems).to_be_visible()
    first = problems.locator("tbody tr").first
    expect(first.locator("td").nth(0)).to_have_text("3")
    expect(first.locator("td").nth(1)).to_have_text("SoortMisdrijf")
    expect(first.locator("td").nth(2)).to_contain_text("1.1.1")
    assert not Observation.objects.exists()

    # The corrected code list: the dry run passes, and the real import writes the figures.
    page.get_by_role("link", name=dutch("Upload a corrected file")).click()
    page.wait_for_url(re.compile(r"/importeren/bulk/$"))
    upload_bulk(page, formats.code_list())
    expect(
        page.get_by_text(dutch("The file is valid. This was a dry run: nothing has been written yet."))
    ).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Nu echt importeren").click()
    expect(page.get_by_text(dutch("The import is done."))).to_be_visible()
    assert Observation.objects.count() == 7
    assert ImportJob.objects.filter(dry_run=False, status="klaar").count() == 2

    # The overview lists the dataset with its figures.
    page.get_by_role("link", name=dutch("Back to the official statistics")).click()
    row = page.locator("section[aria-labelledby=datasets-heading] tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text("47018NED")
    expect(row).to_contain_text("CC BY 4.0")
    expect(row.locator("td").last).to_have_text("7")
    assert Dataset.objects.get().title == TITLE


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_the_job_page_follows_a_running_import_by_itself(browser, live_server, settings, javascript):
    """While the task works, the page shows its progress without the user reloading: htmx asks for
    the status every second, and without JavaScript the page refreshes itself until the job ends."""
    settings.MFA_ENFORCE = False
    admin = factories.UserFactory(superuser=True)
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, admin.email, factories.PASSWORD)
    job = ImportJob.objects.create(kind="bulk", status="bezig", dry_run=False, created_by=admin)
    report = jobs.progress_hook(job)
    report("Regels controleren", 250, 1000)
    page.goto(f"/installatie/statistieken/importen/{job.uuid}/")
    expect(page.locator("progress")).to_have_attribute("value", "25")

    report("Cijfers opslaan", 750, 1000)
    expect(page.locator("progress")).to_have_attribute("value", "75")
    expect(page.get_by_text("750 van 1000 rijen", exact=False)).to_be_visible()

    ImportJob.objects.filter(pk=job.pk).update(
        status="klaar", progress=1000, total=1000, result={"added": 1000, "changed": 0, "unchanged": 0}
    )
    expect(page.get_by_text(dutch("The import is done."))).to_be_visible()
    expect(page.locator("progress")).to_have_count(0)
    context.close()
