"""The interventions registry and a sub-project's chosen interventions: services and their audit
events, who may do what (installation administrator, organisation administrator, programme roles,
another organisation), the evidence labels in Dutch, validation and refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from koers.audit.models import AuditEvent
from koers.interventions import services
from koers.interventions.models import Intervention, SubProjectIntervention
from koers.interventions.reference import EvidenceLevel
from koers.organisations.models import OrganisationRole
from koers.plan.models import SubProject
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")


@pytest.fixture
def superuser(db):
    return factories.UserFactory(superuser=True)


@pytest.fixture
def national(superuser):
    return services.intervention_create(
        actor=superuser,
        organisation=None,
        name="Thuis Sterk",
        evidence_level=EvidenceLevel.EFFECTIVE_GOOD,
        focus_areas=["gezin"],
    )


@pytest.fixture
def own(organisation, manager):
    return services.intervention_create(actor=manager, organisation=organisation, name="Pleinaanpak")


@pytest.fixture
def subproject(programme):
    return SubProject.objects.create(programme=programme, name="Straatwerk")


def url(name, **kwargs):
    return reverse(name, kwargs=kwargs)


def sub_url(subproject):
    return url(
        "subproject_interventions",
        programme_uuid=subproject.programme.uuid,
        subproject_uuid=subproject.uuid,
    )


# Labels -----------------------------------------------------------------------------------------


def test_evidence_labels_are_the_glossarys_dutch_labels_exactly():
    with translation.override("nl"):
        labels = [str(label) for label in EvidenceLevel.labels]
    assert labels == [
        "niet beoordeeld",
        "goed beschreven",
        "goed onderbouwd",
        "effectief – eerste aanwijzingen",
        "effectief – goede aanwijzingen",
        "effectief – sterke aanwijzingen",
    ]


# Services and audit -----------------------------------------------------------------------------


def test_create_update_delete_are_audited(organisation, manager):
    intervention = services.intervention_create(
        actor=manager,
        organisation=organisation,
        name="  Buurtmentor ",
        focus_areas=["online", "gezin"],
        database_url="https://databank.example/buurtmentor",
    )
    assert intervention.name == "Buurtmentor"
    assert intervention.focus_areas == ["gezin", "online"]
    services.intervention_update(
        actor=manager, intervention=intervention, expected_version=1, provider="Mentorwerk"
    )
    intervention.refresh_from_db()
    assert intervention.version == 2 and intervention.provider == "Mentorwerk"
    services.intervention_delete(actor=manager, intervention=intervention)
    assert not Intervention.objects.filter(pk=intervention.pk).exists()
    events = list(
        AuditEvent.objects.filter(object_type="interventions.intervention")
        .order_by("id")
        .values_list("action", "organisation_id")
    )
    assert events == [
        ("intervention.create", organisation.pk),
        ("intervention.update", organisation.pk),
        ("intervention.delete", organisation.pk),
    ]
    update = AuditEvent.objects.get(action="intervention.update")
    assert update.changes["provider"] == ["", "Mentorwerk"]


def test_a_stale_edit_is_refused(own, manager):
    services.intervention_update(actor=manager, intervention=own, expected_version=1, provider="A")
    with pytest.raises(ValidationError):
        services.intervention_update(actor=manager, intervention=own, expected_version=1, provider="B")
    own.refresh_from_db()
    assert own.provider == "A"


def test_a_link_that_is_not_https_is_refused_and_nothing_is_saved(organisation, manager):
    with pytest.raises(ValidationError) as error:
        services.intervention_create(
            actor=manager, organisation=organisation, name="Los", database_url="http://databank.example/x"
        )
    assert "database_url" in error.value.message_dict
    assert not Intervention.objects.exists()
    assert not AuditEvent.objects.filter(action="intervention.create").exists()


def test_unknown_focus_area_and_double_name_are_refused(organisation, manager, own):
    with pytest.raises(ValidationError):
        services.intervention_create(actor=manager, organisation=organisation, name="X", focus_areas=["mars"])
    with pytest.raises(ValidationError) as error:
        services.intervention_create(actor=manager, organisation=organisation, name="pleinaanpak")
    assert "name" in error.value.message_dict


def test_delete_is_refused_while_a_subproject_uses_it(own, manager, subproject):
    services.subproject_intervention_add(actor=manager, subproject=subproject, intervention=own)
    with pytest.raises(ValidationError) as error:
        services.intervention_delete(actor=manager, intervention=own)
    assert error.value.code == "in_use"
    assert Intervention.objects.filter(pk=own.pk).exists()


def test_choose_and_remove_for_a_subproject_are_audited(national, manager, subproject, programme):
    link = services.subproject_intervention_add(
        actor=manager, subproject=subproject, intervention=national, note="Alleen voor ouders."
    )
    with pytest.raises(ValidationError):
        services.subproject_intervention_add(actor=manager, subproject=subproject, intervention=national)
    services.subproject_intervention_remove(actor=manager, link=link)
    assert not SubProjectIntervention.objects.exists()
    events = list(
        AuditEvent.objects.filter(action__startswith="subproject_intervention.")
        .order_by("id")
        .values_list("action", "programme_id")
    )
    assert events == [
        ("subproject_intervention.add", programme.uuid),
        ("subproject_intervention.remove", programme.uuid),
    ]


def test_another_organisations_own_intervention_cannot_be_chosen(subproject, manager, foreign_organisation):
    foreign_manager = factories.org_admin(foreign_organisation)
    theirs = services.intervention_create(
        actor=foreign_manager, organisation=foreign_organisation, name="Hun aanpak"
    )
    with pytest.raises(ValidationError):
        services.subproject_intervention_add(actor=manager, subproject=subproject, intervention=theirs)


# Who may do what --------------------------------------------------------------------------------


def test_installation_admin_keeps_installation_wide_entries_not_an_organisations_own(
    client, superuser, national, own
):
    client.force_login(superuser)
    assert client.get(url("intervention_edit", intervention_uuid=national.uuid)).status_code == 200
    # Without an organisation the installation administrator sees only installation-wide entries.
    assert client.get(url("intervention_detail", intervention_uuid=own.uuid)).status_code == 404
    response = client.post(
        url("intervention_create"), {"name": "Nieuw landelijk", "evidence_level": "niet_beoordeeld"}
    )
    assert response.status_code == 302
    assert Intervention.objects.get(name="Nieuw landelijk").organisation is None


def test_installation_admin_who_is_an_ordinary_member_cannot_edit_the_organisations_own(
    client, superuser, organisation, own
):
    factories.MembershipFactory(organisation=organisation, user=superuser, role=OrganisationRole.LID)
    client.force_login(superuser)
    assert client.get(url("intervention_detail", intervention_uuid=own.uuid)).status_code == 200
    assert client.get(url("intervention_edit", intervention_uuid=own.uuid)).status_code == 403


def test_org_admin_keeps_own_entries_not_installation_wide_ones(client, organisation, national, own):
    admin = factories.org_admin(organisation)
    client.force_login(admin)
    assert client.get(url("intervention_edit", intervention_uuid=own.uuid)).status_code == 200
    assert client.get(url("intervention_edit", intervention_uuid=national.uuid)).status_code == 403
    assert client.get(url("intervention_delete", intervention_uuid=national.uuid)).status_code == 403
    response = client.post(url("intervention_create"), {"name": "Eigen", "evidence_level": "goed_beschreven"})
    assert response.status_code == 302
    assert Intervention.objects.get(name="Eigen").organisation == organisation


@pytest.mark.parametrize("role", ["kwartiermaker", "teamlid", "onderzoeker", "meelezer"])
def test_other_programme_roles_read_the_registry_only(client, programme, own, role):
    client.force_login(factories.member(programme, role))
    assert client.get(url("intervention_list")).status_code == 200
    assert client.get(url("intervention_detail", intervention_uuid=own.uuid)).status_code == 200
    assert client.get(url("intervention_create")).status_code == 403
    assert client.get(url("intervention_edit", intervention_uuid=own.uuid)).status_code == 403


def test_a_foreign_organisations_own_intervention_is_not_found(client, manager, foreign_organisation):
    theirs = services.intervention_create(
        actor=factories.org_admin(foreign_organisation), organisation=foreign_organisation, name="Hun aanpak"
    )
    client.force_login(manager)
    for name in ("intervention_detail", "intervention_edit", "intervention_delete"):
        assert client.get(url(name, intervention_uuid=theirs.uuid)).status_code == 404
    response = client.get(url("intervention_list"))
    assert "Hun aanpak" not in response.content.decode()


def test_kwartiermaker_of_the_subproject_chooses_another_kwartiermaker_reads(client, programme, national):
    lead_user = factories.member(programme, "kwartiermaker")
    other = factories.member(programme, "kwartiermaker")
    lead = factories.PersonFactory(programme=programme, user=lead_user)
    subproject = SubProject.objects.create(programme=programme, name="Pleinen", kwartiermaker=lead)
    client.force_login(other)
    response = client.post(sub_url(subproject), {"add": "1", "intervention": str(national.uuid)})
    assert response.status_code == 403
    assert client.get(sub_url(subproject)).status_code == 200
    client.force_login(lead_user)
    response = client.post(
        sub_url(subproject), {"add": "1", "intervention": str(national.uuid), "note": "Aangepast."}
    )
    assert response.status_code == 302
    link = subproject.interventions_used.get()
    assert link.intervention == national and link.note == "Aangepast."
    response = client.post(sub_url(subproject), {"remove": str(link.uuid)})
    assert response.status_code == 302
    assert not subproject.interventions_used.exists()


# Pages ------------------------------------------------------------------------------------------


def test_delete_page_refuses_while_used_with_a_clear_message(client, manager, own, subproject, says):
    services.subproject_intervention_add(actor=manager, subproject=subproject, intervention=own)
    client.force_login(manager)
    response = client.post(url("intervention_delete", intervention_uuid=own.uuid))
    assert response.status_code == 400
    says(
        response,
        "This intervention is used in %(count)s sub-project(s). Remove it from those sub-projects first.",
        count=1,
    )
    assert Intervention.objects.filter(pk=own.pk).exists()


def test_form_with_a_non_https_link_keeps_what_was_typed(client, manager, says):
    client.force_login(manager)
    response = client.post(
        url("intervention_create"),
        {"name": "Klas op Koers", "evidence_level": "goed_onderbouwd", "database_url": "http://x.example/a"},
    )
    assert response.status_code == 200
    says(response, "Use a secure link that starts with https://.")
    assert 'value="Klas op Koers"' in response.content.decode()
    assert not Intervention.objects.exists()


def test_subproject_page_shows_the_evidence_level_as_text(client, manager, national, subproject):
    services.subproject_intervention_add(actor=manager, subproject=subproject, intervention=national)
    client.force_login(manager)
    response = client.get(sub_url(subproject), HTTP_ACCEPT_LANGUAGE="nl")
    content = response.content.decode()
    assert "Thuis Sterk" in content
    assert "effectief – goede aanwijzingen" in content


def test_filters_find_by_level_focus_area_and_scope(client, manager, national, own):
    client.force_login(manager)
    found = client.get(url("intervention_list"), {"niveau": "effectief_goede"}).content.decode()
    assert "Thuis Sterk" in found and "Pleinaanpak" not in found
    found = client.get(url("intervention_list"), {"register": "eigen"}).content.decode()
    assert "Pleinaanpak" in found and "Thuis Sterk" not in found
    found = client.get(url("intervention_list"), {"focusgebied": "gezin", "q": "sterk"}).content.decode()
    assert "Thuis Sterk" in found and "Pleinaanpak" not in found


def test_detail_shows_usage_only_within_the_users_organisation(
    client, manager, national, subproject, foreign_programme
):
    services.subproject_intervention_add(actor=manager, subproject=subproject, intervention=national)
    foreign_sub = SubProject.objects.create(programme=foreign_programme, name="Geheim deelproject")
    services.subproject_intervention_add(
        actor=factories.org_admin(foreign_programme.organisation),
        subproject=foreign_sub,
        intervention=national,
    )
    client.force_login(manager)
    content = client.get(url("intervention_detail", intervention_uuid=national.uuid)).content.decode()
    assert "Straatwerk" in content
    assert "Geheim deelproject" not in content


# Query counts -----------------------------------------------------------------------------------


def _count(client, address):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(address)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(organisation, programme, size):
    start = Intervention.objects.count()
    Intervention.objects.bulk_create(
        Intervention(
            organisation=organisation if i % 2 else None, name=f"Aanpak {i:03d}", focus_areas=["school"]
        )
        for i in range(start, size)
    )
    subprojects = [
        SubProject.objects.get_or_create(programme=programme, name=f"Deel {i}")[0] for i in range(2)
    ]
    for intervention in Intervention.objects.all():
        for sub in subprojects:
            SubProjectIntervention.objects.get_or_create(subproject=sub, intervention=intervention)
    return subprojects


PINNED = [10, 8, 8]  # list, detail, sub-project page


def test_list_detail_and_subproject_pages_ask_a_fixed_number_of_queries(
    client, manager, organisation, programme
):
    client.force_login(manager)
    subprojects = _grow(organisation, programme, 2)
    first = Intervention.objects.order_by("pk").first()
    small = [
        _count(client, url("intervention_list")),
        _count(client, url("intervention_detail", intervention_uuid=first.uuid)),
        _count(client, sub_url(subprojects[0])),
    ]
    _grow(organisation, programme, 30)
    for i in range(2, 6):
        SubProject.objects.create(programme=programme, name=f"Extra {i}").interventions_used.create(
            intervention=first
        )
    large = [
        _count(client, url("intervention_list")),
        _count(client, url("intervention_detail", intervention_uuid=first.uuid)),
        _count(client, sub_url(subprojects[0])),
    ]
    assert small == large == PINNED, (small, large)


# Demo -------------------------------------------------------------------------------------------


def test_demo_interventions_are_varied_fictional_and_created_once(db):
    from koers.demo.content import create_demo

    create_demo()
    create_demo()
    national = Intervention.objects.filter(organisation__isnull=True)
    assert national.count() == 8
    assert all("(fictief)" in name for name in national.values_list("name", flat=True))
    assert set(national.values_list("evidence_level", flat=True)) == set(EvidenceLevel.values)
    assert Intervention.objects.filter(organisation__isnull=False).count() == 1


def test_the_main_menu_links_to_the_registry_next_to_partners(client, manager, superuser, db):
    client.force_login(manager)
    content = client.get(url("programme_list")).content.decode()
    partners = content.index(url("partner_list"))
    registry = content.index(f'href="{url("intervention_list")}"')
    assert partners < registry
    client.force_login(factories.UserFactory())
    assert f'href="{url("intervention_list")}"' not in client.get(url("account_profile")).content.decode()


def test_the_subproject_page_lists_its_interventions_and_links_to_the_choice(
    client, manager, national, subproject
):
    services.subproject_intervention_add(actor=manager, subproject=subproject, intervention=national)
    client.force_login(manager)
    detail = url(
        "plan_subproject_detail", programme_uuid=subproject.programme.uuid, subproject_uuid=subproject.uuid
    )
    content = client.get(detail).content.decode()
    assert url("intervention_detail", intervention_uuid=national.uuid) in content
    assert sub_url(subproject) in content
    assert detail in client.get(sub_url(subproject)).content.decode()
