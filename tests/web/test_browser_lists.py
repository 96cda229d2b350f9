"""A long list on a phone (390 px): sorted by a header, paged, searched, never wider than the
screen; and printed without the bar, the forms and the pager."""

from __future__ import annotations

import pytest

from tests.web.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DOLOK = "/wilayah/12.20.02/"  # 86 villages


def _names(page) -> list[str]:
    return page.locator("#children tbody tr td:nth-child(2) a").all_inner_texts()


def test_a_long_list_sorts_and_pages_on_a_phone(page):
    page.set_viewport_size(PHONE)
    page.goto(DOLOK)
    assert page.locator(".list-summary").inner_text() == "Menampilkan 1–50 dari 86"
    assert page.locator("#children tbody tr").count() == 50
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]

    name = page.locator("#children th", has_text="Nama")
    assert name.get_attribute("aria-sort") is None
    assert name.locator(".sort-arrow").inner_text() == "↕"  # it can be sorted: it says so
    name.get_by_role("link").click()
    page.wait_for_url("**urut=nama**")
    name = page.locator("#children th", has_text="Nama")
    assert name.get_attribute("aria-sort") == "ascending"
    assert name.locator(".sort-arrow").inner_text() == "▲"
    first = _names(page)
    assert first == sorted(first, key=str.casefold)
    page.screenshot(path=str(ARTIFACTS / "lists-phone-sorted.png"), full_page=True)

    name.get_by_role("link").click()
    page.wait_for_url("**urut=-nama**")
    assert page.locator("#children th", has_text="Nama").get_attribute("aria-sort") == (
        "descending"
    )
    descending = _names(page)
    assert descending == sorted(descending, key=str.casefold, reverse=True)

    page.locator("nav.pager").get_by_role("link", name="Berikutnya").click()
    page.wait_for_url("**hal=2**")
    assert page.locator(".list-summary").inner_text() == "Menampilkan 51–86 dari 86"
    rest = _names(page)
    assert len(rest) == 36 and rest == sorted(rest, key=str.casefold, reverse=True)
    assert descending[-1].casefold() >= rest[0].casefold()  # page 2 goes on where 1 ended
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "lists-phone-page-2.png"), full_page=True)

    # The search keeps the sort and starts again from page 1.
    page.locator("form.list-search input[type=search]").fill(rest[0])
    page.locator("form.list-search").get_by_role("button").click()
    page.wait_for_url("**q=**")
    assert "hal=" not in page.url and "urut=-nama" in page.url
    assert rest[0] in _names(page)

    # Printed: no bar, no forms, no pager; the table at full width.
    page.goto(DOLOK)
    page.emulate_media(media="print")
    for hidden in ("header.topbar", "form.list-search", "nav.pager"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("#children").is_visible()
    overflow = page.evaluate(
        "getComputedStyle(document.querySelector('#children').parentElement).overflowX"
    )
    assert overflow == "visible"
