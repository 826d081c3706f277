"""Effect estimates: the service puts the linked figures together, runs ``koers.stats`` and stores
what it used; thin data give a declined estimate, bad input a message and nothing saved; the pages
show the estimate honestly, hide small counts, and follow the programme's rights."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers import stats
from koers.analysis.models import Area, Observation
from koers.audit.models import AuditEvent
from koers.evaluation import estimates
from koers.evaluation.models import EffectEstimate
from koers.indicators.models import Indicator
from tests import estimates_data, factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]


def compute(manager, plan, indicator, method, **kwargs):
    return estimates.estimate_create(actor=manager, plan=plan, indicator=indicator, method=method, **kwargs)


def by_group(estimate, group, post=None):
    return [r for r in estimate.data if r["group"] == group and (post is None or r["post"] == post)]


def panel_frame(rows):
    return {
        "value": [r["value"] for r in rows],
        "unit": [r["area"] for r in rows],
        "period": [r["period"] for r in rows],
        "treated": [int(r["group"] == "treated") for r in rows],
        "post": [int(r["post"]) for r in rows],
        "d": [int(r["group"] == "treated" and r["post"]) for r in rows],
    }


def expected_rows(data, codes, group, years=estimates_data.YEARS, start_year=2021):
    rows = []
    for code in codes:
        for year, value in zip(years, estimates_data.YEARLY[code], strict=True):
            rows.append((group, code, str(year), year >= start_year, value))
    return rows


# Each method through the service, compared with koers.stats on the same rows ----------------------


def test_rate_change_matches_stats(programme, manager):
    data = estimates_data.build()
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, design="voor_na")
    estimate = compute(manager, plan, indicator, "voor_na")
    stored = [(r["group"], r["area"], r["period"], r["post"], r["value"]) for r in estimate.data]
    assert stored == expected_rows(data, estimates_data.TREATED, "treated")
    pre = sum(r["value"] for r in by_group(estimate, "treated", False))
    post = sum(r["value"] for r in by_group(estimate, "treated", True))
    expected = stats.rate_change(pre, post, pre_exposure=5, post_exposure=5)
    assert estimate.result == expected.to_dict()
    assert estimate.reliable is expected.reliable is True
    assert estimate.declined is False and estimate.reasons == []
    assert estimate.parameters["frequency"] == "year"
    assert estimate.intervention_start == estimates_data.START


def test_did_2x2_and_panel_match_stats(programme, manager):
    data = estimates_data.build()
    _sub, plan, indicator = estimates_data.plan(programme, manager, data)
    two = compute(manager, plan, indicator, "did_2x2")
    frame = panel_frame(two.data)
    assert two.result == stats.did_2x2(frame, outcome="value", treated="treated", post="post").to_dict()
    assert {r["area"] for r in by_group(two, "comparison")} == set(estimates_data.COMPARISON)
    panel = compute(manager, plan, indicator, "did_panel")
    expected = stats.did_panel(panel_frame(panel.data), outcome="value", unit="unit", period="period", treated="d")
    assert panel.result == expected.to_dict()
    assert panel.reliable is expected.reliable
    assert panel.parameters["units"] == "areas"


def test_panel_uses_the_buurten_inside_the_wijken_when_the_series_has_them(programme, manager):
    data = estimates_data.build()
    areas = data["areas"]
    buurten = []
    for code in (*estimates_data.TREATED, *estimates_data.COMPARISON):
        for index in (1, 2):
            buurt = Area.objects.create(
                code=f"BU{code[2:]}{index:02d}",
                level="buurt",
                name=f"Buurt {code[-1]}{index}",
                parent=areas[code],
                reference_year=2024,
            )
            buurten.append(buurt)
            for year, value in zip(estimates_data.YEARS, estimates_data.YEARLY[code], strict=True):
                Observation.objects.create(
                    dataset=data["dataset"],
                    area=buurt,
                    measure=data["measure"],
                    topic=estimates_data.TOPIC,
                    period=f"{year}JJ00",
                    year=year,
                    value=value // 2 + index,
                )
    _sub, plan, indicator = estimates_data.plan(programme, manager, data)
    estimate = compute(manager, plan, indicator, "did_panel")
    assert estimate.parameters["units"] == "buurten"
    assert {r["area"] for r in estimate.data} == {b.code for b in buurten}
    assert {r["parent"] for r in by_group(estimate, "treated")} == set(estimates_data.TREATED)
    expected = stats.did_panel(
        panel_frame(estimate.data), outcome="value", unit="unit", period="period", treated="d"
    )
    assert estimate.result == expected.to_dict()
    assert estimate.result["details"]["clusters"] == 10


def test_wdd_with_buffer_matches_stats(programme, manager):
    data = estimates_data.build()
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, buffer=True)
    estimate = compute(manager, plan, indicator, "wdd")

    def total(group, post):
        return sum(r["value"] for r in by_group(estimate, group, post))

    expected = stats.weighted_displacement_difference(
        total("treated", False),
        total("treated", True),
        total("comparison", False),
        total("comparison", True),
        total("buffer", False),
        total("buffer", True),
        total("buffer_comparison", False),
        total("buffer_comparison", True),
    )
    assert estimate.result == expected.to_dict()
    assert estimate.parameters["counts"]["displacement_pre"] == total("buffer", False)
    assert estimate.reliable is expected.reliable


def test_its_monthly_with_season_matches_stats(programme, manager):
    data = estimates_data.build(monthly=True)
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, design="tijdreeks")
    estimate = compute(manager, plan, indicator, "tijdreeks", seasonal="month")
    assert estimate.parameters["frequency"] == "month"
    totals: dict[str, int] = defaultdict(int)
    for row in by_group(estimate, "treated"):
        totals[row["period"]] += row["value"]
    periods = sorted(totals)
    assert periods[0] == "2018-01" and periods[-1] == "2023-12"
    expected = stats.interrupted_time_series(
        {"period": periods, "value": [totals[p] for p in periods]},
        outcome="value",
        period="period",
        intervention_start="2021-01",
        seasonal="month",
    )
    assert estimate.result == expected.to_dict()
    assert estimate.result["seasonal"] == "month"
    assert estimate.reliable is expected.reliable is True


def test_yearly_figures_when_one_area_lacks_monthly_ones(programme, manager):
    data = estimates_data.build(monthly=True, monthly_areas=estimates_data.TREATED)
    _sub, plan, indicator = estimates_data.plan(programme, manager, data)
    estimate = compute(manager, plan, indicator, "did_2x2")
    assert estimate.parameters["frequency"] == "year"
    assert {r["period"] for r in estimate.data} == {str(y) for y in estimates_data.YEARS}


def test_a_start_inside_a_period_leaves_that_period_out(programme, manager):
    data = estimates_data.build()
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, design="voor_na")
    estimate = compute(manager, plan, indicator, "voor_na", intervention_start=datetime.date(2021, 6, 1))
    assert estimate.parameters["transition_period"] == "2021"
    assert estimate.parameters["start_period"] == "2022"
    assert "2021" not in {r["period"] for r in estimate.data}
    assert estimate.parameters["pre_exposure"] == 5 and estimate.parameters["post_exposure"] == 4
