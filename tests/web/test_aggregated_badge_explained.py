"""The badge "sebagian dari jumlah agregat" says what it means: a title on the badge and a note
the reader sees on a phone too, linked to the badge, saying which figures come from aggregated
counts rather than individual participant records, and what that leaves empty."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string

from paritrana.coverage.domain.compute import compute_metrics
from paritrana.coverage.models import RegionMetric
from tests.store_fixture import build_store

WORDS = ("aggregated counts", "individual participant records", "JKK, JKM, JHT and JP")


@pytest.fixture
def computed(regions, store):
    cache.clear()
    build_store(store)
    compute_metrics(year=2024)
    compute_metrics(year=2025)
    yield
    cache.clear()


def _explained(html: str) -> None:
    badge = re.search(r'<span class="badge" id="aggregated-badge"([^>]*)>([^<]*)</span>', html)
    assert badge is not None, "no badge"
    title = re.search(r'title="([^"]*)"', badge.group(1)).group(1)
    assert 'aria-describedby="aggregated-note"' in badge.group(1)
    note = re.search(r'<p class="note" id="aggregated-note">(.*?)</p>', html, re.S).group(1)
    assert title == note
    for words in WORDS:  # the msgids; the translation says the same in Bahasa Indonesia
        assert words in note or _translated(words, note), words


def _translated(words: str, note: str) -> bool:
    indonesian = {
        "aggregated counts": "jumlah agregat",
        "individual participant records": "data per peserta",
        "JKK, JKM, JHT and JP": "JKK, JKM, JHT dan JP",
    }
    return indonesian[words] in note


def test_the_coverage_page_explains_the_badge(client, computed):
    RegionMetric.objects.filter(region_code="61", year=2025).update(from_aggregated=True)
    html = client.get("/cakupan/61/", {"tahun": 2025}).content.decode()
    _explained(html)


def test_no_note_without_aggregated_counts(client, computed):
    RegionMetric.objects.filter(region_code="61", year=2025).update(from_aggregated=False)
    html = client.get("/cakupan/61/", {"tahun": 2025}).content.decode()
    assert 'id="aggregated-note"' not in html and 'id="aggregated-badge"' not in html


def test_a_candidates_figures_explain_the_badge_too():
    m = SimpleNamespace(
        as_of_month=None,
        from_aggregated=True,
        workforce_partial=False,
        ucj_pct=None,
        active=1,
        workforce=2,
        change_points=None,
        prev_ucj_pct=None,
        target_pct=None,
        attainment_pct=None,
    )
    figures = SimpleNamespace(year=2025, region=m, employer=None, base_kind="sakernas_bekerja")
    context = {
        "figures": figures,
        "base_label": "",
        "nomination": SimpleNamespace(region_code="61"),
    }
    html = render_to_string("web/assessment/_figures.html", context)
    _explained(html)
