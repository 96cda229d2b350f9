"""Setting a cycle up wholly on the workbench, not the Django admin: the cycle renamed, a
category added to a round (a copy of one of its categories) and one removed while no candidate
is nominated in it, and stage dates out of order refused with the stage and the dates named.

(Which provinces take part is not a setting of a cycle: every province's round runs, so there
is nothing to choose here.)"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from paritrana.awards.domain.stages import open_stage
from paritrana.awards.models import AuditEntry, Category
from tests.api.conftest import error_of
from tests.secretariat import test_setup_domain
from tests.web import conftest as browser

setup_world = test_setup_domain.setup_world  # the fixture
chromium_of_module = browser.chromium_of_module  # the browser fixtures, for the phone's test
page = browser.page


@pytest.fixture
def admin_client(client, setup_world):
    client.force_login(setup_world.admin)
    return client


def _url(w) -> str:
    return f"/sekretariat/{w.cycle.pk}/"


def _top(html: str) -> str:
    """The messages on top of the page, where a phone shows them."""
    return html.split("<main", 1)[1].split("<table", 1)[0]


def _row(html: str, element_id: str) -> str:
    return html.split(f'id="{element_id}"', 1)[1].split("</tr>", 1)[0]


# -- the cycle's name ------------------------------------------------------------------------


def test_the_secretariat_renames_the_cycle_on_its_page(admin_client, setup_world):
    w = setup_world
    page = admin_client.get(_url(w)).content.decode()
    assert 'id="cycle-name-form"' in page and 'value="Paritrana Award 2026"' in page

    done = admin_client.post(
        _url(w), {"action": "rename", "name": "Paritrana Award 2026 (Tahun Pemulihan)"}, follow=True
    )
    html = done.content.decode()
    assert "<h1>Paritrana Award 2026 (Tahun Pemulihan) (penilaian 2025, penganugerahan 2026)" in (
        html
    )
    assert "Nama siklus diganti menjadi Paritrana Award 2026 (Tahun Pemulihan)." in html
    w.cycle.refresh_from_db()
    assert w.cycle.name == "Paritrana Award 2026 (Tahun Pemulihan)"
    hub = admin_client.get("/sekretariat/").content.decode()
    assert "Paritrana Award 2026 (Tahun Pemulihan)" in hub
    entry = AuditEntry.objects.get(command="cycle.rename")
    assert entry.user == w.admin and entry.cycle == w.cycle
    assert (entry.before["name"], entry.after["name"]) == (
        "Paritrana Award 2026",
        "Paritrana Award 2026 (Tahun Pemulihan)",
    )


def test_an_empty_name_is_refused_at_its_field_and_kept_as_it_was(admin_client, setup_world):
    w = setup_world
    refused = admin_client.post(_url(w), {"action": "rename", "name": "   "})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'id="cycle-name-error" data-field="name">Nama siklus wajib diisi.</span>' in html
    assert "Nama siklus tidak diganti: Nama siklus wajib diisi." in _top(html)
    w.cycle.refresh_from_db()
    assert w.cycle.name == "Paritrana Award 2026"
    assert not AuditEntry.objects.filter(command="cycle.rename").exists()


def test_a_provincial_admin_renames_nothing(client, setup_world):
    w = setup_world
    client.force_login(w.kalbar)
    refused = client.post(_url(w), {"action": "rename", "name": "Nama lain"})
    assert refused.status_code == 403
    w.cycle.refresh_from_db()
    assert w.cycle.name == "Paritrana Award 2026"


# -- categories added and removed ------------------------------------------------------------


def _add(client, w, name: str, basis: Category, level: str = "provinsi"):
    return client.post(
        _url(w), {"action": "add_category", "level": level, "name": name, "basis": basis.pk}
    )


def test_a_category_is_added_as_a_copy_of_one_of_its_round(admin_client, setup_world):
    w = setup_world
    companies = w.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    page = admin_client.get(_url(w)).content.decode()
    assert 'id="add-category-provinsi"' in page and 'id="add-category-nasional"' in page

    answer = _add(admin_client, w, "Perusahaan Besar sektor kesehatan", companies)
    added = w.cycle.categories.get(level="provinsi", name="Perusahaan Besar sektor kesehatan")
    assert answer.status_code == 302
    assert answer["Location"] == f"{_url(w)}#category-{added.pk}"
    assert added.enabled and added.code == "perusahaan-besar-sektor-kesehatan"
    assert added.eligibility == companies.eligibility and added.shortlist == companies.shortlist
    copied = {c.code: c.weight for c in added.criteria.all()}
    assert copied and copied == {c.code: c.weight for c in companies.criteria.all()}
    assert added.criteria.filter(rubric__isnull=False).exists()

    html = admin_client.get(_url(w)).content.decode()
    row = _row(html, f"category-{added.pk}")
    assert 'value="Perusahaan Besar sektor kesehatan"' in row
    assert "Perusahaan skala besar, menengah" in row  # who may compete, in words
    criteria = admin_client.get(f"{_url(w)}kategori/{added.pk}/")
    assert criteria.status_code == 200
    entry = AuditEntry.objects.get(command="category.add")
    assert entry.user == w.admin and entry.cycle == w.cycle
    assert entry.after["name"] == "Perusahaan Besar sektor kesehatan"
    assert entry.after["copied_from"] == "Perusahaan Skala Besar dan Menengah"


def test_a_category_without_a_name_or_with_a_taken_one_is_refused(admin_client, setup_world):
    w = setup_world
    before = w.cycle.categories.count()
    refused = _add(admin_client, w, "", w.category)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'id="add-provinsi-name-error" data-field="name">Nama kategori baru wajib diisi.' in html
    # The message on top names no stand-in ("Kategori - tidak ditambahkan").
    assert "Kategori tidak ditambahkan: Nama kategori baru wajib diisi." in html
    assert "Kategori - tidak" not in html

    taken = _add(admin_client, w, "pemerintah kabupaten/kota", w.category)
    assert taken.status_code == 422
    html = taken.content.decode()
    assert (
        "Kategori &#x27;Pemerintah Kabupaten/Kota&#x27; sudah ada di tingkat provinsi: "
        "pilih nama lain." in html
    )
    form = html.split('id="add-category-provinsi"', 1)[1].split("</form>", 1)[0]
    assert 'value="pemerintah kabupaten/kota"' in form  # what was typed stays
    national = w.cycle.categories.get(level="nasional", code="pemda-kabkota")
    elsewhere = _add(admin_client, w, "Layanan Publik Daerah", national)  # the other round's
    assert elsewhere.status_code == 422
    assert 'data-field="basis">Pilih kategori tingkat provinsi yang ditiru' in (
        elsewhere.content.decode()
    )
    assert w.cycle.categories.count() == before
    assert not AuditEntry.objects.filter(command="category.add").exists()


def test_a_category_is_not_added_once_its_rounds_judging_began(admin_client, setup_world):
    w = setup_world
    open_stage(stage=w.stage("verifikasi"), user=w.admin)
    page = admin_client.get(_url(w)).content.decode()
    assert 'id="add-category-provinsi"' not in page
    assert 'id="add-category-nasional"' in page  # the national round is still open to change
    refused = _add(admin_client, w, "Layanan Publik Baru", w.category)
    assert refused.status_code == 409
    assert "Tahap verifikasi tingkat provinsi sudah dibuka" in refused.content.decode()
    assert not w.cycle.categories.filter(name="Layanan Publik Baru").exists()


def _remove_form(html: str, level: str = "provinsi") -> str:
    return html.split(f'id="remove-category-{level}"', 1)[1].split("</form>", 1)[0]


def test_a_category_without_candidates_is_removed_once_i_am_sure_is_ticked(
    admin_client, setup_world
):
    w = setup_world
    villages = w.cycle.categories.get(level="provinsi", code="pemda-desa")
    page = admin_client.get(_url(w)).content.decode()
    assert f'<option value="{villages.pk}">Pemerintah Desa/Kelurahan</option>' in _remove_form(page)

    post = {"action": "remove_category", "category": villages.pk}
    unsure = admin_client.post(_url(w), post)
    assert unsure.status_code == 422
    html = unsure.content.decode()
    form = _remove_form(html)
    assert 'id="yakin-kategori-provinsi-error">Centang “Saya yakin” dahulu' in form
    assert f'<option value="{villages.pk}" selected>' in form  # the choice stays
    assert "Kategori Pemerintah Desa/Kelurahan tidak dihapus: Centang" in _top(html)
    assert Category.objects.filter(pk=villages.pk).exists()

    done = admin_client.post(_url(w), post | {"yakin": "1"}, follow=True)
    html = done.content.decode()
    assert "Kategori Pemerintah Desa/Kelurahan dihapus." in html
    assert not Category.objects.filter(pk=villages.pk).exists()
    assert f'id="category-{villages.pk}"' not in html
    entry = AuditEntry.objects.get(command="category.remove")
    assert entry.user == w.admin and entry.before["name"] == "Pemerintah Desa/Kelurahan"
    log = admin_client.get(f"{_url(w)}riwayat/").content.decode()
    assert "Hapus kategori" in log


def test_a_category_with_candidates_is_not_removed_and_says_why(admin_client, setup_world):
    w = setup_world  # three candidates are nominated in w.category
    page = admin_client.get(_url(w)).content.decode()
    form = _remove_form(page)
    assert f'<option value="{w.category.pk}"' not in form  # not offered
    assert "Kategori yang sudah punya kandidat tidak dicantumkan" in form

    refused = admin_client.post(
        _url(w), {"action": "remove_category", "category": w.category.pk, "yakin": "1"}
    )
    assert refused.status_code == 409
    reason = (
        "Kategori &#x27;Pemerintah Kabupaten/Kota&#x27; tidak dapat dihapus: "
        "3 kandidat dinominasikan. Kategori yang sudah punya kandidat hanya dapat "
        "dinonaktifkan (hapus centang &#x27;Dipakai&#x27;)."
    )
    html = refused.content.decode()
    assert reason in _top(html)
    assert f'id="remove-provinsi-form-error" data-field="form">{reason}' in _remove_form(html)
    assert Category.objects.filter(pk=w.category.pk).exists()
    assert not AuditEntry.objects.filter(command="category.remove").exists()


# -- stage dates in order ----------------------------------------------------------------------


def _dates(client, w, stage, starts_on: str, ends_on: str):
    return client.post(
        _url(w),
        {"action": "dates", "stage": stage.pk, "starts_on": starts_on, "ends_on": ends_on},
    )


def _stored(stage):
    stage.refresh_from_db()
    return (stage.starts_on, stage.ends_on)


def test_an_end_before_the_start_is_refused_naming_the_stage_and_its_dates(
    admin_client, setup_world
):
    w = setup_world
    screening = w.stage("penyaringan")
    before = _stored(screening)
    refused = _dates(admin_client, w, screening, "2026-02-10", "2026-02-01")
    assert refused.status_code == 422
    html = refused.content.decode()
    said = (
        "Tahap &#x27;Penyaringan data&#x27; (tingkat provinsi) selesai 1 Februari 2026, "
        "sebelum tanggal mulainya 10 Februari 2026."
    )
    assert said in _top(html)
    assert said in _row(html, f"stage-{screening.pk}")
    assert _stored(screening) == before


def test_a_stage_starting_before_the_stage_before_it_is_refused(admin_client, setup_world):
    """The bug: a stage dated before the previous one was saved without a word."""
    w = setup_world
    self_assessment = w.stage("penilaian_mandiri")  # after the screening of 1-28 February 2026
    before = _stored(self_assessment)
    refused = _dates(admin_client, w, self_assessment, "2026-01-20", "2026-01-31")
    assert refused.status_code == 422
    html = refused.content.decode()
    said = (
        "Tahap &#x27;Penilaian mandiri dan bukti&#x27; (tingkat provinsi) mulai 20 Januari "
        "2026, sebelum tahap sebelumnya, &#x27;Penyaringan data&#x27;, mulai 1 Februari 2026. "
        "Tanggal tahap harus mengikuti urutan tahap."
    )
    assert said in _top(html)
    row = _row(html, f"stage-{self_assessment.pk}")
    assert said in row and 'value="2026-01-20"' in row  # as typed
    assert _stored(self_assessment) == before
    assert not AuditEntry.objects.filter(command="stage.schedule").exists()


def test_a_stage_ending_after_the_stage_after_it_ends_is_refused(admin_client, setup_world):
    w = setup_world
    screening = w.stage("penyaringan")  # before the self-assessment of 1-31 March 2026
    refused = _dates(admin_client, w, screening, "2026-02-01", "2026-04-15")
    assert refused.status_code == 422
    assert (
        "Tahap &#x27;Penyaringan data&#x27; (tingkat provinsi) selesai 15 April 2026, sesudah "
        "tahap berikutnya, &#x27;Penilaian mandiri dan bukti&#x27;, selesai 31 Maret 2026."
    ) in _top(refused.content.decode())
    assert _stored(screening)[1] == dt.date(2026, 2, 28)


def test_overlapping_stages_in_order_are_saved(admin_client, setup_world):
    """Provinces at different paces share the open stages: a stage may begin before the one
    before it ends."""
    w = setup_world
    self_assessment = w.stage("penilaian_mandiri")
    done = _dates(admin_client, w, self_assessment, "2026-02-20", "2026-03-31")
    assert done.status_code == 302
    assert _stored(self_assessment) == (dt.date(2026, 2, 20), dt.date(2026, 3, 31))


def test_the_api_refuses_dates_out_of_order_the_same_way(client, setup_world):
    client.force_login(setup_world.admin)
    refused = client.patch(
        "/api/v1/sekretariat/siklus/2025/tahap/provinsi/verifikasi",
        {"starts_on": "2026-02-15"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    error = error_of(refused)
    assert error["details"] == {"field": "starts_on"}
    assert re.search(
        r"^Tahap 'Verifikasi' \(tingkat provinsi\) mulai 15 Februari 2026, sebelum tahap "
        r"sebelumnya, 'Penilaian mandiri dan bukti', mulai 1 Maret 2026\.",
        error["message"],
    )


# -- on a phone ------------------------------------------------------------------------------


@pytest.mark.browser
def test_on_a_phone_the_cycles_own_forms_fit_and_rename_it(page, setup_world):
    """At 390 px the name, add and remove forms wrap within the screen, each control in reach."""
    phone = {"width": 390, "height": 844}
    browser.log_in(page, "sekretariat", "rahasia-uji-123")
    page.set_viewport_size(phone)
    page.goto(_url(setup_world))
    assert page.evaluate("document.documentElement.scrollWidth") == phone["width"]
    forms = ["#cycle-name-form"] + [
        f"#{kind}-category-{level}"
        for kind in ("add", "remove")
        for level in ("provinsi", "nasional")
    ]
    for form in forms:
        controls = page.locator(f"{form} button, {form} select, {form} input:not([type=hidden])")
        assert controls.count() > 0, form
        for index in range(controls.count()):
            edge = controls.nth(index).bounding_box()
            assert edge is not None and edge["x"] >= 0, form
            assert edge["x"] + edge["width"] <= phone["width"], form

    page.screenshot(path=str(browser.ARTIFACTS / "cycle-setup-forms-phone.png"), full_page=True)
    page.fill("#cycle-name", "Paritrana Award 2026 Nusantara")
    browser.follow(page, "#cycle-name-form button[type=submit]")
    assert page.locator("h1").inner_text().startswith("Paritrana Award 2026 Nusantara (penilaian")
    assert page.evaluate("document.documentElement.scrollWidth") == phone["width"]
