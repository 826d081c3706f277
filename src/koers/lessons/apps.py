from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "koers.lessons"
    label = "lessons"
