from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "koers.findings"
    verbose_name = _("Findings")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import permissions  # noqa: F401  (registers the rules)

        register("finding.create", _("finding added"))
        register("finding.update", _("finding changed"))
        register("finding.delete", _("finding removed"))
        register("finding.change_status", _("finding status changed"))
        register("finding.add_evidence", _("evidence linked to a finding"))
        register("finding.remove_evidence", _("evidence removed from a finding"))
        register("finding.comment", _("comment on a finding"))
        register("finding.stance", _("stance on a finding"))
