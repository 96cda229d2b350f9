"""In Chromium: a data officer sends a file and sees how far it has got. On a slow connection
(Chromium's network emulation, 256 KB/s up) the import form shows a bar and "Mengunggah ...
n% (... dari ... MB)" while the file goes, then the import's own page; a cancelled upload
imports nothing; a file over the limit is refused before anything is sent; the server's answer
to a wrong file (the form with what was wrong) takes the place of the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.conftest import ARTIFACTS, follow
from tests.web.test_browser_coverage import officer  # noqa: F401  (the fixture)

# Every test is the data officer's (the fixture of test_browser_coverage, imported above).
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("officer")]

HEADER = "region_code,year,target_pct,source\n"
ROW = "61,2025,59.56,Pergub Kalbar\n"


def _log_in(page):
    page.goto("/impor/")
    page.fill("#id_username", "petugas")
    page.fill("#id_password", "rahasia-123")
    follow(page, page.get_by_role("button", name="Masuk"))
    assert page.url.endswith("/impor/")


def _large_targets(tmp_path, megabytes):
    """A targets file of about `megabytes`: one row repeated (the import refuses the repeats,
    after reading the whole file), and its number of rows."""
    path = tmp_path / "target-besar.csv"
    rows = int(megabytes * 1024 * 1024 / len(ROW))
    path.write_text(HEADER + ROW * rows, encoding="utf-8")
    return path, rows


def _slow_upload(page, bytes_per_second):
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 0,
            "downloadThroughput": -1,
            "uploadThroughput": bytes_per_second,
        },
    )
    return session


def _send(page, path, *, bytes_per_second=None, posts=None):
    """Log in, then import `path` as targets (over a connection that sends `bytes_per_second`
    when given; the addresses of the POST requests sent after the login put in `posts`)."""
    _log_in(page)
    if bytes_per_second:
        _slow_upload(page, bytes_per_second)
    if posts is not None:
        page.on("request", lambda sent: posts.append(sent.url) if sent.method == "POST" else None)
    _import(page, path)


def _import(page, path):
    page.select_option("#id_kind", "targets")
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="Impor").click()


def _imports():
    from paritrana.coverage.models import DataImport

    return DataImport.objects.count()


def test_the_form_shows_how_far_the_file_has_got(page, tmp_path):
    path, rows = _large_targets(tmp_path, 1.5)
    _send(page, path, bytes_per_second=256 * 1024)
    status = page.locator("#upload-form .upload-progress")
    expect(status).to_contain_text(
        re.compile(r"Mengunggah target-besar\.csv: \d+% \(\d+,\d dari 1,5 MB\)")
    )
    expect(status.locator("progress")).to_be_visible()
    expect(page.get_by_role("button", name="Impor")).to_be_disabled()
    bar = page.locator("#upload-form progress")
    first = bar.evaluate("bar => bar.value")
    for _ in range(100):  # it moves (the page's security policy forbids wait_for_function)
        page.wait_for_timeout(200)
        if bar.count() == 0 or bar.evaluate("bar => bar.value") > first:
            break
    else:
        pytest.fail(f"the bar stayed at {first} bytes")
    page.screenshot(path=str(ARTIFACTS / "upload-progress.png"), full_page=True)
    page.wait_for_url("**/impor/*/", timeout=60_000)  # then the import's own page
    from paritrana.coverage.models import DataImport

    assert DataImport.objects.get().rows == rows  # the whole file arrived and was read


def test_a_cancelled_upload_imports_nothing(page, tmp_path):
    path, _ = _large_targets(tmp_path, 2)
    _send(page, path, bytes_per_second=128 * 1024)
    expect(page.locator("#upload-form progress")).to_be_visible()
    page.get_by_role("button", name="Batalkan unggahan").click()
    status = page.locator("#upload-form .upload-progress")
    expect(status).to_have_text("Unggahan target-besar.csv dibatalkan; tidak ada yang disimpan.")
    expect(page.get_by_role("button", name="Impor")).to_be_enabled()
    assert page.url.endswith("/impor/")
    assert _imports() == 0


def test_a_file_over_the_limit_is_refused_before_it_is_sent(page, tmp_path, settings):
    settings.PARITRANA_MAX_UPLOAD_BYTES = 1024 * 1024
    path, _ = _large_targets(tmp_path, 1.5)
    posted = []
    _send(page, path, posts=posted)
    expect(page.locator("#upload-form .upload-progress .error")).to_have_text(
        "target-besar.csv (1,5 MB) lebih besar dari batas 1,0 MB; tidak ada yang dikirim."
    )
    assert posted == [] and _imports() == 0


def test_the_servers_answer_to_a_wrong_file_takes_the_place_of_the_page(page, tmp_path):
    path = tmp_path / "target.pdf"
    path.write_bytes(b"%PDF-1.4 not a table")
    _send(page, path)
    expect(page.locator("main")).to_contain_text(
        "Hanya berkas CSV, XLSX dan Parquet yang dapat diimpor."
    )
    assert page.url.endswith("/impor/") and _imports() == 0
    # The page answered is whole: the form can be sent again from it.
    good = tmp_path / "target.csv"
    good.write_text(HEADER + ROW, encoding="utf-8")
    _import(page, good)
    page.wait_for_url("**/impor/*/")
    expect(page.locator("#import-status")).to_have_attribute("data-status", "imported")
