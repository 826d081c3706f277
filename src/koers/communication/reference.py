"""Fixed lists of the communication plan: audiences, channels and how often an audience hears
from the programme. "On time" for a communication moment: done at most ``ON_TIME_DAYS`` days after
its planned date."""

from django.db import models
from django.utils.translation import gettext_lazy as _

ON_TIME_DAYS = 7
ON_TIME_SHARE = 80  # per cent of the past moments done on time for the step-5 milestone
MIN_AUDIENCES = 3


class Audience(models.TextChoices):
    COUNCIL = "gemeenteraad", _("municipal council")
    EXECUTIVE = "college", _("mayor and aldermen (college van B&W)")
    PARTNERS = "partners", _("partners")
    RESIDENTS = "bewoners", _("residents")
    YOUNG_PEOPLE = "jongeren", _("young people")
    PARENTS = "ouders", _("parents")
    SCHOOLS = "scholen", _("schools")
    ENTREPRENEURS = "ondernemers", _("entrepreneurs")
    PRESS = "pers", _("press")
    OTHER = "anders", _("other audience")


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail or newsletter")
    MEETING = "bijeenkomst", _("meeting or gathering")
    WEBSITE = "website", _("website")
    SOCIAL = "sociale_media", _("social media")
    PRESS_RELEASE = "persbericht", _("press release")
    COUNCIL_LETTER = "raadsinformatiebrief", _("council information letter")
    CONVERSATION = "gesprek", _("personal conversation")
    OTHER = "anders", _("other channel")


class CommunicationFrequency(models.TextChoices):
    ONCE = "eenmalig", _("once")
    WEEKLY = "wekelijks", _("every week")
    MONTHLY = "maandelijks", _("every month")
    QUARTERLY = "per_kwartaal", _("every quarter")
    HALF_YEARLY = "halfjaarlijks", _("every six months")
    PER_MILESTONE = "per_mijlpaal", _("at every milestone")
    AD_HOC = "wanneer_nodig", _("when needed")
