"""Effect estimates in words, for readers who are no statisticians: the estimate with its 95 %
interval, the p-value and the number of observations, the method and the design strength in plain
language, the caveats, and — for an estimate Koers declined — only the reasons, never a figure.

The stored result is ``koers.stats``'s language-neutral ``to_dict()`` (a time series keeps its
level and slope change, each such a dict); the texts of methods, strengths and caveats come from
``koers.stats.texts`` in the active language. The report, the programme summary, the golden
thread and the shared library all word an estimate through this module."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

from koers.stats import texts
from koers.stats.result import Caveat

from .models import EffectEstimate


def language() -> str:
    return translation.get_language() or "nl"


def _number(value: float, decimals: int) -> str:
    text = formats.number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)
    return text.replace("-", "−")


def _decimals(values: Iterable[float | None]) -> int:
    """Enough decimals to show the smallest non-zero value with two significant digits (0 to 3)."""
    smallest = min((abs(v) for v in values if v), default=1.0)
    if smallest >= 10:
        return 0
    if smallest >= 1:
        return 1
    return min(3, 1 - math.floor(math.log10(smallest)))


def _signed(value: float, decimals: int) -> str:
    text = _number(value, decimals)
    return f"+{text}" if round(value, decimals) > 0 else text


def _percent_words(ratio: float) -> str:
    change = (ratio - 1.0) * 100.0
    amount = _number(abs(change), 0)
    if amount == _number(0, 0):
        return _("no change")
    return (_("%(amount)s %% fewer") if change < 0 else _("%(amount)s %% more")) % {"amount": amount}


def p_text(p_value: float | None) -> str:
    if p_value is None:
        return "–"
    if p_value < 0.001:
        return "< " + _number(0.001, 3)
    return _number(p_value, 3)


def main_result(estimate: EffectEstimate) -> Mapping[str, Any]:
    """The result a reader looks at first: the level change of a time series, else the result."""
    result = estimate.result or {}
    level = result.get("level_change")
    return level if isinstance(level, Mapping) else result


def has_figure(result: Mapping[str, Any]) -> bool:
    return result.get("effect") is not None


def effect_text(result: Mapping[str, Any], *, unit: str = "") -> str:
    """The estimate alone: "30 % fewer" (a ratio), "+1.5 crimes" (a difference)."""
    effect = result.get("effect")
    if effect is None:
        return "–"
    if result.get("scale") == "rate_ratio":
        return _percent_words(effect)
    decimals = _decimals([effect, result.get("ci_low"), result.get("ci_high")])
    return " ".join(part for part in (_signed(effect, decimals), unit) if part)


def interval_text(result: Mapping[str, Any], *, unit: str = "") -> str:
    """The 95 % interval: "from 58 % fewer to 16 % more", "from −2.3 to −0.7"."""
    low, high = result.get("ci_low"), result.get("ci_high")
    if low is None or high is None:
        return _("cannot be computed")
    if result.get("scale") == "rate_ratio":
        return _("from %(low)s to %(high)s") % {"low": _percent_words(low), "high": _percent_words(high)}
    decimals = _decimals([result.get("effect"), low, high])
    text = _("from %(low)s to %(high)s") % {"low": _signed(low, decimals), "high": _signed(high, decimals)}
    return f"{text} {unit}".strip()


def direction(result: Mapping[str, Any], *, higher_is_better: bool) -> str:
    """``better``, ``worse`` or ``unclear``: as ``koers.stats.interpret`` on the stored result."""
    low, high = result.get("ci_low"), result.get("ci_high")
    if not result.get("reliable") or low is None or high is None:
        return "unclear"
    null = 1.0 if result.get("scale") == "rate_ratio" else 0.0
    if low > null:
        up = True
    elif high < null:
        up = False
    else:
        return "unclear"
    return "better" if up == higher_is_better else "worse"


def method_text(result: Mapping[str, Any], estimate: EffectEstimate) -> str:
    key = str(result.get("method") or "")
    if key in texts.METHODS:
        return texts.pick(texts.METHODS, key, language())
    return str(estimate.get_method_display())


def strength_text(result: Mapping[str, Any]) -> str:
    strength = result.get("design_strength") or {}
    level, reason = strength.get("level"), strength.get("reason")
    if level not in texts.STRENGTHS:
        return "–"
    label = texts.pick(texts.STRENGTHS, level, language())
    if reason in texts.STRENGTH_REASONS:
        return f"{label}: {texts.pick(texts.STRENGTH_REASONS, reason, language())}"
    return label


def caveat_text(item: Mapping[str, Any]) -> str:
    """One caveat or reason ``{code, params}`` in words (a ``text`` wins; an unknown code stays)."""
    if item.get("text"):
        return str(item["text"])
    code = str(item.get("code") or "")
    if code in texts.CAVEATS:
        try:
            return Caveat(code, bool(item.get("blocking")), item.get("params") or {}).text(language())
        except (KeyError, IndexError, ValueError):
            pass
    return code


def caveat_texts(result: Mapping[str, Any]) -> list[str]:
    return [caveat_text(c) for c in result.get("caveats") or [] if isinstance(c, Mapping)]


def reason_texts(estimate: EffectEstimate) -> list[str]:
    """Why Koers declined: the stored reasons, else the blocking caveats of the result."""
    reasons = [caveat_text(r) for r in estimate.reasons or [] if isinstance(r, Mapping)]
    if not reasons:
        reasons = [caveat_text(c) for c in main_result(estimate).get("caveats") or [] if c.get("blocking")]
    return [r for r in reasons if r] or [_("The data are not enough for a reliable estimate.")]


def words(estimate: EffectEstimate) -> str:
    """The estimate in one sentence, or why there is none."""
    if estimate.declined:
        return _("Koers did not estimate an effect: %(reasons)s") % {
            "reasons": " ".join(reason_texts(estimate))
        }
    result = main_result(estimate)
    if not has_figure(result):
        return _("No effect could be computed.")
    unit = estimate.indicator.unit if result.get("scale") != "rate_ratio" else ""
    sentence = _("%(indicator)s: %(effect)s (95 %% interval %(interval)s; p = %(p)s; n = %(n)s).") % {
        "indicator": estimate.indicator.name,
        "effect": effect_text(result, unit=unit),
        "interval": interval_text(result, unit=unit),
        "p": p_text(result.get("p_value")),
        "n": result.get("n", "–"),
    }
    if not result.get("reliable"):
        return f"{sentence} {_('Not reliable: read the caveats.')}"
    found = direction(result, higher_is_better=estimate.indicator.polarity == "higher")
    return (
        f"{sentence} "
        + {
            "better": _("A change in the desired direction."),
            "worse": _("A change in the wrong direction."),
            "unclear": _("The interval includes no change, so the effect is uncertain."),
        }[found]
    )


@dataclass
class Worded:
    """An estimate ready for a table: every figure as text."""

    estimate: EffectEstimate
    declined: bool
    effect: str = ""
    interval: str = ""
    p_value: str = ""
    n: str = ""
    method: str = ""
    strength: str = ""
    caveats: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    slope: str = ""
    sentence: str = ""


def worded(estimate: EffectEstimate) -> Worded:
    result = main_result(estimate)
    if estimate.declined:
        return Worded(
            estimate=estimate,
            declined=True,
            method=method_text(result, estimate),
            reasons=reason_texts(estimate),
            sentence=words(estimate),
        )
    unit = estimate.indicator.unit if result.get("scale") != "rate_ratio" else ""
    item = Worded(
        estimate=estimate,
        declined=False,
        effect=effect_text(result, unit=unit),
        interval=interval_text(result, unit=unit),
        p_value=p_text(result.get("p_value")),
        n=str(result.get("n", "–")),
        method=method_text(result, estimate),
        strength=strength_text(result),
        caveats=caveat_texts(result),
        sentence=words(estimate),
    )
    slope = (estimate.result or {}).get("slope_change")
    if isinstance(slope, Mapping) and has_figure(slope):
        item.slope = _("Change in trend per period: %(effect)s (95 %% interval %(interval)s; p = %(p)s).") % {
            "effect": effect_text(slope, unit=estimate.indicator.unit),
            "interval": interval_text(slope, unit=estimate.indicator.unit),
            "p": p_text(slope.get("p_value")),
        }
    return item


def latest_presented(estimates: Iterable[EffectEstimate]) -> EffectEstimate | None:
    """The newest estimate Koers did not decline (``estimates`` newest first)."""
    return next((e for e in estimates if not e.declined), None)
