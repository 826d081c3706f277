"""Difference-in-differences: the 2×2 design and the two-way fixed effects panel."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._data import as_indicator, finite_or_none, is_count, to_pandas
from .pretrend import pre_trend_check
from .result import Caveat, DesignStrength, PreTrendResult, Result

MIN_EVENTS = 5
MIN_CLUSTERS = 10


def did_2x2(
    data: Any,
    *,
    outcome: str,
    treated: str,
    post: str,
    robust: bool = False,
    count_outcome: bool | None = None,
    min_events: int = MIN_EVENTS,
) -> Result:
    """OLS of ``outcome ~ treated + post + treated:post``; the effect is the interaction.

    One row per observation (area × period, or person × period). ``robust=True`` uses
    heteroskedasticity-robust (HC1) standard errors. The outcome is taken as a count of events
    when every value is a non-negative whole number (override with ``count_outcome``); then a
    cell with fewer than ``min_events`` events makes the result unreliable.
    """
    from statsmodels.regression.linear_model import OLS  # a heavy import: only when estimating

    frame = to_pandas(data, [outcome, treated, post])
    y = pd.to_numeric(frame[outcome]).to_numpy(dtype=float)
    t = as_indicator(frame[treated], treated)
    p = as_indicator(frame[post], post)
    exog = np.column_stack([np.ones_like(y), t, p, t * p])
    caveats: list[Caveat] = []
    cells = [(ti, pi) for ti in (0.0, 1.0) for pi in (0.0, 1.0)]
    cell_sizes = {cell: int(np.sum((t == cell[0]) & (p == cell[1]))) for cell in cells}
    if min(cell_sizes.values()) == 0:
        raise ValueError("Every combination of treated/comparison and before/after needs data.")
    counts = is_count(y) if count_outcome is None else count_outcome
    cell_sums = {cell: float(y[(t == cell[0]) & (p == cell[1])].sum()) for cell in cells}
    if counts and min(cell_sums.values()) < min_events:
        caveats.append(Caveat("few_events", blocking=True, params={"minimum": min_events, "where": "cell"}))
    model = OLS(y, exog)
    if len(y) - 4 <= 0:
        fit = model.fit()
        caveats.append(Caveat("no_variation", blocking=True))
        effect, se, low, high, p_value = float(fit.params[3]), None, None, None, None
    else:
        fit = model.fit(cov_type="HC1") if robust else model.fit()
        effect = float(fit.params[3])
        se = finite_or_none(fit.bse[3])
        low_high = fit.conf_int(alpha=0.05)[3]
        low, high = finite_or_none(low_high[0]), finite_or_none(low_high[1])
        p_value = finite_or_none(fit.pvalues[3])
        if se is None:
            caveats.append(Caveat("no_variation", blocking=True))
    caveats.append(Caveat("parallel_trends_unchecked"))
    means = {
        f"{'treated' if c[0] else 'comparison'}_{'post' if c[1] else 'pre'}": m
        for c, m in _cell_means(y, t, p).items()
    }
    return Result(
        effect=effect,
        se=se,
        ci_low=low,
        ci_high=high,
        p_value=p_value,
        n=len(y),
        method="did_2x2",
        design_strength=DesignStrength("moderate", "comparison_two_periods"),
        caveats=tuple(caveats),
        scale="difference",
        details={
            "cell_means": means,
            "cell_sizes": {str(k): v for k, v in cell_sizes.items()},
            "robust": robust,
        },
    )


def _cell_means(y: np.ndarray, t: np.ndarray, p: np.ndarray) -> dict[tuple[float, float], float]:
    return {(ti, pi): float(y[(t == ti) & (p == pi)].mean()) for ti in (0.0, 1.0) for pi in (0.0, 1.0)}


def did_panel(
    data: Any,
    *,
    outcome: str,
    unit: str,
    period: str,
    treated: str,
    count_outcome: bool | None = None,
    min_events: int = MIN_EVENTS,
    check_pre_trend: bool = True,
) -> Result:
    """Two-way fixed effects: ``outcome ~ D + C(unit) + C(period)``, standard errors clustered
    by unit exactly as statsmodels' ``cov_type="cluster"`` computes them (small-sample
    correction G/(G−1)·(N−1)/(N−K), K counting every unit and period dummy); interval and
    p-value use the t distribution with G−1 degrees of freedom.

    ``treated`` is the treatment indicator D: 1 for a treated unit in a period under treatment,
    0 otherwise (comparison units are 0 throughout). Periods must sort in time order.

    With ``check_pre_trend`` the pre-trend check runs on the periods before the (common) start;
    when the trends differ the result gets a blocking caveat.
    """
    from statsmodels.regression.linear_model import OLS  # a heavy import: only when estimating

    frame = to_pandas(data, [outcome, unit, period, treated])
    y = pd.to_numeric(frame[outcome]).to_numpy(dtype=float)
    d = as_indicator(frame[treated], treated)
    frame = frame.assign(_d=d)
    units = frame[unit]
    treated_units = set(units[d == 1])
    all_units = set(units)
    if not treated_units or treated_units == all_units:
        raise ValueError("The panel needs treated units and comparison units.")
    periods_sorted = sorted(set(frame[period]))
    starts = {u: frame.loc[(units == u) & (frame["_d"] == 1), period].min() for u in treated_units}
    first_start = min(starts.values())
    if first_start == periods_sorted[0]:
        raise ValueError("The panel needs at least one period before the start.")

    unit_dummies = pd.get_dummies(units, prefix="u", drop_first=True, dtype=float)
    period_dummies = pd.get_dummies(frame[period].astype(str), prefix="p", drop_first=True, dtype=float)
    exog = np.column_stack([np.ones_like(y), d, unit_dummies.to_numpy(), period_dummies.to_numpy()])
    groups = pd.factorize(units)[0]
    fit = OLS(y, exog).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)

    caveats: list[Caveat] = []
    counts = is_count(y) if count_outcome is None else count_outcome
    if counts:
        is_post = frame[period].map(lambda value: value >= first_start).to_numpy(dtype=bool)
        is_treated_unit = units.isin(treated_units).to_numpy()
        for tu in (False, True):
            for po in (False, True):
                if y[(is_treated_unit == tu) & (is_post == po)].sum() < min_events:
                    caveats.append(
                        Caveat("few_events", blocking=True, params={"minimum": min_events, "where": "cell"})
                    )
                    break
            else:
                continue
            break
    n_clusters = len(all_units)
    if n_clusters < MIN_CLUSTERS:
        caveats.append(Caveat("few_clusters", params={"clusters": n_clusters, "minimum": MIN_CLUSTERS}))
    if len(treated_units) == 1:
        caveats.append(Caveat("single_treated_unit"))
    staggered = len(set(starts.values())) > 1
    if staggered:
        caveats.append(Caveat("staggered_start"))
    placebo: dict[str, Any] | None = None
    if len(treated_units) == 1 and n_clusters - 1 >= 2:
        placebo = placebo_areas(
            frame,
            outcome=outcome,
            unit=unit,
            period=period,
            treated_unit=next(iter(treated_units)),
            start=first_start,
            effect=float(fit.params[1]),
        )
        if n_clusters < MIN_CLUSTERS:
            caveats.append(
                Caveat(
                    "placebo_areas",
                    params={
                        "areas": placebo["areas"],
                        "as_large": placebo["as_large"],
                        "p_value": placebo["p_value"],
                        "minimum_p": placebo["minimum_p_value"],
                    },
                )
            )

    pre_trend: PreTrendResult | None = None
    if check_pre_trend:
        pre_trend = pre_trend_check(
            frame.assign(_treated_unit=units.isin(treated_units)),
            outcome=outcome,
            unit=unit,
            period=period,
            treated_unit="_treated_unit",
            intervention_start=first_start,
        )
        if pre_trend.differs and pre_trend.slope_difference is not None:
            diff = pre_trend.slope_difference
            caveats.append(
                Caveat(
                    "pre_trends_differ",
                    blocking=True,
                    params={"difference": diff.effect, "p_value": diff.p_value},
                )
            )
        elif not pre_trend.testable:
            caveats.append(Caveat("pre_trend_untestable", params={"minimum": 3}))
    good = (
        pre_trend is not None
        and pre_trend.testable
        and not pre_trend.differs
        and n_clusters >= MIN_CLUSTERS
        and len(treated_units) >= 2
        and not staggered
    )
    strength = (
        DesignStrength("strong", "comparison_panel_checked")
        if good
        else DesignStrength("moderate", "comparison_panel")
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        low, high = fit.conf_int(alpha=0.05)[1]
        se = finite_or_none(fit.bse[1])
        p_value = finite_or_none(fit.pvalues[1])
    return Result(
        effect=float(fit.params[1]),
        se=se,
        ci_low=finite_or_none(low),
        ci_high=finite_or_none(high),
        p_value=p_value,
        n=len(y),
        method="did_panel",
        design_strength=strength,
        caveats=tuple(caveats),
        scale="difference",
        details={
            "clusters": n_clusters,
            "treated_units": len(treated_units),
            "periods": len(periods_sorted),
            "start": first_start,
            "pre_trend": pre_trend,
            "placebo": placebo,
        },
    )


def placebo_areas(
    frame: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    period: str,
    treated_unit: Any,
    start: Any,
    effect: float,
) -> dict[str, Any]:
    """Placebo-area (permutation) test for a panel with one treated area.

    Leaves the treated area out and estimates the same two-way fixed effects model once for
    every comparison area as if it had been treated from ``start``. The p-value is the share of
    all estimates (the real one included) at least as large in absolute value as the real one,
    (1 + #{|placebo| ≥ |effect|}) / (1 + areas); it cannot be smaller than 1 / (1 + areas).
    """
    from statsmodels.regression.linear_model import OLS  # a heavy import: only when estimating

    others = frame[frame[unit] != treated_unit].reset_index(drop=True)
    y = pd.to_numeric(others[outcome]).to_numpy(dtype=float)
    unit_dummies = pd.get_dummies(others[unit], prefix="u", drop_first=True, dtype=float).to_numpy()
    period_dummies = pd.get_dummies(others[period].astype(str), prefix="p", drop_first=True, dtype=float)
    after = others[period].map(lambda value: value >= start).to_numpy(dtype=bool)
    estimates: dict[str, float] = {}
    for area in sorted(set(others[unit]), key=str):
        d = ((others[unit] == area).to_numpy() & after).astype(float)
        exog = np.column_stack([np.ones_like(y), d, unit_dummies, period_dummies.to_numpy()])
        estimates[str(area)] = float(OLS(y, exog).fit().params[1])
    tolerance = 1e-12 * max(1.0, abs(effect))
    as_large = sum(abs(value) >= abs(effect) - tolerance for value in estimates.values())
    areas = len(estimates)
    return {
        "estimates": estimates,
        "areas": areas,
        "as_large": as_large,
        "p_value": (1 + as_large) / (1 + areas),
        "minimum_p_value": 1 / (1 + areas),
    }
