"""Charts drawn on the server as SVG, without JavaScript in the browser.

A Vega-Lite specification is rendered to SVG by ``vl-convert`` (which bundles Vega and needs no
internet). The SVG is made fit for a page with a strict Content Security Policy and for screen
readers: no scripts or style attributes, the inner roles and labels removed, and the whole drawing
one image (``role="img"``) with a ``<title>`` and an ``aria-label``. The figures themselves are
always also shown in an HTML table beside the chart (see ``analysis/_figure.html``); values that
are suppressed (``None``) are never plotted.

Other parts of Koers (such as the analysis document) call these functions with plain data:

* :func:`trend_chart` — points ``{"period": "2023", "value": 12.0, "series": "Noord"}``;
* :func:`comparison_chart` — rows ``{"label": "Noord", "value": 31.5}`` with reference lines
  ``{"label": "Gemeente", "value": 28.1}``;
* :func:`choropleth` — features ``{"code": "WK999900", "label": "Noord", "geometry": {...},
  "value": 31.5}``.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

WIDTH = 560
HEIGHT = 280
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
PALETTE = ["#1f4e79", "#c0504d", "#4f8a3c", "#8064a2", "#e08a00", "#2e8b9a", "#7f7f7f", "#b05f9a"]
MAP_SCHEME = "blues"
NO_VALUE_COLOUR = "#e6e6e6"

_INNER_ATTRIBUTES = re.compile(r'\s(?:role|aria-[a-z]+|pointer-events|class)="[^"]*"')
# Checked in the markup's tags only: text that mentions "<script" or "onerror=" is escaped by Vega
# and harmless (an indicator may be named anything).
_TAG = re.compile(r"<[^>]*>")
_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')
_FORBIDDEN_TAG = re.compile(r"^<\s*(?:script|foreignObject)\b|\son[a-z]+\s*=|\sstyle\s*=", re.IGNORECASE)
_SCRIPT_LINK = re.compile(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _has_forbidden_markup(svg: str) -> bool:
    for match in _TAG.finditer(svg):
        tag = match.group()
        if _FORBIDDEN_TAG.search(_QUOTED.sub('""', tag)) or _SCRIPT_LINK.search(tag):
            return True
    return False


def _config() -> dict[str, Any]:
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222", "titleColor": "#222"},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 240},
        "title": {"fontSize": 14, "anchor": "start", "color": "#222"},
        "background": "#ffffff",
    }


Locale = Literal["nl-NL", "en-US"]


@functools.lru_cache(maxsize=256)
def _render(spec_json: str, locale: Locale) -> str:
    import vl_convert

    # Numbers on the axes as the reader writes them (1.800 in Dutch); no data from elsewhere.
    return str(
        vl_convert.vegalite_to_svg(
            json.loads(spec_json), format_locale=locale, time_format_locale=locale, allowed_base_urls=[]
        )
    )


def _locale() -> Locale:
    return "nl-NL" if (get_language() or "nl").startswith("nl") else "en-US"


def _accessible(svg: str, title: str) -> SafeString:
    """The SVG as one labelled image: inner roles, labels, classes and pointer events removed, a
    ``<title>`` added, and anything a strict Content Security Policy would refuse rejected."""
    body = _INNER_ATTRIBUTES.sub("", svg)
    if _has_forbidden_markup(body):  # vl-convert never writes these; refuse rather than serve them
        raise ValueError("the rendered chart contains scripts or style attributes")
    start = body.index("<svg")
    end = body.index(">", start)
    opening = body[start:end]
    opening = re.sub(r'\s(?:width|height)="[^"]*"', "", opening)
    label = escape(title)
    opening += f' class="koers-chart__svg" role="img" aria-label="{label}" focusable="false"'
    return mark_safe(f"{opening}><title>{label}</title>{body[end + 1 :]}")  # noqa: S308  (rendered by Vega, text escaped, checked above)


def render(spec: Mapping[str, Any], *, title: str) -> SafeString:
    """Any Vega-Lite specification as accessible SVG markup."""
    full = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "config": _config(), **spec}
    return _accessible(_render(json.dumps(full, sort_keys=True, default=str), _locale()), title)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def trend_chart(points: Iterable[Mapping[str, Any]], *, title: str, unit: str) -> SafeString:
    """A line per series over the periods. Points without a value (suppressed, unknown) are left
    out; the line is broken there rather than drawn through a figure nobody may see."""
    values = []
    periods: list[str] = []
    for point in points:
        period = str(point["period"])
        if period not in periods:
            periods.append(period)
        values.append(
            {
                "period": period,
                "value": _number(point.get("value")),
                "series": str(point.get("series") or title),
            }
        )
    series = list(dict.fromkeys(v["series"] for v in values))
    spec: dict[str, Any] = {
        "width": WIDTH,
        "height": HEIGHT,
        "title": title,
        "data": {"values": values},
        "mark": {
            "type": "line",
            "point": {"size": 60, "filled": True},
            "strokeWidth": 2.5,
            "invalid": "break-paths-show-domains",
        },
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "title": None,
                "sort": periods,
                "axis": {"labelAngle": 0},
            },
            "y": {"field": "value", "type": "quantitative", "title": unit, "scale": {"zero": True}},
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "sort": series,
                "scale": {"range": PALETTE},
                "legend": {"orient": "bottom"} if len(series) > 1 else None,
            },
            "strokeDash": {"field": "series", "type": "nominal", "sort": series, "legend": None},
        },
    }
    return render(spec, title=title)


def comparison_chart(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    reference_lines: Sequence[Mapping[str, Any]] = (),
    unit: str = "",
) -> SafeString:
    """Horizontal bars, one per area in the given order, with vertical reference lines (such as
    the municipal and the national figure). Rows without a value get no bar."""
    bars = [{"label": str(r["label"]), "value": _number(r.get("value"))} for r in rows]
    order = [b["label"] for b in bars]
    lines = [
        {"label": str(line["label"]), "value": _number(line.get("value"))}
        for line in reference_lines
        if _number(line.get("value")) is not None
    ]
    x = {"field": "value", "type": "quantitative", "title": unit or None, "scale": {"zero": True}}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": [b for b in bars if b["value"] is not None]},
            "mark": {"type": "bar", "color": PALETTE[0], "height": {"band": 0.7}},
            "encoding": {
                "y": {
                    "field": "label",
                    "type": "nominal",
                    "title": None,
                    "sort": order,
                    "scale": {"domain": order},
                },
                "x": x,
            },
        }
    ]
    if lines:
        names = [line["label"] for line in lines]
        layers.append(
            {
                "data": {"values": lines},
                "mark": {"type": "rule", "strokeWidth": 2.5},
                "encoding": {
                    "x": x,
                    "color": {
                        "field": "label",
                        "type": "nominal",
                        "title": None,
                        "sort": names,
                        "scale": {"domain": names, "range": ["#c0504d", "#222222", "#e08a00"]},
                        "legend": {"orient": "bottom", "direction": "vertical", "symbolType": "stroke"},
                    },
                    "strokeDash": {
                        "field": "label",
                        "type": "nominal",
                        "sort": names,
                        "scale": {"domain": names, "range": [[6, 3], [2, 2], [8, 2, 2, 2]]},
                        "legend": None,
                    },
                },
            }
        )
    spec: dict[str, Any] = {
        "width": WIDTH - 160,
        "height": {"step": 22},
        "title": title,
        "layer": layers,
    }
    if not bars:
        spec["height"] = 60
    return render(spec, title=title)


def _project(geometry: Mapping[str, Any], scale_x: float) -> dict[str, Any]:
    """Longitude and latitude to a flat plane (equirectangular at the map's own latitude): the
    identity projection then draws it without the winding order of rings mattering."""

    def ring(points: Sequence[Sequence[float]]) -> list[list[float]]:
        return [[round(p[0] * scale_x, 6), round(p[1], 6)] for p in points]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["coordinates"]]}
    return {
        "type": "MultiPolygon",
        "coordinates": [[ring(r) for r in polygon] for polygon in geometry["coordinates"]],
    }


def _latitudes(geometry: Mapping[str, Any]) -> Iterable[float]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        for ring in polygon:
            for point in ring:
                yield float(point[1])


def choropleth(
    features_with_values: Sequence[Mapping[str, Any]], *, title: str, unit: str = ""
) -> SafeString:
    """A map of areas coloured by their value; areas without a value (suppressed or unknown) are
    drawn in light grey with a legend entry saying so."""
    latitudes = [lat for f in features_with_values for lat in _latitudes(f["geometry"])]
    middle = (min(latitudes) + max(latitudes)) / 2 if latitudes else 52.0
    scale_x = math.cos(math.radians(middle))
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": _project(f["geometry"], scale_x),
            "properties": {"label": str(f.get("label") or f.get("code")), "value": _number(f.get("value"))},
        }
        for f in features_with_values
    ]
    with_value = [f for f in features if f["properties"]["value"] is not None]
    without = [f for f in features if f["properties"]["value"] is None]
    projection = {"type": "identity", "reflectY": True}
    layers: list[dict[str, Any]] = []
    if without:
        layers.append(
            {
                "data": {"values": without},
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 1, "fill": NO_VALUE_COLOUR},
                "projection": projection,
            }
        )
    if with_value:
        layers.append(
            {
                "data": {"values": with_value},
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 1},
                "projection": projection,
                "encoding": {
                    "color": {
                        "field": "properties.value",
                        "type": "quantitative",
                        "title": unit or None,
                        "scale": {"scheme": MAP_SCHEME, "zero": True},
                        "legend": {"orient": "right"},
                    }
                },
            }
        )
    spec: dict[str, Any] = {"width": WIDTH - 120, "height": WIDTH - 120, "title": title, "layer": layers}
    return render(spec, title=title)
