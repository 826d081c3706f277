"""Step 2's landing page: what is done, what is missing, what next."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.programmes.navigator import evaluate
from koers.programmes.selectors import get_programme_for_user
from koers.ui.pagecache import cached_page

from . import charts, selectors
from .models import Area, AreaLevel, Classification
from .selectors import municipality_statistics

STEP = 2


@login_required
@require_GET
@cached_page
def overview(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    programme = get_programme_for_user(request, programme_uuid)
    step = evaluate(programme, step=STEP).steps[STEP - 1]
    return render(
        request,
        "analysis/overview.html",
        {
            "programme": programme,
            "step": step,
            "next_missing": step.next_missing,
            "statistics": municipality_statistics(programme.organisation.cbs_code),
            "active_nav": "analysis",
        },
    )


# Figures -----------------------------------------------------------------------------------------

LEVEL_PARAM = {"wijken": AreaLevel.DISTRICT, "buurten": AreaLevel.NEIGHBOURHOOD}


def _base(request: HttpRequest, programme_uuid: str) -> tuple[Any, Area | None, dict[str, Any]]:
    programme = get_programme_for_user(request, programme_uuid)
    municipality = selectors.municipality_area(programme.organisation)
    context: dict[str, Any] = {
        "programme": programme,
        "municipality": municipality,
        "active_nav": "analysis",
        "suppress_below": selectors.suppress_below(),
        "rate_min_inhabitants": selectors.rate_min_inhabitants(),
        "figure_pages": [
            ("analysis_trend", _("Trends")),
            ("analysis_comparison", _("Compare areas")),
            ("analysis_youth", _("Young people")),
        ],
    }
    return programme, municipality, context


def _pick_measure(
    request: HttpRequest, choices: list[selectors.MeasureChoice]
) -> tuple[selectors.MeasureChoice | None, str]:
    wanted = request.GET.get("maat", "")
    choice = next((c for c in choices if str(c.measure.pk) == wanted), None) or selectors.default_measure(
        choices
    )
    if choice is None:
        return None, ""
    topic = request.GET.get("onderwerp", "")
    if topic not in choice.topics:
        counts = [t for t in choice.topics if selectors.is_count_topic(t)]
        topic = (counts or choice.topics)[0]
    return choice, topic


def _measure_groups(
    choices: list[selectors.MeasureChoice],
) -> list[tuple[str, list[selectors.MeasureChoice]]]:
    groups: dict[str, list[selectors.MeasureChoice]] = {}
    labels = dict(Classification.choices)
    for choice in choices:
        groups.setdefault(str(labels.get(choice.measure.classification, "")), []).append(choice)
    return list(groups.items())


@login_required
@require_GET
def trend(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    """How a crime type developed over the years in the municipality, a wijk or a buurt."""
    _programme, municipality, context = _base(request, programme_uuid)
    context["figures_nav"] = "analysis_trend"
    if municipality is None:
        return render(request, "analysis/trend.html", context)
    areas = selectors.municipality_areas(municipality)
    area = next((a for a in areas if a.code == request.GET.get("gebied")), municipality)
    choices = selectors.measure_choices([a.pk for a in areas])
    choice, topic = _pick_measure(request, choices)
    context.update(
        areas=areas, area=area, choices=choices, groups=_measure_groups(choices), choice=choice, topic=topic
    )
    if choice is None:
        return render(request, "analysis/trend.html", context)
    counting = selectors.is_count_topic(topic)
    can_rate = counting and selectors.has_populations([area.pk])
    per_1000 = can_rate and request.GET.get("per") == "1000"
    series = selectors.trend(area=area, measure=choice.measure, topic=topic)
    title = f"{choice.measure.title}, {area.name}"
    unit = _("per 1,000 inhabitants") if per_1000 else selectors.topic_label(topic).lower()
    points = [
        {
            "period": row.period,
            "value": (row.rate.value if row.rate else None) if per_1000 else row.count.value,
            "series": f"{s.dataset.source} {s.dataset.table_id}" if len(series) > 1 else area.name,
        }
        for s in series
        for row in s.rows
    ]
    years = sorted({row.year for s in series for row in s.rows})
    context.update(
        series=series,
        per_1000=per_1000,
        can_rate=can_rate,
        counting=counting,
        title=title,
        unit=unit,
        chart=charts.trend_chart(points, title=title, unit=unit) if points else "",
        notes=selectors.dataset_notes([s.dataset for s in series], years),
        topic_label=selectors.topic_label(topic),
        any_suppressed=any(
            r.count.suppressed or (r.rate and r.rate.suppressed) for s in series for r in s.rows
        ),
    )
    return render(request, "analysis/trend.html", context)


@login_required
@require_GET
def comparison(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    """The wijken or buurten side by side per 1,000 inhabitants, with the municipal and national
    figure for reference, a ranking and a map when outlines are known."""
    _programme, municipality, context = _base(request, programme_uuid)
    context["figures_nav"] = "analysis_comparison"
    if municipality is None:
        return render(request, "analysis/comparison.html", context)
    level_param = request.GET.get("niveau", "wijken")
    level = LEVEL_PARAM.get(level_param, AreaLevel.DISTRICT)
    areas = selectors.municipality_areas(municipality)
    choices = selectors.measure_choices([a.pk for a in areas])
    choice, topic = _pick_measure(request, choices)
    context.update(
        choices=choices,
        groups=_measure_groups(choices),
        choice=choice,
        topic=topic,
        level=level,
        level_param="buurten" if level == AreaLevel.NEIGHBOURHOOD else "wijken",
    )
    if choice is None:
        return render(request, "analysis/comparison.html", context)
    year_param = request.GET.get("jaar", "")
    result = selectors.comparison(
        municipality=municipality,
        level=level,
        measure=choice.measure,
        topic=topic,
        year=int(year_param) if year_param.isdigit() else None,
    )
    ranking = result.ranking
    level_name = _("neighbourhoods") if level == AreaLevel.NEIGHBOURHOOD else _("districts")
    title = _("%(measure)s per 1,000 inhabitants, %(areas)s of %(municipality)s, %(year)s") % {
        "measure": choice.measure.title,
        "areas": level_name,
        "municipality": municipality.name,
        "year": result.year,
    }
    references = [
        {
            "label": _("%(name)s (municipality)") % {"name": municipality.name},
            "value": _rate(result.municipality),
        },
        {"label": _("Netherlands"), "value": _rate(result.country)},
    ]
    has_rates = any(r.rate.value is not None for r in ranking)
    map_title = _("Map: %(title)s") % {"title": title}
    context.update(
        result=result,
        ranking=ranking,
        reference_rows=[result.municipality, result.country],
        title=title,
        map_title=map_title,
        has_rates=has_rates,
        chart=charts.comparison_chart(
            [{"label": r.area.name, "value": r.rate.value} for r in ranking],
            title=title,
            reference_lines=references,
            unit=_("per 1,000 inhabitants"),
        )
        if has_rates
        else "",
        map=charts.choropleth(
            [
                {"code": r.area.code, "label": r.area.name, "geometry": r.outline, "value": r.rate.value}
                for r in result.rows
                if r.outline
            ],
            title=map_title,
            unit=_("per 1,000 inhabitants"),
        )
        if result.outlines
        else "",
        notes=selectors.dataset_notes(
            [*([result.dataset] if result.dataset else []), *result.population_datasets],
            [result.year] if result.year else [],
        ),
        any_suppressed=any(r.count.suppressed or r.rate.suppressed for r in ranking),
        topic_label=selectors.topic_label(topic),
    )
    return render(request, "analysis/comparison.html", context)


def _rate(row: selectors.ComparisonRow | None) -> Any:
    return row.rate.value if row is not None else None


@login_required
@require_GET
def youth(request: HttpRequest, programme_uuid: str) -> HttpResponse:
    """Figures about young people where the data have them: youth nuisance reports and young
    suspects; an honest note when none have been imported."""
    _programme, municipality, context = _base(request, programme_uuid)
    context["figures_nav"] = "analysis_youth"
    if municipality is None:
        return render(request, "analysis/youth.html", context)
    figures = selectors.youth_figures(municipality)
    items = []
    for figure in figures:
        title = f"{figure.measure.title}, {municipality.name}"
        points = [{"period": r.period, "value": r.count.value} for s in figure.trend for r in s.rows]
        years = sorted({r.year for s in figure.trend for r in s.rows})
        items.append(
            {
                "figure": figure,
                "title": title,
                "topic_label": selectors.topic_label(figure.topic),
                "chart": charts.trend_chart(
                    points, title=title, unit=selectors.topic_label(figure.topic).lower()
                )
                if points
                else "",
                "notes": selectors.dataset_notes([s.dataset for s in figure.trend], years),
                "any_suppressed": any(r.count.suppressed for s in figure.trend for r in s.rows)
                or any(r.count.suppressed or r.rate.suppressed for r in figure.districts),
            }
        )
    context.update(items=items)
    return render(request, "analysis/youth.html", context)
