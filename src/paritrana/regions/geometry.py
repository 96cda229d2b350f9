"""Plain GeoJSON geometry helpers, without Django: validation, simplification, a point inside.

Boundaries are only ever drawn on a dashboard map, so they are simplified (Douglas-Peucker per
ring) to what a screen shows and rounded; a region's point is a point inside its largest part
(the centroid of that part when it lies inside, else the middle of the widest stretch of the
part along the centroid's latitude), so a marker never lands in the sea next to a bay.
Coordinates are longitude, latitude in WGS84 (GeoJSON's only coordinate system).
"""

from __future__ import annotations

import math
from typing import Any

Position = list[float]
Ring = list[Position]

# Indonesia, generously: anything outside is a wrong coordinate system or a wrong file.
LON_RANGE = (90.0, 145.0)
LAT_RANGE = (-15.0, 10.0)
POLYGON_TYPES = ("Polygon", "MultiPolygon")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _ring_problem(ring: Any) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return "setiap cincin poligon harus berisi sedikitnya 4 titik"
    for position in ring:
        if (
            not isinstance(position, list)
            or len(position) < 2
            or not all(_is_number(v) for v in position[:2])
        ):
            return "koordinat harus berupa pasangan angka [bujur, lintang]"
    for lon, lat in (p[:2] for p in ring):
        if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
            return (
                f"koordinat [{lon:g}, {lat:g}] di luar wilayah Indonesia (bujur 90 s.d. 145, "
                "lintang -15 s.d. 10); berkas mungkin memakai proyeksi lain (mis. UTM): ubah "
                "ke WGS84 (EPSG:4326) lalu muat lagi"
            )
    if ring[0][:2] != ring[-1][:2]:
        return "cincin poligon tidak tertutup (titik pertama dan terakhir harus sama)"
    return None


def geometry_problem(geometry: Any) -> str | None:
    """Why `geometry` is not a usable Polygon/MultiPolygon, in Bahasa Indonesia; None if it is."""
    if not isinstance(geometry, dict):
        return "fitur tanpa geometri"
    kind = geometry.get("type")
    if kind not in POLYGON_TYPES:
        return f"tipe geometri {kind!r} tidak didukung: hanya Polygon atau MultiPolygon"
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return "geometri tanpa koordinat"
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return "poligon tanpa cincin"
        for ring in polygon:
            if problem := _ring_problem(ring):
                return problem
    return None


def polygons_of(geometry: dict[str, Any]) -> list[list[Ring]]:
    """The polygons (outer ring, then holes) of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def ring_area(ring: Ring) -> float:
    """Signed planar area in square degrees (shoelace); enough to compare parts."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip((p[:2] for p in ring), (p[:2] for p in ring[1:]), strict=False):
        total += x1 * y2 - x2 * y1
    return total / 2


def _distance_to_segment(p: Position, a: Position, b: Position) -> float:
    (px, py), (ax, ay), (bx, by) = p[:2], a[:2], b[:2]
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _douglas_peucker(points: Ring, tolerance: float) -> Ring:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance_to_segment(points[i], points[first], points[last])
            if d > farthest:
                farthest, index = d, i
        if index >= 0 and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: Ring, tolerance: float, digits: int) -> Ring | None:
    """The ring simplified and rounded, closed; None when it collapses below a triangle."""
    points = [[round(p[0], digits), round(p[1], digits)] for p in ring]
    deduped = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(deduped) < 4:
        return None
    # Split the closed ring at the point farthest from its start, so both halves are open lines.
    start = deduped[0]
    far = max(range(len(deduped)), key=lambda i: math.dist(start, deduped[i]))
    first = _douglas_peucker(deduped[: far + 1], tolerance)
    second = _douglas_peucker(deduped[far:], tolerance)
    result = first + second[1:]
    if len(result) < 4 or abs(ring_area(result)) == 0:
        return None
    return result


def simplify(geometry: dict[str, Any], *, tolerance: float, digits: int = 4) -> dict[str, Any]:
    """A smaller copy for drawing: rings simplified, slivers dropped, never the whole region."""
    parts: list[list[Ring]] = []
    for polygon in polygons_of(geometry):
        outer = simplify_ring(polygon[0], tolerance, digits)
        if outer is None:
            continue
        holes = [h for h in (simplify_ring(r, tolerance, digits) for r in polygon[1:]) if h]
        parts.append([outer, *holes])
    if not parts:
        # Every part is smaller than the tolerance (a small island town): keep the largest as is.
        largest = max(polygons_of(geometry), key=lambda poly: abs(ring_area(poly[0])))
        parts = [[[[round(p[0], digits), round(p[1], digits)] for p in largest[0]]]]
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def _inside(lon: float, lat: float, polygon: list[Ring]) -> bool:
    inside = False
    for ring in polygon:
        for (x1, y1), (x2, y2) in zip(
            (p[:2] for p in ring), (p[:2] for p in ring[1:]), strict=False
        ):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _widest_middle(lat: float, polygon: list[Ring]) -> float | None:
    crossings = sorted(
        x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
        for ring in polygon
        for (x1, y1), (x2, y2) in zip(
            (p[:2] for p in ring), (p[:2] for p in ring[1:]), strict=False
        )
        if (y1 > lat) != (y2 > lat)
    )
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return None
    left, right = max(spans, key=lambda s: s[1] - s[0])
    return (left + right) / 2


def representative_point(geometry: dict[str, Any]) -> tuple[float, float]:
    """(lon, lat) of a point inside the geometry's largest part."""
    polygon = max(polygons_of(geometry), key=lambda poly: abs(ring_area(poly[0])))
    outer = polygon[0]
    area = ring_area(outer)
    if area == 0:
        lon, lat = outer[0][:2]
        return float(lon), float(lat)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip((p[:2] for p in outer), (p[:2] for p in outer[1:]), strict=False):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    lon, lat = cx / (6 * area), cy / (6 * area)
    if not _inside(lon, lat, polygon):
        middle = _widest_middle(lat, polygon)
        if middle is not None:
            lon = middle
    return round(lon, 5), round(lat, 5)
