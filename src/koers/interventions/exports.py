"""The columns of the interventions registry and of a sub-project's interventions, as their
downloads hold them (ADR 0043)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.reports.lists import Column, ListSpec


def target_group(intervention: Any) -> str:
    """The target group as the registry shows it: the ages, then the description."""
    low, high = intervention.target_min_age, intervention.target_max_age
    if low is not None and high is not None:
        ages = _("%(low)s to %(high)s years") % {"low": low, "high": high}
    elif low is not None:
        ages = _("from %(low)s years") % {"low": low}
    elif high is not None:
        ages = _("up to %(high)s years") % {"high": high}
    else:
        ages = ""
    return "; ".join(part for part in (ages, intervention.target_description) if part)


REGISTRY = ListSpec(
    name=gettext_lazy("Interventions"),
    columns=[
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Provider"), "provider"),
        Column(gettext_lazy("Level of evidence"), "get_evidence_level_display"),
        Column(gettext_lazy("Target group"), target_group),
        Column(
            gettext_lazy("Registry"),
            lambda i: _("own") if i.organisation_id else _("installation-wide"),
        ),
        Column(gettext_lazy("Used in sub-projects"), "use_count"),
    ],
)

CHOSEN = ListSpec(
    name=gettext_lazy("Interventions"),
    columns=[
        Column(gettext_lazy("Intervention"), "intervention.name"),
        Column(gettext_lazy("Level of evidence"), "intervention.get_evidence_level_display"),
        Column(gettext_lazy("Note or adaptation"), "note"),
    ],
)
