"""The chart of an indicator: its measurements as a line, with the baseline and the target as
horizontal lines. Drawn on the server as SVG (see koers.analysis.charts); suppressed values are not
plotted, and the page shows the same figures in a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from koers.analysis.charts import HEIGHT, PALETTE, WIDTH, _number, render

from .models import Indicator
from .selectors import Row


def indicator_chart(indicator: Indicator, rows: Sequence[Row]) -> SafeString:
    periods = [row.measurement.period for row in rows]
    points = [{"period": row.measurement.period, "value": _number(row.plotted)} for row in rows]
    references = []
    if indicator.baseline_value is not None:
        references.append({"label": _("Baseline"), "value": _number(indicator.baseline_value)})
    if indicator.target_value is not None:
        references.append({"label": _("Target"), "value": _number(indicator.target_value)})
    x: dict[str, Any] = {
        "field": "period",
        "type": "ordinal",
        "title": None,
        "sort": periods,
        "scale": {"domain": periods},
        "axis": {"labelAngle": 0},
    }
    y = {"field": "value", "type": "quantitative", "title": indicator.unit or None, "scale": {"zero": True}}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": points},
            "mark": {
                "type": "line",
                "point": {"size": 60, "filled": True},
                "strokeWidth": 2.5,
                "color": PALETTE[0],
                "invalid": "break-paths-show-domains",
            },
            "encoding": {"x": x, "y": y},
        }
    ]
    if references:
        names = [r["label"] for r in references]
        layers.append(
            {
                "data": {"values": references},
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {
                    "y": y,
                    "color": {
                        "field": "label",
                        "type": "nominal",
                        "title": None,
                        "sort": names,
                        "scale": {"domain": names, "range": ["#7f7f7f", "#4f8a3c"]},
                        "legend": {"orient": "bottom", "symbolType": "stroke"},
                    },
                    "strokeDash": {
                        "field": "label",
                        "type": "nominal",
                        "sort": names,
                        "scale": {"domain": names, "range": [[2, 2], [8, 4]]},
                        "legend": None,
                    },
                },
            }
        )
    spec = {"width": WIDTH, "height": HEIGHT, "title": indicator.name, "layer": layers}
    return render(spec, title=indicator.name)
