"""Before/after rate ratio: references and cross-checks.

Reference: R's ``poisson.test`` (package stats), whose help page gives the two-sample example
"eba1977, compare Fredericia to other three cities for ages 55-59":
``poisson.test(c(11, 6+8+7), c(800, 1083+1050+878))`` prints rate ratio 1.971488, 95 % interval
0.8584264 to 4.2772659, p-value = 0.07967, expected count1 = 6.7174. A second printed output
(``poisson.test(c(2, 13), c(5, 5))``): rate ratio 0.1538462, interval 0.01685531 to 0.67955077,
p-value = 0.007385, expected count1 = 7.5. In Koers's terms the first count is the period after
the start, the second the period before.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats as sps

from koers.stats import rate_change


def test_reproduces_r_poisson_test_eba1977():
    result = rate_change(pre_count=21, post_count=11, pre_exposure=3011, post_exposure=800)
    assert round(result.effect, 6) == 1.971488
    assert round(result.ci_low, 7) == 0.8584264
    assert round(result.ci_high, 7) == 4.2772659
    assert round(result.p_value, 5) == 0.07967
    assert round(result.details["expected_post_count"], 4) == 6.7174
    assert result.scale == "rate_ratio"
    assert result.n == 32
    assert result.reliable


def test_reproduces_r_poisson_test_small_counts_and_flags_them():
    result = rate_change(pre_count=13, post_count=2, pre_exposure=5, post_exposure=5)
    assert round(result.effect, 7) == 0.1538462
    assert round(result.ci_low, 8) == 0.01685531
    assert round(result.ci_high, 8) == 0.67955077
    assert round(result.p_value, 6) == 0.007385
    assert round(result.details["expected_post_count"], 1) == 7.5
    # Two events after the start: fewer than five, so not presented as reliable.
    assert not result.reliable
    assert [c.code for c in result.caveats if c.blocking] == ["few_events"]
    assert "Minder dan 5 voorvallen" in result.caveat_texts()[0]
    assert "Fewer than 5 events" in result.caveat_texts("en")[0]


def test_ratio_and_percent_change_are_both_given():
    result = rate_change(200, 150)
    assert result.effect == pytest.approx(0.75)
    assert result.percent_change == pytest.approx(-25.0)
    low, high = result.percent_ci
    assert low == pytest.approx((result.ci_low - 1) * 100)
    assert high == pytest.approx((result.ci_high - 1) * 100)


@pytest.mark.filterwarnings("ignore::statsmodels.tools.sm_exceptions.PerfectSeparationWarning")
@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
def test_wald_interval_matches_a_poisson_glm_with_offset():
    """Cross-check: the Wald interval on log(RR) equals a Poisson GLM with log-exposure offset."""
    pre, post, pre_exp, post_exp = 87, 61, 12.0, 10.0
    result = rate_change(pre, post, pre_exp, post_exp)
    exog = np.array([[1.0, 0.0], [1.0, 1.0]])
    glm = sm.GLM(
        np.array([pre, post], dtype=float),
        exog,
        family=sm.families.Poisson(),
        offset=np.log([pre_exp, post_exp]),
    ).fit()
    assert math.exp(glm.params[1]) == pytest.approx(result.effect, rel=1e-9)
    assert glm.bse[1] == pytest.approx(result.se, rel=1e-6)
    low, high = np.exp(glm.conf_int()[1])
    assert result.details["wald_ci"][0] == pytest.approx(low, rel=1e-6)
    assert result.details["wald_ci"][1] == pytest.approx(high, rel=1e-6)
    # The exact interval is a little wider than the Wald interval, and contains the estimate.
    assert result.ci_low < result.effect < result.ci_high
    assert result.ci_low < low and result.ci_high > high


def test_exact_test_is_scipy_binomial_test_on_the_conditional_split():
    result = rate_change(40, 25, 2.0, 1.0)
    direct = sps.binomtest(25, 65, 1.0 / 3.0)
    assert result.p_value == pytest.approx(direct.pvalue)


@pytest.mark.parametrize(
    ("pre", "post"),
    [(0, 0), (0, 7), (7, 0), (3, 4), (4, 30), (30, 4)],
)
def test_small_and_zero_counts_never_crash_and_are_not_reliable(pre, post):
    result = rate_change(pre, post)
    assert not result.reliable
    assert any(c.blocking for c in result.caveats)
    assert result.design_strength.level == "weak"
    assert result.design_strength.label() == "zwak"


def test_zero_before_gives_no_ratio_but_a_lower_bound():
    result = rate_change(0, 7)
    assert result.effect is None
    assert result.ci_high is None
    assert result.ci_low is not None and result.ci_low > 0
    assert [c.code for c in result.caveats if c.blocking] == ["zero_count"]


def test_zero_after_gives_ratio_zero():
    result = rate_change(7, 0)
    assert result.effect == 0.0
    assert result.ci_low == 0.0
    assert result.percent_change == -100.0


def test_invalid_input_is_refused():
    with pytest.raises(ValueError):
        rate_change(-1, 3)
    with pytest.raises(ValueError):
        rate_change(2.5, 3)
    with pytest.raises(ValueError):
        rate_change(2, 3, pre_exposure=0)
