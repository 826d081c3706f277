from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "koers.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation plans")

    def ready(self) -> None:
        from koers.audit.labels import register

        from . import milestones, permissions  # noqa: F401  (registers the rules and milestones)

        register("evaluationplan.create", _("evaluation plan added"))
        register("evaluationplan.update", _("evaluation plan changed"))
        register("evaluationplan.status", _("status of an evaluation plan changed"))
        register("processitem.create", _("process evaluation item added"))
        register("processitem.update", _("process evaluation item changed"))
        register("processitem.delete", _("process evaluation item removed"))
        register("evaluation.report.download", _("evaluation report downloaded"))
        register("evaluation.summary.download", _("evaluation summary downloaded"))
        register("effectestimate.create", _("effect estimate computed"))
        register("effectestimate.note", _("interpretation of an effect estimate changed"))
        register("effectestimate.delete", _("effect estimate removed"))
        register("verdict.create", _("verdict and decision recorded"))
        register("embeddingplan.update", _("embedding plan changed"))
