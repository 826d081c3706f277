"""The demo gives Voorbeeldstad a year of meetings of the stuurgroep and the projectteam, with
agendas, attendance, minutes, decisions numbered per body and the actions they led to; the latest
minutes in concept, one upcoming meeting with its agenda sent. Running it again changes nothing."""

from __future__ import annotations

from django.core import mail
from django.utils import timezone

from koers.audit.models import AuditEvent
from koers.meetings.models import Decision, Meeting
from koers.programmes.navigator import REGISTRY, ProgrammeFacts
from tests.test_findings_demo import demo_programme


def test_the_demo_adds_a_year_of_meetings_once(db, django_capture_on_commit_callbacks):
    from koers.demo.content import create_demo

    with django_capture_on_commit_callbacks(execute=True):
        create_demo()
    ours = ("meeting.", "agenda.", "decision.")

    def our_events() -> int:
        return sum(AuditEvent.objects.filter(action__startswith=prefix).count() for prefix in ours)

    events = our_events()
    sent = len(mail.outbox)
    meetings_before = Meeting.objects.count()
    create_demo()
    assert Meeting.objects.count() == meetings_before
    assert our_events() == events
    assert len(mail.outbox) == sent

    programme = demo_programme()
    now = timezone.now()
    meetings = list(Meeting.objects.filter(programme=programme).select_related("body").order_by("starts_at"))
    kinds = {m.body.kind for m in meetings}
    assert kinds == {"stuurgroep", "projectteam"}
    past = [m for m in meetings if m.starts_at < now]
    upcoming = [m for m in meetings if m.starts_at >= now]
    assert len([m for m in past if m.body.kind == "projectteam"]) >= 10
    assert len([m for m in past if m.body.kind == "stuurgroep"]) >= 3
    # Past minutes approved, the latest in concept; one upcoming meeting with its agenda sent.
    assert past[-1].status == "verslag_concept"
    assert all(m.status == "verslag_vastgesteld" for m in past[:-1])
    (next_meeting,) = upcoming
    assert next_meeting.status == "agenda_verstuurd" and next_meeting.agenda_items.count() >= 4
    sources = set(next_meeting.agenda_items.values_list("source", flat=True))
    assert {"besluit_aangehouden", "acties_vorig_overleg"} <= sources
    # Every past meeting has an agenda, attendance and minutes.
    for meeting in past:
        assert meeting.agenda_items.exclude(minutes="").exists()
        assert meeting.attendance.filter(status="aanwezig").exists()
    # Decisions numbered 1, 2, 3 … per body; some became actions, some of them done.
    for body_id in {m.body_id for m in meetings}:
        numbers = list(
            Decision.objects.filter(body_id=body_id).order_by("number").values_list("number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))
    from_decisions = programme.actions.filter(decision__isnull=False)
    assert from_decisions.filter(status="gereed").exists()
    assert from_decisions.exclude(status="gereed").exists()
    assert all(a.owner_id and a.due_date and a.origin == "overlegbesluit" for a in from_decisions)
    # The step-5 milestones read the demo: the minutes were approved in time.
    facts = ProgrammeFacts(programme)
    assert REGISTRY["meetings.minutes"].check(facts).met
