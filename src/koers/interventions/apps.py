from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "koers.interventions"
    verbose_name = _("Interventions")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import permissions  # noqa: F401  (registers the rules)

        register("intervention.create", _("intervention added to the registry"))
        register("intervention.update", _("intervention changed"))
        register("intervention.delete", _("intervention removed from the registry"))
        register("subproject_intervention.add", _("intervention chosen for a sub-project"))
        register("subproject_intervention.remove", _("intervention removed from a sub-project"))
