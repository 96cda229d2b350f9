"""The dashboard's map: the nation's provinces and, as a second layer, its kab/kota (polygons
fetched from `boundaries`), else a region's children over its own outline, with the legend that
counts the regions drawn as polygons and names those drawn as points (no polygon known)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _

from paritrana.regions.domain.boundaries import Shape, shapes_for
from paritrana.reports.maps import MapLayer, MapRegion, coverage_map, format_value

if TYPE_CHECKING:
    from paritrana.web.views.dashboard import Page, Row


def _map_regions(rows: list[Row], shapes: dict[str, Shape], *, percent: bool) -> list[MapRegion]:
    regions = []
    active_label, target_label = _("active participants"), _("target")
    for row in rows:
        shape = shapes[row.code]
        if shape.geometry is None and shape.point is None:
            continue
        m = row.m
        hover = ""
        if m is not None:
            hover = f"{active_label}: {format_value(m.active, percent=False)}"
            if m.target_pct is not None:
                hover += f"<br>{target_label}: {format_value(m.target_pct, percent=True)}"
        regions.append(
            MapRegion(
                code=row.code,
                name=row.name,
                value=(m.ucj_pct if percent else m.active) if m else None,
                url=row.url,
                geometry=shape.geometry,
                point=shape.point,
                hover=hover,
                approximate=shape.point_source == "induk",
            )
        )
    return regions


@dataclass(frozen=True)
class LegendLayer:
    title: str
    shaped: int  # regions drawn as polygons
    pointed: list[str]  # names of the regions drawn as points: no polygon is known


@dataclass(frozen=True)
class MapLegend:
    layers: list[LegendLayer]
    context: str = ""  # the name of the region whose outline is drawn grey underneath

    @property
    def shaped(self) -> int:
        return sum(layer.shaped for layer in self.layers)

    @property
    def pointed(self) -> int:
        return sum(len(layer.pointed) for layer in self.layers)


def _legend_layer(layer: MapLayer, title: str = "") -> LegendLayer:
    shaped = sum(1 for r in layer.regions if r.geometry)
    pointed = sorted(r.name for r in layer.regions if not r.geometry)
    return LegendLayer(title or str(layer.title), shaped, pointed)


def dashboard_map(
    level: str, code: str, page: Page, boundaries: str = "", title: str = ""
) -> tuple[dict[str, Any], MapLegend] | None:
    """The figure and its legend. The nation: its 38 provinces and, as a second layer, its 514
    kab/kota (polygons simplified for the whole country), whose polygons the page fetches from
    `boundaries.boundaries_geojson` (version `boundaries`) rather than carrying them; below it the
    children: polygons where one is known (packaged for every province and kab/kota, or
    loaded), else points (villages), drawn over the outline of the region itself; `title`: the
    legend's name of the children's layer."""
    if level == "nasional":
        provinces = shapes_for([r.code for r in page.provinces])
        kabkota = shapes_for([r.code for r in page.kabkota], national=True)

        def url(layer: str) -> str:
            return reverse("web:dashboard_boundaries", args=[layer, boundaries])

        layers = [
            MapLayer(
                _("Provinces"),
                _map_regions(page.provinces, provinces, percent=True),
                url("provinsi"),
            ),
            MapLayer(
                _("Regencies/cities"),
                _map_regions(page.kabkota, kabkota, percent=True),
                url("kabkota"),
            ),
        ]
        return coverage_map(layers), MapLegend([_legend_layer(layer) for layer in layers])
    if not page.children:
        return None
    percent = any(r.m is not None and r.m.ucj_pct is not None for r in page.children)
    own = [code, code[:2]] if level in ("provinsi", "kabkota") else []
    shapes = shapes_for([*(r.code for r in page.children), *own])
    label = "UCJ" if percent else _("active participants")
    regions = _map_regions(page.children, shapes, percent=percent)
    layer = MapLayer(_("Map"), regions)
    context: tuple[dict[str, Any], ...] = ()
    fit_context, context_name = True, ""
    if any(r.geometry is None for r in regions):  # points need the land they stand on
        if outline := shapes[code].geometry if code in shapes else None:
            context, context_name = (outline,), page.name
        elif province := shapes[code[:2]].geometry if code[:2] in shapes else None:
            context, fit_context = (province,), False  # a kab/kota without an outline
            context_name = page.crumbs[-1][0]
    figure = coverage_map(
        [layer], percent=percent, label=label, context=context, fit_context=fit_context
    )
    return figure, MapLegend([_legend_layer(layer, title)], context_name)
