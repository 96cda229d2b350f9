"""Every workbook opened back with openpyxl: values a user would check, their types and formats,
the house style (bold frozen header, autofilter, Keterangan), and who sees which rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from paritrana.access.policy import allowed, scored_nominations
from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.conflicts import declare
from paritrana.assessment.domain.results import compute
from paritrana.assessment.domain.scores import Entry, save_scores
from paritrana.coverage.domain.compute import compute_metrics
from paritrana.reports.exports import ExportRefused, request_export
from paritrana.reports.models import Export, ExportStatus
from paritrana.reports.workbooks import (
    style,
    write_candidates,
    write_coverage,
    write_ranking,
    write_rankings,
    write_scores,
)
from tests.assessment import conftest as judging
from tests.assessment.test_results import judge
from tests.store_fixture import warm_store

cast = judging.cast
FORMULA = '=HYPERLINK("http://contoh.invalid","klik")'


def _open(write, **kwargs):
    buffer = io.BytesIO()
    write(buffer, **kwargs)
    buffer.seek(0)
    return load_workbook(buffer)


def _table(sheet) -> list[dict]:
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def _house_style(sheet, first_header: str) -> None:
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == first_header and sheet["A1"].font.b
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.auto_filter.ref.endswith(str(sheet.max_row))
    assert sheet.column_dimensions["A"].width > 0


def _number(cell, kind=(int, float)):
    assert isinstance(cell.value, kind) and not isinstance(cell.value, bool), cell.value
    return cell.value


def _percent(cell) -> float:
    assert cell.number_format == "0.00%", cell.number_format
    return _number(cell)


# -- rankings -----------------------------------------------------------------------------


def test_the_ranking_workbook_holds_the_hand_computed_totals(cast):
    judge(cast)
    result = compute(category=cast.category, group="61")
    book = _open(write_ranking, result=result, user=cast.admin, requested_by="admin_nasional")
    assert book.sheetnames == ["Peringkat", "Keterangan"]
    sheet = book["Peringkat"]
    _house_style(sheet, "Peringkat")
    rows = _table(sheet)
    first = rows[0]
    assert first["Kandidat"].value == "Kabupaten Ketapang"
    assert _number(first["Peringkat"], int) == 1
    assert _number(first["Jumlah penilai"], int) == 2
    # See tests/assessment/test_results.py: assessor total 51.25 / .65 = 78.846..., data
    # 44.776, final .35 x 44.776 + 51.25 = 66.9216; verification alone 80, interview 75.
    assert _number(first["Total penilai (mentah)"]) == pytest.approx(78.84615, abs=1e-4)
    assert _number(first["Total data"]) == pytest.approx(44.776)
    assert _number(first["Nilai akhir (mentah)"]) == pytest.approx(66.9216)
    assert _number(first["Nilai yang diperingkat"]) == pytest.approx(66.9216)
    assert _number(first["Total verifikasi"]) == pytest.approx(80.0)
    assert _number(first["Total wawancara"]) == pytest.approx(75.0)
    assert first["Nilai akhir (mentah)"].number_format == "0.00"
    # A gap of 10+ points keeps the rank in every draw: 100% stored as 1.0.
    assert _percent(first["Peringkat tetap"]) == 1.0
    assert _number(first["Peringkat terbaik"], int) == 1
    assert first["Ketidaksepakatan tinggi"].value == "Tidak"
    second = rows[1]
    assert second["Kandidat"].value == "Kota Pontianak"
    assert _number(second["Total penilai (mentah)"]) == pytest.approx(39.375 / 0.65)
    notes = [r for r in book["Keterangan"].iter_rows(values_only=True)]
    labels = {r[0]: r[1] for r in notes if r[0]}
    assert labels["Cara menggabungkan penilai"] == "median"
    assert "kode kandidat" in labels["Pemecah nilai seri"]
    assert labels["Diminta oleh"] == "admin_nasional"
    # Written as the pages write figures (it read "35.0% : 65.0%" and "+-20%").
    assert labels["Bobot data : penilai"] == "35,0% : 65,0%"
    assert labels["Uji kestabilan"] == "1.000 undian bobot, ±20%"


def test_every_ranking_of_a_panel_gets_its_own_sheet(cast):
    judge(cast)
    book = _open(write_rankings, panel=cast.panel, user=cast.admin)
    assert book.sheetnames == ["pemda-kabkota 61", "Keterangan"]
    assert all(len(name) <= 31 for name in book.sheetnames)
    first = _table(book["pemda-kabkota 61"])[0]
    assert _number(first["Nilai akhir (mentah)"]) == pytest.approx(66.9216)
    assert _cover(book)["Sumber"].startswith("Dihitung ulang")


def _cover(book) -> dict:
    return {r[0]: r[1] for r in book["Keterangan"].iter_rows(values_only=True) if r[0]}


def test_a_decided_panels_workbook_says_on_its_cover_the_rankings_are_as_decided(cast):
    from paritrana.assessment.domain.decisions import confirm

    judge(cast)
    cast.open("keputusan")
    confirm(
        category=cast.category,
        group="61",
        chosen=[cast.ketapang, cast.pontianak],
        user=cast.chair.user,
    )
    book = _open(write_rankings, panel=cast.panel, user=cast.admin)
    assert _cover(book)["Sumber"].startswith("Setiap peringkat sebagaimana diputuskan")
    assert "Dihitung ulang" not in _cover(book)["Sumber"]


# -- individual scores --------------------------------------------------------------------


def _draft_with_a_formula_comment(cast):
    """penilai_ketapang's unsubmitted verification sheet of Pontianak, a comment like a formula."""
    stage = cast.stage("verifikasi")
    assign(stage=stage, member=cast.ketapang_member, nomination=cast.pontianak, user=cast.admin)
    save_scores(
        stage=stage,
        member=cast.ketapang_member,
        nomination=cast.pontianak,
        entries={"regulasi": Entry(3, FORMULA)},
        user=cast.ketapang_member.user,
    )


def test_the_admin_gets_every_score_with_its_comment_and_status(cast):
    judge(cast)
    _draft_with_a_formula_comment(cast)
    book = _open(write_scores, panel=cast.panel, user=cast.admin)
    sheet = book["Nilai"]
    _house_style(sheet, "Tahap")
    rows = _table(sheet)
    # 2 assessors x 2 candidates x (3 verification + 1 interview criteria) + the draft's one.
    assert len(rows) == 17
    ketapang_a = [
        r
        for r in rows
        if r["Kandidat"].value == "Kabupaten Ketapang" and r["Penilai"].value == "penilai_a"
    ]
    values = {r["Kode kriteria"].value: _number(r["Nilai"]) for r in ketapang_a}
    assert values == {"regulasi": 4, "anggaran": 3, "inovasi": 5, "pemahaman": 4}
    inovasi = next(r for r in ketapang_a if r["Kode kriteria"].value == "inovasi")
    assert inovasi["Komentar"].value == "alasan nilai ekstrem"
    assert inovasi["Tahap"].value == "Verifikasi"
    assert inovasi["Status lembar"].value == "Terkirim"
    assert isinstance(inovasi["Dikirim"].value, dt.datetime)
    assert inovasi["Dipakai di peringkat"].value == "Ya"
    draft = next(r for r in rows if r["Status lembar"].value == "Draf")
    assert draft["Penilai"].value == "penilai_ketapang"
    assert draft["Komentar"].value == FORMULA and draft["Komentar"].data_type == "s"
    assert draft["Dikirim"].value is None and draft["Dipakai di peringkat"].value == "Tidak"


def test_a_conflicted_manager_gets_no_row_of_the_candidate_they_are_barred_from(cast):
    judge(cast)
    _draft_with_a_formula_comment(cast)
    declare(
        member=cast.secretary,
        nomination=cast.ketapang,
        kind="keluarga",
        reason="Saudara Bupati.",
        user=cast.secretary.user,
    )
    rows = _table(_open(write_scores, panel=cast.panel, user=cast.secretary.user)["Nilai"])
    assert {r["Kandidat"].value for r in rows} == {"Kota Pontianak"}
    assert len(rows) == 2 * 4 + 1  # Pontianak's submitted scores and the draft
    # The national admin still sees both.
    admin = _table(_open(write_scores, panel=cast.panel, user=cast.admin)["Nilai"])
    assert {r["Kandidat"].value for r in admin} == {"Kabupaten Ketapang", "Kota Pontianak"}


def test_an_assessor_sees_submitted_scores_of_assigned_candidates_only(cast):
    judge(cast)
    _draft_with_a_formula_comment(cast)
    # penilai_ketapang is barred from Ketapang (own regional government) and assigned to
    # Pontianak; an assessor gets no drafts, not even their own sheet's.
    rows = _table(_open(write_scores, panel=cast.panel, user=cast.ketapang_member.user)["Nilai"])
    assert {r["Kandidat"].value for r in rows} == {"Kota Pontianak"}
    assert {r["Status lembar"].value for r in rows} == {"Terkirim"}
    # An outsider gets nothing.
    assert _table(_open(write_scores, panel=cast.panel, user=cast.outsider)["Nilai"]) == []


def test_score_visibility_agrees_with_the_pages_rule(cast):
    judge(cast)
    _draft_with_a_formula_comment(cast)
    declare(
        member=cast.chair,
        nomination=cast.pontianak,
        kind="keluarga",
        reason="Ipar Wali Kota.",
        user=cast.chair.user,
    )
    people = [cast.admin, cast.outsider] + [
        m.user for m in (cast.chair, cast.secretary, cast.a, cast.b, cast.ketapang_member)
    ]
    for user in people:
        visible = scored_nominations(user, cast.panel)
        for nomination in (cast.ketapang, cast.pontianak):
            shown = visible is None or nomination.pk in visible
            assert shown == allowed(user, "access.view_judging", nomination), (
                user.username,
                nomination.name,
            )


# -- candidates ---------------------------------------------------------------------------


def test_the_candidates_workbook_lists_the_cycle_in_indonesian(cast):
    book = _open(write_candidates, cycle=cast.cycle, user=cast.admin)
    sheet = book["Kandidat"]
    _house_style(sheet, "Tingkat")
    rows = {r["Nama kandidat"].value: r for r in _table(sheet)}
    assert set(rows) == {"Kabupaten Ketapang", "Kota Pontianak"}
    ketapang = rows["Kabupaten Ketapang"]
    assert ketapang["Tingkat"].value == "Tingkat provinsi"
    assert ketapang["Provinsi"].value == "Kalimantan Barat"
    assert ketapang["Kunci"].value == "61.04" and ketapang["Wilayah"].value == "Kabupaten Ketapang"
    assert ketapang["Sumber"].value == "Ditambahkan manual"
    assert ketapang["Status"].value == "Dinominasikan"
    assert isinstance(ketapang["Dicatat"].value, dt.datetime)
    # The chair gets the round's candidates; an assessor only those assigned to them (none
    # yet); an outsider none.
    chair = _table(_open(write_candidates, cycle=cast.cycle, user=cast.chair.user)["Kandidat"])
    assert len(chair) == 2
    assessor = _table(_open(write_candidates, cycle=cast.cycle, user=cast.a.user)["Kandidat"])
    assert assessor == []
    assert _table(_open(write_candidates, cycle=cast.cycle, user=cast.outsider)["Kandidat"]) == []


# -- coverage -----------------------------------------------------------------------------


@pytest.fixture
def computed(regions, settings, tmp_path):
    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    return compute_metrics(year=2025)


def test_the_coverage_workbook_holds_the_hand_computed_metrics(computed):
    book = _open(write_coverage, year=2025, requested_by="publik")
    assert book.sheetnames == ["Wilayah", "Pemberi kerja", "Keterangan"]
    sheet = book["Wilayah"]
    _house_style(sheet, "Tingkat")
    rows = {r["Kode wilayah"].value: r for r in _table(sheet)}
    # tests/store_fixture.py: Ketapang 2 active of 6 workers = 33.33%.
    ketapang = rows["61.04"]
    assert ketapang["Nama wilayah"].value == "Kabupaten Ketapang"
    assert ketapang["Tingkat"].value == "Kabupaten/Kota"
    assert (ketapang["Kode induk"].value, ketapang["Nama induk"].value) == (
        "61",
        "Kalimantan Barat",
    )
    assert _number(ketapang["Peserta aktif"], int) == 2
    assert _number(ketapang["Pekerja (dasar)"], int) == 6
    assert _percent(ketapang["UCJ"]) == pytest.approx(2 / 6)
    # Kalimantan Barat: 3 of 10 = 30%, target 59.56%, 3 more workers, reached in 2028.
    kalbar = rows["61"]
    assert _percent(kalbar["UCJ"]) == pytest.approx(0.30)
    assert _percent(kalbar["Target UCJ"]) == pytest.approx(0.5956)
    assert _number(kalbar["Tambahan peserta dibutuhkan"], int) == 3
    assert _number(kalbar["Perkiraan tahun target tercapai"], int) == 2028
    assert kalbar["Perkiraan tahun target tercapai"].number_format == "0"
    assert _number(kalbar["Perubahan UCJ (poin)"]) == pytest.approx(10.0)  # 30% - 20%
    assert kalbar["Perubahan UCJ (poin)"].number_format == "0.00"
    assert _percent(kalbar["Perubahan UCJ relatif"]) == pytest.approx(0.5)
    assert _percent(kalbar["Cakupan BPU"]) == pytest.approx(0.10)
    assert _number(kalbar["Manfaat dibayar (Rp)"], int) == 1_200_000
    assert (kalbar["Kode induk"].value, kalbar["Nama induk"].value) == ("kalimantan", "Kalimantan")
    assert isinstance(kalbar["Bulan acuan"].value, dt.datetime)  # a date cell
    village = rows["61.04.01.2011"]
    assert village["Nama wilayah"].value == "Sungai Putri"
    assert village["Kode induk"].value == "61.04"
    # DKI has no workforce figure, so no national UCJ: an empty cell, not zero.
    assert rows["ID"]["UCJ"].value is None and rows["ID"]["Pekerja sebagian"].value == "Ya"
    employers = {r["ID pemberi kerja"].value: r for r in _table(book["Pemberi kerja"])}
    e1 = employers["E1"]
    assert e1["Kabupaten/kota"].value == "Kabupaten Ketapang"
    assert _number(e1["Bulan menunggak"], int) == 1
    assert _percent(e1["Pembayaran tepat waktu"]) == pytest.approx(0.5)
    assert _number(e1["Iuran menurut aturan (Rp)"], int) == 477_000 * 2 + 286_200 + 190_800
    notes = {r[0]: r[1] for r in book["Keterangan"].iter_rows(values_only=True) if r[0]}
    assert "BPJS" in notes["Sumber"]
    assert isinstance(notes["Berkas dibuat"], dt.datetime)


def test_the_coverage_workbook_reports_progress_as_it_streams(computed, monkeypatch):
    monkeypatch.setattr(style, "PROGRESS_EVERY", 5)
    calls = []
    book = write_coverage(io.BytesIO(), year=2025, progress=lambda d, t: calls.append((d, t)))
    rows = sum(s.rows for s in book.sheets)
    assert calls[0] == (5, rows)
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)
    assert calls[-1] == (rows, rows)


# -- the style helper ---------------------------------------------------------------------


def test_sheet_names_fit_excel_and_stay_unique():
    long = "Kategori dengan nama yang sangat panjang sekali: 61/62"
    first = style.safe_title(long)
    assert len(first) <= 31 and "/" not in first and ":" not in first
    second = style.safe_title(long, [first])
    assert len(second) <= 31 and second != first and second.endswith("(2)")


def test_text_that_looks_like_a_formula_or_holds_control_characters_stays_text():
    book = style.Book(title="Uji")
    sheet = book.sheet("Data", [style.Column("Teks"), style.Column("Angka", style.Kind.INT)])
    for text in ("=1+1", "+62 812", "-5", "@SUM(A1)", "baris\x00satu"):
        sheet.append([text, 7])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = [row[0] for row in load_workbook(buffer)["Data"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["=1+1", "+62 812", "-5", "@SUM(A1)", "barissatu"]
    assert {c.data_type for c in cells} == {"s"}
    with pytest.raises(ValueError, match="bukan bilangan bulat"):
        sheet.append(["x", 1.5])


# -- requesting exports -------------------------------------------------------------------


def test_a_coverage_export_is_built_into_media_and_reports_done(
    computed, settings, tmp_path, django_user_model
):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = django_user_model.objects.create_user("publik", password="rahasia-123")
    export = request_export(kind="cakupan", params={"year": "2025"}, user=user)
    assert export.status == ExportStatus.DONE, export.message
    path = tmp_path / "media" / export.file.name
    assert export.file.name.startswith("exports/") and path.is_file()
    assert export.size == path.stat().st_size and export.percent == 100
    assert export.done == export.total > 0
    assert load_workbook(path)["Wilayah"]["A1"].value == "Tingkat"


def test_asking_again_while_queued_returns_the_same_export(
    computed, settings, tmp_path, django_user_model
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    user = django_user_model.objects.create_user("publik", password="rahasia-123")
    first = request_export(kind="cakupan", params={"year": 2025}, user=user)
    again = request_export(kind="cakupan", params={"year": "2025"}, user=user)
    assert first.status == ExportStatus.QUEUED and again.pk == first.pk
    assert Export.objects.count() == 1


def test_an_export_stuck_for_hours_is_closed_and_asked_for_afresh(
    computed, settings, tmp_path, django_user_model
):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = django_user_model.objects.create_user("publik", password="rahasia-123")
    stuck = Export.objects.create(
        kind="cakupan",
        parameters={"year": 2025},
        key='{"kind": "cakupan", "year": 2025}',
        requested_by=user,
        status=ExportStatus.RUNNING,
    )
    Export.objects.filter(pk=stuck.pk).update(created_at=stuck.created_at - dt.timedelta(hours=3))
    fresh = request_export(kind="cakupan", params={"year": 2025}, user=user)
    assert fresh.pk != stuck.pk and fresh.status == ExportStatus.DONE
    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED and "minta ulang" in stuck.message


def test_kinds_a_person_may_not_have_are_refused_in_indonesian(cast):
    with pytest.raises(ExportRefused, match="hanya dapat diunduh oleh anggota tim penilai"):
        request_export(kind="nilai", params={"panel": cast.panel.pk}, user=cast.outsider)
    with pytest.raises(ExportRefused, match="hanya dapat diunduh oleh anggota tim penilai"):
        request_export(kind="kandidat", params={"cycle": cast.cycle.pk}, user=cast.outsider)
    with pytest.raises(ExportRefused, match="tidak dikenal") as unknown:
        request_export(kind="rahasia", params={}, user=cast.outsider)
    assert unknown.value.status == 400
    with pytest.raises(ExportRefused, match="Belum ada metrik cakupan tahun 2031"):
        request_export(kind="cakupan", params={"year": 2031}, user=cast.outsider)
    assert not Export.objects.exists()


def test_exports_past_their_days_are_deleted_with_their_files(
    computed, settings, tmp_path, django_user_model
):
    from paritrana.reports.exports import file_path, purge_expired

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARITRANA_EXPORT_DAYS = 7
    user = django_user_model.objects.create_user("publik", password="rahasia-123")
    old = request_export(kind="cakupan", params={"year": 2025}, user=user)
    recent = request_export(kind="cakupan", params={"year": 2025}, user=user)
    assert old.pk != recent.pk and file_path(old).is_file() and file_path(recent).is_file()
    now = old.finished_at + dt.timedelta(days=7, minutes=1)
    Export.objects.filter(pk=recent.pk).update(finished_at=now - dt.timedelta(days=6))
    assert purge_expired(now=now) == 1
    assert not Export.objects.filter(pk=old.pk).exists() and not file_path(old).exists()
    assert Export.objects.filter(pk=recent.pk).exists() and file_path(recent).is_file()


def test_two_identical_pending_exports_cannot_exist(computed, django_user_model):
    from django.db import IntegrityError, transaction

    user = django_user_model.objects.create_user("publik", password="rahasia-123")
    fields = {"kind": "cakupan", "key": '{"kind": "cakupan", "year": 2025}', "requested_by": user}
    Export.objects.create(**fields, status=ExportStatus.QUEUED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Export.objects.create(**fields, status=ExportStatus.RUNNING)
    Export.objects.create(**fields, status=ExportStatus.DONE)  # finished ones may repeat
    assert Export.objects.count() == 2
