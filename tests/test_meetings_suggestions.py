"""The agenda items Koers suggests: overdue actions (of the programme, or of a werkgroep's own
sub-projects), sub-projects at risk, pending decisions of the body until they are settled, items
carried over from the body's previous meeting and one review of the open actions from earlier
meetings. What is already on the agenda is not suggested again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.actions import services as action_services
from koers.actions.models import Action
from koers.meetings import services
from koers.meetings.reference import AgendaSource
from koers.meetings.suggestions import suggestions
from koers.plan.models import SubProject
from tests.meetings_data import build, held, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]


@pytest.fixture
def world(programme, manager):
    return build(programme, manager)


def today() -> dt.date:
    return timezone.localdate()


def overdue(world, title: str, *, subproject=None, days: int = -5, status: str = "open") -> Action:
    action = action_services.action_create(
        actor=world.manager,
        programme=world.programme,
        today=today() + dt.timedelta(days=days - 30),
        title=title,
        owner=world.chair,
        subproject=subproject,
        due_date=today() + dt.timedelta(days=days),
        notify=False,
    )
    if status != "open":
        action_services.action_set_status(actor=world.manager, action=action, status=status)
    return action


def by_source(meeting) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for suggestion in suggestions(meeting, today()):
        found.setdefault(suggestion.source, []).append(suggestion.title)
    return found


def test_an_empty_programme_has_no_suggestions(world):
    assert suggestions(plan(world), today()) == []


def test_overdue_actions_of_the_programme_for_the_stuurgroep(world):
    late = overdue(world, "Verlichting park", subproject=world.subproject)
    overdue(world, "Klaar maar te laat", status="gereed")
    overdue(world, "Nog niet te laat", days=3)
    found = suggestions(plan(world), today())
    assert [(s.source, s.source_uuid) for s in found] == [(AgendaSource.OVERDUE_ACTION, late.uuid)]
    assert "Verlichting park" in found[0].title and "Karim Kwartier" in found[0].description


def test_a_werkgroep_sees_only_the_overdue_actions_of_its_own_subprojects(world):
    other = SubProject.objects.create(programme=world.programme, name="Elders", kwartiermaker=world.outsider)
    own = overdue(world, "Eigen actie", subproject=world.subproject)
    overdue(world, "Andere actie", subproject=other)
    overdue(world, "Programma-actie")
    meeting = plan(world, body=world.working_group)
    assert [s.source_uuid for s in suggestions(meeting, today())] == [own.uuid]
    # The stuurgroep sees all three.
    assert len(by_source(plan(world))[AgendaSource.OVERDUE_ACTION]) == 3


def test_subprojects_at_risk(world, monkeypatch):
    from koers.meetings import suggestions as module

    monkeypatch.setattr(module, "at_risk", lambda programme, day: [world.subproject])
    meeting = plan(world)
    (suggestion,) = suggestions(meeting, today())
    assert (suggestion.source, suggestion.source_uuid) == (
        AgendaSource.SUBPROJECT_AT_RISK,
        world.subproject.uuid,
    )
    assert "Straatcoaches" in suggestion.title
    # A werkgroep whose members lead no sub-project at risk does not see it.
    world.working_group.members.remove(world.chair)
    assert suggestions(plan(world, body=world.working_group), today()) == []


def test_subprojects_at_risk_from_the_monitoring_rule(world):
    # A missed milestone puts a running sub-project at risk (koers.monitoring.status).
    from koers.plan.models import SubProjectMilestone

    world.subproject.status = "uitvoering"
    world.subproject.save()
    SubProjectMilestone.objects.create(
        subproject=world.subproject, title="Start", due=today() - dt.timedelta(days=5)
    )
    meeting = plan(world)
    sources = [(s.source, s.source_uuid) for s in suggestions(meeting, today())]
    assert (AgendaSource.SUBPROJECT_AT_RISK, world.subproject.uuid) in sources


def test_pending_decisions_of_the_body_until_settled(world):
    earlier = held(world, days=-30)
    pending = services.decision_create(
        actor=world.manager, meeting=earlier, text="Budget later", status="aangehouden"
    )
    services.decision_create(actor=world.manager, meeting=earlier, text="Genomen besluit")
    other_body = held(world, body=world.working_group, days=-20)
    services.decision_create(actor=world.manager, meeting=other_body, text="Elders", status="aangehouden")

    meeting = held(world, days=-10)
    # Held meetings no longer take suggestions, but the list is computed the same way.
    found = [s for s in suggestions(meeting, today()) if s.source == AgendaSource.DECISION_PENDING]
    assert [s.source_uuid for s in found] == [pending.uuid]

    # Discussed and decided in a meeting: settled, no longer suggested.
    next_meeting = plan(world)
    key = f"{AgendaSource.DECISION_PENDING}:{pending.uuid}"
    item = services.agenda_suggestion_add(actor=world.manager, meeting=next_meeting, key=key)
    assert item.source_uuid == pending.uuid
    next_meeting.starts_at = timezone.now() - dt.timedelta(hours=1)
    next_meeting.save(update_fields=["starts_at"])
    services.meeting_change_status(actor=world.manager, meeting=next_meeting, status="gehouden")
    services.decision_create(
        actor=world.manager, meeting=next_meeting, agenda_item=item, text="Budget toegekend"
    )
    assert AgendaSource.DECISION_PENDING not in by_source(plan(world, days=30))


def test_items_carried_over_from_the_previous_meeting_only(world):
    older = held(world, days=-60)
    services.minutes_save(
        actor=world.manager,
        meeting=older,
        expected_version=None,
        general_notes="",
        items={older.agenda_items.get().pk: ("", True)},
    )
    previous = held(world, days=-20)
    item = previous.agenda_items.get()
    services.minutes_save(
        actor=world.manager,
        meeting=previous,
        expected_version=None,
        general_notes="",
        items={item.pk: ("x", True)},
    )
    meeting = plan(world)
    found = [s for s in suggestions(meeting, today()) if s.source == AgendaSource.CARRIED_OVER]
    assert [(s.source_uuid, s.carried_over_from) for s in found] == [(item.uuid, item)]
    added = services.agenda_suggestion_add(actor=world.manager, meeting=meeting, key=found[0].key)
    assert added.carried_over_from == item and added.source == AgendaSource.CARRIED_OVER


def test_one_review_item_for_open_actions_from_earlier_meetings(world):
    earlier = held(world, days=-30)
    decision = services.decision_create(actor=world.manager, meeting=earlier, text="Starten")
    due = today() + dt.timedelta(days=10)
    _open_one, done_one = services.actions_from_decision(
        actor=world.manager,
        decision=decision,
        actions=[
            {"title": "Werving", "owner": world.chair, "due_date": due},
            {"title": "Afgerond", "owner": world.chair, "due_date": due},
        ],
    )
    action_services.action_set_status(actor=world.manager, action=done_one, status="gereed")
    meeting = plan(world)
    found = [s for s in suggestions(meeting, today()) if s.source == AgendaSource.ACTION_REVIEW]
    assert len(found) == 1 and found[0].source_uuid is None
    assert "Werving" in found[0].description and "Afgerond" not in found[0].description
    # Another body's meeting does not review them.
    assert AgendaSource.ACTION_REVIEW not in by_source(plan(world, body=world.working_group))


def test_added_suggestions_are_not_suggested_twice(world):
    late = overdue(world, "Verlichting park")
    meeting = plan(world)
    (suggestion,) = suggestions(meeting, today())
    item = services.agenda_suggestion_add(actor=world.manager, meeting=meeting, key=suggestion.key)
    assert (item.source, item.source_uuid) == (AgendaSource.OVERDUE_ACTION, late.uuid)
    assert suggestions(meeting, today()) == []
    with pytest.raises(ValidationError) as error:
        services.agenda_suggestion_add(actor=world.manager, meeting=meeting, key=suggestion.key)
    assert error.value.code == "gone"
    # Another meeting still gets it.
    assert [s.source_uuid for s in suggestions(plan(world, days=14), today())] == [late.uuid]


def test_a_forged_suggestion_is_refused(world):
    meeting = plan(world)
    with pytest.raises(ValidationError):
        services.agenda_suggestion_add(actor=world.manager, meeting=meeting, key="actie_verlopen:" + "0" * 32)
    assert not meeting.agenda_items.exists()
