"""Maps of regions coloured by coverage, as Plotly figure JSON (plain dicts) for the page's own
plotly.js: a choropleth where a region's polygon is known, points where only its location is,
on a `geo` subplot with no base map at all (no tiles, no topojson: nothing from the internet).

A figure may hold several layers (the national map: provinces, kab/kota); only the first is
visible and buttons switch between them. Context land (outlines without data) is drawn grey
under every layer. Each clickable mark carries its drill-down URL in `customdata`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from paritrana.reports.numbers import in_language

# ColorBrewer YlGnBu without its near-white end: more coverage, darker.
COLORSCALE = [
    [0.0, "#edf8b1"],
    [0.15, "#c7e9b4"],
    [0.3, "#7fcdbb"],
    [0.45, "#41b6c4"],
    [0.6, "#1d91c0"],
    [0.75, "#225ea8"],
    [0.9, "#253494"],
    [1.0, "#081d58"],
]
NO_DATA = "#c8c8c8"
CONTEXT = "#ececec"
EDGE = "#ffffff"
HOVER = "%{hovertext}<extra></extra>"
MIN_SPAN = 1.0  # degrees, about 110 km


@dataclass(frozen=True)
class MapRegion:
    code: str
    name: str
    value: float | None  # what colours it (UCJ %, or active participants); None: no data
    url: str  # where a click leads
    geometry: dict[str, Any] | None = None  # GeoJSON Polygon/MultiPolygon, if known
    point: tuple[float, float] | None = None  # (lon, lat), used when there is no geometry
    hover: str = ""  # extra hover lines, formatted
    approximate: bool = False  # the point is a parent's: the location is only roughly right


@dataclass(frozen=True)
class MapLayer:
    title: str
    regions: Sequence[MapRegion]
    # The URL of a FeatureCollection holding the polygon of every region of the layer (by its
    # code as the feature id), fetched by the page's script: the figure then carries the URL,
    # not the polygons (the national map's 38 + 514 would make the page 700 KB).
    boundaries: str = ""


def format_value(value: float | None, *, percent: bool) -> str:
    """31.234 -> '31,23%'; 1234567 -> '1.234.567' (English '31.23%', '1,234,567')."""
    if value is None:
        return "-"
    if percent:
        text = f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".") + "%"
    else:
        text = f"{round(value):,}".replace(",", ".")
    return in_language(text)


def _hovertext(region: MapRegion, *, percent: bool, label: str) -> str:
    lines = [f"<b>{region.name}</b>"]
    if region.value is None:
        lines.append(_("no data yet"))
    else:
        lines.append(f"{label}: {format_value(region.value, percent=percent)}")
    if region.hover:
        lines.append(region.hover)
    if region.approximate:
        lines.append(_("location approximate (parent region's point)"))
    return "<br>".join(lines)


def _collection(regions: Sequence[MapRegion]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": r.code, "properties": {}, "geometry": r.geometry}
            for r in regions
        ],
    }


def _fill(
    regions: Sequence[MapRegion], name: str, boundaries: str = "", **style: Any
) -> dict[str, Any]:
    return {
        "type": "choropleth",
        "name": name,
        "geojson": boundaries or _collection(regions),
        "locations": [r.code for r in regions],
        "featureidkey": "id",
        "marker": {"line": {"color": EDGE, "width": 0.6}},
        "hovertemplate": HOVER,
        **style,
    }


def _points(regions: Sequence[MapRegion], name: str, marker: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "scattergeo",
        "name": name,
        "mode": "markers",
        "lon": [r.point[0] for r in regions if r.point],
        "lat": [r.point[1] for r in regions if r.point],
        "marker": {"size": 10, "line": {"color": "#555555", "width": 0.6}, **marker},
        "hovertemplate": HOVER,
    }


def _layer_traces(layer: MapLayer, *, percent: bool, label: str) -> list[dict[str, Any]]:
    def text(regions: list[MapRegion]) -> list[str]:
        return [_hovertext(r, percent=percent, label=label) for r in regions]

    shaped = [r for r in layer.regions if r.geometry]
    placed = [r for r in layer.regions if not r.geometry and r.point]
    groups = [
        ("fill", [r for r in shaped if r.value is None]),
        ("fill-data", [r for r in shaped if r.value is not None]),
        ("point", [r for r in placed if r.value is None]),
        ("point-data", [r for r in placed if r.value is not None]),
    ]
    traces = []
    for kind, regions in groups:
        if not regions:
            continue
        common = {"hovertext": text(regions), "customdata": [r.url for r in regions]}
        if kind == "fill":
            flat = [[0, NO_DATA], [1, NO_DATA]]
            traces.append(
                _fill(
                    regions,
                    layer.title,
                    layer.boundaries,
                    z=[0] * len(regions),
                    colorscale=flat,
                    **common,
                )
                | {"showscale": False}
            )
        elif kind == "fill-data":
            values = [r.value for r in regions]
            traces.append(
                _fill(
                    regions,
                    layer.title,
                    layer.boundaries,
                    z=values,
                    coloraxis="coloraxis",
                    **common,
                )
            )
        elif kind == "point":
            marker = {"color": NO_DATA, "size": 7, "line": {"color": "#8a8a8a", "width": 0.5}}
            traces.append(_points(regions, layer.title, marker) | common)
        else:
            marker = {"color": [r.value for r in regions], "coloraxis": "coloraxis"}
            traces.append(_points(regions, layer.title, marker) | common)
    return traces


def _context_trace(geometries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    ids = [f"konteks-{i}" for i in range(len(geometries))]
    return {
        "type": "choropleth",
        "name": _("context"),
        "geojson": {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "id": i, "properties": {}, "geometry": g}
                for i, g in zip(ids, geometries, strict=True)
            ],
        },
        "locations": ids,
        "z": [0] * len(ids),
        "colorscale": [[0, CONTEXT], [1, CONTEXT]],
        "showscale": False,
        "hoverinfo": "skip",
        "marker": {"line": {"color": "#bdbdbd", "width": 0.5}},
    }


def _nice_step(span: float) -> float:
    """1, 2 or 5 times a power of ten, about a fifth of `span`."""
    raw = max(span / 5, 1e-9)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _scale(values: list[float], percent: bool) -> dict[str, Any]:
    """The colour range: up to the 95th percentile rounded up (outliers would wash out every
    other colour); values above it take the top colour and the top tick says so (>=)."""
    ordered = sorted(values)
    if not ordered or ordered[-1] <= 0:
        return {"cmin": 0, "cmax": 100 if percent else 1}
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    step = 10.0 if percent else max(1.0, _nice_step(p95))
    top = max(step, math.ceil(p95 / step) * step)
    if percent:
        top = min(top, 100.0)
        step = top / 5
    ticks = [i * step for i in range(round(top / step) + 1)]
    text = [format_value(t, percent=False) + ("%" if percent else "") for t in ticks]
    if ordered[-1] > top:
        text[-1] = "≥" + text[-1]
    return {"cmin": 0, "cmax": top, "tickvals": ticks, "ticktext": text}


def _bounds(
    layers: Sequence[MapLayer], context: Sequence[dict[str, Any]]
) -> tuple[list[float], list[float]] | None:
    """Longitude and latitude ranges around everything drawn, with a margin. Given explicitly:
    Plotly's `fitbounds` keeps the subplot's square frame and leaves a wide country small."""
    lons: list[float] = []
    lats: list[float] = []

    def add(geometry: dict[str, Any]) -> None:
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for polygon in polygons:
            lons.extend(p[0] for p in polygon[0])
            lats.extend(p[1] for p in polygon[0])

    for layer in layers:
        for region in layer.regions:
            if region.geometry:
                add(region.geometry)
            elif region.point:
                lons.append(region.point[0])
                lats.append(region.point[1])
    for geometry in context:
        add(geometry)
    if not lons:
        return None
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    # A margin, and at least MIN_SPAN degrees: one village alone still shows its surroundings.
    pad_x = max(0.04 * (east - west), (MIN_SPAN - (east - west)) / 2)
    pad_y = max(0.04 * (north - south), (MIN_SPAN - (north - south)) / 2)
    return [west - pad_x, east + pad_x], [south - pad_y, north + pad_y]


def coverage_map(
    layers: Sequence[MapLayer],
    *,
    percent: bool = True,
    label: str = "UCJ",
    context: Sequence[dict[str, Any]] = (),
    fit_context: bool = True,
    height: int = 460,
) -> dict[str, Any]:
    """A figure of one or more layers of regions, coloured on one shared scale; the view fits
    the regions and, with `fit_context`, the context land too (else the context is clipped)."""
    data: list[dict[str, Any]] = [_context_trace(context)] if context else []
    shared = len(data)
    spans: list[tuple[int, int]] = []
    for index, layer in enumerate(layers):
        traces = _layer_traces(layer, percent=percent, label=label)
        if index:
            for trace in traces:
                trace["visible"] = False
        spans.append((len(data), len(data) + len(traces)))
        data += traces
    values = [r.value for layer in layers for r in layer.regions if r.value is not None]
    scale = _scale([float(v) for v in values], percent)
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": 0, "r": 0, "t": 36 if len(layers) > 1 else 8, "b": 0},
        "separators": ",.",
        "showlegend": False,
        "dragmode": "pan",
        "paper_bgcolor": "rgba(0,0,0,0)",
        "geo": {
            "visible": False,
            "projection": {"type": "mercator"},
            "bgcolor": "rgba(0,0,0,0)",
        },
        "coloraxis": {
            "colorscale": COLORSCALE,
            "cmin": scale["cmin"],
            "cmax": scale["cmax"],
            "colorbar": {
                "title": {"text": label},
                "tickvals": scale.get("tickvals"),
                "ticktext": scale.get("ticktext"),
                "thickness": 14,
                "len": 0.8,
            },
        },
    }
    if bounds := _bounds(layers, context if fit_context else ()):
        layout["geo"]["lonaxis"] = {"range": bounds[0]}
        layout["geo"]["lataxis"] = {"range": bounds[1]}
    if len(layers) > 1:
        buttons = []
        for index, layer in enumerate(layers):
            visible = [True] * shared + [
                start <= i < end for i in range(shared, len(data)) for start, end in [spans[index]]
            ]
            buttons.append(
                {"label": layer.title, "method": "restyle", "args": ["visible", visible]}
            )
        layout["updatemenus"] = [
            {
                "type": "buttons",
                "direction": "right",
                "x": 0,
                "y": 1.0,
                "xanchor": "left",
                "yanchor": "bottom",
                "showactive": True,
                "buttons": buttons,
            }
        ]
    return {"data": data, "layout": layout}
