from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "koers.reports"
    verbose_name = _("Reports and exports")

    def ready(self) -> None:
        from koers.audit.labels import register

        register("list.download", _("list downloaded"))
