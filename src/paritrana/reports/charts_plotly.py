"""Charts as Plotly figure JSON (plain dicts) for the page's own plotly.js.

`coverage_trend`: UCJ over the computed years with the target line and, for the latest year
that has both, the gap between them marked and labelled in points; optionally a plan's
published targets (the national RPJMN 2025-2029 line), drawn through its published years only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from paritrana.reports.maps import format_value

UCJ_COLOUR = "#1f6f8b"
TARGET_COLOUR = "#c0392b"
PLAN_COLOUR = "#7d3c98"


@dataclass(frozen=True)
class TrendPoint:
    year: int
    ucj_pct: float | None
    target_pct: float | None


def _points(values: Sequence[tuple[int, float | None]]) -> tuple[list[int], list[float]]:
    kept = [(year, value) for year, value in values if value is not None]
    return [year for year, _v in kept], [value for _y, value in kept]


def _decimal(value: float) -> str:
    return format_value(value, percent=True).removesuffix("%")


def coverage_trend(
    points: Sequence[TrendPoint],
    *,
    height: int = 320,
    plan: tuple[str, Sequence[tuple[int, float]]] | None = None,
) -> dict[str, Any]:
    """`plan`: (name, [(year, target %)]) of published plan targets, e.g. the RPJMN's."""
    plan_points = list(plan[1]) if plan else []
    years = sorted({p.year for p in points} | {year for year, _v in plan_points})
    ucj_x, ucj_y = _points([(p.year, p.ucj_pct) for p in points])
    target_x, target_y = _points([(p.year, p.target_pct) for p in points])
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "name": "UCJ",
            "x": ucj_x,
            "y": ucj_y,
            "mode": "lines+markers+text",
            "text": [format_value(v, percent=True) for v in ucj_y],
            "textposition": "top center",
            "line": {"color": UCJ_COLOUR, "width": 3},
            "marker": {"size": 9},
            "hovertemplate": "UCJ %{x}: %{text}<extra></extra>",
        }
    ]
    if target_y:
        data.append(
            {
                "type": "scatter",
                "name": _("Target"),
                "x": target_x,
                "y": target_y,
                "mode": "lines+markers",
                "line": {"color": TARGET_COLOUR, "width": 2, "dash": "dash"},
                "marker": {"size": 7, "symbol": "diamond"},
                "text": [format_value(v, percent=True) for v in target_y],
                "hovertemplate": _("Target") + " %{x}: %{text}<extra></extra>",
            }
        )
    if plan and plan_points:
        data.append(
            {
                "type": "scatter",
                "name": _("%(plan)s target") % {"plan": plan[0]},
                "x": [year for year, _v in plan_points],
                "y": [value for _y, value in plan_points],
                "mode": "lines+markers+text",
                "customdata": [format_value(value, percent=True) for _y, value in plan_points],
                # Labelled where no UCJ point stands (the year's own label would cover it).
                "text": [
                    "" if year in ucj_x else format_value(value, percent=True)
                    for year, value in plan_points
                ],
                "textposition": "bottom right",
                "line": {"color": PLAN_COLOUR, "width": 2, "dash": "dot"},
                "marker": {"size": 8, "symbol": "square"},
                "hovertemplate": plan[0] + " %{x}: %{customdata}<extra></extra>",
            }
        )
    shapes, annotations = [], []
    both = [p for p in points if p.ucj_pct is not None and p.target_pct is not None]
    if both:
        last = both[-1]
        gap = last.target_pct - last.ucj_pct  # type: ignore[operator]
        shapes.append(
            {
                "type": "line",
                "x0": last.year,
                "x1": last.year,
                "y0": last.ucj_pct,
                "y1": last.target_pct,
                "line": {"color": "#888888", "width": 1.5, "dash": "dot"},
            }
        )
        text = (
            _("gap %(points)s points") % {"points": _decimal(gap)}
            if gap > 0
            else _("target reached (+%(points)s points)") % {"points": _decimal(-gap)}
        )
        annotations.append(
            {
                "x": last.year,
                "y": (last.ucj_pct + last.target_pct) / 2,  # type: ignore[operator]
                "text": text,
                "showarrow": False,
                "xanchor": "left",
                "xshift": 8,
                "font": {"color": "#555555"},
            }
        )
    top = max([*ucj_y, *target_y, *(value for _y, value in plan_points), 1.0])
    layout = {
        "height": height,
        "margin": {"l": 56, "r": 24, "t": 16, "b": 44},
        "separators": ",.",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.12},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "xaxis": {
            "title": {"text": _("Year")},
            "tickmode": "array",
            "tickvals": years,
            "ticktext": [str(y) for y in years],
            "range": [min(years, default=0) - 0.5, max(years, default=0) + 0.9],
        },
        "yaxis": {
            "title": {"text": "UCJ (%)"},
            "ticksuffix": "%",
            "range": [0, top * 1.2],
            "gridcolor": "#e5e5e5",
        },
        "shapes": shapes,
        "annotations": annotations,
    }
    return {"data": data, "layout": layout}
