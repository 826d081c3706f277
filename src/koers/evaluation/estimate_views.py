"""Pages of the effect estimates (step 6): the section on the evaluation plan's page, the form to
compute an estimate, its page with the figures, caveats, pictures and the data used, and the forms
to write down the interpretation or remove it. Views are thin: fetch within the programme (a
foreign organisation's object is a 404, a missing right a 403), call a service, redirect."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koers import stats
from koers.analysis.charts import HEIGHT, PALETTE, WIDTH
from koers.analysis.charts import render as render_chart
from koers.indicators.models import Indicator, Polarity
from koers.plan.models import SubProject
from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme
from koers.programmes.views import apply_validation_error
from koers.stats import texts

from . import estimates, selectors
from .models import EffectEstimate, EvaluationPlan
from .reference import EstimateMethod

VIEW = "evaluation.view_evaluation"
CHANGE = "evaluation.change_plan"


# Forms ----------------------------------------------------------------------------------------


class IndicatorField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class EstimateForm(forms.Form):
    indicator = IndicatorField(
        queryset=Indicator.objects.none(),
        to_field_name="uuid",
        label=gettext_lazy("Indicator"),
        help_text=gettext_lazy("Only indicators linked to an official series can be used."),
        empty_label=None,
    )
    method = forms.ChoiceField(label=gettext_lazy("Method"))
    intervention_start = forms.DateField(
        label=gettext_lazy("Start of the sub-project"),
        required=False,
        help_text=gettext_lazy("Empty: the sub-project's start date."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    seasonal = forms.BooleanField(
        label=gettext_lazy("Adjust for the season (monthly figures, interrupted time series only)"),
        required=False,
    )

    def __init__(self, *args: Any, plan: EvaluationPlan, indicators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]
        labels = dict(EstimateMethod.choices)
        self.fields["method"].choices = [(m, labels[m]) for m in estimates.methods_for(plan.design)]  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "indicator": data["indicator"],
            "method": data["method"],
            "intervention_start": data.get("intervention_start"),
            "seasonal": "month" if data.get("seasonal") else None,
        }


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Interpretation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("What the estimate means for the sub-project, and what it cannot tell."),
    )


# Presenting an estimate -------------------------------------------------------------------------


def _language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _num(value: float | None, decimals: int = 2, signed: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    text = number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)
    return f"+{text}" if signed and value > 0 else text


def _p(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 0.001:
        return "< " + number_format(0.001, decimal_pos=3, use_l10n=True)
    return number_format(value, decimal_pos=3, use_l10n=True)


def result_from_dict(data: Mapping[str, Any]) -> stats.Result:
    """A ``koers.stats.Result`` back from its stored ``to_dict()`` copy (for ``interpret``)."""
    strength = data.get("design_strength") or {"level": "weak", "reason": "before_after"}
    return stats.Result(
        effect=data.get("effect"),
        se=data.get("se"),
        ci_low=data.get("ci_low"),
        ci_high=data.get("ci_high"),
        p_value=data.get("p_value"),
        n=int(data.get("n") or 0),
        method=str(data.get("method") or "rate_change"),
        design_strength=stats.DesignStrength(strength["level"], strength["reason"]),
        caveats=tuple(
            stats.Caveat(c["code"], bool(c.get("blocking")), c.get("params") or {})
            for c in data.get("caveats") or ()
        ),
        scale=data.get("scale") or "difference",
    )


def _words(result: stats.Result, unit: str) -> str:
    """The estimate in words: "30 % fewer", "2.5 crimes higher", "153 events fewer"."""
    value = result.effect
    if value is None or not math.isfinite(value):
        return _("cannot be computed")
    if result.scale == "rate_ratio":
        change = result.percent_change or 0.0
        amount = _num(abs(change), 0)
        if round(change) == 0:
            return _("no change")
        return (_("%(amount)s %% more") if change > 0 else _("%(amount)s %% fewer")) % {"amount": amount}
    decimals = 0 if result.scale == "count_difference" else 2
    amount = _num(abs(value), decimals)
    if result.scale == "count_difference":
        return (_("%(amount)s events more") if value > 0 else _("%(amount)s events fewer")) % {
            "amount": amount
        }
    text = f"{amount} {unit}".strip()
    return (_("%(amount)s higher") if value > 0 else _("%(amount)s lower")) % {"amount": text}


def _figure(label: str, result: stats.Result, unit: str) -> dict[str, Any]:
    if result.scale == "rate_ratio":
        percent, ci = result.percent_change, result.percent_ci or (None, None)
        effect = _("%(percent)s %% (ratio %(ratio)s)") % {
            "percent": _num(percent, 0, signed=True),
            "ratio": _num(result.effect),
        }
        interval = _("%(low)s %% to %(high)s %%") % {
            "low": _num(ci[0], 0, signed=True),
            "high": _num(ci[1], 0, signed=True),
        }
    else:
        suffix = f" {unit}" if unit and result.scale == "difference" else ""
        decimals = 2
        if result.scale == "count_difference":
            suffix, decimals = " " + _("events"), 1
        effect = _num(result.effect, decimals, signed=True) + suffix
        interval = _("%(low)s to %(high)s") % {
            "low": _num(result.ci_low, decimals, signed=True),
            "high": _num(result.ci_high, decimals, signed=True),
        }
    return {
        "label": label,
        "effect": effect,
        "words": _words(result, unit),
        "interval": interval,
        "p": _p(result.p_value),
        "n": result.n,
        "scale": result.scale_text(_language()),
        "method": result.method_text(_language()),
    }


def present(estimate: EffectEstimate) -> dict[str, Any]:
    """Everything a page shows of one estimate, in the reader's language."""
    language = _language()
    data = estimate.result or {}
    unit = estimate.indicator.unit
    reasons = []
    for reason in estimate.reasons or ():
        params: dict[str, Any]
        if isinstance(reason, str):  # a bare code
            code, params = reason, {}
        else:
            code, params = reason.get("code"), reason.get("params") or {}
        if code in texts.CAVEATS:
            reasons.append(stats.Caveat(code, True, params).text(language))
        elif code in estimates.REASONS:
            reasons.append(str(estimates.REASONS[code]) % params)
        else:
            reasons.append(str(code))
    info: dict[str, Any] = {"estimate": estimate, "reasons": reasons, "figures": [], "caveats": []}
    if not data:
        return info
    if estimate.method == EstimateMethod.ITS:
        main = result_from_dict(data["level_change"])
        slope = result_from_dict(data["slope_change"])
        info["figures"] = [
            _figure(_("Change in level at the start"), main, unit),
            _figure(_("Change in trend per period"), slope, unit),
        ]
    else:
        main = result_from_dict(data)
        info["figures"] = [_figure(_("Effect"), main, unit)]
        relative = data.get("relative")
        if estimate.method == EstimateMethod.WDD and relative:
            info["figures"].append(_figure(_("Relative change"), result_from_dict(relative), unit))
    info["main"] = info["figures"][0]
    info["strength"] = main.design_strength.label(language)
    info["strength_level"] = main.design_strength.level
    info["strength_reason"] = main.design_strength.reason_text(language)
    info["caveats"] = main.caveat_texts(language)
    direction = stats.interpret(main, higher_is_better=estimate.indicator.polarity == Polarity.HIGHER)
    if estimate.declined:
        info["interpretation"] = _("Koers does not present an effect here.")
    elif direction == "better":
        info["interpretation"] = _(
            "The indicator moved in the desired direction, more than chance explains: the 95 %% "
            "interval does not include 'no effect'. (%(polarity)s)"
        ) % {"polarity": estimate.indicator.get_polarity_display()}
    elif direction == "worse":
        info["interpretation"] = _(
            "The indicator moved in the undesired direction, more than chance explains: the 95 %% "
            "interval does not include 'no effect'. (%(polarity)s)"
        ) % {"polarity": estimate.indicator.get_polarity_display()}
    else:
        info["interpretation"] = (
            _(
                "The 95 %% interval includes 'no effect': these figures cannot tell whether the "
                "sub-project made a difference."
            )
            % {}
        )
    return info


# Pictures and tables of the data used --------------------------------------------------------------


def _cells(
    rows: Sequence[Mapping[str, Any]], groups: Sequence[str], counts: bool, threshold: int
) -> list[dict[str, Any]]:
    """Per period the mean per group (sum of counts for ITS is the caller's choice). A group's
    figure is hidden when its counts add up to fewer than the threshold."""
    found: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["group"] in groups:
            found[row["period"]][row["group"]].append(float(row["value"]))
    table = []
    for period in sorted(found):
        cells: dict[str, dict[str, Any]] = {}
        for group in groups:
            values = found[period].get(group)
            if not values:
                cells[group] = {"value": None, "text": "–"}
            elif counts and sum(values) < threshold:
                cells[group] = {"value": None, "text": f"< {threshold}"}
            else:
                value = sum(values) / len(values)
                cells[group] = {"value": value, "text": _num(value, 1)}
        table.append({"period": period, "cells": [cells[g] for g in groups]})
    return table


def _chart(
    table: Sequence[Mapping[str, Any]], names: Sequence[str], start: str | None, *, title: str, desc: str
) -> SafeString:
    periods = [row["period"] for row in table]
    values = [
        {"period": row["period"], "value": cell["value"], "series": name}
        for row in table
        for name, cell in zip(names, row["cells"], strict=True)
    ]
    x: dict[str, Any] = {
        "field": "period",
        "type": "ordinal",
        "title": None,
        "sort": periods,
        "scale": {"domain": periods},
        "axis": {"labelAngle": -45 if len(periods) > 12 else 0},
    }
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": values},
            "mark": {
                "type": "line",
                "point": {"size": 50, "filled": True},
                "strokeWidth": 2.5,
                "invalid": "break-paths-show-domains",
            },
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative", "title": None, "scale": {"zero": True}},
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "sort": list(names),
                    "scale": {"domain": list(names), "range": PALETTE[: len(names)]},
                    "legend": {"orient": "bottom"},
                },
                "strokeDash": {"field": "series", "type": "nominal", "sort": list(names), "legend": None},
            },
        }
    ]
    if start is not None and start in periods:
        layers.append(
            {
                "data": {"values": [{"period": start}]},
                "mark": {"type": "rule", "strokeWidth": 2, "strokeDash": [6, 4], "color": "#222222"},
                "encoding": {"x": x},
            }
        )
    svg = str(render_chart({"width": WIDTH, "height": HEIGHT, "title": title, "layer": layers}, title=title))
    return mark_safe(svg.replace("</title>", f"</title><desc>{escape(desc)}</desc>", 1))  # noqa: S308  (rendered and checked by render_chart, text escaped)


def pictures(estimate: EffectEstimate) -> dict[str, Any]:
    """The pre-trend picture (DiD) or the series (ITS), each with its table, and the data used."""
    parameters = estimate.parameters or {}
    threshold = int(parameters.get("suppress_below") or 5)
    counts = bool(parameters.get("counts"))
    rows = estimate.data or []
    start_rows = sorted({r["period"] for r in rows if r.get("post")})
    start = start_rows[0] if start_rows else None
    context: dict[str, Any] = {}
    if estimate.method in (EstimateMethod.DID_2X2, EstimateMethod.DID_PANEL) and rows:
        names = [_("Areas of the sub-project (mean)"), _("Comparison areas (mean)")]
        table = _cells(rows, [estimates.TREATED, estimates.COMPARISON], counts, threshold)
        context["trend"] = {
            "names": names,
            "table": table,
            "chart": _chart(
                table,
                names,
                start,
                title=_("Areas of the sub-project and comparison areas, before and after the start"),
                desc=_(
                    "The mean per area of %(indicator)s per period; the dashed vertical line marks "
                    "the first period after the start. The same figures are in the table below."
                )
                % {"indicator": estimate.indicator.name},
            ),
        }
    if estimate.method == EstimateMethod.ITS and rows:
        totals: dict[str, list[float]] = defaultdict(list)
        for row in rows:
            if row["group"] == estimates.TREATED:
                totals[row["period"]].append(float(row["value"]))
        table = []
        for period in sorted(totals):
            value = sum(totals[period]) if counts else sum(totals[period]) / len(totals[period])
            hidden = counts and value < threshold
            table.append(
                {
                    "period": period,
                    "cells": [
                        {"value": None, "text": f"< {threshold}"}
                        if hidden
                        else {"value": value, "text": _num(value, 1)}
                    ],
                }
            )
        names = [estimate.indicator.name]
        context["series"] = {
            "names": names,
            "table": table,
            "chart": _chart(
                table,
                names,
                start,
                title=_("The series before and after the start"),
                desc=_(
                    "%(indicator)s per period in the areas of the sub-project; the dashed vertical "
                    "line marks the first period after the start. The same figures are in the table below."
                )
                % {"indicator": estimate.indicator.name},
            ),
        }
    group_labels = {
        estimates.TREATED: _("area of the sub-project"),
        estimates.COMPARISON: _("comparison area"),
        estimates.BUFFER: _("buffer area"),
        estimates.BUFFER_COMPARISON: _("comparison area of the buffer"),
    }
    context["data_rows"] = [
        {
            "group": group_labels.get(row["group"], row["group"]),
            "area": f"{row['name']} ({row['area']})",
            "period": row["period"],
            "post": row.get("post"),
            "text": f"< {threshold}"
            if row.get("suppressed")
            else _num(float(row["value"]), 0 if counts else 2),
        }
        for row in rows
    ]
    return context


# Fetching ----------------------------------------------------------------------------------------


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = VIEW) -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "evaluation", **extra}


def _plan(
    request: HttpRequest, programme_uuid: Any, subproject_uuid: Any, perm: str = VIEW
) -> tuple[Programme, SubProject, EvaluationPlan]:
    programme = _programme(request, programme_uuid, perm)
    subproject = selectors.get_subproject(programme, subproject_uuid)
    plan = selectors.get_plan(request, subproject)
    return programme, subproject, plan


def _estimate(plan: EvaluationPlan, estimate_uuid: Any) -> EffectEstimate:
    estimate = (
        EffectEstimate.objects.filter(plan=plan, uuid=estimate_uuid)
        .select_related("indicator", "computed_by")
        .first()
    )
    if estimate is None:
        raise Http404
    estimate.plan = plan
    return estimate


def linked_indicators(subproject: SubProject) -> Any:
    return Indicator.objects.filter(
        subproject=subproject, area__isnull=False, measure__isnull=False
    ).order_by("name", "pk")


def _to_plan(subproject: SubProject) -> HttpResponse:
    return redirect(
        "evaluation_plan", programme_uuid=subproject.programme.uuid, subproject_uuid=subproject.uuid
    )


def _to_estimate(subproject: SubProject, estimate: EffectEstimate) -> HttpResponse:
    return redirect(
        "evaluation_estimate",
        programme_uuid=subproject.programme.uuid,
        subproject_uuid=subproject.uuid,
        estimate_uuid=estimate.uuid,
    )


def plan_context(request: HttpRequest, plan: EvaluationPlan) -> dict[str, Any]:
    """What the evaluation plan's page needs for the section of the effect estimates."""
    rows = list(
        EffectEstimate.objects.filter(plan=plan).select_related("indicator").order_by("-computed_at", "pk")
    )
    for estimate in rows:
        estimate.plan = plan
    can_compute = request.user.has_perm(CHANGE, plan.subproject.programme)
    form = None
    if can_compute and estimates.methods_for(plan.design):
        form = EstimateForm(
            plan=plan,
            indicators=linked_indicators(plan.subproject),
            initial={"intervention_start": plan.subproject.start_date},
        )
    return {
        "estimates": [present(estimate) for estimate in rows],
        "estimate_form": form,
        "can_compute_estimates": can_compute,
    }


# Views -------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def estimate_create(request: HttpRequest, programme_uuid: str, subproject_uuid: str) -> HttpResponse:
    programme, subproject, plan = _plan(request, programme_uuid, subproject_uuid, CHANGE)
    indicators = linked_indicators(subproject)
    form = EstimateForm(
        request.POST or None,
        plan=plan,
        indicators=indicators,
        initial={"intervention_start": subproject.start_date},
    )
    if request.method == "POST" and form.is_valid():
        try:
            estimate = estimates.estimate_create(actor=request.user, plan=plan, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if estimate.declined:
                messages.warning(
                    request, _("The estimate has been computed, but Koers does not present it as an effect.")
                )
            else:
                messages.success(request, _("The effect estimate has been computed."))
            return _to_estimate(subproject, estimate)
    return render(
        request,
        "evaluation/estimate_form.html",
        _context(programme, subproject=subproject, plan=plan, form=form, has_indicators=indicators.exists()),
    )


@login_required
def estimate_detail(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, estimate_uuid: str
) -> HttpResponse:
    programme, subproject, plan = _plan(request, programme_uuid, subproject_uuid)
    estimate = _estimate(plan, estimate_uuid)
    context = _context(
        programme,
        subproject=subproject,
        plan=plan,
        info=present(estimate),
        can_change=request.user.has_perm(CHANGE, programme),
        **pictures(estimate),
    )
    return render(request, "evaluation/estimate_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def estimate_note(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, estimate_uuid: str
) -> HttpResponse:
    programme, subproject, plan = _plan(request, programme_uuid, subproject_uuid, CHANGE)
    estimate = _estimate(plan, estimate_uuid)
    form = NoteForm(request.POST or None, initial={"note": estimate.note})
    if request.method == "POST" and form.is_valid():
        try:
            estimates.estimate_note(actor=request.user, estimate=estimate, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The interpretation has been saved."))
            return _to_estimate(subproject, estimate)
    return render(
        request,
        "evaluation/estimate_note.html",
        _context(programme, subproject=subproject, plan=plan, estimate=estimate, form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def estimate_delete(
    request: HttpRequest, programme_uuid: str, subproject_uuid: str, estimate_uuid: str
) -> HttpResponse:
    programme, subproject, plan = _plan(request, programme_uuid, subproject_uuid, CHANGE)
    estimate = _estimate(plan, estimate_uuid)
    if request.method == "POST":
        estimates.estimate_delete(actor=request.user, estimate=estimate)
        messages.success(request, _("The effect estimate has been removed."))
        return _to_plan(subproject)
    return render(
        request,
        "evaluation/estimate_delete.html",
        _context(programme, subproject=subproject, plan=plan, estimate=estimate),
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:subproject_uuid>/effecten/nieuw/", estimate_create, name="evaluation_estimate_create"),
    path(
        "<uuid:subproject_uuid>/effecten/<uuid:estimate_uuid>/", estimate_detail, name="evaluation_estimate"
    ),
    path(
        "<uuid:subproject_uuid>/effecten/<uuid:estimate_uuid>/bewerken/",
        estimate_note,
        name="evaluation_estimate_note",
    ),
    path(
        "<uuid:subproject_uuid>/effecten/<uuid:estimate_uuid>/verwijderen/",
        estimate_delete,
        name="evaluation_estimate_delete",
    ),
]
