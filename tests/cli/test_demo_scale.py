"""The demo's coverage data at the published scale, built by the demo's own function on two
small synthetic samples: the nation shows BPS's employed population and BPJS's year-end active
participants, Kalimantan Barat about 1.8 million workers at about 31%, the sample's records
still give employers' compliance, and the pages say "Data sintetis"."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from paritrana.cli import demo
from paritrana.coverage.models import DataImport, EmployerMetric, RegionMetric


@pytest.fixture
def scaled(regions, store):
    demo._ensure_coverage(
        Console(file=io.StringIO(), width=200), years=((2024, 1, 4_000), (2025, 2, 4_000))
    )


def _metric(year: int, code: str) -> RegionMetric:
    return RegionMetric.objects.get(year=year, region_code=code, base_kind="sakernas_bekerja")


def test_the_demo_data_are_at_the_published_scale(scaled, client):
    nation = _metric(2025, "ID")
    assert nation.workforce == 146_540_000  # BPS Sakernas August 2025
    assert nation.active == pytest.approx(45_200_000, abs=2_000)  # BPJS, December 2024
    assert _metric(2024, "ID").workforce == 144_640_000  # BPS Sakernas August 2024
    assert _metric(2024, "ID").active == pytest.approx(45_200_000, abs=2_000)
    kalbar = _metric(2025, "61")
    assert kalbar.workforce == 1_800_000
    assert kalbar.ucj_pct == pytest.approx(31.0, abs=0.01)
    assert kalbar.target_pct == 59.56
    assert nation.from_aggregated and kalbar.from_aggregated
    # Kab/kota and villages carry counts too (the award draws its candidates from them).
    # (a 4,000-participant sample reaches most of the 514 kab/kota; the demo's reaches all).
    assert RegionMetric.objects.filter(year=2025, level="kabkota").count() > 300
    assert RegionMetric.objects.filter(year=2025, level="desa", active__gt=0).exists()

    # The sample's records still give employers' compliance.
    employers = EmployerMetric.objects.filter(year=2025)
    assert employers.count() > 50
    assert employers.filter(on_time_pct__isnull=False).exists()

    # Every page says the data are synthetic.
    assert "Data sintetis." in client.get("/dasbor/").content.decode()

    # The counts and the workforce came in through the ordinary imports.
    imported = set(DataImport.objects.filter(status="imported").values_list("kind", flat=True))
    assert imported >= {"contributions", "active_counts", "workforce", "employers"}


def test_no_kabkota_of_kalimantan_barat_is_out_of_proportion(scaled):
    """The province's 558,001 active participants are shared over its kab/kota by their
    planned shares, as its workforce is, each keeping the sample's lead or lag within 1.5
    times (synth_scale): their UCJ lie within 1.5 x 1.5 of each other, where a large sample
    employer scaled with its kab/kota once made Kabupaten Sintang 331,514 participants (59%)
    at a UCJ of 69%, and Kabupaten Kayong Utara 4,8%. (This 4,000-participant sample reaches 11 of
    the 14 kab/kota; the demo's 120,000 reach all: 18,0% to 40,1%, Sintang 131,827.)"""
    rows = RegionMetric.objects.filter(
        year=2025, level="kabkota", region_code__startswith="61.", base_kind="sakernas_bekerja"
    )
    ucj = {m.region_code: m.ucj_pct for m in rows}
    assert len(ucj) >= 11 and None not in ucj.values()
    assert max(ucj.values()) / min(ucj.values()) < 1.5 * 1.5
    province = _metric(2025, "61")
    active = {m.region_code: m.active for m in rows}
    assert sum(active.values()) == pytest.approx(province.active, rel=0.001)
    assert max(active.values()) < province.active / 3


def test_a_kabkota_with_a_large_sample_employer_keeps_its_lead_within_bounds():
    from paritrana.engine.synth_scale import kabkota_targets

    # Three kab/kota planned alike; the first holds 80% of the sample (a large employer).
    targets = kabkota_targets(
        {"61.01": 800, "61.02": 100, "61.03": 100},
        {"61.01": 0.01, "61.02": 0.01, "61.03": 0.01},
        {"61": 700},
    )
    assert targets == {"61.01": 300, "61.02": 200, "61.03": 200}  # 1.5 : 1 : 1, not 8 : 1 : 1
    # A kab/kota behind the others keeps being behind, by less than 1.5 times.
    behind = kabkota_targets(
        {"62.01": 100, "62.02": 100, "62.03": 50},
        {c: 1.0 for c in ("62.01", "62.02", "62.03")},
        {"62": 1_000},
    )
    assert behind == {"62.01": 373, "62.02": 372, "62.03": 255}  # 1 : 1 : 1.5 ** -0.94
    assert sum(behind.values()) == 1_000
