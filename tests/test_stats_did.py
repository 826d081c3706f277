"""Difference-in-differences: references and cross-checks.

References reproduced here:

* Wooldridge, *Introductory Econometrics: A Modern Approach*, Example 13.3 (Kiel & McClain's
  incinerator data, KIELMC, 321 house sales in North Andover, 1978 and 1981), equation (13.7):
  rprice = 82,517.23 + 18,790.29 y81 − 18,824.37 nearinc − 11,863.90 y81·nearinc, standard error
  of the interaction 7,456.65, n = 321, R² = .174. Stata's ``reg rprice y81 nearinc y81nrinc``
  prints −11863.9 (7456.646), t = −1.59, p = 0.113, 95 % interval −26534.67 to 2806.867. The data
  below are the published prices (1981 prices deflated by 1.302, as in the data set's rprice)
  and the nearinc flag.
* Huntington-Klein, *The Effect*, chapter 18 (Kessler & Roth's organ donation rates, 27 states ×
  6 quarters, California's active-choice question from Q3 2011; data set ``organ_donations`` of
  the causaldata package). Two-way fixed effects clustered by state, as Stata's
  ``reghdfe rate Treated, a(state quarter) vce(cluster state)`` (and ``xtreg …, fe
  cluster(state)``) print it: −.022459, standard error .0061312, 95 % interval −.0350619 to
  −.0098561 (t with 26 degrees of freedom). Stata does not count the state dummies in the
  small-sample factor (they are nested in the clusters); statsmodels' ``cov_type="cluster"``
  with the dummies in the model does, so its standard error is larger by
  sqrt((N−7)/(N−33)); the test checks both that relation and statsmodels itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest
import statsmodels.formula.api as smf

from koers.stats import did_2x2, did_panel, pre_trend_check

KIELMC_1978 = """
60000,1 40000,1 34000,1 63900,1 44000,1 46000,1 56000,1 38500,1 60500,1 55000,1
39000,1 41000,1 50900,1 52000,0 49000,0 80000,1 50000,1 59000,1 42000,1 71500,1
43000,1 48000,1 37500,0 59000,0 59000,0 94000,0 95920,0 95000,0 95900,0 91000,0
96900,0 47000,1 68500,1 36000,0 90000,1 66900,0 44000,1 43500,1 40000,1 46000,1
48000,1 61000,1 55500,1 63000,1 32000,1 32000,1 82000,0 51000,1 83000,1 100000,0
131500,0 37500,0 49000,1 54000,1 56900,1 62000,1 48000,1 48000,1 53000,1 49000,1
31000,1 56900,1 34000,1 98000,0 85500,0 122500,0 185000,1 67500,0 120000,0 79000,0
77500,0 58000,0 61900,0 79900,0 62400,0 89500,0 89500,0 94900,0 85900,0 92900,0
84900,0 85900,0 85900,0 97900,0 78400,0 91400,0 106500,0 109500,0 148000,1 75000,0
90400,1 125000,1 123000,0 63000,0 87500,0 73000,0 84900,0 80900,0 94000,0 74500,0
82500,0 86000,0 76900,0 75900,0 75500,0 75000,0 73900,0 83900,0 76900,0 84300,0
75900,0 87900,0 65000,0 90000,0 104500,0 63000,0 66100,0 60000,0 73000,0 83000,0
70500,0 120000,0 62500,0 65500,0 84900,0 63400,0 80000,0 86000,0 94376,0 90500,0
90500,0 84900,0 86000,0 91500,0 89912,0 88000,0 73500,0 85000,0 87000,0 97000,0
72500,0 77000,0 85000,0 82000,0 93000,0 105000,0 106500,0 44900,0 73000,0 46500,0
50000,0 90000,0 49500,0 57000,0 120000,1 83500,0 300000,1 64900,0 50900,1 60500,1
70400,1 48000,1 53500,0 66000,0 64000,0 65000,0 72900,0 26000,0 117000,0 97000,0
95000,0 107900,0 120000,0 120000,0 121000,0 107000,0 119900,0 142500,0 84211,0
"""

KIELMC_1981 = """
49000,1 52000,1 68000,1 54000,1 70000,1 47000,1 73900,1 117500,0 60000,0 85000,0
66479,0 70000,1 66500,1 91000,1 72500,1 67000,1 68000,1 85000,0 106000,1 130000,1
119900,0 125000,0 118000,0 100000,0 128000,0 140000,0 143500,0 66500,1 50000,1 65000,1
86000,1 120000,0 135000,0 135000,0 160000,0 168000,0 182095,0 175000,0 162000,0 189857,0
190508,0 234552,0 220000,0 175000,0 118000,1 155000,1 144000,1 216000,1 124500,1 80000,1
100000,1 88000,1 41000,1 66000,1 74000,1 76900,1 132000,1 130000,1 75000,0 156500,0
140000,0 65000,0 150000,0 155000,0 153000,0 160000,0 148000,0 142000,0 162000,0 175500,0
194000,0 130500,0 73000,0 140000,0 82000,0 180000,0 200000,0 52900,0 110000,0 68000,0
90000,0 102000,0 119600,0 113500,0 80500,0 75900,0 109000,0 160000,0 120000,0 135900,0
121000,0 85000,0 133000,0 143000,0 130000,0 135000,0 141000,0 125000,0 172900,0 177755,0
125000,0 173500,0 169000,0 167950,0 145000,0 159900,0 172267,0 156900,0 169900,0 129900,0
109900,0 120000,0 140000,0 83000,0 175000,0 117500,0 155500,0 158000,0 115000,0 133500,0
128000,0 105000,0 90000,0 270000,1 70000,0 98000,0 103900,0 101100,0 107900,0 62000,1
96750,1 79500,1 97900,1 103900,1 70000,1 175000,0 80000,0 60000,0 144500,0 97000,0
95000,0 204080,0
"""

ORGAN_QUARTERS = ["Q42010", "Q12011", "Q22011", "Q32011", "Q42011", "Q12012"]
ORGAN_RATES = """
Alaska: 0.75 0.77 0.77 0.78 0.78 0.79
Arizona: 0.2634 0.2092 0.2261 0.2503 0.2351 0.2587
California: 0.2666 0.2731 0.2743 0.2636 0.2607 0.2641
Colorado: 0.6653 0.6674 0.6736 0.6715 0.6699 0.6594
Connecticut: 0.3905 0.3853 0.3952 0.4031 0.3864 0.3984
District of Columbia: 0.3319 0.2866 0.2951 0.4024 0.3791 0.3646
Florida: 0.3753 0.3795 0.3947 0.4181 0.4037 0.407
Hawaii: 0.417 0.4105 0.4271 0.4294 0.4307 0.4108
Louisiana: 0.5372 0.546 0.5619 0.5949 0.551 0.5486
Maryland: 0.4635 0.4529 0.4679 0.459 0.495 0.456
Michigan: 0.1563 0.1491 0.1923 0.2461 0.2294 0.4216
Minnesota: 0.5358 0.5173 0.5202 0.5246 0.528 0.5398
Missouri: 0.4025 0.3987 0.4063 0.4089 0.415 0.4127
Montana: 0.6429 0.6406 0.6578 0.6683 0.6674 0.6523
Nebraska: 0.4541 0.4337 0.436 0.4405 0.4389 0.4519
New Hampshire: 0.5576 0.5594 0.5643 0.5334 0.5248 0.5253
New Jersey: 0.3037 0.3109 0.3039 0.3109 0.3127 0.3334
New York: 0.1249 0.1267 0.1314 0.1451 0.1277 0.1229
North Carolina: 0.5239 0.519 0.532 0.534 0.5284 0.5126
Ohio: 0.5545 0.5593 0.5701 0.5701 0.5751 0.5645
Pennsylvania: 0.4531 0.4536 0.4553 0.4559 0.4551 0.4527
South Carolina: 0.3083 0.2617 0.2556 0.2641 0.2966 0.228
Tennessee: 0.3268 0.3249 0.3382 0.3428 0.3385 0.34
Virginia: 0.2645 0.3623 0.3455 0.359 0.3443 0.3701
Washington: 0.5811 0.5893 0.5882 0.5846 0.5842 0.5947
Wisconsin: 0.5735 0.571 0.572 0.5688 0.566 0.5814
Wyoming: 0.5931 0.5946 0.5937 0.5911 0.5854 0.5881
"""


def kielmc() -> pd.DataFrame:
    rows = []
    for y81, text in ((0, KIELMC_1978), (1, KIELMC_1981)):
        for token in text.split():
            price, near = token.split(",")
            rows.append({"rprice": float(price) / (1.302 if y81 else 1.0), "nearinc": int(near), "y81": y81})
    return pd.DataFrame(rows)


def organ_donations() -> pd.DataFrame:
    rows = []
    for line in ORGAN_RATES.strip().splitlines():
        state, values = line.split(": ")
        for position, (quarter, rate) in enumerate(zip(ORGAN_QUARTERS, values.split(), strict=True)):
            rows.append(
                {
                    "State": state,
                    "Quarter": quarter,
                    "t": position,
                    "Rate": float(rate),
                    "Treated": int(state == "California" and position >= 3),
                }
            )
    return pd.DataFrame(rows)


def test_did_2x2_reproduces_wooldridge_example_13_3():
    data = kielmc()
    assert len(data) == 321
    result = did_2x2(data, outcome="rprice", treated="nearinc", post="y81")
    assert round(result.effect, 2) == -11863.90
    assert round(result.se, 3) == 7456.646
    assert round(result.ci_low, 2) == -26534.67
    assert round(result.ci_high, 3) == 2806.867
    assert round(result.p_value, 3) == 0.113
    assert result.n == 321
    means = result.details["cell_means"]
    assert round(means["comparison_pre"], 2) == 82517.23
    assert round(means["comparison_post"] - means["comparison_pre"], 2) == 18790.29
    assert round(means["treated_pre"] - means["comparison_pre"], 2) == -18824.37
    assert result.scale == "difference"
    assert result.design_strength.level == "moderate"
    assert result.reliable  # house prices are not counts; one non-blocking caveat
    assert [c.code for c in result.caveats] == ["parallel_trends_unchecked"]


def test_did_2x2_matches_statsmodels_formula_with_and_without_hc1():
    data = kielmc()
    for robust, cov_type in ((False, "nonrobust"), (True, "HC1")):
        reference = smf.ols("rprice ~ nearinc * y81", data).fit(cov_type=cov_type)
        result = did_2x2(data, outcome="rprice", treated="nearinc", post="y81", robust=robust)
        assert result.effect == pytest.approx(reference.params["nearinc:y81"], rel=1e-10)
        assert result.se == pytest.approx(reference.bse["nearinc:y81"], rel=1e-10)
        assert result.p_value == pytest.approx(reference.pvalues["nearinc:y81"], rel=1e-8)
        low, high = reference.conf_int().loc["nearinc:y81"]
        assert (result.ci_low, result.ci_high) == pytest.approx((low, high), rel=1e-10)


def test_did_2x2_accepts_polars_and_plain_columns():
    data = kielmc()
    from_pandas = did_2x2(data, outcome="rprice", treated="nearinc", post="y81")
    from_polars = did_2x2(pl.from_dict(data.to_dict("list")), outcome="rprice", treated="nearinc", post="y81")
    from_mapping = did_2x2(data.to_dict("list"), outcome="rprice", treated="nearinc", post="y81")
    assert from_polars.effect == pytest.approx(from_pandas.effect)
    assert from_mapping.se == pytest.approx(from_pandas.se)


def test_did_2x2_small_count_cell_is_not_reliable():
    data = {
        "crimes": [1, 0, 2, 1, 9, 12, 10, 8, 11, 9, 12, 10],
        "treated": [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        "post": [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1],
    }
    result = did_2x2(data, outcome="crimes", treated="treated", post="post")
    assert not result.reliable
    assert "few_events" in [c.code for c in result.caveats if c.blocking]


def test_did_2x2_with_one_row_per_cell_gives_the_estimate_without_uncertainty():
    data = {"y": [10.0, 16.0, 9.0, 12.0], "treated": [1, 1, 0, 0], "post": [0, 1, 0, 1]}
    result = did_2x2(data, outcome="y", treated="treated", post="post", count_outcome=False)
    assert result.effect == pytest.approx((16 - 10) - (12 - 9))
    assert result.se is None and result.ci_low is None
    assert not result.reliable
    assert "no_variation" in [c.code for c in result.caveats]


def test_did_panel_reproduces_the_effect_organ_donation_example():
    data = organ_donations()
    assert len(data) == 162
    result = did_panel(data, outcome="Rate", unit="State", period="t", treated="Treated")
    assert round(result.effect, 6) == -0.022459
    # Stata's small-sample factor leaves the 27 nested state dummies out of K (K = 7 there).
    assert round(result.se * np.sqrt((162 - 33) / (162 - 7)), 7) == 0.0061312
    # The interval uses t with G - 1 = 26 degrees of freedom, as Stata's does.
    from scipy import stats as sps

    assert (result.ci_high - result.effect) / result.se == pytest.approx(sps.t.ppf(0.975, 26))
    stata_se = result.se * np.sqrt((162 - 33) / (162 - 7))
    assert round(result.effect - stata_se * sps.t.ppf(0.975, 26), 7) == -0.0350619
    # Stata keeps the rates in single precision: the last printed digit may differ by one.
    assert result.effect + stata_se * sps.t.ppf(0.975, 26) == pytest.approx(-0.0098561, abs=1.5e-7)
    assert result.n == 162
    assert result.details["clusters"] == 27
    assert "single_treated_unit" in [c.code for c in result.caveats]
    pre_trend = result.details["pre_trend"]
    assert pre_trend.testable and not pre_trend.differs
    assert result.reliable


def test_did_panel_matches_statsmodels_cluster_on_the_same_frame():
    data = organ_donations()
    reference = smf.ols("Rate ~ Treated + C(State) + C(Quarter)", data).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(data["State"])[0]}, use_t=True
    )
    result = did_panel(data, outcome="Rate", unit="State", period="t", treated="Treated")
    assert result.effect == pytest.approx(reference.params["Treated"], rel=1e-9)
    assert result.se == pytest.approx(reference.bse["Treated"], rel=1e-9)
    assert result.p_value == pytest.approx(reference.pvalues["Treated"], rel=1e-7)
    # And by hand: CR1 sandwich with G/(G-1)·(N-1)/(N-K).
    y = data["Rate"].to_numpy()
    x = np.column_stack(
        [
            np.ones(len(data)),
            data["Treated"],
            pd.get_dummies(data["State"], drop_first=True, dtype=float),
            pd.get_dummies(data["t"], drop_first=True, dtype=float),
        ]
    )
    bread = np.linalg.inv(x.T @ x)
    residuals = y - x @ (bread @ x.T @ y)
    meat = sum(
        np.outer(x[mask].T @ residuals[mask], x[mask].T @ residuals[mask])
        for mask in (data["State"] == state for state in data["State"].unique())
    )
    n, k, g = x.shape[0], x.shape[1], data["State"].nunique()
    cov = g / (g - 1) * (n - 1) / (n - k) * bread @ meat @ bread
    assert result.se == pytest.approx(np.sqrt(cov[1, 1]), rel=1e-9)


def _panel(
    units: int, treated: int, periods: int, start: int, pre_gap_slope: float, effect: float, seed: int
):
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(units):
        level = rng.normal(50, 5)
        is_treated = u < treated
        for t in range(periods):
            y = level + 0.5 * t + rng.normal(0, 0.4)
            if is_treated:
                y += pre_gap_slope * t
                if t >= start:
                    y += effect
            rows.append({"area": f"w{u}", "month": t, "y": y, "d": int(is_treated and t >= start)})
    return pd.DataFrame(rows)


def test_did_panel_with_diverging_pre_trends_is_not_reliable():
    data = _panel(units=8, treated=1, periods=10, start=6, pre_gap_slope=1.5, effect=-3.0, seed=4)
    result = did_panel(data, outcome="y", unit="area", period="month", treated="d")
    assert not result.reliable
    blocking = [c for c in result.caveats if c.blocking]
    assert [c.code for c in blocking] == ["pre_trends_differ"]
    assert "liepen vóór de start anders" in blocking[0].text()
    assert "few_clusters" in [c.code for c in result.caveats]


def test_did_panel_with_many_areas_and_parallel_trends_is_strong():
    data = _panel(units=14, treated=4, periods=10, start=6, pre_gap_slope=0.0, effect=-3.0, seed=1)
    result = did_panel(data, outcome="y", unit="area", period="month", treated="d")
    assert result.reliable
    assert result.design_strength.level == "strong"
    assert result.design_strength.label() == "sterk"
    assert result.ci_low < -3.0 < result.ci_high


def test_did_panel_notes_a_staggered_start():
    data = _panel(units=12, treated=4, periods=10, start=6, pre_gap_slope=0.0, effect=-3.0, seed=9)
    data.loc[(data["area"] == "w0") & (data["month"] == 5), "d"] = 1
    result = did_panel(data, outcome="y", unit="area", period="month", treated="d")
    assert "staggered_start" in [c.code for c in result.caveats]
    assert result.design_strength.level == "moderate"


def test_did_panel_small_counts_are_not_reliable():
    data = _panel(units=6, treated=1, periods=8, start=4, pre_gap_slope=0.0, effect=0.0, seed=1)
    data["y"] = 0
    data.loc[data.index[:3], "y"] = 1
    result = did_panel(data, outcome="y", unit="area", period="month", treated="d")
    assert not result.reliable
    assert "few_events" in [c.code for c in result.caveats]


def test_did_panel_refuses_a_panel_without_comparison_or_before_period():
    data = _panel(units=4, treated=4, periods=6, start=3, pre_gap_slope=0.0, effect=0.0, seed=2)
    with pytest.raises(ValueError):
        did_panel(data, outcome="y", unit="area", period="month", treated="d")
    data = _panel(units=4, treated=1, periods=6, start=0, pre_gap_slope=0.0, effect=0.0, seed=2)
    with pytest.raises(ValueError):
        did_panel(data, outcome="y", unit="area", period="month", treated="d")


def test_pre_trend_check_gives_the_picture_and_needs_three_periods():
    data = _panel(units=6, treated=2, periods=8, start=2, pre_gap_slope=0.0, effect=0.0, seed=3)
    data["treated_area"] = data["area"].isin(["w0", "w1"])
    check = pre_trend_check(
        data, outcome="y", unit="area", period="month", treated_unit="treated_area", intervention_start=2
    )
    assert not check.testable and not check.differs
    assert check.slope_difference is None
    assert len(check.series) == 8
    period, treated_mean, comparison_mean = check.series[0]
    assert period == 0
    assert treated_mean == pytest.approx(data[(data.month == 0) & data.treated_area]["y"].mean())
    assert comparison_mean == pytest.approx(data[(data.month == 0) & ~data.treated_area]["y"].mean())
    result = did_panel(data, outcome="y", unit="area", period="month", treated="d")
    assert "pre_trend_untestable" in [c.code for c in result.caveats]


def test_placebo_areas_for_one_treated_area_match_an_independent_loop():
    data = organ_donations()
    result = did_panel(data, outcome="Rate", unit="State", period="t", treated="Treated")
    placebo = result.details["placebo"]
    others = data[data["State"] != "California"]
    expected = {}
    for state in others["State"].unique():
        fake = others.assign(D=((others["State"] == state) & (others["t"] >= 3)).astype(int))
        expected[state] = smf.ols("Rate ~ D + C(State) + C(Quarter)", fake).fit().params["D"]
    assert placebo["estimates"] == pytest.approx(expected, abs=1e-12)
    as_large = sum(abs(value) >= abs(result.effect) for value in expected.values())
    assert placebo["as_large"] == as_large == 4
    assert placebo["p_value"] == pytest.approx(5 / 27)
    # 27 areas: enough for the cluster-robust interval, so no placebo caveat is shown.
    assert "placebo_areas" not in [c.code for c in result.caveats]


def test_few_areas_show_the_placebo_test_and_its_floor():
    data = _panel(units=6, treated=1, periods=10, start=6, pre_gap_slope=0.0, effect=-3.0, seed=2)
    result = did_panel(data, outcome="y", unit="area", period="month", treated="d")
    assert result.p_value < 0.001  # the cluster-robust p-value looks convincing …
    placebo = result.details["placebo"]
    assert placebo["p_value"] == placebo["minimum_p_value"] == pytest.approx(1 / 6)  # … this cannot
    caveat = next(c for c in result.caveats if c.code == "placebo_areas")
    assert not caveat.blocking
    assert "niet kleiner worden dan 0,167" in caveat.text()
    assert "few_clusters" in [c.code for c in result.caveats]
