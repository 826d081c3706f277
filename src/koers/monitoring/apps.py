from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "koers.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import milestones, permissions  # noqa: F401  (registers the rules and milestones)

        register("monitoring.assessment", _("assessment of a sub-project recorded"))
        register("monitoring.adjustment.create", _("course adjustment recorded"))
        register("monitoring.adjustment.update", _("course adjustment changed"))
        register("monitoring.adjustment.delete", _("course adjustment removed"))
        register("monitoring.adjustment.action", _("follow-up action of a course adjustment added"))
        register("monitoring.report.create", _("progress report made"))
        register("monitoring.report.files", _("progress report files made again"))
        register("monitoring.report.download", _("progress report downloaded"))
