"""Effect estimates for evaluations: pure functions, no Django (see docs/developers/statistics.md)."""

from .did import did_2x2, did_panel
from .its import interrupted_time_series, newey_west_lags
from .pretrend import pre_trend_check
from .rates import rate_change
from .result import Caveat, DesignStrength, ITSResult, PreTrendResult, Result, WDDResult, interpret
from .wdd import weighted_displacement_difference

__all__ = [
    "Caveat",
    "DesignStrength",
    "ITSResult",
    "PreTrendResult",
    "Result",
    "WDDResult",
    "did_2x2",
    "did_panel",
    "interpret",
    "interrupted_time_series",
    "newey_west_lags",
    "pre_trend_check",
    "rate_change",
    "weighted_displacement_difference",
]
