"""The public coverage dashboard, on the hand-computed store (tests/store_fixture.py):
Kalimantan Barat 3 active of 10 workers (30,00%, 20,00% in 2024), target 59,56%, 3 more
workers needed; Ketapang 2 of 6 (33,33%); Pontianak 1 of 4 (25,00%); Kalimantan Selatan 1 of 5."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from django.core.cache import cache

from paritrana.coverage.domain.compute import compute_metrics
from paritrana.coverage.models import RegionMetric
from paritrana.regions.domain.boundaries import (
    load_boundaries,
    packaged_national_outlines,
    packaged_outlines,
    shapes_for,
)
from paritrana.regions.geometry import polygons_of
from paritrana.regions.models import RegionBoundary
from paritrana.reports.charts_plotly import TrendPoint, coverage_trend
from paritrana.reports.maps import MapLayer, MapRegion, coverage_map
from paritrana.web.views.plotly import plotly_version
from tests.store_fixture import build_store


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def computed(regions, store):
    build_store(store)
    compute_metrics(year=2024)
    compute_metrics(year=2025)


def _fact(html: str, name: str) -> str:
    return re.search(rf'id="fact-{name}"><b>([^<]*)</b>', html).group(1)


def _figure(html: str, name: str) -> dict:
    text = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(text.group(1))


def _boundaries(client, trace: dict) -> dict:
    """The FeatureCollection a national map's trace names by URL (the page's script fetches
    it before drawing)."""
    url = trace["geojson"]
    assert isinstance(url, str) and url.startswith("/dasbor/batas/")  # same origin
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content)


def _row(html: str, table: str, code: str) -> list[str]:
    body = html.split(f'<table id="{table}"', 1)[1].split("</table>", 1)[0]
    row = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', body, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def test_the_province_page_shows_ucj_target_gap_and_change(client, computed):
    html = client.get("/dasbor/61/").content.decode()
    assert _fact(html, "ucj") == "30,00%"
    assert _fact(html, "target") == "59,56%"
    assert _fact(html, "gap-points") == "29,56"
    assert _fact(html, "gap-workers") == "3"
    assert _fact(html, "change") == "+10,00"
    assert _fact(html, "active") == "3"
    ketapang = _row(html, "children", "61.04")
    assert ketapang == ["61.04", "Kabupaten Ketapang", "2", "6", "33,33%", "-", "-", "-", "-"]
    assert _row(html, "children", "61.71")[4] == "25,00%"
    assert _row(html, "children", "61.01")[2:] == ["-"] * 7  # Sambas: no data, still listed


def test_the_trend_has_ucj_per_year_and_the_target_line_with_the_gap(client, computed):
    trend = _figure(client.get("/dasbor/61/").content.decode(), "trend-figure")
    ucj, target = trend["data"]
    assert (ucj["x"], ucj["y"]) == ([2024, 2025], [20.0, 30.0])
    assert (target["x"], target["y"]) == ([2025], [59.56])
    (gap,) = trend["layout"]["annotations"]
    assert gap["text"] == "selisih 29,56 poin"  # 59,56 - 30,00


def _gap_reason(html: str) -> str:
    found = re.search(r'id="gap-reason">([^<]*)<', html)
    return found.group(1) if found else ""


def test_the_national_gap_is_to_the_rpjmn_target_of_the_year(client, regions, store):
    """Every province with a workforce figure (36 of them 1 worker each): the nation's UCJ is
    4 / 51 = 7,84%, short of the RPJMN 2025 target of 32,15% by 24,31 points."""
    others = regions.filter(level="provinsi").exclude(code__in=["61", "63"])
    build_store(
        store,
        extra_workforce=[
            (c, 2025, "sakernas_bekerja", 1, "t", 1) for c in others.values_list("code", flat=True)
        ],
    )
    compute_metrics(year=2024)
    compute_metrics(year=2025)
    html = client.get("/dasbor/").content.decode()
    assert _fact(html, "ucj") == "7,84%"
    assert _fact(html, "target") == "32,15%"
    assert _fact(html, "gap-points") == "24,31"  # 32,15 - 400/51
    assert "selisih terhadap target RPJMN 2025 (poin)" in html
    assert _gap_reason(html) == ""
    # 32,15% of 51 workers is 16.4: 13 more active participants than the 4 (rounded up).
    assert _fact(html, "gap-workers") == "13"
    assert "tambahan pekerja dibutuhkan untuk target RPJMN 2025" in html
    # 2024: the RPJMN 2025-2029 has no target for it, said in words.
    earlier = client.get("/dasbor/", {"tahun": "2024"}).content.decode()
    assert _fact(earlier, "gap-points") == "-"
    assert _gap_reason(earlier) == (
        "RPJMN 2025-2029 menetapkan target nasional hanya untuk 2025, 2029, tidak untuk 2024."
    )


def test_without_a_national_ucj_the_gap_is_a_dash_with_the_reason(client, computed):
    html = client.get("/dasbor/").content.decode()  # 2 of 38 provinces have a workforce
    assert _fact(html, "ucj") == "-"
    assert _fact(html, "gap-points") == "-"
    assert "selisih terhadap target RPJMN 2025 (poin)" in html
    assert _gap_reason(html).startswith("Belum ada UCJ untuk wilayah ini")
    province = client.get("/dasbor/61/").content.decode()
    assert "RPJMN" not in province.split('id="fact-gap-points"', 1)[1].split("</div>", 1)[0]


def test_a_kabkota_page_shows_its_ucj_and_its_villages(client, computed):
    html = client.get("/dasbor/61.04/").content.decode()
    assert _fact(html, "ucj") == "33,33%"
    assert _row(html, "children", "61.04.01.2011") == ["61.04.01.2011", "Sungai Putri", "1"]
    crumbs = html.split('class="crumbs"', 1)[1].split("</nav>", 1)[0]
    for link in ("/dasbor/?tahun=2025", "/dasbor/kalimantan/?tahun=2025", "/dasbor/61/?tahun=2025"):
        assert link in crumbs
    village = client.get("/dasbor/61.04.01.2011/").content.decode()
    assert _fact(village, "active") == "1"
    assert 'href="/dasbor/61.04/?tahun=2025' in village
    assert 'id="map-figure"' not in village  # a village has nothing below it to map
    # No workforce figure, so no UCJ: its active participants by year stand in the trend panel.
    assert 'id="no-trend"' in village
    years = village.split('<table id="active-by-year">', 1)[1].split("</table>", 1)[0]
    assert "<caption>Peserta aktif per tahun</caption>" in years
    rows = re.findall(r'<tr><td>(\d{4})</td><td class="num">([\d.]+)</td></tr>', years)
    assert rows == [("2024", "1"), ("2025", "1")]


def test_the_national_page_lists_every_kabkota_and_maps_them(client, computed):
    html = client.get("/dasbor/").content.decode()
    table = html.split('<table id="kabkota"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr data-code=") == 514
    assert _row(html, "kabkota", "61.04")[4] == "33,33%"
    assert _row(html, "children", "kalimantan")[1] == "4"  # zones have no code cell
    figure = _figure(html, "map-figure")
    provinces = [t for t in figure["data"] if t["name"] == "Provinsi"]
    kabkota = [t for t in figure["data"] if t["name"] == "Kabupaten/kota"]
    buttons = figure["layout"]["updatemenus"][0]["buttons"]
    assert [b["label"] for b in buttons] == ["Provinsi", "Kabupaten/kota"]
    # Every province and kab/kota a polygon (Kemendagri 2025), none a point.
    assert {t["type"] for t in provinces + kabkota} == {"choropleth"}
    drawn = {f["id"] for t in provinces for f in _boundaries(client, t)["features"]}
    assert len(drawn) == 38 and {"64", "65", "91", "92", "93", "94", "95", "96"} <= drawn
    assert sum(len(t["locations"]) for t in kabkota) == 514
    assert all(t.get("visible") is False for t in kabkota)  # behind the layer buttons
    assert not [t for t in figure["data"] if t["name"] not in ("Provinsi", "Kabupaten/kota")]
    coloured = next(t for t in provinces if t["type"] == "choropleth" and t.get("coloraxis"))
    assert dict(zip(coloured["locations"], coloured["z"], strict=True)) == {"61": 30.0, "63": 20.0}
    legend = re.sub(r"\s+", " ", html.split('id="map-legend"', 1)[1].split("</ul>", 1)[0])
    assert "Provinsi 38; Kabupaten/kota 514." in legend
    assert "Tidak ada titik: setiap wilayah di peta ini digambar dengan poligon batasnya." in legend
    assert "cahyadsn/wilayah_boundaries" in html.split('id="map-attribution"', 1)[1]


def test_the_national_map_fetches_its_polygons_as_files_of_their_own(client, computed):
    """The page carries no polygon: 744 488 bytes with them inline (before), under 330 000
    without them on this store (295 527 measured; most of it the 514-row table)."""
    html = client.get("/dasbor/").content.decode()
    assert len(html.encode()) < 330_000
    assert '"geometry"' not in html
    figure = _figure(html, "map-figure")
    urls = {t["name"]: t["geojson"] for t in figure["data"]}
    provinces, kabkota = urls["Provinsi"], urls["Kabupaten/kota"]
    assert re.fullmatch(r"/dasbor/batas/provinsi-[0-9a-f]{16}\.geojson", provinces)
    assert re.fullmatch(r"/dasbor/batas/kabkota-[0-9a-f]{16}\.geojson", kabkota)

    plain = client.get(kabkota)
    assert plain["Content-Type"] == "application/geo+json"
    assert plain["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in plain
    features = json.loads(plain.content)["features"]
    assert len(features) == 514
    by_code = {f["id"]: f["geometry"] for f in features}
    assert by_code["61.04"] == packaged_national_outlines()["61.04"]  # simplified for the nation
    packed = client.get(kabkota, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed["Content-Encoding"] == "gzip" and packed["Vary"] == "Accept-Encoding"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2
    assert client.get(kabkota, headers={"If-None-Match": plain["ETag"]}).status_code == 304
    assert len(json.loads(client.get(provinces).content)["features"]) == 38
    assert client.get("/dasbor/batas/desa-0123456789abcdef.geojson").status_code == 404

    # Loading a boundary makes new URLs (the old ones lead to the new), with the loaded polygon.
    ring = [[110, -1], [110.5, -1], [110.5, -0.5], [110, -0.5], [110, -1]]
    content = {"type": "FeatureCollection", "features": [{"type": "Feature", "id": "61",
               "geometry": {"type": "Polygon", "coordinates": [ring]}}]}  # fmt: skip
    load_boundaries(content=json.dumps(content).encode(), file_name="p.geojson")
    again = _figure(client.get("/dasbor/").content.decode(), "map-figure")
    (new,) = {t["geojson"] for t in again["data"] if t["name"] == "Provinsi"}
    assert new != provinces and client.get(provinces).url == new
    loaded = {f["id"]: f["geometry"] for f in json.loads(client.get(new).content)["features"]}
    assert loaded["61"]["coordinates"] == [ring] and len(loaded) == 38


def test_kalimantan_utara_and_the_papua_provinces_are_drawn_as_their_own_polygons(client, computed):
    figure = _figure(client.get("/dasbor/").content.decode(), "map-figure")
    geometry = {
        f["id"]: f["geometry"]
        for t in figure["data"]
        if t["name"] == "Provinsi"
        for f in _boundaries(client, t)["features"]
    }
    outlines = packaged_outlines()
    for code in ("64", "65", "91", "92", "93", "94", "95", "96"):
        assert geometry[code] == outlines[code]

    # A province of its own: Kalimantan Utara lies north of Kalimantan Timur, Papua Selatan
    # south of Papua Pegunungan (their polygons' middle latitudes).
    def middle_lat(code: str) -> float:
        lats = [p[1] for polygon in polygons_of(geometry[code]) for p in polygon[0]]
        return (min(lats) + max(lats)) / 2

    assert middle_lat("65") > middle_lat("64")
    assert middle_lat("93") < middle_lat("95")
    # The Kalimantan zone's page: its five provinces, each a polygon, no grey older land.
    html = client.get("/dasbor/kalimantan/").content.decode()
    zone = _figure(html, "map-figure")
    ids = sorted(f["id"] for t in zone["data"] for f in t["geojson"]["features"])
    assert ids == ["61", "62", "63", "64", "65"]
    assert "Provinsi 5." in html and "Tidak ada titik" in html


def test_a_province_map_draws_every_kabkota_polygon_a_loaded_one_first(client, computed):
    def box(code: str, west: float) -> dict:
        ring = [[west, -1], [west + 0.5, -1], [west + 0.5, -0.5], [west, -0.5], [west, -1]]
        return {
            "type": "Feature",
            "id": code,
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }

    content = json.dumps({"type": "FeatureCollection", "features": [box("61.04", 110)]})
    load_boundaries(content=content.encode(), file_name="kabkota.geojson")
    html = client.get("/dasbor/61/").content.decode()
    figure = _figure(html, "map-figure")
    coloured = [t for t in figure["data"] if t["type"] == "choropleth" and t.get("coloraxis")]
    (fill,) = coloured
    metrics = dict(
        RegionMetric.objects.filter(
            year=2025, level="kabkota", region_code__startswith="61."
        ).values_list("region_code", "ucj_pct")
    )
    assert fill["locations"] == ["61.04", "61.71"]
    assert fill["z"] == [metrics["61.04"], metrics["61.71"]]
    shapes = {f["id"]: f["geometry"] for f in fill["geojson"]["features"]}
    assert shapes["61.04"] == RegionBoundary.objects.get(region_id="61.04").geometry  # loaded
    assert shapes["61.71"] == packaged_outlines()["61.71"]  # packaged
    assert fill["customdata"] == [
        "/dasbor/61.04/?tahun=2025&dasar=sakernas_bekerja",
        "/dasbor/61.71/?tahun=2025&dasar=sakernas_bekerja",
    ]
    # The twelve other kab/kota have no data: grey polygons, packaged; no points, and no
    # outline of the province underneath (nothing would show through).
    (grey,) = [t for t in figure["data"] if t["type"] == "choropleth" and not t.get("coloraxis")]
    assert len(grey["locations"]) == 12
    assert all(f["geometry"] == packaged_outlines()[f["id"]] for f in grey["geojson"]["features"])
    assert not [t for t in figure["data"] if t["type"] == "scattergeo"]
    assert "Kabupaten/kota 14." in html


def test_a_kabkota_map_draws_its_villages_as_points_on_its_outline_and_says_so(client, computed):
    html = client.get("/dasbor/61.04/").content.decode()
    figure = _figure(html, "map-figure")
    outline = figure["data"][0]
    assert (outline["type"], outline["hoverinfo"]) == ("choropleth", "skip")
    assert outline["geojson"]["features"][0]["geometry"] == packaged_outlines()["61.04"]
    (villages,) = [t for t in figure["data"] if t["type"] == "scattergeo"]
    assert len(villages["lon"]) == 1  # Sungai Putri, the one village with data
    legend = re.sub(r"\s+", " ", html.split('id="map-legend"', 1)[1].split("</ul>", 1)[0])
    assert "Titik: wilayah tanpa poligon batas, digambar di ibu kota atau lokasinya" in legend
    assert "(1 wilayah): Sungai Putri." in legend
    assert "Abu-abu muda di bawahnya: garis batas Kabupaten Ketapang." in legend


def test_the_national_kabkota_layer_simplifies_a_loaded_boundary_further(regions):
    wiggly = [[110 + i / 1000, -2 + (i % 2) / 200] for i in range(501)]
    ring = [*wiggly, [110.5, -1.0], [110.0, -1.0], wiggly[0]]
    geometry = {"type": "Polygon", "coordinates": [ring]}
    feature = {"type": "Feature", "id": "61.04", "geometry": geometry}
    content = json.dumps({"type": "FeatureCollection", "features": [feature]})
    load_boundaries(content=content.encode(), file_name="kabkota.geojson")
    loaded = RegionBoundary.objects.get(region_id="61.04").geometry
    national = shapes_for(["61.04", "61.71"], national=True)
    assert national["61.04"].geometry_source == "dimuat"
    assert len(national["61.04"].geometry["coordinates"][0]) < len(loaded["coordinates"][0]) / 5
    assert national["61.71"].geometry == packaged_national_outlines()["61.71"]


def test_map_builder_puts_polygons_in_the_choropleth_and_the_rest_as_points():
    def square(west: float) -> dict:
        ring = [[west, 0], [west + 1, 0], [west + 1, 1], [west, 1], [west, 0]]
        return {"type": "Polygon", "coordinates": [ring]}

    regions = [
        MapRegion("61", "A", 30.0, "/a/", geometry=square(109)),
        MapRegion("62", "B", 12.5, "/b/", geometry=square(111)),
        MapRegion("63", "C", None, "/c/", geometry=square(113)),
        MapRegion("64", "D", 40.0, "/d/", point=(117.0, 0.5)),
        MapRegion("65", "E", None, "/e/", point=(117.5, 3.0), approximate=True),
        MapRegion("91", "F", 5.0, "/f/"),  # nowhere to draw it
    ]
    figure = coverage_map([MapLayer("Provinsi", regions)])
    kinds = [(t["type"], t.get("coloraxis"), t["customdata"]) for t in figure["data"]]
    assert kinds == [
        ("choropleth", None, ["/c/"]),
        ("choropleth", "coloraxis", ["/a/", "/b/"]),
        ("scattergeo", None, ["/e/"]),
        ("scattergeo", None, ["/d/"]),
    ]
    fill = figure["data"][1]
    assert (fill["locations"], fill["z"]) == (["61", "62"], [30.0, 12.5])
    coloured_points = figure["data"][3]
    assert (coloured_points["lon"], coloured_points["lat"]) == ([117.0], [0.5])
    assert coloured_points["marker"]["color"] == [40.0]
    assert coloured_points["marker"]["coloraxis"] == "coloraxis"
    assert "30,00%" in fill["hovertext"][0]
    geo = figure["layout"]["geo"]
    assert geo["lonaxis"]["range"][0] < 109 and geo["lonaxis"]["range"][1] > 117.5
    assert "fitbounds" not in geo and geo["visible"] is False  # no base map, nothing fetched


def test_trend_builder_marks_the_gap_of_the_latest_year_with_a_target():
    figure = coverage_trend([TrendPoint(2024, 20.0, 50.0), TrendPoint(2025, 30.0, 59.56)])
    (gap,) = figure["layout"]["shapes"]
    assert (gap["x0"], gap["y0"], gap["y1"]) == (2025, 30.0, 59.56)
    assert figure["data"][0]["text"] == ["20,00%", "30,00%"]
    reached = coverage_trend([TrendPoint(2025, 61.0, 59.56)])
    assert "1,44" in reached["layout"]["annotations"][0]["text"]


def test_the_national_page_takes_a_fixed_number_of_queries(
    client, computed, django_assert_max_num_queries
):
    # One of them counts the region's kab/kota with figures in each year (an incomplete
    # year is not opened on: tests/web/test_public_year_fallback.py).
    with django_assert_max_num_queries(8):
        assert client.get("/dasbor/").status_code == 200
    with django_assert_max_num_queries(2):  # the body is cached until the data change
        assert client.get("/dasbor/").status_code == 200
    for url in ("/dasbor/kalimantan/", "/dasbor/61/", "/dasbor/61.04/"):
        with django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200


def test_recomputing_or_loading_boundaries_refreshes_the_cached_page(client, computed):
    assert _fact(client.get("/dasbor/61/").content.decode(), "ucj") == "30,00%"
    RegionMetric.objects.filter(year=2025, level="provinsi", region_code="61").update(ucj_pct=31.0)
    assert _fact(client.get("/dasbor/61/").content.decode(), "ucj") == "30,00%"  # cached
    compute_metrics(year=2024)  # any new computation of the base renders the page again
    assert _fact(client.get("/dasbor/61/").content.decode(), "ucj") == "31,00%"
    ring = [[110, -1], [110.5, -1], [110.5, -0.5], [110, -0.5], [110, -1]]
    content = {"type": "FeatureCollection", "features": [{"type": "Feature", "id": "61.04",
               "geometry": {"type": "Polygon", "coordinates": [ring]}}]}  # fmt: skip
    load_boundaries(content=json.dumps(content).encode(), file_name="k.geojson")
    figure = _figure(client.get("/dasbor/61/").content.decode(), "map-figure")
    shapes = {f["id"]: f["geometry"] for t in figure["data"] for f in t["geojson"]["features"]}
    assert shapes["61.04"]["coordinates"] == [ring]


def test_codes_redirect_and_unknown_regions_are_not_found(client, computed):
    assert client.get("/dasbor/6104/?tahun=2025").url == "/dasbor/61.04/?tahun=2025"
    assert client.get("/dasbor/ID/").url == "/dasbor/"
    assert client.get("/dasbor/62/").status_code == 404  # no metrics for Kalimantan Tengah
    assert client.get("/dasbor/61.04.01/").status_code == 404  # kecamatan: not a dashboard level
    assert client.get("/dasbor/bukan-zona/").status_code == 404
    assert client.get("/dasbor/6104010001/").status_code == 404  # a BPS code


def test_year_and_base_come_from_what_was_computed(client, computed):
    html = client.get("/dasbor/61/?tahun=2024").content.decode()
    assert _fact(html, "ucj") == "20,00%"
    assert '<option value="2024" selected>' in html
    html = client.get("/dasbor/61/?tahun=1999&dasar=potensi").content.decode()
    assert '<option value="2025" selected>' in html and 'value="potensi"' not in html
    compute_metrics(year=2025, base_kind="potensi")
    assert _fact(client.get("/dasbor/61/?dasar=potensi").content.decode(), "ucj") == "37,50%"


def test_without_metrics_the_dashboard_says_so(client, regions):
    response = client.get("/dasbor/")
    assert response.status_code == 200
    assert "Belum ada metrik cakupan." in response.content.decode()


def test_plotly_js_is_served_from_the_installed_package_and_cached_for_long(client, computed):
    html = client.get("/dasbor/").content.decode()
    version = plotly_version()
    url = f"/dasbor/js/plotly-{version}.min.js"
    assert f'<script src="{url}" defer></script>' in html
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)  # nothing from elsewhere
    plain = client.get(url)
    body = b"".join(plain.streaming_content)
    assert body.startswith(b"/**\n* plotly.js v" + version.encode())
    assert len(body) > 3_000_000
    assert plain["Content-Type"].startswith("text/javascript")
    assert plain["Cache-Control"] == "public, max-age=31536000, immutable"
    packed = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == body
    assert client.get(url, headers={"If-None-Match": plain["ETag"]}).status_code == 304
    assert client.get("/dasbor/js/plotly-0.0.1.min.js").url == url


def test_the_coverage_page_links_to_the_dashboard(client, computed):
    html = client.get("/cakupan/61/").content.decode()
    assert 'id="dashboard-link" href="/dasbor/61/?tahun=2025&amp;dasar=sakernas_bekerja"' in html
