"""The judging view: the assessor's score page shows, beside the rubric, the candidate's coverage
figures as the coverage engine computed them, its evidence opened in the page (served only to
those allowed to see it), and the assessor's progress through their sheets."""

from __future__ import annotations

import datetime as dt
import functools
import html as html_lib
import re
from types import SimpleNamespace

import pytest

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.models import Assignment
from paritrana.awards.domain.workspace import add_evidence
from paritrana.coverage.domain.compute import compute_metrics
from tests.assessment import conftest as judging_conftest
from tests.assessment.conftest import nominate
from tests.assessment.test_results import score
from tests.evidence_samples import image, xlsx
from tests.store_fixture import build_store

cast = judging_conftest.cast

PNG = image("PNG")


@functools.cache
def regulation_pdf() -> bytes:
    """A one-page regulation with words on it (what the browser test's screenshot shows)."""
    from weasyprint import HTML

    return HTML(
        string="<h1>Peraturan Bupati Ketapang Nomor 12 Tahun 2025</h1>"
        "<p>tentang Perlindungan Jaminan Sosial Ketenagakerjaan bagi Pekerja Rentan</p>"
        "<p>Pasal 1: Pemerintah Daerah mendaftarkan pekerja rentan dalam program JKK dan JKM.</p>"
    ).write_pdf()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def figures(cast, settings, tmp_path):
    """The hand-made store plus Ketapang's workforce of 2024 (5) and its 2025 target (50%):
    2 active of 6 workers in 2025 (33,33%), 1 of 5 in 2024 (20,00%), so +13,33 points; the
    target needs ceil(50% x 6) - 2 = 1 more worker, and 33,33 / 50 = 66,67% of it is attained."""
    settings.PARITRANA_STORE_DIR = build_store(
        tmp_path / "store-figures",
        extra_workforce=[("61.04", 2024, "sakernas_bekerja", 5, "t", 1)],
        extra_targets=[("61.04", 2025, 50.0, "Perbup Ketapang", 1)],
    )
    compute_metrics(year=2025)
    return cast


@pytest.fixture
def sheet(figures):
    """Ketapang filed a PDF, a photo and a workbook; verification is open and assessor A judges
    Ketapang, Pontianak, Bengkayang and the employer PT Satu; two of them are submitted."""
    cast = figures
    cast.open("penilaian_mandiri")
    files = {}
    for name, content, kind, title in (
        ("perbup.pdf", regulation_pdf(), "regulasi", "Perbup Ketapang 12/2025"),
        ("foto.png", PNG, "foto", "Layanan jemput bola"),
        ("anggaran.xlsx", xlsx(), "anggaran", "Rincian APBD 2025"),
    ):
        files[kind] = add_evidence(
            nomination=cast.ketapang,
            content=content,
            original_name=name,
            kind=kind,
            title=title,
            number="12 Tahun 2025" if kind == "regulasi" else "",
            document_date=dt.date(2025, 3, 1),
            amount=1_250_000_000 if kind == "anggaran" else None,
            user=cast.admin,
        )
    stage = cast.open("verifikasi")
    bengkayang = nominate(cast.category, "61.07", "Kabupaten Bengkayang", "61")
    companies = cast.cycle.categories.get(level="provinsi", code="perusahaan-besar-menengah")
    employer = nominate(companies, "E1", "PT Satu", "61", entity="perusahaan")
    for nomination in (cast.ketapang, employer):
        assign(stage=stage, member=cast.a, nomination=nomination, user=cast.admin)
    score(cast, stage, cast.a, bengkayang, regulasi=3, anggaran=3, inovasi=3)
    score(cast, stage, cast.a, cast.pontianak, regulasi=3, anggaran=2, inovasi=3)
    return SimpleNamespace(
        cast=cast, stage=stage, files=files, bengkayang=bengkayang, employer=employer
    )


def _url(stage, nomination) -> str:
    return f"/penilaian/{stage.pk}/{nomination.pk}/"


def _page(client, member, stage, nomination) -> str:
    client.force_login(member.user)
    response = client.get(_url(stage, nomination))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str, element_id: str) -> str:
    """The words a reader sees in the element with that id (tags dropped, spaces folded)."""
    found = re.search(rf'<(\w+)[^>]* id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, f"no #{element_id} on the page"
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", found.group(2))).split())


def test_the_sheet_shows_the_regions_coverage_figures(client, sheet):
    cast = sheet.cast
    html = _page(client, cast.a, sheet.stage, cast.ketapang)
    assert _text(html, "figures-title") == "Angka cakupan 2025"
    assert _text(html, "figure-ucj") == "33,33% UCJ"
    assert _text(html, "figure-active") == "2 peserta aktif"
    assert _text(html, "figure-workforce") == "6 pekerja (dasar) (BPS Sakernas: penduduk bekerja)"
    assert _text(html, "figure-change") == "+13,33 perubahan dari tahun lalu (poin) 20,00% → 33,33%"
    assert _text(html, "figure-target") == "50,00% target 66,67% tercapai"
    assert _text(html, "figure-gap") == "1 tambahan pekerja dibutuhkan"
    assert "sakernas_bekerja" not in _text(html, "figures")  # the base in words, never its code


def test_the_figures_are_those_of_the_regions_coverage_page(client, sheet):
    cast = sheet.cast
    html = _page(client, cast.a, sheet.stage, cast.ketapang)
    coverage = client.get("/cakupan/61.04/?tahun=2025").content.decode()
    for sheet_id, page_id in (
        ("figure-ucj", "fact-ucj"),
        ("figure-active", "fact-active"),
        ("figure-change", "fact-change"),
        ("figure-target", "fact-target"),
        ("figure-gap", "fact-gap"),
    ):
        shown = re.search(r"<b>(.*?)</b>", _text_html(html, sheet_id)).group(1)
        assert shown == re.search(r"<b>(.*?)</b>", _text_html(coverage, page_id)).group(1)
    assert 'href="/cakupan/61.04/?tahun=2025&amp;dasar=sakernas_bekerja"' in html


def _text_html(html: str, element_id: str) -> str:
    found = re.search(rf'<(\w+)[^>]* id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert found, f"no #{element_id}"
    return found.group(2)


def test_a_region_without_a_target_says_so(client, cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.pontianak, user=cast.admin)
    html = _page(client, cast.a, stage, cast.pontianak)
    assert _text(html, "figure-ucj") == "25,00% UCJ"  # 1 active of 4 workers
    assert _text(html, "figure-target") == "- target"
    assert "Belum ada target yang tercatat untuk wilayah ini" in _text(html, "no-target")


def test_an_employer_shows_its_registration_against_its_reported_workforce(client, sheet):
    html = _page(client, sheet.cast.a, sheet.stage, sheet.employer)
    assert _text(html, "figure-share") == "50,00% terdaftar dari yang dilaporkan"
    assert _text(html, "figure-registered") == "3 peserta terdaftar"
    assert _text(html, "figure-reported") == "6 pekerja yang dilaporkan"
    assert _text(html, "figure-gap") == "3 pekerja yang dilaporkan tetapi belum terdaftar"
    assert _text(html, "figure-ontime") == "50,00% pembayaran tepat waktu"
    assert _text(html, "figure-change").startswith("- ")  # no figures of 2024


def test_the_evidence_opens_in_the_page_with_a_download_link(client, sheet):
    cast, files = sheet.cast, sheet.files
    html = _page(client, cast.a, sheet.stage, cast.ketapang)
    pdf, photo, workbook = files["regulasi"], files["foto"], files["anggaran"]
    assert f'<iframe class="evidence-frame" src="/bukti/{pdf.pk}/lihat/"' in html
    assert 'title="Perbup Ketapang 12/2025"' in html
    image_tag = f'<img class="evidence-image" src="/bukti/{photo.pk}/lihat/"'
    assert f'{image_tag} alt="Layanan jemput bola"' in html
    for evidence in (pdf, photo, workbook):
        assert f'href="/bukti/{evidence.pk}/"' in html
    assert f"Unduh {pdf.download_name}" in _text(html, f"evidence-{pdf.pk}")
    spreadsheet = _text(html, f"evidence-{workbook.pk}")
    assert "tidak dapat ditampilkan di halaman" in spreadsheet
    assert f"/bukti/{workbook.pk}/lihat/" not in html


def test_the_preview_is_served_inline_and_only_framed_by_our_pages(client, sheet):
    cast, pdf = sheet.cast, sheet.files["regulasi"]
    client.force_login(cast.a.user)
    response = client.get(f"/bukti/{pdf.pk}/lihat/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == regulation_pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    # Every other page keeps refusing to be framed.
    page = client.get(_url(sheet.stage, cast.ketapang))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    photo = client.get(f"/bukti/{sheet.files['foto'].pk}/lihat/")
    assert photo["Content-Type"] == "image/png" and b"".join(photo.streaming_content) == PNG
    assert client.get(f"/bukti/{sheet.files['anggaran'].pk}/lihat/").status_code == 404


def test_the_preview_is_refused_to_whoever_may_not_see_the_evidence(client, sheet):
    cast, pdf = sheet.cast, sheet.files["regulasi"]
    url = f"/bukti/{pdf.pk}/lihat/"
    assert client.get(url).url.startswith("/masuk/")
    # Ketapang's own assessor, even with an assignment made before the conflict was known.
    Assignment.objects.create(
        stage=sheet.stage, member=cast.ketapang_member, nomination=cast.ketapang, method="manual"
    )
    for user in (cast.ketapang_member.user, cast.b.user, cast.outsider):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403
        assert not getattr(response, "streaming", False)


def test_a_conflicted_assessor_sees_neither_figures_nor_evidence(client, sheet):
    cast = sheet.cast
    Assignment.objects.create(
        stage=sheet.stage, member=cast.ketapang_member, nomination=cast.ketapang, method="manual"
    )
    client.force_login(cast.ketapang_member.user)
    response = client.get(_url(sheet.stage, cast.ketapang))
    html = response.content.decode()
    assert response.status_code == 403
    for secret in ('id="figures"', "33,33%", "/lihat/", "Perbup Ketapang 12/2025", "perbup.pdf"):
        assert secret not in html


def test_the_sheet_shows_the_assessors_progress_with_previous_and_next(client, sheet):
    cast, stage = sheet.cast, sheet.stage
    # The list's order: the kab/kota category by name, then the employers' category.
    html = _page(client, cast.a, stage, cast.ketapang)
    assert _text(html, "progress-text") == "2 dari 4 lembar dikirim"
    assert _text(html, "progress-position") == "ini lembar ke-2 dari 4"
    assert _text(html, "previous-sheet") == "‹ Lembar sebelumnya: Kabupaten Bengkayang"
    assert f'href="{_url(stage, sheet.bengkayang)}"' in html
    assert _text(html, "next-sheet") == "Lembar berikutnya: Kota Pontianak ›"
    assert f'href="{_url(stage, cast.pontianak)}"' in html

    last = _page(client, cast.a, stage, sheet.employer)
    assert _text(last, "progress-position") == "ini lembar ke-4 dari 4"
    assert 'id="next-sheet"' not in last
    assert _text(last, "previous-sheet") == "‹ Lembar sebelumnya: Kota Pontianak"

    client.post(
        _url(stage, cast.ketapang),
        {
            "score-regulasi": "4",
            "score-anggaran": "3",
            "score-inovasi": "3",
            "action": "submit",
            "yakin": "1",
        },
    )
    html = client.get(_url(stage, cast.ketapang)).content.decode()
    assert _text(html, "progress-text") == "3 dari 4 lembar dikirim"


def test_a_conflicted_candidate_is_neither_counted_nor_linked(client, sheet):
    cast, stage = sheet.cast, sheet.stage
    Assignment.objects.create(  # made before the conflict was known
        stage=stage, member=cast.ketapang_member, nomination=cast.ketapang, method="manual"
    )
    assign(stage=stage, member=cast.ketapang_member, nomination=cast.pontianak, user=cast.admin)
    html = _page(client, cast.ketapang_member, stage, cast.pontianak)
    assert _text(html, "progress-text") == "0 dari 1 lembar dikirim"
    assert 'id="previous-sheet"' not in html and 'id="next-sheet"' not in html
    assert "Kabupaten Ketapang" not in html
