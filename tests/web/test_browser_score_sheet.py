"""In Chromium, the judging view on a 1366 px laptop and a 390 px phone: the candidate's figures
and evidence sit beside the rubric on the laptop and above it on the phone, neither wider than
the screen; the PDF and the photo open inside the page; the progress leads to the next sheet."""

from __future__ import annotations

import pytest

from tests.assessment import conftest as judging
from tests.web import test_score_sheet as sheets
from tests.web.conftest import ARTIFACTS, follow, log_in

cast = judging.cast
figures = sheets.figures  # Ketapang's figures with a previous year and a target
sheet = sheets.sheet  # ...its evidence, and assessor A's four sheets, two submitted

pytestmark = pytest.mark.browser

PASSWORD = "rahasia-uji-123"  # the cast's
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _login(page, username):
    log_in(page, username, PASSWORD)


def _open_sheet(page, viewport, url):
    """The sheet at that size, with every lazily loaded preview scrolled into view."""
    page.set_viewport_size(viewport)
    with page.expect_response(lambda r: "/lihat/" in r.url and r.status == 200):
        page.goto(url)
        page.locator(".evidence-frame").first.scroll_into_view_if_needed()
    page.locator(".evidence-image").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.evidence-image').naturalWidth > 0")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(1500)  # Chromium's PDF viewer draws the page after the response


def _width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_sheet_puts_the_candidate_beside_the_rubric_and_stacks_on_a_phone(page, sheet):
    cast, stage = sheet.cast, sheet.stage
    url = f"/penilaian/{stage.pk}/{cast.ketapang.pk}/"
    _login(page, "penilai_a")
    page.goto("/penilaian/")
    follow(page, f'td:first-child > a[href="{url}"]')  # the candidate's name
    assert page.locator("h1").inner_text().startswith("Kabupaten Ketapang")

    _open_sheet(page, LAPTOP, url)
    assert _width(page) == LAPTOP["width"]
    candidate = page.locator("#candidate-side").bounding_box()
    rubric = page.locator("#rubric-side").bounding_box()
    assert candidate["x"] + candidate["width"] <= rubric["x"]  # side by side...
    assert abs(candidate["y"] - rubric["y"]) < 2  # ...from the same line
    assert page.locator("#figure-ucj b").inner_text() == "33,33%"
    assert page.locator("#progress-text").inner_text() == "2 dari 4 lembar dikirim"
    frame = page.locator(".evidence-frame").bounding_box()
    assert frame["width"] > 400 and frame["height"] > 300  # the PDF, readable in the page
    page.screenshot(path=str(ARTIFACTS / "judging-sheet-1366.png"))
    page.screenshot(path=str(ARTIFACTS / "judging-sheet-1366-full.png"), full_page=True)

    _open_sheet(page, PHONE, url)
    assert _width(page) == PHONE["width"]
    candidate = page.locator("#candidate-side").bounding_box()
    rubric = page.locator("#rubric-side").bounding_box()
    assert candidate["y"] + candidate["height"] <= rubric["y"]  # one above the other
    assert candidate["width"] <= PHONE["width"] and rubric["width"] <= PHONE["width"]
    page.screenshot(path=str(ARTIFACTS / "judging-sheet-390.png"))
    page.screenshot(path=str(ARTIFACTS / "judging-sheet-390-full.png"), full_page=True)

    page.click("#next-sheet")
    page.wait_for_url(f"**/penilaian/{stage.pk}/{cast.pontianak.pk}/")
    assert page.locator("h1").inner_text().startswith("Kota Pontianak")
    assert page.locator("#progress-position").inner_text() == "ini lembar ke-3 dari 4"
