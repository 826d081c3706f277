"""The official figures of step 2: honest numbers (suppression, rates, references), the charts
drawn on the server, the three pages and the two milestones."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from koers.analysis import charts, selectors
from koers.analysis.milestones import official_figures, population_figures
from koers.analysis.models import Classification, Measure, MeasureKind, Observation, Population
from koers.programmes.navigator import ProgrammeFacts
from tests import figures_world
from tests.figures_world import TOPIC

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.MFA_ENFORCE = False


@pytest.fixture
def world(programme):
    return figures_world.build(programme.organisation)


def url(name, programme, **params):
    path = reverse(name, kwargs={"programme_uuid": programme.uuid})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


# Honest numbers ----------------------------------------------------------------------------------


def test_counts_below_the_threshold_are_suppressed_and_not_plottable(settings):
    assert selectors.count_cell(Decimal(4), "") == selectors.Cell(None, "< 5", suppressed=True)
    assert selectors.count_cell(Decimal(0), "").suppressed
    shown = selectors.count_cell(Decimal(1234), "")
    assert (shown.value, shown.suppressed) == (Decimal(1234), False)
    assert selectors.count_cell(None, "unknown").text == "."
    assert selectors.count_cell(None, "empty").missing
    assert not selectors.count_cell(Decimal("2.5"), "", is_count=False).suppressed  # a rate, not a count
    settings.SUPPRESS_BELOW = 10
    assert selectors.count_cell(Decimal(9), "").text == "< 10"


def test_rates_need_a_shown_count_and_enough_inhabitants(settings):
    count = selectors.count_cell(Decimal(30), "")
    assert selectors.rate_cell(count, 3000).value == Decimal("10.0")
    assert selectors.rate_cell(count, 150).suppressed  # fewer than 200 inhabitants
    assert selectors.rate_cell(count, None).missing
    assert selectors.rate_cell(selectors.count_cell(Decimal(3), ""), 5000).suppressed
    settings.RATE_MIN_INHABITANTS = 100
    assert selectors.rate_cell(count, 150).value == Decimal("200.0")


def test_topic_labels_and_rate_topics():
    assert (
        selectors.topic_label("GeregistreerdeMisdrijvenPer1000Inw_3")
        == "Geregistreerde misdrijven per 1000 inw"
    )
    assert selectors.is_count_topic(TOPIC)
    assert not selectors.is_count_topic("GeregistreerdeMisdrijvenPer1000Inw_3")


def test_trend_gives_counts_and_rates_per_year(world):
    [series] = selectors.trend(area=world.municipality, measure=world.total, topic=TOPIC)
    assert series.dataset == world.police
    assert series.years == [2017, 2018, 2019]
    latest = series.rows[-1]
    assert latest.count.value == Decimal(1500)
    assert (latest.inhabitants, latest.population_year) == (40_000, 2019)
    assert latest.rate.value == Decimal("37.5")
    assert series.rows[0].population_year == 2019  # the nearest year with a population


def test_comparison_ranks_by_rate_with_suppressed_areas_last_and_references(world):
    result = selectors.comparison(
        municipality=world.municipality, level="buurt", measure=world.total, topic=TOPIC
    )
    assert result.year == 2019
    assert result.years == [2019, 2018, 2017]
    ranking = [(row.area.code, row.rate.text) for row in result.ranking]
    # Akkers 760/24,850 = 30.6; Molenwijk 600/15,000 = 40.0; Haventje 3 → "< 5", and 150 inhabitants
    assert ranking == [("BU91230000", "40,0"), ("BU91230100", "30,6"), ("BU91230001", "< 5")]
    assert result.rows[1].count.suppressed
    assert result.municipality.rate.value == Decimal("37.5")
    assert result.country.rate.value == Decimal("44.9")  # 800,000 / 17.8 million
    assert result.dataset == world.police
    assert result.population_datasets == [world.cbs]
    assert result.outlines


def test_comparison_of_an_earlier_year_and_of_wijken(world):
    result = selectors.comparison(
        municipality=world.municipality, level="wijk", measure=world.total, topic=TOPIC, year=2017
    )
    assert result.year == 2017
    assert [row.area.name for row in result.ranking] == ["Noord", "Zuid"]  # 680/15,150 > 740/24,850


@translation.override("en")
def test_notes_name_the_dataset_and_the_caveats_of_its_source(world):
    [police, cbs] = selectors.dataset_notes([world.police, world.cbs, world.police], [2017, 2019])
    assert police.dataset == world.police
    assert any("sex offences" in note for note in police.notes)
    assert any("2018" in note for note in police.notes)
    assert any("multiples of 5" in note for note in cbs.notes)
    [later] = selectors.dataset_notes([world.police], [2019, 2020])
    assert not any("2018" in note for note in later.notes)


def test_youth_figures_find_the_police_youth_nuisance_code(world):
    assert selectors.youth_figures(world.municipality) == []
    nuisance = Measure.objects.create(
        classification=Classification.POLICE_NUISANCE,
        code="E35",
        title="Melding overlast jeugd",
        kind="detail",
    )
    Observation.objects.bulk_create(
        Observation(
            dataset=world.police,
            area=area,
            measure=nuisance,
            topic="Registraties_1",
            period="2019JJ00",
            year=2019,
            value=Decimal(value),
        )
        for area, value in [(world.municipality, 90), (world.wijken[0], 80), (world.wijken[1], 3)]
    )
    [figure] = selectors.youth_figures(world.municipality)
    assert figure.measure == nuisance
    assert [row.count.value for row in figure.trend[0].rows] == [Decimal(90)]
    noord, zuid = figure.districts
    assert noord.rate.value == Decimal("42.3")  # 80 per 1,893 young people (15,150 / 8)
    assert zuid.count.suppressed


# Charts ------------------------------------------------------------------------------------------


def assert_accessible_svg(svg: str, title: str) -> None:
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert f'aria-label="{title}"' in svg
    assert f"<title>{title}</title>" in svg
    assert not re.search(r"<script|\sstyle=|\son[a-z]+=", svg)
    assert svg.count('role="') == 1  # the inner roles of Vega are removed


def test_the_three_charts_are_accessible_svg_without_scripts_or_styles():
    trend = charts.trend_chart(
        [{"period": "2019", "value": 10}, {"period": "2020", "value": None}, {"period": "2021", "value": 12}],
        title="Straatroof & meer",
        unit="aantal",
    )
    assert_accessible_svg(trend, "Straatroof &amp; meer")
    comparison = charts.comparison_chart(
        [{"label": "Noord", "value": 40}, {"label": "Zuid", "value": None}],
        title="Per 1.000",
        reference_lines=[{"label": "Gemeente", "value": 37.5}, {"label": "Nederland", "value": None}],
    )
    assert_accessible_svg(comparison, "Per 1.000")
    choropleth = charts.choropleth(
        [
            {"code": "WK1", "label": "Noord", "geometry": figures_world.square(5, 52), "value": 40},
            {"code": "WK2", "label": "Zuid", "geometry": figures_world.square(5.01, 52), "value": None},
        ],
        title="Kaart",
    )
    assert_accessible_svg(choropleth, "Kaart")


def test_suppressed_values_are_not_plotted(monkeypatch):
    specs = []
    original = charts._render.__wrapped__

    def capture(spec_json, locale):
        specs.append(json.loads(spec_json))
        return original(spec_json, locale)

    monkeypatch.setattr(charts, "_render", capture)
    charts.comparison_chart(
        [{"label": "Noord", "value": 40}, {"label": "Zuid", "value": None}],
        title="Per 1.000",
        reference_lines=[{"label": "Gemeente", "value": 37.5}, {"label": "Nederland", "value": None}],
    )
    bars, rules = specs[0]["layer"]
    assert bars["data"]["values"] == [{"label": "Noord", "value": 40.0}]
    assert rules["data"]["values"] == [{"label": "Gemeente", "value": 37.5}]
    charts.choropleth(
        [
            {"code": "WK1", "geometry": figures_world.square(5, 52), "value": 40},
            {"code": "WK2", "geometry": figures_world.square(5.01, 52), "value": None},
        ],
        title="Kaart",
    )
    grey, coloured = specs[1]["layer"]
    assert [f["properties"]["label"] for f in coloured["data"]["values"]] == ["WK1"]
    assert "encoding" not in grey  # drawn without a value: grey
    charts.trend_chart(
        [{"period": "2019", "value": None}, {"period": "2020", "value": 3}], title="T", unit="n"
    )
    assert [v["value"] for v in specs[2]["data"]["values"]] == [None, 3.0]
    assert specs[2]["mark"]["invalid"] == "break-paths-show-domains"


def test_axis_numbers_are_written_as_the_reader_writes_them():
    points = [{"period": "2019", "value": 1800}, {"period": "2020", "value": 2400}]
    with translation.override("nl"):
        dutch = charts.trend_chart(points, title="T", unit="n")
    with translation.override("en"):
        english = charts.trend_chart(points, title="T", unit="n")
    assert "2.000" in dutch and "2,000" not in dutch
    assert "2,000" in english and "2.000" not in english


# Pages -------------------------------------------------------------------------------------------


def test_trend_page_shows_the_chart_the_table_and_the_source(manager_client, programme, world):
    response = manager_client.get(url("analysis_trend", programme))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["area"] == world.municipality
    assert response.context["choice"].measure == world.total
    assert 'role="img"' in html
    assert "<table" in html and "1.500" in html
    assert "47018NED" in html and "Politie" in html
    assert 'name="per"' in html  # populations exist: the per-1,000 choice is offered

    buurt = manager_client.get(url("analysis_trend", programme, gebied="BU91230001", per="1000"))
    page = buurt.content.decode()
    assert buurt.context["per_1000"]
    assert "&lt; 5" in page and "koers-figure--suppressed" in page


def test_trend_page_offers_crime_types_grouped_and_areas_of_the_municipality(
    manager_client, programme, world
):
    response = manager_client.get(url("analysis_trend", programme, maat=world.robbery.pk, gebied="WK912300"))
    assert response.context["choice"].measure == world.robbery
    assert response.context["area"].code == "WK912300"
    assert [a.code for a in response.context["areas"]] == [
        "GM9123",
        "WK912300",
        "BU91230000",
        "BU91230001",
        "WK912301",
        "BU91230100",
    ]
    html = response.content.decode()
    assert "Totaal misdrijven (totaal)" in html
    # An area of another municipality falls back to the own municipality.
    other = manager_client.get(url("analysis_trend", programme, gebied="GM0363"))
    assert other.context["area"] == world.municipality


def test_comparison_page_shows_ranking_references_and_map(manager_client, programme, world):
    response = manager_client.get(url("analysis_comparison", programme, niveau="buurten", jaar="2019"))
    assert response.status_code == 200
    html = response.content.decode()
    assert [row.area.code for row in response.context["ranking"]] == [
        "BU91230000",
        "BU91230100",
        "BU91230001",
    ]
    assert "Nederland" in html and "44,9" in html and "37,5" in html
    assert html.count('role="img"') == 2  # the bar chart and the map
    assert "koers-figure--suppressed" in html


def test_comparison_page_without_outlines_or_populations_says_so(manager_client, programme):
    figures_world.build(programme.organisation, outlines=False, populations=False)
    response = manager_client.get(url("analysis_comparison", programme))
    assert response.context["map"] == ""
    assert response.context["chart"] == ""
    assert not response.context["has_rates"]
    assert 'role="img"' not in response.content.decode()


def test_pages_without_figures_show_an_honest_empty_state(manager_client, programme):
    for name in ("analysis_trend", "analysis_comparison", "analysis_youth"):
        response = manager_client.get(url(name, programme))
        assert response.status_code == 200
        assert response.context["municipality"] is None
        assert 'role="img"' not in response.content.decode()


def test_youth_page_without_youth_figures_says_what_is_missing(manager_client, programme, world):
    response = manager_client.get(url("analysis_youth", programme))
    assert response.context["items"] == []
    assert "E35" in response.content.decode()


def test_overview_links_the_figure_pages(manager_client, programme):
    html = manager_client.get(reverse("analysis_overview", kwargs={"programme_uuid": programme.uuid})).content
    for name in ("analysis_trend", "analysis_comparison", "analysis_youth"):
        assert url(name, programme).encode() in html


# Milestones --------------------------------------------------------------------------------------


@translation.override("en")
def test_milestones_follow_the_data_in_one_query(programme):
    facts = ProgrammeFacts(programme)
    assert not official_figures(facts).met
    world = figures_world.build(programme.organisation)
    facts = ProgrammeFacts(programme)
    with CaptureQueriesContext(connection) as ctx:
        figures = official_figures(facts)
        populations = population_figures(facts)
    assert len(ctx.captured_queries) == 1
    assert figures.met
    assert populations.met
    assert "5 of 5" in str(populations.detail)

    Population.objects.filter(area=world.buurten[0]).delete()
    facts = ProgrammeFacts(programme)
    assert not population_figures(facts).met
    assert "4 of 5" in str(population_figures(facts).detail)


def test_population_figures_alone_are_not_an_official_dataset(programme):
    world = figures_world.build(programme.organisation)
    Observation.objects.all().delete()
    facts = ProgrammeFacts(programme)
    assert not official_figures(facts).met
    assert population_figures(facts).met
    assert world.total.kind == MeasureKind.TOTAL


def test_youth_figures_find_topics_about_young_suspects(world):
    Observation.objects.create(
        dataset=world.police,
        area=world.municipality,
        measure=world.total,
        topic="JeugdigeVerdachten12Tot18Jaar_4",
        period="2019JJ00",
        year=2019,
        value=Decimal(2),
    )
    [figure] = selectors.youth_figures(world.municipality)
    assert figure.topic == "JeugdigeVerdachten12Tot18Jaar_4"
    assert figure.trend[0].rows[0].count.text == "< 5"
    assert figure.districts == []  # no figures per wijk
