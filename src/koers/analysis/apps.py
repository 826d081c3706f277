from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "koers.analysis"
    verbose_name = _("Analysis")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import permissions  # noqa: F401  (registers the rules)

        register("area.import", _("region list imported"))
        register("dataset.import", _("official statistics imported"))
        register("population.import", _("population figures imported"))
        register("geometry.import", _("area outlines imported"))
