from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "koers.programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)

        # Each app registers the milestones of its step in its own ``milestones`` module.
        autodiscover_modules("milestones")
