"""The assessor's pages: their assignments, the scoring page with its rubric, locking, conflicts
of interest enforced on every page and download, and the workbook of their own scores."""

from __future__ import annotations

import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.conflicts import override
from paritrana.assessment.domain.scores import Entry, save_scores, submit_sheet
from paritrana.assessment.models import Assignment, Conflict, Score, ScoreSheet
from paritrana.awards.domain.stages import close_stage
from paritrana.awards.domain.workspace import add_evidence, save_answers
from tests.assessment import conftest as judging_conftest
from tests.evidence_samples import PDF

EVIDENCE_TITLE = "Perbup Ketapang tentang Jamsostek pekerja rentan"
ANSWER = "Perbup 12/2025 mewajibkan seluruh pegawai non-ASN didaftarkan."
REGULASI_4 = "Ada Perda/Perkada yang mewajibkan kepesertaan dan anggaran; pelaksanaan sebagian."

cast = judging_conftest.cast  # the judging tests' cast of users and candidates, shared


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def judging(cast):
    """Ketapang has filed its answers and one document; verification is open, and assessor A
    judges both candidates."""
    cast.open("penilaian_mandiri")
    save_answers(nomination=cast.ketapang, answers={"regulasi": ANSWER}, user=cast.admin)
    evidence = add_evidence(
        nomination=cast.ketapang,
        content=PDF,
        original_name="perbup-ketapang.pdf",
        kind="regulasi",
        title=EVIDENCE_TITLE,
        number="12 Tahun 2025",
        document_date=dt.date(2025, 3, 1),
        user=cast.admin,
    )
    stage = cast.open("verifikasi")
    for nomination in (cast.ketapang, cast.pontianak):
        assign(stage=stage, member=cast.a, nomination=nomination, user=cast.admin)
    return SimpleNamespace(stage=stage, evidence=evidence)


def _url(stage, nomination) -> str:
    return f"/penilaian/{stage.pk}/{nomination.pk}/"


def _as(client, member):
    client.force_login(member.user)
    return client


def _row(html: str, nomination, source: str = "") -> str:
    attributes = f' data-source="{source}"' if source else ""
    found = re.search(rf'<tr data-nomination="{nomination.pk}"{attributes}>(.*?)</tr>', html, re.S)
    assert found, f"no row for {nomination.name}"
    return found.group(1)


def _indonesian(message: str) -> str:
    with translation.override("id"):
        return translation.gettext(message)


def _scores(cast, member=None) -> dict[str, int]:
    return {
        s.criterion.code: int(s.value)
        for s in Score.objects.filter(sheet__member=member or cast.a).select_related("criterion")
    }


ALL_THREE = {
    "score-regulasi": "4",
    "comment-regulasi": "Perbup ada, pelaksanaan sebagian.",
    "score-anggaran": "3",
    "score-inovasi": "5",
    "comment-inovasi": "Layanan jemput bola di setiap kecamatan.",
    "note": "Dokumen lengkap.",
}


def test_the_assessments_page_lists_each_assignment_with_its_status(client, cast, judging):
    save_scores(
        stage=judging.stage,
        member=cast.a,
        nomination=cast.pontianak,
        entries={"regulasi": Entry("3")},
        user=cast.a.user,
    )
    html = _as(client, cast.a).get("/penilaian/").content.decode()
    assert cast.panel.name in html
    ketapang = _row(html, cast.ketapang)
    assert "Kabupaten Ketapang" in ketapang and "Pemerintah Kabupaten/Kota" in ketapang
    assert 'data-status="belum"' in ketapang
    assert f'href="{_url(judging.stage, cast.ketapang)}"' in ketapang
    assert 'data-status="draf"' in _row(html, cast.pontianak)
    assert f'href="/penilaian/{judging.stage.pk}/lembar.xlsx"' in html

    save_scores(
        stage=judging.stage,
        member=cast.a,
        nomination=cast.pontianak,
        entries={"anggaran": Entry("3"), "inovasi": Entry("2")},
        user=cast.a.user,
    )
    sheet = submit_sheet(
        stage=judging.stage, member=cast.a, nomination=cast.pontianak, user=cast.a.user
    )
    pontianak = _row(client.get("/penilaian/").content.decode(), cast.pontianak)
    assert 'data-status="terkirim"' in pontianak
    assert f"{timezone.localtime(sheet.submitted_at):%d/%m/%Y}" in pontianak


def test_each_assignment_opens_from_the_candidates_name(client, cast, judging):
    """On a phone the list scrolls sideways and its last column, the action, is out of view:
    the name in the first column opens the same page."""
    html = _as(client, cast.a).get("/penilaian/").content.decode()
    first_cell = re.match(r"\s*<td>(.*?)</td>", _row(html, cast.ketapang), re.S).group(1)
    assert first_cell == f'<a href="{_url(judging.stage, cast.ketapang)}">Kabupaten Ketapang</a>'


def test_closed_stages_are_listed_as_history(client, cast, judging):
    close_stage(stage=judging.stage, user=cast.admin)
    html = _as(client, cast.a).get("/penilaian/").content.decode()
    history = html.split('id="history"', 1)[1]
    assert "Kabupaten Ketapang" in history


def test_a_user_without_a_seat_is_told_they_are_not_on_a_panel(client, cast):
    client.force_login(cast.outsider)
    response = client.get("/penilaian/")
    assert response.status_code == 200 and 'id="no-seat"' in response.content.decode()
    assert "/penilaian/" not in client.get("/").content.decode()  # no menu link either
    assert 'href="/penilaian/"' in _as(client, cast.a).get("/").content.decode()


def test_the_pages_need_a_login(client, cast, judging):
    assert client.get("/penilaian/").url.startswith("/masuk/")
    assert client.get(_url(judging.stage, cast.ketapang)).url.startswith("/masuk/")


def test_the_score_page_shows_the_candidate_its_file_and_the_rubric(client, cast, judging):
    response = _as(client, cast.a).get(_url(judging.stage, cast.ketapang))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kabupaten Ketapang" in html and "Kalimantan Barat" in html
    assert ANSWER in html
    assert EVIDENCE_TITLE in html and f'href="/bukti/{judging.evidence.pk}/"' in html
    assert REGULASI_4 in html
    assert "Inovasi berdampak terukur" in html
    for level in ("1", "2", "3", "4", "5"):
        assert f'name="score-regulasi" value="{level}"' in html
    assert 'name="comment-anggaran"' in html and 'name="note"' in html
    assert 'name="score-pemahaman"' not in html  # an interview criterion
    assert 'name="action" value="save"' in html and 'name="action" value="submit"' in html


def test_saving_a_draft_stores_the_scores_and_redirects(client, cast, judging):
    url = _url(judging.stage, cast.ketapang)
    response = _as(client, cast.a).post(
        url,
        {
            "score-regulasi": "4",
            "comment-regulasi": "Perbup ada.",
            "score-anggaran": "3",
            "note": "Cek realisasi APBD.",
            "action": "save",
        },
    )
    assert response.status_code == 302 and response.url == url
    assert _scores(cast) == {"regulasi": 4, "anggaran": 3}
    sheet = ScoreSheet.objects.get()
    assert sheet.note == "Cek realisasi APBD." and not sheet.is_submitted
    assert Score.objects.get(criterion__code="regulasi").comment == "Perbup ada."
    html = client.get(url).content.decode()
    assert _indonesian("Draft saved.") in html
    assert 'value="4" checked' in html and "Cek realisasi APBD." in html


def test_an_extreme_score_without_a_comment_is_refused_on_submission_and_kept_as_draft(
    client, cast, judging
):
    response = _as(client, cast.a).post(
        _url(judging.stage, cast.ketapang),
        {
            "score-regulasi": "5",
            "score-anggaran": "3",
            "note": "catatan",
            "action": "submit",
            "yakin": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html
    assert "Nilai ekstrem (5) untuk &#x27;Regulasi&#x27; wajib disertai komentar" in html
    assert 'name="score-regulasi" value="5" checked' in html  # what was typed is kept
    assert 'name="score-anggaran" value="3" checked' in html and "catatan" in html
    # A draft keeps it: the comment is needed to submit, not to save.
    assert _scores(cast) == {"regulasi": 5, "anggaran": 3}
    assert not ScoreSheet.objects.get().is_submitted


def test_submitting_locks_the_sheet(client, cast, judging):
    url = _url(judging.stage, cast.ketapang)
    response = _as(client, cast.a).post(url, {**ALL_THREE, "action": "submit", "yakin": "1"})
    assert response.status_code == 302 and response.url == url
    assert ScoreSheet.objects.get().is_submitted
    html = client.get(url).content.decode()
    assert _indonesian("Scores submitted and locked.") in html
    assert 'id="read-only"' in html and 'value="submit"' not in html

    again = client.post(url, {**ALL_THREE, "score-anggaran": "2", "action": "save"})
    assert again.status_code == 400
    assert "sudah dikirim" in again.content.decode() and "terkunci" in again.content.decode()
    assert _scores(cast) == {"regulasi": 4, "anggaran": 3, "inovasi": 5}


def test_submitting_an_incomplete_sheet_keeps_it_as_a_draft(client, cast, judging):
    response = _as(client, cast.a).post(
        _url(judging.stage, cast.ketapang),
        {"score-regulasi": "3", "action": "submit", "yakin": "1"},
    )
    assert response.status_code == 400
    assert "Belum semua kriteria dinilai: Anggaran untuk pekerja rentan, Inovasi." in (
        response.content.decode()
    )
    assert _scores(cast) == {"regulasi": 3}
    assert not ScoreSheet.objects.get().is_submitted


def test_a_closed_stage_shows_the_scores_read_only(client, cast, judging):
    save_scores(
        stage=judging.stage,
        member=cast.a,
        nomination=cast.ketapang,
        entries={"regulasi": Entry("2")},
        user=cast.a.user,
    )
    close_stage(stage=judging.stage, user=cast.admin)
    url = _url(judging.stage, cast.ketapang)
    html = _as(client, cast.a).get(url).content.decode()
    assert 'id="read-only"' in html and 'value="save"' not in html
    assert 'name="score-regulasi" value="2" checked disabled' in html
    refused = client.post(url, {"score-regulasi": "3", "action": "save"})
    assert refused.status_code == 400 and "sudah ditutup" in refused.content.decode()
    assert _scores(cast) == {"regulasi": 2}


def test_it_rejects_unassigned_assessor(client, cast, judging):
    url = _url(judging.stage, cast.ketapang)
    response = _as(client, cast.b).get(url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Kabupaten Ketapang tidak ditugaskan kepada Anda" in html
    assert EVIDENCE_TITLE not in html and ANSWER not in html
    assert client.post(url, {"score-regulasi": "3", "action": "save"}).status_code == 403
    assert not ScoreSheet.objects.exists()


def test_a_conflicted_assessor_learns_nothing_but_the_candidates_name(client, cast, judging):
    # Ketapang is the member's own region (a derived conflict); an assignment row made before
    # the conflict was known must not open the candidate either.
    Assignment.objects.create(
        stage=judging.stage, member=cast.ketapang_member, nomination=cast.ketapang, method="manual"
    )
    response = _as(client, cast.ketapang_member).get(_url(judging.stage, cast.ketapang))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Anda berkonflik kepentingan dengan Kabupaten Ketapang" in html
    for secret in (EVIDENCE_TITLE, ANSWER, "perbup-ketapang.pdf", REGULASI_4, "61.04"):
        assert secret not in html
    assert "Kabupaten Ketapang" not in client.get("/penilaian/").content.decode()


def test_a_declared_conflict_after_assignment_closes_the_score_page(client, cast, judging):
    _as(client, cast.a).post(
        "/penilaian/konflik/",
        {"nomination": cast.ketapang.pk, "kind": "keluarga", "reason": "Ipar saya Sekda."},
    )
    response = client.get(_url(judging.stage, cast.ketapang))
    assert response.status_code == 403
    assert EVIDENCE_TITLE not in response.content.decode()


def test_the_workbook_holds_only_the_assessors_own_rows(client, cast, judging):
    save_scores(
        stage=judging.stage,
        member=cast.a,
        nomination=cast.ketapang,
        entries={"regulasi": Entry("1", '=HYPERLINK("x") tidak ada Perbup')},
        user=cast.a.user,
    )
    assign(stage=judging.stage, member=cast.b, nomination=cast.ketapang, user=cast.admin)
    assign(stage=judging.stage, member=cast.ketapang_member, nomination=cast.pontianak)
    Assignment.objects.create(  # stale: the member's own region
        stage=judging.stage, member=cast.ketapang_member, nomination=cast.ketapang, method="manual"
    )

    response = _as(client, cast.a).get(f"/penilaian/{judging.stage.pk}/lembar.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Kandidat", "Kategori", "Kriteria", "Nilai", "Komentar", "Status")
    assert [(r[0], r[2]) for r in rows[1:]] == [
        ("Kabupaten Ketapang", "Regulasi"),
        ("Kabupaten Ketapang", "Anggaran untuk pekerja rentan"),
        ("Kabupaten Ketapang", "Inovasi"),
        ("Kota Pontianak", "Regulasi"),
        ("Kota Pontianak", "Anggaran untuk pekerja rentan"),
        ("Kota Pontianak", "Inovasi"),
    ]
    assert rows[1][3:] == (1, '=HYPERLINK("x") tidak ada Perbup', "Draf")
    assert rows[4][3:] == (None, None, "Belum dinilai")
    assert sheet["E2"].data_type == "s"  # a comment is never a formula

    own = _as(client, cast.ketapang_member).get(f"/penilaian/{judging.stage.pk}/lembar.xlsx")
    names = {
        r[0]
        for r in load_workbook(io.BytesIO(own.content)).active.iter_rows(
            min_row=2, values_only=True
        )
    }
    assert names == {"Kota Pontianak"}


def test_the_workbook_is_refused_to_someone_off_the_panel(client, cast, judging):
    client.force_login(cast.outsider)
    assert client.get(f"/penilaian/{judging.stage.pk}/lembar.xlsx").status_code == 403


def test_declaring_a_conflict_records_it_and_ends_the_assignment(client, cast, judging):
    page = _as(client, cast.a).get("/penilaian/konflik/").content.decode()
    assert f'<option value="{cast.pontianak.pk}">Kota Pontianak</option>' in page
    response = client.post(
        "/penilaian/konflik/",
        {"nomination": cast.pontianak.pk, "kind": "keluarga", "reason": "Kakak saya Sekda."},
    )
    assert response.status_code == 302 and response.url == "/penilaian/konflik/"
    conflict = Conflict.objects.get()
    assert (conflict.member, conflict.nomination, conflict.kind) == (
        cast.a,
        cast.pontianak,
        "keluarga",
    )
    assert not Assignment.objects.filter(member=cast.a, nomination=cast.pontianak).exists()
    html = client.get("/penilaian/konflik/").content.decode()
    row = _row(html, cast.pontianak, source="deklarasi")
    assert "Kakak saya Sekda." in row


def test_a_derived_kind_cannot_be_declared_by_hand(client, cast, judging):
    response = _as(client, cast.a).post(
        "/penilaian/konflik/",
        {"nomination": cast.pontianak.pk, "kind": "wilayah", "reason": "wilayah saya"},
    )
    assert response.status_code == 400 and not Conflict.objects.exists()


def test_the_conflict_page_lists_derived_conflicts_and_overrides(client, cast, judging):
    html = _as(client, cast.ketapang_member).get("/penilaian/konflik/").content.decode()
    row = _row(html, cast.ketapang, source="aturan")
    assert "Kandidat adalah pemerintah daerah asal penilai." in row
    override(
        member=cast.ketapang_member,
        nomination=cast.ketapang,
        reason="Penilai sudah pindah tugas sejak 2020.",
        user=cast.admin,
    )
    html = client.get("/penilaian/konflik/").content.decode()
    assert "Penilai sudah pindah tugas sejak 2020." in html


def test_evidence_and_review_are_refused_to_a_barred_member_even_when_assigned_elsewhere(
    client, cast, judging
):
    assign(stage=judging.stage, member=cast.ketapang_member, nomination=cast.pontianak)
    user = cast.ketapang_member.user
    client.force_login(user)
    response = client.get(f"/bukti/{judging.evidence.pk}/")
    assert response.status_code == 403 and "Kabupaten Ketapang" in response.content.decode()
    detail = client.get(f"/seleksi/{cast.ketapang.pk}/")
    assert detail.status_code == 403 and EVIDENCE_TITLE not in detail.content.decode()
    assert client.get(f"/seleksi/{cast.pontianak.pk}/").status_code == 200


def test_an_assigned_assessor_may_download_the_evidence_without_the_permission(
    client, cast, judging
):
    response = _as(client, cast.a).get(f"/bukti/{judging.evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert _as(client, cast.b).get(f"/bukti/{judging.evidence.pk}/").status_code == 403


def test_the_review_list_holds_the_assigned_candidates_the_member_is_not_barred_from(
    client, cast, judging
):
    for member in (cast.ketapang_member, cast.b):
        for nomination in (cast.ketapang, cast.pontianak):
            if member is cast.b or nomination is cast.pontianak:
                assign(stage=judging.stage, member=member, nomination=nomination)
    html = _as(client, cast.ketapang_member).get("/seleksi/").content.decode()
    assert "Kota Pontianak" in html and "Kabupaten Ketapang" not in html
    html = _as(client, cast.b).get("/seleksi/").content.decode()
    assert "Kota Pontianak" in html and "Kabupaten Ketapang" in html
    # The chair sees every candidate of the panel, assigned or not.
    html = _as(client, cast.chair).get("/seleksi/").content.decode()
    assert "Kota Pontianak" in html and "Kabupaten Ketapang" in html


def test_posting_a_score_needs_the_csrf_token(cast, judging):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.a.user)
    response = client.post(
        _url(judging.stage, cast.ketapang), {"score-regulasi": "3", "action": "save"}
    )
    assert response.status_code == 403 and not ScoreSheet.objects.exists()


# -- submitting is final: "Saya yakin" first; a closed stage says when it closed (issue 16) --


def test_submitting_without_i_am_sure_saves_nothing_and_asks_again(client, cast, judging):
    url = _url(judging.stage, cast.ketapang)
    page = _as(client, cast.a).get(url).content.decode()
    assert 'name="yakin" value="1" id="yakin" required' in page
    response = client.post(url, {**ALL_THREE, "action": "submit"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="yakin-error">Centang “Saya yakin” dahulu' in html
    assert 'name="score-regulasi" value="4" checked' in html  # what was typed is kept
    assert not ScoreSheet.objects.exists()


def test_a_closed_stage_shows_the_buttons_disabled_with_the_date(client, cast, judging):
    close_stage(stage=judging.stage, user=cast.admin)
    judging.stage.refresh_from_db()
    judging.stage.closed_at = timezone.make_aware(dt.datetime(2026, 12, 19, 9))
    judging.stage.save()
    html = _as(client, cast.a).get(_url(judging.stage, cast.ketapang)).content.decode()
    assert "Tahap ditutup pada 19 Desember 2026." in html.split('id="read-only">', 1)[1]
    assert '<button type="button" disabled aria-describedby="read-only">' in html
    assert 'value="submit"' not in html
    refused = client.post(
        _url(judging.stage, cast.ketapang), {**ALL_THREE, "action": "submit", "yakin": "1"}
    )
    assert refused.status_code in (400, 403) and not ScoreSheet.objects.exists()
