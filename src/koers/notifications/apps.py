from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "koers.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from koers.audit.labels import register

        register("notification.preferences", _("notification settings changed"))
