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


class AdjustmentKind(models.TextChoices):
    """What a course adjustment (bijsturing) changed."""

    SUBPROJECT = "deelproject", _("sub-project")
    GOAL = "doel", _("goal")
    PLAN = "plan", _("plan")
    BUDGET = "budget", _("budget")


class AdjustmentReason(models.TextChoices):
    """Why the course was adjusted."""

    SIGNAL = "signaal", _("monitoring signal")
    EVALUATION = "evaluatie", _("evaluation")
    EXTERNAL = "extern", _("external event")
    OTHER = "anders", _("other")


class ReportAudience(models.TextChoices):
    """Who a progress report is written for."""

    STUURGROEP = "stuurgroep", _("steering group")
    GEMEENTERAAD = "gemeenteraad", _("municipal council")
    COLLEGE = "college", _("mayor and aldermen")
    PARTNERS = "partners", _("partners")
