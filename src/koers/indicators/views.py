"""Pages of the indicators (step 6). Views are thin: fetch through the selectors (another
organisation's indicator is a 404, a missing right a 403), validate a form, call a service,
redirect with a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koers.programmes import selectors as programme_selectors
from koers.programmes.models import Programme, ProgrammeRole
from koers.programmes.permissions import programme_role
from koers.programmes.views import apply_validation_error
from koers.reports import lists
from koers.teams.forms import initial_from
from koers.teams.views import _save_failed

from . import exports, selectors, services
from .charts import indicator_chart
from .forms import IndicatorForm, MeasurementForm
from .models import Indicator

PAGE_SIZE = 50
VIEW = "indicators.view_indicators"
CHANGE = "indicators.change_indicator"


def _programme(request: HttpRequest, programme_uuid: Any, perm: str = VIEW) -> Programme:
    return programme_selectors.get_programme_for_user(request, programme_uuid, perm=perm)


def _context(programme: Programme, **extra: Any) -> dict[str, Any]:
    return {"programme": programme, "active_nav": "indicators", **extra}


def _to_detail(indicator: Indicator) -> HttpResponse:
    return redirect(
        "indicator_detail", programme_uuid=indicator.programme.uuid, indicator_uuid=indicator.uuid
    )


@login_required
def indicator_list(request: HttpRequest, programme_uuid: str) -> HttpResponseBase:
    programme = _programme(request, programme_uuid)
    found = selectors.indicators(programme)
    if (download := lists.asked(request, exports.INDICATORS, found, programme=programme)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "indicators/indicator_list.html",
        _context(
            programme,
            page=page,
            groups=selectors.grouped(list(page.object_list)),
            can_add=request.user.has_perm("indicators.add_indicator", programme),
        ),
    )


def _form(request: HttpRequest, programme: Programme, **kwargs: Any) -> IndicatorForm:
    led_by = request.user if programme_role(request.user, programme) == ProgrammeRole.KWARTIERMAKER else None
    areas = selectors.area_choices(programme)
    return IndicatorForm(
        request.POST or None,
        subprojects=selectors.subproject_choices(programme, led_by=led_by),
        goals=selectors.goal_choices(programme),
        areas=areas,
        measures=selectors.measure_choices_for(areas),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid, "indicators.add_indicator")
    form = _form(request, programme, initial={"kind": "outcome", "polarity": "lower"})
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_create(actor=request.user, programme=programme, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": indicator.name})
            return _to_detail(indicator)
    return render(request, "indicators/indicator_form.html", _context(programme, form=form))


@login_required
def indicator_detail(request: HttpRequest, programme_uuid: str, indicator_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    indicator = selectors.get_indicator(request, programme, indicator_uuid)
    rows = selectors.measurement_rows(indicator)
    return render(
        request,
        "indicators/indicator_detail.html",
        _context(
            programme,
            indicator=indicator,
            rows=rows,
            chart=indicator_chart(indicator, rows) if rows or indicator.baseline_value is not None else None,
            baseline=selectors.value_text(indicator.baseline_value),
            target=selectors.value_text(indicator.target_value),
            can_change=request.user.has_perm(CHANGE, indicator),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, programme_uuid: str, indicator_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    indicator = selectors.get_indicator(request, programme, indicator_uuid, perm=CHANGE)
    initial = initial_from(indicator, list(services.INDICATOR_FIELDS))
    initial["version"] = indicator.version
    form = _form(request, programme, initial=initial)
    saved_values = None
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                actor=request.user,
                indicator=indicator,
                expected_version=form.cleaned_data.get("version"),
                **form.values(),
            )
        except ValidationError as error:
            saved_values = _save_failed(form, error, indicator)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_detail(indicator)
    return render(
        request,
        "indicators/indicator_form.html",
        _context(programme, form=form, indicator=indicator, saved_values=saved_values),
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, programme_uuid: str, indicator_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    indicator = selectors.get_indicator(
        request, programme, indicator_uuid, perm="indicators.delete_indicator"
    )
    if request.method == "POST":
        services.indicator_delete(actor=request.user, indicator=indicator)
        messages.success(request, _("%(name)s has been removed.") % {"name": indicator.name})
        return redirect("indicators", programme_uuid=programme.uuid)
    return render(request, "indicators/indicator_delete.html", _context(programme, indicator=indicator))


@login_required
@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, programme_uuid: str, indicator_uuid: str) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    indicator = selectors.get_indicator(request, programme, indicator_uuid, perm=CHANGE)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_create(actor=request.user, indicator=indicator, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The measurement has been added."))
            return _to_detail(indicator)
    return render(
        request, "indicators/measurement_form.html", _context(programme, form=form, indicator=indicator)
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_edit(
    request: HttpRequest, programme_uuid: str, indicator_uuid: str, measurement_uuid: str
) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    indicator = selectors.get_indicator(request, programme, indicator_uuid, perm=CHANGE)
    measurement = selectors.get_measurement(indicator, measurement_uuid)
    form = MeasurementForm(
        request.POST or None, initial=initial_from(measurement, ["period", "value", "source", "note"])
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_update(actor=request.user, measurement=measurement, **form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return _to_detail(indicator)
    return render(
        request,
        "indicators/measurement_form.html",
        _context(programme, form=form, indicator=indicator, measurement=measurement),
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_delete(
    request: HttpRequest, programme_uuid: str, indicator_uuid: str, measurement_uuid: str
) -> HttpResponse:
    programme = _programme(request, programme_uuid)
    indicator = selectors.get_indicator(request, programme, indicator_uuid, perm=CHANGE)
    measurement = selectors.get_measurement(indicator, measurement_uuid)
    if request.method == "POST":
        try:
            services.measurement_delete(actor=request.user, measurement=measurement)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The measurement has been removed."))
        return _to_detail(indicator)
    return render(
        request,
        "indicators/measurement_delete.html",
        _context(programme, indicator=indicator, measurement=measurement),
    )
