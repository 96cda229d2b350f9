"""The workbench's set-up pages in Bahasa Indonesia: the hub, a cycle's stages with their
pre-checks, categories and the criteria tree; refusals, overrides and locks."""

from __future__ import annotations

import re

import pytest

from paritrana.awards.domain.stages import open_stage
from paritrana.awards.models import AuditEntry, Cycle
from tests.secretariat import test_setup_domain

setup_world = test_setup_domain.setup_world  # the fixture


@pytest.fixture
def admin_client(client, setup_world):
    client.force_login(setup_world.admin)
    return client


def test_the_hub_lists_cycles_and_creates_next_years_from_the_template(admin_client):
    page = admin_client.get("/sekretariat/").content.decode()
    assert "Meja kerja sekretariat" in page and "Paritrana Award 2026" in page
    assert 'value="2026"' in page  # the next assessment year is proposed

    answer = admin_client.post("/sekretariat/", {"action": "create", "assessment_year": "2026"})
    created = Cycle.objects.get(assessment_year=2026)
    assert answer.status_code == 302 and answer["Location"] == f"/sekretariat/{created.pk}/"
    assert AuditEntry.objects.filter(command="cycle.create", cycle=created).exists()

    again = admin_client.post(
        "/sekretariat/", {"action": "create", "assessment_year": "2026"}, follow=True
    )
    assert "Siklus penilaian 2026 sudah ada." in again.content.decode()


def test_the_hub_copies_last_years_cycle(admin_client, setup_world):
    answer = admin_client.post(
        "/sekretariat/",
        {"action": "copy", "source": setup_world.cycle.pk, "assessment_year": "2026"},
    )
    copied = Cycle.objects.get(assessment_year=2026)
    assert answer["Location"] == f"/sekretariat/{copied.pk}/"
    assert copied.copied_from == setup_world.cycle
    assert AuditEntry.objects.get(command="cycle.copy").user == setup_world.admin


def test_a_provincial_admin_sees_its_province_and_nothing_to_edit(client, setup_world):
    client.force_login(setup_world.kalbar)
    page = client.get("/sekretariat/").content.decode()
    assert "Kalimantan Barat" in page and 'id="create-form"' not in page
    cycle = setup_world.cycle.pk
    for link in (f"/sekretariat/{cycle}/daftar-pendek/", f"/sekretariat/{cycle}/kemajuan/61/"):
        assert f'href="{link}"' in page
    assert f'href="/sekretariat/{cycle}/pengingat/"' in page
    refused = client.post("/sekretariat/", {"action": "create", "assessment_year": "2026"})
    assert refused.status_code == 403
    assert not Cycle.objects.filter(assessment_year=2026).exists()
    refused = client.get(f"/sekretariat/{setup_world.cycle.pk}/")
    assert refused.status_code == 403
    assert "hanya dapat diatur oleh admin nasional" in refused.content.decode()


def test_the_stage_table_shows_the_precheck_and_refuses_without_a_reason(admin_client, setup_world):
    w = setup_world
    for kind in ("penyaringan", "penilaian_mandiri"):
        open_stage(stage=w.stage(kind), user=w.admin)
    url = f"/sekretariat/{w.cycle.pk}/"
    verification = w.stage("verifikasi")
    page = admin_client.get(f"{url}?periksa={verification.pk}").content.decode()
    assert "2 provinsi belum punya tim penilai" in page
    assert "3 kandidat belum mengirim penilaian mandiri" in page

    refused = admin_client.post(url, {"action": "open", "stage": verification.pk})
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "(tingkat provinsi) belum dapat dibuka: 3 kategori belum punya kandidat; " in html
    assert "; 2 provinsi belum punya tim penilai; 3 kandidat belum mengirim penilaian" in html
    # Said on top of the page too, where a phone shows it, and the reason box takes the focus
    # (the browser scrolls to it in the stage's row).
    top = html.split("<main", 1)[1].split("<table", 1)[0]
    assert (
        '<p class="error">Tahap &#x27;Verifikasi&#x27; (tingkat provinsi) belum dapat dibuka: '
        in top
    )
    row = html.split(f'id="stage-{verification.pk}"', 1)[1].split("</tr>", 1)[0]
    assert '<textarea name="reason" rows="2" required autofocus' in row
    verification.refresh_from_db()
    assert verification.status == "draft"

    done = admin_client.post(
        url,
        {"action": "open", "stage": verification.pk, "reason": "Tim dibentuk minggu depan."},
        follow=True,
    )
    assert "Verifikasi" in done.content.decode()
    verification.refresh_from_db()
    assert verification.status == "open"
    entry = AuditEntry.objects.filter(command="stage.open", object_id=str(verification.pk)).get()
    assert entry.user == w.admin
    assert entry.after["override"]["reason"] == "Tim dibentuk minggu depan."
    codes = {f["code"]: f["count"] for f in entry.after["override"]["findings"]}
    assert codes["panels_missing"] == 2 and codes["self_assessments_missing"] == 3
    assert codes["provinces_without_nominees"] == 36


def test_forms_are_read_only_with_the_reason_once_verification_opens(admin_client, setup_world):
    w = setup_world
    url = f"/sekretariat/{w.cycle.pk}/"
    page = admin_client.get(url).content.decode()
    assert f'id="category-form-{w.category.pk}"' in page
    assert "Pemerintah kabupaten/kota" in page  # eligibility in words, never "kabkota"

    open_stage(stage=w.stage("verifikasi"), user=w.admin)
    page = admin_client.get(url).content.decode()
    assert f'id="category-form-{w.category.pk}"' not in page
    assert "Tahap verifikasi tingkat provinsi sudah dibuka" in page
    refused = admin_client.post(
        url,
        {
            "action": "category",
            "category": w.category.pk,
            "name": "Baru",
            "metric": "ucj_pct",
            "top_n": "5",
        },
    )
    assert refused.status_code == 422 and "tidak dapat diubah lagi" in refused.content.decode()
    w.category.refresh_from_db()
    assert w.category.name == "Pemerintah Kabupaten/Kota"

    criteria = admin_client.get(f"/sekretariat/{w.cycle.pk}/kategori/{w.category.pk}/")
    html = criteria.content.decode()
    assert 'id="lock"' in html and 'name="weight"' not in html


def test_a_category_is_saved_and_a_bad_value_is_shown_at_its_field(admin_client, setup_world):
    w = setup_world
    url = f"/sekretariat/{w.cycle.pk}/"
    form = {"action": "category", "category": w.category.pk, "metric": "ucj_pct", "enabled": "on"}
    bad = admin_client.post(url, form | {"name": "Kab/Kota", "top_n": "0"})
    assert bad.status_code == 422
    assert 'data-field="top_n">Jumlah kandidat harus antara 1 dan 100.' in bad.content.decode()

    admin_client.post(url, form | {"name": "Kabupaten/Kota", "top_n": "10"})
    w.category.refresh_from_db()
    assert (w.category.name, w.category.shortlist["top_n"]) == ("Kabupaten/Kota", 10)
    entry = AuditEntry.objects.get(command="category.update")
    assert (entry.before["name"], entry.after["name"]) == (
        "Pemerintah Kabupaten/Kota",
        "Kabupaten/Kota",
    )


def _companies_form(companies) -> dict:
    """The category form of the employers' category as the page fills it (ranked by on-time
    payment, top 5)."""
    return {
        "action": "category",
        "category": companies.pk,
        "name": companies.name,
        "enabled": "on",
        "metric": "on_time_pct",
        "top_n": "5",
    }


def test_who_may_compete_in_an_employers_category_is_edited_on_the_page(admin_client, setup_world):
    w = setup_world
    url = f"/sekretariat/{w.cycle.pk}/"
    companies = w.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    assert 'name="size_classes"' in admin_client.get(url).content.decode()
    form = _companies_form(companies) | {"minimum-registered_share_pct": "50"}
    bad = admin_client.post(url, form | {"size_classes": ["besar", "raksasa"]})
    assert bad.status_code == 422
    assert 'data-field="size_classes">Skala &#x27;raksasa&#x27; tidak dikenal' in (
        bad.content.decode()
    )

    admin_client.post(url, form | {"size_classes": ["besar"], "sectors": "Manufaktur, jasa, "})
    companies.refresh_from_db()
    assert companies.eligibility == {
        "entity": "perusahaan",
        "size_classes": ["besar"],
        "sectors": ["manufaktur", "jasa"],
    }
    page = admin_client.get(url).content.decode()
    assert "Perusahaan skala besar, sektor manufaktur, jasa" in page
    entry = AuditEntry.objects.filter(command="category.update").latest("id")
    assert entry.before["eligibility"]["size_classes"] == ["besar", "menengah"]
    assert entry.after["eligibility"]["sectors"] == ["manufaktur", "jasa"]


def test_the_criteria_page_shows_the_sum_per_level_and_saves_weights_and_rubric(
    admin_client, setup_world
):
    w = setup_world
    url = f"/sekretariat/{w.cycle.pk}/kategori/{w.category.pk}/"
    page = admin_client.get(url).content.decode()
    assert "Kriteria utama: 100 dari 100" in page
    regulasi = w.category.criteria.get(code="regulasi")

    bad = admin_client.post(
        url, {"action": "criterion", "criterion": regulasi.pk, "name": "Regulasi", "weight": "x"}
    )
    assert bad.status_code == 422
    assert "Bobot harus berupa angka" in bad.content.decode()

    admin_client.post(
        url,
        {
            "action": "criterion",
            "criterion": regulasi.pk,
            "name": "Regulasi daerah",
            "weight": "30",
        },
    )
    page = admin_client.get(url).content.decode()
    assert "Kriteria utama: 105 dari 100" in page and "sum-bad" in page

    admin_client.post(
        url, {"action": "rubric", "criterion": regulasi.pk, "rubric-5": "Perda dan anggaran."}
    )
    assert regulasi.rubric.get(score=5).descriptor == "Perda dan anggaran."
    entry = AuditEntry.objects.get(command="rubric.update")
    assert entry.after["rubric"]["5"] == "Perda dan anggaran."
    assert entry.before["rubric"]["5"] != "Perda dan anggaran."


def test_stage_dates_are_saved_and_an_end_before_the_start_is_refused(admin_client, setup_world):
    w = setup_world
    screening = w.stage("penyaringan")
    url = f"/sekretariat/{w.cycle.pk}/"
    bad = admin_client.post(
        url,
        {
            "action": "dates",
            "stage": screening.pk,
            "starts_on": "2026-02-10",
            "ends_on": "2026-02-01",
        },
    )
    assert bad.status_code == 422
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in bad.content.decode()
    admin_client.post(
        url,
        {
            "action": "dates",
            "stage": screening.pk,
            "starts_on": "2026-02-10",
            "ends_on": "2026-03-01",
        },
    )
    screening.refresh_from_db()
    assert str(screening.ends_on) == "2026-03-01"


def test_the_set_up_page_makes_as_many_queries_for_many_candidates_as_for_few(
    admin_client, setup_world
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.assessment.conftest import nominate

    w = setup_world
    for kind in ("penyaringan", "penilaian_mandiri"):
        open_stage(stage=w.stage(kind), user=w.admin)  # the next to open: verification
    url = f"/sekretariat/{w.cycle.pk}/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for i in range(30):
        nominate(w.category, f"63.{i:02d}", f"Kabupaten Uji {i}", f"{11 + i}")
    assert queries() == few


def test_a_shortlist_minimum_is_changed_and_a_word_is_refused_at_its_field(
    admin_client, setup_world
):
    w = setup_world
    companies = w.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    url = f"/sekretariat/{w.cycle.pk}/"
    page = admin_client.get(url).content.decode()
    assert 'name="minimum-registered_share_pct" value="50"' in page
    form = _companies_form(companies)
    bad = admin_client.post(url, form | {"minimum-registered_share_pct": "separuh"})
    assert bad.status_code == 422
    assert 'data-field="minimum">Nilai minimal harus berupa angka.' in bad.content.decode()
    admin_client.post(url, form | {"minimum-registered_share_pct": "60,5"})
    companies.refresh_from_db()
    assert companies.shortlist["minimum"] == {"registered_share_pct": 60.5}
    page = admin_client.get(url).content.decode()  # as typed, not as Python writes a float
    assert 'name="minimum-registered_share_pct" value="60,5"' in page
    assert "minimal 60,5" in page


def _field(html: str, name: str) -> str:
    """The input or select named `name` in `html`, as the page writes it."""
    found = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', html)
    assert found, name
    return found.group(0)


def test_a_refused_category_form_shows_what_was_typed_not_what_is_stored(admin_client, setup_world):
    w = setup_world
    companies = w.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    url = f"/sekretariat/{w.cycle.pk}/"
    typed = _companies_form(companies) | {
        "name": "Perusahaan Besar dan Menengah 2026",
        "top_n": "8",
        "metric": "registered_share_pct",
        "minimum-registered_share_pct": "separuh",
        "size_classes": ["besar"],
        "sectors": "manufaktur, jasa",
    }
    typed.pop("enabled")  # unticked
    bad = admin_client.post(url, typed)
    assert bad.status_code == 422
    html = bad.content.decode()
    row = html[html.index(f'id="category-{companies.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'value="separuh"' in _field(row, "minimum-registered_share_pct")
    assert 'value="Perusahaan Besar dan Menengah 2026"' in _field(row, "name")
    assert 'value="8"' in _field(row, "top_n")
    assert 'value="manufaktur, jasa"' in _field(row, "sectors")
    assert "checked" not in _field(row, "enabled")
    ticked = re.findall(r'name="size_classes" value="(\w+)"[^>]*checked', row)
    assert ticked == ["besar"]
    assert '<option value="registered_share_pct" selected>' in row
    # On top of the page too, where a phone shows it (the row's message lies in a column
    # scrolled off its screen).
    top = html[: html.index('id="category-')]
    assert (
        f'<p class="error">Kategori {companies.display_name} belum disimpan: '
        "Nilai minimal harus berupa angka.</p>"
    ) in top
    companies.refresh_from_db()  # nothing saved
    assert companies.name != "Perusahaan Besar dan Menengah 2026" and companies.enabled
    # The other categories' forms show what is stored.
    other = html[html.index(f'id="category-{w.category.pk}"') :]
    assert f'value="{w.category.name}"' in _field(other, "name")


def test_refused_stage_dates_stay_as_typed(admin_client, setup_world):
    w = setup_world
    screening = w.stage("penyaringan")
    before = (screening.starts_on, screening.ends_on)
    bad = admin_client.post(
        f"/sekretariat/{w.cycle.pk}/",
        {
            "action": "dates",
            "stage": screening.pk,
            "starts_on": "2026-02-10",
            "ends_on": "2026-02-01",
        },
    )
    assert bad.status_code == 422
    html = bad.content.decode()
    row = html[html.index(f'id="stage-{screening.pk}"') :]
    assert 'value="2026-02-10"' in _field(row, "starts_on")
    assert 'value="2026-02-01"' in _field(row, "ends_on")
    assert (
        f'<p class="error">Tanggal {screening} belum disimpan: '
        "Tahap &#x27;Penyaringan data&#x27; (tingkat provinsi) selesai 1 Februari 2026, "
        "sebelum tanggal mulainya 10 Februari 2026. "
        "Tanggal selesai tidak boleh sebelum tanggal mulai.</p>"
    ) in html[: html.index('id="stage-')]
    screening.refresh_from_db()
    assert (screening.starts_on, screening.ends_on) == before


# -- irreversible steps ask "Saya yakin" first (issue 16) ----------------------------------


def test_closing_a_stage_is_refused_without_i_am_sure_and_done_with_it(admin_client, setup_world):
    w = setup_world
    url = f"/sekretariat/{w.cycle.pk}/"
    screening = w.stage("penyaringan")
    open_stage(stage=screening, user=w.admin)
    page = admin_client.get(url).content.decode()
    row = page.split(f'id="stage-{screening.pk}"', 1)[1].split("</tr>", 1)[0]
    assert f'name="yakin" value="1" id="yakin-{screening.pk}" required' in row
    assert "Saya yakin" in row

    post = {"action": "close", "stage": screening.pk, "reason": "Selesai lebih awal."}
    refused = admin_client.post(url, post)
    assert refused.status_code == 422
    row = refused.content.decode().split(f'id="stage-{screening.pk}"', 1)[1].split("</tr>", 1)[0]
    assert f'id="yakin-{screening.pk}-error">Centang “Saya yakin” dahulu' in row
    assert "is-invalid" in row and f'aria-describedby="yakin-{screening.pk}-error"' in row
    top = refused.content.decode().split("<main", 1)[1].split("<table", 1)[0]
    assert f'<p class="error">{screening} belum ditutup: Centang “Saya yakin” dahulu' in top
    screening.refresh_from_db()
    assert screening.status == "open"
    assert not AuditEntry.objects.filter(command="stage.close").exists()

    admin_client.post(url, {**post, "yakin": "1"})
    screening.refresh_from_db()
    assert screening.status == "closed"


def test_a_closed_stage_says_when_it_closed(admin_client, setup_world):
    import datetime as dt

    from django.utils import timezone

    w = setup_world
    screening = w.stage("penyaringan")
    open_stage(stage=screening, user=w.admin)
    screening.status, screening.closed_at = (
        "closed",
        timezone.make_aware(dt.datetime(2026, 12, 19, 10)),
    )
    screening.save()
    page = admin_client.get(f"/sekretariat/{w.cycle.pk}/").content.decode()
    row = page.split(f'id="stage-{screening.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Tahap ditutup pada 19 Desember 2026." in row


def test_publishing_a_round_is_refused_without_i_am_sure(admin_client, setup_world):
    w = setup_world
    url = f"/sekretariat/{w.cycle.pk}/"
    publication = w.stage("publikasi")
    post = {"action": "open", "stage": publication.pk, "reason": "Uji pengumuman."}
    refused = admin_client.post(url, post)
    assert refused.status_code == 422
    assert "Centang “Saya yakin” dahulu" in refused.content.decode()
    publication.refresh_from_db()
    assert publication.status == "draft"
    assert not AuditEntry.objects.filter(command="stage.open").exists()


def test_a_refused_set_up_value_is_marked_on_its_input_and_linked_to_its_message(
    admin_client, setup_world
):
    from tests.web.forms_html import tag

    w = setup_world
    companies = w.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    url = f"/sekretariat/{w.cycle.pk}/"
    form = _companies_form(companies)
    html = admin_client.post(url, form | {"minimum-registered_share_pct": "separuh"}).content
    html = html.decode()
    error_id = f"category-{companies.pk}-minimum-error"
    field = tag(html, error_id)
    assert "Nilai minimal harus berupa angka." in html.split(f'id="{error_id}"', 1)[1][:200]
    assert "invalid-feedback" in field
    minimum = re.search(r'<input[^>]*name="minimum-registered_share_pct"[^>]*>', html).group(0)
    assert "is-invalid" in minimum and f'aria-describedby="{error_id}"' in minimum
