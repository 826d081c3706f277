"""The result objects every estimator returns."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from . import texts

Strength = Literal["weak", "moderate", "strong"]
Scale = Literal["rate_ratio", "difference", "count_difference"]


@dataclass(frozen=True)
class Caveat:
    """Something the reader must know about an estimate.

    ``code`` is a stable key (see ``texts.CAVEATS``); ``params`` fill the text. A *blocking*
    caveat means the estimate must not be presented as reliable.
    """

    code: str
    blocking: bool = False
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, language: str = "nl") -> str:
        values: dict[str, str] = {}
        for name, value in self.params.items():
            if name == "where" and value in texts.WHERE:
                values[name] = texts.pick(texts.WHERE, value, language)
            else:
                values[name] = texts.format_number(value, language)
        return texts.pick(texts.CAVEATS, self.code, language).format(**values)


@dataclass(frozen=True)
class DesignStrength:
    """How much the design can tell about cause and effect, with the reason.

    ``level`` is ``weak``, ``moderate`` or ``strong`` (``zwak``/``matig``/``sterk``).
    """

    level: Strength
    reason: str

    def label(self, language: str = "nl") -> str:
        return texts.pick(texts.STRENGTHS, self.level, language)

    def reason_text(self, language: str = "nl") -> str:
        return texts.pick(texts.STRENGTH_REASONS, self.reason, language)


@dataclass(frozen=True)
class Result:
    """One effect estimate with its uncertainty.

    ``effect`` is on ``scale``: a ratio for ``rate_ratio`` (1 = no change; ``se`` is then the
    standard error of the natural logarithm of the ratio), a difference otherwise (0 = no change).
    Values that cannot be computed (a ratio with a zero count, a standard error without residual
    degrees of freedom) are ``None``.
    """

    effect: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    n: int
    method: str
    design_strength: DesignStrength
    caveats: tuple[Caveat, ...] = ()
    scale: Scale = "difference"
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def reliable(self) -> bool:
        """False when any caveat blocks, or when the estimate or its interval is missing."""
        if any(c.blocking for c in self.caveats):
            return False
        return None not in (self.effect, self.ci_low, self.ci_high, self.p_value)

    @property
    def percent_change(self) -> float | None:
        """For a ratio: the change in percent (0.8 -> -20.0). None on other scales."""
        return _percent(self.effect) if self.scale == "rate_ratio" else None

    @property
    def percent_ci(self) -> tuple[float | None, float | None] | None:
        """For a ratio: the 95 % interval as percent change."""
        if self.scale != "rate_ratio":
            return None
        return (_percent(self.ci_low), _percent(self.ci_high))

    @property
    def null_value(self) -> float:
        """The value meaning 'no effect' on this scale."""
        return 1.0 if self.scale == "rate_ratio" else 0.0

    def method_text(self, language: str = "nl") -> str:
        return texts.pick(texts.METHODS, self.method, language)

    def scale_text(self, language: str = "nl") -> str:
        return texts.pick(texts.SCALES, self.scale, language)

    def caveat_texts(self, language: str = "nl") -> list[str]:
        return [c.text(language) for c in self.caveats]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready, language-neutral copy (keys and numbers), with ``reliable`` and, on the
        ratio scale, ``percent_change``; for storing a result with an evaluation."""
        data = _plain(self)
        data["reliable"] = self.reliable
        data["percent_change"] = self.percent_change
        return data


@dataclass(frozen=True)
class PreTrendResult:
    """Whether the treated and comparison areas trended alike before the start.

    ``slope_difference`` is the treated minus comparison difference in linear trend per period
    (None when it cannot be tested); ``series`` holds ``(period, treated mean, comparison mean)``
    for the pre-trend picture, before and after the start.
    """

    slope_difference: Result | None
    differs: bool
    testable: bool
    pre_periods: int
    relative_divergence: float | None
    series: tuple[tuple[Any, float | None, float | None], ...]


@dataclass(frozen=True)
class ITSResult:
    """Interrupted time series: a level change and a slope change, each a full result."""

    level_change: Result
    slope_change: Result
    pre_slope: float
    n: int
    pre_periods: int
    post_periods: int
    maxlags: int
    seasonal: str | None

    @property
    def reliable(self) -> bool:
        return self.level_change.reliable and self.slope_change.reliable

    @property
    def caveats(self) -> tuple[Caveat, ...]:
        return self.level_change.caveats

    def to_dict(self) -> dict[str, Any]:
        data = _plain(self)
        data["level_change"] = self.level_change.to_dict()
        data["slope_change"] = self.slope_change.to_dict()
        data["reliable"] = self.reliable
        return data


@dataclass(frozen=True)
class WDDResult(Result):
    """Weighted displacement difference; ``relative`` is the ratio of after/before ratios
    (target over control) with its interval, ``wdq`` the weighted displacement quotient when a
    buffer is given."""

    local: float = 0.0
    displacement: float | None = None
    relative: Result | None = None
    wdq: float | None = None


def _plain(value: Any) -> Any:
    """Dataclasses, mappings and sequences as plain JSON types; numpy numbers as Python numbers;
    anything else (a date, a period) as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "item"):  # numpy scalar
        return _plain(value.item())
    return str(value)


def _percent(ratio: float | None) -> float | None:
    if ratio is None or math.isinf(ratio):
        return None
    return (ratio - 1.0) * 100.0


def interpret(result: Result, *, higher_is_better: bool) -> Literal["better", "worse", "unclear"]:
    """Direction of a reliable estimate given the indicator's polarity.

    ``better``/``worse`` only when the 95 % interval excludes 'no effect' and the result is
    reliable; otherwise ``unclear``.
    """
    if not result.reliable or result.ci_low is None or result.ci_high is None:
        return "unclear"
    null = result.null_value
    if result.ci_low > null:
        up = True
    elif result.ci_high < null:
        up = False
    else:
        return "unclear"
    return "better" if up == higher_is_better else "worse"
