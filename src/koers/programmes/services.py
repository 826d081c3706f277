"""Every write to programmes, their members and invitations. Each change writes one audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.services import sessions_end
from koers.audit.services import apply_changes, record, snapshot
from koers.concurrency import bump_version, check_version
from koers.organisations.models import Membership, Organisation, OrganisationRole

from . import tokens
from .models import (
    Invitation,
    InvitationStatus,
    Programme,
    ProgrammeMembership,
    ProgrammeRole,
)
from .workflow import PROGRAMME_WORKFLOW

PROGRAMME_FIELDS = ("name", "description", "start_date", "end_date", "no_steering_group_reason")


def _validate_period(start_date: dt.date, end_date: dt.date | None) -> None:
    if end_date is not None and end_date < start_date:
        raise ValidationError(
            {"end_date": _("The end date must be on or after the start date.")}, code="period"
        )


def _check_unique_name(organisation: Organisation, name: str, exclude_pk: int | None = None) -> None:
    clash = Programme.objects.filter(organisation=organisation, name__iexact=name.strip())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("Your organisation already has a programme with this name.")}, code="unique"
        )


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    description: str = "",
) -> Programme:
    """Start a programme; the person who starts it becomes its programme manager."""
    _validate_period(start_date, end_date)
    _check_unique_name(organisation, name)
    programme = Programme.objects.create(
        organisation=organisation,
        name=name.strip(),
        description=description,
        start_date=start_date,
        end_date=end_date,
        updated_by=actor,
    )
    record(
        actor=actor,
        action="programme.create",
        obj=programme,
        programme=programme,
        changes={
            k: [None, v]
            for k, v in snapshot(
                programme, ("name", "description", "start_date", "end_date", "status")
            ).items()
        },
    )
    member_add(actor=actor, programme=programme, user=actor, role=ProgrammeRole.PROGRAMMAMANAGER)
    return programme


@transaction.atomic
def programme_update(
    *, actor: Any, programme: Programme, expected_version: int | None, **values: Any
) -> Programme:
    unknown = set(values) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"cannot update {sorted(unknown)}")
    check_version(programme, expected_version)
    merged = {name: values.get(name, getattr(programme, name)) for name in PROGRAMME_FIELDS}
    _validate_period(merged["start_date"], merged["end_date"])
    if "name" in values:
        values["name"] = values["name"].strip()
        _check_unique_name(programme.organisation, values["name"], exclude_pk=programme.pk)
    changes = apply_changes(programme, values)
    if not changes:
        return programme
    bump_version(programme, actor)
    programme.save()
    record(actor=actor, action="programme.update", obj=programme, programme=programme, changes=changes)
    return programme


@transaction.atomic
def programme_change_status(*, actor: Any, programme: Programme, status: str) -> Programme:
    PROGRAMME_WORKFLOW.check(programme.status, status)
    check_version(programme, None)
    changes = apply_changes(programme, {"status": status})
    bump_version(programme, actor)
    programme.save()
    record(
        actor=actor,
        action="programme.change_status",
        obj=programme,
        programme=programme,
        changes=changes,
    )
    return programme


# Members --------------------------------------------------------------------------------------


def _ensure_organisation_membership(*, actor: Any, organisation: Organisation, user: Any) -> None:
    membership, created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": OrganisationRole.LID}
    )
    if created:
        record(
            actor=actor,
            action="membership.create",
            obj=membership,
            organisation=organisation,
            changes={"user": [None, user.email], "role": [None, membership.role]},
        )
    elif not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        record(
            actor=actor,
            action="membership.reactivate",
            obj=membership,
            organisation=organisation,
            changes={"is_active": [False, True]},
        )


@transaction.atomic
def member_add(*, actor: Any, programme: Programme, user: Any, role: str) -> ProgrammeMembership:
    if ProgrammeMembership.objects.filter(programme=programme, user=user).exists():
        raise ValidationError(_("This person is already a member of the programme."), code="member")
    _ensure_organisation_membership(actor=actor, organisation=programme.organisation, user=user)
    membership = ProgrammeMembership.objects.create(programme=programme, user=user, role=role)
    record(
        actor=actor,
        action="programme_member.add",
        obj=membership,
        programme=programme,
        object_repr=f"{user.display_name} – {membership.get_role_display()}",
        changes={"user": [None, user.email], "role": [None, role]},
    )
    from koers.teams.services import people_link_member  # the team is built on the programme

    people_link_member(actor=actor, programme=programme, user=user)
    return membership


def _guard_last_manager(membership: ProgrammeMembership) -> None:
    if membership.role != ProgrammeRole.PROGRAMMAMANAGER:
        return
    others = (
        ProgrammeMembership.objects.filter(
            programme=membership.programme, role=ProgrammeRole.PROGRAMMAMANAGER
        )
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ValidationError(
            _("A programme needs at least one programme manager. Appoint another one first."),
            code="last_manager",
        )


@transaction.atomic
def member_change_role(*, actor: Any, membership: ProgrammeMembership, role: str) -> ProgrammeMembership:
    if role not in ProgrammeRole.values:
        raise ValidationError(_("Choose one of the programme roles."), code="invalid_role")
    if role == membership.role:
        return membership
    _guard_last_manager(membership)
    changes = apply_changes(membership, {"role": role})
    membership.save(update_fields=["role"])
    if membership.user_id != getattr(actor, "pk", None):  # stepping down oneself keeps the session
        sessions_end(membership.user)
    record(
        actor=actor,
        action="programme_member.change_role",
        obj=membership,
        programme=membership.programme,
        changes=changes,
        object_repr=str(membership.user.display_name),
    )
    return membership


@transaction.atomic
def member_remove(*, actor: Any, membership: ProgrammeMembership) -> None:
    _guard_last_manager(membership)
    record(
        actor=actor,
        action="programme_member.remove",
        obj=membership,
        programme=membership.programme,
        object_repr=str(membership.user.display_name),
        changes={"user": [membership.user.email, None], "role": [membership.role, None]},
    )
    membership.delete()
    if membership.user_id != getattr(actor, "pk", None):
        sessions_end(membership.user)


# Invitations ----------------------------------------------------------------------------------


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS)


def _send(invitation: Invitation) -> None:
    from .tasks import send_invitation

    key = str(invitation.uuid)
    transaction.on_commit(lambda: send_invitation.enqueue(key))


@transaction.atomic
def invitation_create(*, actor: Any, programme: Programme, email: str, role: str) -> Invitation:
    """Invite ``email`` to ``programme`` with ``role`` and send the link by e-mail."""
    email = email.strip().lower()
    if role not in ProgrammeRole.values:
        raise ValidationError({"role": _("Choose one of the programme roles.")}, code="invalid_role")
    if ProgrammeMembership.objects.filter(programme=programme, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("This person is already a member of the programme.")}, code="member"
        )
    existing = (
        Invitation.objects.select_for_update()
        .filter(programme=programme, email__iexact=email, status=InvitationStatus.PENDING)
        .first()
    )
    if existing is not None and not existing.is_expired:
        raise ValidationError(
            {"email": _("This person has already been invited. Resend the invitation instead.")},
            code="pending",
        )
    if existing is not None:
        # An expired invitation is renewed rather than duplicated.
        existing.status = InvitationStatus.REVOKED
        existing.save(update_fields=["status"])
        record(
            actor=actor,
            action="invitation.expire",
            obj=existing,
            programme=programme,
            changes={"status": [InvitationStatus.PENDING, InvitationStatus.REVOKED]},
        )
    invitation = Invitation.objects.create(
        programme=programme,
        email=email,
        role=role,
        token_nonce=tokens.new_nonce(),
        language=getattr(actor, "language", settings.LANGUAGE_CODE) or settings.LANGUAGE_CODE,
        invited_by=actor,
        sent_at=timezone.now(),
        expires_at=_expiry(),
    )
    record(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        programme=programme,
        changes={"email": [None, email], "role": [None, role]},
    )
    _send(invitation)
    return invitation


def _require_pending(invitation: Invitation) -> None:
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(
            _("This invitation has already been %(state)s.") % {"state": invitation.state_label},
            code="not_pending",
        )


@transaction.atomic
def invitation_resend(*, actor: Any, invitation: Invitation) -> Invitation:
    """Send a new link (the old one stops working) and extend the expiry date."""
    _require_pending(invitation)
    before = snapshot(invitation, ("expires_at", "send_count"))
    invitation.token_nonce = tokens.new_nonce()
    invitation.sent_at = timezone.now()
    invitation.expires_at = _expiry()
    invitation.send_count += 1
    invitation.save(update_fields=["token_nonce", "sent_at", "expires_at", "send_count"])
    after = snapshot(invitation, ("expires_at", "send_count"))
    record(
        actor=actor,
        action="invitation.resend",
        obj=invitation,
        programme=invitation.programme,
        changes={k: [before[k], after[k]] for k in before},
    )
    _send(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    _require_pending(invitation)
    changes = apply_changes(invitation, {"status": InvitationStatus.REVOKED})
    invitation.save(update_fields=["status"])
    record(
        actor=actor,
        action="invitation.revoke",
        obj=invitation,
        programme=invitation.programme,
        changes=changes,
    )
    return invitation


class InvalidInvitation(Exception):
    """The link is unknown, revoked, used or expired. ``reason`` is shown to the visitor."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation behind ``token``; raises :class:`InvalidInvitation` otherwise."""
    invitation_uuid = tokens.parse_token(token)
    invitation = (
        Invitation.objects.select_related("programme__organisation", "invited_by")
        .filter(uuid=invitation_uuid)
        .first()
        if invitation_uuid
        else None
    )
    if invitation is None or not tokens.token_matches(token, invitation.uuid, invitation.token_nonce):
        raise InvalidInvitation(
            _("This invitation link is not valid. It may have been replaced by a newer one.")
        )
    if invitation.status == InvitationStatus.ACCEPTED:
        raise InvalidInvitation(_("This invitation has already been accepted. Log in to continue."))
    if invitation.status == InvitationStatus.REVOKED:
        raise InvalidInvitation(_("This invitation has been withdrawn."))
    if invitation.is_expired:
        raise InvalidInvitation(_("This invitation has expired. Ask the programme manager to send it again."))
    return invitation


@transaction.atomic
def invitation_accept(*, user: Any, token: str) -> ProgrammeMembership:
    """Accept with the logged-in ``user``, whose e-mail must be the invited address."""
    invitation = invitation_from_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _require_pending(invitation)
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            _("This invitation is for %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    programme = invitation.programme
    changes = apply_changes(invitation, {"status": InvitationStatus.ACCEPTED, "accepted_by": user})
    invitation.save(update_fields=["status", "accepted_by"])
    record(actor=user, action="invitation.accept", obj=invitation, programme=programme, changes=changes)
    membership = ProgrammeMembership.objects.filter(programme=programme, user=user).first()
    if membership is None:
        membership = member_add(actor=user, programme=programme, user=user, role=invitation.role)
    return membership
