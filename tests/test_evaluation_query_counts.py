"""The evaluation pages ask the database a fixed number of queries, with few or many sub-projects,
comparison areas and process evaluation items: measured with both and pinned, so that an N+1
query fails here."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.analysis.models import Area, Observation, Population
from koers.evaluation import services
from koers.plan.models import SubProject
from tests import evaluation_data

pytestmark = pytest.mark.usefixtures("no_mfa")

PINNED = {
    "evaluation_overview": 6,
    "evaluation_plan": 18,
}  # plan: +1 report section, +2 estimates, +1 verdicts


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(programme, manager, data, sub, size: int) -> None:
    """``size`` sub-projects with a plan, ``size`` comparison areas with figures, and ``size``
    process evaluation items on the measured plan."""
    areas = data["areas"]
    for i in range(SubProject.objects.filter(programme=programme).count(), size):
        other = SubProject.objects.create(
            programme=programme, name=f"Deelproject {i:03d}", status="uitvoering"
        )
        services.plan_create(
            actor=manager, subproject=other, questions="Werkt het?", kind="proces", design="voor_na"
        )
    plan = sub.evaluation_plan
    comparison = list(plan.comparison_areas.all())
    template = areas["WK9901E0"]
    for i in range(len(comparison), size):
        area = Area.objects.create(
            code=f"WK9901{i:02d}",
            level="wijk",
            name=f"Wijk {i}",
            parent=data["municipality"],
            reference_year=2024,
        )
        for year in (2021, 2022, 2023):
            Population.objects.create(area=area, year=year, inhabitants=2000, dataset=data["dataset"])
            source = Observation.objects.get(area=template, year=year)
            Observation.objects.create(
                dataset=data["dataset"],
                area=area,
                measure=data["measure"],
                topic=source.topic,
                period=source.period,
                year=year,
                value=source.value,
            )
        comparison.append(area)
    plan.comparison_areas.set(comparison)
    for i in range(plan.process_items.count(), size):
        services.item_create(
            actor=manager, plan=plan, aspect="dosis", score=1 + i % 5, observed_on=datetime.date(2026, 3, 1)
        )


@pytest.mark.parametrize("name", sorted(PINNED))
def test_query_count_is_flat_and_pinned(name, client, programme, manager):
    data = evaluation_data.build()
    areas = data["areas"]
    sub = SubProject.objects.create(
        programme=programme, name="Straatcoaches", status="uitvoering", start_date=evaluation_data.START
    )
    sub.areas.set([areas["WK9901T1"], areas["WK9901T2"]])
    services.plan_create(
        actor=manager,
        subproject=sub,
        questions="Werkt het?",
        kind="effect",
        design="vergelijking",
        measure=data["measure"],
        comparison_areas=[areas["WK9901E0"]],
    )
    client.force_login(manager)
    kwargs = {"programme_uuid": programme.uuid}
    if name == "evaluation_plan":
        kwargs["subproject_uuid"] = sub.uuid
    url = reverse(name, kwargs=kwargs)
    grow(programme, manager, data, sub, 2)
    small = count(client, url)
    grow(programme, manager, data, sub, 12)
    large = count(client, url)
    assert small == large, f"{name}: {small} queries with a few rows, {large} with many"
    assert large == PINNED[name], f"{name}: {large} queries, pinned at {PINNED[name]}"
