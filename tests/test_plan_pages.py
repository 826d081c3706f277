"""The pages of step 3: each renders for a reader, forms keep what was typed and say what is
wrong, the step navigation leads to the plan, and the finding's page shows the goals answering it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from koers.plan import services
from koers.plan.models import BudgetLine, SubProject
from tests import factories
from tests.plan_data import finding, goal, lead, partner, subproject

pytestmark = pytest.mark.usefixtures("no_mfa")


@pytest.fixture
def plan(programme, manager):
    found = finding(manager, programme)
    aim = goal(manager, programme, findings=[found])
    person = lead(manager, programme)
    police = partner(manager, programme, "politie", "Politie Eigenstad")
    services.focus_areas_seed(actor=manager, programme=programme)
    sub = subproject(
        manager,
        programme,
        kwartiermaker=person,
        goals=[aim],
        partners=[police],
        focus_areas=[programme.focus_areas.get(key="buurt")],
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2027, 6, 30),
        activities="Straatcoaches op vrijdagavond.",
    )
    services.budget_line_add(
        actor=manager,
        subproject=sub,
        description="Uren",
        funding_source="Gemeente",
        planned="1000.50",
        spent="1200",
    )
    services.milestone_add(actor=manager, subproject=sub, title="Start", due=dt.date(2026, 4, 1))
    return {"finding": found, "goal": aim, "subproject": sub, "lead": person}


def url(name, programme, **kwargs):
    return reverse(name, kwargs={"programme_uuid": programme.uuid, **kwargs})


def test_every_page_renders_for_a_reader(client, programme, plan):
    reader = factories.member(programme, "meelezer")
    client.force_login(reader)
    sub, aim = plan["subproject"], plan["goal"]
    for name, kwargs in [
        ("plan_overview", {}),
        ("plan_focus_areas", {}),
        ("plan_goals", {}),
        ("plan_goal_detail", {"goal_uuid": aim.uuid}),
        ("plan_subprojects", {}),
        ("plan_subproject_detail", {"subproject_uuid": sub.uuid}),
        ("plan_timeline", {}),
        ("plan_golden_thread", {}),
    ]:
        response = client.get(url(name, programme, **kwargs))
        assert response.status_code == 200, name
    detail = client.get(url("plan_subproject_detail", programme, subproject_uuid=sub.uuid)).content.decode()
    assert "1.200,00" in detail and "1.000,50" in detail
    assert "more than the" in detail or "meer dan" in detail
    timeline = client.get(url("plan_timeline", programme)).content.decode()
    assert 'role="img"' in timeline and "<title>" in timeline and "style=" not in timeline


def test_the_step_navigation_leads_to_the_plan(manager_client, programme):
    page = manager_client.get(url("programme_detail", programme)).content.decode()
    assert url("plan_overview", programme) in page


def test_the_finding_page_lists_the_goals_answering_it(manager_client, programme, plan):
    page = manager_client.get(
        reverse(
            "finding_detail", kwargs={"programme_uuid": programme.uuid, "finding_uuid": plan["finding"].uuid}
        )
    ).content.decode()
    assert url("plan_goal_detail", programme, goal_uuid=plan["goal"].uuid) in page


def test_the_golden_thread_flags_what_is_answered_by_nothing(manager_client, programme, manager, plan):
    lonely = finding(manager, programme, title="Online oplichting")
    loose = subproject(manager, programme, name="Losse activiteit")
    page = manager_client.get(url("plan_golden_thread", programme)).content.decode()
    assert lonely.title in page
    assert "⚠" in page
    assert loose.name in page


def test_the_focus_areas_page_sets_up_the_seed_once(manager_client, programme):
    manager_client.get(url("plan_focus_areas", programme))
    manager_client.get(url("plan_focus_areas", programme))
    assert programme.focus_areas.count() == 6


def test_a_subproject_form_with_errors_keeps_the_input(manager_client, programme, plan):
    response = manager_client.post(
        url("plan_subproject_create", programme),
        {
            "name": "Schoolpleinen",
            "activities": "Toezicht",
            "start_date": "2026-06-01",
            "end_date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Toezicht" in page and "Schoolpleinen" in page
    assert not SubProject.objects.filter(name="Schoolpleinen").exists()


def test_a_subproject_before_the_programme_starts_is_refused(manager_client, programme, plan):
    response = manager_client.post(
        url("plan_subproject_create", programme),
        {"name": "Te vroeg", "start_date": "2025-01-01", "end_date": "2026-06-01"},
    )
    assert response.status_code == 200
    assert "01-01-2026" in response.content.decode()
    assert not SubProject.objects.filter(name="Te vroeg").exists()


def test_the_manager_creates_and_edits_a_subproject(manager_client, programme, plan):
    response = manager_client.post(
        url("plan_subproject_create", programme),
        {"name": "Ouders in beeld", "kwartiermaker": plan["lead"].uuid, "goals": [plan["goal"].uuid]},
    )
    assert response.status_code == 302
    sub = SubProject.objects.get(name="Ouders in beeld")
    assert sub.kwartiermaker == plan["lead"]
    response = manager_client.post(
        url("plan_subproject_edit", programme, subproject_uuid=sub.uuid),
        {"name": "Ouders in beeld", "outputs": "Tien avonden", "version": sub.version},
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.outputs == "Tien avonden" and sub.kwartiermaker is None


def test_a_stale_subproject_edit_is_refused(manager_client, programme, plan, manager):
    sub = plan["subproject"]
    old = sub.version
    services.subproject_update(actor=manager, subproject=sub, expected_version=old, outputs="Nieuw")
    response = manager_client.post(
        url("plan_subproject_edit", programme, subproject_uuid=sub.uuid),
        {"name": sub.name, "outputs": "Mijn versie", "version": old},
    )
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.outputs == "Nieuw"


def test_a_budget_line_with_cents_is_added(manager_client, programme, plan):
    sub = plan["subproject"]
    response = manager_client.post(
        url("plan_budget_line_add", programme, subproject_uuid=sub.uuid),
        {"description": "Materiaal", "funding_source": "Rijk", "planned": "250,25", "spent": "300"},
        follow=True,
    )
    assert response.status_code == 200
    line = BudgetLine.objects.get(description="Materiaal")
    assert str(line.planned) == "250.25"
    messages = [str(m) for m in response.context["messages"]]
    assert any("300" in m for m in messages)


def test_a_milestone_before_the_programme_keeps_the_input(manager_client, programme, plan):
    sub = plan["subproject"]
    response = manager_client.post(
        url("plan_milestone_add", programme, subproject_uuid=sub.uuid),
        {"title": "Voorbereiding", "due": "2025-06-01"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Voorbereiding" in page and "2025-06-01" in page and "01-01-2026" in page


def test_the_status_changes_only_along_the_workflow(manager_client, programme, plan):
    sub = plan["subproject"]
    target = url("plan_subproject_status", programme, subproject_uuid=sub.uuid)
    manager_client.post(target, {"status": "uitvoering"})
    sub.refresh_from_db()
    assert sub.status == "idee"
    manager_client.post(target, {"status": "voorbereiding"})
    sub.refresh_from_db()
    assert sub.status == "voorbereiding"
