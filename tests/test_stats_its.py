"""Interrupted time series: references and cross-checks.

Reference: Linden (2015), "Conducting interrupted time-series analysis for single- and
multiple-group comparisons", Stata Journal 15(2), with the ``itsa`` package: California's
cigarette sales per capita 1970–2000 (Abadie, Diamond & Hainmueller's Proposition 99 data),
intervention 1989, Newey–West with lag 1. The package's documentation (``power_itsa`` help,
taken from the ``itsa`` example output) gives for California: intercept 132.2258, pre-period
trend −1.779474, change in level in 1989 −20.0581, post-period trend −3.274126 (so the change in
slope is −1.494652). The documentation does not print the standard errors; those are checked
against an independent Newey–West computation (Bartlett weights, factor n/(n−k), t with n−k
degrees of freedom, as Stata's ``newey``) and against statsmodels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from koers.stats import interrupted_time_series, newey_west_lags

CALIFORNIA = [
    123.0, 121.0, 123.5, 124.4, 126.7, 127.1, 128.0, 126.4, 126.1, 121.9, 120.2,
    118.6, 115.4, 110.8, 104.8, 102.8, 99.7, 97.5, 90.1, 82.4, 77.8, 68.7,
    67.5, 63.4, 58.6, 56.4, 54.5, 53.8, 52.3, 47.2, 41.6,
]  # fmt: skip


def california() -> dict[str, list]:
    return {"year": list(range(1970, 2001)), "cigsale": CALIFORNIA}


def newey_west_by_hand(y: np.ndarray, x: np.ndarray, lags: int) -> np.ndarray:
    n, k = x.shape
    bread = np.linalg.inv(x.T @ x)
    residuals = y - x @ (bread @ x.T @ y)
    scores = x * residuals[:, None]
    meat = scores.T @ scores
    for lag in range(1, lags + 1):
        weight = 1 - lag / (lags + 1)
        gamma = scores[lag:].T @ scores[:-lag]
        meat += weight * (gamma + gamma.T)
    return n / (n - k) * bread @ meat @ bread


def test_reproduces_linden_itsa_california():
    result = interrupted_time_series(
        california(), outcome="cigsale", period="year", intervention_start=1989, maxlags=1
    )
    assert round(result.pre_slope, 6) == -1.779474
    assert round(result.level_change.effect, 4) == -20.0581
    assert round(result.slope_change.effect, 6) == -1.494652
    assert round(result.pre_slope + result.slope_change.effect, 6) == -3.274126
    assert result.n == 31 and result.pre_periods == 19 and result.post_periods == 12
    assert result.level_change.method == "its_level"
    assert result.slope_change.method == "its_slope"
    assert result.reliable


def test_newey_west_standard_errors_match_a_by_hand_computation_and_statsmodels():
    data = pd.DataFrame(california())
    for lags in (1, 3):
        result = interrupted_time_series(
            data, outcome="cigsale", period="year", intervention_start=1989, maxlags=lags
        )
        t = np.arange(31.0)
        post = (t >= 19).astype(float)
        x = np.column_stack([np.ones(31), t, post, (t - 19) * post])
        cov = newey_west_by_hand(np.array(CALIFORNIA), x, lags)
        assert result.level_change.se == pytest.approx(np.sqrt(cov[2, 2]), rel=1e-10)
        assert result.slope_change.se == pytest.approx(np.sqrt(cov[3, 3]), rel=1e-10)

        frame = data.assign(t=t, post=post, since=(t - 19) * post)
        reference = smf.ols("cigsale ~ t + post + since", frame).fit(
            cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True
        )
        assert result.level_change.p_value == pytest.approx(reference.pvalues["post"], rel=1e-8)
        low, high = reference.conf_int().loc["since"]
        assert (result.slope_change.ci_low, result.slope_change.ci_high) == pytest.approx((low, high))


def test_default_lag_follows_newey_west_rule():
    assert newey_west_lags(31) == 3
    assert newey_west_lags(100) == 4
    assert newey_west_lags(5) == 2
    assert newey_west_lags(2) == 1
    result = interrupted_time_series(california(), outcome="cigsale", period="year", intervention_start=1989)
    assert result.maxlags == 3


def test_too_few_periods_is_not_reliable():
    data = {"p": list(range(14)), "y": [10.0 + 0.1 * i + (i % 3) for i in range(14)]}
    result = interrupted_time_series(data, outcome="y", period="p", intervention_start=6)
    assert not result.reliable
    caveat = result.level_change.caveats[0]
    assert caveat.code == "too_few_periods" and caveat.blocking
    assert caveat.text() == (
        "6 periodes vóór en 8 na de start; voor een tijdreeksanalyse zijn er minstens 8 aan elke kant nodig."
    )


def test_short_series_gets_a_warning_but_stays_usable():
    data = {"p": list(range(20)), "y": [10.0 + 0.1 * i + (i % 3) for i in range(20)]}
    result = interrupted_time_series(data, outcome="y", period="p", intervention_start=10)
    assert result.reliable
    assert [c.code for c in result.caveats] == ["short_series"]


def _monthly(months: int, start_index: int, level_change: float, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2019-01-01", periods=months, freq="MS")
    season = 8 * np.sin(2 * np.pi * (dates.month.to_numpy() - 1) / 12)
    t = np.arange(months)
    y = 100 + 0.2 * t + season + level_change * (t >= start_index) + rng.normal(0, 1, months)
    return pd.DataFrame({"month": dates, "crimes": np.round(y)})


def test_monthly_seasonality_recovers_the_level_change():
    data = _monthly(48, 24, -12.0, seed=3)
    start = data["month"][24]
    plain = interrupted_time_series(data, outcome="crimes", period="month", intervention_start=start)
    seasonal = interrupted_time_series(
        data, outcome="crimes", period="month", intervention_start=start, seasonal="month"
    )
    assert seasonal.seasonal == "month"
    assert seasonal.level_change.ci_low < -12.0 < seasonal.level_change.ci_high
    assert seasonal.level_change.se < plain.level_change.se
    # The same months as CBS period codes and as YYYY-MM text give the same estimate.
    for fmt in ("%YMM%m", "%Y-%m"):
        coded = data.assign(month=data["month"].dt.strftime(fmt))
        again = interrupted_time_series(
            coded,
            outcome="crimes",
            period="month",
            intervention_start=start.strftime(fmt),
            seasonal="month",
        )
        assert again.level_change.effect == pytest.approx(seasonal.level_change.effect)


def test_seasonality_needs_two_years():
    data = _monthly(20, 10, -12.0, seed=1)
    result = interrupted_time_series(
        data, outcome="crimes", period="month", intervention_start=data["month"][10], seasonal="month"
    )
    assert not result.reliable
    assert "too_few_for_season" in [c.code for c in result.caveats if c.blocking]


def test_few_events_in_a_count_series_is_not_reliable():
    counts = [1, 0, 0, 1, 0, 0, 1, 0, 1, 0] + [0] * 10
    result = interrupted_time_series(
        {"p": list(range(20)), "n": counts}, outcome="n", period="p", intervention_start=10
    )
    assert not result.reliable
    codes = [c.code for c in result.caveats]
    assert "few_events" in codes and "small_counts_linear" in codes


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        interrupted_time_series(
            {"p": [1, 1, 2], "y": [1, 2, 3]}, outcome="y", period="p", intervention_start=2
        )
    with pytest.raises(ValueError):
        interrupted_time_series(california(), outcome="cigsale", period="year", intervention_start=2050)
    with pytest.raises(ValueError):
        interrupted_time_series(
            california(), outcome="cigsale", period="year", intervention_start=1989, seasonal="week"
        )
    with pytest.raises(ValueError):
        interrupted_time_series(
            california(), outcome="cigsale", period="year", intervention_start=1989, seasonal="month"
        )
