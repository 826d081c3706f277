"""Weighted displacement difference: the published example and cross-checks.

Reference: Wheeler, A.P. & Ratcliffe, J.H. (2018). "A simple weighted displacement difference
test to evaluate place based crime interventions". Crime Science 7:11. Worked example: target
area 207 before and 110 after, its control area 308 and 318, displacement buffer 178 and 157, the
buffer's control area 150 and 140. The paper reports WDD = −118, variance 1568 (standard error
√1568 ≈ 39.6), z = −2.98, and a 95 % interval of −196 to −40. (The same figures are the reference
test of the authors' R package ptools.)
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats as sps

from koers.stats import weighted_displacement_difference

PAPER = {
    "treated_pre": 207,
    "treated_post": 110,
    "control_pre": 308,
    "control_post": 318,
    "displacement_pre": 178,
    "displacement_post": 157,
    "displacement_control_pre": 150,
    "displacement_control_post": 140,
}


def test_reproduces_wheeler_and_ratcliffe_worked_example():
    result = weighted_displacement_difference(**PAPER)
    assert result.effect == -118
    assert result.details["variance"] == 1568
    assert result.se == pytest.approx(math.sqrt(1568))
    assert round(result.details["z"], 2) == -2.98
    assert round(result.ci_low) == -196
    assert round(result.ci_high) == -40
    assert result.local == -107 and result.displacement == -11
    assert result.p_value == pytest.approx(2 * sps.norm.sf(118 / math.sqrt(1568)))
    assert result.scale == "count_difference"
    assert result.reliable


def test_weighted_displacement_quotient_by_hand():
    result = weighted_displacement_difference(**PAPER)
    expected = (157 / 318 - 178 / 308) / (110 / 318 - 207 / 308)
    assert result.wdq == pytest.approx(expected)
    assert result.wdq > 0  # a positive quotient: benefits diffused into the buffer


def test_without_buffer_only_the_target_and_control_count():
    result = weighted_displacement_difference(207, 110, 308, 318)
    assert result.effect == -107
    assert result.details["variance"] == 207 + 110 + 308 + 318
    assert result.displacement is None and result.wdq is None


@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.PerfectSeparationWarning")
@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
def test_relative_effect_matches_a_poisson_glm_with_interaction():
    result = weighted_displacement_difference(**PAPER)
    relative = result.relative
    assert relative is not None and relative.scale == "rate_ratio"
    counts = np.array([207, 110, 308, 318], dtype=float)
    treated = np.array([1, 1, 0, 0.0])
    post = np.array([0, 1, 0, 1.0])
    glm = sm.GLM(
        counts, np.column_stack([np.ones(4), treated, post, treated * post]), family=sm.families.Poisson()
    ).fit(tol=1e-13)
    assert relative.effect == pytest.approx(math.exp(glm.params[3]))
    assert relative.se == pytest.approx(glm.bse[3], rel=1e-6)
    low, high = np.exp(glm.conf_int()[3])
    assert (relative.ci_low, relative.ci_high) == pytest.approx((low, high), rel=1e-6)
    assert relative.percent_change == pytest.approx((110 / 207) / (318 / 308) * 100 - 100)


def test_small_counts_are_not_reliable():
    result = weighted_displacement_difference(4, 1, 30, 28)
    assert not result.reliable
    assert [c.params["where"] for c in result.caveats if c.code == "few_events"] == [
        "treated_pre",
        "treated_post",
    ]
    assert "het aanpakgebied vóór de start" in result.caveat_texts()[0]


def test_small_buffer_counts_warn_without_blocking():
    result = weighted_displacement_difference(40, 20, 50, 52, 3, 2, 10, 9)
    assert result.reliable
    assert "displacement_area_small_counts" in [c.code for c in result.caveats]


def test_all_zero_counts_do_not_crash():
    result = weighted_displacement_difference(0, 0, 0, 0)
    assert result.effect == 0 and result.se is None and result.p_value is None
    assert result.relative is None
    assert not result.reliable


def test_incomplete_buffer_or_bad_counts_are_refused():
    with pytest.raises(ValueError):
        weighted_displacement_difference(10, 8, 12, 12, displacement_pre=5)
    with pytest.raises(ValueError):
        weighted_displacement_difference(10, -1, 12, 12)
