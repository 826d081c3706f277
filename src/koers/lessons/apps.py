from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "koers.lessons"
    label = "lessons"
    verbose_name = _("Lessons learned")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import milestones, permissions  # noqa: F401  (registers the rules and milestones)

        register("lesson.create", _("lesson added"))
        register("lesson.update", _("lesson changed"))
        register("lesson.delete", _("lesson removed"))
        register("lesson.propose", _("lesson proposed for the shared library"))
        register("lesson.approve", _("lesson published in the shared library"))
        register("lesson.reject", _("publication of a lesson declined"))
        register("library.update", _("shared library item changed"))
        register("library.withdraw", _("shared library item withdrawn"))
        register("library.publish_evaluation", _("evaluation summary published in the shared library"))
