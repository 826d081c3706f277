"""The pages of the meetings: lists, a meeting run end to end through the forms, the decision
list and detail, the minutes as PDF/A and ODT with their text, and the step-5 milestones."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.actions.models import Action
from koers.meetings import services
from koers.meetings.milestones import approval_days, frequency_gaps, late_minutes
from koers.meetings.models import Decision, Meeting
from koers.programmes.navigator import REGISTRY, ProgrammeFacts
from tests import factories
from tests.meetings_data import build, held, plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]


@pytest.fixture
def world(programme, manager):
    return build(programme, manager)


def url(name: str, world, **kwargs) -> str:
    return reverse(name, kwargs={"programme_uuid": world.programme.uuid, **kwargs})


def test_the_meetings_list_filters_per_body_and_splits_upcoming_and_past(world, client):
    plan(world, title="Stuurgroep december")
    held(world, title="Stuurgroep oktober", days=-40)
    plan(world, body=world.working_group, title="Werkgroep december")
    client.force_login(world.member_user)
    page = client.get(url("meetings", world)).content.decode()
    assert "Stuurgroep december" in page and "Werkgroep december" in page and "Stuurgroep oktober" in page
    assert page.index("Stuurgroep december") < page.index("Stuurgroep oktober")
    filtered = client.get(url("meetings", world) + f"?orgaan={world.working_group.uuid}").content.decode()
    assert "Werkgroep december" in filtered and "Stuurgroep december" not in filtered
    assert (
        client.get(url("meetings", world) + "?orgaan=00000000-0000-0000-0000-000000000000").status_code == 404
    )


def test_a_meeting_runs_end_to_end_through_the_forms(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.manager)
    starts = (timezone.localtime() + dt.timedelta(days=5)).replace(hour=19, minute=30)
    response = client.post(
        url("meeting_create", world),
        {
            "body": world.steering.uuid,
            "title": "Stuurgroep",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": starts.replace(hour=21).strftime("%Y-%m-%dT%H:%M"),
            "location": "Stadhuis",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.attendance.count() == 3
    response = client.post(
        url("agenda_item_create", world, meeting_uuid=meeting.uuid),
        {"title": "Voortgang", "minutes_allotted": "20", "presenter": world.chair.uuid},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("meeting_status", world, meeting_uuid=meeting.uuid),
            {"status": "agenda_verstuurd", "version": meeting.version},
        )
    meeting.refresh_from_db()
    assert meeting.status == "agenda_verstuurd"
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    meeting.refresh_from_db()
    client.post(
        url("meeting_status", world, meeting_uuid=meeting.uuid),
        {"status": "gehouden", "version": meeting.version},
    )
    meeting.refresh_from_db()
    assert meeting.status == "gehouden"
    attendance = {
        f"person_{row.person.uuid}": "aanwezig" for row in meeting.attendance.select_related("person")
    }
    assert (
        client.post(url("meeting_attendance", world, meeting_uuid=meeting.uuid), attendance).status_code
        == 302
    )
    item = meeting.agenda_items.get()
    response = client.post(
        url("meeting_minutes", world, meeting_uuid=meeting.uuid),
        {
            "general_notes": "Iedereen was er.",
            f"minutes_{item.uuid}": "Goed op schema.",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    response = client.post(
        url("decision_create", world, meeting_uuid=meeting.uuid),
        {
            "agenda_item": item.uuid,
            "text": "De stuurgroep stemt in.",
            "status": "genomen",
            "subprojects": [world.subproject.uuid],
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302 and decision.number == 1
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    response = client.post(
        url("decision_actions", world, decision_uuid=decision.uuid),
        {"title_1": "Plan uitwerken", "owner_1": world.chair.uuid, "due_date_1": due},
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.decision == decision and action.owner == world.chair
    detail = client.get(url("decision_detail", world, decision_uuid=decision.uuid)).content.decode()
    assert "Plan uitwerken" in detail and "Karim Kwartier" in detail
    meeting.refresh_from_db()
    client.post(
        url("meeting_status", world, meeting_uuid=meeting.uuid),
        {"status": "verslag_concept", "version": meeting.version},
    )
    meeting.refresh_from_db()
    client.post(
        url("meeting_status", world, meeting_uuid=meeting.uuid),
        {"status": "verslag_vastgesteld", "version": meeting.version},
    )
    meeting.refresh_from_db()
    assert meeting.status == "verslag_vastgesteld"
    page = client.get(url("meeting_detail", world, meeting_uuid=meeting.uuid)).content.decode()
    assert "Goed op schema." in page and "De stuurgroep stemt in." in page and "Plan uitwerken" in page
    # Read-only now: a late edit is refused with a message and changes nothing.
    response = client.post(
        url("meeting_minutes", world, meeting_uuid=meeting.uuid),
        {"general_notes": "Achteraf anders.", "version": meeting.version},
        follow=True,
    )
    meeting.refresh_from_db()
    assert meeting.general_notes == "Iedereen was er."


def test_a_form_with_errors_keeps_what_was_typed(world, client, says):
    client.force_login(world.manager)
    response = client.post(
        url("meeting_create", world),
        {
            "body": world.steering.uuid,
            "title": "Verkeerd",
            "starts_at": "2026-12-10T20:00",
            "ends_at": "2026-12-10T19:00",
            "location": "Stadhuis",
        },
    )
    assert response.status_code == 200
    says(response, "The meeting must end after it starts.")
    assert 'value="Verkeerd"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_readers_cannot_edit_and_foreign_users_get_404(world, client, foreign_programme):
    meeting = plan(world)
    client.force_login(world.member_user)  # a stuurgroep member, not its chair or secretary
    assert client.get(url("meeting_detail", world, meeting_uuid=meeting.uuid)).status_code == 200
    assert client.get(url("meeting_edit", world, meeting_uuid=meeting.uuid)).status_code == 403
    stranger = factories.member(foreign_programme, "programmamanager")
    client.force_login(stranger)
    assert client.get(url("meeting_detail", world, meeting_uuid=meeting.uuid)).status_code == 404
    other = reverse(
        "meeting_detail", kwargs={"programme_uuid": foreign_programme.uuid, "meeting_uuid": meeting.uuid}
    )
    assert client.get(other).status_code == 404


def test_the_chair_of_a_werkgroep_keeps_its_meetings_only(world, client):
    group_meeting = plan(world, body=world.working_group)
    steering_meeting = plan(world)
    client.force_login(world.chair_user)
    assert client.get(url("meeting_edit", world, meeting_uuid=group_meeting.uuid)).status_code == 200
    assert client.get(url("meeting_edit", world, meeting_uuid=steering_meeting.uuid)).status_code == 403
    form = client.get(url("meeting_create", world)).context["form"]
    assert list(form.fields["body"].queryset) == [world.working_group]


# The minutes as documents ----------------------------------------------------------------------


def _minutes_meeting(world):
    meeting = held(world, title="Stuurgroep Jongeren", days=-3)
    item = meeting.agenda_items.get()
    services.attendance_record(
        actor=world.manager,
        meeting=meeting,
        statuses={world.member.pk: "aanwezig", world.outsider.pk: "afgemeld"},
    )
    services.minutes_save(
        actor=world.manager,
        meeting=meeting,
        expected_version=None,
        general_notes="De wethouder opent het overleg.",
        items={item.pk: ("De straatcoaches zijn in de Molenwijk begonnen.", False)},
    )
    decision = services.decision_create(
        actor=world.manager,
        meeting=meeting,
        agenda_item=item,
        text="De stuurgroep verlengt de inzet.",
        subprojects=[world.subproject],
    )
    services.actions_from_decision(
        actor=world.manager,
        decision=decision,
        actions=[
            {
                "title": "Contract straatcoaches verlengen",
                "owner": world.chair,
                "due_date": dt.date(2027, 1, 15),
            }
        ],
    )
    return meeting


def test_the_minutes_download_as_pdf_a_and_odt_with_their_text(world, client):
    from odfdo import Document as OdfDocument
    from pypdf import PdfReader

    meeting = _minutes_meeting(world)
    client.force_login(world.member_user)
    client.get(
        url("meeting_minutes_download", world, meeting_uuid=meeting.uuid, fmt="pdf")
    )  # loads WeasyPrint
    started = time.perf_counter()
    pdf = client.get(url("meeting_minutes_download", world, meeting_uuid=meeting.uuid, fmt="pdf"))
    elapsed = time.perf_counter() - started
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    rdf = reader.xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="2"' in rdf and 'pdfaid:conformance="A"' in rdf
    pdf_text = "\n".join(page.extract_text() for page in reader.pages)
    odt = client.get(url("meeting_minutes_download", world, meeting_uuid=meeting.uuid, fmt="odt"))
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    odt_text = OdfDocument(io.BytesIO(odt.content)).body.text_recursive
    for text in (pdf_text, odt_text):
        assert "Stuurgroep Jongeren" in text
        assert "De wethouder opent het overleg." in text
        assert "De straatcoaches zijn in de Molenwijk begonnen." in text
        assert "De stuurgroep verlengt de inzet." in text
        assert "Contract straatcoaches verlengen" in text
        assert "Karim Kwartier" in text and "Sander Stuurgroep" in text and "Olga Buitenstaander" in text
        assert "15 januari 2027" in text or "15 January 2027" in text
    # Small enough to make in the request (about 0.3 s; generous here for busy test machines).
    assert elapsed < 3, elapsed
    assert (
        client.get(url("meeting_minutes_download", world, meeting_uuid=meeting.uuid, fmt="doc")).status_code
        == 404
    )


# Milestones ------------------------------------------------------------------------------------


def test_approval_term_comes_from_the_meeting_agreement():
    assert approval_days("") == 28
    assert approval_days("Het verslag gaat binnen een week naar alle leden.") == 28
    assert approval_days("Het verslag wordt binnen twee weken vastgesteld.") == 14
    assert approval_days("Verslagen worden vastgesteld binnen 10 dagen na het overleg.") == 10


def test_frequency_gaps_with_tolerance():
    today = dt.date(2026, 11, 29)
    start = dt.date(2026, 1, 1)
    monthly = [today - dt.timedelta(days=d) for d in (10, 40, 75, 110, 150, 180)]
    checked, gaps = frequency_gaps({1: monthly}, [(1, "Projectteam", "monthly")], today, start)
    assert checked == 1 and gaps == []
    skipped = [today - dt.timedelta(days=d) for d in (10, 80, 110, 140, 170)]
    checked, gaps = frequency_gaps({1: skipped}, [(1, "Projectteam", "monthly")], today, start)
    assert [(g.body, g.days) for g in gaps] == [("Projectteam", 70)]
    checked, gaps = frequency_gaps({}, [(2, "Werkgroep", "ad_hoc")], today, start)
    assert checked == 0 and gaps == []


def test_late_minutes():
    now = timezone.now()
    rows = [
        (1, now - dt.timedelta(days=60), "verslag_vastgesteld", now - dt.timedelta(days=50)),  # in time
        (1, now - dt.timedelta(days=90), "verslag_vastgesteld", now - dt.timedelta(days=40)),  # late
        (1, now - dt.timedelta(days=10), "verslag_concept", None),  # still in time
        (1, now - dt.timedelta(days=40), "gehouden", None),  # late
    ]
    assert late_minutes(rows, now, 28) == (4, 2)


def test_the_step_5_milestones_from_the_meetings(world):
    facts = ProgrammeFacts(world.programme)
    frequency = REGISTRY["meetings.frequency"].check
    minutes = REGISTRY["meetings.minutes"].check
    assert not minutes(facts).met
    for days in (-130, -85, -40):
        meeting = held(world, days=days)
        services.meeting_change_status(actor=world.manager, meeting=meeting, status="verslag_concept")
        services.meeting_change_status(actor=world.manager, meeting=meeting, status="verslag_vastgesteld")
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes_approved_at=meeting.starts_at + dt.timedelta(days=7)
        )
    facts = ProgrammeFacts(world.programme)
    assert minutes(facts).met
    check = frequency(facts)
    # The stuurgroep (every quarter) meets in time; the werkgroep (monthly) has not met at all.
    assert not check.met and "Werkgroep school" in str(check.detail) and "Stuurgroep" not in str(check.detail)
    world.working_group.meeting_frequency = "ad_hoc"
    world.working_group.save()
    assert frequency(ProgrammeFacts(world.programme)).met
    held(world, days=-35)  # held, no minutes approved after 35 days
    assert not minutes(ProgrammeFacts(world.programme)).met


def test_nothing_crosses_to_another_organisation(world, client, foreign_programme):
    """Another organisation's meetings and decisions never show, not even by their body's uuid."""
    meeting = held(world, title="Stuurgroep Eigenstad")
    services.decision_create(actor=world.manager, meeting=meeting, text="Geheim besluit Eigenstad")
    stranger = factories.member(foreign_programme, "programmamanager")
    foreign_body = factories.BodyFactory(programme=foreign_programme, name="Werkgroep Anderstad")
    client.force_login(stranger)
    for name in ("meetings", "decisions"):
        own_list = reverse(name, kwargs={"programme_uuid": foreign_programme.uuid})
        page = client.get(own_list).content.decode()
        assert "Eigenstad" not in page.replace("Gemeente Eigenstad", "")
        assert client.get(f"{own_list}?orgaan={world.steering.uuid}").status_code == 404
        assert client.get(reverse(name, kwargs={"programme_uuid": world.programme.uuid})).status_code == 404
    client.force_login(world.manager)
    page = client.get(url("decisions", world)).content.decode()
    assert "Geheim besluit Eigenstad" in page
    assert client.get(url("decisions", world) + f"?orgaan={foreign_body.uuid}").status_code == 404
