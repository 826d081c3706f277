"""Did the treated and comparison areas trend alike before the start?"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._data import as_indicator, finite_or_none, to_pandas
from .result import DesignStrength, PreTrendResult, Result

MIN_PRE_PERIODS = 3
ALPHA = 0.10
MAX_RELATIVE_DIVERGENCE = 0.20
MIN_CLUSTERS = 10


def pre_trend_check(
    data: Any,
    *,
    outcome: str,
    unit: str,
    period: str,
    treated_unit: str,
    intervention_start: Any,
    alpha: float = ALPHA,
    max_relative_divergence: float = MAX_RELATIVE_DIVERGENCE,
) -> PreTrendResult:
    """Difference in linear pre-period trend between treated and comparison units.

    On the periods before ``intervention_start`` fits
    ``outcome ~ C(unit) + C(period) + treated_unit × time`` (time = the period's position); the
    coefficient of the interaction is the difference in slope per period. Standard errors are
    clustered by unit when there are at least 10 units, conventional otherwise (with few units a
    cluster-robust standard error is too small). The trends *differ* when ``p < alpha`` (0.10),
    or when the slope difference accumulated over the pre-period is more than
    ``max_relative_divergence`` (20 %) of the treated units' mean pre-period level.
    Needs at least 3 periods before the start; with fewer the check is not testable.
    """
    from statsmodels.regression.linear_model import OLS  # a heavy import: only when estimating

    frame = to_pandas(data, [outcome, unit, period, treated_unit])
    frame = frame.assign(
        _y=pd.to_numeric(frame[outcome]).astype(float),
        _g=as_indicator(frame[treated_unit], treated_unit),
    )
    periods = sorted(set(frame[period]))
    position = {value: index for index, value in enumerate(periods)}
    frame = frame.assign(_time=frame[period].map(position).astype(float))
    series = _series(frame, period, periods)
    pre = frame[frame[period].map(lambda value: value < intervention_start)].reset_index(drop=True)
    pre_periods = len(set(pre[period]))
    groups_present = set(pre["_g"]) == {0.0, 1.0}
    if pre_periods < MIN_PRE_PERIODS or not groups_present:
        return PreTrendResult(None, False, False, pre_periods, None, series)

    unit_dummies = pd.get_dummies(pre[unit], prefix="u", drop_first=True, dtype=float)
    period_dummies = pd.get_dummies(pre[period].astype(str), prefix="p", drop_first=True, dtype=float)
    y = pre["_y"].to_numpy()
    interaction = (pre["_g"] * pre["_time"]).to_numpy()
    exog = np.column_stack([np.ones_like(y), interaction, unit_dummies.to_numpy(), period_dummies.to_numpy()])
    n_units = pre[unit].nunique()
    model = OLS(y, exog)
    if n_units >= MIN_CLUSTERS:
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(pre[unit])[0]}, use_t=True)
    else:
        fit = model.fit()
    if fit.df_resid <= 0:
        return PreTrendResult(None, False, False, pre_periods, None, series)
    slope = float(fit.params[1])
    low, high = fit.conf_int(alpha=0.05)[1]
    p_value = finite_or_none(fit.pvalues[1])
    level = float(np.abs(pre.loc[pre["_g"] == 1, "_y"].mean()))
    divergence = abs(slope) * (pre_periods - 1) / level if level > 0 else None
    differs = (p_value is not None and p_value < alpha) or (
        divergence is not None and divergence > max_relative_divergence
    )
    result = Result(
        effect=slope,
        se=finite_or_none(fit.bse[1]),
        ci_low=finite_or_none(low),
        ci_high=finite_or_none(high),
        p_value=p_value,
        n=len(y),
        method="pre_trend",
        design_strength=DesignStrength("moderate", "comparison_panel"),
        scale="difference",
        details={"clustered": n_units >= MIN_CLUSTERS},
    )
    return PreTrendResult(result, bool(differs), True, pre_periods, divergence, series)


def _series(
    frame: pd.DataFrame, period: str, periods: list[Any]
) -> tuple[tuple[Any, float | None, float | None], ...]:
    means = frame.groupby([period, "_g"])["_y"].mean()
    rows = []
    for value in periods:
        treated = means.get((value, 1.0))
        comparison = means.get((value, 0.0))
        rows.append(
            (
                value,
                None if treated is None else float(treated),
                None if comparison is None else float(comparison),
            )
        )
    return tuple(rows)
