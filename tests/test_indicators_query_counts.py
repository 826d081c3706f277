"""The indicator list and an indicator's chart page take the same number of queries however many
indicators and measurements there are (pinned)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koers.indicators.models import Indicator, Measurement
from koers.plan.models import Goal, SubProject
from tests.test_query_counts import count

LIST_PINNED = 7
DETAIL_PINNED = 7


def grow(programme, size: int) -> Indicator:
    """``size`` more indicators over sub-projects and goals, each with ``size`` measurements."""
    first = None
    start = Indicator.objects.count()
    for i in range(start, start + size):
        sub = SubProject.objects.create(programme=programme, name=f"Deelproject {i:03d}")
        goal = Goal.objects.create(programme=programme, title=f"Doel {i:03d}")
        indicator = Indicator.objects.create(
            programme=programme,
            subproject=sub if i % 2 else None,
            goal=goal,
            name=f"Indicator {i:03d}",
            baseline_value=Decimal("10"),
            target_value=Decimal("5"),
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                period=str(2000 + y),
                period_date=f"{2000 + y}-01-01",
                value=Decimal(y),
                suppressed=y < 5,
            )
            for y in range(size)
        )
        first = first or indicator
    assert first is not None
    return first


@pytest.mark.usefixtures("no_mfa")
def test_the_indicator_pages_take_a_pinned_number_of_queries(client, programme, manager):
    client.force_login(manager)
    base = f"/programmas/{programme.uuid}/indicatoren/"
    indicator = grow(programme, 2)
    detail = f"{base}{indicator.uuid}/"
    count(client, base)  # the first request of a session also writes the session
    small = (count(client, base), count(client, detail))
    grow(programme, 30)
    large = (count(client, base), count(client, detail))
    assert small == large, f"{small} queries with little data, {large} with more (N+1)"
    assert large == (LIST_PINNED, DETAIL_PINNED)
