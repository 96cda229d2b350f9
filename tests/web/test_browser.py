"""A real Chromium (Debian's, driven by Playwright) walks the demo as a visitor would."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.conftest import ARTIFACTS, follow, open_menu

pytestmark = pytest.mark.browser


def test_a_visitor_walks_from_the_home_page_down_to_a_village(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Wilayah Indonesia"
    assert page.locator("#children tbody tr").count() == 38
    follow(page, page.get_by_role("link", name="Kalimantan Barat", exact=True))
    assert page.locator("#region-code").inner_text() == "61"
    assert page.locator("#children tbody tr").count() == 14
    follow(page, page.get_by_role("link", name="Kabupaten Ketapang", exact=True))
    assert page.locator("#region-code").inner_text() == "61.04"
    assert page.locator("#children tbody tr").count() == 20
    follow(page, page.get_by_role("link", name="Matan Hilir Utara", exact=True))
    follow(page, page.get_by_role("link", name="Sungai Putri", exact=True))
    assert page.locator("#region-code").inner_text() == "61.04.01.2011"
    assert "Kalimantan Barat" in page.locator(".crumbs").inner_text()
    page.screenshot(path=str(ARTIFACTS / "village.png"), full_page=True)


def test_a_visitor_finds_a_region_by_search_without_reloading(page):
    page.goto("/")
    page.fill("#q", "Kab. Ketapang")
    page.locator("#search-results a").first.wait_for()
    assert page.locator("#search-results a").all_inner_texts() == ["Kabupaten Ketapang"]
    assert "/cari/" not in page.url  # no navigation: HTMX swapped the results in place


def test_a_visitor_computes_contributions_on_the_calculator_page(page):
    page.goto("/")
    open_menu(page, "Cakupan")
    follow(page, page.get_by_role("link", name="Kalkulator iuran"))
    page.select_option("#segment", "PU")
    page.fill("#date", "2024-06-01")
    page.fill("#wage", "10.000.000")
    page.select_option("#risk", "medium")
    page.fill("#age", "40")
    page.get_by_role("button", name="Hitung").click()
    page.locator("#contribution-result").wait_for()
    # 0.89% JKK + 0.30% JKM + 3.7% JHT + 2% JP on Rp10,000,000 (under the 2024 JP cap of
    # Rp10,042,300): 89,000 + 30,000 + 370,000 + 200,000, as billed; JKP's recomposed 12,000
    # stays inside JKK and JKM and is a note.
    assert page.locator("#programme-jkk td").first.inner_text() == "Rp89.000"
    assert page.locator("#total-employer").inner_text() == "Rp689.000"
    assert page.locator("#total-worker").inner_text() == "Rp300.000"  # 2% JHT + 1% JP
    assert "JKK 0,14% (Rp7.000)" in page.locator("#recomposition-note").inner_text()
    page.screenshot(path=str(ARTIFACTS / "calculator-pu.png"), full_page=True)

    page.select_option("#segment", "BPU")
    page.fill("#income", "500000")
    page.get_by_role("button", name="Hitung").click()
    # JKK 1% of 500,000 = 5,000 is below the Rp10,000 floor; JKM Rp6,800 flat.
    # (A locator, not wait_for_function: the page's CSP forbids evaluating strings.)
    expect(page.locator("#total-worker")).to_have_text("Rp16.800", timeout=10_000)

    page.fill("#date", "2014-01-01")
    page.get_by_role("button", name="Hitung").click()
    summary = page.locator(".form-summary")  # the rules' refusal: named above the form ...
    summary.wait_for()
    assert "Tanggal" in summary.inner_text()
    # ... and said beside the field it is about
    assert "1 Januari 2014 sebelum aturan pertama" in page.locator("#date_error").inner_text()
