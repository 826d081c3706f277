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
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n:04d}")
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
