"""Weighted displacement difference (Wheeler & Ratcliffe 2018) for place-based work."""

from __future__ import annotations

import math

from ._data import Z95
from .result import Caveat, DesignStrength, Result, WDDResult

MIN_EVENTS = 5


def weighted_displacement_difference(
    treated_pre: int,
    treated_post: int,
    control_pre: int,
    control_post: int,
    displacement_pre: int | None = None,
    displacement_post: int | None = None,
    displacement_control_pre: int | None = None,
    displacement_control_post: int | None = None,
    *,
    min_events: int = MIN_EVENTS,
) -> WDDResult:
    """WDD = (T1 − T0) − (C1 − C0) [+ (D1 − D0) − (DC1 − DC0)], in counts.

    Under the Poisson assumption each count's variance equals the count, so
    Var(WDD) = T0 + T1 + C0 + C1 [+ D0 + D1 + DC0 + DC1]; z = WDD / sqrt(Var), two-sided normal
    p-value and 95 % interval. A negative WDD means fewer crimes than the control suggests.

    Also returned: ``relative``, the ratio (T1/T0)/(C1/C0) with a log-scale interval
    (SE = sqrt(1/T0 + 1/T1 + 1/C0 + 1/C1)), and with a buffer area ``wdq``, Bowers & Johnson's
    weighted displacement quotient (D1/C1 − D0/C0) / (T1/C1 − T0/C0) with the main control area.
    """
    from scipy import stats as sps  # a heavy import: only when estimating

    buffer = (displacement_pre, displacement_post, displacement_control_pre, displacement_control_post)
    given = [value is not None for value in buffer]
    if any(given) and not all(given):
        raise ValueError("A displacement area needs all four of its counts.")
    counts: dict[str, int | None] = {
        "treated_pre": treated_pre,
        "treated_post": treated_post,
        "control_pre": control_pre,
        "control_post": control_post,
    }
    if all(given):
        counts.update(
            displacement_pre=displacement_pre,
            displacement_post=displacement_post,
            displacement_control_pre=displacement_control_pre,
            displacement_control_post=displacement_control_post,
        )
    for name, value in counts.items():
        if value is None or value < 0 or int(value) != value:
            raise ValueError(f"{name} must be a non-negative whole number.")
    c = {name: int(value) for name, value in counts.items() if value is not None}

    local = (c["treated_post"] - c["treated_pre"]) - (c["control_post"] - c["control_pre"])
    displacement: int | None = None
    if all(given):
        displacement = (c["displacement_post"] - c["displacement_pre"]) - (
            c["displacement_control_post"] - c["displacement_control_pre"]
        )
    estimate = local + (displacement or 0)
    variance = float(sum(c.values()))
    caveats: list[Caveat] = []
    for name in ("treated_pre", "treated_post", "control_pre", "control_post"):
        if c[name] < min_events:
            caveats.append(Caveat("few_events", blocking=True, params={"minimum": min_events, "where": name}))
    for name in (
        "displacement_pre",
        "displacement_post",
        "displacement_control_pre",
        "displacement_control_post",
    ):
        if name in c and c[name] < min_events:
            caveats.append(
                Caveat("displacement_area_small_counts", params={"minimum": min_events, "where": name})
            )
    caveats.append(Caveat("poisson_assumption"))
    caveats.append(Caveat("regression_to_mean"))
    strength = DesignStrength("moderate", "place_based_control")
    if variance > 0:
        se: float | None = math.sqrt(variance)
        z = estimate / math.sqrt(variance)
        p_value: float | None = float(2 * sps.norm.sf(abs(z)))
        low: float | None = estimate - Z95 * math.sqrt(variance)
        high: float | None = estimate + Z95 * math.sqrt(variance)
    else:
        se = z = p_value = low = high = None  # type: ignore[assignment]

    return WDDResult(
        effect=float(estimate),
        se=se,
        ci_low=low,
        ci_high=high,
        p_value=p_value,
        n=sum(c.values()),
        method="wdd",
        design_strength=strength,
        caveats=tuple(caveats),
        scale="count_difference",
        details={"z": z, "variance": variance, "counts": dict(c)},
        local=float(local),
        displacement=None if displacement is None else float(displacement),
        relative=_relative(c, strength, tuple(caveats)),
        wdq=_wdq(c) if all(given) else None,
    )


def _relative(c: dict[str, int], strength: DesignStrength, caveats: tuple[Caveat, ...]) -> Result | None:
    from scipy import stats as sps  # a heavy import: only when estimating

    t0, t1, c0, c1 = c["treated_pre"], c["treated_post"], c["control_pre"], c["control_post"]
    n = t0 + t1 + c0 + c1
    if min(t0, t1, c0, c1) == 0:
        return None
    ratio = (t1 / t0) / (c1 / c0)
    se = math.sqrt(1 / t0 + 1 / t1 + 1 / c0 + 1 / c1)
    z = math.log(ratio) / se
    return Result(
        effect=ratio,
        se=se,
        ci_low=ratio * math.exp(-Z95 * se),
        ci_high=ratio * math.exp(Z95 * se),
        p_value=float(2 * sps.norm.sf(abs(z))),
        n=n,
        method="wdd_relative",
        design_strength=strength,
        caveats=caveats,
        scale="rate_ratio",
    )


def _wdq(c: dict[str, int]) -> float | None:
    c0, c1 = c["control_pre"], c["control_post"]
    if c0 == 0 or c1 == 0:
        return None
    success = c["treated_post"] / c1 - c["treated_pre"] / c0
    if success == 0:
        return None
    return (c["displacement_post"] / c1 - c["displacement_pre"] / c0) / success
