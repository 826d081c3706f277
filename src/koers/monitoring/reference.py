"""Fixed lists of step 5's monitoring: where a sub-project stands."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.plan.reference import SubProjectStatus


class Standing(models.TextChoices):
    """Where a sub-project stands, computed by Koers or assessed by its kwartiermaker. Pages show
    the label and an icon, never a colour alone."""

    ON_TRACK = "op_koers", _("on track")
    AT_RISK = "risico", _("at risk")
    OFF_TRACK = "uit_koers", _("off track")


#: Sub-projects whose execution is monitored: the others have not started or are finished.
MONITORED_STATUSES = (SubProjectStatus.PREPARING, SubProjectStatus.RUNNING, SubProjectStatus.DEVELOP)
