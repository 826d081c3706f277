"""Fixed lists of steps 3 and 4: the seed's six focus areas and the sub-project life cycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.workflow import Workflow


class FocusAreaKey(models.TextChoices):
    """The seed's focus areas: the young person in the family, in the neighbourhood, at school, at
    work, in leisure time and online."""

    FAMILY = "gezin", _("the young person in the family")
    NEIGHBOURHOOD = "buurt", _("the young person in the neighbourhood")
    SCHOOL = "school", _("the young person at school")
    WORK = "werk", _("the young person at work")
    LEISURE = "vrije_tijd", _("the young person in leisure time")
    ONLINE = "online", _("the young person online")


class SubProjectStatus(models.TextChoices):
    IDEA = "idee", _("idea")
    PREPARING = "voorbereiding", _("in preparation")
    RUNNING = "uitvoering", _("running")
    EVALUATED = "geevalueerd", _("evaluated")
    DEVELOP = "doorontwikkelen", _("develop further")
    EMBEDDED = "ingebed", _("embedded structurally")
    STOPPED = "gestopt", _("stopped")


SUBPROJECT_WORKFLOW = Workflow(
    SubProjectStatus,
    {
        SubProjectStatus.IDEA: frozenset({SubProjectStatus.PREPARING, SubProjectStatus.STOPPED}),
        SubProjectStatus.PREPARING: frozenset(
            {SubProjectStatus.IDEA, SubProjectStatus.RUNNING, SubProjectStatus.STOPPED}
        ),
        SubProjectStatus.RUNNING: frozenset({SubProjectStatus.EVALUATED, SubProjectStatus.STOPPED}),
        SubProjectStatus.EVALUATED: frozenset(
            {
                SubProjectStatus.RUNNING,
                SubProjectStatus.DEVELOP,
                SubProjectStatus.EMBEDDED,
                SubProjectStatus.STOPPED,
            }
        ),
        SubProjectStatus.DEVELOP: frozenset({SubProjectStatus.RUNNING, SubProjectStatus.STOPPED}),
        SubProjectStatus.EMBEDDED: frozenset(),
        SubProjectStatus.STOPPED: frozenset(),
    },
)
