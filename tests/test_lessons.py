"""Step 5's lessons learned and the shared library "Leer van elkaar": the services (checks, audit,
the publication workflow with its notification), the boundary between organisations (another
organisation sees only published items, and never the lesson, the proposal or the publisher's
pages), the library search, the pages and the step-5 milestone."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from koers.audit.models import AuditEvent
from koers.lessons import selectors, services
from koers.lessons.milestones import lessons_per_running_subproject
from koers.lessons.models import LibraryItem
from koers.lessons.reference import PublicationStatus
from koers.notifications.models import Notification
from koers.plan.models import FocusArea, SubProject
from koers.programmes.navigator import ProgrammeFacts, evaluate
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

TODAY = datetime.date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def world(programme, manager, foreign_programme):
    lead_user = factories.member(programme, "kwartiermaker")
    lead = factories.PersonFactory(programme=programme, user=lead_user, email=lead_user.email)
    led = SubProject.objects.create(
        programme=programme, name="Straatcoaches", kwartiermaker=lead, status="uitvoering"
    )
    other = SubProject.objects.create(programme=programme, name="Ouderavonden", status="uitvoering")
    area = FocusArea.objects.create(programme=programme, key="buurt", name="Jongere in de buurt")
    second_manager = factories.member(programme, "programmamanager")
    stranger = factories.member(foreign_programme, "programmamanager")
    return {
        "lead_user": lead_user,
        "led": led,
        "other": other,
        "area": area,
        "second_manager": second_manager,
        "stranger": stranger,
    }


def new_lesson(actor, programme, **values):
    values.setdefault("title", "Straatcoaches werken het best in duo's")
    values.setdefault("worked", "Vaste gezichten op straat.")
    values.setdefault("did_not_work", "Wisselende roosters.")
    values.setdefault("recommendation", "Plan vaste duo's per wijk.")
    return services.lesson_create(actor=actor, programme=programme, **values)


def published(manager, lesson, approver) -> LibraryItem:
    services.lesson_propose(actor=manager, lesson=lesson)
    return services.lesson_approve(actor=approver, lesson=lesson)


# Services ---------------------------------------------------------------------------------------


def test_create_records_audit_and_normalises_themes(programme, manager, world):
    lesson = new_lesson(
        manager,
        programme,
        subproject=world["led"],
        focus_areas=[world["area"]],
        themes=" straat ,Straat, duo's ",
    )
    assert lesson.themes == "straat, duo's"
    assert list(lesson.focus_areas.all()) == [world["area"]]
    assert lesson.learned_on == TODAY
    event = AuditEvent.objects.get(action="lesson.create")
    assert event.changes["focus_areas"] == [None, ["Jongere in de buurt"]]


def test_a_lesson_needs_one_of_the_three_texts(programme, manager):
    with pytest.raises(ValidationError) as error:
        new_lesson(manager, programme, worked="", did_not_work=" ", recommendation="")
    assert "worked" in error.value.error_dict


def test_bad_dates_are_refused(programme, manager):
    with pytest.raises(ValidationError) as error:
        new_lesson(manager, programme, learned_on=TODAY + datetime.timedelta(days=1))
    assert "learned_on" in error.value.error_dict
    with pytest.raises(ValidationError):
        new_lesson(manager, programme, learned_on=datetime.date(2025, 12, 1))


def test_kwartiermaker_records_lessons_of_own_sub_project_only(programme, world):
    with pytest.raises(ValidationError) as error:
        new_lesson(world["lead_user"], programme, subproject=world["other"])
    assert "subproject" in error.value.error_dict
    lesson = new_lesson(world["lead_user"], programme, subproject=world["led"])
    assert lesson.created_by == world["lead_user"]


def test_links_to_another_programme_are_refused(programme, manager, foreign_programme):
    elsewhere = SubProject.objects.create(programme=foreign_programme, name="Elders")
    with pytest.raises(ValidationError) as error:
        new_lesson(manager, programme, subproject=elsewhere)
    assert "subproject" in error.value.error_dict


def test_update_and_delete_are_audited(programme, manager, world):
    lesson = new_lesson(manager, programme)
    services.lesson_update(
        actor=manager,
        lesson=lesson,
        expected_version=lesson.version,
        title="Duo's",
        focus_areas=[world["area"]],
    )
    event = AuditEvent.objects.get(action="lesson.update")
    assert event.changes["title"][1] == "Duo's"
    assert event.changes["focus_areas"] == [[], ["Jongere in de buurt"]]
    services.lesson_delete(actor=manager, lesson=lesson)
    assert AuditEvent.objects.filter(action="lesson.delete").exists()


# Publication ------------------------------------------------------------------------------------


def test_propose_notifies_the_other_programme_managers(programme, manager, world):
    lesson = new_lesson(world["lead_user"], programme, subproject=world["led"])
    services.lesson_propose(actor=world["lead_user"], lesson=lesson)
    lesson.refresh_from_db()
    assert lesson.publication_status == PublicationStatus.PROPOSED
    notified = set(Notification.objects.filter(kind="publicatie_verzoek").values_list("user_id", flat=True))
    assert notified == {manager.pk, world["second_manager"].pk}
    with pytest.raises(ValidationError):
        services.lesson_propose(actor=world["lead_user"], lesson=lesson)


def test_approve_makes_a_frozen_copy_without_people(programme, manager, world, organisation):
    lesson = new_lesson(
        manager, programme, subproject=world["led"], focus_areas=[world["area"]], themes="straat"
    )
    item = published(manager, lesson, world["second_manager"])
    lesson.refresh_from_db()
    assert lesson.publication_status == PublicationStatus.PUBLISHED
    assert item.publisher_name == organisation.name
    assert item.focus_area_keys == ["buurt"]
    assert item.focus_area_names == ["Jongere in de buurt"]
    assert item.published_on == TODAY
    assert item.recommendation == "Plan vaste duo's per wijk."
    fields = {field.name for field in LibraryItem._meta.get_fields()}
    assert not fields & {"created_by", "approved_by", "proposed_by", "subproject", "meeting", "owner"}
    # The copy is frozen: changing the lesson does not change the library.
    services.lesson_update(actor=manager, lesson=lesson, expected_version=lesson.version, title="Anders")
    item.refresh_from_db()
    assert item.title == "Straatcoaches werken het best in duo's"
    with pytest.raises(ValidationError):
        services.lesson_approve(actor=manager, lesson=lesson)  # not proposed: nothing to approve


def test_update_needs_approval_again_and_keeps_the_old_copy_meanwhile(programme, manager, world):
    lesson = new_lesson(manager, programme)
    item = published(manager, lesson, manager)
    lesson.refresh_from_db()
    services.lesson_update(
        actor=manager, lesson=lesson, expected_version=lesson.version, title="Nieuwe titel"
    )
    services.lesson_propose(actor=manager, lesson=lesson)
    assert selectors.get_library_item(item.uuid).title == "Straatcoaches werken het best in duo's"
    again = services.lesson_approve(actor=world["second_manager"], lesson=lesson)
    assert again.pk == item.pk
    assert again.title == "Nieuwe titel"
    assert again.updated_on == TODAY


def test_reject_needs_a_reason(programme, manager):
    lesson = new_lesson(manager, programme)
    services.lesson_propose(actor=manager, lesson=lesson)
    with pytest.raises(ValidationError) as error:
        services.lesson_reject(actor=manager, lesson=lesson, reason="  ")
    assert "reason" in error.value.error_dict
    services.lesson_reject(actor=manager, lesson=lesson, reason="Er staat een schoolnaam in.")
    lesson.refresh_from_db()
    assert lesson.publication_status == PublicationStatus.REJECTED
    assert lesson.rejection_reason == "Er staat een schoolnaam in."
    assert not LibraryItem.objects.exists()


def test_withdraw_hides_the_item_and_it_can_come_back(programme, manager, world):
    lesson = new_lesson(manager, programme)
    item = published(manager, lesson, manager)
    services.library_withdraw(actor=manager, item=item)
    lesson.refresh_from_db()
    assert lesson.publication_status == PublicationStatus.WITHDRAWN
    assert not selectors.library().exists()
    services.lesson_propose(actor=manager, lesson=lesson)
    back = services.lesson_approve(actor=manager, lesson=lesson)
    assert back.pk == item.pk and back.withdrawn_at is None
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"lesson.propose", "lesson.approve", "library.withdraw"} <= actions


def test_deleting_a_published_lesson_keeps_the_copy(programme, manager):
    lesson = new_lesson(manager, programme)
    item = published(manager, lesson, manager)
    services.lesson_delete(actor=manager, lesson=lesson)
    item.refresh_from_db()
    assert item.lesson is None and item.is_live


# The boundary between organisations -------------------------------------------------------------


def test_another_organisation_sees_only_published_items(client, programme, manager, world):
    shared = new_lesson(manager, programme, title="Gedeelde les")
    item = published(manager, shared, manager)
    private = new_lesson(manager, programme, title="Interne les")
    proposed = new_lesson(manager, programme, title="Voorgestelde les")
    services.lesson_propose(actor=manager, lesson=proposed)

    client.force_login(world["stranger"])
    response = client.get(reverse("library_list"))
    text = response.content.decode()
    assert "Gedeelde les" in text
    assert "Interne les" not in text and "Voorgestelde les" not in text
    detail = client.get(reverse("library_detail", args=[item.uuid]))
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Gemeente Eigenstad" in page
    assert manager.full_name not in page  # no person names
    assert reverse("library_edit", args=[item.uuid]) not in page
    for url in (
        reverse("lesson_detail", args=[programme.uuid, private.uuid]),
        reverse("lesson_detail", args=[programme.uuid, proposed.uuid]),
        reverse("lesson_detail", args=[programme.uuid, shared.uuid]),
        reverse("lesson_reject", args=[programme.uuid, proposed.uuid]),
        reverse("library_edit", args=[item.uuid]),
        reverse("library_withdraw", args=[item.uuid]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("lesson_approve", args=[programme.uuid, proposed.uuid]),
        reverse("lesson_propose", args=[programme.uuid, private.uuid]),
        reverse("library_withdraw", args=[item.uuid]),
    ):
        assert client.post(url).status_code == 404, url
    item.refresh_from_db()
    proposed.refresh_from_db()
    assert item.is_live and proposed.publication_status == PublicationStatus.PROPOSED


def test_withdrawn_item_is_gone_for_everyone(client, programme, manager, world):
    item = published(manager, new_lesson(manager, programme), manager)
    services.library_withdraw(actor=manager, item=item)
    client.force_login(world["stranger"])
    assert client.get(reverse("library_detail", args=[item.uuid])).status_code == 404


def test_publisher_corrects_the_text(manager_client, programme, manager):
    item = published(manager, new_lesson(manager, programme), manager)
    response = manager_client.post(
        reverse("library_edit", args=[item.uuid]),
        {
            "title": "Vaste duo's",
            "worked": "",
            "did_not_work": "",
            "recommendation": "Werk met duo's.",
            "themes": "",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Vaste duo's" and item.updated_on == TODAY
    assert AuditEvent.objects.filter(action="library.update").exists()


# Search -----------------------------------------------------------------------------------------


def test_library_search_finds_words_in_texts_and_tags(programme, manager, foreign_programme, world):
    published(manager, new_lesson(manager, programme, title="Straatcoaches", themes="hangplekken"), manager)
    other = new_lesson(
        world["stranger"],
        foreign_programme,
        title="Ouderavond online",
        worked="Ouders kwamen massaal.",
        recommendation="Nodig ouders persoonlijk uit.",
    )
    published(world["stranger"], other, world["stranger"])
    assert [i.title for i in selectors.library(query="hangplekken")] == ["Straatcoaches"]
    assert [i.title for i in selectors.library(query="ouders")] == ["Ouderavond online"]
    assert [i.title for i in selectors.library(query="Anderstad")] == ["Ouderavond online"]
    assert {i.title for i in selectors.library()} == {"Straatcoaches", "Ouderavond online"}
    assert list(selectors.library(query="fietsen")) == []


def test_library_filters_on_focus_area(programme, manager, world):
    published(manager, new_lesson(manager, programme, title="Buurt", focus_areas=[world["area"]]), manager)
    published(manager, new_lesson(manager, programme, title="Zonder"), manager)
    assert [i.title for i in selectors.library(focus_area="buurt")] == ["Buurt"]


# Pages ------------------------------------------------------------------------------------------


def test_lesson_list_filters(manager_client, programme, manager, world):
    new_lesson(manager, programme, title="Les straat", subproject=world["led"], themes="straat")
    new_lesson(manager, programme, title="Les ouders", subproject=world["other"], focus_areas=[world["area"]])
    url = reverse("lessons", args=[programme.uuid])
    assert {lesson.title for lesson in manager_client.get(url).context["page"]} == {
        "Les straat",
        "Les ouders",
    }
    by_sub = manager_client.get(url, {"deelproject": str(world["led"].uuid)}).context["page"]
    assert [lesson.title for lesson in by_sub] == ["Les straat"]
    by_area = manager_client.get(url, {"focusgebied": str(world["area"].uuid)}).context["page"]
    assert [lesson.title for lesson in by_area] == ["Les ouders"]
    by_theme = manager_client.get(url, {"thema": "straat"}).context["page"]
    assert [lesson.title for lesson in by_theme] == ["Les straat"]


def test_lesson_form_keeps_input_on_error(manager_client, programme):
    response = manager_client.post(
        reverse("lesson_create", args=[programme.uuid]),
        {"title": "Lege les", "learned_on": "2026-11-20"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "Lege les" in response.content.decode()


def test_pages_walk_the_publication(manager_client, programme, manager, world):
    lesson = new_lesson(world["lead_user"], programme, subproject=world["led"])
    url = reverse("lesson_detail", args=[programme.uuid, lesson.uuid])
    assert (
        reverse("lesson_propose", args=[programme.uuid, lesson.uuid])
        in manager_client.get(url).content.decode()
    )
    assert (
        manager_client.post(reverse("lesson_propose", args=[programme.uuid, lesson.uuid])).status_code == 302
    )
    response = manager_client.post(reverse("lesson_approve", args=[programme.uuid, lesson.uuid]))
    item = LibraryItem.objects.get()
    assert response.url == reverse("library_detail", args=[item.uuid])
    # Approving again (a second manager at the same time) publishes once, with a clear message.
    again = manager_client.post(reverse("lesson_approve", args=[programme.uuid, lesson.uuid]), follow=True)
    assert LibraryItem.objects.count() == 1
    assert list(again.context["messages"])


def test_reject_form_needs_a_reason(manager_client, programme, manager):
    lesson = new_lesson(manager, programme)
    services.lesson_propose(actor=manager, lesson=lesson)
    url = reverse("lesson_reject", args=[programme.uuid, lesson.uuid])
    response = manager_client.post(url, {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    assert manager_client.post(url, {"reason": "Namen erin."}).status_code == 302


# The milestone ----------------------------------------------------------------------------------


def test_milestone_one_lesson_per_running_sub_project(programme, manager, world):
    check = lessons_per_running_subproject(ProgrammeFacts(programme))
    assert not check.met and "2" in str(check.detail)
    new_lesson(manager, programme, subproject=world["led"])
    assert not lessons_per_running_subproject(ProgrammeFacts(programme)).met
    new_lesson(manager, programme, subproject=world["other"])
    assert lessons_per_running_subproject(ProgrammeFacts(programme)).met
    keys = [result.milestone.key for result in evaluate(programme).steps[4].results]
    assert "lessons.running_subprojects" in keys


def test_milestone_without_running_sub_projects(programme):
    assert not lessons_per_running_subproject(ProgrammeFacts(programme)).met


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Dutch text search is PostgreSQL's")
def test_postgresql_library_search_stems_dutch_words(programme, manager, world):
    published(
        manager,
        new_lesson(
            manager, programme, title="Jongeren bereiken via sleutelfiguren", recommendation="Werk samen."
        ),
        manager,
    )
    published(
        manager, new_lesson(manager, programme, title="Ouderavond", worked="Een jongere vertelde."), manager
    )
    assert [i.title for i in selectors.library(query="sleutelfiguur")] == [
        "Jongeren bereiken via sleutelfiguren"
    ]
    # The title weighs more than the texts.
    assert next(i.title for i in selectors.library(query="jongere")) == "Jongeren bereiken via sleutelfiguren"
    assert [i.title for i in selectors.library(query="jongere -ouderavond")] == [
        "Jongeren bereiken via sleutelfiguren"
    ]
