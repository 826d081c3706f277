"""Programme rules: who may change what, the last programme manager, the status workflow, stale
edits, valid names and periods, and isolation between organisations."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import formats, timezone, translation

from koers.concurrency import StaleEditError
from koers.programmes import services
from koers.programmes.models import Programme, ProgrammeMembership, ProgrammeStatus
from koers.programmes.workflow import PROGRAMME_WORKFLOW
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

NON_MANAGER_ROLES = ["kwartiermaker", "teamlid", "stuurgroeplid", "onderzoeker", "meelezer"]


def url(programme, tail: str = "") -> str:
    return f"/programmas/{programme.uuid}/{tail}"


def form_data(programme, **overrides) -> dict:
    data = {
        "name": programme.name,
        "description": programme.description,
        "start_date": programme.start_date.isoformat(),
        "end_date": programme.end_date.isoformat() if programme.end_date else "",
        "version": programme.version,
    }
    data.update(overrides)
    return data


def membership_of(programme, user) -> ProgrammeMembership:
    return ProgrammeMembership.objects.get(programme=programme, user=user)


# Who may change a programme --------------------------------------------------------------------


@pytest.mark.parametrize("role", NON_MANAGER_ROLES)
def test_members_other_than_managers_see_the_programme_but_may_not_edit_it(client, programme, role):
    client.force_login(factories.member(programme, role))

    assert client.get(url(programme)).status_code == 200
    assert client.get(url(programme, "leden/")).status_code == 200
    assert client.get(url(programme, "bewerken/")).status_code == 403
    response = client.post(url(programme, "bewerken/"), form_data(programme, name="Gekaapt"))
    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.name == "Eigenstad aanpak"


@pytest.mark.parametrize("role", NON_MANAGER_ROLES)
def test_members_other_than_managers_may_not_change_the_status(client, programme, role):
    client.force_login(factories.member(programme, role))

    response = client.post(url(programme, "status/"), {"status": "afgerond"})

    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.status == "actief"


@pytest.mark.parametrize("role", NON_MANAGER_ROLES)
def test_members_other_than_managers_may_not_change_roles_or_remove_people(client, programme, manager, role):
    client.force_login(factories.member(programme, role))
    target = membership_of(programme, manager)
    edit = url(programme, f"leden/{target.uuid}/")

    assert client.get(edit).status_code == 403
    assert client.post(edit, {"role": "meelezer"}).status_code == 403
    assert client.post(edit, {"remove": "1"}).status_code == 403
    target.refresh_from_db()
    assert target.role == "programmamanager"


def test_an_organisation_administrator_outside_the_programme_sees_but_does_not_edit_it(client, programme):
    client.force_login(factories.org_admin(programme.organisation))

    assert client.get(url(programme)).status_code == 200
    assert client.get(url(programme, "geschiedenis/")).status_code == 200
    assert client.get(url(programme, "bewerken/")).status_code == 403


def test_an_organisation_member_outside_the_programme_may_not_open_it(client, programme):
    client.force_login(factories.MembershipFactory(organisation=programme.organisation).user)

    assert client.get(url(programme)).status_code == 403
    assert programme.name not in client.get("/programmas/").text


def test_a_manager_edits_the_programme(manager_client, programme, manager):
    response = manager_client.post(
        url(programme, "bewerken/"),
        form_data(programme, name="Eigenstad samen", description="Met alle partners."),
    )

    assert response.status_code == 302
    assert response.headers["Location"] == url(programme)
    programme.refresh_from_db()
    assert programme.name == "Eigenstad samen"
    assert programme.description == "Met alle partners."
    assert programme.version == 2
    assert programme.updated_by == manager


def test_a_manager_changes_a_members_role(manager_client, programme):
    member = factories.member(programme, "teamlid")
    membership = membership_of(programme, member)

    response = manager_client.post(url(programme, f"leden/{membership.uuid}/"), {"role": "kwartiermaker"})

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "kwartiermaker"


def test_a_manager_removes_a_member(manager_client, programme):
    member = factories.member(programme, "meelezer")
    membership = membership_of(programme, member)

    response = manager_client.post(url(programme, f"leden/{membership.uuid}/"), {"remove": "1"})

    assert response.status_code == 302
    assert not ProgrammeMembership.objects.filter(pk=membership.pk).exists()


def test_a_removed_member_no_longer_opens_the_programme(manager_client, programme):
    member = factories.member(programme, "teamlid")
    manager_client.post(url(programme, f"leden/{membership_of(programme, member).uuid}/"), {"remove": "1"})
    other = Client()
    member.refresh_from_db()  # the removal ended the sessions of the instance loaded before
    other.force_login(member)

    assert other.get(url(programme)).status_code == 403


# The last programme manager --------------------------------------------------------------------


def test_the_last_manager_cannot_be_removed(manager_client, programme, manager, says):
    membership = membership_of(programme, manager)

    response = manager_client.post(url(programme, f"leden/{membership.uuid}/"), {"remove": "1"})

    assert response.status_code == 200
    says(response, "A programme needs at least one programme manager. Appoint another one first.")
    assert ProgrammeMembership.objects.filter(pk=membership.pk).exists()


def test_the_last_manager_cannot_be_demoted(manager_client, programme, manager, says):
    membership = membership_of(programme, manager)

    response = manager_client.post(url(programme, f"leden/{membership.uuid}/"), {"role": "teamlid"})

    assert response.status_code == 200
    says(response, "A programme needs at least one programme manager. Appoint another one first.")
    membership.refresh_from_db()
    assert membership.role == "programmamanager"


def test_with_a_second_manager_the_first_may_step_down(manager_client, programme, manager):
    factories.member(programme, "programmamanager")
    membership = membership_of(programme, manager)

    response = manager_client.post(url(programme, f"leden/{membership.uuid}/"), {"role": "teamlid"})

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "teamlid"
    # No longer a manager: editing is now refused.
    assert manager_client.get(url(programme, "bewerken/")).status_code == 403


def test_the_last_manager_is_protected_in_the_service_too(programme, manager):
    membership = membership_of(programme, manager)

    for attempt in (
        lambda: services.member_remove(actor=manager, membership=membership),
        lambda: services.member_change_role(actor=manager, membership=membership, role="teamlid"),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.code == "last_manager"
    assert membership_of(programme, manager).role == "programmamanager"


# The status workflow ---------------------------------------------------------------------------

ALL_PAIRS = list(itertools.product(ProgrammeStatus.values, repeat=2))


@pytest.mark.parametrize(("current", "new"), ALL_PAIRS)
def test_the_status_changes_only_along_declared_transitions(organisation, current, new):
    programme = factories.ProgrammeFactory(organisation=organisation, status=current)
    manager = factories.member(programme, "programmamanager")
    allowed = new in PROGRAMME_WORKFLOW.transitions[current]

    if allowed:
        services.programme_change_status(actor=manager, programme=programme, status=new)
    else:
        with pytest.raises(ValidationError) as refused:
            services.programme_change_status(actor=manager, programme=programme, status=new)
        assert refused.value.code == "invalid_transition"

    programme.refresh_from_db()
    assert programme.status == (new if allowed else current)


def test_the_declared_workflow_is_the_expected_one():
    assert {k: set(v) for k, v in PROGRAMME_WORKFLOW.transitions.items()} == {
        "concept": {"actief", "gearchiveerd"},
        "actief": {"afgerond"},
        "afgerond": {"actief", "gearchiveerd"},
        "gearchiveerd": set(),
    }


def test_an_archived_programme_can_no_longer_change_status():
    assert PROGRAMME_WORKFLOW.allowed("gearchiveerd") == []


def test_a_refused_transition_through_the_web_shows_why_and_changes_nothing(manager_client, programme):
    response = manager_client.post(url(programme, "status/"), {"status": "concept"}, follow=True)

    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert errors[0].message in response.text
    programme.refresh_from_db()
    assert programme.status == "actief"
    assert programme.version == 1


def test_a_manager_completes_an_active_programme(manager_client, programme):
    response = manager_client.post(url(programme, "status/"), {"status": "afgerond"})

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == "afgerond"
    assert programme.version == 2


def test_the_overview_offers_only_the_allowed_next_statuses(manager_client, programme):
    response = manager_client.get(url(programme))

    assert [value for value, _label in response.context["next_statuses"]] == ["afgerond"]


# Stale edits -----------------------------------------------------------------------------------


def test_a_stale_edit_is_refused_with_who_changed_it_when_and_nothing_is_overwritten(
    manager_client, programme, says
):
    colleague = factories.member(programme, "programmamanager", full_name="Cor Collega")
    opened = manager_client.get(url(programme, "bewerken/"))
    assert opened.context["form"]["version"].value() == 1
    services.programme_update(actor=colleague, programme=programme, expected_version=1, name="Naam van Cor")
    programme.refresh_from_db()

    response = manager_client.post(
        url(programme, "bewerken/"), form_data(programme, name="Mijn naam", version=1)
    )

    assert response.status_code == 200
    with translation.override(response.headers["Content-Language"]):
        when = formats.date_format(timezone.localtime(programme.updated_at), "DATETIME_FORMAT")
    says(
        response,
        "This was changed by %(who)s at %(when)s after you opened it. "
        "Review their changes below and save again.",
        who="Cor Collega",
        when=when,
    )
    programme.refresh_from_db()
    assert programme.name == "Naam van Cor"
    assert programme.version == 2
    # The form now carries the current version: saving again is a conscious overwrite.
    assert response.context["form"]["version"].value() == "2"


def test_after_a_stale_edit_saving_again_with_the_current_version_succeeds(manager_client, programme):
    colleague = factories.member(programme, "programmamanager")
    services.programme_update(
        actor=colleague, programme=programme, expected_version=1, description="Van collega"
    )
    manager_client.post(url(programme, "bewerken/"), form_data(programme, name="Mijn naam", version=1))

    response = manager_client.post(
        url(programme, "bewerken/"), form_data(programme, name="Mijn naam", version=2)
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Mijn naam"
    assert programme.description == "Van collega"
    assert programme.version == 3


def test_the_service_refuses_an_edit_based_on_an_old_version(programme, manager):
    services.programme_update(actor=manager, programme=programme, expected_version=1, name="Twee")
    stale = Programme.objects.get(pk=programme.pk)
    stale.version = 1

    with pytest.raises(StaleEditError):
        services.programme_update(actor=manager, programme=stale, expected_version=1, name="Oud")

    programme.refresh_from_db()
    assert programme.name == "Twee"


# Names and periods -----------------------------------------------------------------------------


def test_a_programme_name_is_unique_within_the_organisation(manager_client, programme, says):
    other = factories.ProgrammeFactory(organisation=programme.organisation, name="Tweede aanpak")

    response = manager_client.post(url(programme, "bewerken/"), form_data(programme, name=" tweede AANPAK "))

    assert response.status_code == 200
    says(response, "Your organisation already has a programme with this name.")
    programme.refresh_from_db()
    assert programme.name == "Eigenstad aanpak"
    assert other.name == "Tweede aanpak"


def test_creating_a_programme_with_a_taken_name_is_refused(manager_client, programme, says):
    response = manager_client.post(
        "/programmas/nieuw/",
        {"name": "EIGENSTAD AANPAK", "description": "", "start_date": "2026-02-01", "end_date": ""},
    )

    assert response.status_code == 200
    says(response, "Your organisation already has a programme with this name.")
    assert Programme.objects.filter(organisation=programme.organisation).count() == 1


def test_another_organisation_may_use_the_same_name(programme, foreign_organisation):
    admin = factories.org_admin(foreign_organisation)

    twin = services.programme_create(
        actor=admin,
        organisation=foreign_organisation,
        name=programme.name,
        start_date=dt.date(2026, 1, 1),
    )

    assert twin.name == programme.name
    assert twin.organisation != programme.organisation


def test_an_end_date_before_the_start_date_is_refused(manager_client, programme):
    response = manager_client.post(
        url(programme, "bewerken/"),
        form_data(programme, start_date="2026-06-01", end_date="2026-05-31"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "end_date" in response.context["form"].errors or response.context["form"].non_field_errors()
    programme.refresh_from_db()
    assert programme.end_date == dt.date(2028, 12, 31)
    assert programme.version == 1


def test_the_service_refuses_an_end_date_before_the_start_date(organisation):
    admin = factories.org_admin(organisation)

    with pytest.raises(ValidationError) as refused:
        services.programme_create(
            actor=admin,
            organisation=organisation,
            name="Omgekeerd",
            start_date=dt.date(2026, 6, 1),
            end_date=dt.date(2026, 5, 31),
        )

    assert "end_date" in refused.value.error_dict
    assert not Programme.objects.filter(name="Omgekeerd").exists()


def test_an_end_date_on_the_start_date_is_allowed(programme, manager):
    services.programme_update(
        actor=manager,
        programme=programme,
        expected_version=1,
        start_date=dt.date(2026, 6, 1),
        end_date=dt.date(2026, 6, 1),
    )
    programme.refresh_from_db()
    assert programme.end_date == programme.start_date


# Starting a programme --------------------------------------------------------------------------


def test_an_organisation_administrator_starts_a_programme_and_becomes_its_manager(client, organisation):
    admin = factories.org_admin(organisation)
    client.force_login(admin)

    response = client.post(
        "/programmas/nieuw/",
        {"name": "Nieuwe aanpak", "description": "", "start_date": "2026-02-01", "end_date": ""},
    )

    programme = Programme.objects.get(name="Nieuwe aanpak")
    assert response.status_code == 302
    assert response.headers["Location"] == url(programme)
    assert programme.organisation == organisation
    assert programme.status == "concept"
    assert membership_of(programme, admin).role == "programmamanager"


@pytest.mark.parametrize("role", NON_MANAGER_ROLES)
def test_members_who_manage_no_programme_may_not_start_one(client, programme, role):
    client.force_login(factories.member(programme, role))

    response = client.post(
        "/programmas/nieuw/",
        {"name": "Eigen initiatief", "description": "", "start_date": "2026-02-01", "end_date": ""},
    )

    assert response.status_code == 403
    assert not Programme.objects.filter(name="Eigen initiatief").exists()


# Isolation between organisations ---------------------------------------------------------------

FOREIGN_PAGES = ["", "bewerken/", "leden/", "geschiedenis/"]


@pytest.mark.parametrize("role", ["programmamanager", *NON_MANAGER_ROLES])
@pytest.mark.parametrize("tail", FOREIGN_PAGES)
def test_another_organisations_programme_does_not_exist_for_programme_members(
    client, programme, foreign_programme, role, tail
):
    client.force_login(factories.member(programme, role))

    assert client.get(url(foreign_programme, tail)).status_code == 404


@pytest.mark.parametrize("tail", FOREIGN_PAGES)
def test_another_organisations_programme_does_not_exist_for_its_neighbours_administrator(
    client, organisation, foreign_programme, tail
):
    client.force_login(factories.org_admin(organisation))

    assert client.get(url(foreign_programme, tail)).status_code == 404


@pytest.mark.parametrize("tail", FOREIGN_PAGES)
def test_an_installation_superuser_does_not_see_an_organisations_programmes(client, foreign_programme, tail):
    client.force_login(factories.UserFactory(superuser=True))

    assert client.get(url(foreign_programme, tail)).status_code == 404


def test_another_organisations_programme_cannot_be_changed_through_the_web(manager_client, foreign_programme):
    foreign_manager = factories.member(foreign_programme, "programmamanager")
    target = membership_of(foreign_programme, foreign_manager)

    responses = [
        manager_client.post(url(foreign_programme, "bewerken/"), form_data(foreign_programme, name="X")),
        manager_client.post(url(foreign_programme, "status/"), {"status": "actief"}),
        manager_client.post(url(foreign_programme, "leden/"), {"email": "a@b.example", "role": "teamlid"}),
        manager_client.post(url(foreign_programme, f"leden/{target.uuid}/"), {"remove": "1"}),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    foreign_programme.refresh_from_db()
    assert foreign_programme.name == "Anderstad aanpak"
    assert foreign_programme.status == "concept"
    assert ProgrammeMembership.objects.filter(pk=target.pk).exists()


def test_a_member_of_another_programme_cannot_be_edited_through_ones_own_programme(
    manager_client, programme, foreign_programme
):
    foreign_member = membership_of(foreign_programme, factories.member(foreign_programme, "teamlid"))

    response = manager_client.post(url(programme, f"leden/{foreign_member.uuid}/"), {"remove": "1"})

    assert response.status_code == 404
    assert ProgrammeMembership.objects.filter(pk=foreign_member.pk).exists()


def test_the_programme_list_shows_only_the_own_organisations_programmes(
    manager_client, programme, foreign_programme
):
    response = manager_client.get("/programmas/")

    assert response.status_code == 200
    assert programme.name in response.text
    assert foreign_programme.name not in response.text


def test_anonymous_visitors_are_sent_to_log_in(client, programme):
    response = client.get(url(programme))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/login/")


# History ---------------------------------------------------------------------------------------


def test_the_history_shows_the_programmes_own_changes_with_before_and_after(
    manager_client, programme, foreign_programme, manager
):
    services.programme_update(actor=manager, programme=programme, expected_version=1, name="Eigenstad nieuw")
    foreign_manager = factories.member(foreign_programme, "programmamanager")
    services.programme_change_status(actor=foreign_manager, programme=foreign_programme, status="actief")

    response = manager_client.get(url(programme, "geschiedenis/"))

    assert response.status_code == 200
    events = list(response.context["page"].object_list)
    assert [e.action for e in events] == ["programme.update"]
    assert "Eigenstad aanpak" in response.text
    assert "Eigenstad nieuw" in response.text
    assert manager.email in response.text
