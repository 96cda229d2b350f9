"""Every role's day in Chromium, on a 1366x768 laptop and a 390x844 phone, over the demo's own
picture (built by the demo's functions, smaller): a visitor reads the coverage, the dashboard
and its map, the announcements and the calculator; the national admin follows the progress
board to a province and opens a ranking; the data officer opens the imports and one import;
the provincial admin opens its nominees; the candidate saves an answer in its workspace; the
chair opens the ranking to decide and a candidate's breakdown; the provincial assessor and the
national juror each open a sheet and save a score.

On every page visited (page_checks.py): no horizontal scroll, no error in the browser's
console, no serious or critical axe-core violation, none of the internal codes in the text.

The picture takes a while to build, so it is built once for the module and kept (committed)
while its tests run, served by a live server of the module's own; the database is emptied
afterwards and the regions reloaded, as the session began.
"""

from __future__ import annotations

import io
import os

import pytest

from tests.web.conftest import ARTIFACTS, sign_in
from tests.web.page_checks import LAPTOP, PASSWORD, PHONE, CheckedPage

# One picture for the tour and the crawl: both run once, in the PostgreSQL run (marker `crawl`).
pytestmark = [pytest.mark.browser, pytest.mark.crawl]

PROVINCES = ("31", "61", "63")  # the teams and shortlists built: Kalimantan Barat's and two more


@pytest.fixture(scope="module")
def db(django_db_setup):
    """Named `db` so that pytest-django sets up the test database for this module's tests, but
    unlike its own `db` it opens no transaction around each test: on SQLite that transaction
    would hold the write lock for the whole test (transaction_mode IMMEDIATE) and the live
    server could not log anyone in. The module's picture stays committed until `site` ends."""


@pytest.fixture(scope="module")
def site(db, django_db_blocker, tmp_path_factory):
    """The demo's accounts, one small synthetic year, and its cycle: Kalimantan Barat judged
    to its decisions, its Juara I in the national round, the jury verifying."""
    from django.core.management import call_command
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer
    from rich.console import Console

    from paritrana.cli import demo
    from tests.regions_fixture import restore_regions

    folder = tmp_path_factory.mktemp("tour")
    overrides = override_settings(
        PARITRANA_STORE_DIR=folder / "store",
        PARITRANA_UPLOAD_DIR=folder / "uploads",
        MEDIA_ROOT=folder / "media",
        PARITRANA_PSEUDONYM_SECRET="test-secret",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )
    overrides.enable()
    # Playwright's sync API runs an event loop in this thread; the ORM calls stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    server = None
    try:
        with django_db_blocker.unblock():
            restore_regions()  # if a transactional test before emptied the database
            console = Console(file=io.StringIO(), width=200)
            demo._ensure_accounts()
            demo._ensure_coverage(console, years=((2025, 2, 20_000),))
            demo._ensure_award_cycle(console, provinces=PROVINCES)
        server = LiveServer("localhost")
        yield server
    finally:
        if server is not None:
            server.stop()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            restore_regions()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        overrides.disable()


class Tour(CheckedPage):
    """One reader's browser at one screen size; `look()` checks the page shown."""

    def __init__(self, browser, base_url: str, viewport: dict[str, int]):
        super().__init__(browser, base_url, viewport)
        self.found: dict[str, list[str]] = {}

    def log_in(self, username: str) -> None:
        self.goto("/masuk/")
        sign_in(self.page, username, PASSWORD)
        assert self.page.url.endswith("/beranda/")

    def goto(self, path: str) -> None:
        self.page.goto(path)
        self.look()

    def follow(self, link) -> None:
        """Click a link (a locator) and check the page it leads to."""
        href = link.get_attribute("href")
        with self.page.expect_navigation():
            link.click()
        assert self.page.url.endswith(href)
        self.look()

    def look(self, shot: str | None = None) -> None:
        page = self.page
        found = self.problems()
        path = page.url.split("://", 1)[-1].split("/", 1)[-1]
        if found:
            self.found.setdefault(f"/{path} at {self.width} px", []).extend(found)
        if shot:
            page.screenshot(path=str(ARTIFACTS / f"tour-{shot}-{self.width}.png"), full_page=True)


@pytest.fixture(params=[LAPTOP, PHONE], ids=["1366", "390"])
def tour(request, site, chromium_of_module, django_db_blocker):
    ARTIFACTS.mkdir(exist_ok=True)
    with django_db_blocker.unblock():  # for the live server's threads
        tour = Tour(chromium_of_module, site.url, request.param)
        yield tour
    tour.close()
    assert tour.found == {}, "\n".join(
        f"{page}:\n  " + "\n  ".join(found) for page, found in tour.found.items()
    )


def _main_link(page, href: str):
    return page.locator(f'main a[href="{href}"]').first


def test_a_visitor_reads_coverage_dashboard_map_announcements_and_calculator(tour):
    page = tour.page
    tour.goto("/")
    tour.follow(_main_link(page, "/wilayah/61/"))
    assert "Kalimantan Barat" in page.locator("h1").inner_text()
    tour.goto("/cakupan/")
    tour.goto("/dasbor/")
    tour.look(shot="dashboard")
    assert page.locator("#map-plot .main-svg").count() > 0  # the map is drawn
    tour.follow(page.locator("#children a", has_text="Kalimantan").first)  # the zone
    tour.follow(page.locator("#children a", has_text="Kalimantan Barat").first)
    assert "Kalimantan Barat" in page.locator("h1").inner_text()
    tour.goto("/pengumuman/")
    tour.goto("/kalkulator-iuran/")
    page.fill("#wage", "10000000")
    page.select_option("#risk", "medium")
    page.get_by_role("button", name="Hitung").click()
    page.locator("table#contribution-result").wait_for()
    tour.look(shot="calculator")


def test_the_national_admin_follows_the_progress_board_to_a_ranking(tour):
    page = tour.page
    tour.log_in("admin")
    tour.look()
    tour.follow(page.locator("main a", has_text="Papan kemajuan").first)
    tour.look(shot="progress")
    tour.follow(page.locator("main table a", has_text="Kalimantan Barat").first)
    assert "Kalimantan Barat" in page.locator("h1").inner_text()
    tour.goto("/hasil/")
    tour.follow(page.locator("#rankings a", has_text="Kalimantan Barat").first)
    assert page.locator("#ranking").is_visible()
    tour.look(shot="ranking")


def test_the_data_officer_opens_the_imports_and_one_import(tour):
    page = tour.page
    tour.log_in("petugas")
    tour.look()
    tour.follow(page.locator("main a", has_text="Buka impor data"))
    tour.look(shot="imports")
    tour.follow(page.locator("main table a[href^='/impor/']").first)
    assert page.locator("#import-status").is_visible()
    tour.goto("/impor/skema/")


def test_the_provincial_admin_opens_its_progress_and_its_nominees(tour):
    page = tour.page
    tour.log_in("kalbar")
    tour.look(shot="home-kalbar")
    tour.follow(page.locator("main a", has_text="Papan kemajuan").first)
    tour.goto("/seleksi/")
    tour.follow(page.locator("main a", has_text="Kabupaten Ketapang").first)
    assert page.locator("h1").inner_text().startswith("Kabupaten Ketapang")


def test_the_candidate_saves_an_answer_in_its_workspace(tour):
    page = tour.page
    tour.log_in("ketapang")
    tour.look()
    tour.follow(page.locator("main a", has_text="Buka ruang kerja").first)
    answer = page.locator("#answers-form textarea").first
    answer.fill("Perbup 12/2025 mewajibkan kepesertaan BPJS Ketenagakerjaan bagi pekerja desa.")
    with page.expect_navigation():
        page.locator("#answers-form button[type=submit]").click()
    assert "tersimpan" in page.locator("main .ok").inner_text()
    tour.look(shot="workspace")


def test_the_chair_opens_the_ranking_and_a_breakdown(tour):
    page = tour.page
    tour.log_in("ketua-kalbar")
    tour.look()
    tour.follow(page.locator("main a", has_text="Buka peringkat").first)
    assert page.locator("#ranking").is_visible()
    tour.look(shot="chair-ranking")
    tour.follow(page.locator("#ranking tbody a").first)


def _score_a_sheet(tour, username: str, shot: str) -> None:
    page = tour.page
    tour.log_in(username)
    tour.look()
    tour.follow(page.locator("main a", has_text="Buka lembar nilai saya").first)
    tour.follow(page.locator("table.assignments a", has_text="Nilai").first)
    criterion = page.locator("#score-form fieldset.criterion").first
    criterion.locator("input[type=radio]").nth(1).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan draf").click()
    tour.look(shot=shot)
    assert criterion.locator("input[type=radio]").nth(1).is_checked()  # saved, shown again


def test_the_provincial_assessor_saves_a_score(tour):
    _score_a_sheet(tour, "penilai-kalbar", "assessor-sheet")


def test_the_national_juror_saves_a_score(tour):
    _score_a_sheet(tour, "juri", "juror-sheet")


# The crawl of every page (marker `crawl`: page_crawl.py), last: on this module's picture, built
# once for the tour and the crawl, after the tour (the crawl publishes the provincial results).
from tests.web.page_crawl import (  # noqa: E402
    crawled,
    test_every_named_page_is_crawled,
    test_every_page_a_role_reaches_passes_the_checks,
)

__all__ = [
    "crawled",
    "test_every_named_page_is_crawled",
    "test_every_page_a_role_reaches_passes_the_checks",
]
