from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "koers.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import milestones, permissions  # noqa: F401  (registers the rules and milestones)

        register("indicator.create", _("indicator added"))
        register("indicator.update", _("indicator changed"))
        register("indicator.delete", _("indicator removed"))
        register("indicator.sync", _("indicator filled from the official series"))
        register("measurement.create", _("measurement added"))
        register("measurement.update", _("measurement changed"))
        register("measurement.delete", _("measurement removed"))
