"""Writes to organisations and their memberships."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from koers.accounts.models import User
from koers.accounts.services import normalise_email, password_set_url, sessions_end, user_create
from koers.audit.services import apply_changes, record, snapshot

from .models import Membership, Organisation, OrganisationKind, OrganisationRole

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "cbs_code",
    "cbs_reference_year",
    "logo",
    "primary_colour",
    "mfa_required",
)
GM_RE = re.compile(r"^GM\d{4}$")


def _validate(values: dict[str, Any]) -> None:
    code = (values.get("cbs_code") or "").strip().upper()
    values["cbs_code"] = code
    if code and values.get("kind") == OrganisationKind.GEMEENTE and not GM_RE.match(code):
        raise ValidationError(
            {"cbs_code": _("A municipality's CBS code is GM followed by four digits, e.g. GM0363.")}
        )
    if code and not values.get("cbs_reference_year"):
        raise ValidationError(
            {"cbs_reference_year": _("Give the year of the municipal division the code belongs to.")}
        )


def _welcome(user: User, organisation: Organisation, *, needs_password: bool) -> None:
    """Tell a new administrator or member where to go; new accounts get a password link."""
    url = password_set_url(user) if needs_password else None

    def send() -> None:
        from django.conf import settings

        with translation.override(user.language):
            context = {
                "user": user,
                "organisation": organisation,
                "password_url": url,
                "site_url": settings.SITE_URL,
            }
            send_mail(
                subject=_("[Koers] You now have access to %(organisation)s")
                % {"organisation": organisation.name},
                message=render_to_string("organisations/email/welcome.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )

    transaction.on_commit(send)


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    admin_email: str,
    admin_name: str = "",
    cbs_code: str = "",
    cbs_reference_year: int | None = None,
    logo: Any = None,
    primary_colour: str = "#154273",
    mfa_required: bool = True,
) -> Organisation:
    """Create an organisation with its first administrator (installation administrators only)."""
    values = {
        "name": name.strip(),
        "kind": kind,
        "cbs_code": cbs_code,
        "cbs_reference_year": cbs_reference_year,
        "primary_colour": primary_colour,
        "mfa_required": mfa_required,
    }
    _validate(values)
    if Organisation.objects.filter(name__iexact=values["name"]).exists():
        raise ValidationError({"name": _("An organisation with this name already exists.")})
    organisation = Organisation(**values)
    if logo:
        organisation.logo = logo
    organisation.full_clean()
    organisation.save()
    record(
        actor=actor,
        action="organisation.create",
        obj=organisation,
        organisation=organisation,
        changes={k: [None, v] for k, v in snapshot(organisation, ORGANISATION_FIELDS).items()},
    )
    membership_add(
        actor=actor,
        organisation=organisation,
        email=admin_email,
        full_name=admin_name,
        role=OrganisationRole.BEHEERDER,
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, **values: Any) -> Organisation:
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"cannot update {sorted(unknown)}")
    merged = {name: values.get(name, getattr(organisation, name)) for name in ORGANISATION_FIELDS}
    _validate(merged)
    values = {k: merged[k] for k in values}
    if "name" in values:
        values["name"] = values["name"].strip()
        if Organisation.objects.filter(name__iexact=values["name"]).exclude(pk=organisation.pk).exists():
            raise ValidationError({"name": _("An organisation with this name already exists.")})
    changes = apply_changes(organisation, values)
    if not changes:
        return organisation
    organisation.full_clean()
    organisation.save()
    record(
        actor=actor,
        action="organisation.update",
        obj=organisation,
        organisation=organisation,
        changes=changes,
    )
    return organisation


@transaction.atomic
def membership_add(
    *, actor: Any, organisation: Organisation, email: str, full_name: str = "", role: str
) -> Membership:
    """Give a person access to the organisation, creating their account when needed."""
    if role not in OrganisationRole.values:
        raise ValidationError({"role": _("Choose administrator or member.")})
    email = normalise_email(email)
    user = User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if user is None:
        user = user_create(actor=actor, email=email, full_name=full_name, organisation=organisation)
    membership = Membership.objects.filter(organisation=organisation, user=user).first()
    if membership is not None and membership.is_active:
        raise ValidationError({"email": _("This person already belongs to the organisation.")})
    if membership is not None:
        changes = apply_changes(membership, {"is_active": True, "role": role})
        membership.save(update_fields=["is_active", "role"])
        record(
            actor=actor,
            action="membership.reactivate",
            obj=membership,
            organisation=organisation,
            object_repr=user.email,
            changes=changes,
        )
    else:
        membership = Membership.objects.create(organisation=organisation, user=user, role=role)
        record(
            actor=actor,
            action="membership.create",
            obj=membership,
            organisation=organisation,
            object_repr=user.email,
            changes={"user": [None, user.email], "role": [None, role]},
        )
    _welcome(user, organisation, needs_password=new_account or not user.has_usable_password())
    return membership


def _guard_last_admin(membership: Membership) -> None:
    if membership.role != OrganisationRole.BEHEERDER:
        return
    others = (
        Membership.objects.active()
        .filter(organisation=membership.organisation, role=OrganisationRole.BEHEERDER)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(
            _("An organisation needs at least one administrator. Appoint another one first."),
            code="last_admin",
        )


@transaction.atomic
def membership_change_role(*, actor: Any, membership: Membership, role: str) -> Membership:
    if role not in OrganisationRole.values:
        raise ValidationError({"role": _("Choose administrator or member.")})
    if role == membership.role:
        return membership
    _guard_last_admin(membership)
    was_admin = membership.role == OrganisationRole.BEHEERDER
    changes = apply_changes(membership, {"role": role})
    membership.save(update_fields=["role"])
    if was_admin and membership.user_id != getattr(actor, "pk", None):
        sessions_end(membership.user)  # administrator rights taken away
    record(
        actor=actor,
        action="membership.change_role",
        obj=membership,
        organisation=membership.organisation,
        object_repr=membership.user.email,
        changes=changes,
    )
    return membership


@transaction.atomic
def membership_deactivate(*, actor: Any, membership: Membership) -> Membership:
    """Take away a person's access to the organisation; their history stays."""
    if not membership.is_active:
        return membership
    _guard_last_admin(membership)
    changes = apply_changes(membership, {"is_active": False})
    membership.save(update_fields=["is_active"])
    sessions_end(membership.user)
    record(
        actor=actor,
        action="membership.deactivate",
        obj=membership,
        organisation=membership.organisation,
        object_repr=membership.user.email,
        changes=changes,
    )
    return membership
