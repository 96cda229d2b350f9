"""Computing a year's metrics into the database and reading them on the coverage pages."""

from __future__ import annotations

import json

import pytest

from paritrana.cli import main
from paritrana.coverage.domain.compute import compute_metrics
from paritrana.coverage.models import EmployerMetric, RegionMetric
from tests.store_fixture import build_store


@pytest.fixture
def computed(regions, settings, tmp_path):
    settings.PARITRANA_STORE_DIR = build_store(tmp_path / "store")
    return compute_metrics(year=2025)


def test_compute_stores_one_summary_per_region_and_employer(computed):
    kalbar = RegionMetric.objects.get(year=2025, level="provinsi", region_code="61")
    assert (kalbar.active, kalbar.workforce, kalbar.gap_workers) == (3, 10, 3)
    assert kalbar.ucj_pct == pytest.approx(30.0)
    assert kalbar.on_time_pct == pytest.approx(50.0)  # E1 only: Dec p1 and p5 of 4 billed
    assert set(RegionMetric.objects.values_list("level", flat=True)) == {
        "nasional",
        "zona",
        "provinsi",
        "kabkota",
        "desa",
    }
    assert EmployerMetric.objects.get(employer_id="E1").months_in_arrears == 1


def test_recomputing_replaces_rather_than_adds(computed):
    before = RegionMetric.objects.count()
    compute_metrics(year=2025)
    assert RegionMetric.objects.count() == before
    assert EmployerMetric.objects.count() == 2


def test_the_province_page_shows_ucj_target_and_children(client, computed):
    html = client.get("/cakupan/61/").content.decode()
    assert "Kalimantan Barat" in html
    assert 'id="fact-ucj"><b>30,00%' in html
    assert 'id="fact-gap"><b>3<' in html
    assert 'id="fact-projected"><b>2028<' in html
    children = html.split('id="children"', 1)[1]
    assert "Kabupaten Ketapang" in children and "Kota Pontianak" in children
    # The segment and programme headings stand over their figures (right-aligned, as the
    # numbers are) and say in words what each abbreviation is.
    segments = html.split('<table id="segments">', 1)[1].split("</thead>", 1)[0]
    assert segments.count('<th class="num">') == 8
    assert '<abbr title="Bukan penerima upah">BPU</abbr>' in segments


def test_the_national_page_drills_down_through_zones(client, computed):
    assert client.get("/cakupan/").url == "/cakupan/ID/"
    html = client.get("/cakupan/ID/").content.decode()
    assert 'href="/cakupan/kalimantan/?tahun=2025' in html
    zone = client.get("/cakupan/kalimantan/").content.decode()
    assert 'href="/cakupan/61/?tahun=2025' in zone and 'href="/cakupan/63/?tahun=2025' in zone


def test_a_plain_code_redirects_and_an_unknown_region_is_not_found(client, computed):
    assert client.get("/cakupan/6104/").url == "/cakupan/61.04/"
    assert client.get("/cakupan/62/").status_code == 404


def test_cli_show_prints_the_metrics_as_json(computed, capsys):
    assert main(["coverage", "show", "6104", "--year", "2025", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == "Kabupaten Ketapang"
    assert data["active"] == 2
    assert data["ucj_pct"] == pytest.approx(100 * 2 / 6)
    assert [c["region_code"] for c in data["children"]] == ["61.04.01.2011"]


def _reconcile(denominator: int, *extra: str) -> int:
    return main(
        [
            "coverage",
            "reconcile",
            "--pct",
            "35.68",
            "--numerator",
            "39700000",
            "--denominator",
            str(denominator),
            *extra,
        ]
    )


def test_cli_reconcile_says_whether_a_figure_holds(capsys):
    assert _reconcile(144_640_000) == 1
    assert "Tidak cocok" in capsys.readouterr().out
    assert _reconcile(111_267_000, "--json") == 0
    assert json.loads(capsys.readouterr().out)["reconciles"] is True


def test_only_computed_workforce_bases_are_offered(client, computed):
    html = client.get("/cakupan/61/?dasar=potensi").content.decode()
    assert 'value="sakernas_bekerja" selected' in html  # potensi was never computed
    assert 'value="potensi"' not in html
    compute_metrics(year=2025, base_kind="potensi")
    html = client.get("/cakupan/61/?dasar=potensi").content.decode()
    assert 'value="potensi" selected' in html
    assert 'id="fact-ucj"><b>37,50%' in html  # 3 active / 8 potential workers


def test_a_kabkota_without_its_own_target_says_the_award_uses_the_provinces(client, computed):
    """Ketapang has no target of its own: its award data scores read Kalimantan Barat's 59.56%
    (auto_scoring), and its page said only "-" for the target."""
    html = client.get("/cakupan/61.04/").content.decode()
    target = html.split('id="fact-target"', 1)[1].split("</div>", 1)[0]
    assert "<b>-</b>" in target
    assert "tanpa target sendiri: nilai data Paritrana memakai target provinsi, 59,56%" in target
    province = client.get("/cakupan/61/").content.decode()
    assert 'id="province-target"' not in province
