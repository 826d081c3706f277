from django.apps import AppConfig


class CommunicationConfig(AppConfig):
    name = "koers.communication"
    label = "communication"
