"""Interrupted time series: segmented regression with Newey–West standard errors."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from typing import Any

import numpy as np
import pandas as pd

from ._data import finite_or_none, is_count, to_pandas
from .result import Caveat, DesignStrength, ITSResult, Result

MIN_SEGMENT = 8
RECOMMENDED_SEGMENT = 12
MIN_EVENTS = 5
MIN_MONTHS_FOR_SEASON = 24

_MONTH_PATTERNS = (re.compile(r"^\d{4}MM(\d{2})$"), re.compile(r"^\d{4}-(\d{2})(?:-\d{2})?$"))


def newey_west_lags(n: int) -> int:
    """The Newey–West (1994) rule of thumb: floor(4·(n/100)^(2/9)), at least 1."""
    return max(1, math.floor(4 * (n / 100) ** (2 / 9)))


def interrupted_time_series(
    data: Any,
    *,
    outcome: str,
    period: str,
    intervention_start: Any,
    seasonal: str | None = None,
    maxlags: int | None = None,
    count_outcome: bool | None = None,
    min_segment: int = MIN_SEGMENT,
) -> ITSResult:
    """Segmented regression ``y = b0 + b1·t + b2·post + b3·(t − t0)·post`` (+ month dummies).

    One row per period, equally spaced, sorted by ``period``; ``t`` is the position (0, 1, …),
    ``t0`` the position of the first period on or after ``intervention_start``. ``b2`` is the
    level change at the start, ``b3`` the change in slope per period. Standard errors are
    Newey–West (Bartlett kernel, ``maxlags`` by default floor(4·(n/100)^(2/9)), small-sample
    factor n/(n−k), t distribution) as Stata's ``newey`` reports them.

    ``seasonal="month"`` adds 11 month dummies; the month is read from dates, pandas periods,
    ``YYYY-MM`` or CBS ``YYYYMMnn`` codes. Fewer than ``min_segment`` (8) periods on either side
    makes the result unreliable.
    """
    from statsmodels.regression.linear_model import OLS  # a heavy import: only when estimating

    if seasonal not in (None, "month"):
        raise ValueError("seasonal must be None or 'month'.")
    frame = to_pandas(data, [outcome, period]).sort_values(period, kind="stable").reset_index(drop=True)
    if frame[period].duplicated().any():
        raise ValueError("Each period may appear only once.")
    y = pd.to_numeric(frame[outcome]).to_numpy(dtype=float)
    n = len(y)
    post = frame[period].map(lambda value: value >= intervention_start).to_numpy(dtype=float)
    pre_periods = int((post == 0).sum())
    post_periods = n - pre_periods
    if pre_periods == 0 or post_periods == 0:
        raise ValueError("The series needs periods before and after the start.")
    time = np.arange(n, dtype=float)
    t0 = float(pre_periods)
    columns = [np.ones(n), time, post, (time - t0) * post]
    caveats: list[Caveat] = []
    if min(pre_periods, post_periods) < min_segment:
        caveats.append(
            Caveat(
                "too_few_periods",
                blocking=True,
                params={"pre": pre_periods, "post": post_periods, "minimum": min_segment},
            )
        )
    elif min(pre_periods, post_periods) < RECOMMENDED_SEGMENT:
        caveats.append(
            Caveat(
                "short_series",
                params={"pre": pre_periods, "post": post_periods, "recommended": RECOMMENDED_SEGMENT},
            )
        )
    if _has_gaps(frame[period]):
        caveats.append(Caveat("gaps_in_series"))
    if seasonal == "month":
        months = np.array([_month(value) for value in frame[period]])
        if n < MIN_MONTHS_FOR_SEASON:
            caveats.append(
                Caveat(
                    "too_few_for_season",
                    blocking=True,
                    params={"minimum": MIN_MONTHS_FOR_SEASON, "periods": n},
                )
            )
        else:
            for month in range(2, 13):
                columns.append((months == month).astype(float))
    counts = is_count(y) if count_outcome is None else count_outcome
    if counts:
        for where, mask in (("series_pre", post == 0), ("series_post", post == 1)):
            if y[mask].sum() < MIN_EVENTS:
                caveats.append(
                    Caveat("few_events", blocking=True, params={"minimum": MIN_EVENTS, "where": where})
                )
        if y.mean() < MIN_EVENTS:
            caveats.append(Caveat("small_counts_linear", params={"minimum": MIN_EVENTS}))
    exog = np.column_stack(columns)
    lags = newey_west_lags(n) if maxlags is None else int(maxlags)
    if n - exog.shape[1] <= 0:
        raise ValueError("Too few periods for this model.")
    fit = OLS(y, exog).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True)
    intervals = fit.conf_int(alpha=0.05)
    strength = DesignStrength("moderate", "time_series")

    def part(index: int, method: str) -> Result:
        return Result(
            effect=float(fit.params[index]),
            se=finite_or_none(fit.bse[index]),
            ci_low=finite_or_none(intervals[index][0]),
            ci_high=finite_or_none(intervals[index][1]),
            p_value=finite_or_none(fit.pvalues[index]),
            n=n,
            method=method,
            design_strength=strength,
            caveats=tuple(caveats),
            scale="difference",
            details={"maxlags": lags, "seasonal": seasonal},
        )

    return ITSResult(
        level_change=part(2, "its_level"),
        slope_change=part(3, "its_slope"),
        pre_slope=float(fit.params[1]),
        n=n,
        pre_periods=pre_periods,
        post_periods=post_periods,
        maxlags=lags,
        seasonal=seasonal,
    )


def _month(value: Any) -> int:
    if isinstance(value, pd.Period | pd.Timestamp | dt.date):
        return int(value.month)
    if isinstance(value, np.datetime64):
        return int(pd.Timestamp(value).month)
    text = str(value).strip()
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            month = int(match.group(1))
            if 1 <= month <= 12:
                return month
    raise ValueError(f"Cannot read a month from period {value!r}.")


def _has_gaps(periods: pd.Series) -> bool:
    values = list(periods)
    if all(isinstance(v, int | np.integer) for v in values) and len(values) > 2:
        steps = {int(b) - int(a) for a, b in itertools.pairwise(values)}
        return len(steps) > 1
    return False
