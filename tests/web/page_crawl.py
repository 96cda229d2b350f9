"""Every page, not only the tour's: for each role of the tour's picture (test_role_tour.py) the
browser starts from the role's landing page and follows every same-site link and every GET form
(submitted as it stands) it can read, one page per named URL pattern (the visitor's: one per
pattern and region level), and checks each page on a 1366x768 laptop and a 390x844 phone with
page_checks.py: no horizontal scroll, no error in the browser's console, no serious or critical
axe-core violation (on the phone: on each role's landing page, for its collapsed menu; the
markup of the others is what axe checked on the laptop), none of the internal codes. A link
that answers with an error (403, 404, 500...) is a problem too: the role was shown a way it may
not take. The public pages are the visitor's: a logged-in role does not open them (see PUBLIC).

Not followed: the logout, the downloads (XLSX, CSV, PDF and the uploaded files), the Django
admin and the API. `test_every_named_page_is_crawled` holds the crawl to every named pattern of
the web app: each is reached by some role or listed in NOT_CRAWLED with the reason, so a new
page nobody links to, or one the crawl cannot reach, fails here rather than going unchecked.
The picture's provincial results are published first, so that the public pages show them, and
the visitor also opens a new account's activation link, as its mail gives it.
The pages each role reached, and the time taken, are written to test-artifacts/page-crawl.json.

Its tests run in test_role_tour.py (imported at its end), on the tour's picture and live
server: the picture is built once for both (about 20 s), and the crawl runs after the tour,
since it publishes the provincial results.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import ARTIFACTS, log_in
from tests.web.page_checks import LAPTOP, PASSWORD, PHONE, CheckedPage

# The tour's roles and the demo account each logs in with (None: a visitor, not logged in).
ROLES = {
    "visitor": None,
    "national admin": "admin",
    "data officer": "petugas",
    "provincial admin": "kalbar",
    "candidate": "ketapang",
    "chair": "ketua-kalbar",
    "provincial assessor": "penilai-kalbar",
    "national juror": "juri",
}

DOWNLOAD = "a download (XLSX, CSV or PDF), not a page"
# The web app's named patterns the crawl does not open, and why.
NOT_CRAWLED = {
    "logout": "logs the reader out (a POST form)",
    "compute": "answers a POST only (the imports page's form)",
    "computations": "the imports page's table of computations alone, which the page polls",
    "token_revoke": "answers a POST only (the tokens page's form)",
    "evidence_file": "an uploaded file, downloaded",
    "evidence_preview": "an uploaded PDF or picture shown as it is, framed by the score page",
    "plotly_js": "the dashboard's script, not a page",
    "dashboard_boundaries": "GeoJSON fetched by the dashboard's script (test_dashboard.py)",
    "import_report": DOWNLOAD,
    "import_template": DOWNLOAD,
    "assessor_sheet": DOWNLOAD,
    "certificate_pdf": DOWNLOAD,
    "candidate_report_pdf": DOWNLOAD,
    "provincial_summary_pdf": DOWNLOAD,
    "announcement_pdf": DOWNLOAD,
    "export_file": DOWNLOAD,
    "ranking_xlsx": DOWNLOAD,
    "panels_template": DOWNLOAD,
    "representatives_template": DOWNLOAD,
    # The target of the shortlist page's upload form (crawled with that page); its answers,
    # the preview and the import, come from a POST only.
    "representatives_import": "answers the shortlist page's upload form (a POST)",
    "progress_xlsx": DOWNLOAD,
}

# The public pages (the visitor's crawl reaches exactly these, at both widths). A logged-in role
# does not open them: their views and templates do not look at the reader, and what a role adds
# to them, its menu in the top bar (base.html), is checked on the role's own pages, at both
# widths. 84 page checks fewer, the dashboard's among them (the slowest page, 1.3-1.9 s to load).
PUBLIC = frozenset(
    {
        "activate",
        "calculator",
        "coverage",
        "coverage_home",
        "dashboard",
        "dashboard_region",
        "home",
        "login",
        "planning",
        "public_cycle",
        "public_group",
        "public_results",
        "published_figures",
        "region",
        "search",
    }
)

# Every link's address and every GET form's, submitted with what it holds (as a reader who
# presses its button), from the page as loaded; links marked as downloads are left out.
ADDRESSES = """() => {
  const links = Array.from(document.querySelectorAll("a[href]:not([download])"), (a) => a.href);
  const forms = Array.from(document.querySelectorAll("form"))
    .filter((form) => (form.getAttribute("method") || "get").toLowerCase() === "get")
    .map((form) => {
      const url = new URL(form.action, location.href);
      url.search = new URLSearchParams(new FormData(form)).toString();
      return url.href;
    });
  return links.concat(forms);
}"""


def _pattern(path: str, *, levels: bool = False) -> str | None:
    """The web app's name for a path ("region"), None outside it (static, admin, API...).
    `levels`: a region's page is named with its level too ("region provinsi"): a province's
    page is not a regency's (its children, its charts, the planning link)."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != "web":
        return None
    code = match.kwargs.get("code")
    if not levels or code is None:
        return match.url_name
    if code == "ID":
        level = "nasional"
    elif code[:1].isdigit():  # 61, 61.04, 61.04.01, 61.04.01.2001
        level = ("provinsi", "kabkota", "kecamatan", "desa")[code.count(".")]
    else:
        level = "zona"
    return f"{match.url_name} {level}"


class Reader(CheckedPage):
    """One role's browser at one screen size, logged in as the role (`username`; None: a
    visitor)."""

    def __init__(self, browser, base_url: str, viewport: dict[str, int], username: str | None):
        super().__init__(browser, base_url, viewport)
        if username is not None:
            log_in(self.page, username, PASSWORD)
            assert self.page.url.endswith("/beranda/"), f"{username} was not logged in"
            self.console.clear()

    def check(self, path: str, *, axe: bool = True) -> list[str]:
        """Open the path and say everything wrong with the page it shows (`axe`: with
        axe-core's checks)."""
        from playwright.sync_api import Error

        try:
            response = self.page.goto(path)
        except Error as error:  # a download, say: no page to check
            return [f"not opened: {error.message.splitlines()[0]}"]
        found = []
        if response is None or response.status >= 400:
            found.append(f"answered {response.status if response else 'nothing'}")
        return found + self.problems(axe=axe)

    def addresses(self) -> list[str]:
        """The same-site paths (with their query) the page shown leads to."""
        paths = []
        for url in self.page.evaluate(ADDRESSES):
            if not url.startswith(self.base_url):
                continue
            parts = urlsplit(url)
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        return paths

    def landed(self) -> str:
        return urlsplit(self.page.url).path


class Crawl:
    """What one role's crawl found: pattern name -> the path checked, and the problems."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        self.problems: dict[str, list[str]] = {}
        self.seconds = 0.0


def _crawl(browser, base_url: str, role: str, mailed: tuple[str, ...] = ()) -> Crawl:
    """Breadth first from the landing page: the first page of each pattern is checked on the
    laptop, its links followed; then the phone checks the same pages. The visitor's crawl, the
    one for the public pages, takes one page of each region level; the other roles leave the
    public pages to it. `mailed`: links a mail gives the role, no page."""
    username = ROLES[role]
    levels = username is None
    crawl = Crawl()
    started = time.monotonic()
    laptop = Reader(browser, base_url, LAPTOP, username)
    queue = ["/" if username is None else "/beranda/", *mailed]
    for path in queue:
        crawl.pages[_pattern(path, levels=levels)] = path
    try:
        while queue:
            path = queue.pop(0)
            found = laptop.check(path)
            if found:
                crawl.problems[f"{path} at {laptop.width} px"] = found
            # a redirect shows another pattern's page
            landed = _pattern(laptop.landed(), levels=levels)
            if landed is not None and landed not in crawl.pages:
                crawl.pages[landed] = laptop.landed()
            for address in laptop.addresses():
                name = _pattern(urlsplit(address).path, levels=levels)
                if name is None or name in crawl.pages:
                    continue
                pattern = name.split()[0]  # without the region level
                if pattern in NOT_CRAWLED or (username is not None and pattern in PUBLIC):
                    continue  # not a page to open; or public: the visitor's crawl checks it
                crawl.pages[name] = address
                queue.append(address)
    finally:
        laptop.close()
    phone = Reader(browser, base_url, PHONE, username)
    try:
        for n, path in enumerate(crawl.pages.values()):
            # axe-core on the phone at the landing page only: a page's markup is the same at
            # both widths and the laptop's check ran axe on it; what the phone alone shows is
            # the top bar's collapsed menu, the same on every page of the role.
            found = phone.check(path, axe=n == 0)
            if found:
                crawl.problems[f"{path} at {phone.width} px"] = found
    finally:
        phone.close()
    crawl.seconds = time.monotonic() - started
    return crawl


@pytest.fixture(scope="module")
def crawled(site, chromium_of_module, django_db_blocker):
    """role -> its Crawl, each role crawled once (when a test first asks for it)."""
    from django.contrib.auth import get_user_model

    from paritrana.access.invitations import activation_path, create_account
    from paritrana.awards.models import Cycle, Level, StageKind
    from paritrana.cli.demo_stages import open_in

    with django_db_blocker.unblock():
        # The provincial results published (Kalimantan Barat's are decided), so that the
        # public pages show them and link to a group's page.
        admin = get_user_model().objects.get(username="admin")
        open_in(Cycle.objects.get(), Level.PROVINCIAL, StageKind.PUBLICATION, admin)
        # A new panel member's account, and the activation link its invitation mails.
        invited = create_account(name="Siti Rahmawati", email="siti.rahmawati@example.go.id")
        mailed = {"visitor": (activation_path(invited),)}
    done: dict[str, Crawl] = {}

    def crawl(role: str) -> Crawl:
        if role not in done:
            with django_db_blocker.unblock():  # for the live server's threads
                done[role] = _crawl(chromium_of_module, site.url, role, mailed.get(role, ()))
        return done[role]

    yield crawl
    ARTIFACTS.mkdir(exist_ok=True)
    summary = {
        role: {"seconds": round(c.seconds, 1), "pages": c.pages, "problems": c.problems}
        for role, c in done.items()
    }
    (ARTIFACTS / "page-crawl.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))


@pytest.mark.crawl
@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_a_role_reaches_passes_the_checks(crawled, role):
    crawl = crawled(role)
    assert len(crawl.pages) > 1, f"the {role}'s landing page leads nowhere"
    assert crawl.problems == {}, f"{role}, {len(crawl.pages)} pages:\n" + "\n".join(
        f"{page}:\n  " + "\n  ".join(found) for page, found in crawl.problems.items()
    )


@pytest.mark.crawl
def test_every_named_page_is_crawled(crawled):
    from paritrana.web.urls import urlpatterns

    named = {pattern.name for pattern in urlpatterns}
    assert set(NOT_CRAWLED) <= named, "NOT_CRAWLED names a pattern that is gone"
    assert {name.split()[0] for name in crawled("visitor").pages} == PUBLIC
    reached = {name.split()[0] for role in ROLES for name in crawled(role).pages}
    assert not reached & set(NOT_CRAWLED)
    assert named - set(NOT_CRAWLED) - reached == set(), (
        "pages no role's crawl reached: link them from a page, or say in NOT_CRAWLED why not"
    )
