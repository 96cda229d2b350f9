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
