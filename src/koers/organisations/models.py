"""Organisations (a gemeente or a regio) and who belongs to them.

Every root object in Koers belongs to exactly one organisation; nobody outside it sees it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .querysets import MembershipQuerySet, OrganisationQuerySet

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits, e.g. #1a4f8b.")
)


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("municipality")
    REGIO = "regio", _("region")


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=OrganisationKind.choices,
        default=OrganisationKind.GEMEENTE,
    )
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=10,
        blank=True,
        help_text=_("GM followed by four digits for a municipality, e.g. GM0363."),
    )
    cbs_reference_year = models.PositiveSmallIntegerField(
        _("reference year of the code"), null=True, blank=True
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#154273", validators=[colour_validator]
    )
    mfa_required = models.BooleanField(
        _("two-factor authentication required for administrators and programme managers"),
        default=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code", "cbs_reference_year"],
                condition=~Q(cbs_code=""),
                name="organisation_unique_cbs_code_per_year",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationRole(models.TextChoices):
    BEHEERDER = "beheerder", _("administrator")
    LID = "lid", _("member")


class Membership(models.Model):
    """A person's place in an organisation. Programme roles come on top of this."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("role"), max_length=12, choices=OrganisationRole.choices, default=OrganisationRole.LID
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
