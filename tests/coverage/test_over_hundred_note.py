"""A UCJ above 100% is explained where it is shown: participants are counted in the region of
their employer, the workforce where the workers live (BPS Sakernas), so a region many people
commute into for work (DKI Jakarta, 107,21% in the demo) passes 100%.

The hand-made store of tests/store_fixture.py: Kalimantan Barat 3 active of 10 workers (30%),
Ketapang 2 of 6 (33,33%); the `commuters` store replaces Ketapang's 2025 workforce with a later
batch of 1 worker: 200%.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from paritrana.coverage.domain.compute import compute_metrics
from tests.store_fixture import build_store

NOTE = 'id="ucj-over-hundred"'


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the dashboard caches its pages
    yield
    cache.clear()


@pytest.fixture
def commuters(regions, store):
    build_store(store, extra_workforce=[("61.04", 2025, "sakernas_bekerja", 1, "t", 2)])
    compute_metrics(year=2025)


@pytest.fixture
def residents(regions, store):
    build_store(store)
    compute_metrics(year=2025)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _ucj(html: str) -> str:
    return re.search(r'id="fact-ucj"><b>([^<]*)</b>', html).group(1)


@pytest.mark.parametrize("url", ["/cakupan/61.04/", "/dasbor/61.04/"])
def test_a_region_above_100_percent_says_why(client, commuters, url):
    html = _page(client, url)
    assert _ucj(html) == "200,00%"
    note = html.split(NOTE, 1)[1].split("</p>", 1)[0]
    assert "100%" in note and "BPS Sakernas" in note
    assert html.count(NOTE) == 1


@pytest.mark.parametrize("url", ["/cakupan/61/", "/dasbor/61/"])
def test_a_region_listing_a_child_above_100_percent_says_why(client, commuters, url):
    html = _page(client, url)
    assert _ucj(html) != "200,00%"  # the province itself is below 100%
    assert "200,00%" in html and NOTE in html  # Ketapang, in its list


@pytest.mark.parametrize("url", ["/cakupan/61/", "/cakupan/61.04/", "/dasbor/61/", "/dasbor/"])
def test_no_note_where_every_ucj_is_at_most_100_percent(client, residents, url):
    assert NOTE not in _page(client, url)
