"""The demo's monthly nuisance figures: written in the police's bulk format, imported as a dataset
of their own next to the yearly figures (which stay as they were), and telling the story the
effect estimates of step 6 need: parallel months before "Straatcoaches Noord" started, then a clear
fall of youth nuisance in Noord only. The difference-in-differences of ``koers.stats`` on the
imported observations is reliable and negative, with buurten and with wijken as units; a small buurt
has too few events for an estimate."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import pytest

from koers.analysis import parsers
from koers.analysis.models import Area, Dataset, Observation
from koers.demo import monthly, statistics
from koers.stats import did_2x2, did_panel, rate_change
from tests.factories import UserFactory

TREATED = "WK990101"  # Noord
COMPARISON = ("WK990102", "WK990103")  # Oost, Zuid
START = "2026MM03"
SPORTPARK = "BU99010201"


@pytest.fixture
def imported(db):
    admin = UserFactory(superuser=True)
    statistics.create_statistics(admin, 2026)
    return admin


def _monthly(codes: tuple[str, ...]) -> pd.DataFrame:
    rows = (
        Observation.objects.filter(
            dataset__table_id=monthly.TABLE_ID, area__code__in=codes, measure__code="E35", month__isnull=False
        )
        .order_by("area__code", "period")
        .values_list("area__code", "period", "value")
    )
    frame = pd.DataFrame(list(rows), columns=["unit", "period", "events"])
    frame["events"] = frame["events"].astype(int)
    frame["treated"] = frame["unit"].str.startswith(("WK990101", "BU990101")).astype(int)
    frame["post"] = (frame["period"] >= START).astype(int)
    frame["d"] = frame["treated"] * frame["post"]
    return frame


def _buurten(wijken: tuple[str, ...]) -> tuple[str, ...]:
    codes = Area.objects.filter(parent__code__in=wijken).values_list("code", flat=True)
    return tuple(codes.distinct().order_by("code"))


def test_the_monthly_file_is_in_the_published_format_and_2025_adds_up_to_the_yearly_figures():
    table = parsers.parse_bulk(monthly.bulk_file(monthly.monthly_figures()))
    assert table.measure_column == "SoortOverlast"
    periods = set(table.frame.get_column("period").to_list())
    assert periods == {monthly.period_code(y, m) for y, m in monthly.MONTHS}
    assert len(periods) == 22 and min(periods) == "2025MM01" and max(periods) == "2026MM10"
    assert all(parsers.parse_period(p).month for p in periods)  # type: ignore[union-attr]
    figures = monthly.monthly_figures()
    yearly = statistics._figures(statistics.NUISANCE_RATES, "nuisance")
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for (area, code, period), value in figures.items():
        if period.startswith("2025"):
            sums[(area, code)] += value
    for (area, code), total in sums.items():
        assert total == yearly[(area, code, 2025)], (area, code)


def test_the_monthly_figures_are_imported_once_beside_the_yearly_ones(imported):
    dataset = Dataset.objects.get(table_id=monthly.TABLE_ID)
    noord = Observation.objects.filter(dataset=dataset, area__code=TREATED, measure__code="E35")
    assert noord.count() == 22
    assert set(noord.values_list("year", "month")) == set(monthly.MONTHS)
    assert not noord.filter(month__isnull=True).exists()
    # Every buurt of the three wijken has its months too.
    buurten = _buurten((TREATED, *COMPARISON))
    assert len(buurten) == 12
    per_buurt = Observation.objects.filter(dataset=dataset, area__code__in=buurten, measure__code="E35")
    assert per_buurt.count() == 12 * 22
    # The yearly figures are as they were: the same values, and no months among them.
    yearly = statistics._figures(statistics.NUISANCE_RATES, "nuisance")
    for year, value in Observation.objects.filter(
        area__code=TREATED, measure__code="E35", month__isnull=True, quarter__isnull=True
    ).values_list("year", "value"):
        assert value == yearly[(TREATED, "E35", year)]
    before = Observation.objects.count(), Dataset.objects.count()
    statistics.create_statistics(imported, 2026)
    assert (Observation.objects.count(), Dataset.objects.count()) == before


@pytest.mark.parametrize("level", ["buurten", "wijken"])
def test_a_difference_in_differences_on_the_imported_months_is_reliable_and_negative(imported, level):
    wijken = (TREATED, *COMPARISON)
    frame = _monthly(_buurten(wijken) if level == "buurten" else wijken)
    assert frame["unit"].nunique() == (12 if level == "buurten" else 3)
    assert frame["period"].nunique() == 22

    panel = did_panel(frame, outcome="events", unit="unit", period="period", treated="d")
    assert panel.reliable and not any(c.blocking for c in panel.caveats)
    assert panel.effect is not None and panel.ci_high is not None and panel.ci_high < 0
    assert panel.p_value is not None and panel.p_value < 0.05
    pre_trend = panel.details["pre_trend"]
    assert pre_trend.testable and not pre_trend.differs and pre_trend.pre_periods == 14
    if level == "buurten":  # four treated buurten among twelve, a checked pre-trend
        assert panel.design_strength.level == "strong"

    two_by_two = did_2x2(frame, outcome="events", treated="treated", post="post")
    assert two_by_two.reliable and two_by_two.ci_high is not None and two_by_two.ci_high < 0
    assert two_by_two.effect == pytest.approx(panel.effect)  # a balanced panel: the same estimate

    # Noord falls by about a quarter; the comparison wijken stay level.
    means = frame.groupby(["treated", "post"])["events"].mean()
    assert 0.65 < means[(1, 1)] / means[(1, 0)] < 0.80
    assert 0.85 < means[(0, 1)] / means[(0, 0)] < 1.15


def test_a_small_buurt_has_too_few_events_for_a_before_after_estimate(imported):
    """Sportpark (Oost) has a handful of youth-nuisance reports a year: Koers must decline."""
    counts = dict(
        Observation.objects.filter(
            dataset__table_id=monthly.TABLE_ID, area__code=SPORTPARK, measure__code="E35"
        ).values_list("period", "value")
    )
    start = "2026MM04"  # Ouders in gesprek starts on 1 April 2026
    before = sum(int(v) for p, v in counts.items() if p < start)
    after = sum(int(v) for p, v in counts.items() if p >= start)
    assert 0 < after < 5
    result = rate_change(pre_count=before, post_count=after, pre_exposure=15, post_exposure=7)
    assert not result.reliable
    assert "few_events" in {c.code for c in result.caveats if c.blocking}
