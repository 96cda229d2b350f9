"""The nation's target reads the same on the dashboard and on the coverage page: the RPJMN
target of the year (2025: 32,15%), the additional workers it needs, and "-" for a year the RPJMN
sets no target for. A region's own target reads as before on both."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from paritrana.coverage.domain.compute import compute_metrics
from paritrana.coverage.domain.targets import plan_target, target_reading
from paritrana.coverage.models import RegionMetric
from tests.store_fixture import build_store


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def national(regions, store):
    """Every province with a workforce figure (36 of them 1 worker each): the nation's UCJ is
    4 / 51 = 7,84% in 2025 (as tests/web/test_dashboard.py's national gap)."""
    others = regions.filter(level="provinsi").exclude(code__in=["61", "63"])
    build_store(
        store,
        extra_workforce=[
            (c, 2025, "sakernas_bekerja", 1, "t", 1) for c in others.values_list("code", flat=True)
        ],
    )
    compute_metrics(year=2024)
    compute_metrics(year=2025)


@pytest.fixture
def partial(regions, store):
    """Two of 38 provinces with a workforce figure: no national UCJ."""
    build_store(store)
    compute_metrics(year=2024)
    compute_metrics(year=2025)


def _fact(html: str, name: str) -> str:
    return re.search(rf'id="fact-{name}"><b>([^<]*)</b>', html).group(1)


def _fact_text(html: str, name: str) -> str:
    block = html.split(f'id="fact-{name}">', 1)[1].split("</div>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


def _trend(html: str) -> dict[str, list[str]]:
    body = html.split('<table id="trend">', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    cells = [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)] for r in rows
    ]
    return {row[0]: row[1:] for row in cells}


def test_the_coverage_page_shows_the_dashboards_national_target_and_workers(client, national):
    dashboard = client.get("/dasbor/").content.decode()
    coverage = client.get("/cakupan/ID/").content.decode()
    assert _fact(dashboard, "target") == _fact(coverage, "target") == "32,15%"
    # 32,15% of 51 workers is 16.4: 13 more active participants than the 4 (rounded up).
    assert _fact(dashboard, "gap-workers") == _fact(coverage, "gap") == "13"
    assert "target RPJMN" in _fact_text(coverage, "target")
    words = "tambahan pekerja dibutuhkan untuk target RPJMN 2025"
    assert words in _fact_text(dashboard, "gap-workers")
    assert words in _fact_text(coverage, "gap")
    # 7,84 / 32,15 = 24,40% of the target.
    assert "24,40% tercapai" in _fact_text(coverage, "target")
    # The trend table: the RPJMN sets a 2025 target, none for 2024.
    trend = _trend(coverage)
    assert trend["2025"][-1] == "32,15%"
    assert trend["2024"][-1] == "-"


def test_the_same_year_and_base_read_the_same_on_both_pages(client, national):
    query = {"tahun": "2025", "dasar": "sakernas_bekerja"}
    dashboard = client.get("/dasbor/", query).content.decode()
    coverage = client.get("/cakupan/ID/", query).content.decode()
    for fact, same in (("target", "target"), ("gap-workers", "gap")):
        assert _fact(dashboard, fact) == _fact(coverage, same)
    # 2024: the RPJMN sets no target for it, on either page.
    query["tahun"] = "2024"
    dashboard = client.get("/dasbor/", query).content.decode()
    coverage = client.get("/cakupan/ID/", query).content.decode()
    assert _fact(coverage, "target") == _fact(coverage, "gap") == "-"
    assert _fact(dashboard, "gap-workers") == "-"


def test_without_a_national_ucj_both_pages_show_the_target_and_no_workers(client, partial):
    dashboard = client.get("/dasbor/").content.decode()
    coverage = client.get("/cakupan/ID/").content.decode()
    assert _fact(dashboard, "target") == _fact(coverage, "target") == "32,15%"
    assert _fact(dashboard, "gap-workers") == _fact(coverage, "gap") == "-"


def test_a_province_keeps_its_own_target_on_both_pages(client, partial):
    dashboard = client.get("/dasbor/61/").content.decode()
    coverage = client.get("/cakupan/61/").content.decode()
    assert _fact(dashboard, "target") == _fact(coverage, "target") == "59,56%"
    assert _fact(dashboard, "gap-workers") == _fact(coverage, "gap") == "3"
    assert "RPJMN" not in _fact_text(coverage, "target") + _fact_text(coverage, "gap")


def test_the_reading_of_the_nation_is_the_rpjmn_target_of_the_year(national):
    nation = RegionMetric.objects.get(year=2025, level="nasional", base_kind="sakernas_bekerja")
    assert nation.target_pct is None  # no imported national target
    reading = target_reading(nation, change_points=nation.change_points)
    assert reading.pct == plan_target(2025) == 32.15
    assert reading.gap_points == pytest.approx(32.15 - 400 / 51)
    assert reading.workers == 13
    earlier = RegionMetric.objects.get(year=2024, level="nasional", base_kind="sakernas_bekerja")
    assert target_reading(earlier).pct is None and target_reading(earlier).workers is None
