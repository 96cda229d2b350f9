"""The public endpoints answer anyone: regions, coverage metrics, cycles and published results."""

from __future__ import annotations

import pytest

from paritrana.coverage.domain.compute import compute_metrics
from tests.api.conftest import bearer, error_of
from tests.store_fixture import warm_store


@pytest.fixture
def computed(regions, settings, tmp_path):
    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    compute_metrics(year=2024)
    compute_metrics(year=2025, base_kind="potensi")
    return compute_metrics(year=2025)


# -- regions ------------------------------------------------------------------------------


def test_the_regions_of_a_province_page_by_page(client, regions):
    first = client.get("/api/v1/wilayah/?induk=61&per_halaman=5").json()
    assert (first["count"], first["page"], first["per_page"], first["pages"]) == (14, 1, 5, 3)
    assert first["items"][0] == {
        "code": "61.01",
        "name": "Kabupaten Sambas",
        "level": "kabkota",
        "kind": "kabupaten",
        "parent": "61",
        "zone": None,
    }
    last = client.get("/api/v1/wilayah/?induk=61&per_halaman=5&halaman=3").json()
    assert [r["code"] for r in last["items"]] == ["61.11", "61.12", "61.71", "61.72"]
    assert client.get("/api/v1/wilayah/?induk=61&halaman=99").json()["items"] == []


def test_a_level_filter_and_the_default_page_size(client, regions):
    provinces = client.get("/api/v1/wilayah/?tingkat=provinsi").json()
    assert (provinces["count"], provinces["per_page"], len(provinces["items"])) == (38, 50, 38)
    kalbar = next(p for p in provinces["items"] if p["code"] == "61")
    assert (kalbar["name"], kalbar["zone"]) == ("Kalimantan Barat", "kalimantan")


def test_searching_by_name_tolerates_the_kabupaten_prefix(client, regions):
    found = client.get("/api/v1/wilayah/?q=Kab.%20Ketapang").json()
    assert [(r["code"], r["name"]) for r in found["items"]] == [("61.04", "Kabupaten Ketapang")]
    within = client.get("/api/v1/wilayah/?q=pontianak&induk=61").json()
    assert [r["name"] for r in within["items"]] == ["Kota Pontianak"]


def test_a_name_search_within_a_parent_is_not_cut_by_the_national_matches(client, regions):
    # "sungai" names 971 regions nationwide, more than the search returns; the villages of
    # Kecamatan Sungai Kunyit (61.02.12) come after the first 500 by code, and are still found.
    within = client.get("/api/v1/wilayah/?q=sungai&induk=610212&per_halaman=20").json()
    assert within["count"] == 8
    assert [r["code"] for r in within["items"]][:3] == [
        "61.02.12.2001",
        "61.02.12.2002",
        "61.02.12.2004",
    ]
    assert {r["parent"] for r in within["items"]} == {"61.02.12"}


def test_one_region_with_its_parents_and_counts_and_a_plain_code(client, regions):
    region = client.get("/api/v1/wilayah/6104").json()
    assert (region["code"], region["name"], region["parent"]) == (
        "61.04",
        "Kabupaten Ketapang",
        "61",
    )
    assert region["parents"] == [{"code": "61", "name": "Kalimantan Barat", "level": "provinsi"}]
    assert set(region["counts"]) == {"kecamatan", "desa"} and region["counts"]["kecamatan"] > 10
    missing = client.get("/api/v1/wilayah/62.99")
    assert missing.status_code == 404
    assert error_of(missing)["message"] == (
        "Kode wilayah 62.99 tidak ditemukan dalam data Kemendagri 2025."
    )


def test_the_award_zones(client, regions):
    zones = {z["code"]: z for z in client.get("/api/v1/wilayah/zona").json()}
    assert len(zones) == 5
    assert {"61", "62", "63", "64", "65"} == set(zones["kalimantan"]["provinces"])


# -- coverage -----------------------------------------------------------------------------


def test_the_computed_years_and_bases(client, computed):
    years = client.get("/api/v1/cakupan/tahun").json()
    assert years[0] == {"year": 2025, "bases": ["potensi", "sakernas_bekerja"]}
    assert [y["year"] for y in years] == [2025, 2024]


def test_a_provinces_metrics_as_the_coverage_page_shows_them(client, computed):
    body = client.get("/api/v1/cakupan/61?tahun=2025").json()
    metric = body["metric"]
    assert (metric["name"], metric["level"], metric["year"]) == (
        "Kalimantan Barat",
        "provinsi",
        2025,
    )
    assert (metric["active"], metric["workforce"], metric["gap_workers"]) == (3, 10, 3)
    assert metric["ucj_pct"] == pytest.approx(30.0)
    assert metric["target_pct"] == pytest.approx(59.56)
    assert body["parents"] == [
        {"level": "nasional", "code": "ID", "name": "Indonesia"},
        {"level": "zona", "code": "kalimantan", "name": "Kalimantan"},
    ]
    potensi = client.get("/api/v1/cakupan/61?dasar=potensi").json()["metric"]
    assert potensi["ucj_pct"] == pytest.approx(37.5)  # 3 active / 8 potential workers


def test_the_latest_year_by_default_and_a_plain_kabkota_code(client, computed):
    metric = client.get("/api/v1/cakupan/6104").json()["metric"]
    assert (metric["region_code"], metric["name"], metric["year"]) == (
        "61.04",
        "Kabupaten Ketapang",
        2025,
    )
    assert metric["ucj_pct"] == pytest.approx(100 * 2 / 6)


def test_the_trend_over_the_computed_years(client, computed):
    trend = client.get("/api/v1/cakupan/61/tren").json()
    assert [(t["year"], t["active"]) for t in trend] == [(2024, 2), (2025, 3)]


def test_the_metrics_of_a_level_under_a_region(client, computed):
    rows = client.get("/api/v1/cakupan/?tahun=2025&tingkat=kabkota&induk=61").json()
    assert [(r["region_code"], r["name"]) for r in rows["items"]] == [
        ("61.04", "Kabupaten Ketapang"),
        ("61.71", "Kota Pontianak"),
    ]
    zone = client.get("/api/v1/cakupan/?induk=kalimantan").json()
    assert [r["region_code"] for r in zone["items"]] == ["61", "63"]
    nation = client.get("/api/v1/cakupan/?tingkat=nasional").json()["items"]
    assert [(r["region_code"], r["name"]) for r in nation] == [("ID", "Indonesia")]


def test_no_metrics_is_a_404_saying_what_to_do(client, computed):
    response = client.get("/api/v1/cakupan/62?tahun=2025")
    assert response.status_code == 404
    assert "Impor data lalu jalankan perhitungan" in error_of(response)["message"]
    assert client.get("/api/v1/cakupan/62/tren").status_code == 404


# -- cycles -------------------------------------------------------------------------------


def test_a_cycle_with_its_stages_and_categories(client, cast):
    cycles = client.get("/api/v1/siklus/").json()
    assert cycles["count"] == 1
    cycle = cycles["items"][0]
    assert (cycle["assessment_year"], cycle["ceremony_year"]) == (2025, 2026)
    provincial = [s for s in cycle["stages"] if s["level"] == "provinsi"]
    assert [s["kind"] for s in provincial] == [
        "penyaringan",
        "penilaian_mandiri",
        "verifikasi",
        "wawancara",
        "keputusan",
        "publikasi",
    ]
    detail = client.get("/api/v1/siklus/2025").json()
    assert ("provinsi", "pemda-kabkota") in {(c["level"], c["code"]) for c in detail["categories"]}
    assert client.get("/api/v1/siklus/1999").status_code == 404


def test_a_categorys_criteria_weights_and_rubric(client, cast):
    category = client.get("/api/v1/siklus/2025/kategori/provinsi/pemda-kabkota").json()
    assert category["name"] == cast.category.name
    criteria = {c["code"]: c for c in category["criteria"]}
    regulasi = criteria["regulasi"]
    assert regulasi["kind"] == "kualitatif" and regulasi["weight_is_assumption"] is True
    assert [r["score"] for r in regulasi["rubric"]] == [1, 2, 3, 4, 5]
    assert regulasi["rubric"][0]["descriptor"].startswith("Belum ada regulasi")
    assert all(c["parent"] in criteria for c in criteria.values() if c["parent"])
    assert any(c["parent"] for c in criteria.values())
    listed = client.get("/api/v1/siklus/2025/kategori?tingkat=provinsi").json()
    assert all(c["level"] == "provinsi" for c in listed["items"]) and listed["count"] >= 1
    missing = client.get("/api/v1/siklus/2025/kategori/provinsi/tidak-ada")
    assert error_of(missing)["message"].startswith("Kategori 'tidak-ada' tidak ada di babak")


# -- published results --------------------------------------------------------------------

GROUP = "/api/v1/hasil/2025/provinsi/pemda-kabkota/61"


def test_nothing_is_public_before_the_publication_stage(client, decided):
    rounds = client.get("/api/v1/hasil/").json()["items"][0]["rounds"]
    assert [(r["level"], r["published"]) for r in rounds] == [
        ("provinsi", False),
        ("nasional", False),
    ]
    assert client.get("/api/v1/hasil/2025").json()["items"] == []
    response = client.get(GROUP)
    assert response.status_code == 403
    assert error_of(response)["message"] == "Hasil belum diumumkan."
    # An unknown category or group is still a 404, not a refusal.
    unknown_group = client.get("/api/v1/hasil/2025/provinsi/pemda-kabkota/99")
    unknown_category = client.get("/api/v1/hasil/2025/provinsi/koperasi/61")
    assert (unknown_group.status_code, unknown_category.status_code) == (404, 404)
    assert error_of(unknown_category)["message"] == (
        "Kategori 'koperasi' tidak ada di babak Tingkat provinsi siklus 2025."
    )


def test_after_publication_the_juara_and_the_ranking(client, decided):
    decided.open("publikasi")
    groups = client.get("/api/v1/hasil/2025").json()["items"]
    assert len(groups) == 1
    assert groups[0]["group_name"] == "Kalimantan Barat"
    winners = groups[0]["winners"]
    assert [(w["label"], w["name"]) for w in winners] == [
        ("Juara I", "Kabupaten Ketapang"),
        ("Juara II", "Kota Pontianak"),
    ]
    assert winners[0]["total"] == pytest.approx(66.92, abs=0.01)
    page = client.get(GROUP).json()
    assert page["published"] is True
    assert [r["name"] for r in page["ranking"]] == ["Kabupaten Ketapang", "Kota Pontianak"]
    assert page["ranking"][0]["place"] == "Juara I"
    assert set(page["ranking"][0]) == {"rank", "name", "total", "place"}  # nothing else


def test_result_filters_refuse_unknown_places_in_bahasa_indonesia(client, decided):
    decided.open("publikasi")
    assert client.get("/api/v1/hasil/2025?provinsi=63").json()["items"] == []
    response = client.get("/api/v1/hasil/2025?provinsi=99")
    assert response.status_code == 400
    assert error_of(response)["message"] == "Provinsi dengan kode '99' tidak ada."
    assert client.get("/api/v1/hasil/2025/nasional/pemda-kabkota/61").status_code == 404


def test_a_token_reads_the_public_endpoints_and_a_bad_one_is_refused(client, cast):
    assert client.get("/api/v1/siklus/", headers=bearer(cast.outsider)).status_code == 200
    response = client.get("/api/v1/siklus/", headers={"Authorization": "Bearer prt_palsu"})
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_token"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cakupan/?induk=B%C3%86m%00&tingkat=nasional",
        "/api/v1/wilayah/?induk=61%00",
        "/api/v1/wilayah/?q=Ket%00apang",
    ],
)
def test_a_nul_character_in_a_text_filter_is_invalid_input(client, computed, url):
    """PostgreSQL refuses a NUL character in text: the fuzzing of the API found
    /api/v1/cakupan/?induk=...%00 answering with a server error there."""
    response = client.get(url)
    assert response.status_code == 422, response.content[:300]
    assert error_of(response)["code"]
