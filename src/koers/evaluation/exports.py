"""The columns of step 6's overview of the evaluation plans and verdicts per sub-project, as its
download holds them (ADR 0043)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.reports.lists import Column, ListSpec


def _plan(subproject: Any) -> Any:
    try:
        return subproject.evaluation_plan
    except ObjectDoesNotExist:
        return None


OVERVIEW = ListSpec(
    name=gettext_lazy("Evaluation"),
    columns=[
        Column(gettext_lazy("Sub-project"), "name"),
        Column(gettext_lazy("Status of the sub-project"), "get_status_display"),
        Column(
            gettext_lazy("Evaluation plan"),
            lambda sub: _plan(sub).get_status_display() if _plan(sub) else _("no plan yet"),
        ),
        Column(gettext_lazy("Design"), lambda sub: _plan(sub).get_design_display() if _plan(sub) else ""),
        Column(gettext_lazy("Process evaluation items"), "process_items"),
        Column(gettext_lazy("Verdict / decision"), lambda sub: getattr(sub, "verdict_text", "") or ""),
    ],
)
