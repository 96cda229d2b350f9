"""The published reference figures page, the RPJMN target line on the national chart, and the
plain "data sintetis" notice, shown exactly while synthetic imports are stored."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache

from paritrana.coverage.domain.compute import compute_metrics
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


def _figure(html: str, name: str) -> dict:
    text = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(text.group(1))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_reference_page_lists_each_figure_with_its_source_and_period(client, regions):
    html = client.get("/angka-acuan/").content.decode()
    row = re.search(r'<tr data-figure="bps-employed-2025">(.*?)</tr>', html, re.S).group(1)
    assert _text(row).strip() == (
        "Penduduk bekerja Indonesia Agustus 2025 146.540.000 "
        "BPS, Sakernas Agustus 2025 (rilis November 2025) ekbis.co, bisnis.com, kumparan.com"
    )
    active = _text(re.search(r'data-figure="bpjs-active-2024">(.*?)</tr>', html, re.S).group(1))
    assert "Desember 2024" in active and "45.200.000" in active and "BPJS Ketenagakerjaan" in active
    kalbar = _text(re.search(r'data-figure="kalbar-target-2025">(.*?)</tr>', html, re.S).group(1))
    assert "Kalimantan Barat" in kalbar and "59,56%" in kalbar
    rpjmn = _text(re.search(r'data-figure="rpjmn-2029">(.*?)</tr>', html, re.S).group(1))
    assert "43,92%" in rpjmn and "RPJMN 2025-2029" in rpjmn


def test_the_national_chart_draws_the_rpjmn_target_line(client, computed):
    html = client.get("/dasbor/").content.decode()
    lines = {t["name"]: t for t in _figure(html, "trend-figure")["data"]}
    rpjmn = lines["Target RPJMN 2025-2029"]
    assert (rpjmn["x"], rpjmn["y"]) == ([2025, 2029], [32.15, 43.92])
    assert re.search(r'id="fact-target"><b>32,15%</b>\s*target RPJMN', html)
    assert "2025: 32,15%, 2029: 43,92%" in html  # the note under the chart says which years
    assert 'id="no-trend"' in html  # this store has no national UCJ: the line stands alone
    # A province keeps its own target line only.
    province = _figure(client.get("/dasbor/61/").content.decode(), "trend-figure")
    assert "Target RPJMN 2025-2029" not in {t["name"] for t in province["data"]}


def _register_batch(store, name: str, source: str) -> None:
    """A contributions batch's manifest, as `paritrana synth` or an import writes it."""
    folder = store / "_imports" / "contributions"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps({"kind": "contributions", "source": source}))


@pytest.mark.parametrize("url", ["/", "/dasbor/", "/angka-acuan/", "/kalkulator-iuran/"])
def test_every_page_says_data_sintetis_while_synthetic_data_are_stored(
    client, computed, store, url
):
    assert "Data sintetis." not in client.get(url).content.decode()  # real records only
    _register_batch(store, "synth-2", "synthetic")
    cache.clear()
    html = client.get(url).content.decode()
    assert 'id="synthetic-notice"' in html
    assert "Data sintetis." in _text(html)
    (store / "_imports" / "contributions" / "synth-2.json").unlink()
    cache.clear()
    assert 'id="synthetic-notice"' not in client.get(url).content.decode()


def test_an_error_page_says_it_too(client, regions, store):
    _register_batch(store, "synth-1", "synthetic")
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert 'id="synthetic-notice"' in response.content.decode()
