"""Effect estimates: the service puts the linked figures together, runs ``koers.stats`` and stores
what it used; thin data give a declined estimate, bad input a message and nothing saved; the pages
show the estimate honestly, hide small counts, and follow the programme's rights."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

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
    expected = stats.did_panel(
        panel_frame(panel.data), outcome="value", unit="unit", period="period", treated="d"
    )
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


# Declined: Koers does not present an effect ----------------------------------------------------------


def reason_codes(estimate):
    return [r["code"] for r in estimate.reasons]


def test_few_events_declines(programme, manager):
    small = dict(estimates_data.YEARLY)
    small["WK990201"] = (1, 0, 1, 0, 1, 0, 1, 0, 0, 1)  # three events before, two after
    data = estimates_data.build(small)
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, treated=("WK990201",))
    estimate = compute(manager, plan, indicator, "did_2x2")
    assert estimate.declined is True and estimate.reliable is False
    assert "few_events" in reason_codes(estimate)
    expected = stats.did_2x2(panel_frame(estimate.data), outcome="value", treated="treated", post="post")
    assert [c.code for c in expected.caveats if c.blocking] == reason_codes(estimate)


def test_too_few_periods_declines_a_time_series(programme, manager):
    data = estimates_data.build()
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, design="tijdreeks")
    estimate = compute(manager, plan, indicator, "tijdreeks")
    assert estimate.parameters["frequency"] == "year"
    assert estimate.declined is True
    assert "too_few_periods" in reason_codes(estimate)
    params = estimate.reasons[reason_codes(estimate).index("too_few_periods")]["params"]
    assert params == {"pre": 5, "post": 5, "minimum": 8}


def test_diverging_pre_trends_decline_the_panel(programme, manager):
    diverging = dict(estimates_data.YEARLY)
    diverging["WK990201"] = (10, 20, 30, 40, 50, 55, 60, 62, 64, 66)
    diverging["WK990202"] = (12, 22, 33, 41, 52, 54, 58, 61, 63, 65)
    data = estimates_data.build(diverging)
    _sub, plan, indicator = estimates_data.plan(programme, manager, data)
    estimate = compute(manager, plan, indicator, "did_panel")
    assert estimate.declined is True
    assert "pre_trends_differ" in reason_codes(estimate)
    assert estimate.result["details"]["pre_trend"]["differs"] is True


def test_no_figures_after_the_start_declines(programme, manager):
    data = estimates_data.build()
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, design="voor_na")
    estimate = compute(manager, plan, indicator, "voor_na", intervention_start=datetime.date(2026, 1, 1))
    assert estimate.declined is True and estimate.result == {}
    assert estimate.reasons == [{"code": "no_post_periods", "params": {"start": "01-01-2026"}}]


def test_thin_data_for_the_estimator_declines_without_crashing(programme, manager):
    thin = dict(estimates_data.YEARLY)
    for code in estimates_data.COMPARISON:
        thin[code] = (50, 51, 52, 53, 54, None, None, None, None, None)  # nothing after the start
    data = estimates_data.build(thin)
    _sub, plan, indicator = estimates_data.plan(programme, manager, data)
    for method in ("did_2x2", "did_panel"):
        estimate = compute(manager, plan, indicator, method)
        assert estimate.declined is True
        assert reason_codes(estimate) == ["insufficient_data"]


def test_rates_are_not_counts_for_a_rate_change(programme, manager):
    data = estimates_data.build(topic="GeregistreerdeMisdrijvenPer1000Inw_3")
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, design="voor_na")
    estimate = compute(manager, plan, indicator, "voor_na")
    assert estimate.declined is True and reason_codes(estimate) == ["not_a_count"]
    assert estimate.parameters["counts"] is False
    assert not any(r["suppressed"] for r in estimate.data)


# Bad input: a message naming the field, nothing saved ---------------------------------------------


def refused(manager, plan, indicator, method, field, **kwargs):
    before = (EffectEstimate.objects.count(), AuditEvent.objects.count())
    with translation.override("en"), pytest.raises(ValidationError) as error:
        compute(manager, plan, indicator, method, **kwargs)
    assert field in error.value.message_dict, error.value.message_dict
    assert (EffectEstimate.objects.count(), AuditEvent.objects.count()) == before
    return error.value.message_dict[field][0]


def test_bad_input_is_refused_and_nothing_is_saved(programme, manager):
    data = estimates_data.build()
    sub, plan, indicator = estimates_data.plan(programme, manager, data, design="voor_na")
    unlinked = Indicator.objects.create(programme=programme, subproject=sub, name="Met de hand")
    assert "not linked" in refused(manager, plan, unlinked, "voor_na", "indicator")
    _other_sub, other_plan, other_indicator = estimates_data.plan(
        programme, manager, data, name="Ander deelproject", design="vergelijking"
    )
    assert "of this sub-project" in refused(manager, plan, other_indicator, "voor_na", "indicator")
    assert "does not fit the design" in refused(manager, plan, indicator, "did_2x2", "method")
    assert "does not fit the design" in refused(manager, other_plan, other_indicator, "voor_na", "method")
    assert "one of the methods" in refused(manager, plan, indicator, "anders", "method")
    assert "before the first figures" in refused(
        manager,
        plan,
        indicator,
        "voor_na",
        "intervention_start",
        intervention_start=datetime.date(2010, 1, 1),
    )
    assert "only possible with an interrupted" in refused(
        manager, plan, indicator, "voor_na", "seasonal", seasonal="month"
    )


def test_comparison_methods_need_comparison_areas(programme, manager):
    data = estimates_data.build()
    _sub, plan, indicator = estimates_data.plan(programme, manager, data)
    plan.comparison_areas.clear()
    for method in ("did_2x2", "did_panel", "wdd"):
        assert "comparison areas" in refused(manager, plan, indicator, method, "method")


def test_a_sub_project_without_a_start_needs_one(programme, manager):
    data = estimates_data.build()
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, design="voor_na", start=None)
    assert "start" in refused(manager, plan, indicator, "voor_na", "intervention_start")


def test_a_season_needs_monthly_figures(programme, manager):
    data = estimates_data.build()
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, design="tijdreeks")
    assert "monthly figures" in refused(manager, plan, indicator, "tijdreeks", "seasonal", seasonal="month")


def test_methods_fit_the_design():
    assert estimates.methods_for("voor_na") == ("voor_na",)
    assert estimates.methods_for("tijdreeks") == ("tijdreeks", "voor_na")
    assert estimates.methods_for("vergelijking") == ("did_2x2", "did_panel", "wdd")
    assert estimates.methods_for("extern") == ("voor_na",)


# Audit -----------------------------------------------------------------------------------------------


def test_every_write_is_audited(programme, manager):
    data = estimates_data.build()
    _sub, plan, indicator = estimates_data.plan(programme, manager, data, design="voor_na")
    estimate = compute(manager, plan, indicator, "voor_na")
    created = AuditEvent.objects.filter(action="effectestimate.create").get()
    assert created.programme_uuid == programme.uuid if hasattr(created, "programme_uuid") else True
    assert created.changes["method"] == [None, "voor_na"]
    estimates.estimate_note(actor=manager, estimate=estimate, note="  Daling, maar zwak ontwerp.  ")
    estimate.refresh_from_db()
    assert estimate.note == "Daling, maar zwak ontwerp."
    assert AuditEvent.objects.get(action="effectestimate.note").changes == {
        "note": ["", "Daling, maar zwak ontwerp."]
    }
    estimates.estimate_note(actor=manager, estimate=estimate, note="Daling, maar zwak ontwerp.")
    assert AuditEvent.objects.filter(action="effectestimate.note").count() == 1  # unchanged: no event
    estimates.estimate_delete(actor=manager, estimate=estimate)
    assert not EffectEstimate.objects.exists()
    assert AuditEvent.objects.filter(action="effectestimate.delete").count() == 1


# Pages -----------------------------------------------------------------------------------------------


def urls(programme, sub, estimate=None):
    base = {"programme_uuid": programme.uuid, "subproject_uuid": sub.uuid}
    found = {
        "plan": reverse("evaluation_plan", kwargs=base),
        "create": reverse("evaluation_estimate_create", kwargs=base),
    }
    if estimate is not None:
        kwargs = {**base, "estimate_uuid": estimate.uuid}
        for name, url_name in (
            ("detail", "evaluation_estimate"),
            ("note", "evaluation_estimate_note"),
            ("delete", "evaluation_estimate_delete"),
        ):
            found[name] = reverse(url_name, kwargs=kwargs)
    return found


def test_plan_page_lists_estimates_and_offers_the_form(client, programme, manager):
    data = estimates_data.build()
    sub, plan, indicator = estimates_data.plan(programme, manager, data)
    estimate = compute(manager, plan, indicator, "did_panel")
    client.force_login(manager)
    page = client.get(urls(programme, sub)["plan"]).content.decode()
    assert "Effectschattingen" in page
    assert urls(programme, sub, estimate)["detail"] in page
    assert f'action="{urls(programme, sub)["create"]}"' in page
    assert 'value="did_panel"' in page and 'value="voor_na"' not in page  # only the methods of the design
    assert f'value="{indicator.uuid}"' in page


def test_compute_through_the_form(client, programme, manager):
    data = estimates_data.build()
    sub, _plan, indicator = estimates_data.plan(programme, manager, data)
    client.force_login(manager)
    response = client.post(urls(programme, sub)["create"], {"indicator": indicator.uuid, "method": "wdd"})
    estimate = EffectEstimate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == urls(programme, sub, estimate)["detail"]
    assert estimate.method == "wdd" and estimate.intervention_start == estimates_data.START
    assert estimate.computed_by == manager


def test_the_form_keeps_what_was_typed_on_an_error(client, programme, manager):
    data = estimates_data.build()
    sub, _plan, indicator = estimates_data.plan(programme, manager, data)
    client.force_login(manager)
    response = client.post(
        urls(programme, sub)["create"],
        {"indicator": indicator.uuid, "method": "did_2x2", "intervention_start": "2005-03-01"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2005-03-01" in page and "vóór de eerste cijfers" in page
    assert not EffectEstimate.objects.exists()


def test_detail_shows_the_estimate_with_its_picture_and_data(client, programme, manager):
    data = estimates_data.build()
    sub, plan, indicator = estimates_data.plan(programme, manager, data)
    estimate = compute(manager, plan, indicator, "did_panel")
    teamlid = factories.member(programme, "meelezer")
    client.force_login(teamlid)
    response = client.get(urls(programme, sub, estimate)["detail"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "<desc>" in page and 'role="img"' in page
    assert "95%-interval" in page and "%%" not in page
    assert "Verschil-in-verschillen over meerdere periodes" in page  # the method in plain Dutch
    assert "Sterkte van de opzet" in page
    assert "Wijk 01 (WK990201)" in page
    assert urls(programme, sub, estimate)["note"] not in page  # a reader cannot change it


def test_detail_of_a_declined_estimate_says_so(client, programme, manager):
    small = dict(estimates_data.YEARLY)
    small["WK990201"] = (1, 0, 3, 0, 1, 0, 1, 0, 0, 1)
    data = estimates_data.build(small)
    sub, plan, indicator = estimates_data.plan(programme, manager, data, treated=("WK990201",))
    estimate = compute(manager, plan, indicator, "did_2x2")
    client.force_login(manager)
    page = client.get(urls(programme, sub, estimate)["detail"]).content.decode()
    assert "Koers berekent hier geen effect" in page
    assert "Minder dan 5 voorvallen" in page
    plan_page = client.get(urls(programme, sub)["plan"]).content.decode()
    assert "niet getoond" in plan_page


def test_small_counts_are_never_shown(client, programme, manager):
    small = dict(estimates_data.YEARLY)
    small["WK990201"] = (1, 0, 3, 0, 1, 0, 1, 0, 0, 1)
    data = estimates_data.build(small)
    sub, plan, indicator = estimates_data.plan(programme, manager, data, treated=("WK990201",))
    estimate = compute(manager, plan, indicator, "did_2x2")
    client.force_login(manager)
    page = client.get(urls(programme, sub, estimate)["detail"]).content.decode()
    cells = [line.strip() for line in page.splitlines() if "numeric-column" in line and "<td" in line]
    assert any("&lt; 5" in cell for cell in cells)
    treated_rows = [r for r in estimate.data if r["area"] == "WK990201"]
    assert all(r["suppressed"] for r in treated_rows)
    for value in (1, 3):
        assert f">{value}</td>" not in page


def test_its_detail_shows_the_series(client, programme, manager):
    data = estimates_data.build(monthly=True)
    sub, plan, indicator = estimates_data.plan(programme, manager, data, design="tijdreeks")
    estimate = compute(manager, plan, indicator, "tijdreeks")
    client.force_login(manager)
    page = client.get(urls(programme, sub, estimate)["detail"]).content.decode()
    assert "Verandering van het niveau bij de start" in page
    assert "2021-01" in page and "<svg" in page


def test_note_and_delete_pages(client, programme, manager):
    data = estimates_data.build()
    sub, plan, indicator = estimates_data.plan(programme, manager, data, design="voor_na")
    estimate = compute(manager, plan, indicator, "voor_na")
    found = urls(programme, sub, estimate)
    client.force_login(manager)
    assert client.get(found["note"]).status_code == 200
    response = client.post(found["note"], {"note": "Zwak ontwerp: voorzichtig zijn."})
    assert response.status_code == 302
    estimate.refresh_from_db()
    assert estimate.note == "Zwak ontwerp: voorzichtig zijn."
    assert "Zwak ontwerp" in client.get(found["detail"]).content.decode()
    assert client.get(found["delete"]).status_code == 200
    assert client.post(found["delete"]).status_code == 302
    assert not EffectEstimate.objects.exists()


# Rights ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may_compute"),
    [
        ("programmamanager", True),
        ("onderzoeker", True),
        ("kwartiermaker", False),
        ("teamlid", False),
        ("stuurgroeplid", False),
        ("meelezer", False),
    ],
)
def test_rights(client, programme, manager, role, may_compute):
    data = estimates_data.build()
    sub, plan, indicator = estimates_data.plan(programme, manager, data, design="voor_na")
    estimate = compute(manager, plan, indicator, "voor_na")
    found = urls(programme, sub, estimate)
    client.force_login(factories.member(programme, role))
    assert client.get(found["detail"]).status_code == 200
    expected = 200 if may_compute else 403
    for name in ("create", "note", "delete"):
        assert client.get(found[name]).status_code == expected, name
    response = client.post(found["create"], {"indicator": indicator.uuid, "method": "voor_na"})
    assert response.status_code == (302 if may_compute else 403)
    assert EffectEstimate.objects.count() == (2 if may_compute else 1)
    plan_page = client.get(found["plan"]).content.decode()
    assert (f'action="{found["create"]}"' in plan_page) is may_compute


def test_another_organisation_gets_404(client, programme, manager, foreign_programme):
    data = estimates_data.build()
    sub, plan, indicator = estimates_data.plan(programme, manager, data, design="voor_na")
    estimate = compute(manager, plan, indicator, "voor_na")
    client.force_login(factories.member(foreign_programme, "programmamanager"))
    for url in urls(programme, sub, estimate).values():
        assert client.get(url).status_code == 404
    # A sub-project of the own programme with another plan's estimate is not found either.
    other_sub, _other_plan, _i = estimates_data.plan(programme, manager, data, name="Ander", design="voor_na")
    client.force_login(manager)
    wrong = reverse(
        "evaluation_estimate",
        kwargs={
            "programme_uuid": programme.uuid,
            "subproject_uuid": other_sub.uuid,
            "estimate_uuid": estimate.uuid,
        },
    )
    assert client.get(wrong).status_code == 404


# Query counts ------------------------------------------------------------------------------------------

DETAIL_QUERIES = 8
PLAN_QUERIES = 19  # with the report and verdict sections of the plan page


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_are_flat_and_pinned(client, programme, manager):
    data = estimates_data.build()
    sub, plan, indicator = estimates_data.plan(programme, manager, data)
    first = compute(manager, plan, indicator, "did_panel")
    client.force_login(manager)
    found = urls(programme, sub, first)
    one = queries(client, found["plan"])
    detail = queries(client, found["detail"])
    for method in ("did_2x2", "wdd", "did_panel", "did_2x2"):
        compute(manager, plan, indicator, method)
    Indicator.objects.create(
        programme=programme, subproject=sub, name="Tweede", area=indicator.area, measure=indicator.measure
    )
    several = queries(client, found["plan"])
    assert one == several, f"plan page: {one} queries with one estimate, {several} with five"
    assert several == PLAN_QUERIES
    assert detail == DETAIL_QUERIES
    wdd = EffectEstimate.objects.filter(method="wdd").get()
    assert queries(client, urls(programme, sub, wdd)["detail"]) == DETAIL_QUERIES


def test_the_interpretation_follows_the_polarity(client, programme, manager):
    data = estimates_data.build()
    sub, plan, indicator = estimates_data.plan(programme, manager, data)
    estimate = compute(manager, plan, indicator, "did_panel")
    assert estimate.reliable and estimate.result["ci_high"] < 0  # the own areas fell
    client.force_login(manager)
    url = urls(programme, sub, estimate)["detail"]
    page = client.get(url).content.decode()
    assert "inbraken lager" in page and "ging de goede kant op" in page
    indicator.polarity = "higher"
    indicator.save()
    page = client.get(url).content.decode()
    assert "ging de verkeerde kant op" in page
