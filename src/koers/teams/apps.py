from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "koers.teams"
    verbose_name = _("Team")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
