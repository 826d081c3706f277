from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanDocsConfig(AppConfig):
    name = "koers.plandocs"
    label = "plandocs"
    verbose_name = _("Plan of approach document")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import permissions  # noqa: F401  (registers the rules)

        register("plan_version.create", _("plan version made"))
        register("plan_version.refresh", _("plan concept refreshed with the current data"))
        register("plan_version.submit", _("plan version submitted"))
        register("plan_version.approve", _("plan version approved"))
        register("plan_version.withdraw", _("plan version sent back to concept"))
