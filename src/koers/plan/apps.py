from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "koers.plan"
    verbose_name = _("Plan of approach")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import permissions  # noqa: F401  (registers the rules)

        register("focusarea.seed", _("focus areas set up"))
        register("focusarea.create", _("focus area added"))
        register("focusarea.update", _("focus area changed"))
        register("focusarea.delete", _("focus area removed"))
        register("goal.create", _("goal added"))
        register("goal.update", _("goal changed"))
        register("goal.delete", _("goal removed"))
        register("subproject.create", _("sub-project added"))
        register("subproject.update", _("sub-project changed"))
        register("subproject.delete", _("sub-project removed"))
        register("subproject.change_status", _("sub-project status changed"))
        register("subproject.budget", _("sub-project budget changed"))
        register("subproject.milestone", _("sub-project milestone changed"))
