from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "koers.knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
