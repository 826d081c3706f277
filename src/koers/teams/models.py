"""Step 1 — the team: partner organisations, the people in the programme, the bodies (gremia) and
the agreements on how the team meets, decides and communicates."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .reference import AgreementKind, BodyKind, CoreGroup, Frequency


class Versioned(models.Model):
    """Objects people edit together: a version number and who saved last (koers.concurrency)."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class PartnerType(models.Model):
    """A kind of partner. Built-in types (no organisation) come from GLOSSARY.md; an organisation
    can add its own."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partner_types",
    )
    key = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    core_group = models.CharField(
        _("core partner group"),
        max_length=20,
        choices=CoreGroup.choices,
        blank=True,
        help_text=_("Which of the nine core partners of an integral team this type counts as, if any."),
    )
    default_domains = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("partner type")
        verbose_name_plural = _("partner types")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(organisation__isnull=True), name="partner_type_builtin_key"
            ),
            models.UniqueConstraint(fields=["organisation", "key"], name="partner_type_org_key"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class PartnerOrganisation(Versioned):
    """An organisation the municipality works with (police district, school, youth work …);
    kept once per organisation and reused across its programmes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    partner_type = models.ForeignKey(
        PartnerType, on_delete=models.PROTECT, related_name="partners", verbose_name=_("partner type")
    )
    domains = models.JSONField(_("domains"), default=list, blank=True)
    email = models.EmailField(_("general e-mail address"), blank=True)
    phone = models.CharField(_("general phone number"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], condition=Q(is_active=True), name="partner_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammePartner(models.Model):
    """A partner organisation taking part in a programme."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="programme_partners"
    )
    partner = models.ForeignKey(PartnerOrganisation, on_delete=models.PROTECT, related_name="programme_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner in the programme")
        verbose_name_plural = _("partners in the programme")
        constraints = [
            models.UniqueConstraint(fields=["programme", "partner"], name="programme_partner_unique")
        ]

    def __str__(self) -> str:
        return str(self.partner)


class Person(Versioned):
    """A member of the programme's team. Professionals' own contact details are the only personal
    data Koers is made for. Removing a person keeps them as a former member (soft delete)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="people")
    partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_people",
        verbose_name=_("Koers account"),
    )
    full_name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    team_role = models.CharField(
        _("role in the team"),
        max_length=200,
        blank=True,
        help_text=_("What this person does in the programme, e.g. “chair of the steering group”."),
    )
    view_on_problem = models.TextField(
        _("view on the problem"),
        blank=True,
        help_text=_("What this person sees and brings, from their own work. Do not name young people."),
    )
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_former(self) -> bool:
        return self.removed_at is not None


class Body(Versioned):
    """A body (gremium) of the programme: project team, steering group, project group or a working
    group, with its members, chair, secretary, mandate and meeting frequency."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("kind"), max_length=15, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    mandate = models.TextField(_("mandate"), blank=True, help_text=_("What this body decides on."))
    meeting_frequency = models.CharField(
        _("meets"), max_length=15, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    chair = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_bodies",
        verbose_name=_("chair"),
    )
    secretary = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="secretary_of",
        verbose_name=_("secretary"),
    )
    members = models.ManyToManyField(Person, blank=True, related_name="bodies", verbose_name=_("members"))

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="body_unique_name"),
            models.UniqueConstraint(
                fields=["programme", "kind"],
                condition=Q(kind__in=["projectteam", "stuurgroep", "projectgroep"]),
                name="body_one_per_main_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Agreement(Versioned):
    """A governance agreement: how the team meets, decides or communicates."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("kind"), max_length=15, choices=AgreementKind.choices)
    text = models.TextField(_("agreement"))
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_agreements",
        verbose_name=_("owner"),
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["programme", "kind"], name="agreement_one_per_kind")]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_agreed(self) -> bool:
        return bool(self.text.strip()) and self.agreed_on is not None and self.owner_id is not None
