"""In Chromium: what an assessor types into a score sheet is not lost when sending fails. The
session runs out while the sheet is open (cookies gone: the "form expired" page, then the login
page); after logging in again the sheet holds what was typed, with a notice, until it is saved.
A copy the server already has is dropped; a copy older than what the server has since saved is
only offered; logging out forgets the tab's copies."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.assessment import conftest as judging
from tests.web import test_score_sheet as sheets
from tests.web.conftest import ARTIFACTS, follow
from tests.web.page_checks import AXE_JS, internal_codes, problems_of

cast = judging.cast
figures = sheets.figures
sheet = sheets.sheet  # verification open; assessor A judges Ketapang, not yet scored

pytestmark = pytest.mark.browser

PASSWORD = "rahasia-uji-123"  # the cast's
# Internal codes that must not show; not the identifier check: the cast's login names
# ("penilai_a", in the account menu) are written like identifiers.
CODES = {what: pattern for what, pattern in internal_codes().items() if what != "identifier"}
COMMENT = "Perbup 12/2025 ada, tetapi anggaran BPU desa belum dirinci."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _log_in_here(page):
    """Fill the login form the page shows and wait for the page it leads back to."""
    page.fill("#id_username", "penilai_a")
    page.fill("#id_password", PASSWORD)
    follow(page, page.locator("#login-form button[type=submit]"))


def _sheet(sheet):
    from paritrana.assessment.models import ScoreSheet

    return ScoreSheet.objects.filter(
        stage=sheet.stage, member=sheet.cast.a, nomination=sheet.cast.ketapang
    ).first()


def _type_and_lose_the_session(page, url):
    page.context.add_init_script(path=str(AXE_JS))  # for the accessibility check
    page.goto("/masuk/")
    _log_in_here(page)
    page.goto(url)
    page.check("input[name=score-anggaran][value='2']")
    page.fill("textarea[name=comment-anggaran]", COMMENT)
    page.context.clear_cookies()  # the session ran out while the sheet was open
    follow(page, "button[name=action][value=save]")
    assert "Formulir sudah kedaluwarsa" in page.locator("main").inner_text()
    follow(page, page.get_by_role("link", name="Buka formulir lagi"))
    _log_in_here(page)  # the login page, then back to the sheet
    assert page.url.endswith(url)


def test_what_was_typed_is_back_in_the_sheet_after_the_session_ran_out(page, sheet):
    url = f"/penilaian/{sheet.stage.pk}/{sheet.cast.ketapang.pk}/"
    _type_and_lose_the_session(page, url)
    sent = _sheet(sheet)
    assert sent is None or not sent.scores.filter(comment=COMMENT).exists()  # nothing arrived

    notice = page.locator(".keep-notice")
    expect(notice).to_contain_text("belum sampai ke server")
    expect(page.locator("textarea[name=comment-anggaran]")).to_have_value(COMMENT)
    expect(page.locator("input[name=score-anggaran][value='2']")).to_be_checked()
    for width, height in ((1366, 768), (390, 844)):  # readable, nothing wider than the screen
        page.set_viewport_size({"width": width, "height": height})
        assert problems_of(page, CODES) == []
        page.screenshot(path=str(ARTIFACTS / f"kept-typing-restored-{width}.png"), full_page=True)

    follow(page, "button[name=action][value=save]")
    saved = _sheet(sheet).scores.get(criterion__code="anggaran")
    assert (saved.value, saved.comment) == (2, COMMENT)
    expect(page.locator(".keep-notice")).to_have_count(0)
    page.reload()  # the server has it now: the tab's copy is gone, no notice
    expect(page.locator(".keep-notice")).to_have_count(0)
    expect(page.locator("textarea[name=comment-anggaran]")).to_have_value(COMMENT)


def test_the_saved_version_can_be_shown_instead(page, sheet):
    url = f"/penilaian/{sheet.stage.pk}/{sheet.cast.ketapang.pk}/"
    _type_and_lose_the_session(page, url)
    page.get_by_role("button", name="Tampilkan isian tersimpan saja").click()
    expect(page.locator("textarea[name=comment-anggaran]")).to_have_value("")
    expect(page.locator("input[name=score-anggaran][value='2']")).not_to_be_checked()
    page.reload()
    expect(page.locator(".keep-notice")).to_have_count(0)
    expect(page.locator("textarea[name=comment-anggaran]")).to_have_value("")


def test_a_copy_older_than_what_was_saved_since_is_only_offered(page, sheet):
    from paritrana.assessment.domain.scores import Entry, save_scores

    url = f"/penilaian/{sheet.stage.pk}/{sheet.cast.ketapang.pk}/"
    _type_and_lose_the_session(page, url)
    # Meanwhile the sheet was saved from another computer.
    cast = sheet.cast
    save_scores(
        stage=sheet.stage,
        member=cast.a,
        nomination=cast.ketapang,
        entries={"regulasi": Entry(4, "")},
        user=cast.a.user,
    )
    page.reload()
    notice = page.locator(".keep-notice")
    expect(notice).to_contain_text("isian tersimpan sudah berubah")
    expect(page.locator("textarea[name=comment-anggaran]")).to_have_value("")  # not by itself
    expect(page.locator("input[name=score-regulasi][value='4']")).to_be_checked()
    page.get_by_role("button", name="Pulihkan isian saya").click()
    expect(page.locator("textarea[name=comment-anggaran]")).to_have_value(COMMENT)
    expect(page.locator("input[name=score-anggaran][value='2']")).to_be_checked()


def test_logging_out_forgets_what_was_typed(page, sheet):
    from tests.web.conftest import log_out

    url = f"/penilaian/{sheet.stage.pk}/{sheet.cast.ketapang.pk}/"
    page.goto("/masuk/")
    _log_in_here(page)
    page.goto(url)
    page.fill("textarea[name=comment-anggaran]", COMMENT)
    kept = "Object.keys(sessionStorage).filter(k => k.startsWith('paritrana.isian:')).length"
    assert page.evaluate(kept) == 1
    log_out(page)
    assert page.evaluate(kept) == 0
    page.goto("/masuk/")
    _log_in_here(page)
    page.goto(url)
    expect(page.locator(".keep-notice")).to_have_count(0)
    expect(page.locator("textarea[name=comment-anggaran]")).to_have_value("")
