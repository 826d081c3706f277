"""Fixed lists of step 4's actions: status (with its declared workflow), priority and origin."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.workflow import Workflow


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "bezig", _("in progress")
    DONE = "gereed", _("done")
    CANCELLED = "vervallen", _("cancelled")


ACTION_WORKFLOW = Workflow(
    ActionStatus,
    {
        ActionStatus.OPEN: frozenset({ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED}),
        ActionStatus.IN_PROGRESS: frozenset({ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.CANCELLED}),
        ActionStatus.DONE: frozenset({ActionStatus.IN_PROGRESS}),
        ActionStatus.CANCELLED: frozenset({ActionStatus.OPEN}),
    },
)

#: Statuses of actions still to be done: these can be overdue.
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionPriority(models.TextChoices):
    HIGH = "hoog", _("high")
    NORMAL = "normaal", _("normal")
    LOW = "laag", _("low")


class ActionOrigin(models.TextChoices):
    PLAN = "plan", _("plan of approach")
    MEETING = "overlegbesluit", _("meeting decision")
    ADJUSTMENT = "bijsturing", _("course adjustment")
    EVALUATION = "evaluatie", _("evaluation decision")


class RaciRole(models.TextChoices):
    RESPONSIBLE = "R", _("R: responsible (does the work)")
    ACCOUNTABLE = "A", _("A: accountable (decides, answers for it)")
    CONSULTED = "C", _("C: consulted")
    INFORMED = "I", _("I: informed")
