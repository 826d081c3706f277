"""Programmes, the people in them with their programme role, and invitations."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import InvitationQuerySet, ProgrammeMembershipQuerySet, ProgrammeQuerySet


class ProgrammeStatus(models.TextChoices):
    CONCEPT = "concept", _("draft")
    ACTIEF = "actief", _("active")
    AFGEROND = "afgerond", _("completed")
    GEARCHIVEERD = "gearchiveerd", _("archived")


class ProgrammeRole(models.TextChoices):
    PROGRAMMAMANAGER = "programmamanager", _("programme manager")
    KWARTIERMAKER = "kwartiermaker", _("sub-project lead (kwartiermaker)")
    TEAMLID = "teamlid", _("team member")
    STUURGROEPLID = "stuurgroeplid", _("steering group member")
    ONDERZOEKER = "onderzoeker", _("researcher")
    MEELEZER = "meelezer", _("reader")


class Programme(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=ProgrammeStatus.choices, default=ProgrammeStatus.CONCEPT
    )
    no_steering_group_reason = models.TextField(
        _("why there is no steering group"),
        blank=True,
        help_text=_("Only when the programme deliberately works without a steering group."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="programme_end_after_start",
            ),
            models.UniqueConstraint(fields=["organisation", "name"], name="programme_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeMembership(models.Model):
    """A person's role in one programme. One role per person per programme."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=ProgrammeRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme member")
        verbose_name_plural = _("programme members")
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="programme_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    REVOKED = "revoked", _("revoked")


class Invitation(models.Model):
    """An e-mail invitation to join a programme with a role. Only the token's hash is stored."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=ProgrammeRole.choices)
    token_nonce = models.CharField(max_length=64, editable=False)
    language = models.CharField(max_length=8, default="nl", editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"))
    send_count = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField(_("expires"))

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "email"],
                condition=Q(status="pending"),
                name="invitation_one_pending_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now()

    @property
    def state_label(self) -> str:
        if self.is_expired:
            return str(_("expired"))
        return str(self.get_status_display())
