"""The demo gives Voorbeeldstad twenty actions with owners from the demo team, some overdue and
some done, once; without sub-projects they belong to the whole programme."""

from __future__ import annotations

from django.core import mail
from django.utils import timezone

from koers.audit.models import AuditEvent
from tests.test_findings_demo import demo_programme


def test_the_demo_adds_actions_once(db, django_capture_on_commit_callbacks):
    from koers.demo.content import create_demo

    with django_capture_on_commit_callbacks(execute=True):
        create_demo()
    events = AuditEvent.objects.filter(action__startswith="action.").count()
    sent = len(mail.outbox)
    create_demo()

    programme = demo_programme()
    actions = list(
        programme.actions.filter(decision__isnull=True).select_related("owner")
    )  # not from meetings
    assert len(actions) == 20
    assert AuditEvent.objects.filter(action__startswith="action.").count() == events
    assert len(mail.outbox) == sent
    assert all(a.owner is not None and a.due_date is not None for a in actions)
    today = timezone.localdate()
    assert sum(1 for a in actions if a.is_overdue_on(today)) >= 3
    assert any(a.status == "gereed" for a in actions)
    if not programme.subprojects.exists():
        assert all(a.subproject_id is None for a in actions)
    else:
        assert all(a.subproject_id is not None for a in actions)


def test_the_demo_gives_each_subproject_a_valid_raci_once(db):
    from koers.actions.raci import matrix
    from koers.demo.content import create_demo
    from koers.plan.models import SubProject

    create_demo()
    programme = demo_programme()
    subproject = SubProject.objects.create(
        programme=programme, name="Straatcoaches", kwartiermaker=programme.people.order_by("pk").last()
    )
    create_demo()
    create_demo()
    rows = matrix(subproject)
    assert len(rows) == 3
    assert all(not row.problems for row in rows)
