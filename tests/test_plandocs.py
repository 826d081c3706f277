"""The plan of approach as numbered versions: a frozen snapshot of the plan taken when a version is
made, concept → submitted → approved (by a body of step 1), the difference between two versions,
and the PDF/A, ODT and DOCX files made from the snapshot by the background task."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.analysisdocs.models import DocumentStatus
from koers.audit.models import AuditEvent
from koers.findings.models import Finding
from koers.plan.models import BudgetLine, FocusArea, Goal, SubProject, SubProjectMilestone
from koers.plandocs import diff, services
from koers.plandocs.models import PLAN_VERSION_WORKFLOW, PlanVersion, PlanVersionStatus
from koers.programmes.navigator import evaluate
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

PINNED_LIST = 6
PINNED_DETAIL = 8
PINNED_DIFFERENCE = 8  # +1: the course adjustments decided between the two versions


@pytest.fixture
def plan(programme, manager):
    return make_plan(programme)


def make_plan(programme):
    """A small plan: two focus areas, a goal answering a finding, a sub-project with a
    kwartiermaker, a logic model, two budget lines and a milestone, and a steering group."""
    finding = Finding.objects.create(
        programme=programme,
        title="Veel jongeren hangen rond het station",
        statement="Na schooltijd.",
        life_domain="buurt"
        if "buurt" in dict(Finding._meta.get_field("life_domain").choices)
        else Finding._meta.get_field("life_domain").choices[0][0],
    )
    family = FocusArea.objects.create(programme=programme, key="gezin", name="Jongere in het gezin", order=1)
    FocusArea.objects.create(programme=programme, key="buurt", name="Jongere in de buurt", order=2)
    FocusArea.objects.create(programme=programme, key="online", name="Jongere online", active=False, order=3)
    goal = Goal.objects.create(
        programme=programme,
        title="Minder overlast bij het station",
        measurable="Meldingen van 120 naar 80",
        deadline=dt.date(2027, 12, 31),
    )
    goal.findings.add(finding)
    kwartiermaker = factories.PersonFactory(programme=programme, full_name="Sanne de Vries")
    sub = SubProject.objects.create(
        programme=programme,
        name="Stationsplein Samen",
        kwartiermaker=kwartiermaker,
        target_min_age=12,
        target_max_age=18,
        activities="Jongerenwerk op vrijdagavond",
        status="voorbereiding",
    )
    sub.focus_areas.add(family)
    sub.goals.add(goal)
    BudgetLine.objects.create(
        subproject=sub,
        description="Jongerenwerker",
        funding_source="Gemeente",
        planned=Decimal("40000.00"),
        committed=Decimal("10000"),
    )
    BudgetLine.objects.create(
        subproject=sub, description="Activiteiten", funding_source="Rijk (SPUK)", planned=Decimal("12500.50")
    )
    SubProjectMilestone.objects.create(subproject=sub, title="Eerste avond", due=dt.date(2027, 3, 1))
    steering = factories.BodyFactory(programme=programme, stuurgroep=True)
    return {"goal": goal, "sub": sub, "steering": steering, "finding": finding}


def make(programme, actor, capture, *, files=True) -> PlanVersion:
    with capture(execute=True):
        version, _new = services.version_create(actor=actor, programme=programme, with_files=files)
    version.refresh_from_db()
    return version


def approve(version, actor, body):
    services.version_submit(actor=actor, version=version)
    return services.version_approve(actor=actor, version=version, body=body, approved_on=timezone.localdate())


# Workflow ---------------------------------------------------------------------------------------


def test_the_workflow_goes_from_concept_to_submitted_and_back_or_to_approved_and_no_further():
    assert PLAN_VERSION_WORKFLOW.allowed("concept") == ["ingediend"]
    assert PLAN_VERSION_WORKFLOW.allowed("ingediend") == ["concept", "vastgesteld"]  # withdrawn or approved
    assert PLAN_VERSION_WORKFLOW.allowed("vastgesteld") == []


def test_a_concept_cannot_be_approved_before_it_is_submitted(programme, manager, plan):
    version, _ = services.version_create(actor=manager, programme=programme, with_files=False)
    with pytest.raises(ValidationError):
        services.version_approve(
            actor=manager, version=version, body=plan["steering"], approved_on=timezone.localdate()
        )
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.CONCEPT and version.approved_by == ""


def test_approval_needs_a_body_of_the_programme_and_no_future_date(
    programme, manager, plan, foreign_programme
):
    version, _ = services.version_create(actor=manager, programme=programme, with_files=False)
    services.version_submit(actor=manager, version=version)
    foreign_body = factories.BodyFactory(programme=foreign_programme, stuurgroep=True)
    with pytest.raises(ValidationError):
        services.version_approve(
            actor=manager, version=version, body=foreign_body, approved_on=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        services.version_approve(
            actor=manager,
            version=version,
            body=plan["steering"],
            approved_on=timezone.localdate() + dt.timedelta(days=2),
        )
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.SUBMITTED
    approve_at = timezone.localdate()
    services.version_approve(actor=manager, version=version, body=plan["steering"], approved_on=approve_at)
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.APPROVED
    assert version.approved_by == "Stuurgroep" and version.approved_on == approve_at
    actions = list(AuditEvent.objects.filter(programme_id=programme.uuid).values_list("action", flat=True))
    assert {"plan_version.create", "plan_version.submit", "plan_version.approve"} <= set(actions)


# Snapshot ---------------------------------------------------------------------------------------


def test_the_snapshot_holds_the_plan_as_it_was(programme, manager, plan):
    version, new = services.version_create(actor=manager, programme=programme, with_files=False)
    assert new and version.number == 1
    snap = PlanVersion.objects.get(pk=version.pk).snapshot
    assert [a["name"] for a in snap["focus_areas"]] == ["Jongere in het gezin", "Jongere in de buurt"]
    goal = snap["goals"][0]
    assert goal["title"] == "Minder overlast bij het station"
    assert goal["findings"] == ["Veel jongeren hangen rond het station"]
    assert goal["deadline"] == "2027-12-31"
    sub = snap["subprojects"][0]
    assert sub["kwartiermaker"] == "Sanne de Vries"
    assert sub["status"] == "voorbereiding"
    assert sub["focus_areas"] == ["Jongere in het gezin"]
    assert sub["goals"] == ["Minder overlast bij het station"]
    assert sub["logic_model"]["activities"] == "Jongerenwerk op vrijdagavond"
    assert {line["planned"] for line in sub["budget_lines"]} == {"40000.00", "12500.50"}
    assert sub["milestones"] == [{"title": "Eerste avond", "due": "2027-03-01", "done_on": None}]
    assert snap["bodies"][0]["name"] == "Stuurgroep"


def test_an_approved_version_is_frozen_and_a_new_concept_takes_the_changes(programme, manager, plan):
    version, _ = services.version_create(actor=manager, programme=programme, with_files=False)
    approve(version, manager, plan["steering"])
    plan["sub"].name = "Stationsplein Samen Sterk"
    plan["sub"].save()
    newer, new = services.version_create(actor=manager, programme=programme, with_files=False)
    assert new and newer.number == 2
    version.refresh_from_db()
    assert version.snapshot["subprojects"][0]["name"] == "Stationsplein Samen"
    assert newer.snapshot["subprojects"][0]["name"] == "Stationsplein Samen Sterk"
    with pytest.raises(ValidationError):
        services.version_submit(actor=manager, version=version)


def test_there_is_one_concept_at_a_time_it_is_refreshed(programme, manager, plan):
    first, _ = services.version_create(actor=manager, programme=programme, with_files=False)
    plan["goal"].title = "Minder overlast"
    plan["goal"].save()
    again, new = services.version_create(actor=manager, programme=programme, with_files=False)
    assert not new and again.pk == first.pk and again.number == 1
    assert PlanVersion.objects.filter(programme=programme).count() == 1
    assert again.snapshot["goals"][0]["title"] == "Minder overlast"
    assert AuditEvent.objects.filter(action="plan_version.refresh").count() == 1


# Difference -------------------------------------------------------------------------------------


def test_the_difference_shows_goals_sub_projects_and_budget(programme, manager, plan):
    old, _ = services.version_create(actor=manager, programme=programme, with_files=False)
    services.version_submit(actor=manager, version=old)
    plan["goal"].delete()
    Goal.objects.create(programme=programme, title="Meer jongeren op school")
    sub = plan["sub"]
    sub.status = "uitvoering"
    sub.kwartiermaker = factories.PersonFactory(programme=programme, full_name="Ahmed Yilmaz")
    sub.outcomes = "Minder meldingen"
    sub.save()
    line = sub.budget_lines.get(description="Jongerenwerker")
    line.planned = Decimal("45000.00")
    line.save()
    SubProject.objects.create(programme=programme, name="Online weerbaar")
    new, _ = services.version_create(actor=manager, programme=programme, with_files=False)

    difference = diff.compare(old.snapshot, new.snapshot)
    goals = {(c.subject, c.what) for c in difference.goals}
    assert ("Minder overlast bij het station", "verwijderd") in goals or (
        "Minder overlast bij het station",
        "removed",
    ) in goals
    assert any(c.subject == "Meer jongeren op school" and c.was == "—" for c in difference.goals)
    changes = {c.what: c for c in difference.subprojects if c.subject == "Stationsplein Samen"}
    assert changes["status"].was in ("in preparation", "in voorbereiding")
    assert (
        changes["kwartiermaker"].was == "Sanne de Vries"
        and changes["kwartiermaker"].becomes == "Ahmed Yilmaz"
    )
    assert any(c.becomes == "Minder meldingen" for c in difference.subprojects)
    assert any(c.subject == "Online weerbaar" and c.was == "—" for c in difference.subprojects)
    sources = {c.subject: c for c in difference.budget_sources}
    assert sources["Gemeente"].was == "€ 40.000,00" and sources["Gemeente"].becomes == "€ 45.000,00"
    assert "Rijk (SPUK)" not in sources
    assert sources[list(sources)[-1]].becomes == "€ 57.500,50"
    assert any("Jongerenwerker" in c.subject for c in difference.budget_lines)
    assert diff.compare(new.snapshot, new.snapshot).empty


def test_the_difference_page_shows_was_and_becomes(manager_client, programme, manager, plan):
    old, _ = services.version_create(actor=manager, programme=programme, with_files=False)
    approve(old, manager, plan["steering"])
    plan["sub"].status = "uitvoering"
    plan["sub"].save()
    services.version_create(actor=manager, programme=programme, with_files=False)
    response = manager_client.get(reverse("plan_version_difference", args=[programme.uuid, 1, 2]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stationsplein Samen" in page
    assert "uitvoering" in page.lower() or "running" in page.lower()


# Files ------------------------------------------------------------------------------------------


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def test_the_task_makes_pdf_a_odt_and_docx_from_the_snapshot(
    programme, manager, plan, django_capture_on_commit_callbacks
):
    from docx import Document
    from odfdo import Document as OdfDocument
    from pypdf import PdfReader

    version = make(programme, manager, django_capture_on_commit_callbacks)
    assert version.file_status == DocumentStatus.DONE and version.generated_at is not None
    # A change after the version was made does not reach its files.
    plan["sub"].name = "Iets anders"
    plan["sub"].save()

    reader = PdfReader(io.BytesIO(read(version.pdf)))
    rdf = reader.xmp_metadata.rdf_root.toxml()
    assert 'pdfaid:part="2"' in rdf and 'pdfaid:conformance="A"' in rdf
    pdf_text = "\n".join(page.extract_text() for page in reader.pages)
    document = Document(io.BytesIO(read(version.docx)))
    docx_text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    odt_text = OdfDocument(io.BytesIO(read(version.odt))).body.text_recursive
    for text in (pdf_text, docx_text, odt_text):
        assert "Stationsplein Samen" in text
        assert "Minder overlast bij het station" in text
    assert "Iets anders" not in docx_text
    assert "€ 40.000,00" in docx_text and "€ 52.500,50" in docx_text


def test_approval_remakes_the_files_with_who_approved(
    programme, manager, plan, django_capture_on_commit_callbacks
):
    from docx import Document

    version = make(programme, manager, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        approve(version, manager, plan["steering"])
    version.refresh_from_db()
    assert version.files_ready
    text = "\n".join(p.text for p in Document(io.BytesIO(read(version.docx))).paragraphs)
    assert "Stuurgroep" in text


# Pages and permissions -------------------------------------------------------------------------


def test_the_manager_makes_submits_and_approves_through_the_pages(
    manager_client, programme, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("plan_version_create", args=[programme.uuid]))
    assert response.status_code == 302
    version = PlanVersion.objects.get(programme=programme)
    assert version.files_ready
    detail = reverse("plan_version_detail", args=[programme.uuid, 1])
    assert manager_client.post(reverse("plan_version_submit", args=[programme.uuid, 1])).status_code == 302
    bad = manager_client.post(
        reverse("plan_version_approve", args=[programme.uuid, 1]), {"approved_on": "morgen"}
    )
    assert bad.status_code == 400
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        good = manager_client.post(
            reverse("plan_version_approve", args=[programme.uuid, 1]),
            {"body": plan["steering"].pk, "approved_on": timezone.localdate().isoformat()},
        )
    assert good.status_code == 302 and good["Location"] == detail
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.APPROVED
    download = manager_client.get(reverse("plan_version_download", args=[programme.uuid, 1, "docx"]))
    assert download.status_code == 200
    assert "plan-van-aanpak" in download["Content-Disposition"]


@pytest.mark.parametrize("role", ["teamlid", "kwartiermaker", "onderzoeker"])
def test_other_roles_read_but_do_not_make_versions(client, programme, manager, plan, role):
    services.version_create(actor=manager, programme=programme, with_files=False)
    client.force_login(factories.member(programme, role))
    assert client.get(reverse("plan_versions", args=[programme.uuid])).status_code == 200
    assert client.get(reverse("plan_version_detail", args=[programme.uuid, 1])).status_code == 200
    assert client.post(reverse("plan_version_create", args=[programme.uuid])).status_code == 403
    assert client.post(reverse("plan_version_submit", args=[programme.uuid, 1])).status_code == 403
    assert PlanVersion.objects.get().status == PlanVersionStatus.CONCEPT


def test_another_organisation_gets_a_404(client, programme, manager, plan, foreign_programme):
    services.version_create(actor=manager, programme=programme, with_files=False)
    client.force_login(factories.member(foreign_programme, "programmamanager"))
    assert client.get(reverse("plan_versions", args=[programme.uuid])).status_code == 404
    assert client.get(reverse("plan_version_detail", args=[programme.uuid, 1])).status_code == 404


# Milestone and query counts --------------------------------------------------------------------


def test_the_step_3_milestone_is_met_once_a_version_is_approved(programme, manager, plan):
    def met() -> bool:
        step = next(s for s in evaluate(programme).steps if s.step.number == 3)
        return next(r for r in step.results if r.milestone.key == "plandocs.approved").met

    assert not met()
    version, _ = services.version_create(actor=manager, programme=programme, with_files=False)
    assert not met()
    approve(version, manager, plan["steering"])
    assert met()


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_ask_a_fixed_number_of_queries(manager_client, programme, manager, plan):
    services.version_create(actor=manager, programme=programme, with_files=False)
    small = (
        count(manager_client, reverse("plan_versions", args=[programme.uuid])),
        count(manager_client, reverse("plan_version_detail", args=[programme.uuid, 1])),
    )
    version = PlanVersion.objects.get()
    approve(version, manager, plan["steering"])
    for i in range(12):
        sub = SubProject.objects.create(programme=programme, name=f"Deelproject {i}")
        BudgetLine.objects.create(
            subproject=sub, description="Uren", funding_source=f"Fonds {i % 3}", planned=100
        )
    services.version_create(actor=manager, programme=programme, with_files=False)
    for number in range(3, 8):
        PlanVersion.objects.create(
            programme=programme,
            number=number,
            status="ingediend",
            snapshot={},
            snapshot_taken_at=timezone.now(),
        )
    large = (
        count(manager_client, reverse("plan_versions", args=[programme.uuid])),
        count(manager_client, reverse("plan_version_detail", args=[programme.uuid, 2])),
    )
    difference = count(manager_client, reverse("plan_version_difference", args=[programme.uuid, 1, 2]))
    assert small == large == (PINNED_LIST, PINNED_DETAIL), (small, large)
    assert difference == PINNED_DIFFERENCE


def test_a_version_without_files_gets_them_from_its_own_snapshot(
    manager_client, programme, manager, plan, django_capture_on_commit_callbacks
):
    from docx import Document

    version, _ = services.version_create(actor=manager, programme=programme, with_files=False)
    approve(version, manager, plan["steering"])
    plan["sub"].name = "Iets anders"
    plan["sub"].save()
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("plan_version_files", args=[programme.uuid, 1]))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.files_ready
    document = Document(io.BytesIO(read(version.docx)))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Stationsplein Samen" in text and "Iets anders" not in text


def test_the_document_has_interventions_with_evidence_level_and_the_raci(
    programme, manager, plan, django_capture_on_commit_callbacks
):
    from docx import Document

    from koers.actions import raci
    from koers.interventions import services as intervention_services

    intervention = intervention_services.intervention_create(
        actor=manager,
        organisation=programme.organisation,
        name="Buurtmentor (fictief)",
        description="Een mentor uit de buurt.",
        evidence_level="effectief_eerste",
    )
    intervention_services.subproject_intervention_add(
        actor=manager, subproject=plan["sub"], intervention=intervention
    )
    lead = plan["sub"].kwartiermaker
    other = factories.PersonFactory(programme=programme, full_name="Ahmed Yilmaz")
    raci.row_save(
        actor=manager,
        subproject=plan["sub"],
        activity="Avondrondes",
        letters={f"p{lead.uuid}": "A", f"p{other.uuid}": "R"},
    )
    version = make(programme, manager, django_capture_on_commit_callbacks)
    sub = version.snapshot["subprojects"][0]
    assert sub["interventions"][0]["name"] == "Buurtmentor (fictief)"
    assert sub["raci"] == [["Avondrondes", "Ahmed Yilmaz", "Sanne de Vries", "—", "—"]]
    document = Document(io.BytesIO(read(version.docx)))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Buurtmentor (fictief)" in text and "Avondrondes" in text
    assert sub["interventions"][0]["evidence_level"] in text
