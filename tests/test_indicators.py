"""Step 6's indicators: the services (checks, audit), the official series that fills the
measurements (after an import, with revisions and small-number suppression), bad input, the rights,
the chart page with its data table and the step-6 milestones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koers.analysis import services as analysis_services
from koers.analysis.models import Area, Measure
from koers.audit.models import AuditEvent
from koers.indicators import services
from koers.indicators.milestones import measured_after_start, outcome_indicator_per_subproject
from koers.indicators.models import Indicator, Measurement
from koers.plan.models import Goal, SubProject
from koers.programmes.navigator import ProgrammeFacts
from tests import analysis_formats as formats
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

DATASET = {
    "source": "Politie",
    "table_id": "47018NED",
    "title": "Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers",
    "licence": "Copyright (c) Politie",
    "downloaded_on": dt.date(2024, 9, 1),
}


@pytest.fixture
def world(programme, manager, foreign_programme):
    lead_user = factories.member(programme, "kwartiermaker")
    lead = factories.PersonFactory(programme=programme, user=lead_user, email=lead_user.email)
    led = SubProject.objects.create(
        programme=programme, name="Straatcoaches", kwartiermaker=lead, start_date=dt.date(2026, 3, 1)
    )
    other = SubProject.objects.create(programme=programme, name="Ouderavonden")
    goal = Goal.objects.create(programme=programme, title="Minder woninginbraken")
    return {"lead_user": lead_user, "led": led, "other": other, "goal": goal}


@pytest.fixture
def admin():
    return factories.UserFactory(superuser=True)


def import_figures(admin, rows):
    return analysis_services.dataset_import(
        actor=admin, file=formats.bulk(rows), code_list_files=[formats.code_list()], **DATASET
    )


def new_indicator(actor, programme, **values):
    values.setdefault("name", "Woninginbraken in de wijk")
    values.setdefault("kind", "outcome")
    values.setdefault("polarity", "lower")
    return services.indicator_create(actor=actor, programme=programme, **values)


# Services ---------------------------------------------------------------------------------------


def test_create_update_delete_are_audited(programme, manager, world):
    indicator = new_indicator(
        manager,
        programme,
        subproject=world["led"],
        baseline_value=Decimal("40"),
        baseline_period="2023",
        target_value=Decimal("30"),
        target_date=dt.date(2027, 12, 31),
    )
    event = AuditEvent.objects.get(action="indicator.create")
    assert event.changes["name"] == [None, "Woninginbraken in de wijk"]
    assert event.changes["baseline_value"] == [None, "40"]
    services.indicator_update(
        actor=manager, indicator=indicator, expected_version=indicator.version, target_value=Decimal("25")
    )
    indicator.refresh_from_db()
    assert indicator.version == 2 and indicator.target_value == 25
    assert AuditEvent.objects.get(action="indicator.update").changes["target_value"] == ["30", "25"]
    measurement = services.measurement_create(
        actor=manager, indicator=indicator, period="2026", value=Decimal("33")
    )
    assert measurement.period_date == dt.date(2026, 1, 1)
    assert AuditEvent.objects.filter(action="measurement.create").count() == 1
    services.indicator_delete(actor=manager, indicator=indicator)
    assert not Indicator.objects.exists() and not Measurement.objects.exists()
    assert AuditEvent.objects.filter(action="indicator.delete").count() == 1


def test_an_indicator_needs_a_goal_or_subproject_of_this_programme(
    programme, manager, world, foreign_programme
):
    with pytest.raises(ValidationError) as error:
        new_indicator(manager, programme)
    assert "subproject" in error.value.message_dict
    foreign = SubProject.objects.create(programme=foreign_programme, name="Elders")
    with pytest.raises(ValidationError) as error:
        new_indicator(manager, programme, subproject=foreign)
    assert error.value.message_dict["subproject"] == ["Kies een deelproject van dit programma."]
    assert new_indicator(manager, programme, goal=world["goal"]).goal == world["goal"]


def test_a_series_needs_both_area_and_measure(programme, manager, world, admin):
    analysis_services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024)
    with pytest.raises(ValidationError) as error:
        new_indicator(manager, programme, subproject=world["led"], area=Area.objects.get(code="GM9999"))
    assert "measure" in error.value.message_dict
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    ("period", "start"),
    [
        ("2025", dt.date(2025, 1, 1)),
        ("2025-06", dt.date(2025, 6, 1)),
        ("2025-K2", dt.date(2025, 4, 1)),
        ("2025Q4", dt.date(2025, 10, 1)),
        ("30-06-2025", dt.date(2025, 6, 30)),
        ("2025-06-30", dt.date(2025, 6, 30)),
        ("juni", None),
        ("2025-13", None),
    ],
)
def test_periods_are_read(period, start):
    assert services.period_start(period) == start


def test_bad_measurements_are_refused_and_nothing_changes(programme, manager, world):
    indicator = new_indicator(manager, programme, subproject=world["led"])
    with pytest.raises(ValidationError) as error:
        services.measurement_create(actor=manager, indicator=indicator, period="ergens", value=Decimal("3"))
    assert "period" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.measurement_create(actor=manager, indicator=indicator, period="2025", value="veel")
    assert "value" in error.value.message_dict
    # a period before the programme's start is allowed: that is what baselines are
    services.measurement_create(actor=manager, indicator=indicator, period="2019", value=Decimal("50"))
    with pytest.raises(ValidationError) as error:
        services.measurement_create(actor=manager, indicator=indicator, period="2019", value=Decimal("51"))
    assert error.value.message_dict["period"] == ["Er is al een meting voor 2019."]
    assert indicator.measurements.count() == 1


def test_a_kwartiermaker_keeps_only_indicators_of_their_own_subprojects(programme, world):
    lead = world["lead_user"]
    assert new_indicator(lead, programme, subproject=world["led"]).subproject == world["led"]
    with pytest.raises(ValidationError):
        new_indicator(lead, programme, subproject=world["other"])
    with pytest.raises(ValidationError):
        new_indicator(lead, programme, goal=world["goal"])
    own = Indicator.objects.get(subproject=world["led"])
    services.indicator_update(
        actor=lead, indicator=own, expected_version=own.version, target_value=Decimal("9")
    )
    assert Indicator.objects.get(pk=own.pk).target_value == 9
    with pytest.raises(ValidationError):
        services.indicator_update(
            actor=lead, indicator=own, expected_version=own.version, subproject=world["other"]
        )


# The official series ----------------------------------------------------------------------------


def test_import_fills_linked_indicators_revises_and_suppresses(programme, manager, world, admin):
    analysis_services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024)
    import_figures(admin, formats.DEFAULT_ROWS)
    indicator = new_indicator(
        manager,
        programme,
        subproject=world["led"],
        area=Area.objects.get(code="GM9999"),
        measure=Measure.objects.get(code="1.1.1"),
    )
    assert {m.period: m.value for m in indicator.measurements.all()} == {"2022": 40, "2023": 35}
    assert all(m.from_series for m in indicator.measurements.all())
    sync = AuditEvent.objects.get(action="indicator.sync")
    assert sync.changes == {"added": 2, "changed": 0, "removed": 0}

    # a new year, a revised year and a small count arrive with the next import
    rows = [list(r) for r in formats.DEFAULT_ROWS]
    rows[6][3] = "37"
    rows.append(["1.1.1", "GM9999", "2024JJ00", "3"])
    import_figures(admin, rows)
    figures = {m.period: (m.value, m.suppressed) for m in indicator.measurements.all()}
    assert figures == {"2022": (40, False), "2023": (37, False), "2024": (3, True)}
    assert AuditEvent.objects.filter(action="indicator.sync").first().changes == {
        "added": 1,
        "changed": 1,
        "removed": 0,
    }
    # an import that changes nothing leaves the indicator alone
    import_figures(admin, rows)
    assert AuditEvent.objects.filter(action="indicator.sync").count() == 2


def test_hand_entered_measurements_stay_and_series_ones_cannot_be_edited(programme, manager, world, admin):
    analysis_services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024)
    import_figures(admin, formats.DEFAULT_ROWS)
    indicator = new_indicator(manager, programme, subproject=world["led"])
    services.measurement_create(
        actor=manager, indicator=indicator, period="2023", value=Decimal("99"), note="eigen"
    )
    services.indicator_update(
        actor=manager,
        indicator=indicator,
        expected_version=indicator.version,
        area=Area.objects.get(code="GM9999"),
        measure=Measure.objects.get(code="1.1.1"),
    )
    figures = {m.period: (m.value, m.from_series) for m in indicator.measurements.all()}
    assert figures == {"2022": (40, True), "2023": (99, False)}
    with pytest.raises(ValidationError):
        services.measurement_update(
            actor=manager, measurement=indicator.measurements.get(period="2022"), value=Decimal("1")
        )
    # unlinking removes the series measurements
    services.indicator_update(
        actor=manager, indicator=indicator, expected_version=indicator.version, area=None, measure=None
    )
    assert list(indicator.measurements.values_list("period", flat=True)) == ["2023"]


# Milestones ---------------------------------------------------------------------------------------


def test_milestones(programme, manager, world, django_assert_num_queries):
    facts = ProgrammeFacts(programme)
    assert not outcome_indicator_per_subproject(facts).met
    for subproject in (world["led"], world["other"]):
        new_indicator(
            manager,
            programme,
            subproject=subproject,
            baseline_value=Decimal("40"),
            baseline_period="2023",
            target_value=Decimal("30"),
        )
    facts = ProgrammeFacts(programme)
    with django_assert_num_queries(1):
        assert outcome_indicator_per_subproject(facts).met
        assert not measured_after_start(facts).met
    led = Indicator.objects.get(subproject=world["led"])
    other = Indicator.objects.get(subproject=world["other"])
    services.measurement_create(actor=manager, indicator=led, period="2026-02", value=Decimal("35"))
    services.measurement_create(actor=manager, indicator=other, period="2026", value=Decimal("35"))
    assert not measured_after_start(ProgrammeFacts(programme)).met  # led starts 1 March 2026
    services.measurement_create(actor=manager, indicator=led, period="2026-04", value=Decimal("33"))
    assert measured_after_start(ProgrammeFacts(programme)).met


# Pages --------------------------------------------------------------------------------------------


def test_the_chart_page_shows_lines_and_the_table_with_the_figures(client, programme, manager, world, admin):
    analysis_services.areas_import(actor=admin, file=formats.region_list(), reference_year=2024)
    rows = [*formats.DEFAULT_ROWS, ("1.1.1", "GM9999", "2024JJ00", "3")]
    import_figures(admin, rows)
    indicator = new_indicator(
        manager,
        programme,
        subproject=world["led"],
        area=Area.objects.get(code="GM9999"),
        measure=Measure.objects.get(code="1.1.1"),
        baseline_value=Decimal("1250.5"),
        baseline_period="2022",
        target_value=Decimal("30"),
        story="Meer straatverlichting en vaste coaches.",
    )
    client.force_login(manager)
    response = client.get(f"/programmas/{programme.uuid}/indicatoren/{indicator.uuid}/")
    assert response.status_code == 200
    html = response.text
    assert 'class="koers-chart__svg" role="img"' in html
    assert "Nulmeting" in html and "Streefwaarde" in html  # the legend of the two lines
    assert "1.250,5" in html  # Dutch number format
    assert "<caption" in html and "&lt; 5" in html  # the suppressed 2024 count
    assert "Meer straatverlichting" in html
    listing = client.get(f"/programmas/{programme.uuid}/indicatoren/")
    assert "Woninginbraken in de wijk" in listing.text and "&lt; 5 (2024)" in listing.text


def test_a_value_that_is_not_a_number_is_refused_and_the_form_keeps_the_input(
    client, programme, manager, world
):
    indicator = new_indicator(manager, programme, subproject=world["led"])
    client.force_login(manager)
    url = f"/programmas/{programme.uuid}/indicatoren/{indicator.uuid}/metingen/nieuw/"
    response = client.post(url, {"period": "2018", "value": "ongeveer tien", "source": "Telling"})
    assert response.status_code == 200
    assert "Schrijf de waarde als getal" in response.text
    assert 'value="ongeveer tien"' in response.text and 'value="Telling"' in response.text
    assert not indicator.measurements.exists()
    response = client.post(url, {"period": "2018", "value": "12,5", "source": "Telling"})
    assert response.status_code == 302
    assert indicator.measurements.get().value == Decimal("12.5")  # before the start: a baseline


def test_a_kwartiermaker_may_not_change_another_subprojects_indicator(client, programme, manager, world):
    indicator = new_indicator(manager, programme, subproject=world["other"])
    own = new_indicator(manager, programme, subproject=world["led"], name="Eigen indicator")
    client.force_login(world["lead_user"])
    base = f"/programmas/{programme.uuid}/indicatoren/"
    assert client.get(f"{base}{indicator.uuid}/").status_code == 200
    assert client.get(f"{base}{indicator.uuid}/bewerken/").status_code == 403
    assert client.get(f"{base}{own.uuid}/bewerken/").status_code == 200


def test_the_golden_thread_runs_on_to_indicators_and_flags_gaps(client, programme, manager, world):
    indicator = new_indicator(
        manager, programme, subproject=world["led"], baseline_value=Decimal("40"), target_value=Decimal("30")
    )
    services.measurement_create(actor=manager, indicator=indicator, period="2026", value=Decimal("35"))
    new_indicator(manager, programme, subproject=world["other"], name="Ouders bereikt", kind="output")
    client.force_login(manager)
    html = client.get(f"/programmas/{programme.uuid}/plan/rode-draad/").text
    assert "Woninginbraken in de wijk" in html and "40 → 30" in html and "laatste 35 (2026)" in html
    assert "1 deelproject heeft nog geen outcome-indicator." in html
    assert "Geen outcome-indicator" in html
