"""Step 6's evaluation plans and process evaluation: the workflow table, the services with their
checks and audit events, the similarity of comparison areas on a hand-made series, the refusal of
personal data in reach items, the permissions and the milestone."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from koers.audit.models import AuditEvent
from koers.evaluation import services, similarity
from koers.evaluation.milestones import evaluation_plan_per_subproject
from koers.evaluation.models import EvaluationPlan, ProcessItem
from koers.evaluation.reference import PLAN_WORKFLOW, PlanStatus
from koers.plan.models import SubProject
from koers.programmes.navigator import ProgrammeFacts
from tests import evaluation_data, factories

pytestmark = pytest.mark.usefixtures("no_mfa")


@pytest.fixture(autouse=True)
def frozen_day():
    with (
        time_machine.travel(datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC), tick=False),
        translation.override("en"),
    ):
        yield


@pytest.fixture
def data(db):
    return evaluation_data.build()


@pytest.fixture
def world(programme, manager, foreign_programme, data):
    areas = data["areas"]
    programme.organisation.cbs_code, programme.organisation.cbs_reference_year = "GM9901", 2024
    programme.organisation.save()
    lead_user = factories.member(programme, "kwartiermaker")
    lead = factories.PersonFactory(programme=programme, user=lead_user, email=lead_user.email)
    sub = SubProject.objects.create(
        programme=programme,
        name="Straatcoaches",
        kwartiermaker=lead,
        status="uitvoering",
        start_date=evaluation_data.START,
    )
    sub.areas.set([areas["WK9901T1"], areas["WK9901T2"]])
    other = SubProject.objects.create(programme=programme, name="Ouderavonden", status="uitvoering")
    return {"lead_user": lead_user, "sub": sub, "other": other, "areas": areas, "measure": data["measure"]}


def new_plan(actor, sub, **values):
    values.setdefault("questions", "Neemt de overlast af in de wijk?")
    values.setdefault("kind", "effect")
    values.setdefault("design", "voor_na")
    return services.plan_create(actor=actor, subproject=sub, **values)


def test_the_workflow_table():
    assert PLAN_WORKFLOW.allowed(PlanStatus.CONCEPT) == [PlanStatus.PLANNED]
    assert PLAN_WORKFLOW.allowed(PlanStatus.PLANNED) == [PlanStatus.CONCEPT, PlanStatus.RUNNING]
    assert PLAN_WORKFLOW.allowed(PlanStatus.RUNNING) == [PlanStatus.PLANNED, PlanStatus.DONE]
    assert PLAN_WORKFLOW.allowed(PlanStatus.DONE) == [PlanStatus.RUNNING]


def test_a_plan_takes_the_subprojects_areas_and_is_audited(world, manager):
    plan = new_plan(manager, world["sub"])
    assert sorted(a.code for a in plan.treated_areas.all()) == ["WK9901T1", "WK9901T2"]
    assert plan.status == PlanStatus.CONCEPT
    event = AuditEvent.objects.get(action="evaluationplan.create")
    assert event.changes["treated_areas"][1] == ["Wijk T1 (WK9901T1)", "Wijk T2 (WK9901T2)"]
    with pytest.raises(ValidationError):
        new_plan(manager, world["sub"])


def test_status_moves_only_along_the_workflow(world, manager):
    plan = new_plan(manager, world["sub"])
    with pytest.raises(ValidationError) as caught:
        services.plan_set_status(actor=manager, plan=plan, status=PlanStatus.DONE)
    assert "cannot change" in caught.value.messages[0]
    services.plan_set_status(actor=manager, plan=plan, status=PlanStatus.PLANNED)
    services.plan_set_status(actor=manager, plan=plan, status=PlanStatus.RUNNING)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RUNNING and plan.version == 3
    assert AuditEvent.objects.filter(action="evaluationplan.status").count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (
            {"planned_start": datetime.date(2026, 6, 1), "planned_end": datetime.date(2026, 5, 1)},
            "planned_end",
        ),
        ({"design": "extern"}, "external_reference"),
        ({"design": "vergelijking"}, "comparison_areas"),
        ({"evaluator": "bureau"}, "evaluator_name"),
        ({"questions": "  "}, "questions"),
    ],
)
def test_bad_plans_are_refused(world, manager, values, field):
    with pytest.raises(ValidationError) as caught:
        new_plan(manager, world["sub"], **values)
    assert field in caught.value.message_dict
    assert not EvaluationPlan.objects.exists()
    assert not AuditEvent.objects.filter(action="evaluationplan.create").exists()


def test_comparison_areas_may_not_overlap_the_treated_areas(world, manager):
    areas = world["areas"]
    with pytest.raises(ValidationError) as caught:
        new_plan(manager, world["sub"], design="vergelijking", comparison_areas=[areas["WK9901T1"]])
    assert "Wijk T1 is also an area of the sub-project" in caught.value.message_dict["comparison_areas"][0]


def test_update_checks_the_version_and_records_area_changes(world, manager):
    areas = world["areas"]
    plan = new_plan(manager, world["sub"])
    services.plan_update(
        actor=manager,
        plan=plan,
        expected_version=1,
        design="vergelijking",
        comparison_areas=[areas["WK9901C0"]],
    )
    event = AuditEvent.objects.get(action="evaluationplan.update")
    assert event.changes["comparison_areas"] == [[], ["Wijk C0 (WK9901C0)"]]
    assert event.changes["design"] == ["voor_na", "vergelijking"]
    with pytest.raises(ValidationError):
        services.plan_update(actor=manager, plan=plan, expected_version=1, questions="Iets anders?")


def test_similarity_on_a_hand_made_series(world, manager):
    areas = world["areas"]
    plan = new_plan(
        manager,
        world["sub"],
        design="vergelijking",
        measure=world["measure"],
        comparison_areas=[areas["WK9901C0"], areas["WK9901E0"], areas["WK9901D0"]],
    )
    result = similarity.for_plan(plan)
    assert result.start_year == 2024 and result.years == [2021, 2022, 2023]
    assert result.treated.population == 2000
    assert result.treated.rate == pytest.approx(11.0)
    assert result.treated.slope == pytest.approx(1.0)
    rows = {row.area.code: row for row in result.rows}
    steep = rows["WK9901C0"]
    assert steep.profile.rate == pytest.approx(12.0) and steep.profile.slope == pytest.approx(2.0)
    assert steep.rate.difference == pytest.approx(1.0) and steep.rate.similar is True
    assert steep.trend.difference == pytest.approx(1.0) and steep.trend.similar is False
    assert steep.verdict == similarity.DIFFERENT
    alike = rows["WK9901E0"]
    assert alike.profile.rate == pytest.approx(11.5) and alike.profile.slope == pytest.approx(1.0)
    assert alike.population.difference == 0 and alike.verdict == similarity.SIMILAR
    small = rows["WK9901D0"]
    assert small.profile.rate is None and small.profile.rate_suppressed
    assert small.population.similar is False and small.verdict == similarity.DIFFERENT


def test_similarity_without_a_measure_judges_population_only(world, manager):
    areas = world["areas"]
    plan = new_plan(manager, world["sub"], design="vergelijking", comparison_areas=[areas["WK9901E0"]])
    row = similarity.for_plan(plan).rows[0]
    assert row.population.similar is True and row.rate.similar is None
    assert row.verdict == similarity.UNKNOWN


def test_slope_needs_three_years():
    assert similarity.slope([2021, 2022], [1.0, 2.0]) is None
    assert similarity.slope([2020, 2021, 2022, 2023], [4.0, 3.0, 2.0, 1.0]) == pytest.approx(-1.0)


def test_process_items_and_reach_in_numbers_only(world, manager):
    plan = new_plan(manager, world["sub"], kind="proces")
    item = services.item_create(
        actor=manager,
        plan=plan,
        aspect="bereik",
        number=48,
        unit="jongeren bereikt",
        text="Vooral 14-16 jaar.",
    )
    assert item.number == Decimal("48")
    for text in ("Bereikt: Sanne, geboren 12-03-2010.", "Bel 06-12345678 voor de lijst.", "BSN 111222333"):
        with pytest.raises(ValidationError) as caught:
            services.item_create(
                actor=manager, plan=plan, aspect="bereik", number=3, unit="jongeren", text=text
            )
        assert "aggregated numbers only" in caught.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as caught:
        services.item_create(actor=manager, plan=plan, aspect="bereik", text="Veel jongeren.")
    assert "number" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.item_create(actor=manager, plan=plan, aspect="programmatrouw", score=7)
    assert "score" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.item_create(
            actor=manager, plan=plan, aspect="dosis", score=3, observed_on=datetime.date(2027, 1, 1)
        )
    assert ProcessItem.objects.count() == 1
    services.item_update(actor=manager, item=item, number=52)
    services.item_delete(actor=manager, item=item)
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="processitem").order_by("pk")] == [
        "processitem.create",
        "processitem.update",
        "processitem.delete",
    ]


def test_permissions(world, manager, programme, foreign_programme):
    plan = new_plan(manager, world["sub"])
    other_plan = new_plan(manager, world["other"])
    researcher = factories.member(programme, "onderzoeker")
    reader = factories.member(programme, "meelezer")
    lead = world["lead_user"]
    stranger = factories.member(foreign_programme, "programmamanager")
    assert manager.has_perm("evaluation.change_plan", programme)
    assert researcher.has_perm("evaluation.change_plan", programme)
    assert not lead.has_perm("evaluation.change_plan", programme)
    assert lead.has_perm("evaluation.view_evaluation", programme)
    assert reader.has_perm("evaluation.view_evaluation", programme)
    assert not stranger.has_perm("evaluation.view_evaluation", programme)
    assert lead.has_perm("evaluation.add_processitem", plan)
    assert not lead.has_perm("evaluation.add_processitem", other_plan)
    assert not reader.has_perm("evaluation.add_processitem", plan)
    own = services.item_create(actor=lead, plan=plan, aspect="dosis", score=4)
    theirs = services.item_create(actor=manager, plan=plan, aspect="dosis", score=3)
    assert lead.has_perm("evaluation.change_processitem", own)
    assert not lead.has_perm("evaluation.change_processitem", theirs)
    assert researcher.has_perm("evaluation.change_processitem", own)


def test_milestone(world, manager, programme):
    check = evaluation_plan_per_subproject(ProgrammeFacts(programme))
    assert not check.met and "2 sub-projects without an evaluation plan" in str(check.detail)
    new_plan(manager, world["sub"])
    new_plan(manager, world["other"])
    assert evaluation_plan_per_subproject(ProgrammeFacts(programme)).met
    SubProject.objects.filter(programme=programme).update(status="idee")
    check = evaluation_plan_per_subproject(ProgrammeFacts(programme))
    assert not check.met and "no sub-project is running yet" in str(check.detail)


# Pages ------------------------------------------------------------------------------------------


def test_plan_pages_create_refuse_bad_input_and_change_status(world, manager_client, programme, says):
    sub, areas = world["sub"], world["areas"]
    url = reverse("evaluation_plan_create", args=[programme.uuid, sub.uuid])
    response = manager_client.get(url)
    assert response.status_code == 200
    bad = {
        "questions": "Werkt het?",
        "kind": "effect",
        "design": "vergelijking",
        "evaluator": "eigen",
        "planned_start": "2026-06-01",
        "planned_end": "2026-05-01",
        "treated_areas": [str(areas["WK9901T1"].uuid)],
        "comparison_areas": [str(areas["WK9901T1"].uuid)],
    }
    response = manager_client.post(url, bad)
    assert response.status_code == 200 and not EvaluationPlan.objects.exists()
    assert 'value="2026-05-01"' in response.content.decode()
    says(
        response,
        "The planned end (%(end)s) lies before the planned start (%(start)s).",
        end="01-05-2026",
        start="01-06-2026",
    )
    good = {
        **bad,
        "planned_end": "2026-12-31",
        "comparison_areas": [str(areas["WK9901E0"].uuid)],
        "measure": str(world["measure"].pk),
    }
    response = manager_client.post(url, good)
    assert response.status_code == 302, response.context["form"].errors
    plan = EvaluationPlan.objects.get()
    assert [a.code for a in plan.comparison_areas.all()] == ["WK9901E0"]
    page = manager_client.get(reverse("evaluation_plan", args=[programme.uuid, sub.uuid]))
    says(page, "similar")
    response = manager_client.post(
        reverse("evaluation_plan_status", args=[programme.uuid, sub.uuid]), {"status": "gepland"}
    )
    plan.refresh_from_db()
    assert response.status_code == 302 and plan.status == "gepland"
    overview = manager_client.get(reverse("evaluation_overview", args=[programme.uuid]))
    says(overview, "planned")


def test_item_pages_keep_input_on_refusal(world, manager, manager_client, programme, says):
    sub = world["sub"]
    new_plan(manager, sub)
    url = reverse("evaluation_item_create", args=[programme.uuid, sub.uuid])
    response = manager_client.post(
        url,
        {
            "aspect": "bereik",
            "number": "12",
            "unit": "jongeren",
            "text": "Bel 06-12345678",
            "observed_on": "2026-11-01",
            "confirm_personal_data": "on",
        },
    )
    assert response.status_code == 200 and not ProcessItem.objects.exists()
    assert "06-12345678" in response.content.decode()
    response = manager_client.post(
        url, {"aspect": "bereik", "number": "12", "unit": "jongeren", "observed_on": "2026-11-01"}
    )
    assert response.status_code == 302
    item = ProcessItem.objects.get()
    edit = reverse("evaluation_item_edit", args=[programme.uuid, sub.uuid, item.uuid])
    assert (
        manager_client.post(
            edit, {"aspect": "bereik", "number": "14", "unit": "jongeren", "observed_on": "2026-11-01"}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.number == 14
    delete = reverse("evaluation_item_delete", args=[programme.uuid, sub.uuid, item.uuid])
    assert manager_client.post(delete).status_code == 302
    assert not ProcessItem.objects.exists()


def test_emptying_the_treated_areas_falls_back_to_the_subprojects_areas(world, manager):
    areas = world["areas"]
    plan = new_plan(manager, world["sub"], treated_areas=[areas["WK9901T1"]])
    assert [a.code for a in plan.treated_areas.all()] == ["WK9901T1"]
    services.plan_update(actor=manager, plan=plan, expected_version=1, treated_areas=[])
    assert sorted(a.code for a in plan.treated_areas.all()) == ["WK9901T1", "WK9901T2"]


def test_the_step_plan_links_to_the_evaluation_plans(world, manager_client, programme):
    response = manager_client.get(reverse("programme_detail", args=[programme.uuid]))
    assert reverse("evaluation_overview", args=[programme.uuid]) in response.content.decode()


def test_a_stale_edit_of_a_plan_shows_what_the_other_person_saved(world, manager, client, programme, says):
    sub = world["sub"]
    plan = new_plan(manager, sub)
    services.plan_update(actor=manager, plan=plan, expected_version=1, questions="Een nieuwere vraag?")
    researcher = factories.member(programme, "onderzoeker")
    client.force_login(researcher)
    url = reverse("evaluation_plan_edit", args=[programme.uuid, sub.uuid])
    data = {
        "version": "1",
        "questions": "Mijn vraag?",
        "kind": "effect",
        "design": "voor_na",
        "evaluator": "eigen",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mijn vraag?" in page and "Een nieuwere vraag?" in page
    plan.refresh_from_db()
    assert plan.questions == "Een nieuwere vraag?"


def test_the_kwartiermaker_adds_a_process_item_to_the_led_subproject_only(world, manager, client, programme):
    plan = new_plan(manager, world["sub"])
    new_plan(manager, world["other"])
    client.force_login(world["lead_user"])
    data = {"aspect": "dosis", "score": "4", "observed_on": "2026-11-01"}
    own = reverse("evaluation_item_create", args=[programme.uuid, world["sub"].uuid])
    assert client.post(own, data).status_code == 302
    assert ProcessItem.objects.get().plan == plan
    other = reverse("evaluation_item_create", args=[programme.uuid, world["other"].uuid])
    assert client.post(other, data).status_code == 403
    assert (
        client.get(reverse("evaluation_plan_edit", args=[programme.uuid, world["sub"].uuid])).status_code
        == 403
    )
