from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "koers.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
