"""The Dutch recognition system's levels of evidence (GLOSSARY.md, exact labels in Dutch)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceLevel(models.TextChoices):
    """From not assessed to strong indications of effectiveness. Absence from the national
    databases does not mean an intervention is ineffective."""

    NOT_ASSESSED = "niet_beoordeeld", _("not assessed")
    WELL_DESCRIBED = "goed_beschreven", _("well described")
    WELL_FOUNDED = "goed_onderbouwd", _("well founded")
    EFFECTIVE_FIRST = "effectief_eerste", _("effective – first indications")
    EFFECTIVE_GOOD = "effectief_goede", _("effective – good indications")
    EFFECTIVE_STRONG = "effectief_sterke", _("effective – strong indications")


class Scope(models.TextChoices):
    """Whose entry it is: the whole installation's or the organisation's own."""

    NATIONAL = "landelijk", _("installation-wide")
    OWN = "eigen", _("own")
