"""Property-based tests: estimates do not depend on row order, flip sign with the outcome's
polarity, invert when before and after swap, and small numbers are never presented as reliable."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koers.stats import (
    did_2x2,
    did_panel,
    interpret,
    interrupted_time_series,
    rate_change,
    weighted_displacement_difference,
)

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _did_frame(seed: int, rows_per_cell: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for treated in (0, 1):
        for post in (0, 1):
            for _ in range(rows_per_cell):
                y = 20 + 3 * treated + 2 * post - 4 * treated * post + rng.normal(0, 2)
                rows.append({"y": y, "treated": treated, "post": post})
    return pd.DataFrame(rows)


def _panel(seed: int, units: int, periods: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(units):
        level = rng.normal(30, 4)
        for t in range(periods):
            d = int(u < 2 and t >= periods // 2)
            rows.append(
                {"unit": f"u{u}", "period": t, "d": d, "y": level + t * 0.3 - 2 * d + rng.normal(0, 1)}
            )
    return pd.DataFrame(rows)


@FAST
@given(seed=st.integers(0, 10_000), rows=st.integers(2, 6), order_seed=st.integers(0, 10_000))
def test_did_2x2_row_order_and_polarity(seed, rows, order_seed):
    data = _did_frame(seed, rows)
    base = did_2x2(data, outcome="y", treated="treated", post="post", robust=True)
    shuffled = data.sample(frac=1, random_state=order_seed)
    again = did_2x2(shuffled, outcome="y", treated="treated", post="post", robust=True)
    assert again.effect == pytest.approx(base.effect, abs=1e-9)
    assert again.se == pytest.approx(base.se, rel=1e-9)
    negated = did_2x2(data.assign(y=-data["y"]), outcome="y", treated="treated", post="post", robust=True)
    assert negated.effect == pytest.approx(-base.effect, abs=1e-9)
    assert negated.se == pytest.approx(base.se, rel=1e-9)
    assert negated.ci_low == pytest.approx(-base.ci_high, abs=1e-9)
    assert interpret(negated, higher_is_better=False) == interpret(base, higher_is_better=True)


@FAST
@given(seed=st.integers(0, 10_000), units=st.integers(4, 9), order_seed=st.integers(0, 10_000))
def test_did_panel_row_order_and_polarity(seed, units, order_seed):
    data = _panel(seed, units, 6)
    base = did_panel(data, outcome="y", unit="unit", period="period", treated="d")
    again = did_panel(
        data.sample(frac=1, random_state=order_seed), outcome="y", unit="unit", period="period", treated="d"
    )
    assert again.effect == pytest.approx(base.effect, abs=1e-9)
    assert again.se == pytest.approx(base.se, rel=1e-7)
    assert again.reliable == base.reliable
    negated = did_panel(data.assign(y=-data["y"]), outcome="y", unit="unit", period="period", treated="d")
    assert negated.effect == pytest.approx(-base.effect, abs=1e-9)
    assert negated.se == pytest.approx(base.se, rel=1e-7)
    assert negated.reliable == base.reliable


@FAST
@given(seed=st.integers(0, 10_000), order_seed=st.integers(0, 10_000))
def test_its_row_order_and_polarity(seed, order_seed):
    rng = np.random.default_rng(seed)
    t = np.arange(24)
    y = 50 + 0.5 * t - 6 * (t >= 12) + rng.normal(0, 1.5, 24)
    data = pd.DataFrame({"p": t, "y": y})
    base = interrupted_time_series(data, outcome="y", period="p", intervention_start=12)
    again = interrupted_time_series(
        data.sample(frac=1, random_state=order_seed), outcome="y", period="p", intervention_start=12
    )
    assert again.level_change.effect == pytest.approx(base.level_change.effect, abs=1e-9)
    assert again.slope_change.se == pytest.approx(base.slope_change.se, rel=1e-9)
    negated = interrupted_time_series(data.assign(y=-y), outcome="y", period="p", intervention_start=12)
    assert negated.level_change.effect == pytest.approx(-base.level_change.effect, abs=1e-9)
    assert negated.slope_change.effect == pytest.approx(-base.slope_change.effect, abs=1e-9)
    assert negated.level_change.se == pytest.approx(base.level_change.se, rel=1e-9)


@FAST
@given(
    pre=st.integers(1, 500),
    post=st.integers(1, 500),
    pre_exposure=st.floats(0.5, 20),
    post_exposure=st.floats(0.5, 20),
)
def test_rate_ratio_inverts_when_before_and_after_swap(pre, post, pre_exposure, post_exposure):
    forward = rate_change(pre, post, pre_exposure, post_exposure)
    backward = rate_change(post, pre, post_exposure, pre_exposure)
    assert backward.effect == pytest.approx(1 / forward.effect, rel=1e-9)
    assert backward.ci_low == pytest.approx(1 / forward.ci_high, rel=1e-6)
    assert backward.ci_high == pytest.approx(1 / forward.ci_low, rel=1e-6)
    assert backward.p_value == pytest.approx(forward.p_value, rel=1e-9)
    assert backward.reliable == forward.reliable
    assert forward.ci_low <= forward.effect <= forward.ci_high


@FAST
@given(counts=st.lists(st.integers(0, 400), min_size=4, max_size=4))
def test_wdd_flips_sign_when_before_and_after_swap(counts):
    t0, t1, c0, c1 = counts
    forward = weighted_displacement_difference(t0, t1, c0, c1)
    backward = weighted_displacement_difference(t1, t0, c1, c0)
    assert backward.effect == -forward.effect
    assert backward.se == forward.se
    assert backward.p_value == forward.p_value


@FAST
@given(small=st.integers(0, 4), other=st.integers(0, 1000), which=st.sampled_from(["pre", "post"]))
def test_rate_change_with_fewer_than_five_events_is_never_reliable(small, other, which):
    result = rate_change(small, other) if which == "pre" else rate_change(other, small)
    assert not result.reliable
    assert any(c.blocking and c.code in ("few_events", "zero_count") for c in result.caveats)
    assert interpret(result, higher_is_better=False) == "unclear"


@FAST
@given(
    small=st.integers(0, 4),
    others=st.lists(st.integers(5, 1000), min_size=3, max_size=3),
    position=st.integers(0, 3),
)
def test_wdd_with_a_small_cell_is_never_reliable(small, others, position):
    counts = list(others)
    counts.insert(position, small)
    result = weighted_displacement_difference(*counts)
    assert not result.reliable
