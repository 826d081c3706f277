"""Step 5's communication plan: the services (checks on dates and links, audit), who may do what,
the pages (plan, list, calendar, forms in their error states), the overdue selector for the
dashboard and the step-5 milestone."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.audit.models import AuditEvent
from koers.communication import selectors, services
from koers.communication.milestones import communication_on_time
from koers.communication.models import CommunicationMoment
from koers.plan.models import SubProject, SubProjectMilestone
from koers.programmes.navigator import ProgrammeFacts, evaluate
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

TODAY = datetime.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def owner_user(programme):
    return factories.member(programme, "teamlid")


@pytest.fixture
def owner(programme, owner_user):
    return factories.PersonFactory(programme=programme, user=owner_user, email=owner_user.email)


@pytest.fixture
def line(programme, manager, owner):
    return services.line_create(
        actor=manager,
        programme=programme,
        audience="bewoners",
        goal="Bewoners weten wat de aanpak doet.",
        key_messages="Samen houden we de wijk veilig.",
        channels=["website", "bijeenkomst"],
        frequency="per_kwartaal",
        owner=owner,
    )


def moment(manager, programme, line, days: int, done: int | None = None, **values) -> CommunicationMoment:
    planned = TODAY + datetime.timedelta(days=days)
    return services.moment_create(
        actor=manager,
        programme=programme,
        title=values.pop("title", f"Nieuwsbrief {days}"),
        audience=line,
        planned_on=planned,
        done_on=planned + datetime.timedelta(days=done) if done is not None else None,
        **values,
    )


# Services ---------------------------------------------------------------------------------------


def test_line_create_records_audit_and_orders_channels(programme, manager, line):
    assert line.channels == ["bijeenkomst", "website"]  # the order of the list, not of the click
    assert line.name == str(line.get_audience_display())
    event = AuditEvent.objects.get(action="communication.line_create")
    assert event.programme_id == programme.uuid
    assert event.changes["goal"] == [None, "Bewoners weten wat de aanpak doet."]


def test_other_audience_needs_a_name(programme, manager):
    with pytest.raises(ValidationError) as error:
        services.line_create(actor=manager, programme=programme, audience="anders", audience_name="  ")
    assert "audience_name" in error.value.error_dict
    line = services.line_create(
        actor=manager, programme=programme, audience="anders", audience_name="Sportclubs"
    )
    assert line.name == "Sportclubs"


def test_owner_from_another_programme_is_refused(programme, manager, foreign_programme):
    stranger = factories.PersonFactory(programme=foreign_programme)
    with pytest.raises(ValidationError) as error:
        services.line_create(actor=manager, programme=programme, audience="pers", owner=stranger)
    assert "owner" in error.value.error_dict


def test_moment_before_programme_start_is_refused(programme, manager, line):
    with pytest.raises(ValidationError) as error:
        services.moment_create(
            actor=manager,
            programme=programme,
            title="Te vroeg",
            audience=line,
            planned_on=datetime.date(2025, 12, 31),
        )
    assert "01-01-2026" in error.value.message_dict["planned_on"][0]
    assert not CommunicationMoment.objects.exists()


def test_done_date_in_the_future_is_refused(programme, manager, line):
    planned = moment(manager, programme, line, -3)
    with pytest.raises(ValidationError) as error:
        services.moment_mark_done(actor=manager, moment=planned, done_on=TODAY + datetime.timedelta(days=1))
    assert "done_on" in error.value.error_dict
    planned.refresh_from_db()
    assert planned.done_on is None


def test_mark_done_records_audit(programme, manager, line):
    planned = moment(manager, programme, line, -3)
    services.moment_mark_done(actor=manager, moment=planned, done_on=TODAY)
    planned.refresh_from_db()
    assert planned.done_on == TODAY
    event = AuditEvent.objects.get(action="communication.moment_done")
    assert event.changes == {"done_on": [None, TODAY.isoformat()]}


def test_moment_links_must_belong_to_the_programme(programme, manager, line, foreign_programme):
    foreign_sub = SubProject.objects.create(programme=foreign_programme, name="Elders")
    foreign_milestone = SubProjectMilestone.objects.create(subproject=foreign_sub, title="Start", due=TODAY)
    with pytest.raises(ValidationError) as error:
        moment(manager, programme, line, 5, milestone=foreign_milestone)
    assert "milestone" in error.value.error_dict
    foreign_manager = factories.member(foreign_programme, "programmamanager")
    foreign_line = services.line_create(actor=foreign_manager, programme=foreign_programme, audience="pers")
    with pytest.raises(ValidationError) as error:
        moment(manager, programme, foreign_line, 5)
    assert "audience" in error.value.error_dict


def test_update_and_delete_are_audited(programme, manager, line):
    planned = moment(manager, programme, line, 10)
    services.moment_update(
        actor=manager, moment=planned, expected_version=planned.version, title="Persbericht"
    )
    services.moment_delete(actor=manager, moment=planned)
    services.line_delete(actor=manager, line=line)
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == [
        "communication.moment_update",
        "communication.moment_delete",
        "communication.line_delete",
    ]


def test_overdue_moments_for_the_dashboard(programme, manager, line):
    late = moment(manager, programme, line, -2, title="Te laat")
    moment(manager, programme, line, -10, done=1, title="Gedaan")
    moment(manager, programme, line, 3, title="Nog niet")
    assert list(selectors.overdue_moments(programme, TODAY)) == [late]


# The milestone ----------------------------------------------------------------------------------


def _lines(programme, manager, count: int):
    return [
        services.line_create(actor=manager, programme=programme, audience=audience)
        for audience in ("bewoners", "gemeenteraad", "pers", "scholen")[:count]
    ]


def test_milestone_needs_three_audiences(programme, manager):
    first, second = _lines(programme, manager, 2)
    moment(manager, programme, first, -20, done=0)
    moment(manager, programme, second, -20, done=0)
    check = communication_on_time(ProgrammeFacts(programme))
    assert not check.met
    assert "2" in str(check.detail)


def test_milestone_met_with_80_percent_on_time(programme, manager):
    lines = _lines(programme, manager, 3)
    for number in range(8):
        moment(manager, programme, lines[number % 3], -30 - number, done=7)  # 7 days late is on time
    moment(manager, programme, lines[0], -40, done=8)  # 8 days late is not
    moment(manager, programme, lines[1], -2)  # overdue
    check = communication_on_time(ProgrammeFacts(programme))
    assert check.met, check.detail
    assert "80" in str(check.detail)
    moment(manager, programme, lines[2], -3)  # another overdue: 8 of 11
    assert not communication_on_time(ProgrammeFacts(programme)).met


def test_milestone_is_on_the_step_5_navigator(programme):
    keys = [result.milestone.key for result in evaluate(programme).steps[4].results]
    assert "communication.plan" in keys


# Rights -----------------------------------------------------------------------------------------


def test_owner_marks_own_moment_done_but_does_not_edit(client, programme, manager, line, owner, owner_user):
    mine = moment(manager, programme, line, -1, owner=owner)
    client.force_login(owner_user)
    assert (
        client.get(reverse("communication_moment_edit", args=[programme.uuid, mine.uuid])).status_code == 403
    )
    response = client.post(
        reverse("communication_moment_done", args=[programme.uuid, mine.uuid]), {"done_on": TODAY.isoformat()}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.done_on == TODAY


def test_foreign_programme_pages_are_404(client, programme, manager, line, foreign_programme):
    stranger = factories.member(foreign_programme, "programmamanager")
    planned = moment(manager, programme, line, 2)
    client.force_login(stranger)
    for url in (
        reverse("communication_plan", args=[programme.uuid]),
        reverse("communication_moment_edit", args=[programme.uuid, planned.uuid]),
        reverse("communication_line_edit", args=[programme.uuid, line.uuid]),
    ):
        assert client.get(url).status_code == 404, url


# Pages ------------------------------------------------------------------------------------------


def test_plan_page_flags_overdue_moments(manager_client, programme, manager, line):
    moment(manager, programme, line, -2, title="Buurtkrant verspreiden")
    moment(manager, programme, line, -20, done=0, title="Bewonersavond")
    response = manager_client.get(reverse("communication_plan", args=[programme.uuid]))
    text = response.content.decode()
    assert "Buurtkrant verspreiden" in text and "Bewonersavond" in text
    assert response.context["overdue"] == 1
    assert "koers-status--failure" in text  # text and icon, not colour alone


def test_calendar_shows_the_month_with_links(manager_client, programme, manager, line):
    moment(manager, programme, line, 2, title="Raadsinformatiebrief")
    url = reverse("communication_calendar", args=[programme.uuid])
    response = manager_client.get(url)
    text = response.content.decode()
    assert "Raadsinformatiebrief" in text
    assert "?maand=2026-10" in text and "?maand=2026-12" in text
    assert "<caption" in text
    response = manager_client.get(url + "?maand=2026-12")
    assert "Raadsinformatiebrief" not in response.content.decode()


def test_moment_form_keeps_input_on_a_refused_date(manager_client, programme, line):
    url = reverse("communication_moment_create", args=[programme.uuid])
    response = manager_client.post(
        url, {"title": "Vroege brief", "audience": str(line.uuid), "planned_on": "2025-06-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["planned_on"]
    assert "Vroege brief" in response.content.decode()
    assert not CommunicationMoment.objects.exists()


def test_done_form_refuses_a_future_date(manager_client, programme, manager, line):
    planned = moment(manager, programme, line, -1)
    response = manager_client.post(
        reverse("communication_moment_done", args=[programme.uuid, planned.uuid]), {"done_on": "2026-12-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["done_on"]


def test_line_form_creates_an_audience(manager_client, programme):
    response = manager_client.post(
        reverse("communication_line_create", args=[programme.uuid]),
        {
            "audience": "jongeren",
            "goal": "Jongeren kennen het inloophuis.",
            "channels": ["sociale_media"],
            "frequency": "maandelijks",
        },
    )
    assert response.status_code == 302
    line = programme.communication_lines.get()
    assert line.channels == ["sociale_media"]
