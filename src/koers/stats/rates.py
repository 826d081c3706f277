"""Before/after change of a count or rate: the exact Poisson rate ratio."""

from __future__ import annotations

import math

from ._data import Z95
from .result import Caveat, DesignStrength, Result

MIN_EVENTS = 5


def rate_change(
    pre_count: int,
    post_count: int,
    pre_exposure: float = 1,
    post_exposure: float = 1,
    *,
    min_events: int = MIN_EVENTS,
) -> Result:
    """Rate ratio (post rate / pre rate) with an exact conditional interval and test.

    Given the total ``N = pre + post``, the post count is binomial with probability
    ``p = R·Ep / (R·Ep + Eb)`` (R the rate ratio, Ep/Eb the exposures). The p-value is the exact
    two-sided binomial test of ``R = 1`` (probabilities no larger than the observed one), the
    interval the Clopper–Pearson interval for ``p`` mapped to ``R = p/(1-p) · Eb/Ep``; this is
    what R's ``poisson.test`` does. ``se`` is the Wald standard error of log(R),
    ``sqrt(1/pre + 1/post)``; ``details`` hold the Wald interval as a cross-check.
    """
    from scipy import stats as sps  # a heavy import: only when estimating

    if pre_count < 0 or post_count < 0 or int(pre_count) != pre_count or int(post_count) != post_count:
        raise ValueError("Counts must be non-negative whole numbers.")
    if pre_exposure <= 0 or post_exposure <= 0:
        raise ValueError("Exposures must be positive.")
    pre, post = int(pre_count), int(post_count)
    total = pre + post
    caveats: list[Caveat] = []
    for where, count in (("pre", pre), ("post", post)):
        if count == 0:
            caveats.append(Caveat("zero_count", blocking=True, params={"where": where}))
        elif count < min_events:
            caveats.append(
                Caveat("few_events", blocking=True, params={"minimum": min_events, "where": where})
            )
    caveats.append(Caveat("regression_to_mean"))
    caveats.append(Caveat("poisson_assumption"))
    strength = DesignStrength("weak", "before_after")
    scale_factor = pre_exposure / post_exposure  # R = odds · Eb/Ep
    details: dict[str, object] = {
        "pre_count": pre,
        "post_count": post,
        "pre_rate": pre / pre_exposure,
        "post_rate": post / post_exposure,
        "expected_post_count": total * post_exposure / (pre_exposure + post_exposure),
    }
    if total == 0:
        return Result(
            effect=None,
            se=None,
            ci_low=None,
            ci_high=None,
            p_value=None,
            n=0,
            method="rate_change",
            design_strength=strength,
            caveats=tuple(caveats),
            scale="rate_ratio",
            details=details,
        )
    p_null = post_exposure / (pre_exposure + post_exposure)
    test = sps.binomtest(post, total, p_null, alternative="two-sided")
    ci = test.proportion_ci(confidence_level=0.95, method="exact")

    def to_ratio(p: float) -> float | None:
        if p >= 1.0:
            return None  # unbounded
        return float(p / (1.0 - p) * scale_factor)

    ratio = (post / post_exposure) / (pre / pre_exposure) if pre > 0 else None
    se = math.sqrt(1 / pre + 1 / post) if pre > 0 and post > 0 else None
    if ratio is not None and se is not None and ratio > 0:
        details["wald_ci"] = (ratio * math.exp(-Z95 * se), ratio * math.exp(Z95 * se))
    return Result(
        effect=ratio,
        se=se,
        ci_low=to_ratio(ci.low),
        ci_high=to_ratio(ci.high),
        p_value=float(test.pvalue),
        n=total,
        method="rate_change",
        design_strength=strength,
        caveats=tuple(caveats),
        scale="rate_ratio",
        details=details,
    )
