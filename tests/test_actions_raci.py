"""The RACI matrix of a sub-project: exactly one A and at least one R per row, the row being
edited keeps its input, invalid rows are flagged, who may write, and the step-4 milestone."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.actions import raci
from koers.actions.models import RaciRow
from koers.audit.models import AuditEvent
from koers.plan.models import SubProject
from koers.programmes.navigator import evaluate
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")


@pytest.fixture
def setting(programme, manager):
    lead_user = factories.member(programme, "kwartiermaker")
    lead = factories.PersonFactory(programme=programme, user=lead_user)
    worker = factories.PersonFactory(programme=programme)
    subproject = SubProject.objects.create(programme=programme, name="Straatcoaches", kwartiermaker=lead)
    url = reverse(
        "actions_raci", kwargs={"programme_uuid": programme.uuid, "subproject_uuid": subproject.uuid}
    )
    return {"lead_user": lead_user, "lead": lead, "worker": worker, "subproject": subproject, "url": url}


def key(person) -> str:
    return f"p{person.uuid}"


@pytest.mark.parametrize(
    ("letters", "message"),
    [
        ({}, "Niemand is eindverantwoordelijk"),
        (["A"], "Niemand voert uit"),
        (["R", "C"], "Niemand is eindverantwoordelijk"),
        (["A", "A", "R"], "2 zijn eindverantwoordelijk"),
    ],
)
def test_a_row_needs_one_a_and_an_r(letters, message):
    assert any(message in problem for problem in raci.problems(list(letters)))


def test_a_valid_row_has_no_problems():
    assert raci.problems(["A", "R", "R", "C", "I"]) == []


def test_rows_are_saved_audited_and_validated(manager, setting):
    subproject, lead, worker = setting["subproject"], setting["lead"], setting["worker"]
    row = raci.row_save(
        actor=manager, subproject=subproject, activity="Werving", letters={key(lead): "A", key(worker): "R"}
    )
    assert {c.role for c in row.cells.all()} == {"A", "R"}
    assert AuditEvent.objects.filter(action="raci.save").count() == 1
    with pytest.raises(ValidationError):
        raci.row_save(
            actor=manager, subproject=subproject, activity="Werving", letters={key(lead): "R"}, row=row
        )
    assert {c.role for c in row.cells.all()} == {"A", "R"}  # nothing changed


def test_the_page_keeps_the_input_and_says_what_is_wrong(client, manager, setting):
    client.force_login(manager)
    response = client.post(setting["url"], {"activity": "Werving straatcoaches", key(setting["worker"]): "R"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Werving straatcoaches"' in page
    assert "Niemand is eindverantwoordelijk (A)" in page
    assert not RaciRow.objects.exists()
    assert (
        client.post(
            setting["url"],
            {"activity": "Werving", key(setting["worker"]): "R", key(setting["lead"]): "A"},
        ).status_code
        == 302
    )
    assert RaciRow.objects.count() == 1


def test_a_row_of_a_removed_member_is_flagged(client, manager, setting):
    worker = setting["worker"]
    raci.row_save(
        actor=manager,
        subproject=setting["subproject"],
        activity="Werving",
        letters={key(setting["lead"]): "A", key(worker): "R"},
    )
    worker.removed_at = worker.created_at
    worker.save()
    client.force_login(manager)
    page = client.get(setting["url"]).content.decode()
    assert "Klopt niet:" in page and "Niemand voert uit (R)" in page


def test_who_writes_the_raci(client, programme, manager, setting):
    other = SubProject.objects.create(programme=programme, name="Ouderavonden")
    lead = setting["lead_user"]
    assert manager.has_perm("actions.change_raci", other)
    assert lead.has_perm("actions.change_raci", setting["subproject"])
    assert not lead.has_perm("actions.change_raci", other)
    reader = factories.member(programme, "teamlid")
    client.force_login(reader)
    assert client.get(setting["url"]).status_code == 200
    assert client.post(setting["url"], {"activity": "x"}).status_code == 403


def result(programme):
    step = evaluate(programme).steps[3]
    return next(r for r in step.results if r.milestone.key == "actions.raci")


def test_the_milestone_wants_valid_rows_in_every_subproject(programme, manager, setting):
    assert not result(programme).met
    row = raci.row_save(
        actor=manager,
        subproject=setting["subproject"],
        activity="Werving",
        letters={key(setting["lead"]): "A", key(setting["worker"]): "R"},
    )
    assert result(programme).met
    row.cells.filter(role="R").delete()
    assert "1 RACI-regel klopt niet" in str(result(programme).check.detail)
