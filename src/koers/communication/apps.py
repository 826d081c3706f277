from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    name = "koers.communication"
    label = "communication"
    verbose_name = _("Communication plan")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import milestones, permissions  # noqa: F401  (registers the rules and milestones)

        register("communication.line_create", _("audience added to the communication plan"))
        register("communication.line_update", _("audience of the communication plan changed"))
        register("communication.line_delete", _("audience removed from the communication plan"))
        register("communication.moment_create", _("communication moment added"))
        register("communication.moment_update", _("communication moment changed"))
        register("communication.moment_done", _("communication moment marked as done"))
        register("communication.moment_delete", _("communication moment removed"))
