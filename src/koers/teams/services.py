"""Every write of step 1. Each change records one audit event; objects people edit together are
versioned, so a stale save never overwrites someone else's work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.audit.services import apply_changes, record, snapshot
from koers.concurrency import bump_version, check_version
from koers.organisations.models import Organisation
from koers.programmes.models import Programme

from .integrality import DOMAINS
from .models import Agreement, Body, PartnerOrganisation, PartnerType, Person, ProgrammePartner
from .reference import AgreementKind, BodyKind

PARTNER_FIELDS = ("name", "partner_type", "domains", "email", "phone", "website", "notes")
PERSON_FIELDS = ("full_name", "partner", "function", "email", "phone", "team_role", "view_on_problem")
OWN_PERSON_FIELDS = ("function", "email", "phone", "view_on_problem")
BODY_FIELDS = ("name", "mandate", "meeting_frequency", "chair", "secretary")
AGREEMENT_FIELDS = ("text", "owner", "agreed_on")


def _clean_domains(domains: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(domains))
    unknown = [d for d in chosen if d not in DOMAINS]
    if unknown:
        raise ValidationError({"domains": _("Choose domains from the list.")})
    return [d for d in DOMAINS if d in chosen]


def _update(
    instance: Any,
    *,
    actor: Any,
    action: str,
    programme: Any,
    organisation: Any,
    values: dict[str, Any],
    expected_version: int | None,
    repr_: str | None = None,
) -> Any:
    """Shared path for versioned updates: lock and compare the version, apply, audit."""
    check_version(instance, expected_version)
    changes = apply_changes(instance, values)
    if not changes:
        return instance
    instance.full_clean()
    bump_version(instance, actor)
    instance.save()
    record(
        actor=actor,
        action=action,
        obj=instance,
        programme=programme,
        organisation=organisation,
        changes=changes,
        object_repr=repr_,
    )
    return instance


# Partner types and partner organisations -------------------------------------------------------


@transaction.atomic
def partner_type_create(
    *, actor: Any, organisation: Organisation, name: str, core_group: str = "", domains: Iterable[str] = ()
) -> PartnerType:
    """An organisation's own partner type, next to the built-in ones."""
    name = name.strip()
    key = slugify(name)[:40] or "type"
    if (
        PartnerType.objects.filter(organisation=organisation, key=key).exists()
        or PartnerType.objects.filter(organisation__isnull=True, name__iexact=name).exists()
    ):
        raise ValidationError({"name": _("This partner type already exists.")})
    partner_type = PartnerType.objects.create(
        organisation=organisation,
        key=key,
        name=name,
        name_en=name,
        core_group=core_group,
        default_domains=_clean_domains(domains),
        order=500,
    )
    record(
        actor=actor,
        action="partner_type.create",
        obj=partner_type,
        organisation=organisation,
        changes={"name": [None, name], "core_group": [None, core_group]},
    )
    return partner_type


def _check_partner_type(organisation: Organisation, partner_type: PartnerType) -> None:
    if partner_type.organisation_id not in (None, organisation.pk):
        raise ValidationError({"partner_type": _("Choose a partner type from the list.")})


def _check_partner_name(organisation: Organisation, name: str, exclude_pk: int | None = None) -> None:
    clash = PartnerOrganisation.objects.filter(organisation=organisation, is_active=True, name__iexact=name)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": _("Your organisation already has a partner with this name.")})


@transaction.atomic
def partner_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    partner_type: PartnerType,
    domains: Iterable[str] = (),
    email: str = "",
    phone: str = "",
    website: str = "",
    notes: str = "",
) -> PartnerOrganisation:
    name = name.strip()
    _check_partner_type(organisation, partner_type)
    _check_partner_name(organisation, name)
    partner = PartnerOrganisation(
        organisation=organisation,
        name=name,
        partner_type=partner_type,
        domains=_clean_domains(domains),
        email=email,
        phone=phone,
        website=website,
        notes=notes,
        updated_by=actor,
    )
    partner.full_clean()
    partner.save()
    record(
        actor=actor,
        action="partner.create",
        obj=partner,
        organisation=organisation,
        changes={k: [None, v] for k, v in snapshot(partner, PARTNER_FIELDS).items()},
    )
    return partner


@transaction.atomic
def partner_update(
    *, actor: Any, partner: PartnerOrganisation, expected_version: int | None, **values: Any
) -> PartnerOrganisation:
    unknown = set(values) - set(PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"cannot update {sorted(unknown)}")
    if "name" in values:
        values["name"] = values["name"].strip()
        _check_partner_name(partner.organisation, values["name"], exclude_pk=partner.pk)
    if "partner_type" in values:
        _check_partner_type(partner.organisation, values["partner_type"])
    if "domains" in values:
        values["domains"] = _clean_domains(values["domains"])
    return _update(
        partner,
        actor=actor,
        action="partner.update",
        programme=None,
        organisation=partner.organisation,
        values=values,
        expected_version=expected_version,
    )


@transaction.atomic
def partner_delete(*, actor: Any, partner: PartnerOrganisation) -> None:
    """Remove a partner organisation; refused while people still belong to it."""
    people = Person.objects.filter(partner=partner, removed_at__isnull=True)
    if people.exists():
        raise ValidationError(
            ngettext(
                "%(partner)s cannot be removed: %(count)d person in a programme still belongs to it. "
                "Move them to another organisation or remove them from the team first.",
                "%(partner)s cannot be removed: %(count)d people in a programme still belong to it. "
                "Move them to another organisation or remove them from the team first.",
                people.count(),
            )
            % {"partner": partner.name, "count": people.count()},
            code="partner_in_use",
        )
    record(
        actor=actor,
        action="partner.delete",
        obj=partner,
        organisation=partner.organisation,
        changes={"is_active": [True, False]},
    )
    ProgrammePartner.objects.filter(partner=partner).delete()
    partner.is_active = False
    partner.save(update_fields=["is_active"])


@transaction.atomic
def programme_partner_add(
    *, actor: Any, programme: Programme, partner: PartnerOrganisation
) -> ProgrammePartner:
    if partner.organisation_id != programme.organisation_id or not partner.is_active:
        raise ValidationError({"partner": _("Choose a partner organisation of your own organisation.")})
    link, created = ProgrammePartner.objects.get_or_create(programme=programme, partner=partner)
    if created:
        record(
            actor=actor,
            action="programme_partner.add",
            obj=link,
            programme=programme,
            object_repr=partner.name,
            changes={"partner": [None, partner.name]},
        )
    return link


@transaction.atomic
def programme_partner_remove(*, actor: Any, link: ProgrammePartner) -> None:
    people = Person.objects.filter(programme=link.programme, partner=link.partner, removed_at__isnull=True)
    if people.exists():
        raise ValidationError(
            _("%(partner)s still has people in this team. Remove them from the team first.")
            % {"partner": link.partner.name},
            code="partner_in_use",
        )
    record(
        actor=actor,
        action="programme_partner.remove",
        obj=link,
        programme=link.programme,
        object_repr=link.partner.name,
        changes={"partner": [link.partner.name, None]},
    )
    link.delete()


# People ---------------------------------------------------------------------------------------


def _check_person_partner(programme: Programme, partner: PartnerOrganisation | None) -> None:
    if partner is not None and (
        partner.organisation_id != programme.organisation_id or not partner.is_active
    ):
        raise ValidationError({"partner": _("Choose a partner organisation of your own organisation.")})


@transaction.atomic
def person_create(*, actor: Any, programme: Programme, full_name: str, **values: Any) -> Person:
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    partner = values.get("partner")
    _check_person_partner(programme, partner)
    person = Person(programme=programme, full_name=full_name.strip(), updated_by=actor, **values)
    if person.email:
        person.user = _account_for(programme, person.email)
    person.full_clean()
    person.save()
    if partner is not None:
        programme_partner_add(actor=actor, programme=programme, partner=partner)
    record(
        actor=actor,
        action="person.create",
        obj=person,
        programme=programme,
        changes={
            k: [None, v] for k, v in snapshot(person, ("full_name", *values)).items() if v not in ("", None)
        },
    )
    return person


def _account_for(programme: Programme, email: str) -> Any:
    """The Koers account of a programme member with this e-mail address, if any."""
    membership = (
        programme.memberships.select_related("user").filter(user__email__iexact=email.strip()).first()
    )
    return membership.user if membership else None


@transaction.atomic
def person_update(*, actor: Any, person: Person, expected_version: int | None, **values: Any) -> Person:
    """Update a person; people editing their own record may change only their own details."""
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"cannot update {sorted(unknown)}")
    if person.is_former:
        raise ValidationError(
            _("%(name)s is a former member and can no longer be changed.") % {"name": person}
        )
    if "partner" in values:
        _check_person_partner(person.programme, values["partner"])
    if "full_name" in values:
        values["full_name"] = values["full_name"].strip()
    person = _update(
        person,
        actor=actor,
        action="person.update",
        programme=person.programme,
        organisation=None,
        values=values,
        expected_version=expected_version,
    )
    if values.get("partner") is not None:
        programme_partner_add(actor=actor, programme=person.programme, partner=values["partner"])
    if person.user_id is None and person.email:
        account = _account_for(person.programme, person.email)
        if account is not None:
            person_link_account(actor=actor, person=person, user=account)
    return person


@transaction.atomic
def person_link_account(*, actor: Any, person: Person, user: Any) -> Person:
    changes = apply_changes(person, {"user": user})
    if changes:
        person.save(update_fields=["user"])
        record(
            actor=actor, action="person.link_account", obj=person, programme=person.programme, changes=changes
        )
    return person


@transaction.atomic
def people_link_member(*, actor: Any, programme: Programme, user: Any) -> list[Person]:
    """Link the team records with ``user``'s e-mail address to their Koers account, once they are
    a member of the programme (an accepted invitation, or a member added directly)."""
    if not getattr(user, "email", ""):
        return []
    people = Person.objects.filter(
        programme=programme, user__isnull=True, removed_at__isnull=True, email__iexact=user.email.strip()
    )
    return [person_link_account(actor=actor, person=person, user=user) for person in people]


@transaction.atomic
def person_remove(*, actor: Any, person: Person) -> Person:
    """Remove a person from the team; they stay visible as a former member in the history."""
    if person.is_former:
        return person
    chairs = list(Body.objects.filter(chair=person).values_list("name", flat=True))
    changes = apply_changes(person, {"removed_at": timezone.now()})
    bump_version(person, actor)
    person.save()
    for body in person.bodies.all():
        body.members.remove(person)
    Body.objects.filter(chair=person).update(chair=None)
    Body.objects.filter(secretary=person).update(secretary=None)
    owned = list(Agreement.objects.filter(owner=person).values_list("kind", flat=True))
    if owned:
        # An agreement needs an owner who is still in the team; the step-1 milestone shows it open.
        Agreement.objects.filter(owner=person).update(owner=None)
        changes["owned_agreements"] = [sorted(owned), []]
    record(
        actor=actor,
        action="person.remove",
        obj=person,
        programme=person.programme,
        changes=changes,
        object_repr=f"{person.full_name}" + (f" ({', '.join(chairs)})" if chairs else ""),
    )
    return person


# Bodies ---------------------------------------------------------------------------------------


def _check_body_people(programme: Programme, people: Iterable[Person | None]) -> None:
    for person in people:
        if person is not None and (person.programme_id != programme.pk or person.is_former):
            raise ValidationError(_("Choose people from this programme's team."))


@transaction.atomic
def body_create(
    *, actor: Any, programme: Programme, kind: str, name: str, members: Iterable[Person] = (), **values: Any
) -> Body:
    unknown = set(values) - set(BODY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    if kind not in BodyKind.values:
        raise ValidationError({"kind": _("Choose a kind of body.")})
    if kind != BodyKind.WERKGROEP and Body.objects.filter(programme=programme, kind=kind).exists():
        raise ValidationError(
            {"kind": _("This programme already has a %(kind)s.") % {"kind": BodyKind(kind).label}}
        )
    members = list(members)
    _check_body_people(programme, [*members, values.get("chair"), values.get("secretary")])
    name = name.strip()
    if Body.objects.filter(programme=programme, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a body with this name.")})
    body = Body(programme=programme, kind=kind, name=name, updated_by=actor, **values)
    body.full_clean()
    body.save()
    body.members.set(members)
    record(
        actor=actor,
        action="body.create",
        obj=body,
        programme=programme,
        changes={
            "kind": [None, kind],
            "name": [None, name],
            "members": [None, sorted(p.full_name for p in members)],
            **{k: [None, v] for k, v in snapshot(body, values).items() if v not in ("", None)},
        },
    )
    return body


@transaction.atomic
def body_update(
    *,
    actor: Any,
    body: Body,
    expected_version: int | None,
    members: Iterable[Person] | None = None,
    **values: Any,
) -> Body:
    unknown = set(values) - set(BODY_FIELDS)
    if unknown:
        raise TypeError(f"cannot update {sorted(unknown)}")
    check_version(body, expected_version)
    new_members = list(members) if members is not None else None
    _check_body_people(body.programme, [*(new_members or []), values.get("chair"), values.get("secretary")])
    if "name" in values:
        values["name"] = values["name"].strip()
        if (
            Body.objects.filter(programme=body.programme, name__iexact=values["name"])
            .exclude(pk=body.pk)
            .exists()
        ):
            raise ValidationError({"name": _("There is already a body with this name.")})
    changes = apply_changes(body, values)
    if new_members is not None:
        before = sorted(p.full_name for p in body.members.all())
        after = sorted(p.full_name for p in new_members)
        if before != after:
            changes["members"] = [before, after]
            body.members.set(new_members)
    if not changes:
        return body
    body.full_clean()
    bump_version(body, actor)
    body.save()
    record(actor=actor, action="body.update", obj=body, programme=body.programme, changes=changes)
    return body


@transaction.atomic
def body_delete(*, actor: Any, body: Body) -> None:
    record(
        actor=actor,
        action="body.delete",
        obj=body,
        programme=body.programme,
        changes={"name": [body.name, None], "kind": [body.kind, None]},
    )
    try:
        body.delete()
    except ProtectedError as error:  # checked before anything is deleted
        raise ValidationError(
            _(
                "%(name)s cannot be removed: it has meetings or decisions, which stay in the "
                "history. Keep the body, or change its name and mandate."
            )
            % {"name": body.name},
            code="body_in_use",
        ) from error


# Agreements -----------------------------------------------------------------------------------


def starting_text(kind: str) -> str:
    """A sensible Dutch (or English) starting text that the programme manager adapts."""
    texts = {
        AgreementKind.MEETING: _(
            "The project team meets every month; the programme manager prepares the agenda and "
            "chairs. The steering group meets every quarter, prepared by the programme manager and "
            "chaired by the mayor, who holds public order and safety. The project group of "
            "kwartiermakers meets every six weeks. Minutes are sent within a week."
        ),
        AgreementKind.DECISION: _(
            "The project team decides on the execution within the approved plan and budget. The "
            "steering group decides on: the plan of approach, any change of more than a tenth of a "
            "budget, and stopping or embedding a sub-project. What the project team cannot agree on "
            "goes to the "
            "steering group; urgent matters go to the local triangle (mayor, chief prosecutor, "
            "police chief)."
        ),
        AgreementKind.COMMUNICATION: _(
            "The programme manager reports progress to the steering group every quarter and informs "
            "the council twice a year. Partners inform their own organisation. Each kwartiermaker "
            "reports to the project group. News about the programme goes through the municipality's "
            "communication adviser; no one talks about individual young people."
        ),
    }
    return str(texts[AgreementKind(kind)])


@transaction.atomic
def agreement_create(*, actor: Any, programme: Programme, kind: str, **values: Any) -> Agreement:
    """Record one of the three agreements (pages offer :func:`starting_text` to begin from)."""
    if kind not in AgreementKind.values:
        raise ValidationError({"kind": _("Choose meeting, decision or communication structure.")})
    if Agreement.objects.filter(programme=programme, kind=kind).exists():
        raise ValidationError(_("This agreement already exists; edit it instead."), code="exists")
    agreement = Agreement(programme=programme, kind=kind, text="", updated_by=actor)
    _validate_agreement(agreement, values)
    for name, value in values.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    record(
        actor=actor,
        action="agreement.create",
        obj=agreement,
        programme=programme,
        changes={"kind": [None, kind], **{k: [None, v] for k, v in snapshot(agreement, values).items()}},
    )
    return agreement


def _validate_agreement(agreement: Agreement, values: dict[str, Any]) -> None:
    unknown = set(values) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"cannot set {sorted(unknown)}")
    owner = values.get("owner")
    if owner is not None and (owner.programme_id != agreement.programme_id or owner.is_former):
        raise ValidationError({"owner": _("Choose the owner from this programme's team.")})
    agreed_on = values.get("agreed_on")
    if isinstance(agreed_on, dt.date) and agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The date agreed cannot be in the future.")})
    if "text" in values and not str(values["text"]).strip():
        raise ValidationError({"text": _("Write down the agreement.")})


@transaction.atomic
def agreement_update(
    *, actor: Any, agreement: Agreement, expected_version: int | None, **values: Any
) -> Agreement:
    _validate_agreement(agreement, values)
    return _update(
        agreement,
        actor=actor,
        action="agreement.update",
        programme=agreement.programme,
        organisation=None,
        values=values,
        expected_version=expected_version,
    )
