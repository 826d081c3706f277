"""Every write of step 1 goes through a service: it validates, changes, and records exactly one
audit event per change (none for a save that changes nothing). Objects people edit together —
people, bodies and agreements — refuse a save based on an old version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from koers.audit.models import AuditEvent
from koers.concurrency import StaleEditError
from koers.teams import services
from koers.teams.models import Agreement, Body, PartnerOrganisation, PartnerType, Person, ProgrammePartner
from tests import factories

pytestmark = pytest.mark.usefixtures("no_mfa")


@pytest.fixture
def mark(db):
    """Returns a function listing the audit events written since the fixture was created."""
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def since() -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(id__gt=last).order_by("id"))

    return since


@pytest.fixture
def police(organisation):
    return factories.PartnerOrganisationFactory(
        organisation=organisation, kind="politie", name="Politie wijkteam Noord"
    )


@pytest.fixture
def school(organisation):
    return factories.PartnerOrganisationFactory(
        organisation=organisation, kind="basisschool", name="Basisschool De Kompas"
    )


@pytest.fixture
def person(programme, police):
    return factories.PersonFactory(programme=programme, partner=police, full_name="Wim Wijkagent")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(dt.datetime(2026, 5, 12, 10, 0, tzinfo=dt.UTC), tick=False)
    return dt.date(2026, 5, 12)


def actions(events: list[AuditEvent]) -> list[str]:
    return [e.action for e in events]


def fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


# Partner types ---------------------------------------------------------------------------------


def test_an_organisation_adds_its_own_partner_type_next_to_the_built_in_ones(organisation, manager, mark):
    partner_type = services.partner_type_create(
        actor=manager,
        organisation=organisation,
        name="Buurtsportcoach",
        core_group="",
        domains=["vrije_tijd", "gezin", "vrije_tijd"],
    )

    assert partner_type.organisation == organisation
    assert partner_type.key == "buurtsportcoach"
    assert partner_type.default_domains == ["vrije_tijd", "gezin"]
    (event,) = mark()
    assert event.action == "partner_type.create"
    assert event.organisation == organisation
    assert event.changes["name"] == [None, "Buurtsportcoach"]


def test_a_partner_type_with_the_name_of_a_built_in_one_is_refused(organisation, manager, mark):
    with pytest.raises(ValidationError) as error:
        services.partner_type_create(actor=manager, organisation=organisation, name="politie")

    assert "name" in error.value.message_dict
    assert not PartnerType.objects.filter(organisation=organisation).exists()
    assert mark() == []


def test_a_partner_type_with_unknown_domains_is_refused(organisation, manager, mark):
    with pytest.raises(ValidationError) as error:
        services.partner_type_create(
            actor=manager, organisation=organisation, name="Bakker", domains=["brood"]
        )

    assert "domains" in error.value.message_dict
    assert mark() == []


# Partner organisations -------------------------------------------------------------------------


def test_creating_a_partner_records_its_fields(organisation, manager, mark):
    partner = services.partner_create(
        actor=manager,
        organisation=organisation,
        name="  Stichting Jongerenwerk Voorbeeldstad ",
        partner_type=factories.partner_type("jongerenwerk"),
        domains=["online", "vrije_tijd"],
        email="info@jongerenwerk.example",
    )

    assert partner.name == "Stichting Jongerenwerk Voorbeeldstad"
    assert partner.domains == ["vrije_tijd", "online"]  # reference order
    assert partner.updated_by == manager
    (event,) = mark()
    assert event.action == "partner.create"
    assert event.organisation == organisation
    assert event.programme_id is None
    assert event.changes["name"] == [None, "Stichting Jongerenwerk Voorbeeldstad"]
    assert event.changes["partner_type"] == [None, str(partner.partner_type.uuid)]


def test_two_active_partners_cannot_share_a_name(organisation, manager, police, mark):
    with pytest.raises(ValidationError) as error:
        services.partner_create(
            actor=manager,
            organisation=organisation,
            name="politie wijkteam noord",
            partner_type=factories.partner_type("politie"),
        )

    assert "name" in error.value.message_dict
    assert PartnerOrganisation.objects.filter(organisation=organisation).count() == 1
    assert mark() == []


def test_a_partner_type_of_another_organisation_is_refused(organisation, foreign_organisation, manager, mark):
    foreign_type = PartnerType.objects.create(organisation=foreign_organisation, key="eigen", name="Eigen")

    with pytest.raises(ValidationError) as error:
        services.partner_create(
            actor=manager, organisation=organisation, name="Iets", partner_type=foreign_type
        )

    assert "partner_type" in error.value.message_dict
    assert mark() == []


def test_updating_a_partner_records_before_and_after(police, manager, mark):
    services.partner_update(
        actor=manager, partner=police, expected_version=police.version, phone="0900 8844", domains=["online"]
    )

    police = fresh(police)
    assert police.phone == "0900 8844"
    assert police.domains == ["online"]
    assert police.version == 2
    (event,) = mark()
    assert event.action == "partner.update"
    assert event.changes == {"domains": [["veiligheid", "online"], ["online"]], "phone": ["", "0900 8844"]}


def test_a_partner_update_that_changes_nothing_records_nothing(police, manager, mark):
    services.partner_update(actor=manager, partner=police, expected_version=police.version, name=police.name)

    assert fresh(police).version == 1
    assert mark() == []


def test_a_stale_partner_update_is_refused(police, manager, mark):
    services.partner_update(actor=manager, partner=police, expected_version=1, phone="1")

    with pytest.raises(StaleEditError):
        services.partner_update(actor=manager, partner=fresh(police), expected_version=1, phone="2")

    assert fresh(police).phone == "1"
    assert actions(mark()) == ["partner.update"]


def test_a_partner_without_people_is_removed_and_leaves_the_programmes(programme, police, manager, mark):
    services.programme_partner_add(actor=manager, programme=programme, partner=police)

    services.partner_delete(actor=manager, partner=police)

    assert not fresh(police).is_active
    assert not ProgrammePartner.objects.filter(partner=police).exists()
    assert actions(mark()) == ["programme_partner.add", "partner.delete"]


def test_removing_a_partner_that_people_belong_to_is_refused_naming_the_partner(
    person, police, manager, mark
):
    with pytest.raises(ValidationError) as error:
        services.partner_delete(actor=manager, partner=police)

    assert error.value.code == "partner_in_use"
    assert "Politie wijkteam Noord" in error.value.messages[0]
    assert fresh(police).is_active
    assert ProgrammePartner.objects.filter(partner=police).exists()
    assert mark() == []


def test_a_partner_whose_people_all_left_can_be_removed(person, police, manager):
    services.person_remove(actor=manager, person=person)

    services.partner_delete(actor=manager, partner=police)

    assert not fresh(police).is_active
    assert fresh(person).partner == police  # the former member keeps their history


def test_a_removed_partners_name_can_be_used_again(organisation, police, manager):
    services.partner_delete(actor=manager, partner=police)

    again = services.partner_create(
        actor=manager, organisation=organisation, name=police.name, partner_type=police.partner_type
    )

    assert again.pk != police.pk


# Partners in a programme -----------------------------------------------------------------------


def test_adding_a_partner_to_a_programme_twice_records_it_once(programme, police, manager, mark):
    first = services.programme_partner_add(actor=manager, programme=programme, partner=police)
    second = services.programme_partner_add(actor=manager, programme=programme, partner=police)

    assert first == second
    (event,) = mark()
    assert event.action == "programme_partner.add"
    assert event.programme_id == programme.uuid
    assert event.object_repr == "Politie wijkteam Noord"


def test_a_partner_of_another_organisation_cannot_join_the_programme(
    programme, foreign_organisation, manager, mark
):
    foreign = factories.PartnerOrganisationFactory(organisation=foreign_organisation)

    with pytest.raises(ValidationError):
        services.programme_partner_add(actor=manager, programme=programme, partner=foreign)

    assert not ProgrammePartner.objects.filter(programme=programme).exists()
    assert mark() == []


def test_a_removed_partner_cannot_join_a_programme(programme, organisation, manager):
    gone = factories.PartnerOrganisationFactory(organisation=organisation, inactive=True)

    with pytest.raises(ValidationError):
        services.programme_partner_add(actor=manager, programme=programme, partner=gone)


def test_a_partner_leaves_a_programme_only_without_people_in_its_team(
    programme, person, police, manager, mark
):
    link = ProgrammePartner.objects.get(programme=programme, partner=police)

    with pytest.raises(ValidationError) as error:
        services.programme_partner_remove(actor=manager, link=link)
    assert "Politie wijkteam Noord" in error.value.messages[0]
    assert ProgrammePartner.objects.filter(pk=link.pk).exists()
    assert mark() == []

    services.person_remove(actor=manager, person=person)
    services.programme_partner_remove(actor=manager, link=link)

    assert not ProgrammePartner.objects.filter(pk=link.pk).exists()
    assert actions(mark()) == ["person.remove", "programme_partner.remove"]


# People ----------------------------------------------------------------------------------------


def test_creating_a_person_records_them_and_adds_their_partner_to_the_programme(
    programme, police, manager, mark
):
    person = services.person_create(
        actor=manager,
        programme=programme,
        full_name=" Wim Wijkagent ",
        partner=police,
        function="Wijkagent",
        team_role="Lid projectteam",
        view_on_problem="Ziet een groep die 's avonds rondhangt bij het winkelcentrum.",
    )

    assert person.full_name == "Wim Wijkagent"
    assert person.user is None
    assert ProgrammePartner.objects.filter(programme=programme, partner=police).exists()
    events = mark()
    assert actions(events) == ["programme_partner.add", "person.create"]
    created = events[1]
    assert created.programme_id == programme.uuid
    assert created.changes["full_name"] == [None, "Wim Wijkagent"]
    assert created.changes["partner"] == [None, str(police.uuid)]
    assert "email" not in created.changes  # empty fields are left out


def test_a_person_whose_email_matches_a_programme_member_is_linked_to_their_account(programme, manager, mark):
    colleague = factories.member(programme, "teamlid", email="tessa.team@gemeente.example")

    person = services.person_create(
        actor=manager, programme=programme, full_name="Tessa Team", email="Tessa.Team@Gemeente.example"
    )

    assert person.user == colleague


def test_an_email_of_someone_outside_the_programme_links_no_account(programme, organisation, manager):
    outsider = factories.MembershipFactory(organisation=organisation).user

    person = services.person_create(actor=manager, programme=programme, full_name="X", email=outsider.email)

    assert person.user is None


def test_changing_a_persons_email_to_a_members_address_links_the_account(programme, person, manager, mark):
    colleague = factories.member(programme, "kwartiermaker")

    services.person_update(actor=manager, person=person, expected_version=1, email=colleague.email)

    assert fresh(person).user == colleague
    assert actions(mark()) == ["person.update", "person.link_account"]


def test_a_person_from_a_partner_of_another_organisation_is_refused(
    programme, foreign_organisation, manager, mark
):
    foreign = factories.PartnerOrganisationFactory(organisation=foreign_organisation)

    with pytest.raises(ValidationError) as error:
        services.person_create(actor=manager, programme=programme, full_name="Buiten", partner=foreign)

    assert "partner" in error.value.message_dict
    assert not Person.objects.exists()
    assert mark() == []


def test_a_person_without_a_name_is_refused(programme, manager, mark):
    with pytest.raises(ValidationError):
        services.person_create(actor=manager, programme=programme, full_name="   ")

    assert not Person.objects.exists()
    assert mark() == []


def test_updating_a_person_records_one_event_with_the_changes(person, manager, mark):
    services.person_update(
        actor=manager, person=person, expected_version=1, team_role="Voorzitter werkgroep", phone="06 1234"
    )

    person = fresh(person)
    assert person.team_role == "Voorzitter werkgroep"
    assert person.version == 2
    assert person.updated_by == manager
    (event,) = mark()
    assert event.action == "person.update"
    assert set(event.changes) == {"team_role", "phone"}


def test_a_person_update_that_changes_nothing_records_nothing(person, manager, mark):
    services.person_update(actor=manager, person=person, expected_version=1, full_name=person.full_name)

    assert fresh(person).version == 1
    assert mark() == []


def test_a_stale_person_edit_raises_and_changes_nothing(person, manager, mark):
    colleague = factories.member(person.programme, "teamlid", full_name="Tessa Team")
    services.person_update(actor=colleague, person=fresh(person), expected_version=1, function="Jeugdagent")

    with pytest.raises(StaleEditError) as error:
        services.person_update(actor=manager, person=fresh(person), expected_version=1, function="Wijkagent")

    assert error.value.code == "stale"
    assert "Tessa Team" in error.value.messages[0]
    person = fresh(person)
    assert person.function == "Jeugdagent"
    assert person.version == 2
    assert actions(mark()) == ["person.update"]


def test_moving_a_person_to_another_partner_adds_that_partner_to_the_programme(person, school, manager, mark):
    services.person_update(actor=manager, person=person, expected_version=1, partner=school)

    assert ProgrammePartner.objects.filter(programme=person.programme, partner=school).exists()
    assert actions(mark()) == ["person.update", "programme_partner.add"]


def test_a_person_cannot_move_to_a_partner_of_another_organisation(
    person, foreign_organisation, manager, mark
):
    foreign = factories.PartnerOrganisationFactory(organisation=foreign_organisation)

    with pytest.raises(ValidationError):
        services.person_update(actor=manager, person=person, expected_version=1, partner=foreign)

    assert fresh(person).partner_id == person.partner_id
    assert mark() == []


def test_unknown_fields_cannot_be_set_on_a_person(person, manager):
    with pytest.raises(TypeError):
        services.person_update(actor=manager, person=person, expected_version=1, removed_at=None)


def test_linking_an_account_records_once(person, manager, mark):
    colleague = factories.member(person.programme, "teamlid")

    services.person_link_account(actor=manager, person=person, user=colleague)
    services.person_link_account(actor=manager, person=person, user=colleague)

    assert fresh(person).user == colleague
    assert actions(mark()) == ["person.link_account"]


def test_removing_a_person_keeps_them_as_a_former_member_outside_every_body(programme, person, manager, mark):
    other = factories.PersonFactory(programme=programme)
    group = factories.BodyFactory(
        programme=programme, members=[person, other], chair=person, secretary=person
    )
    steering = factories.BodyFactory(programme=programme, stuurgroep=True, members=[person], chair=other)

    services.person_remove(actor=manager, person=person)

    person = fresh(person)
    assert person.is_former
    assert Person.objects.filter(pk=person.pk).exists()
    assert list(group.members.all()) == [other]
    assert not steering.members.exists()
    group = fresh(group)
    assert group.chair is None
    assert group.secretary is None
    assert fresh(steering).chair == other
    (event,) = mark()
    assert event.action == "person.remove"
    assert event.changes["removed_at"][0] is None
    assert group.name in event.object_repr  # the history tells which body lost its chair


def test_removing_a_former_member_again_changes_nothing(person, manager, mark):
    services.person_remove(actor=manager, person=person)
    removed_at = fresh(person).removed_at

    services.person_remove(actor=manager, person=fresh(person))

    assert fresh(person).removed_at == removed_at
    assert actions(mark()) == ["person.remove"]


def test_a_former_member_can_no_longer_be_edited(person, manager, mark):
    services.person_remove(actor=manager, person=person)

    with pytest.raises(ValidationError):
        services.person_update(actor=manager, person=fresh(person), expected_version=None, function="Nieuw")

    assert actions(mark()) == ["person.remove"]


# Bodies ----------------------------------------------------------------------------------------


def test_creating_a_body_records_kind_name_members_and_chair(programme, manager, mark):
    chair = factories.PersonFactory(programme=programme, full_name="Willem Wethouder")
    chief = factories.PersonFactory(programme=programme, full_name="Clara Chef")

    body = services.body_create(
        actor=manager,
        programme=programme,
        kind="stuurgroep",
        name=" Stuurgroep ",
        members=[chair, chief],
        chair=chair,
        meeting_frequency="quarterly",
        mandate="Stelt het plan van aanpak vast.",
    )

    assert body.name == "Stuurgroep"
    assert set(body.members.all()) == {chair, chief}
    (event,) = mark()
    assert event.action == "body.create"
    assert event.changes["kind"] == [None, "stuurgroep"]
    assert event.changes["members"] == [None, ["Clara Chef", "Willem Wethouder"]]
    assert event.changes["chair"] == [None, str(chair.uuid)]


@pytest.mark.parametrize("kind", ["projectteam", "stuurgroep", "projectgroep"])
def test_a_programme_has_only_one_of_each_main_body(programme, manager, kind, mark):
    services.body_create(actor=manager, programme=programme, kind=kind, name="Eerste")

    with pytest.raises(ValidationError) as error:
        services.body_create(actor=manager, programme=programme, kind=kind, name="Tweede")

    assert "kind" in error.value.message_dict
    assert Body.objects.filter(programme=programme, kind=kind).count() == 1
    assert actions(mark()) == ["body.create"]


def test_a_programme_may_have_many_working_groups_but_not_two_with_one_name(programme, manager):
    services.body_create(actor=manager, programme=programme, kind="werkgroep", name="Werkgroep school")
    services.body_create(actor=manager, programme=programme, kind="werkgroep", name="Werkgroep straat")

    with pytest.raises(ValidationError) as error:
        services.body_create(actor=manager, programme=programme, kind="werkgroep", name="werkgroep SCHOOL")

    assert "name" in error.value.message_dict
    assert Body.objects.filter(programme=programme).count() == 2


def test_another_programmes_main_body_does_not_block_this_one(programme, organisation, manager):
    factories.BodyFactory(programme=factories.ProgrammeFactory(organisation=organisation), stuurgroep=True)

    body = services.body_create(actor=manager, programme=programme, kind="stuurgroep", name="Stuurgroep")

    assert body.kind == "stuurgroep"


def test_an_unknown_kind_of_body_is_refused(programme, manager):
    with pytest.raises(ValidationError):
        services.body_create(actor=manager, programme=programme, kind="raad", name="Raad")


def test_people_of_another_programme_cannot_join_a_body(programme, organisation, manager, mark):
    stranger = factories.PersonFactory(programme=factories.ProgrammeFactory(organisation=organisation))

    with pytest.raises(ValidationError):
        services.body_create(
            actor=manager, programme=programme, kind="werkgroep", name="W", members=[stranger]
        )
    with pytest.raises(ValidationError):
        services.body_create(actor=manager, programme=programme, kind="werkgroep", name="W", chair=stranger)

    assert not Body.objects.filter(programme=programme).exists()
    assert mark() == []


def test_people_of_another_programme_cannot_be_added_to_an_existing_body(
    programme, organisation, manager, mark
):
    body = factories.BodyFactory(programme=programme)
    stranger = factories.PersonFactory(programme=factories.ProgrammeFactory(organisation=organisation))

    with pytest.raises(ValidationError):
        services.body_update(actor=manager, body=body, expected_version=1, members=[stranger])
    with pytest.raises(ValidationError):
        services.body_update(actor=manager, body=body, expected_version=1, secretary=stranger)

    assert not body.members.exists()
    assert fresh(body).secretary is None
    assert mark() == []


def test_former_members_cannot_join_a_body(programme, manager):
    former = factories.PersonFactory(programme=programme, former=True)

    with pytest.raises(ValidationError):
        services.body_create(actor=manager, programme=programme, kind="werkgroep", name="W", members=[former])


def test_updating_a_body_records_fields_and_members_in_one_event(programme, manager, mark):
    anna, bert = factories.PersonFactory.create_batch(2, programme=programme)
    body = factories.BodyFactory(programme=programme, members=[anna])

    services.body_update(
        actor=manager,
        body=body,
        expected_version=1,
        members=[anna, bert],
        chair=bert,
        meeting_frequency="weekly",
    )

    body = fresh(body)
    assert set(body.members.all()) == {anna, bert}
    assert body.chair == bert
    assert body.version == 2
    (event,) = mark()
    assert event.action == "body.update"
    assert set(event.changes) == {"members", "chair", "meeting_frequency"}
    assert event.changes["members"] == [[anna.full_name], sorted([anna.full_name, bert.full_name])]


def test_a_body_update_that_changes_nothing_records_nothing(programme, manager, mark):
    anna = factories.PersonFactory(programme=programme)
    body = factories.BodyFactory(programme=programme, members=[anna])

    services.body_update(actor=manager, body=body, expected_version=1, members=[anna], name=body.name)

    assert fresh(body).version == 1
    assert mark() == []


def test_a_stale_body_edit_raises_and_changes_nothing(programme, manager, mark):
    anna, bert = factories.PersonFactory.create_batch(2, programme=programme)
    body = factories.BodyFactory(programme=programme, members=[anna])
    services.body_update(
        actor=manager, body=fresh(body), expected_version=1, mandate="Besluit over de aanpak."
    )

    with pytest.raises(StaleEditError):
        services.body_update(
            actor=manager, body=fresh(body), expected_version=1, members=[anna, bert], mandate="Iets anders."
        )

    body = fresh(body)
    assert body.mandate == "Besluit over de aanpak."
    assert list(body.members.all()) == [anna]
    assert actions(mark()) == ["body.update"]


def test_renaming_a_body_to_a_name_in_use_is_refused(programme, manager):
    factories.BodyFactory(programme=programme, name="Werkgroep school")
    body = factories.BodyFactory(programme=programme, name="Werkgroep straat")

    with pytest.raises(ValidationError):
        services.body_update(actor=manager, body=body, expected_version=1, name="Werkgroep School")

    assert fresh(body).name == "Werkgroep straat"


def test_deleting_a_body_records_what_it_was(programme, manager, mark):
    body = factories.BodyFactory(programme=programme, name="Werkgroep online")

    services.body_delete(actor=manager, body=body)

    assert not Body.objects.filter(pk=body.pk).exists()
    (event,) = mark()
    assert event.action == "body.delete"
    assert event.changes == {"name": ["Werkgroep online", None], "kind": ["werkgroep", None]}


# Agreements ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["meeting", "decision", "communication"])
def test_every_kind_of_agreement_has_a_starting_text(kind):
    assert len(services.starting_text(kind)) > 100


def test_recording_an_agreement_with_owner_and_date(programme, person, manager, today, mark):
    agreement = services.agreement_create(
        actor=manager,
        programme=programme,
        kind="meeting",
        text=services.starting_text("meeting"),
        owner=person,
        agreed_on=today,
    )

    assert agreement.is_agreed
    (event,) = mark()
    assert event.action == "agreement.create"
    assert event.changes["kind"] == [None, "meeting"]
    assert event.changes["agreed_on"] == [None, "2026-05-12"]
    assert event.changes["owner"] == [None, str(person.uuid)]


def test_an_agreement_without_owner_or_date_is_recorded_but_not_agreed(programme, manager):
    agreement = services.agreement_create(
        actor=manager, programme=programme, kind="decision", text="Concept."
    )

    assert not agreement.is_agreed


def test_each_kind_of_agreement_is_recorded_once(programme, manager, mark):
    services.agreement_create(actor=manager, programme=programme, kind="communication", text="Eerste.")

    with pytest.raises(ValidationError) as error:
        services.agreement_create(actor=manager, programme=programme, kind="communication", text="Tweede.")

    assert error.value.code == "exists"
    assert Agreement.objects.filter(programme=programme).count() == 1
    assert actions(mark()) == ["agreement.create"]


def test_an_agreement_needs_text_and_a_known_kind(programme, manager, mark):
    with pytest.raises(ValidationError):
        services.agreement_create(actor=manager, programme=programme, kind="meeting", text="  ")
    with pytest.raises(ValidationError):
        services.agreement_create(actor=manager, programme=programme, kind="budget", text="Tekst.")

    assert not Agreement.objects.exists()
    assert mark() == []


def test_an_agreement_date_in_the_future_is_refused(programme, person, manager, today, mark):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            actor=manager,
            programme=programme,
            kind="meeting",
            text="Tekst.",
            agreed_on=today + dt.timedelta(days=1),
        )
    assert "agreed_on" in error.value.message_dict

    agreement = factories.AgreementFactory(programme=programme)
    with pytest.raises(ValidationError):
        services.agreement_update(
            actor=manager, agreement=agreement, expected_version=1, agreed_on=dt.date(2027, 1, 1)
        )

    assert fresh(agreement).agreed_on is None
    assert mark() == []


def test_an_agreement_dated_today_is_accepted(programme, manager, today):
    agreement = services.agreement_create(
        actor=manager, programme=programme, kind="meeting", text="Tekst.", agreed_on=today
    )

    assert agreement.agreed_on == today


def test_the_owner_of_an_agreement_comes_from_this_programmes_team(programme, organisation, manager, mark):
    stranger = factories.PersonFactory(programme=factories.ProgrammeFactory(organisation=organisation))
    former = factories.PersonFactory(programme=programme, former=True)

    for owner in (stranger, former):
        with pytest.raises(ValidationError) as error:
            services.agreement_create(
                actor=manager, programme=programme, kind="meeting", text="T.", owner=owner
            )
        assert "owner" in error.value.message_dict

    assert mark() == []


def test_updating_an_agreement_records_one_event(programme, person, manager, today, mark):
    agreement = factories.AgreementFactory(programme=programme, decision=True)

    services.agreement_update(
        actor=manager, agreement=agreement, expected_version=1, owner=person, agreed_on=today
    )

    agreement = fresh(agreement)
    assert agreement.is_agreed
    assert agreement.version == 2
    (event,) = mark()
    assert event.action == "agreement.update"
    assert set(event.changes) == {"owner", "agreed_on"}


def test_an_agreement_update_that_changes_nothing_records_nothing(programme, manager, mark):
    agreement = factories.AgreementFactory(programme=programme)

    services.agreement_update(actor=manager, agreement=agreement, expected_version=1, text=agreement.text)

    assert fresh(agreement).version == 1
    assert mark() == []


def test_a_stale_agreement_edit_raises_and_changes_nothing(programme, manager, mark):
    agreement = factories.AgreementFactory(programme=programme)
    services.agreement_update(
        actor=manager, agreement=fresh(agreement), expected_version=1, text="Versie twee."
    )

    with pytest.raises(StaleEditError):
        services.agreement_update(
            actor=manager, agreement=fresh(agreement), expected_version=1, text="Versie drie."
        )

    assert fresh(agreement).text == "Versie twee."
    assert actions(mark()) == ["agreement.update"]


def test_unknown_fields_cannot_be_set_on_an_agreement(programme, manager):
    agreement = factories.AgreementFactory(programme=programme)

    with pytest.raises(TypeError):
        services.agreement_update(actor=manager, agreement=agreement, expected_version=1, kind="decision")


# The audit trail names the programme and the organisation -------------------------------------


def test_team_events_belong_to_the_programme_and_its_organisation(programme, organisation, manager, mark):
    person = services.person_create(actor=manager, programme=programme, full_name="Anna")
    body = services.body_create(actor=manager, programme=programme, kind="projectteam", name="Projectteam")
    services.body_update(actor=manager, body=body, expected_version=1, members=[person])
    services.agreement_create(actor=manager, programme=programme, kind="meeting", text="Tekst.")
    services.person_remove(actor=manager, person=person)

    events = mark()
    assert actions(events) == [
        "person.create",
        "body.create",
        "body.update",
        "agreement.create",
        "person.remove",
    ]
    assert {e.programme_id for e in events} == {programme.uuid}
    assert {e.organisation_id for e in events} == {organisation.pk}
    assert {e.actor_id for e in events} == {manager.pk}


def test_accepting_an_invitation_links_the_team_record_with_that_email(programme, manager, mark):
    from koers.programmes import services as programme_services

    person = services.person_create(
        actor=manager, programme=programme, full_name="Wim Wijkagent", email="wijkagent@politie.example"
    )
    invitation = programme_services.invitation_create(
        actor=manager, programme=programme, email="Wijkagent@politie.example", role="teamlid"
    )
    agent = factories.UserFactory(email="wijkagent@politie.example")

    programme_services.invitation_accept(user=agent, token=factories.token_for(invitation))

    assert fresh(person).user == agent
    assert actions(mark())[-1] == "person.link_account"


def test_adding_a_member_links_only_current_records_of_this_programme(programme, organisation, manager):
    from koers.programmes import services as programme_services

    colleague = factories.UserFactory(email="tessa@jongerenwerk.example")
    current = factories.PersonFactory(programme=programme, email="tessa@jongerenwerk.example")
    former = factories.PersonFactory(programme=programme, email="tessa@jongerenwerk.example", former=True)
    elsewhere = factories.PersonFactory(
        programme=factories.ProgrammeFactory(organisation=organisation), email="tessa@jongerenwerk.example"
    )

    programme_services.member_add(actor=manager, programme=programme, user=colleague, role="teamlid")

    assert fresh(current).user == colleague
    assert fresh(former).user is None
    assert fresh(elsewhere).user is None


def test_removing_the_owner_of_an_agreement_leaves_it_without_an_owner(db):
    from koers.teams import services as team_services
    from koers.teams.models import Agreement
    from tests import factories as f

    programme = f.ProgrammeFactory()
    manager = f.member(programme, "programmamanager")
    owner = team_services.person_create(actor=manager, programme=programme, full_name="Olaf Eigenaar")
    agreement = team_services.agreement_create(
        actor=manager,
        programme=programme,
        kind="meeting",
        text="Elke maand.",
        owner=owner,
        agreed_on=programme.start_date,
    )
    assert agreement.is_agreed
    team_services.person_remove(actor=manager, person=owner)
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.owner is None
    assert not agreement.is_agreed


def test_a_body_with_meetings_is_not_removed_and_nothing_is_recorded(programme, manager):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from koers.audit.models import AuditEvent
    from koers.meetings import services as meeting_services

    body = factories.BodyFactory(programme=programme, name="Stuurgroep", kind="stuurgroep")
    meeting_services.meeting_create(
        actor=manager,
        programme=programme,
        body=body,
        starts_at=timezone.now() + dt.timedelta(days=7),
        location="Stadhuis",
    )
    with pytest.raises(ValidationError) as refused:
        services.body_delete(actor=manager, body=body)
    assert refused.value.code == "body_in_use"
    assert Body.objects.filter(pk=body.pk).exists()
    assert not AuditEvent.objects.filter(action="body.delete").exists()
