"""The cycle's change history (/sekretariat/<cycle>/riwayat/): the national secretariat reads
who changed what, when, to which object and why, in words; a score sheet's contents stay on
the score pages; the filters, the pages and the workbook (opened back) hold the same."""

from __future__ import annotations

import io

import openpyxl
import pytest

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.scores import Entry
from paritrana.awards.models import AuditEntry
from paritrana.commands.scores import save_sheet
from paritrana.reports.models import Export

COMMENT = "Perbup 12/2024 mewajibkan semua non-ASN."


def _url(cast) -> str:
    return f"/sekretariat/{cast.cycle.pk}/riwayat/"


def _workbook(client, cast) -> list[tuple]:
    """Ask for the workbook with the page's button (built by the background task, which the
    tests run at once), download it from the downloads page and open it back."""
    page = client.get(_url(cast)).content.decode()
    assert 'name="kind" value="riwayat"' in page  # the button's form, posted as it stands
    offered = client.get("/unduhan/").content.decode()  # and offered on the downloads page
    assert (
        f'<option value="{cast.cycle.pk}">{cast.cycle.display_label}</option>'
        in (offered.split('id="form-riwayat"', 1)[1].split("</form>", 1)[0])
    )
    asked = client.post("/unduhan/", {"kind": "riwayat", "cycle": cast.cycle.pk}, follow=True)
    assert "Buku kerja siap: Riwayat perubahan" in asked.content.decode()
    export = Export.objects.get(kind="riwayat")
    download = client.get(f"/unduhan/{export.pk}/berkas")
    assert download["Content-Disposition"].startswith(
        'attachment; filename="riwayat-perubahan-2025'
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    return list(book["Riwayat"].iter_rows(values_only=True))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _rows(html: str) -> list[str]:
    body = html.split('<table class="audit">', 1)[1].split("</tbody>", 1)[0]
    return [row.split("</tr>", 1)[0] for row in body.split("<tr>")[2:]]


@pytest.fixture
def admin_client(client, cast):
    client.force_login(cast.admin)
    return client


def _set_up(admin_client, cast):
    """What the secretariat does on the set-up page: a stage's dates, then the verification
    opened with a reason while self-assessments are missing."""
    setup = f"/sekretariat/{cast.cycle.pk}/"
    screening = cast.stage("penyaringan")
    admin_client.post(
        setup,
        {"action": "dates", "stage": screening.pk, "starts_on": "2026-02-02", "ends_on": ""},
    )
    cast.open("penyaringan")
    cast.open("penilaian_mandiri")
    verification = cast.stage("verifikasi")
    admin_client.post(
        setup,
        {"action": "open", "stage": verification.pk, "reason": "Data BPJS datang terlambat."},
    )
    return screening, verification


def test_the_history_says_who_did_what_when_and_why_in_words(admin_client, cast):
    screening, verification = _set_up(admin_client, cast)
    setup = admin_client.get(f"/sekretariat/{cast.cycle.pk}/").content.decode()
    assert f'<a href="/sekretariat/{cast.cycle.pk}/riwayat/">Riwayat perubahan</a>' in setup

    page = admin_client.get(_url(cast))
    assert page.status_code == 200
    html = page.content.decode()
    rows = _rows(html)
    opened = rows[0]  # newest first
    dated = next(row for row in rows if ">Atur tanggal tahap<" in row)
    assert ">admin_nasional<" in opened and ">Buka tahap<" in opened
    assert f">Tahap: {verification}<" in opened
    assert "<strong>Alasan untuk tetap melanjutkan:</strong> Data BPJS datang terlambat." in opened
    assert "<li>Status: Belum dibuka → Dibuka</li><li>Dibuka pada: — → " in opened
    assert f">Tahap: {screening}<" in dated and ">admin_nasional<" in dated
    assert "<li>Mulai: 01/02/2026 → 02/02/2026</li><li>Selesai: 28/02/2026 → —</li>" in dated
    assert "starts_on" not in html and "stage.open" not in html.split("<table", 1)[1]

    stored = AuditEntry.objects.filter(cycle=cast.cycle).count()
    assert f"{stored} perubahan" in html


def test_in_english_mode_each_action_and_the_filter_are_named_in_english(admin_client, cast):
    """The commands' names were Bahasa Indonesia whatever the reader chose; in English mode the
    rows and the action filter now say them in English (and in Bahasa as before otherwise)."""
    _set_up(admin_client, cast)
    admin_client.cookies["django_language"] = "en"
    html = admin_client.get(_url(cast)).content.decode()
    rows = _rows(html)
    assert ">Open a stage<" in rows[0]
    assert any(">Set a stage&#x27;s dates<" in row for row in rows)
    assert "Buka tahap" not in html and "Atur tanggal tahap" not in html
    filter_ = html.split('name="tindakan"', 1)[1].split("</select>", 1)[0]
    assert '<option value="stage.open">Open a stage</option>' in filter_
    admin_client.cookies["django_language"] = "id"
    html = admin_client.get(_url(cast)).content.decode()
    assert ">Buka tahap<" in _rows(html)[0] and "Open a stage" not in html


def test_a_score_sheets_contents_stay_on_the_score_pages(admin_client, cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    save_sheet(
        cast.a.user,
        stage=stage,
        nomination=cast.ketapang,
        entries={"regulasi": Entry(5, COMMENT)},
        note="Catatan umum penilai.",
    )
    html = admin_client.get(_url(cast)).content.decode()
    saved = _rows(html)[0]
    assert ">penilai_a<" in saved and ">Simpan nilai<" in saved
    assert "Kabupaten Ketapang" in saved
    assert "Dibaca di halaman penilaian." in saved
    assert COMMENT not in html and "Catatan umum penilai." not in html

    cells = [str(c) for row in _workbook(admin_client, cast) for c in row if c]
    assert "Simpan nilai" in cells
    assert not any(COMMENT in c or "Catatan umum" in c for c in cells)


def test_filters_pages_and_the_workbook_hold_the_same_entries(admin_client, cast):
    screening, _verification = _set_up(admin_client, cast)
    for day in range(1, 61):  # 60 more date changes: two pages of them (before the next stage)
        admin_client.post(
            f"/sekretariat/{cast.cycle.pk}/",
            {
                "action": "dates",
                "stage": screening.pk,
                "starts_on": f"2026-02-{day % 28 + 1:02d}",
                "ends_on": "",
            },
        )
    dates = AuditEntry.objects.filter(cycle=cast.cycle, command="stage.schedule").count()
    assert dates == 61

    first = admin_client.get(_url(cast), {"tindakan": "stage.schedule"}).content.decode()
    assert "61 perubahan" in first and "Halaman 1 dari 2" in first
    assert len(_rows(first)) == 50
    assert all(">Atur tanggal tahap<" in row for row in _rows(first))
    assert 'href="?tindakan=stage.schedule&amp;halaman=2"' in first
    second = admin_client.get(_url(cast), {"tindakan": "stage.schedule", "halaman": 2})
    assert len(_rows(second.content.decode())) == 11

    theirs = admin_client.get(_url(cast), {"oleh": "admin_nasional", "tindakan": "stage.open"})
    assert [">Buka tahap<" in row for row in _rows(theirs.content.decode())] == [True]

    rows = _workbook(admin_client, cast)  # every entry, newest first
    assert rows[0] == ("Waktu", "Oleh", "Tindakan", "Objek", "Alasan", "Perubahan")
    assert len(rows) == 1 + AuditEntry.objects.filter(cycle=cast.cycle).count()
    dated = [row for row in rows if row[2] == "Atur tanggal tahap"]
    assert len(dated) == 61
    # the oldest last, as on the page
    assert dated[-1][5] == "Mulai: 01/02/2026 → 02/02/2026; Selesai: 28/02/2026 → —"
    opened = next(row for row in rows if row[2] == "Buka tahap" and row[4])
    assert opened[1] == "admin_nasional" and opened[4] == "Data BPJS datang terlambat."


def test_only_the_national_secretariat_reads_it(client, cast):
    client.force_login(cast.chair.user)
    refused = client.get(_url(cast))
    assert refused.status_code == 403
    reason = "Riwayat perubahan siklus hanya dapat dibuka oleh sekretariat nasional."
    assert reason in refused.content.decode()
    assert 'id="form-riwayat"' not in client.get("/unduhan/").content.decode()
    asked = client.post("/unduhan/", {"kind": "riwayat", "cycle": cast.cycle.pk})
    assert asked.status_code == 403 and reason in asked.content.decode()
    assert not Export.objects.exists()


def test_the_page_makes_as_many_queries_for_many_entries_as_for_few(
    admin_client, cast, django_assert_max_num_queries
):
    _set_up(admin_client, cast)
    with django_assert_max_num_queries(40) as few:
        admin_client.get(_url(cast))
    stages = list(cast.cycle.stages.all())  # each named by its cycle: no query per stage
    assert len(stages) > 10
    for stage in stages:
        admin_client.post(
            f"/sekretariat/{cast.cycle.pk}/",
            {
                "action": "dates",
                "stage": stage.pk,
                "starts_on": f"{stage.starts_on}",
                "ends_on": "",
            },
        )
    with django_assert_max_num_queries(40) as many:
        admin_client.get(_url(cast))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_removed_candidate_is_told_in_words(admin_client, cast):
    """A candidate taken off the shortlist: the status and the reason by their names (they were
    counted as '2 isian lain' before the fields had names for people)."""
    from paritrana.commands.awards import remove_nomination

    cast.open("penyaringan")
    remove_nomination(cast.admin, nomination=cast.pontianak, reason="Data tidak lengkap.")
    removed = _rows(admin_client.get(_url(cast)).content.decode())[0]
    assert ">Keluarkan kandidat<" in removed and ">admin_nasional<" in removed
    assert f">Nominasi: {cast.pontianak}<" in removed
    assert "<li>Status: Dinominasikan → Dikeluarkan</li>" in removed
    assert "<li>Alasan: — → Data tidak lengkap.</li>" in removed
    assert "isian lain" not in removed


def test_the_confirmed_juara_are_named_with_their_group(client, judged):
    """Confirming the Juara: the decided ranking by its category and province (not the group's
    code '61'), the places by the candidates' names; an empty reason is no change."""
    from paritrana.commands.decisions import confirm_juara

    confirm_juara(
        judged.chair.user,
        category=judged.category,
        group="61",
        chosen=[judged.ketapang, judged.pontianak],
    )
    client.force_login(judged.admin)
    rows = _rows(client.get(_url(judged)).content.decode())
    # the command's entries: the decided ranking, and Juara I entering the national round
    confirmed = next(row for row in rows if ">Peringkat yang diputuskan:" in row)
    assert ">sekda<" in confirmed and ">Konfirmasi Juara<" in confirmed
    assert f">Peringkat yang diputuskan: {judged.category}, Kalimantan Barat, versi 1<" in confirmed
    assert "<li>Juara: — → Juara I: Kabupaten Ketapang; Juara II: Kota Pontianak</li>" in confirmed
    assert "<li>Versi: — → 1</li>" in confirmed
    assert "Alasan" not in confirmed and "isian lain" not in confirmed
    assert " 61 " not in confirmed and "v1" not in confirmed


def test_decided_rankings_are_named_in_as_many_queries_for_two_as_for_one(
    client, judged, django_assert_max_num_queries
):
    """Each decided ranking is named by its province: read for the page's rankings at once,
    not one query per entry."""
    from paritrana.commands.decisions import confirm_juara, redecide_juara

    chosen = {"category": judged.category, "group": "61"}
    confirm_juara(judged.chair.user, chosen=[judged.ketapang, judged.pontianak], **chosen)
    client.force_login(judged.admin)
    with django_assert_max_num_queries(40) as one:
        client.get(_url(judged))
    redecide_juara(
        judged.chair.user,
        chosen=[judged.pontianak, judged.ketapang],
        reason="Salah hitung pada berkas wawancara.",
        **chosen,
    )
    with django_assert_max_num_queries(40) as two:
        html = client.get(_url(judged)).content.decode()
    assert f"{judged.category}, Kalimantan Barat, versi 2" in html
    assert "Juara I: Kota Pontianak; Juara II: Kabupaten Ketapang" in html
    assert len(two.captured_queries) == len(one.captured_queries)


def test_regions_and_criteria_are_named_in_words_not_codes(admin_client, cast):
    """A member's own region and a panel's province showed their Kemendagri codes ("61.04",
    "61"), a criterion its code before its name ("regulasi Regulasi")."""
    from paritrana.commands.setup import update_criterion

    regulasi = cast.category.criteria.get(code="regulasi")
    update_criterion(cast.admin, criterion=regulasi, description="Perda dan Perkada.")
    html = admin_client.get(_url(cast)).content.decode()
    rows = _rows(html)
    seated = next(row for row in rows if ">Anggota tim penilai: penilai_ketapang<" in row)
    assert "→ Kabupaten Ketapang</li>" in seated and "61.04" not in seated
    formed = next(row for row in rows if "→ Kalimantan Barat</li>" in row)
    assert "→ 61<" not in formed
    changed = next(row for row in rows if ">Ubah kriteria<" in row)
    assert f">Kriteria: {regulasi.display_name}<" in changed
    assert ">Kriteria: regulasi " not in changed


def test_a_weight_changed_is_written_with_a_decimal_comma(admin_client, cast):
    """The history read "Bobot: 25.00 → 30.00" beside pages writing "100,50"."""
    from paritrana.commands.setup import update_criterion

    regulasi = cast.category.criteria.get(code="regulasi")
    before = regulasi.weight
    update_criterion(cast.admin, criterion=regulasi, weight="30.5")
    changed = next(
        row
        for row in _rows(admin_client.get(_url(cast)).content.decode())
        if ">Ubah kriteria<" in row
    )
    shown_before = f"{before:.2f}".replace(".", ",")
    assert f"<li>Bobot: {shown_before} → 30,50</li>" in changed, changed
