"""Every code a person would read is shown as its label, in Indonesian and in English (issue 16):
the workforce base, import kinds and stages, column types, zone codes, the reason a nominee was
drawn, provinces, criteria, interview attendance of a company, dates and figures."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from paritrana.assessment.models import InterviewSlot
from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.nominations import add_by_hand
from paritrana.awards.domain.templates import create_cycle_from_template
from paritrana.awards.models import NominationSource
from paritrana.coverage.labels import local_time
from paritrana.coverage.models import DataImport, ImportStatus
from tests.assessment import conftest as judging
from tests.screening import open_screening

cast = judging.cast

TARGETS = "region_code,year,target_pct,source\n61,2025,59.56,Pergub\n51,2025,67.28,RPJMD\n"
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _text(html: str) -> str:
    """What a reader sees: the page without its tags, scripts and attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _upload(client, name: str):
    file = SimpleUploadedFile(name, TARGETS.encode(), content_type="text/csv")
    return client.post("/impor/", {"kind": "targets", "file": file})


# -- imports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [("id", "Target cakupan"), ("en", "Coverage targets")],
)
def test_the_import_pages_name_the_data_kind(client, regions, store, data_officer, language, words):
    client.force_login(data_officer)
    record_url = _upload(client, "target.csv").url
    if language == "en":
        _english(client)
    for url in ("/impor/", record_url):
        html = client.get(url).content.decode()
        assert words in _text(html)
        for code in ("<td>targets</td>", ">targets</span>", "(targets)"):
            assert code not in html, url


def test_the_imports_filter_names_the_kinds_in_the_pages_language(client, data_officer):
    client.force_login(data_officer)
    html = _english(client).get("/impor/").content.decode()
    options = dict(re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', html))
    assert options["contributions"] == "Monthly contributions per participant"
    assert options["active_counts"] == "Active participant counts (aggregated)"
    assert "Iuran peserta per bulan" not in html


def test_a_second_upload_says_when_in_local_time_not_iso_utc(client, regions, store, data_officer):
    client.force_login(data_officer)
    _upload(client, "target.csv")
    first = DataImport.objects.get()
    url = _upload(client, "target-lagi.csv").url
    again = DataImport.objects.latest("id")
    assert again.status == ImportStatus.DUPLICATE
    # The stored message (the command line's and the API's) and the page: "pukul 14.03 WIB".
    assert not ISO_TIME.search(again.message)
    assert re.search(r"diimpor pada \d{1,2} \w+ \d{4} pukul \d{2}\.\d{2} WIB", again.message)
    text = _text(client.get(url).content.decode())
    with translation.override("id"):
        assert local_time(first.finished_at) in text
    assert not ISO_TIME.search(text) and "+00:00" not in text
    text = _text(_english(client).get(url).content.decode())
    assert re.search(r"already imported on \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} WIB", text)
    assert "sudah pernah diimpor" not in text


def test_a_running_import_names_its_stage_in_words(client, regions, store, data_officer):
    from paritrana.coverage.domain.import_recovery import this_process

    record = DataImport.objects.create(
        kind="contributions",
        file_name="iuran.csv",
        status=ImportStatus.RUNNING,
        stage="reading",
        worker=this_process(),
        done=1,
        total=4,
    )
    client.force_login(data_officer)
    text = _text(client.get(f"/impor/{record.pk}/").content.decode())
    assert "membaca berkas" in text and "Iuran peserta per bulan" in text
    assert not re.search(r"\b(reading|contributions)\b", text)
    text = _text(_english(client).get(f"/impor/{record.pk}/").content.decode())
    assert "reading the file" in text and "Monthly contributions per participant" in text


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("id", ["NIK atau nomor kartu (disamarkan)", "kode kabupaten/kota", "satu pilihan"]),
        ("en", ["NIK or card number (pseudonymised)", "regency/city code", "one choice"]),
    ],
)
def test_the_file_formats_page_says_what_a_column_holds(client, db, language, words):
    if language == "en":
        _english(client)
    html = client.get("/impor/skema/").content.decode()
    for word in words:
        assert word in html
    cells = re.findall(r"<td>([^<]*)</td>", html)  # column names and values are in <code>
    for code in ("secret", "kabkota", "choice", "choices", "integer", "identifier", "local"):
        assert code not in cells
    assert '<span class="badge">targets</span>' not in html


# -- coverage pages -----------------------------------------------------------------------


@pytest.fixture
def computed(regions, settings, tmp_path):
    from paritrana.coverage.domain.compute import compute_metrics
    from tests.store_fixture import warm_store

    settings.PARITRANA_STORE_DIR = warm_store(tmp_path / "store")
    return compute_metrics(year=2025)


@pytest.mark.parametrize(
    ("language", "base"),
    [("id", "BPS Sakernas: penduduk bekerja"), ("en", "BPS Sakernas: employed population")],
)
def test_the_coverage_page_names_the_base_and_lists_zones_by_name(client, computed, language, base):
    if language == "en":
        _english(client)
    text = _text(client.get("/cakupan/ID/").content.decode())
    assert f"({base})" in text  # UCJ = active participants / workforce (...)
    assert "Kalimantan" in text
    assert "sakernas_bekerja" not in text
    assert not re.search(r"\b(jawa-bali|kalimantan|sumatera|sulawesi)\b", text)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_national_dashboard_lists_zones_by_name(client, computed, language):
    if language == "en":
        _english(client)
    html = client.get("/dasbor/").content.decode()
    table = html.split('<table id="children"', 1)[1].split("</table>", 1)[0]
    text = _text(table)
    assert "Kalimantan" in text
    assert not re.search(r"\b(jawa-bali|kalimantan|sumatera|sulawesi)\b", text)


def test_english_pages_write_english_figures(client, computed):
    indonesian = _text(client.get("/cakupan/61/").content.decode())
    english = _text(_english(client).get("/cakupan/61/").content.decode())
    figures = re.findall(r"\d+,\d{2}%", indonesian)  # 59,56% in Indonesian
    assert figures
    for figure in figures:
        assert figure.replace(",", ".") in english  # 59.56% in English
    assert not re.search(r"\d+,\d{2}%", english)


def test_the_planning_results_follow_the_language_too(client, computed):
    url = "/perencanaan/61/?tahun=2025&target=59,56&growth=2"
    indonesian = _text(client.get(url).content.decode())
    assert "59,56%" in indonesian
    english = _text(_english(client).get(url).content.decode())
    assert "59.56%" in english
    assert not re.search(r"\d,\d{2}%", english)


# -- nominees -----------------------------------------------------------------------------


@pytest.fixture
def nominee(regions, django_user_model, settings, tmp_path):
    """A Kalimantan Barat nominee drawn from data before the basis was written in words."""
    from paritrana.access.models import ProvincialAdmin

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARITRANA_STORE_DIR = tmp_path / "store"
    cycle = create_cycle_from_template(assessment_year=2025)
    open_screening(cycle, "provinsi")
    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    nomination = add_by_hand(
        category=category,
        province="61",
        reason="uji",
        candidate=Candidate(entity="kabkota", name="Kabupaten Ketapang", region_code="61.04"),
    )
    nomination.source = NominationSource.DATA
    nomination.basis = "peringkat 3: ucj_pct = 25.38"  # as earlier draws stored it
    nomination.save()
    user = django_user_model.objects.create_user(username="kalbar", password="x-123456")
    ProvincialAdmin.objects.create(user=user, province="61")
    return nomination, user


def test_the_nominees_list_gives_the_reason_and_the_province_in_words(client, nominee):
    _nomination, user = nominee
    client.force_login(user)
    text = _text(client.get("/seleksi/").content.decode())
    assert "peringkat 3 menurut cakupan UCJ 25,38%" in text
    assert "Kalimantan Barat" in text and "Dasar pencalonan" in text
    assert "ucj_pct" not in text and " 61 " not in text
    text = _text(_english(client).get("/seleksi/").content.decode())
    assert "Why nominated" in text and "Kalimantan Barat" in text and "ucj_pct" not in text
    assert "rank 3 by UCJ coverage 25.38%" in text and "peringkat" not in text


def test_a_basis_drawn_in_words_reads_in_the_pages_language(client, nominee):
    nomination, user = nominee
    nomination.basis = "peringkat 4 menurut peserta aktif 2.435"  # as draws store it now
    nomination.save()
    client.force_login(user)
    text = _text(client.get(f"/seleksi/{nomination.pk}/").content.decode())
    assert "peringkat 4 menurut peserta aktif 2.435" in text
    text = _text(_english(client).get(f"/seleksi/{nomination.pk}/").content.decode())
    assert "rank 4 by active participants 2,435" in text and "peringkat" not in text


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_automatic_scores_name_their_criteria(client, nominee, language):
    nomination, user = nominee
    client.force_login(user)
    if language == "en":
        _english(client)
    html = client.get(f"/seleksi/{nomination.pk}/").content.decode()
    table = html.split('id="auto-scores"', 1)[1].split("</table>", 1)[0]
    with translation.override(language):  # the packaged names, in the reader's language
        names = {c.code: c.display_name for c in nomination.category.criteria.all()}
    cells = re.findall(r"<tr><td>([^<]*)</td>", table)
    assert cells and set(cells) <= set(names.values())
    if language == "en":
        assert "Universal Coverage Jamsostek against the target" in cells
    else:
        assert "Universal Coverage Jamsostek terhadap target" in cells
    assert not set(cells) & set(names)  # "ucj", "bpu", "pertumbuhan" are codes


def test_a_score_against_a_target_says_target_once():
    from paritrana.scoring import Scale, score

    scored = score(
        "against_target",
        {},
        21.47,
        scale=Scale(0, 100),
        target=52.15,
        label="Universal Coverage Jamsostek terhadap target",
        unit="%",
    )
    assert scored.explanation.count("terhadap target") == 1
    assert scored.explanation.startswith(
        "Universal Coverage Jamsostek 21,47% terhadap target 52,15%"
    )


# -- interviews ---------------------------------------------------------------------------


def test_a_companys_interview_names_its_leadership_not_a_regional_head(client, cast):
    slot = InterviewSlot.objects.create(
        stage=cast.stage("wawancara"),
        nomination=cast.ketapang,
        starts_at=dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC),
        attendance="kepala_hadir",
        attendee="Bupati Ketapang",
    )
    client.force_login(cast.secretary.user)
    url = f"/panel/{cast.panel.pk}/wawancara/"
    row = client.get(url).content.decode().split(f'data-slot="{slot.pk}"', 1)[1]
    assert "Kepala daerah hadir langsung" in row.split("</td>", 4)[3]
    category = cast.ketapang.category
    category.eligibility = {**category.eligibility, "entity": "perusahaan"}
    category.save()
    row = client.get(url).content.decode().split(f'data-slot="{slot.pk}"', 1)[1]
    row = row.split("</tr>", 1)[0]
    assert "Pimpinan perusahaan hadir langsung" in row and "Kepala daerah" not in row
    row = _english(client).get(url).content.decode().split(f'data-slot="{slot.pk}"', 1)[1]
    row = row.split("</tr>", 1)[0]
    assert "Company leadership attended in person" in row and "Regional head" not in row


# -- the calculator -----------------------------------------------------------------------


def test_the_calculator_writes_its_date_as_a_date(client, db):
    url = "/kalkulator-iuran/?segment=PU&date=2025-06-01&wage=10.000.000&risk=medium"
    text = _text(client.get(url).content.decode())
    assert "1 Juni 2025" in text and "2025-06-01" not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # the rules' validity too
    text = _text(_english(client).get(url).content.decode())
    assert ("1 June 2025" in text and "Rp10,000,000" not in text) or "Rp" in text
    assert not re.search(r"Rp\d{1,3}\.\d{3}", text)  # English figures: Rp82,000, not Rp82.000


def test_the_import_api_gives_the_label_beside_the_code(client, regions, store, data_officer):
    from tests.api.conftest import bearer

    headers = bearer(data_officer, "baca", "impor")
    upload = SimpleUploadedFile("target.csv", TARGETS.encode(), content_type="text/csv")
    body = client.post("/api/v1/impor/", {"kind": "targets", "file": upload}, headers=headers)
    body = body.json()
    assert (body["kind"], body["kind_label"]) == ("targets", "Target cakupan")
    assert body["stage_label"] == "" or body["stage_label"] != body["stage"]


def test_the_values_a_file_must_hold_are_marked_as_literal_in_the_descriptions(client, db):
    """/impor/skema/: "sakernas_bekerja" is what a workforce file writes, so the description
    shows it as literal text (<code>), not as a word of the sentence."""
    html = client.get("/impor/skema/").content.decode()
    assert "Jenis dasar: <code>sakernas_bekerja</code> (BPS Sakernas penduduk bekerja)" in html
    assert "Kelompok risiko JKK (<code>very_low</code>, <code>low</code>" in html
