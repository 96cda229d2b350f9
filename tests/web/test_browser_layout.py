"""In Chromium, on a 1366 px laptop and a 390 px phone: no page is wider than the screen (a wide
table scrolls inside its own box), the menu folds behind a button on the phone and opens with
it, and the way to the Django admin is shown only to the staff it lets in."""

from __future__ import annotations

import pytest

from tests.assessment import conftest as judging
from tests.web.conftest import ARTIFACTS, follow, log_in, open_menu
from tests.web.page_checks import ROW_OUT_OF_REACH

cast = judging.cast  # the judging cast: a national admin, the Kalbar team, two candidates
judged = judging.judged  # ...with Kalimantan Barat's kab/kota round scored

pytestmark = pytest.mark.browser

PASSWORD = "rahasia-uji-123"  # the cast's
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def staff(judged, django_user_model):
    """A national admin who may also use the Django admin (staff)."""
    return django_user_model.objects.create_superuser(
        username="admin_pusat", password=PASSWORD, email="admin@example.id"
    )


def _login(page, username):
    log_in(page, username, PASSWORD)


def _page_width(page, path, viewport):
    page.set_viewport_size(viewport)
    page.goto(path)
    return page.evaluate("document.documentElement.scrollWidth")


def _heavy_pages(cast):
    return [
        "/",
        "/cakupan/",
        "/dasbor/",
        "/kalkulator-iuran/",
        "/pengumuman/",
        "/hasil/",
        f"/hasil/{cast.category.pk}/61/",
        f"/hasil/{cast.category.pk}/61/{cast.ketapang.pk}/",
        f"/panel/{cast.panel.pk}/",
        "/sekretariat/",
        f"/sekretariat/{cast.cycle.pk}/",
        "/impor/",
    ]


def test_no_page_is_wider_than_a_laptop_or_a_phone(page, staff, judged):
    _login(page, "admin_pusat")
    too_wide = {}
    for path in _heavy_pages(judged):
        for viewport in (LAPTOP, PHONE):
            width = _page_width(page, path, viewport)
            if width != viewport["width"]:
                too_wide[(path, viewport["width"])] = width
    page.set_viewport_size(PHONE)
    page.goto(f"/panel/{judged.panel.pk}/")
    page.screenshot(path=str(ARTIFACTS / "layout-panel-phone.png"))
    assert too_wide == {}

    # The panel's assignment matrix is wider than a phone: it scrolls inside its own box.
    matrix = page.locator("main table").first
    box = matrix.locator("xpath=..")
    assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"


def test_an_anonymous_visitor_sees_no_page_wider_than_the_screen(page, judged):
    for path in ("/", "/cakupan/", "/dasbor/", "/kalkulator-iuran/", "/pengumuman/", "/masuk/"):
        for viewport in (LAPTOP, PHONE):
            assert _page_width(page, path, viewport) == viewport["width"], (path, viewport)


def test_on_a_phone_the_menu_opens_with_its_button(page, staff):
    _login(page, "admin_pusat")
    page.set_viewport_size(PHONE)
    page.goto("/")
    toggler = page.get_by_role("button", name="Tampilkan atau sembunyikan menu")
    assert toggler.get_attribute("aria-expanded") == "false"
    assert not page.locator("#main-menu").is_visible()
    assert not page.get_by_role("button", name="Penghargaan").is_visible()

    toggler.click()
    page.locator("#main-menu.show").wait_for()
    assert toggler.get_attribute("aria-expanded") == "true"
    open_menu(page, "Penghargaan")
    page.screenshot(path=str(ARTIFACTS / "layout-menu-phone.png"))
    page.locator("header nav").get_by_role("link", name="Hasil penilaian").click()
    page.wait_for_url("**/hasil/")
    assert page.locator("h1").inner_text() == "Hasil penilaian"
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]


def test_on_a_laptop_the_whole_bar_fits_on_one_line(page, staff):
    _login(page, "admin_pusat")
    page.set_viewport_size(LAPTOP)
    page.goto("/")
    assert not page.get_by_role("button", name="Tampilkan atau sembunyikan menu").is_visible()
    bar = page.locator("header nav").bounding_box()
    assert bar["height"] < 70  # one line of menus, the language selector inside it
    language = page.locator("header select[name=language]").bounding_box()
    assert language["x"] + language["width"] <= LAPTOP["width"]
    assert language["y"] < bar["y"] + bar["height"]


def test_administration_is_shown_only_to_staff(page, staff, judged):
    _login(page, "admin_pusat")
    page.locator("#menu-account > button").click()
    assert page.locator("header nav").get_by_role("link", name="Administrasi").is_visible()

    follow(page, page.locator("#menu-account").get_by_role("button", name="Keluar"))
    _login(page, "sekda")  # the provincial chair: no staff account
    page.locator("#menu-account > button").click()
    account = page.locator("#menu-account")
    assert account.get_by_role("link", name="Token API").is_visible()
    assert account.get_by_role("link", name="Administrasi").count() == 0
    assert page.locator("a[href='/admin/']").count() == 0

    follow(page, account.get_by_role("button", name="Keluar"))
    assert page.locator("a[href='/admin/']").count() == 0  # nor to a visitor
    assert page.locator("header nav").get_by_role("link", name="Masuk").is_visible()


def test_a_table_that_grows_wider_after_load_becomes_a_tab_stop(page, judged):
    """A box whose table grows wider than the screen after the page has loaded, with no resize of
    the window (a late layout on a busy machine), becomes a Tab stop named after its caption:
    axe's serious `scrollable-region-focusable` failed CI's 390 px calculator page so."""
    from tests.web.page_checks import AXE_JS, serious_violations

    page.context.add_init_script(path=str(AXE_JS))
    page.set_viewport_size(LAPTOP)
    page.goto("/kalkulator-iuran/?segment=PU&date=2024-06-01&wage=10.000.000&risk=medium")
    page.wait_for_load_state("load")
    box = page.locator("#contribution-result").locator("xpath=..")
    assert box.get_attribute("tabindex") is None  # it fits a laptop: no stop
    page.locator("#contribution-result td").first.evaluate(
        "cell => { cell.style.whiteSpace = 'nowrap'; cell.textContent += ' ' + 'x'.repeat(300); }"
    )
    page.wait_for_function(
        "() => document.querySelector('#contribution-result').parentElement.tabIndex === 0"
    )
    assert box.get_attribute("role") == "region"
    assert box.get_attribute("aria-label") == "Setiap program seperti ditagih BPJS, per bulan"
    assert page.evaluate("document.documentElement.scrollWidth") == LAPTOP["width"]
    assert serious_violations(page) == []


def test_on_a_laptop_the_set_up_tables_fit_without_scrolling(page, staff, judged):
    """The cycle set-up page's stage and category tables fit a 1366 px laptop in Bahasa: the
    longest measure name of a shortlist rule once pushed the categories table past its box,
    so the Save buttons sat at its scrolled-off edge."""
    _login(page, "admin_pusat")
    assert _page_width(page, f"/sekretariat/{judged.cycle.pk}/", LAPTOP) == LAPTOP["width"]
    assert page.locator("table.categories select[name=metric]").count() > 0
    boxes = page.locator("main .scroll").evaluate_all(
        "boxes => boxes.map(b => [b.firstElementChild.className, b.scrollWidth, b.clientWidth])"
    )
    assert boxes and [b for b in boxes if b[1] > b[2]] == []
    page.screenshot(path=str(ARTIFACTS / "layout-set-up-laptop.png"), full_page=True)


def test_on_a_laptop_the_dashboard_and_the_ranking_tables_fit_without_scrolling(
    page, staff, judged
):
    """At 1366 px the dashboard's table of regions scrolled sideways (its headings kept on one
    line), its last column out of view; the ranking, the chair's page for choosing the Juara,
    scrolled off its Penilai column with the candidates' names folded onto several lines."""
    _login(page, "admin_pusat")
    overflowing = {}
    for path, table in (
        ("/dasbor/", "#children"),
        (f"/hasil/{judged.category.pk}/61/", "#ranking"),
    ):
        assert _page_width(page, path, LAPTOP) == LAPTOP["width"]
        sizes = page.locator(table).evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
        if sizes[0] > sizes[1]:
            overflowing[path] = sizes
    page.screenshot(path=str(ARTIFACTS / "layout-ranking-laptop.png"), full_page=True)
    assert overflowing == {}
    name = page.locator("#ranking a.breakdown-link").first
    assert name.evaluate("a => a.getClientRects().length") == 1  # the name on one line


def test_on_a_phone_each_stage_and_category_is_a_card_with_its_buttons_in_reach(
    page, staff, judged
):
    """On a phone the stage and category tables scrolled sideways, their Buka tahap, Tutup and
    Simpan buttons past the right edge; each row is now a card, its cells named."""
    from tests.web.page_checks import OUT_OF_REACH

    _login(page, "admin_pusat")
    assert _page_width(page, f"/sekretariat/{judged.cycle.pk}/", PHONE) == PHONE["width"]
    assert page.evaluate(OUT_OF_REACH) == []
    buttons = page.locator("main table.cards button")
    assert buttons.count() > 0
    for index in range(buttons.count()):
        edge = buttons.nth(index).bounding_box()
        assert edge["x"] >= 0 and edge["x"] + edge["width"] <= PHONE["width"]
    named = page.locator("table.stages td[data-label]").first
    assert named.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Tanggal"'
    page.screenshot(path=str(ARTIFACTS / "layout-set-up-phone.png"), full_page=True)
    # The team's seats (role, affiliation, institution to change; remove) and the panel's
    # conflicts (the override's reason) the same way.
    panel = judged.panel
    for url in (f"/sekretariat/{judged.cycle.pk}/tim/{panel.pk}/", f"/panel/{panel.pk}/"):
        assert _page_width(page, url, PHONE) == PHONE["width"]
        out = [what for what in page.evaluate(OUT_OF_REACH) if "Tugaskan" not in what]
        assert out == [], url  # but the assignment matrix, a grid by nature
    page.screenshot(path=str(ARTIFACTS / "layout-panel-phone.png"), full_page=True)


def test_on_a_phone_the_secretariat_shortlist_and_evidence_rows_are_in_reach(
    page, staff, judged, settings, tmp_path
):
    """On a phone the secretariat's list of cycles had its pages (set-up, shortlists, teams,
    progress, reminders) past the right edge, a shortlist its Keluarkan forms, a candidate's
    evidence its file and Hapus, and the list of shortlists its Buka: each row of those tables
    is a card now (or opens from its name)."""
    from tests.secretariat.progress_world import evidence

    settings.MEDIA_ROOT = tmp_path / "media"
    evidence(judged.ketapang, "Perbup perlindungan pekerja rentan Kabupaten Ketapang 2025")
    _login(page, "admin_pusat")
    cycle, category = judged.cycle, judged.category
    out = {}
    for path in (
        "/sekretariat/",
        f"/sekretariat/{cycle.pk}/daftar-pendek/",
        f"/sekretariat/{cycle.pk}/daftar-pendek/{category.pk}/61/",
        f"/seleksi/{judged.ketapang.pk}/",
    ):
        assert _page_width(page, path, PHONE) == PHONE["width"], path
        assert page.locator("main tbody tr").count() > 0, path
        found = page.evaluate(ROW_OUT_OF_REACH)
        if found:
            out[path] = found
    page.screenshot(path=str(ARTIFACTS / "layout-evidence-phone.png"), full_page=True)
    assert out == {}
    assert page.locator("#evidence td[data-label=Berkas] a").is_visible()


def test_a_wide_result_swapped_in_is_a_tab_stop_before_htmx_settles(page, judged):
    """The calculator's result arrives by HTMX; HTMX fires `htmx:load` only when the swap has
    settled (20 ms later by default, longer on a busy machine), and until then the wide result
    tables scrolled on a phone with no Tab stop: axe's serious `scrollable-region-focusable`
    failed CI's 390 px role tour in that window. The window is made 3 s long here."""
    from tests.web.page_checks import AXE_JS, serious_violations

    page.context.add_init_script(path=str(AXE_JS))
    page.set_viewport_size(PHONE)
    page.goto("/kalkulator-iuran/")
    page.evaluate("htmx.config.defaultSettleDelay = 3000")
    page.fill("#wage", "10000000")
    page.select_option("#risk", "medium")
    page.get_by_role("button", name="Hitung").click()
    page.locator("#calculator-result.htmx-settling, #calculator.htmx-settling").first.wait_for(
        state="attached"
    )
    assert page.locator("table#contribution-result").count() == 1  # swapped in, not settled
    boxes = page.locator("#calculator-result .table-scroll")
    assert boxes.count() == 2
    for index in range(2):
        box = boxes.nth(index)
        assert box.evaluate("box => box.scrollWidth > box.clientWidth")  # it scrolls on a phone
        assert box.get_attribute("tabindex") == "0"
    assert (
        boxes.first.get_attribute("aria-label") == "Setiap program seperti ditagih BPJS, per bulan"
    )
    assert serious_violations(page) == []
    assert page.locator("#calculator.htmx-settling, #calculator-result.htmx-settling").count() == 1


def test_on_a_phone_a_failed_computations_reason_wraps_inside_the_screen(page, settings):
    """A computation refused because a bucket object is gone says the object's path, one long
    word: on a 390 px phone it ran past the screen's edge inside the import page's table."""
    from django.contrib.auth.models import Permission, User
    from django_tasks_db.models import DBTaskResult

    from paritrana.coverage.tasks import compute_task
    from paritrana.errors import DomainError

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    officer = User.objects.create_user(username="petugas_data", password=PASSWORD)
    officer.user_permissions.add(Permission.objects.get(codename="add_dataimport"))
    result = DBTaskResult.objects.get(id=compute_task.enqueue(2025, "sakernas_bekerja").id)
    result.claim("here:1:1")
    gone = "contributions/month=2025-07/" + "b" * 64 + ".parquet"
    try:
        raise DomainError(f"Berkas {gone} tidak ada lagi di penyimpanan.")
    except DomainError as refusal:
        result.set_failed(refusal)
    page.set_viewport_size(PHONE)
    _login(page, "petugas_data")
    page.goto("/impor/")
    reason = page.locator("[data-state='failed'] .error").first
    assert gone in reason.inner_text().replace("\n", "")
    box = reason.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]


def test_on_a_phone_the_roster_page_and_its_copy_form_fit(page, staff, judged):
    """The roster page with the form that copies an earlier cycle's teams fits a 390 px phone,
    and so does the refusal it answers once verification has opened (the judged round has)."""
    from paritrana.assessment.domain.panels import create_panel
    from paritrana.awards.domain.templates import create_cycle_from_template
    from tests.web.page_checks import AXE_JS, internal_codes, problems_of

    earlier = create_cycle_from_template(assessment_year=2024)
    create_panel(cycle=earlier, level="provinsi", province="61")
    page.context.add_init_script(path=str(AXE_JS))
    _login(page, "admin_pusat")
    page.set_viewport_size(PHONE)
    page.goto(f"/sekretariat/{judged.cycle.pk}/tim/")
    form = page.locator("#copy-form")
    assert form.locator("select[name=source] option").count() == 1
    assert problems_of(page, internal_codes()) == []
    follow(page, form.get_by_role("button"))
    assert "sudah dibuka" in page.locator("#copy-error").inner_text()
    page.screenshot(path=str(ARTIFACTS / "layout-roster-copy-phone.png"), full_page=True)
    assert problems_of(page, internal_codes()) == []
