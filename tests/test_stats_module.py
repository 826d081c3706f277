"""The statistics module stands on its own: no Django, complete texts, typed results."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from koers.stats import (
    Caveat,
    DesignStrength,
    Result,
    did_2x2,
    interpret,
    rate_change,
    texts,
    weighted_displacement_difference,
)


def test_importing_the_module_does_not_import_django():
    code = (
        "import sys, koers.stats\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)"
    )
    completed = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr


@pytest.mark.parametrize(
    "table",
    [texts.METHODS, texts.STRENGTHS, texts.STRENGTH_REASONS, texts.CAVEATS, texts.WHERE, texts.SCALES],
)
def test_every_text_exists_in_dutch_and_english(table):
    for key, entry in table.items():
        assert set(entry) == {"nl", "en"}, key
        assert all(value.strip() for value in entry.values()), key


def test_caveat_texts_fill_their_parameters_in_both_languages():
    caveat = Caveat("few_clusters", params={"clusters": 6, "minimum": 10})
    assert caveat.text() == (
        "Maar 6 gebieden: de geclusterde standaardfout is bij minder dan 10 gebieden onbetrouwbaar "
        "en meestal te klein; het interval is waarschijnlijk te smal."
    )
    assert caveat.text("en").startswith("Only 6 areas")
    differ = Caveat("pre_trends_differ", blocking=True, params={"difference": 0.123456, "p_value": 0.0421})
    assert "0,123 per periode, p = 0,0421" in differ.text()
    assert "0.123 per period, p = 0.0421" in differ.text("en")


def test_result_is_frozen_and_carries_method_strength_and_scale_texts():
    result = rate_change(120, 90)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.effect = 2.0  # type: ignore[misc]
    assert result.method_text().startswith("Voor-en-navergelijking")
    assert result.method_text("en").startswith("Before/after comparison")
    assert result.design_strength.label("en") == "weak"
    assert "vergelijkingsgebied" in result.design_strength.reason_text()
    assert result.scale_text().startswith("verhouding")
    assert isinstance(result.design_strength, DesignStrength)


def test_interpret_uses_the_polarity():
    strength = DesignStrength("moderate", "comparison_panel")
    lower = Result(-3.0, 1.0, -5.0, -1.0, 0.003, 40, "did_panel", strength)
    assert interpret(lower, higher_is_better=True) == "worse"
    assert interpret(lower, higher_is_better=False) == "better"
    unclear = Result(-1.0, 1.0, -3.0, 1.0, 0.3, 40, "did_panel", strength)
    assert interpret(unclear, higher_is_better=False) == "unclear"
    blocked = dataclasses.replace(lower, caveats=(Caveat("pre_trends_differ", blocking=True),))
    assert not blocked.reliable
    assert interpret(blocked, higher_is_better=False) == "unclear"
    ratio = rate_change(400, 300)
    assert interpret(ratio, higher_is_better=False) == "better"


def test_every_method_of_every_result_has_a_text():
    results = [
        rate_change(30, 20),
        did_2x2(
            {"y": [1.0, 2, 3, 4, 5, 6, 7, 9], "t": [0, 0, 0, 0, 1, 1, 1, 1], "p": [0, 1, 0, 1] * 2},
            outcome="y",
            treated="t",
            post="p",
        ),
        weighted_displacement_difference(50, 30, 60, 62, 20, 18, 25, 26),
    ]
    for result in results:
        assert result.method in texts.METHODS
        for caveat in result.caveats:
            assert caveat.text() and caveat.text("en")


def test_results_serialise_to_json_without_losing_the_verdict():
    import json

    import pandas as pd

    from koers.stats import did_panel, interrupted_time_series

    rows = [
        {"area": f"w{u}", "month": t, "y": 20.0 + u + 0.5 * t + (u * 7 + t * 3) % 5 - 3 * (u == 0 and t >= 5),
         "d": int(u == 0 and t >= 5)}
        for u in range(6)
        for t in range(9)
    ]  # fmt: skip
    panel = did_panel(pd.DataFrame(rows), outcome="y", unit="area", period="month", treated="d")
    stored = json.loads(json.dumps(panel.to_dict()))
    assert stored["effect"] == pytest.approx(panel.effect)
    assert stored["reliable"] == panel.reliable
    assert stored["design_strength"] == {"level": "moderate", "reason": "comparison_panel"}
    assert [c["code"] for c in stored["caveats"]] == [c.code for c in panel.caveats]
    assert len(stored["details"]["pre_trend"]["series"]) == 9

    ratio = json.loads(json.dumps(rate_change(50, 40).to_dict()))
    assert ratio["percent_change"] == pytest.approx(-20.0)
    assert ratio["scale"] == "rate_ratio"

    series = interrupted_time_series(
        {"p": list(range(20)), "y": [float(i % 4 + i) for i in range(20)]},
        outcome="y",
        period="p",
        intervention_start=10,
    )
    stored_series = json.loads(json.dumps(series.to_dict()))
    assert stored_series["level_change"]["method"] == "its_level"
    assert stored_series["reliable"] == series.reliable
