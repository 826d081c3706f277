from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "koers.actions"
    verbose_name = _("Actions")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import permissions  # noqa: F401  (registers the rules)

        register("action.create", _("action added"))
        register("action.update", _("action changed"))
        register("action.delete", _("action removed"))
        register("action.change_status", _("action status changed"))
        register("action.feed_create", _("calendar address made"))
        register("action.feed_revoke", _("calendar address revoked"))
        register("action.reminder_preference", _("reminder settings changed"))
        register("raci.save", _("RACI row saved"))
        register("raci.delete", _("RACI row removed"))
