"""Step 5's monitoring: the standing rule (a table through ``compute`` and through ``standings``
with real rows), assessments, course adjustments and progress reports (services, audit, the
document text), the dashboard and the organisation overview (pages, who sees what, pinned query
counts) and the step-5 milestones."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.actions.models import Action
from koers.analysisdocs.models import DocumentStatus
from koers.audit.models import AuditEvent
from koers.meetings.models import Decision, Meeting
from koers.monitoring import selectors, services
from koers.monitoring.models import CourseAdjustment, StandingAssessment
from koers.monitoring.reference import Standing
from koers.monitoring.status import at_risk, compute, standings
from koers.plan.models import BudgetLine, SubProject, SubProjectMilestone
from koers.programmes.navigator import evaluate
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

TODAY = datetime.date(2026, 11, 16)
ON, RISK, OFF = Standing.ON_TRACK, Standing.AT_RISK, Standing.OFF_TRACK


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def team(programme, manager):
    lead_user = factories.member(programme, "kwartiermaker")
    lead = factories.PersonFactory(programme=programme, user=lead_user, email=lead_user.email)
    led = SubProject.objects.create(
        programme=programme, name="Straatcoaches", kwartiermaker=lead, status="uitvoering"
    )
    other = SubProject.objects.create(programme=programme, name="Ouderavonden", status="uitvoering")
    steering = factories.BodyFactory(programme=programme, stuurgroep=True)
    return {"lead_user": lead_user, "lead": lead, "led": led, "other": other, "steering": steering}


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def action(programme, sub, due, *, status="open", priority="normaal", title="Actie"):
    return Action.objects.create(
        programme=programme, subproject=sub, title=title, due_date=due, status=status, priority=priority
    )


# The rule -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("open_", "overdue", "high", "missed", "late", "expected"),
    [
        (0, 0, 0, 0, 0, ON),  # nothing to do yet
        (10, 1, 0, 0, 0, ON),  # 10 % overdue
        (10, 2, 0, 0, 0, RISK),  # 20 % overdue
        (10, 1, 1, 0, 0, RISK),  # an overdue high-priority action
        (0, 0, 0, 1, 10, RISK),  # a milestone missed recently
        (0, 0, 0, 1, 31, OFF),  # a milestone missed more than 30 days ago
        (0, 0, 0, 1, 30, RISK),  # exactly 30 days: still at risk
        (4, 2, 0, 0, 0, OFF),  # half overdue
        (1, 1, 0, 0, 0, RISK),  # one of one: too few for off track
        (2, 2, 0, 0, 0, OFF),
    ],
)
def test_the_rule(open_, overdue, high, missed, late, expected):
    standing, reasons = compute(
        open_actions=open_,
        overdue_actions=overdue,
        overdue_high=high,
        missed_milestones=missed,
        days_late=late,
    )
    assert standing == expected
    assert reasons  # always says why


def test_standings_from_real_rows(programme, manager, team):
    led, other = team["led"], team["other"]
    for _ in range(3):
        action(programme, led, days(5))
    action(programme, led, days(-1), priority="hoog")
    action(programme, led, days(-10), status="gereed")  # done: not overdue
    SubProjectMilestone.objects.create(subproject=other, title="Start", due=days(-45))
    idea = SubProject.objects.create(programme=programme, name="Idee", status="idee")
    action(programme, idea, days(-5))
    found = standings(programme, TODAY)
    assert found[led.pk].computed == RISK
    assert found[led.pk].open_actions == 4 and found[led.pk].overdue_actions == 1
    assert found[other.pk].computed == OFF and found[other.pk].missed_milestones == 1
    assert found[idea.pk].computed is None and not found[idea.pk].monitored
    assert [s.name for s in at_risk(programme, TODAY)] == ["Ouderavonden", "Straatcoaches"]


def test_the_newest_assessment_counts_and_an_assessed_risk_counts_for_at_risk(programme, manager, team):
    led = team["led"]
    StandingAssessment.objects.create(subproject=led, standing=ON, explanation="", assessed_on=days(-20))
    services.assessment_create(
        actor=team["lead_user"], subproject=led, standing=RISK, explanation="Te weinig straatcoaches."
    )
    found = standings(programme, TODAY)
    assert found[led.pk].computed == ON
    assert found[led.pk].assessment.standing == RISK
    assert not found[led.pk].needs_explanation
    assert led in at_risk(programme, TODAY)


# Assessments ----------------------------------------------------------------------------------


def test_an_assessment_at_risk_needs_an_explanation_and_is_audited(programme, team):
    with pytest.raises(ValidationError) as caught:
        services.assessment_create(
            actor=team["lead_user"], subproject=team["led"], standing=RISK, explanation=" "
        )
    assert "explanation" in caught.value.message_dict
    assert not StandingAssessment.objects.exists()
    services.assessment_create(actor=team["lead_user"], subproject=team["led"], standing=ON, explanation="")
    event = AuditEvent.objects.get(action="monitoring.assessment")
    assert event.changes["standing"] == [None, ON]


def test_a_kwartiermaker_assesses_only_their_own_subproject(client, programme, team):
    client.force_login(team["lead_user"])
    own = reverse("monitoring_assess", args=[programme.uuid, team["led"].uuid])
    other = reverse("monitoring_assess", args=[programme.uuid, team["other"].uuid])
    assert client.get(other).status_code == 403
    response = client.post(own, {"standing": RISK, "explanation": ""})
    assert response.status_code == 400
    assert "Explain why" in response.content.decode() or "Leg uit" in response.content.decode()
    response = client.post(own, {"standing": RISK, "explanation": "Twee straatcoaches ziek."})
    assert response.status_code == 302
    assert team["led"].assessments.get().explanation == "Twee straatcoaches ziek."
    page = client.get(reverse("plan_subproject_detail", args=[programme.uuid, team["led"].uuid]))
    assert "Twee straatcoaches ziek." in page.content.decode()


# Course adjustments ---------------------------------------------------------------------------


def adjust(manager, programme, **values):
    base = {
        "kind": "deelproject",
        "description": "Straatcoaches ook op zaterdag.",
        "reason_kind": "signaal",
        "reason": "Overlast verschuift naar het weekend.",
        "decided_on": days(-3),
    }
    return services.adjustment_create(actor=manager, programme=programme, **{**base, **values})


def test_an_adjustment_needs_who_decided_and_a_valid_date(programme, manager, team, foreign_programme):
    with pytest.raises(ValidationError) as caught:
        adjust(manager, programme, subproject=team["led"])
    assert "decision" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        adjust(manager, programme, subproject=team["led"], body=team["steering"], decided_on=days(1))
    assert "decided_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        adjust(manager, programme, subproject=None, body=team["steering"])
    assert "subproject" in caught.value.message_dict
    foreign_body = factories.BodyFactory(programme=foreign_programme, stuurgroep=True)
    with pytest.raises(ValidationError) as caught:
        adjust(manager, programme, subproject=team["led"], body=foreign_body)
    assert "body" in caught.value.message_dict
    assert not CourseAdjustment.objects.exists()


def test_an_adjustment_decided_by_a_decision_takes_its_body_and_is_audited(programme, manager, team):
    decision = Decision.objects.create(
        programme=programme, body=team["steering"], number=4, text="Zaterdag erbij.", decided_on=days(-3)
    )
    adjustment = adjust(manager, programme, subproject=team["led"], decision=decision)
    assert adjustment.body == team["steering"]
    assert "Stuurgroep #4" in adjustment.decided_by
    services.adjustment_update(
        actor=manager,
        adjustment=adjustment,
        **{**{n: getattr(adjustment, n) for n in services.ADJUSTMENT_FIELDS}, "reason": "Nieuwe cijfers."},
    )
    followup = services.adjustment_action_create(
        actor=manager, adjustment=adjustment, title="Rooster zaterdag maken", due_date=days(7)
    )
    assert followup.origin == "bijsturing" and followup.adjustment == adjustment
    assert followup.subproject == team["led"]
    services.adjustment_delete(actor=manager, adjustment=adjustment)
    followup.refresh_from_db()
    assert followup.adjustment is None
    recorded = AuditEvent.objects.filter(action__startswith="monitoring.adjustment").values_list(
        "action", flat=True
    )
    assert sorted(recorded) == [
        "monitoring.adjustment.action",
        "monitoring.adjustment.create",
        "monitoring.adjustment.delete",
        "monitoring.adjustment.update",
    ]


def test_the_adjustment_form_keeps_the_input_on_an_error(client, programme, manager, team):
    client.force_login(manager)
    url = reverse("adjustment_create", args=[programme.uuid])
    response = client.post(
        url,
        {
            "kind": "deelproject",
            "subproject": str(team["led"].uuid),
            "description": "Zaterdag erbij.",
            "reason_kind": "signaal",
            "reason": "Weekend.",
            "decided_on": "2026-11-10",
        },
    )
    assert response.status_code == 400
    assert "Zaterdag erbij." in response.content.decode()
    assert not CourseAdjustment.objects.exists()
    response = client.post(
        url,
        {
            "kind": "deelproject",
            "subproject": str(team["led"].uuid),
            "description": "Zaterdag erbij.",
            "reason_kind": "signaal",
            "reason": "Weekend.",
            "body": str(team["steering"].uuid),
            "decided_on": "2026-11-10",
        },
    )
    assert response.status_code == 302
    adjustment = CourseAdjustment.objects.get()
    detail = client.get(response["Location"]).content.decode()
    assert "Zaterdag erbij." in detail and "Stuurgroep" in detail
    sub_page = client.get(reverse("plan_subproject_detail", args=[programme.uuid, team["led"].uuid]))
    assert "Zaterdag erbij." in sub_page.content.decode()
    assert adjustment.created_by == manager


def test_the_plan_difference_shows_the_adjustments_between_the_versions(client, programme, manager, team):
    from koers.plandocs.models import PlanVersion

    adjust(manager, programme, subproject=team["led"], body=team["steering"], decided_on=days(-3))
    adjust(
        manager,
        programme,
        subproject=team["led"],
        body=team["steering"],
        decided_on=days(-40),
        description="Oud besluit.",
    )
    taken = timezone.now()
    for number, when in ((1, taken - datetime.timedelta(days=10)), (2, taken)):
        PlanVersion.objects.create(
            programme=programme,
            number=number,
            status="vastgesteld" if number == 1 else "concept",
            snapshot={"goals": [], "subprojects": []},
            snapshot_taken_at=when,
            file_status=DocumentStatus.FAILED,
        )
    client.force_login(manager)
    page = client.get(reverse("plan_version_difference", args=[programme.uuid, 1, 2])).content.decode()
    assert "Straatcoaches ook op zaterdag." in page
    assert "Oud besluit." not in page


# Progress reports -----------------------------------------------------------------------------


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def test_a_progress_report_holds_standings_decisions_adjustments_and_next_steps(
    programme, manager, team, django_capture_on_commit_callbacks
):
    from odfdo import Document as OdfDocument
    from pypdf import PdfReader

    led = team["led"]
    action(programme, led, days(-5), title="Rooster maken")
    action(programme, led, days(20), title="Evaluatie plannen")
    SubProjectMilestone.objects.create(subproject=led, title="Tweede ploeg start", due=days(30))
    services.assessment_create(
        actor=team["lead_user"], subproject=led, standing=RISK, explanation="Ziekte in de ploeg."
    )
    Decision.objects.create(
        programme=programme,
        body=team["steering"],
        number=7,
        text="Extra budget voor straatcoaches.",
        decided_on=days(-20),
    )
    adjust(manager, programme, subproject=led, body=team["steering"], decided_on=days(-10))
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_create(
            actor=manager,
            programme=programme,
            period_start=days(-45),
            period_end=TODAY,
            audience="stuurgroep",
        )
    report.refresh_from_db()
    assert report.file_status == DocumentStatus.DONE and report.progress == 100
    reader = PdfReader(io.BytesIO(read(report.pdf)))
    rdf = reader.xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="2"' in rdf
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    odt_text = OdfDocument(io.BytesIO(read(report.odt))).body.text_recursive
    for text in (pdf_text, odt_text):
        assert "Straatcoaches" in text
        assert "Ziekte in de ploeg." in text
        assert "Extra budget voor straatcoaches." in text
        assert "Straatcoaches ook op zaterdag." in text
        assert "Evaluatie plannen" in text and "Rooster maken" in text
        assert "Tweede ploeg start" in text
    assert AuditEvent.objects.filter(action="monitoring.report.create").count() == 1


def test_a_report_period_is_checked(programme, manager):
    with pytest.raises(ValidationError) as caught:
        services.report_create(
            actor=manager, programme=programme, period_start=TODAY, period_end=days(-1), audience="stuurgroep"
        )
    assert "period_end" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.report_create(
            actor=manager,
            programme=programme,
            period_start=days(3),
            period_end=days(40),
            audience="stuurgroep",
        )
    assert "period_start" in caught.value.message_dict


def test_a_report_downloads_and_the_download_is_audited(
    client, programme, manager, team, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("progress_report_create", args=[programme.uuid]),
            {"period_start": "2026-07-01", "period_end": "2026-09-30", "audience": "gemeenteraad"},
        )
    assert response.status_code == 302
    report = programme.progress_reports.get()
    download = client.get(reverse("progress_report_download", args=[programme.uuid, report.uuid, "pdf"]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(action="monitoring.report.download").count() == 1
    bad = client.post(
        reverse("progress_report_create", args=[programme.uuid]),
        {"period_start": "2026-09-30", "period_end": "2026-07-01", "audience": "gemeenteraad"},
    )
    assert bad.status_code == 400 and "2026-09-30" in bad.content.decode()


# Dashboard and overview -----------------------------------------------------------------------


def grow(programme, team, size: int) -> None:
    steering = team["steering"]
    start = SubProject.objects.count()
    for i in range(start, start + size):
        sub = SubProject.objects.create(programme=programme, name=f"Deelproject {i}", status="uitvoering")
        BudgetLine.objects.create(
            subproject=sub,
            description="Uren",
            funding_source="Gemeente",
            planned=Decimal("1000.00"),
            spent=Decimal("250.50"),
        )
        for j in range(3):
            action(programme, sub, days(j * 7 - 7), title=f"Actie {i}-{j}")
        SubProjectMilestone.objects.create(subproject=sub, title=f"Mijlpaal {i}", due=days(i % 20 + 1))
        StandingAssessment.objects.create(subproject=sub, standing=ON, explanation="", assessed_on=days(-2))
        StandingAssessment.objects.create(
            subproject=sub, standing=RISK, explanation="Let op.", assessed_on=days(-1)
        )
        Meeting.objects.create(
            programme=programme, body=steering, starts_at=timezone.now() + datetime.timedelta(days=i % 20 + 1)
        )
        Decision.objects.create(
            programme=programme, body=steering, number=100 + i, text="Besluit", decided_on=days(-i)
        )
        CourseAdjustment.objects.create(
            programme=programme,
            kind="plan",
            description="Anders",
            reason_kind="anders",
            reason="Zo",
            body=steering,
            decided_on=days(-i),
        )


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


DASHBOARD_QUERIES = 18
CACHED_DASHBOARD_QUERIES = 5
PORTFOLIO_QUERIES = 10


def test_dashboard_query_count_is_flat_and_pinned(client, programme, manager, team, monkeypatch):
    monkeypatch.setattr(selectors, "DASHBOARD_CACHE_SECONDS", 0)  # every request makes the page
    client.force_login(manager)
    url = reverse("monitoring_dashboard", args=[programme.uuid])
    grow(programme, team, 2)
    small = count(client, url)
    grow(programme, team, 12)
    large = count(client, url)
    assert small == large == DASHBOARD_QUERIES


def test_the_cached_dashboard_is_made_again_after_an_assessment(
    client, programme, manager, team, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    url = reverse("monitoring_dashboard", args=[programme.uuid])
    grow(programme, team, 3)
    assert count(client, url) == DASHBOARD_QUERIES
    assert count(client, url) == CACHED_DASHBOARD_QUERIES  # from the cache
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_create(
            actor=manager, subproject=team["led"], standing=OFF, explanation="Vastgelopen."
        )
    assert "Vastgelopen." in client.get(url).content.decode()


def test_the_cached_dashboard_follows_any_change_in_the_programme(
    client, programme, manager, team, django_capture_on_commit_callbacks
):
    """Not only assessments: an action marked done elsewhere shows on the next request, because
    every audited write of the programme makes the dashboard again."""
    from koers.actions import services as action_services

    late = action(programme, team["led"], days(-3), title="Verlopen afspraak")
    client.force_login(manager)
    url = reverse("monitoring_dashboard", args=[programme.uuid])
    assert "Verlopen afspraak" in client.get(url).content.decode()
    assert count(client, url) == CACHED_DASHBOARD_QUERIES
    with django_capture_on_commit_callbacks(execute=True):
        action_services.action_set_status(actor=manager, action=late, status="gereed")
    assert "Verlopen afspraak" not in client.get(url).content.decode()


def test_the_dashboard_lists_overdue_communication_moments(
    client, programme, manager, team, django_capture_on_commit_callbacks
):
    from koers.communication import services as communication_services

    with django_capture_on_commit_callbacks(execute=True):
        line = communication_services.line_create(actor=manager, programme=programme, audience="bewoners")
        communication_services.moment_create(
            actor=manager,
            programme=programme,
            title="Wijkkrant december",
            audience=line,
            planned_on=days(-10),
        )
    client.force_login(manager)
    page = client.get(reverse("monitoring_dashboard", args=[programme.uuid])).content.decode()
    assert "Wijkkrant december" in page
    assert selectors.dashboard(programme, TODAY).communication_overdue[0].title == "Wijkkrant december"


def test_the_dashboard_shows_standing_with_text_and_reasons(client, programme, manager, team):
    action(programme, team["led"], days(-2), priority="hoog", title="Dringend")
    services.assessment_create(
        actor=manager, subproject=team["led"], standing=RISK, explanation="We lopen achter."
    )
    BudgetLine.objects.create(
        subproject=team["led"],
        description="Uren",
        funding_source="Gemeente",
        planned=Decimal("1000.00"),
        spent=Decimal("400.00"),
    )
    client.force_login(manager)
    page = client.get(reverse("monitoring_dashboard", args=[programme.uuid])).content.decode()
    assert "⚠" in page and "We lopen achter." in page and "Dringend" in page
    assert "40 %" in page and "€ 400,00" in page
    board = selectors.dashboard(programme, TODAY)
    assert board.planned == Decimal("1000.00") and board.spent == Decimal("400.00")
    assert board.communication_overdue == []  # no communication plan yet


def test_portfolio_query_count_is_flat_and_pinned(client, organisation, programme, manager, team):
    admin = factories.org_admin(organisation)
    client.force_login(admin)
    url = reverse("portfolio")
    grow(programme, team, 1)
    small = count(client, url)
    for _ in range(5):
        extra = factories.ProgrammeFactory(organisation=organisation)
        SubProject.objects.create(programme=extra, name="X", status="uitvoering")
        action(extra, None, days(-3))
    large = count(client, url)
    assert small == large == PORTFOLIO_QUERIES


def test_the_portfolio_shows_steering_group_members_only_their_programmes(
    client, organisation, programme, team
):
    other = factories.ProgrammeFactory(organisation=organisation, name="Tweede aanpak")
    member = factories.member(other, "teamlid")
    client.force_login(member)
    assert client.get(reverse("portfolio")).status_code == 403
    person = factories.PersonFactory(programme=programme, user=member, email=member.email)
    team["steering"].members.add(person)
    page = client.get(reverse("portfolio")).content.decode()
    assert programme.name in page and "Tweede aanpak" not in page
    admin = factories.org_admin(organisation)
    client.force_login(admin)
    page = client.get(reverse("portfolio")).content.decode()
    assert programme.name in page and "Tweede aanpak" in page
    assert reverse("portfolio") in client.get(reverse("programme_list")).content.decode()


# Milestones -----------------------------------------------------------------------------------


def results(programme):
    step = evaluate(programme).steps[4]
    return {r.milestone.key: r for r in step.results if r.milestone.key.startswith("monitoring.")}


def test_step_five_milestones(programme, manager, team, django_capture_on_commit_callbacks):
    found = results(programme)
    assert not found["monitoring.overdue"].met and not found["monitoring.report"].met
    for i in range(9):
        action(programme, team["other"], days(3), title=f"Op tijd {i}")
    action(programme, team["led"], days(-60), title="Te laat")
    found = results(programme)
    assert found["monitoring.overdue"].met  # 1 of 10
    assert not found["monitoring.explained"].met  # Straatcoaches at risk without explanation
    adjust(manager, programme, subproject=team["led"], body=team["steering"])
    assert results(programme)["monitoring.explained"].met
    action(programme, team["led"], days(-1), title="Nog een")
    assert not results(programme)["monitoring.overdue"].met  # 2 of 11
    services.report_create(
        actor=manager,
        programme=programme,
        period_start=days(-90),
        period_end=TODAY,
        audience="stuurgroep",
        with_files=False,
    )
    assert not results(programme)["monitoring.report"].met  # failed files do not count
    with django_capture_on_commit_callbacks(execute=True):
        services.report_create(
            actor=manager,
            programme=programme,
            period_start=days(-90),
            period_end=TODAY,
            audience="stuurgroep",
        )
    assert results(programme)["monitoring.report"].met


def test_a_stale_dashboard_is_made_again_by_one_request_while_others_get_the_stale_copy():
    from django.core.cache import cache

    made = []

    def make():
        made.append(1)
        return f"versie {len(made)}"

    key = "monitoring:dashboard:test-stale"
    assert selectors.cached_dashboard_body(key, 30, make) == "versie 1"
    assert selectors.cached_dashboard_body(key, 30, make) == "versie 1"  # fresh: from the cache
    with time_machine.travel(datetime.datetime(2026, 11, 16, 9, 1, tzinfo=datetime.UTC), tick=False):
        cache.add(f"{key}:lock", 1, 30)  # another request is making it
        assert selectors.cached_dashboard_body(key, 30, make) == "versie 1"
        cache.delete(f"{key}:lock")
        assert selectors.cached_dashboard_body(key, 30, make) == "versie 2"
    assert selectors.cached_dashboard_body(key, 0, make) == "versie 3"  # no cache: always made
