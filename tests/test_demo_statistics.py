"""The demo's official figures for Voorbeeldstad: fictional numbers in the real published formats,
imported through the real services, idempotent, and shown on the figure pages."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from koers.analysis import parsers, selectors
from koers.analysis.models import Area, AreaGeometry, Dataset, DatasetKind, Observation, Population
from koers.audit.models import AuditEvent
from koers.demo import statistics
from koers.demo.content import DEMO_PASSWORD
from koers.programmes.models import Programme
from koers.programmes.navigator import evaluate

pytestmark = pytest.mark.usefixtures("no_mfa")


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("demo", no_serve=True, accounts=tmp_path / "a.json", stdout=io.StringIO())
    return tmp_path


@pytest.fixture
def browser(demo):
    client = Client()
    client.login(email="programmamanager@voorbeeldstad.example", password=DEMO_PASSWORD)
    return client


@pytest.fixture
def programme(demo):
    return Programme.objects.get(organisation__name__startswith="Gemeente Voorbeeldstad")


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Area, Dataset, Observation, Population, AreaGeometry, AuditEvent)
    }


def test_the_files_are_in_the_published_formats():
    areas = parsers.parse_areas(statistics.region_list())
    assert {a.level for a in areas} == {"land", "gemeente", "wijk", "buurt"}
    assert sum(a.level == "wijk" for a in areas) == 5
    assert sum(a.level == "buurt" for a in areas) == 20
    crime = parsers.parse_code_list(statistics.code_list(statistics.CRIME_CODES), dimension="SoortMisdrijf")
    assert crime.classification == "politie"
    assert crime.by_code()["0.0.0"].kind == "totaal"
    nuisance = parsers.parse_code_list(
        statistics.code_list(statistics.NUISANCE_CODES), dimension="SoortOverlast"
    )
    assert nuisance.classification == "politie_overlast"
    assert statistics.kerncijfers(2024).startswith("\ufeff".encode())
    assert json.loads(statistics.outlines())["crs"]["properties"]["name"].endswith("CRS84")


def test_the_demo_imports_figures_once(demo):
    first = counts()
    assert first["Area"] == 27  # NL00, GM9901, 5 wijken, 20 buurten
    assert first["Population"] == 27 * 6
    assert first["AreaGeometry"] == 25
    assert Dataset.objects.filter(kind=DatasetKind.POPULATION).count() == 6
    call_command("demo", no_serve=True, accounts=demo / "a.json", stdout=io.StringIO())
    assert counts() == first


def test_the_demo_meets_the_data_milestones(programme):
    results = {r.milestone.key: r for r in evaluate(programme).steps[1].results}
    assert results["analysis.official_figures"].met
    assert results["analysis.population"].met


def test_the_demo_tells_its_story(programme):
    municipality = selectors.municipality_area(programme.organisation)
    youth = selectors.youth_figures(municipality)
    [e35] = [f for f in youth if f.measure.code == "E35"]
    rows = e35.trend[0].rows
    assert rows[-1].count.value > rows[0].count.value * Decimal("1.4")  # youth nuisance rises
    noord = next(d for d in e35.districts if d.area.name.endswith("Noord"))
    assert noord.rate.value == max(d.rate.value for d in e35.districts if d.rate.value is not None)


def test_the_demo_figure_pages_show_figures(browser, programme):
    base = {"programme_uuid": programme.uuid}
    trend = browser.get(reverse("analysis_trend", kwargs=base))
    assert trend.status_code == 200
    assert 'role="img"' in trend.content.decode()
    assert trend.context["series"][0].rows[-1].count.value > 1000
    comparison = browser.get(reverse("analysis_comparison", kwargs=base) + "?niveau=buurten")
    html = comparison.content.decode()
    assert html.count('role="img"') == 2  # bar chart and map
    assert comparison.context["result"].country is not None
    assert any(r.rate.suppressed for r in comparison.context["ranking"])  # the harbour area
    youth = browser.get(reverse("analysis_youth", kwargs=base))
    assert "Melding overlast jeugd" in youth.content.decode()
