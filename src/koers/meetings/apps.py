from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "koers.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import milestones, permissions  # noqa: F401  (registers the rules and milestones)

        register("meeting.create", _("meeting planned"))
        register("meeting.update", _("meeting changed"))
        register("meeting.change_status", _("meeting status changed"))
        register("meeting.attendance", _("attendance recorded"))
        register("meeting.minutes", _("minutes saved"))
        register("agenda.add", _("agenda item added"))
        register("agenda.update", _("agenda item changed"))
        register("agenda.remove", _("agenda item removed"))
        register("agenda.move", _("agenda item moved"))
        register("agenda_document.add", _("agenda document added"))
        register("agenda_document.remove", _("agenda document removed"))
        register("decision.create", _("decision recorded"))
        register("decision.update", _("decision changed"))
