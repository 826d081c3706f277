from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "koers.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from koers.audit import labels

        from . import schema  # noqa: F401  (registers the OpenAPI extensions)

        labels.register("api_token.create", _("API key made"))
        labels.register("api_token.revoke", _("API key revoked"))
