from django.apps import AppConfig


class DeploymentConfig(AppConfig):
    name = "koers.deployment"
    verbose_name = "Deployment"
