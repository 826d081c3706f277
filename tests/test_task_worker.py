"""The real task worker (django.tasks with the database backend) sends what services enqueue."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from koers.programmes import services

# The worker closes its database connections between tasks, as in production, so these tests
# commit for real instead of running inside a rolled-back transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_sends_the_invitation_enqueued_after_commit(
    programme, manager, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=manager, programme=programme, email="leerplicht@gemeente.example", role="teamlid"
        )
    assert DBTaskResult.objects.count() == 1
    assert mail.outbox == []  # queued, not sent inside the request

    call_command("worker", batch=True, verbosity=0)

    assert [m.to for m in mail.outbox] == [["leerplicht@gemeente.example"]]
    assert "/uitnodiging/" in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_worker_skips_an_invitation_withdrawn_before_it_ran(
    programme, manager, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=manager, programme=programme, email="later@gemeente.example", role="teamlid"
        )
    services.invitation_revoke(actor=manager, invitation=invitation)
    call_command("worker", batch=True, verbosity=0)
    assert mail.outbox == []
    assert DBTaskResult.objects.get().return_value is False
