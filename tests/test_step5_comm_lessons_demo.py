"""The demo gives Voorbeeldstad a communication plan with about a year of moments (most done on
time, two overdue) and six lessons, two of them published in Leer van elkaar after approval, plus
one lesson Proefdorp shared — once: running the demo again changes nothing."""

from __future__ import annotations

from django.utils import timezone

from koers.audit.models import AuditEvent
from koers.communication.milestones import communication_on_time
from koers.communication.selectors import overdue_moments
from koers.lessons.models import LibraryItem
from koers.lessons.selectors import library
from koers.programmes.navigator import ProgrammeFacts
from tests.test_findings_demo import demo_programme


def test_the_demo_adds_the_communication_plan_and_lessons_once(db):
    from koers.demo.content import create_demo

    create_demo()
    events = AuditEvent.objects.filter(action__regex=r"^(communication|lesson|library)\.").count()
    items = LibraryItem.objects.count()
    create_demo()
    assert AuditEvent.objects.filter(action__regex=r"^(communication|lesson|library)\.").count() == events
    assert LibraryItem.objects.count() == items

    programme = demo_programme()
    today = timezone.localdate()
    lines = list(programme.communication_lines.all())
    assert len(lines) >= 4
    assert all(line.goal and line.channels and line.owner_id for line in lines)
    moments = list(programme.communication_moments.all())
    assert len(moments) >= 15
    assert all(m.planned_on >= programme.start_date for m in moments)
    assert 1 <= overdue_moments(programme, today).count() <= 2
    assert any(m.planned_on > today for m in moments)
    done = [m for m in moments if m.done_on is not None]
    assert sum(1 for m in done if m.done_on_time) >= 0.8 * len(done)
    assert communication_on_time(ProgrammeFacts(programme)).met

    lessons = list(programme.lessons.all())
    assert len(lessons) == 6
    assert sum(1 for lesson in lessons if lesson.subproject_id) == 5
    assert sum(1 for lesson in lessons if lesson.publication_status == "gepubliceerd") == 2
    shared = list(library())
    assert len(shared) == 3
    assert {item.publisher_name for item in shared} == {
        "Gemeente Voorbeeldstad (fictief)",
        "Gemeente Proefdorp (fictief)",
    }
