from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisDocsConfig(AppConfig):
    name = "koers.analysisdocs"
    label = "analysisdocs"
    verbose_name = _("Safety analysis document")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import permissions  # noqa: F401  (registers the rules)

        register("analysis_document.generate", _("safety analysis document generated"))
