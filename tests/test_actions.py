"""Step 4's actions: the status workflow, the services (checks, audit, the e-mail to a new
owner), who may do what, the pages (lists, calendar, forms) and the step-4 milestone."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.actions import services
from koers.actions.models import Action
from koers.actions.reference import ACTION_WORKFLOW
from koers.audit.models import AuditEvent
from koers.plan.models import SubProject
from koers.programmes.navigator import evaluate
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

TODAY = datetime.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def team(programme, manager):
    """A kwartiermaker leading one sub-project, another sub-project, and a teamlid with a record."""
    lead_user = factories.member(programme, "kwartiermaker")
    lead = factories.PersonFactory(programme=programme, user=lead_user, email=lead_user.email)
    owner_user = factories.member(programme, "teamlid")
    owner = factories.PersonFactory(programme=programme, user=owner_user, email="eigenaar@partner.example")
    led = SubProject.objects.create(programme=programme, name="Straatcoaches", kwartiermaker=lead)
    other = SubProject.objects.create(programme=programme, name="Ouderavonden")
    return {
        "lead_user": lead_user,
        "lead": lead,
        "owner_user": owner_user,
        "owner": owner,
        "led": led,
        "other": other,
    }


def new_action(actor, programme, **values) -> Action:
    values.setdefault("title", "Straatcoaches inzetten")
    return services.action_create(actor=actor, programme=programme, **values)


# Workflow ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        ("open", ["bezig", "gereed", "vervallen"]),
        ("bezig", ["open", "gereed", "vervallen"]),
        ("gereed", ["bezig"]),
        ("vervallen", ["open"]),
    ],
)
def test_the_workflow_table(current, allowed):
    assert ACTION_WORKFLOW.allowed(current) == allowed


# Services ---------------------------------------------------------------------------------------


def test_an_action_is_added_audited_and_its_owner_mailed(
    programme, manager, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        action = new_action(manager, programme, owner=team["owner"], due_date=TODAY, subproject=team["led"])
    event = AuditEvent.objects.get(action="action.create")
    assert event.changes["title"] == [None, "Straatcoaches inzetten"]
    assert [m.to for m in mail.outbox] == [["eigenaar@partner.example"]]
    assert "Straatcoaches inzetten" in mail.outbox[0].subject
    assert str(action.uuid) in mail.outbox[0].body


def test_a_due_date_in_the_past_is_refused_with_the_date(programme, manager):
    with pytest.raises(ValidationError) as caught:
        new_action(manager, programme, due_date=TODAY - datetime.timedelta(days=1))
    assert "15-11-2026" in str(caught.value.message_dict["due_date"])
    assert not Action.objects.exists()


def test_links_must_belong_to_the_programme(programme, manager, foreign_programme):
    stranger = factories.PersonFactory(programme=foreign_programme)
    with pytest.raises(ValidationError) as caught:
        new_action(manager, programme, owner=stranger)
    assert "owner" in caught.value.message_dict


def test_a_kwartiermaker_adds_actions_only_to_their_own_subprojects(programme, team):
    new_action(team["lead_user"], programme, subproject=team["led"])
    with pytest.raises(ValidationError):
        new_action(team["lead_user"], programme, subproject=team["other"])
    with pytest.raises(ValidationError):
        new_action(team["lead_user"], programme)


def test_status_follows_the_workflow_and_keeps_completed_at(programme, manager):
    action = new_action(manager, programme)
    services.action_set_status(actor=manager, action=action, status="gereed")
    assert action.completed_at is not None
    with pytest.raises(ValidationError):
        services.action_set_status(actor=manager, action=action, status="vervallen")
    services.action_set_status(actor=manager, action=action, status="bezig")
    action.refresh_from_db()
    assert action.status == "bezig" and action.completed_at is None
    assert AuditEvent.objects.filter(action="action.change_status").count() == 2


def test_update_and_delete_are_audited(programme, manager, team, django_capture_on_commit_callbacks):
    action = new_action(manager, programme)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_update(
            actor=manager, action=action, expected_version=action.version, owner=team["owner"]
        )
    assert AuditEvent.objects.get(action="action.update").changes["owner"][1] == str(team["owner"].uuid)
    assert len(mail.outbox) == 1  # the new owner hears of it
    services.action_delete(actor=manager, action=action)
    assert AuditEvent.objects.filter(action="action.delete").exists()
    assert not Action.objects.exists()


# Permissions ------------------------------------------------------------------------------------


def test_who_may_change_what(programme, manager, team):
    led = new_action(manager, programme, subproject=team["led"], owner=team["owner"])
    other = new_action(manager, programme, subproject=team["other"], owner=team["lead"])
    lead, owner = team["lead_user"], team["owner_user"]
    reader = factories.member(programme, "meelezer")
    assert manager.has_perm("actions.change_action", other)
    assert lead.has_perm("actions.change_action", led)
    assert not lead.has_perm("actions.change_action", other)
    assert lead.has_perm("actions.change_action_status", other)  # as its owner
    assert owner.has_perm("actions.change_action_status", led)
    assert not owner.has_perm("actions.change_action", led)
    assert not owner.has_perm("actions.change_action_status", other)
    assert reader.has_perm("actions.view_actions", programme)
    assert not reader.has_perm("actions.change_action_status", led)


# Pages ------------------------------------------------------------------------------------------


def test_a_past_due_date_on_the_form_keeps_the_input(client, programme, manager):
    client.force_login(manager)
    url = reverse("action_create", kwargs={"programme_uuid": programme.uuid})
    response = client.post(
        url, {"title": "Buurtavond", "due_date": "2026-11-01", "priority": "hoog", "origin": "plan"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Buurtavond"' in page
    assert 'value="2026-11-01"' in page
    assert "01-11-2026" in page
    assert not Action.objects.exists()


def test_the_owner_changes_the_status_on_the_page(client, programme, manager, team):
    action = new_action(manager, programme, owner=team["owner"])
    client.force_login(team["owner_user"])
    url = reverse("action_status", kwargs={"programme_uuid": programme.uuid, "action_uuid": action.uuid})
    assert client.post(url, {"status": "gereed"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "gereed"
    edit = reverse("action_edit", kwargs={"programme_uuid": programme.uuid, "action_uuid": action.uuid})
    assert client.get(edit).status_code == 403


def test_my_actions_and_overdue(client, programme, manager, team):
    mine = new_action(manager, programme, title="Mijn actie", owner=team["owner"], due_date=TODAY)
    new_action(manager, programme, title="Andermans actie", owner=team["lead"], due_date=TODAY)
    client.force_login(team["owner_user"])
    page = client.get(reverse("actions_mine", kwargs={"programme_uuid": programme.uuid})).content.decode()
    assert "Mijn actie" in page and "Andermans actie" not in page
    overdue_url = reverse("actions_overdue", kwargs={"programme_uuid": programme.uuid})
    assert "Mijn actie" not in client.get(overdue_url).content.decode()
    Action.objects.update(due_date=TODAY - datetime.timedelta(days=2))  # as if time went by
    page = client.get(overdue_url).content.decode()
    assert "Mijn actie" in page and "Andermans actie" in page
    services.action_set_status(actor=manager, action=mine, status="gereed")
    assert "Mijn actie" not in client.get(overdue_url).content.decode()


def test_the_calendar_shows_the_month_with_links_to_the_others(client, programme, manager):
    new_action(manager, programme, title="Evaluatie december", due_date=datetime.date(2026, 12, 3))
    client.force_login(manager)
    url = reverse("actions_calendar", kwargs={"programme_uuid": programme.uuid})
    page = client.get(url).content.decode()
    assert "Evaluatie december" not in page
    assert "?maand=2026-12" in page and "?maand=2026-10" in page
    page = client.get(url + "?maand=2026-12").content.decode()
    assert "Evaluatie december" in page
    assert '<time datetime="2026-12-03">' in page
    assert client.get(url + "?maand=2026-13").status_code == 200  # a wrong month shows this month


def test_step_4_links_to_the_landing_page(client, programme, manager):
    client.force_login(manager)
    page = client.get(reverse("programme_detail", kwargs={"programme_uuid": programme.uuid})).content.decode()
    assert reverse("actions_overview", kwargs={"programme_uuid": programme.uuid}) in page


# Milestone --------------------------------------------------------------------------------------


def milestone(programme):
    step = evaluate(programme).steps[3]
    return next(r for r in step.results if r.milestone.key == "actions.subprojects")


def test_the_milestone_wants_actions_with_owner_and_due_date_in_every_subproject(programme, manager, team):
    assert not milestone(programme).met
    new_action(manager, programme, subproject=team["led"], owner=team["owner"], due_date=TODAY)
    result = milestone(programme)
    assert not result.met and "1 deelproject zonder acties" in str(result.check.detail)
    late = new_action(manager, programme, subproject=team["other"], owner=team["owner"])
    assert "1 actie zonder eigenaar of einddatum" in str(milestone(programme).check.detail)
    services.action_update(actor=manager, action=late, expected_version=late.version, due_date=TODAY)
    assert milestone(programme).met
