"""Fixed lists of step 2's findings: kinds of finding, the life domains, status and stances."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingKind(models.TextChoices):
    PROBLEM = "probleemstelling", _("problem statement")
    RISK = "risicofactor", _("risk factor")
    PROTECTIVE = "beschermende_factor", _("protective factor")


class LifeDomain(models.TextChoices):
    INDIVIDUAL = "individu", _("individual")
    FAMILY = "gezin", _("family")
    PEERS = "vrienden", _("friends and peers")
    SCHOOL = "school", _("school")
    WORK = "werk", _("work")
    NEIGHBOURHOOD = "buurt", _("neighbourhood")
    LEISURE = "vrije_tijd", _("leisure")
    ONLINE = "online", _("online")


class FindingStatus(models.TextChoices):
    DRAFT = "concept", _("draft")
    ADOPTED = "vastgesteld", _("adopted")


class EvidenceKind(models.TextChoices):
    SOURCE = "bron", _("source")
    EXPERIENCE = "ervaring", _("team experience")
    FIGURE = "cijfer", _("figure")


class Stance(models.TextChoices):
    AGREE = "eens", _("agree")
    DISAGREE = "oneens", _("disagree")
    QUESTION = "vraag", _("question")
