"""Step 5's meetings: the workflow table, the services and their audit events, read-only approved
minutes, optimistic locking on approval, numbering of decisions, actions from a decision, the
agenda e-mail with its iCalendar invitation, and the pages of a meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from koers.actions.models import Action
from koers.audit.models import AuditEvent
from koers.meetings import services
from koers.meetings.models import Attendance, Decision, Meeting
from koers.meetings.reference import MEETING_WORKFLOW, MeetingStatus
from koers.notifications.models import Notification
from tests import factories
from tests.meetings_data import at, build, held, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]


@pytest.fixture
def world(programme, manager):
    return build(programme, manager)


def nl(text: str) -> str:
    from django.utils import translation

    with translation.override("nl"):
        return translation.gettext(text)


# The workflow ----------------------------------------------------------------------------------

ALL = list(MeetingStatus.values)
ALLOWED = {
    ("concept", "agenda_verstuurd"),
    ("concept", "gehouden"),
    ("agenda_verstuurd", "concept"),
    ("agenda_verstuurd", "gehouden"),
    ("gehouden", "verslag_concept"),
    ("verslag_concept", "gehouden"),
    ("verslag_concept", "verslag_vastgesteld"),
}


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_workflow_table(source, target):
    if (source, target) in ALLOWED:
        MEETING_WORKFLOW.check(source, target)
    else:
        with pytest.raises(ValidationError):
            MEETING_WORKFLOW.check(source, target)


def _meeting_in(world, status: str) -> Meeting:
    """A meeting in ``status``, reached through the service (future for the agenda statuses)."""
    if status in ("concept", "agenda_verstuurd"):
        meeting = plan(world)
        services.agenda_item_add(actor=world.manager, meeting=meeting, title="Voortgang")
        if status == "agenda_verstuurd":
            services.meeting_change_status(actor=world.manager, meeting=meeting, status=status)
        return meeting
    meeting = held(world)
    if status in ("verslag_concept", "verslag_vastgesteld"):
        services.meeting_change_status(actor=world.manager, meeting=meeting, status="verslag_concept")
    if status == "verslag_vastgesteld":
        services.meeting_change_status(actor=world.manager, meeting=meeting, status=status)
    return meeting


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_every_transition_through_the_service(world, source, target):
    meeting = _meeting_in(world, source)
    if target == "gehouden" and source in ("concept", "agenda_verstuurd"):
        meeting.starts_at = at(-1)
        meeting.save(update_fields=["starts_at"])
    before = AuditEvent.objects.filter(action="meeting.change_status").count()
    if (source, target) in ALLOWED:
        services.meeting_change_status(actor=world.manager, meeting=meeting, status=target)
        meeting.refresh_from_db()
        assert meeting.status == target
        assert AuditEvent.objects.filter(action="meeting.change_status").count() == before + 1
    else:
        with pytest.raises(ValidationError):
            services.meeting_change_status(actor=world.manager, meeting=meeting, status=target)
        meeting.refresh_from_db()
        assert meeting.status == source
        assert AuditEvent.objects.filter(action="meeting.change_status").count() == before


# Meetings and participants ---------------------------------------------------------------------


def test_a_new_meeting_invites_the_body_members_and_is_audited(world):
    meeting = plan(world)
    invited = set(meeting.attendance.values_list("person__full_name", "status"))
    assert invited == {
        ("Petra Programma", "uitgenodigd"),
        ("Sander Stuurgroep", "uitgenodigd"),
        ("Olga Buitenstaander", "uitgenodigd"),
    }
    event = AuditEvent.objects.get(action="meeting.create")
    assert event.object_id == str(meeting.uuid)
    assert sorted(event.changes["participants"][1]) == sorted(p for p, _ in invited)


def test_participants_can_be_changed(world):
    meeting = plan(world)
    services.meeting_update(
        actor=world.manager,
        meeting=meeting,
        expected_version=meeting.version,
        participants=[world.manager_person, world.chair],
    )
    assert set(meeting.attendance.values_list("person__full_name", flat=True)) == {
        "Petra Programma",
        "Karim Kwartier",
    }
    assert AuditEvent.objects.filter(action="meeting.update").count() == 1


def test_meeting_dates_are_checked(world):
    with pytest.raises(ValidationError) as error:
        plan(world, starts_at=at(3, 20), ends_at=at(3, 18))
    assert "ends_at" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        plan(world, starts_at=dt.datetime(2025, 6, 1, 19, tzinfo=dt.UTC), ends_at=None)
    assert "starts_at" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        plan(world, location="", online_link="")
    assert "location" in error.value.error_dict
    assert not Meeting.objects.exists()


def test_a_body_of_another_programme_is_refused(world, foreign_programme):
    other = factories.BodyFactory(programme=foreign_programme)
    with pytest.raises(ValidationError):
        plan(world, body=other)


# The agenda ------------------------------------------------------------------------------------


def test_agenda_items_are_added_moved_and_removed_with_audit(world):
    meeting = plan(world)
    first = services.agenda_item_add(
        actor=world.manager, meeting=meeting, title="Opening", minutes_allotted=5
    )
    second = services.agenda_item_add(
        actor=world.manager, meeting=meeting, title="Voortgang", presenter=world.chair, minutes_allotted=30
    )
    third = services.agenda_item_add(actor=world.manager, meeting=meeting, title="Rondvraag")
    services.agenda_item_move(actor=world.manager, item=third, direction="up")
    assert list(meeting.agenda_items.order_by("order").values_list("title", flat=True)) == [
        "Opening",
        "Rondvraag",
        "Voortgang",
    ]
    services.agenda_item_move(actor=world.manager, item=first, direction="up")  # already first
    services.agenda_item_update(actor=world.manager, item=second, title="Voortgang deelprojecten")
    services.agenda_item_remove(actor=world.manager, item=first)
    assert list(meeting.agenda_items.order_by("order").values_list("title", "order")) == [
        ("Rondvraag", 1),
        ("Voortgang deelprojecten", 2),
    ]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"agenda.add", "agenda.move", "agenda.update", "agenda.remove"} <= actions


def test_documents_are_a_file_or_a_link(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = plan(world)
    item = services.agenda_item_add(actor=world.manager, meeting=meeting, title="Begroting")
    upload = SimpleUploadedFile("begroting.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    document = services.agenda_document_add(
        actor=world.manager, item=item, title="Begroting 2027", file=upload
    )
    link = services.agenda_document_add(
        actor=world.manager, item=item, title="Notitie", url="https://intranet.example/notitie"
    )
    assert document.file.name.startswith("overleggen/") and "begroting" not in document.file.name
    assert link.url
    with pytest.raises(ValidationError):
        services.agenda_document_add(actor=world.manager, item=item, title="Leeg")
    services.agenda_document_remove(actor=world.manager, document=link)
    assert list(item.documents.values_list("title", flat=True)) == ["Begroting 2027"]


def test_document_download_is_scoped_to_the_programme(world, client, settings, tmp_path, foreign_programme):
    settings.MEDIA_ROOT = tmp_path
    meeting = plan(world)
    item = services.agenda_item_add(actor=world.manager, meeting=meeting, title="Begroting")
    upload = SimpleUploadedFile("b.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    document = services.agenda_document_add(actor=world.manager, item=item, title="Begroting", file=upload)
    url = reverse(
        "agenda_document_download",
        kwargs={"programme_uuid": world.programme.uuid, "document_uuid": document.uuid},
    )
    client.force_login(world.member_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    stranger = factories.member(foreign_programme, "programmamanager")
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    other_url = reverse(
        "agenda_document_download",
        kwargs={"programme_uuid": foreign_programme.uuid, "document_uuid": document.uuid},
    )
    assert client.get(other_url).status_code == 404


def test_the_agenda_is_closed_once_the_meeting_is_held(world):
    meeting = held(world)
    with pytest.raises(ValidationError) as error:
        services.agenda_item_add(actor=world.manager, meeting=meeting, title="Te laat")
    assert error.value.code == "agenda_closed"


# Sending the agenda ----------------------------------------------------------------------------


def test_sending_the_agenda_mails_everyone_with_an_icalendar_invitation(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://koers.voorbeeldstad.example"
    meeting = plan(world, online_link="https://meet.example/stuurgroep")
    services.agenda_item_add(actor=world.manager, meeting=meeting, title="Voortgang", minutes_allotted=30)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_change_status(actor=world.manager, meeting=meeting, status="agenda_verstuurd")
    meeting.refresh_from_db()
    assert meeting.status == "agenda_verstuurd" and meeting.agenda_sent_at is not None
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([world.manager.email, world.member_user.email, "olga@partner.example"])
    # The participants with an account also get an in-app notification.
    assert set(Notification.objects.filter(kind="agenda_verstuurd").values_list("user", flat=True)) == {
        world.manager.pk,
        world.member_user.pk,
    }
    for message in mail.outbox:
        assert "Voortgang" in message.body
        (name, data, mimetype) = message.attachments[0]
        assert name.endswith(".ics") and mimetype.startswith("text/calendar")
        calendar = Calendar.from_ical(data)
        assert str(calendar["method"]) == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert str(event["uid"]) == f"overleg-{meeting.uuid}@koers.voorbeeldstad.example"
        assert event.decoded("dtstart") == meeting.starts_at
        assert event.decoded("dtstart").utcoffset() == dt.timedelta(0)
        assert event.decoded("dtend") == meeting.ends_at
        assert str(event["location"]) == "Stadhuis, kamer 2.14"
        assert str(event["url"]) == "https://meet.example/stuurgroep"
        assert str(event["organizer"]) == f"mailto:{world.manager.email}"
        attendees = {str(a) for a in event["attendee"]}
        assert attendees == {f"mailto:{e}" for e in recipients}


def test_the_uid_stays_the_same_when_the_agenda_is_sent_again(world, django_capture_on_commit_callbacks):
    meeting = plan(world)
    services.agenda_item_add(actor=world.manager, meeting=meeting, title="Voortgang")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_change_status(actor=world.manager, meeting=meeting, status="agenda_verstuurd")
        services.meeting_change_status(actor=world.manager, meeting=meeting, status="concept")
        services.meeting_change_status(actor=world.manager, meeting=meeting, status="agenda_verstuurd")
    events = [Calendar.from_ical(m.attachments[0][1]).walk("VEVENT")[0] for m in mail.outbox]
    assert len({str(e["uid"]) for e in events}) == 1
    assert len({int(e["sequence"]) for e in events}) == 2


def test_an_agenda_for_a_meeting_in_the_past_is_refused_in_dutch(world):
    meeting = plan(world, days=-2)
    services.agenda_item_add(actor=world.manager, meeting=meeting, title="Voortgang")
    from django.utils import translation

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.meeting_change_status(actor=world.manager, meeting=meeting, status="agenda_verstuurd")
    assert "kan de agenda niet meer worden verstuurd" in error.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.status == "concept" and not mail.outbox


def test_a_meeting_cannot_be_held_before_it_starts(world):
    meeting = plan(world)
    with pytest.raises(ValidationError) as error:
        services.meeting_change_status(actor=world.manager, meeting=meeting, status="gehouden")
    assert error.value.code == "future"


# Attendance, minutes, approval -----------------------------------------------------------------


def test_attendance_and_minutes_are_recorded_after_the_meeting(world):
    meeting = plan(world, days=-1)
    item = services.agenda_item_add(actor=world.manager, meeting=meeting, title="Voortgang")
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=world.manager, meeting=meeting, statuses={world.member.pk: "aanwezig"}
        )
    services.meeting_change_status(actor=world.manager, meeting=meeting, status="gehouden")
    changed = services.attendance_record(
        actor=world.manager,
        meeting=meeting,
        statuses={
            world.member.pk: "aanwezig",
            world.outsider.pk: "afgemeld",
            world.manager_person.pk: "aanwezig",
        },
    )
    assert changed == 3
    services.minutes_save(
        actor=world.manager,
        meeting=meeting,
        expected_version=meeting.version,
        general_notes="Goed overleg.",
        items={item.pk: ("De straatcoaches zijn gestart.", True)},
    )
    item.refresh_from_db()
    assert item.minutes == "De straatcoaches zijn gestart." and item.carry_over
    assert dict(Attendance.objects.filter(meeting=meeting).values_list("person__full_name", "status")) == {
        "Petra Programma": "aanwezig",
        "Sander Stuurgroep": "aanwezig",
        "Olga Buitenstaander": "afgemeld",
    }
    assert {"meeting.attendance", "meeting.minutes"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_approved_minutes_are_read_only(world):
    meeting = held(world)
    item = meeting.agenda_items.get()
    decision = services.decision_create(actor=world.manager, meeting=meeting, text="Akkoord met het plan.")
    services.meeting_change_status(actor=world.manager, meeting=meeting, status="verslag_concept")
    services.meeting_change_status(actor=world.member_user, meeting=meeting, status="verslag_vastgesteld")
    meeting.refresh_from_db()
    assert meeting.minutes_approved_by == world.member_user
    message = nl("The minutes of this meeting have been approved and can no longer be changed.")
    from django.utils import translation

    attempts = [
        lambda: services.minutes_save(
            actor=world.manager, meeting=meeting, expected_version=None, general_notes="x", items={}
        ),
        lambda: services.attendance_record(actor=world.manager, meeting=meeting, statuses={}),
        lambda: services.decision_create(actor=world.manager, meeting=meeting, text="Nog iets"),
        lambda: services.decision_update(
            actor=world.manager, decision=decision, expected_version=None, text="x"
        ),
        lambda: services.agenda_item_add(actor=world.manager, meeting=meeting, title="x"),
        lambda: services.agenda_item_update(actor=world.manager, item=item, title="x"),
        lambda: services.agenda_item_remove(actor=world.manager, item=item),
        lambda: services.agenda_document_add(
            actor=world.manager, item=item, title="x", url="https://x.example"
        ),
        lambda: services.meeting_update(
            actor=world.manager, meeting=meeting, expected_version=None, title="x"
        ),
        lambda: services.actions_from_decision(
            actor=world.manager,
            decision=decision,
            actions=[
                {"title": "x", "owner": world.chair, "due_date": dt.date.today() + dt.timedelta(days=9)}
            ],
        ),
    ]
    for attempt in attempts:
        with translation.override("nl"), pytest.raises(ValidationError) as error:
            attempt()
        assert message in error.value.messages
    assert not Action.objects.exists()


def test_who_approves_minutes(world):
    from koers.meetings.permissions import approves_minutes_of

    # A stuurgroep: its members and the programme manager, not the chair of another body.
    assert approves_minutes_of(world.member_user, world.steering)
    assert approves_minutes_of(world.manager, world.steering)
    assert not approves_minutes_of(world.chair_user, world.steering)
    # Another body: its chair and the programme manager, not a member.
    assert approves_minutes_of(world.chair_user, world.working_group)
    assert not approves_minutes_of(world.member_user, world.working_group)
    meeting = held(world, body=world.working_group)
    services.meeting_change_status(actor=world.manager, meeting=meeting, status="verslag_concept")
    with pytest.raises(ValidationError) as error:
        services.meeting_change_status(actor=world.member_user, meeting=meeting, status="verslag_vastgesteld")
    assert error.value.code == "not_allowed"


def test_approving_twice_at_the_same_time_gives_the_second_a_clear_message(
    world, django_capture_on_commit_callbacks
):
    meeting = held(world)
    services.meeting_change_status(actor=world.manager, meeting=meeting, status="verslag_concept")
    # Both opened the page at the same version.
    first = Meeting.objects.get(pk=meeting.pk)
    second = Meeting.objects.get(pk=meeting.pk)
    version = first.version
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_change_status(
            actor=world.member_user, meeting=first, status="verslag_vastgesteld", expected_version=version
        )
    from django.utils import translation

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.meeting_change_status(
            actor=world.manager, meeting=second, status="verslag_vastgesteld", expected_version=version
        )
    assert error.value.code == "approved"
    assert str(world.member_user) in error.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.minutes_approved_by == world.member_user
    assert (
        AuditEvent.objects.filter(
            action="meeting.change_status", changes__status__1="verslag_vastgesteld"
        ).count()
        == 1
    )
    # The participants with an account were told once.
    assert Notification.objects.filter(kind="verslag_vastgesteld").count() == 2


def test_a_stale_status_change_is_refused(world):
    meeting = held(world)
    stale = Meeting.objects.get(pk=meeting.pk)
    services.meeting_change_status(actor=world.manager, meeting=meeting, status="verslag_concept")
    with pytest.raises(ValidationError) as error:
        services.meeting_change_status(
            actor=world.manager, meeting=stale, status="verslag_concept", expected_version=stale.version - 0
        )
    assert error.value.code == "stale"


# Decisions and actions -------------------------------------------------------------------------


def test_decisions_are_numbered_per_body(world):
    steering_meeting = held(world, days=-20)
    group_meeting = held(world, body=world.working_group, days=-10)
    numbers = [
        services.decision_create(actor=world.manager, meeting=steering_meeting, text=f"Besluit {i}").number
        for i in range(3)
    ]
    assert numbers == [1, 2, 3]
    assert services.decision_create(actor=world.manager, meeting=group_meeting, text="Eerste").number == 1
    later = held(world, days=-3)
    decision = services.decision_create(
        actor=world.manager,
        meeting=later,
        text="Door",
        status="aangehouden",
        subprojects=[world.subproject],
        agenda_item=later.agenda_items.get(),
    )
    assert decision.number == 4
    assert list(decision.subprojects.all()) == [world.subproject]
    assert AuditEvent.objects.filter(action="decision.create").count() == 5


def test_a_decision_needs_text_and_own_subprojects(world, foreign_programme):
    meeting = held(world)
    with pytest.raises(ValidationError):
        services.decision_create(actor=world.manager, meeting=meeting, text="  ")
    from koers.plan.models import SubProject

    other = SubProject.objects.create(programme=foreign_programme, name="Elders")
    with pytest.raises(ValidationError):
        services.decision_create(actor=world.manager, meeting=meeting, text="Ja", subprojects=[other])
    assert not Decision.objects.exists()


def test_a_decision_becomes_actions_in_one_step(world, django_capture_on_commit_callbacks):
    meeting = held(world)
    decision = services.decision_create(
        actor=world.manager, meeting=meeting, text="We starten straatcoaches.", subprojects=[world.subproject]
    )
    due = dt.date.today() + dt.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        created = services.actions_from_decision(
            actor=world.manager,
            decision=decision,
            actions=[
                {"title": "Werving straatcoaches", "owner": world.chair, "due_date": due},
                {"title": "Budget aanvragen", "owner": world.outsider, "due_date": due},
            ],
        )
    assert [a.title for a in created] == ["Werving straatcoaches", "Budget aanvragen"]
    first = Action.objects.get(title="Werving straatcoaches")
    assert first.decision == decision and first.origin == "overlegbesluit"
    assert first.owner == world.chair and first.organisation == world.chair.partner
    assert first.subproject == world.subproject and first.created_by == world.manager
    assert Action.objects.get(title="Budget aanvragen").organisation == world.outsider.partner
    # The owner with an account is told, once, as an action from a decision.
    (notice,) = Notification.objects.filter(kind="actie_uit_besluit")
    assert notice.user == world.chair_user and "Werving straatcoaches" in notice.title
    assert (
        AuditEvent.objects.filter(action="action.create", changes__decision__1=str(decision.uuid)).count()
        == 2
    )


def test_a_pending_decision_gives_no_actions(world):
    meeting = held(world)
    decision = services.decision_create(
        actor=world.manager, meeting=meeting, text="Later", status="aangehouden"
    )
    with pytest.raises(ValidationError) as error:
        services.actions_from_decision(
            actor=world.manager,
            decision=decision,
            actions=[{"title": "x", "owner": world.chair, "due_date": dt.date.today()}],
        )
    assert error.value.code == "pending"


def test_an_action_owner_must_be_of_the_programme(world, foreign_programme):
    meeting = held(world)
    decision = services.decision_create(actor=world.manager, meeting=meeting, text="Ja")
    stranger = factories.PersonFactory(programme=foreign_programme)
    with pytest.raises(ValidationError):
        services.actions_from_decision(
            actor=world.manager,
            decision=decision,
            actions=[{"title": "x", "owner": stranger, "due_date": dt.date.today()}],
        )
    assert not Action.objects.exists()
