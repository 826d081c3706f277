from django.apps import AppConfig


class DeploymentConfig(AppConfig):
    name = "koers.deployment"
    verbose_name = "Deployment"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from koers.audit.labels import register

        register("retention.run", _("data removed after its retention period"))
