"""factory_boy factories with traits for the states tests need."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from koers.accounts.models import User
from koers.organisations.models import Membership, Organisation, OrganisationRole
from koers.programmes import tokens
from koers.programmes.models import (
    Invitation,
    InvitationStatus,
    Programme,
    ProgrammeMembership,
    ProgrammeRole,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@gemeente.example")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        superuser = factory.Trait(is_superuser=True, is_staff=True)
        inactive = factory.Trait(is_active=False)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeente Testdorp {n}")
    # GM9000–GM9999: fictional codes; the sequence wraps so a long test run stays within four digits.
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    cbs_reference_year = 2026


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = OrganisationRole.LID

    class Params:
        admin = factory.Trait(role=OrganisationRole.BEHEERDER)
        withdrawn = factory.Trait(is_active=False)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Programma {n}")
    start_date = dt.date(2026, 1, 1)
    end_date = dt.date(2028, 12, 31)

    class Params:
        active = factory.Trait(status="actief")


class ProgrammeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeMembership
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    role = ProgrammeRole.TEAMLID

    @factory.post_generation
    def organisation_membership(obj, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(
                organisation=obj.programme.organisation,
                user=obj.user,
                defaults={"role": OrganisationRole.LID},
            )


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    programme = factory.SubFactory(ProgrammeFactory)
    email = factory.Sequence(lambda n: f"genodigde{n}@partner.example")
    role = ProgrammeRole.TEAMLID
    token_nonce = factory.LazyFunction(tokens.new_nonce)
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))

    class Params:
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
        )
        revoked = factory.Trait(status=InvitationStatus.REVOKED)
        accepted = factory.Trait(status=InvitationStatus.ACCEPTED)


def token_for(invitation: Invitation) -> str:
    return tokens.make_token(invitation.uuid, invitation.token_nonce)


def member(programme: Programme, role: str, **user_kwargs) -> User:
    """A user who is ``role`` in ``programme`` (and a member of its organisation)."""
    return ProgrammeMembershipFactory(programme=programme, role=role, user=UserFactory(**user_kwargs)).user


def org_admin(organisation: Organisation) -> User:
    return MembershipFactory(organisation=organisation, admin=True).user


# Step 1: the team --------------------------------------------------------------------------------


def partner_type(key: str):
    """A built-in partner type (GLOSSARY.md), e.g. ``partner_type("politie")``."""
    from koers.teams.models import PartnerType

    return PartnerType.objects.get(organisation__isnull=True, key=key)


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    """A partner organisation of a built-in type; ``kind`` is the type's key and the domains
    default to the type's domains."""

    class Meta:
        model = "teams.PartnerOrganisation"

    class Params:
        kind = "gemeente"
        inactive = factory.Trait(is_active=False)

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Partnerorganisatie {n}")
    partner_type = factory.LazyAttribute(lambda o: partner_type(o.kind))
    domains = factory.LazyAttribute(lambda o: list(o.partner_type.default_domains))
    email = factory.Sequence(lambda n: f"info{n}@partner.example")


class PersonFactory(factory.django.DjangoModelFactory):
    """A team member of ``programme``, from a partner of the programme's organisation."""

    class Meta:
        model = "teams.Person"
        skip_postgeneration_save = True

    class Params:
        former = factory.Trait(removed_at=factory.LazyFunction(timezone.now))
        without_role = factory.Trait(team_role="")
        without_partner = factory.Trait(partner=None)

    programme = factory.SubFactory(ProgrammeFactory)
    partner = factory.SubFactory(
        PartnerOrganisationFactory, organisation=factory.SelfAttribute("..programme.organisation")
    )
    full_name = factory.Faker("name", locale="nl_NL")
    function = "Adviseur"
    email = factory.Sequence(lambda n: f"teamlid{n}@partner.example")
    team_role = "Lid van het projectteam"
    view_on_problem = "Ziet wat er in de wijk gebeurt en brengt contacten mee."

    @factory.post_generation
    def in_programme(obj, create, extracted, **kwargs):
        """The partner takes part in the programme, as the services arrange."""
        if create and obj.partner_id is not None:
            from koers.teams.models import ProgrammePartner

            ProgrammePartner.objects.get_or_create(programme=obj.programme, partner=obj.partner)


class BodyFactory(factory.django.DjangoModelFactory):
    """A working group by default; traits for the three main bodies. ``members=[...]`` sets them."""

    class Meta:
        model = "teams.Body"
        skip_postgeneration_save = True

    class Params:
        projectteam = factory.Trait(kind="projectteam", name="Projectteam")
        stuurgroep = factory.Trait(kind="stuurgroep", name="Stuurgroep", meeting_frequency="quarterly")
        projectgroep = factory.Trait(kind="projectgroep", name="Projectgroep")

    programme = factory.SubFactory(ProgrammeFactory)
    kind = "werkgroep"
    name = factory.Sequence(lambda n: f"Werkgroep {n}")
    mandate = "Bereidt voorstellen voor."
    meeting_frequency = "monthly"

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.set(extracted)


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement still open (text, no owner or date); ``agreed`` adds an owner and a date."""

    class Meta:
        model = "teams.Agreement"

    class Params:
        agreed = factory.Trait(
            owner=factory.SubFactory(PersonFactory, programme=factory.SelfAttribute("..programme")),
            agreed_on=dt.date(2026, 2, 1),
        )
        decision = factory.Trait(kind="decision")
        communication = factory.Trait(kind="communication")

    programme = factory.SubFactory(ProgrammeFactory)
    kind = "meeting"
    text = "Het projectteam komt elke maand bij elkaar."
