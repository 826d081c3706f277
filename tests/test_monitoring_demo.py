"""The demo gives Voorbeeldstad step 5's monitoring once: kwartiermakers' assessments (one
sub-project at risk, with its explanation), two course adjustments and a progress report whose
files download; the dashboard tells where each sub-project stands."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import User
from koers.audit.models import AuditEvent
from koers.demo.content import create_demo
from koers.monitoring.status import at_risk
from tests.test_findings_demo import demo_programme


def test_the_demo_adds_monitoring_once(db, client, settings, django_capture_on_commit_callbacks):
    settings.MFA_ENFORCE = False
    with django_capture_on_commit_callbacks(execute=True):
        create_demo()
    events = AuditEvent.objects.filter(action__startswith="monitoring.").count()
    create_demo()
    assert AuditEvent.objects.filter(action__startswith="monitoring.").count() == events

    programme = demo_programme()
    adjustments = list(programme.course_adjustments.all())
    assert len(adjustments) == 2
    assert any(a.body is not None and a.body.kind == "stuurgroep" for a in adjustments)
    risky = [
        a for sub in programme.subprojects.all() for a in sub.assessments.all() if a.standing == "risico"
    ]
    assert len(risky) == 1 and "straatcoaches" in risky[0].explanation
    assert risky[0].subproject in at_risk(programme, timezone.localdate())
    report = programme.progress_reports.get()
    assert report.files_ready

    client.force_login(User.objects.get(email="programmamanager@voorbeeldstad.example"))
    page = client.get(reverse("monitoring_dashboard", args=[programme.uuid])).content.decode()
    assert risky[0].explanation[:40] in page
    download = client.get(reverse("progress_report_download", args=[programme.uuid, report.uuid, "odt"]))
    assert download.status_code == 200
