"""Fixed lists of step 2's knowledge base: kinds of source and the six focus areas."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    RESEARCH = "onderzoek", _("research report")
    MUNICIPALITY = "gemeente", _("study from another municipality")
    PRACTICE = "praktijk", _("practice example")
    SURVEY = "enquete", _("survey")
    NEWS = "nieuws", _("news")
    OTHER = "anders", _("other")


class FocusArea(models.TextChoices):
    FAMILY = "gezin", _("family")
    NEIGHBOURHOOD = "buurt", _("neighbourhood")
    SCHOOL = "school", _("school")
    WORK = "werk", _("work")
    LEISURE = "vrije_tijd", _("leisure")
    ONLINE = "online", _("online")
