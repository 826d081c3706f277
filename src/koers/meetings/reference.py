"""Fixed lists of step 5's meetings: the meeting's status (with its declared workflow), attendance,
where an agenda item came from and the status of a decision."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.workflow import Workflow


class MeetingStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    AGENDA_SENT = "agenda_verstuurd", _("agenda sent")
    HELD = "gehouden", _("held")
    MINUTES_CONCEPT = "verslag_concept", _("minutes in concept")
    MINUTES_APPROVED = "verslag_vastgesteld", _("minutes approved")


MEETING_WORKFLOW = Workflow(
    MeetingStatus,
    {
        MeetingStatus.CONCEPT: frozenset({MeetingStatus.AGENDA_SENT, MeetingStatus.HELD}),
        MeetingStatus.AGENDA_SENT: frozenset({MeetingStatus.CONCEPT, MeetingStatus.HELD}),
        MeetingStatus.HELD: frozenset({MeetingStatus.MINUTES_CONCEPT}),
        MeetingStatus.MINUTES_CONCEPT: frozenset({MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED}),
        # Approved minutes are read-only: nothing follows.
        MeetingStatus.MINUTES_APPROVED: frozenset(),
    },
)

#: Statuses in which the agenda may still change.
AGENDA_EDITABLE = (MeetingStatus.CONCEPT, MeetingStatus.AGENDA_SENT)
#: Statuses in which minutes, attendance and decisions may be written.
MINUTES_EDITABLE = (MeetingStatus.HELD, MeetingStatus.MINUTES_CONCEPT)


class AttendanceStatus(models.TextChoices):
    INVITED = "uitgenodigd", _("invited")
    PRESENT = "aanwezig", _("present")
    ABSENT = "afwezig", _("absent")
    EXCUSED = "afgemeld", _("excused")


class AgendaSource(models.TextChoices):
    """Where an agenda item came from: typed in, or one of Koers's suggestions."""

    OWN = "eigen", _("added by hand")
    OVERDUE_ACTION = "actie_verlopen", _("overdue action")
    SUBPROJECT_AT_RISK = "deelproject_risico", _("sub-project at risk")
    DECISION_PENDING = "besluit_aangehouden", _("decision pending")
    CARRIED_OVER = "doorgeschoven", _("carried over")
    ACTION_REVIEW = "acties_vorig_overleg", _("actions from the previous meeting")


class DecisionStatus(models.TextChoices):
    TAKEN = "genomen", _("taken")
    PENDING = "aangehouden", _("pending")
