"""Organisations: administrators manage who has access, the last administrator is protected, the
switcher changes which programmes one sees, the installation administrator creates organisations,
and CBS codes are checked."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from koers.audit.models import AuditEvent
from koers.organisations import services
from koers.organisations.models import Membership, Organisation, OrganisationRole
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")

User = get_user_model()
PASSWORD_LINK_RE = re.compile(r"https?://\S+/account/password/reset/key/\S+/")


@pytest.fixture
def admin(organisation):
    return factories.org_admin(organisation)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def membership(organisation, user) -> Membership:
    return Membership.objects.get(organisation=organisation, user=user)


def edit_url(m: Membership) -> str:
    return f"/beheer/gebruikers/{m.uuid}/"


def choose_password(link: str, password: str) -> Client:
    """Follow a password link from an e-mail and choose ``password``; returns the browser."""
    browser = Client()
    response = browser.get(urlsplit(link).path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else urlsplit(link).path
    done = browser.post(form_url, {"password1": password, "password2": password})
    assert done.status_code == 302, done.content.decode()[:2000]
    return browser


# Managing users --------------------------------------------------------------------------------


def test_an_administrator_adds_a_new_person_who_gets_a_welcome_email_with_a_password_link(
    admin_client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/beheer/gebruikers/toevoegen/",
            {"email": "Nieuw@Gemeente.example", "full_name": "Nina Nieuw", "role": "lid"},
        )

    assert response.status_code == 302
    user = User.objects.get(email="nieuw@gemeente.example")
    assert user.full_name == "Nina Nieuw"
    assert not user.has_usable_password()
    assert membership(organisation, user).role == OrganisationRole.LID
    (message,) = mail.outbox
    assert message.to == ["nieuw@gemeente.example"]
    assert organisation.name in message.subject
    link = PASSWORD_LINK_RE.search(message.body)
    assert link, message.body

    choose_password(link.group(0), "mijn-eigen-wachtwoord-7")

    user.refresh_from_db()
    assert user.check_password("mijn-eigen-wachtwoord-7")
    browser = Client()
    login = browser.post(
        "/account/login/",
        {"login": "nieuw@gemeente.example", "password": "mijn-eigen-wachtwoord-7"},
    )
    assert login.status_code == 302
    assert browser.get("/programmas/").status_code == 200


def test_adding_a_person_with_an_account_sends_a_welcome_without_password_link(
    admin_client, organisation, django_capture_on_commit_callbacks
):
    existing = factories.UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/beheer/gebruikers/toevoegen/", {"email": existing.email, "role": "beheerder"}
        )

    assert response.status_code == 302
    assert membership(organisation, existing).role == OrganisationRole.BEHEERDER
    (message,) = mail.outbox
    assert not PASSWORD_LINK_RE.search(message.body)
    assert existing.check_password(factories.PASSWORD)


def test_adding_someone_who_already_belongs_is_refused(admin_client, organisation, says):
    colleague = factories.MembershipFactory(organisation=organisation).user

    response = admin_client.post(
        "/beheer/gebruikers/toevoegen/", {"email": colleague.email, "role": "beheerder"}
    )

    assert response.status_code == 200
    says(response, "This person already belongs to the organisation.")
    assert membership(organisation, colleague).role == OrganisationRole.LID


def test_an_administrator_changes_a_persons_role(admin_client, organisation):
    person = factories.MembershipFactory(organisation=organisation)

    response = admin_client.post(edit_url(person), {"role": "beheerder"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.role == OrganisationRole.BEHEERDER


def test_withdrawn_access_makes_the_organisations_programmes_disappear(admin_client, organisation, programme):
    member = factories.member(programme, "teamlid")
    browser = Client()
    browser.force_login(member)
    assert browser.get(f"/programmas/{programme.uuid}/").status_code == 200

    response = admin_client.post(edit_url(membership(organisation, member)), {"deactivate": "1"})

    assert response.status_code == 302
    assert not membership(organisation, member).is_active
    # The withdrawal ended the session; logged in again, the programme is gone.
    assert browser.get(f"/programmas/{programme.uuid}/").headers["Location"].startswith("/account/login/")
    member.refresh_from_db()
    browser.force_login(member)
    assert browser.get(f"/programmas/{programme.uuid}/").status_code == 404
    assert browser.get(f"/programmas/{programme.uuid}/leden/").status_code == 404
    assert programme.name not in browser.get("/programmas/").text


def test_restoring_access_brings_the_programmes_back(admin_client, organisation, programme):
    member = factories.member(programme, "teamlid")
    person = membership(organisation, member)
    admin_client.post(edit_url(person), {"deactivate": "1"})

    response = admin_client.post(edit_url(person), {"reactivate": "1"})

    assert response.status_code == 302
    assert membership(organisation, member).is_active
    browser = Client()
    member.refresh_from_db()
    browser.force_login(member)
    assert browser.get(f"/programmas/{programme.uuid}/").status_code == 200


def test_the_last_administrator_cannot_withdraw_their_own_access(admin_client, organisation, admin, says):
    response = admin_client.post(edit_url(membership(organisation, admin)), {"deactivate": "1"})

    assert response.status_code == 200
    says(response, "An organisation needs at least one administrator. Appoint another one first.")
    assert membership(organisation, admin).is_active


def test_the_last_administrator_cannot_become_an_ordinary_member(admin_client, organisation, admin, says):
    response = admin_client.post(edit_url(membership(organisation, admin)), {"role": "lid"})

    assert response.status_code == 200
    says(response, "An organisation needs at least one administrator. Appoint another one first.")
    assert membership(organisation, admin).role == OrganisationRole.BEHEERDER


def test_a_withdrawn_administrator_does_not_count_as_the_other_administrator(organisation, admin):
    factories.MembershipFactory(organisation=organisation, admin=True, withdrawn=True)

    with pytest.raises(ValidationError) as refused:
        services.membership_change_role(actor=admin, membership=membership(organisation, admin), role="lid")

    assert refused.value.code == "last_admin"


def test_with_a_second_administrator_one_may_step_down(admin_client, organisation, admin):
    factories.org_admin(organisation)

    response = admin_client.post(edit_url(membership(organisation, admin)), {"role": "lid"})

    assert response.status_code == 302
    assert membership(organisation, admin).role == OrganisationRole.LID
    assert admin_client.get("/beheer/gebruikers/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/beheer/gebruikers/",
        "/beheer/gebruikers/toevoegen/",
        "/beheer/organisatie/",
        "/beheer/activiteit/",
    ],
)
def test_ordinary_members_and_programme_managers_may_not_administer(client, manager, path):
    client.force_login(manager)
    assert client.get(path).status_code == 403


def test_an_administrator_cannot_reach_another_organisations_people(admin_client, foreign_organisation):
    stranger = factories.MembershipFactory(organisation=foreign_organisation)

    assert admin_client.get(edit_url(stranger)).status_code == 404
    assert admin_client.post(edit_url(stranger), {"deactivate": "1"}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


def test_the_activity_log_shows_the_organisations_events_only(
    admin_client, organisation, foreign_organisation, admin
):
    services.organisation_update(actor=admin, organisation=organisation, name="Gemeente Eigenstad-Oost")
    foreign_admin = factories.org_admin(foreign_organisation)
    services.organisation_update(
        actor=foreign_admin, organisation=foreign_organisation, name="Gemeente Anderstad-West"
    )

    response = admin_client.get("/beheer/activiteit/")

    assert response.status_code == 200
    events = list(response.context["page"].object_list)
    assert events
    assert {event.organisation_id for event in events} == {organisation.pk}


def test_an_administrator_changes_the_organisation_settings(admin_client, organisation):
    response = admin_client.post(
        "/beheer/organisatie/",
        {
            "name": "Gemeente Eigenstad-Noord",
            "kind": "gemeente",
            "cbs_code": "gm0363",
            "cbs_reference_year": "2026",
            "primary_colour": "#1a4f8b",
            "mfa_required": "",
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Gemeente Eigenstad-Noord"
    assert organisation.cbs_code == "GM0363"
    assert organisation.primary_colour == "#1a4f8b"
    assert organisation.mfa_required is False


def test_saving_the_settings_records_exactly_what_changed(admin_client, organisation):
    response = admin_client.post(
        "/beheer/organisatie/",
        {
            "name": "Gemeente Eigenstad-Zuid",
            "kind": organisation.kind,
            "cbs_code": organisation.cbs_code,
            "cbs_reference_year": organisation.cbs_reference_year,
            "primary_colour": organisation.primary_colour,
            "mfa_required": "on",
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Gemeente Eigenstad-Zuid"
    event = AuditEvent.objects.get(action="organisation.update")
    assert event.changes == {"name": ["Gemeente Eigenstad", "Gemeente Eigenstad-Zuid"]}


# The organisation switcher ---------------------------------------------------------------------


@pytest.fixture
def two_organisations(organisation, foreign_organisation, programme, foreign_programme):
    """A person who takes part in a programme in each of two organisations."""
    person = factories.member(programme, "teamlid")
    factories.ProgrammeMembershipFactory(programme=foreign_programme, user=person)
    return person


def test_the_switcher_changes_the_programme_list(
    client, two_organisations, organisation, foreign_organisation, programme, foreign_programme
):
    client.force_login(two_organisations)
    first = client.get("/programmas/")
    shown_first = first.context["organisation"]
    other = foreign_organisation if shown_first == organisation else organisation

    response = client.post(
        "/organisatie/wisselen/", {"organisation": str(other.uuid), "next": "/programmas/"}
    )
    after = client.get("/programmas/")

    assert response.status_code == 302
    assert after.context["organisation"] == other
    names = {p.name for p in after.context["page"].object_list}
    assert names == {(programme if other == organisation else foreign_programme).name}
    assert {p.name for p in first.context["page"].object_list} != names


def test_the_switcher_lists_both_organisations(client, two_organisations):
    client.force_login(two_organisations)

    response = client.get("/programmas/")

    assert "Gemeente Eigenstad" in response.text
    assert "Gemeente Anderstad" in response.text


def test_one_cannot_switch_to_an_organisation_one_does_not_belong_to(client, manager):
    stranger = factories.OrganisationFactory(name="Gemeente Elders")
    client.force_login(manager)

    response = client.post("/organisatie/wisselen/", {"organisation": str(stranger.uuid)})

    assert response.status_code == 404
    assert client.get("/programmas/").context["organisation"].name == "Gemeente Eigenstad"


def test_switching_never_redirects_to_another_site(client, two_organisations, organisation):
    client.force_login(two_organisations)

    response = client.post(
        "/organisatie/wisselen/",
        {"organisation": str(organisation.uuid), "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_switching_from_inside_a_programme_returns_to_the_programme_list(
    client, two_organisations, organisation, programme
):
    client.force_login(two_organisations)

    response = client.post(
        "/organisatie/wisselen/",
        {"organisation": str(organisation.uuid), "next": f"/programmas/{programme.uuid}/"},
    )

    assert response.headers["Location"] == "/programmas/"


# The installation administrator ----------------------------------------------------------------


def test_the_installation_administrator_creates_an_organisation_with_its_first_administrator(
    client, db, django_capture_on_commit_callbacks
):
    client.force_login(factories.UserFactory(superuser=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/installatie/organisaties/nieuw/",
            {
                "name": "Gemeente Nieuwstad",
                "kind": "gemeente",
                "cbs_code": "GM0999",
                "cbs_reference_year": "2026",
                "primary_colour": "#154273",
                "admin_email": "beheer@nieuwstad.example",
                "admin_name": "Bea Beheer",
            },
        )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Gemeente Nieuwstad")
    assert organisation.cbs_code == "GM0999"
    assert organisation.cbs_reference_year == 2026
    first_admin = User.objects.get(email="beheer@nieuwstad.example")
    assert first_admin.full_name == "Bea Beheer"
    assert membership(organisation, first_admin).role == OrganisationRole.BEHEERDER
    (message,) = mail.outbox
    assert message.to == ["beheer@nieuwstad.example"]
    link = PASSWORD_LINK_RE.search(message.body)
    assert link, message.body
    choose_password(link.group(0), "nieuwstad-beheer-2026")
    browser = Client()
    browser.post(
        "/account/login/",
        {"login": "beheer@nieuwstad.example", "password": "nieuwstad-beheer-2026"},
    )
    assert browser.get("/beheer/gebruikers/").status_code == 200


def test_the_installation_administrator_sees_every_organisation(client, organisation):
    factories.OrganisationFactory(name="Gemeente Tweede")
    client.force_login(factories.UserFactory(superuser=True))

    response = client.get("/installatie/organisaties/")

    assert response.status_code == 200
    assert "Gemeente Eigenstad" in response.text
    assert "Gemeente Tweede" in response.text


@pytest.mark.parametrize("path", ["/installatie/organisaties/", "/installatie/organisaties/nieuw/"])
def test_organisation_administrators_may_not_create_organisations(admin_client, path):
    assert admin_client.get(path).status_code == 403


def test_an_organisation_name_is_unique(client, organisation, says):
    client.force_login(factories.UserFactory(superuser=True))

    response = client.post(
        "/installatie/organisaties/nieuw/",
        {
            "name": "gemeente eigenstad",
            "kind": "gemeente",
            "primary_colour": "#154273",
            "admin_email": "x@y.example",
            "admin_name": "X",
        },
    )

    assert response.status_code == 200
    says(response, "An organisation with this name already exists.")
    assert Organisation.objects.count() == 1


# CBS codes -------------------------------------------------------------------------------------


@pytest.fixture
def installer(db):
    return factories.UserFactory(superuser=True)


def create(installer, **values) -> Organisation:
    defaults = {
        "name": "Gemeente Codestad",
        "kind": "gemeente",
        "admin_email": "beheer@codestad.example",
        "cbs_code": "GM0363",
        "cbs_reference_year": 2026,
    }
    defaults.update(values)
    return services.organisation_create(actor=installer, **defaults)


@pytest.mark.parametrize("code", ["GM363", "GM03630", "0363", "GX0363", "GM03A3", "BU03630001"])
def test_a_municipality_code_must_be_gm_and_four_digits(installer, code):
    with pytest.raises(ValidationError) as refused:
        create(installer, cbs_code=code)

    assert "cbs_code" in refused.value.error_dict
    assert not Organisation.objects.filter(name="Gemeente Codestad").exists()


def test_a_municipality_code_is_stored_in_capitals(installer):
    organisation = create(installer, cbs_code=" gm0363 ")
    assert organisation.cbs_code == "GM0363"


def test_a_code_needs_its_reference_year(installer):
    with pytest.raises(ValidationError) as refused:
        create(installer, cbs_reference_year=None)

    assert "cbs_reference_year" in refused.value.error_dict


def test_an_organisation_without_a_code_needs_no_year(installer):
    organisation = create(installer, cbs_code="", cbs_reference_year=None)
    assert organisation.cbs_code == ""


def test_the_same_code_may_not_be_used_twice_in_one_reference_year(installer):
    create(installer)

    with pytest.raises(ValidationError):
        create(installer, name="Gemeente Dubbel", admin_email="b@dubbel.example")

    assert not Organisation.objects.filter(name="Gemeente Dubbel").exists()


def test_the_same_code_may_be_used_in_another_reference_year(installer):
    create(installer)

    other = create(
        installer, name="Gemeente Herindeling", admin_email="b@her.example", cbs_reference_year=2027
    )

    assert other.cbs_code == "GM0363"


def test_a_region_is_not_held_to_the_municipality_format(installer):
    region = create(installer, kind="regio", cbs_code="RG12", name="Regio Midden")
    assert region.cbs_code == "RG12"


def test_changing_the_code_to_a_bad_one_is_refused(organisation, admin):
    with pytest.raises(ValidationError):
        services.organisation_update(actor=admin, organisation=organisation, cbs_code="GM12")

    organisation.refresh_from_db()
    assert organisation.cbs_code.startswith("GM")
    assert len(organisation.cbs_code) == 6


def test_a_bad_code_on_the_settings_page_shows_the_rule(admin_client, organisation, says):
    response = admin_client.post(
        "/beheer/organisatie/",
        {
            "name": organisation.name,
            "kind": "gemeente",
            "cbs_code": "GM12",
            "cbs_reference_year": "2026",
            "primary_colour": "#154273",
            "mfa_required": "on",
        },
    )

    assert response.status_code == 200
    says(response, "A municipality's CBS code is GM followed by four digits, e.g. GM0363.")


def test_the_activity_log_can_be_searched(admin_client, organisation, admin):
    person = factories.MembershipFactory(organisation=organisation)
    services.membership_change_role(actor=admin, membership=person, role="beheerder")
    services.organisation_update(actor=admin, organisation=organisation, primary_colour="#000000")

    response = admin_client.get("/beheer/activiteit/", {"q": "change_role"})

    events = list(response.context["page"].object_list)
    assert [e.action for e in events] == ["membership.change_role"]
    assert person.user.email in response.text
