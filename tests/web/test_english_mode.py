"""English mode reads English: the sentences built at display time (what is late on the landing
page and the progress board, the calculator's notes, a failed import's problems) follow the
language the visitor chose, and read as before in Bahasa Indonesia."""

from __future__ import annotations

import io
import re
from html import unescape as html_unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.test import Client
from django.utils import translation

from paritrana.assessment.domain.progress import Figures
from paritrana.awards.domain.setup import update_category, update_criterion, update_rubric
from paritrana.awards.models import Nomination, NominationSource
from paritrana.coverage.models import DataImport, ImportStatus
from paritrana.rules import calculate
from paritrana.web.views.calculator import ContributionForm
from tests.secretariat.progress_world import World, nominate, world

__all__ = ["world"]


def page(user, url: str, language: str) -> str:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# -- what is late: the landing page and the progress board ------------------------------------


@pytest.mark.parametrize(
    ("language", "words", "not_words"),
    [
        (
            "id",
            ["800 penilaian mandiri terlambat", "1.917 lembar nilai terlambat"],
            ["self-assessments late"],
        ),
        (
            "en",
            [
                "800 self-assessments late",
                "1,917 score sheets late",
                "1 interview not recorded, late",
                "1 Juara decision late",
            ],
            ["terlambat", "1.917"],
        ),
    ],
)
def test_late_figures_are_written_in_the_chosen_language(language, words, not_words):
    figures = Figures(submissions_late=800, sheets_late=1917, interviews_late=1, decisions_late=1)
    with translation.override(language):
        text = "; ".join(figures.late)
    for word in words:
        assert word in text
    for word in not_words:
        assert word not in text


def test_the_landing_page_says_what_is_late_in_english(world: World):
    html = page(world.admin, "/beranda/", "en")
    assert "2 self-assessments late" in html  # Pontianak and Sambas
    assert "1 of 39 rounds behind" in html  # 38 provinces and the national round
    assert "penilaian mandiri terlambat" not in html and "babak terlambat" not in html
    html = page(world.kalteng_admin, "/beranda/", "en")
    assert "nothing is late" in html and "tidak ada yang terlambat" not in html


def test_the_landing_page_says_what_is_late_in_bahasa(world: World):
    html = page(world.admin, "/beranda/", "id")
    assert "2 penilaian mandiri terlambat" in html
    assert "1 dari 39 babak terlambat" in html
    assert "self-assessments late" not in html


def test_the_progress_board_says_what_is_late_in_english(world: World):
    html = page(world.admin, f"/sekretariat/{world.cycle.pk}/kemajuan/", "en")
    assert "2 self-assessments late" in html
    assert "assessment team of 3 people" in html and "no assessment team yet" in html
    for indonesian in ("penilaian mandiri terlambat", "tim penilai 3 orang", "belum ada tim"):
        assert indonesian not in html
    world.set_stage("verifikasi", ends=-1)  # Ketapang's second sheet is now late
    html = page(world.admin, f"/sekretariat/{world.cycle.pk}/kemajuan/61/", "en")
    assert "self-assessment late" in html and "1 score sheet late" in html
    assert "penilaian mandiri terlambat" not in html and "lembar nilai terlambat" not in html


def test_the_progress_board_says_what_is_late_in_bahasa(world: World):
    html = page(world.admin, f"/sekretariat/{world.cycle.pk}/kemajuan/", "id")
    assert "2 penilaian mandiri terlambat" in html and "tim penilai 3 orang" in html
    assert "self-assessments late" not in html
    world.set_stage("verifikasi", ends=-1)
    html = page(world.admin, f"/sekretariat/{world.cycle.pk}/kemajuan/61/", "id")
    assert "penilaian mandiri terlambat" in html and "1 lembar nilai terlambat" in html


# -- the calculator's notes ------------------------------------------------------------------

CASES = [  # between them, every note the calculator writes
    "segment=PU&date=2021-02-01&wage=4000000&risk=medium&age=60",
    "segment=PU&date=2024-06-01&wage=20000000&risk=very_high&discount=on",
    "segment=PU&date=2025-06-01&wage=20000000&risk=very_high&discount=on",
    "segment=BPU&date=2024-06-01&income=500000",
    "segment=BPU&date=2024-06-01&income=30000000",
    "segment=Jakon&date=2024-06-01&contract_value=5000000000",
]
INDONESIAN = ("Iuran", "dihitung", "tidak", "pada", "berlaku", "Lapisan", "Juni", "Asumsi")


def notes(client, query: str, language: str) -> list[str]:
    client.cookies["django_language"] = language
    response = client.get(f"/kalkulator-iuran/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    block = re.search(r'<ul id="calculator-notes">(.*?)</ul>', html, re.S)
    assert block, html[-2000:]
    return [
        html_unescape(" ".join(n.split())) for n in re.findall(r"<li>(.*?)</li>", block[1], re.S)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("query", CASES)
def test_the_calculator_notes_read_as_the_rules_write_them_in_bahasa(client, query):
    form = ContributionForm(QueryDict(query))
    assert form.is_valid(), form.errors
    expected = calculate(**form.calculator_arguments()[0])
    assert notes(client, query, "id") == [" ".join(n.split()) for n in expected.notes]


@pytest.mark.django_db
@pytest.mark.parametrize("query", CASES)
def test_the_calculator_notes_read_english_in_english(client, query):
    written = notes(client, query, "en")
    assert written
    for note in written:
        for word in INDONESIAN:
            assert word not in note, note


@pytest.mark.django_db
def test_the_calculator_notes_in_english_write_english_figures_and_dates(client):
    written = " ".join(notes(client, CASES[0], "en"))
    assert "JKP not in force on 1 February 2021 (in force from 2 February 2021)" in written
    assert "JP not collected: age 60 >= pension age" in written
    written = " ".join(notes(client, CASES[4], "en"))
    assert "the maximum Rp" in written and "," in written.split("maximum ")[1]
    written = " ".join(notes(client, CASES[1], "en"))
    assert "JKK discount not in force on 1 June 2024 (discount periods: 1 " in written
    assert " to " in written and "s.d." not in written


# -- a failed import's sentence ---------------------------------------------------------------

TARGETS = "region_code,year,target_pct,source\n61,2025,59.56,Pergub\n"


def _import_page(client, record, language: str) -> str:
    client.cookies["django_language"] = language
    html = client.get(f"/impor/{record.pk}/", headers={"HX-Request": "true"}).content.decode()
    message = re.search(r'id="import-message">(.*?)</p>', html, re.S)
    assert message, html
    return html_unescape(message[1])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_an_interrupted_import_says_so_in_the_chosen_language(
    client, store, data_officer, language
):
    uploads = store.parent / "uploads"
    uploads.mkdir(exist_ok=True)
    (uploads / "0123456789abcdef.csv").write_text("participant\n6104012345670001\n")
    record = DataImport.objects.create(  # as a killed process leaves it: running, nobody on it
        kind="contributions",
        file_name="iuran.csv",
        status="running",
        stage="writing",
        upload_path=str(uploads / "0123456789abcdef.csv"),
    )
    client.force_login(data_officer)
    text = _import_page(client, record, language)
    record.refresh_from_db()
    assert record.status == ImportStatus.FAILED
    if language == "id":
        assert text == record.message  # the stored sentence, as the command line says it
        assert text.startswith("Impor terhenti sebelum selesai (tahap: menyimpan)")
    else:
        assert text == (
            "The import stopped before finishing (stage: storing); no data was changed."
            " Upload the file again."
        )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_an_import_failed_by_a_system_error_says_so_in_the_chosen_language(
    client, regions, store, data_officer, language
):
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_text("not a folder")  # the store cannot be written: a system error
    client.force_login(data_officer)
    file = SimpleUploadedFile("target.csv", TARGETS.encode(), content_type="text/csv")
    client.post("/impor/", {"kind": "targets", "file": file})
    record = DataImport.objects.get()
    assert record.status == ImportStatus.FAILED, record.message
    text = _import_page(client, record, language)
    if language == "id":
        assert text == record.message
        assert "gagal karena galat sistem" in text
    else:
        assert text.startswith(
            "Import of the file 'target.csv' failed because of a system error; no data was"
            f" changed. Report it to the system administrator (import #{record.pk}, "
        )
        assert "galat" not in text


def test_the_progress_workbook_stays_an_indonesian_document_in_an_english_session(world: World):
    from openpyxl import load_workbook

    client = Client()
    client.force_login(world.admin)
    client.cookies["django_language"] = "en"
    response = client.get(f"/sekretariat/{world.cycle.pk}/kemajuan.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Kemajuan"]
    header = [c.value for c in sheet[1]]
    late = {
        dict(zip(header, (c.value for c in row), strict=True))["Terlambat"]
        for row in sheet.iter_rows(2)
    }
    assert "2 penilaian mandiri terlambat" in late
    assert not any("self-assessment" in (words or "") for words in late)
    # the stored category names, not the English page's labels
    cells = {c.value for row in sheet.iter_rows(2) for c in row}
    assert "Pemerintah Kabupaten/Kota" in cells and "Regency and city governments" not in cells


# -- the packaged template's names: categories, criteria, the national and zone groups --------

PACKAGED = [  # as the template stores them, and as an English reader should see them
    ("Pemerintah Kabupaten/Kota", "Regency and city governments"),
    ("Perusahaan Skala Besar dan Menengah", "Large and medium-sized companies"),
    ("Usaha Kecil dan Mikro", "Small and micro businesses"),
    ("Pemerintah Desa/Kelurahan", "Village governments"),
]
CRITERIA = [
    ("Pemahaman (wawancara)", "Understanding (interview)"),
    (
        "Universal Coverage Jamsostek terhadap target",
        "Universal Coverage Jamsostek against the target",
    ),
    ("Pertumbuhan UCJ dari tahun lalu", "UCJ growth since last year"),
    ("Anggaran untuk pekerja rentan", "Budget for vulnerable workers"),
]


def shown(html: str) -> str:
    """The page as read: without the edit fields, whose values are the stored names."""
    return html_unescape(re.sub(r"<input[^>]*>", "", html))


def national_nominees(world: World) -> None:
    """Ketapang in the national kab/kota round (the nation's group) and Kalimantan Barat in the
    provincial governments' round, judged per zone (the Kalimantan zone's group)."""
    national = world.cycle.categories.get(level="nasional", code="pemda-kabkota")
    provinces = world.cycle.categories.get(level="nasional", code="pemda-provinsi")
    nominate(national, "61.04", "Kabupaten Ketapang", "61")
    Nomination.objects.create(
        category=provinces,
        province="61",
        entity="provinsi",
        key="61",
        name="Provinsi Kalimantan Barat",
        region_code="61",
        source=NominationSource.MANUAL,
    )


@pytest.mark.parametrize(
    "url", ["/sekretariat/{cycle}/kemajuan/", "/sekretariat/{cycle}/kemajuan/61/"]
)
def test_the_progress_board_names_the_categories_in_the_chosen_language(world: World, url):
    url = url.format(cycle=world.cycle.pk)
    english = shown(page(world.admin, url, "en"))
    bahasa = shown(page(world.admin, url, "id"))
    for indonesian, label in PACKAGED:
        assert label in english and indonesian not in english
        assert indonesian in bahasa and label not in bahasa


def test_the_judging_results_name_categories_the_nation_and_zones_in_the_chosen_language(
    world: World,
):
    national_nominees(world)
    english = shown(page(world.admin, "/hasil/", "en"))
    bahasa = shown(page(world.admin, "/hasil/", "id"))
    for indonesian, label in [
        ("Pemerintah Kabupaten/Kota", "Regency and city governments"),
        ("Pemerintah Provinsi (per zona)", "Provincial governments (per zone)"),
        ("Zona Kalimantan", "Kalimantan zone"),
    ]:
        assert label in english and indonesian not in english
        assert indonesian in bahasa and label not in bahasa
    assert ">National</a>" in english and ">Nasional</a>" in bahasa
    assert ">Nasional</a>" not in english
    category = world.cycle.categories.get(level="nasional", code="pemda-kabkota")
    english = shown(page(world.admin, f"/hasil/{category.pk}/ID/", "en"))
    bahasa = shown(page(world.admin, f"/hasil/{category.pk}/ID/", "id"))
    assert "<h1>Regency and city governments: National <span" in english
    assert "<h1>Pemerintah Kabupaten/Kota: Nasional <span" in bahasa


def test_the_category_setup_names_criteria_in_the_chosen_language(world: World):
    url = f"/sekretariat/{world.cycle.pk}/kategori/{world.category.pk}/"
    english = shown(page(world.admin, url, "en"))
    bahasa = shown(page(world.admin, url, "id"))
    for indonesian, label in [*PACKAGED[:1], *CRITERIA]:
        assert label in english and indonesian not in english
        assert indonesian in bahasa and label not in bahasa
    # the cycle in its crumb
    assert "(assessment 2025, ceremony 2026)" in english and "penganugerahan" not in english
    assert "(penilaian 2025, penganugerahan 2026)" in bahasa


def test_the_score_sheet_names_criteria_in_the_chosen_language(world: World):
    url = f"/penilaian/{world.stage('verifikasi').pk}/{world.ketapang.pk}/"
    english = page(world.b.user, url, "en")
    bahasa = page(world.b.user, url, "id")
    assert "<legend>Regulation <span" in english and "<legend>Regulasi <span" in bahasa
    assert "Regency and city governments</span>" in english
    assert "Pemerintah Kabupaten/Kota</span>" in bahasa
    assert "Pemerintah Kabupaten/Kota" not in english and "<legend>Regulasi" not in english


def test_a_name_the_secretariat_edited_reads_as_edited_in_both_languages(world: World):
    world.set_stage("verifikasi", status="draft")  # names are edited before judging begins
    update_category(category=world.category, name="Pemkab/Pemkot Pelindung Pekerja")
    criterion = world.category.criteria.get(code="pemahaman")
    update_criterion(criterion=criterion, name="Pemahaman kepala daerah")
    world.set_stage("verifikasi", status="open")
    for language in ("en", "id"):
        # Kalimantan Barat's round: the provincial categories only (the national round's
        # kab/kota category keeps its packaged name)
        board = shown(page(world.admin, f"/sekretariat/{world.cycle.pk}/kemajuan/61/", language))
        assert "Pemkab/Pemkot Pelindung Pekerja" in board
        assert "Regency and city governments" not in board
        assert "Pemerintah Kabupaten/Kota" not in board
        setup = shown(
            page(
                world.admin,
                f"/sekretariat/{world.cycle.pk}/kategori/{world.category.pk}/",
                language,
            )
        )
        assert "Pemahaman kepala daerah" in setup and "Understanding (interview)" not in setup
    # The other packaged names still follow the language.
    assert "Small and micro businesses" in shown(
        page(world.admin, f"/sekretariat/{world.cycle.pk}/kemajuan/", "en")
    )


# -- the packaged template's descriptions and rubric descriptors ------------------------------

REGULATION = [  # the regulation criterion's description and rubric, stored and in English
    (
        "Perda, Perkada, Pergub/Perbup/Perwali tentang Jamsostek.",
        "Regional bylaws (Perda), regional head regulations (Perkada) and governor, regent or "
        "mayor regulations (Pergub/Perbup/Perwali) on Jamsostek.",
    ),
    (
        "Belum ada regulasi daerah tentang perlindungan Jamsostek.",
        "No local regulation on Jamsostek protection yet.",
    ),
    (
        "Regulasi lengkap (non-ASN, pekerja rentan, pengadaan), dianggarkan dan dilaksanakan "
        "menyeluruh.",
        "Complete regulations (non-ASN staff, vulnerable workers, procurement), budgeted and "
        "implemented in full.",
    ),
]


def test_the_score_sheet_reads_the_rubric_in_the_chosen_language(world: World):
    url = f"/penilaian/{world.stage('verifikasi').pk}/{world.ketapang.pk}/"
    english = html_unescape(page(world.b.user, url, "en"))
    bahasa = html_unescape(page(world.b.user, url, "id"))
    for indonesian, label in REGULATION:
        assert label in english and indonesian not in english
        assert indonesian in bahasa and label not in bahasa
    # a descriptor repeated in another category reads the same
    assert "No innovation." in english and "Tidak ada inovasi." in bahasa


def test_the_locked_category_setup_reads_the_rubric_in_the_chosen_language(world: World):
    url = f"/sekretariat/{world.cycle.pk}/kategori/{world.category.pk}/"
    english = shown(page(world.admin, url, "en"))
    bahasa = shown(page(world.admin, url, "id"))
    assert 'id="lock"' in english  # verification is open: the rubric is read, not edited
    indonesian, label = REGULATION[1]
    assert label in english and indonesian not in english
    assert indonesian in bahasa and label not in bahasa


def test_a_rubric_the_secretariat_edited_reads_as_edited_in_both_languages(world: World):
    world.set_stage("verifikasi", status="draft")  # the rubric is edited before judging begins
    criterion = world.category.criteria.get(code="regulasi")
    update_rubric(criterion=criterion, descriptors={"1": "Tidak ada Perda sama sekali."})
    update_criterion(criterion=criterion, description="Perda tentang Jamsostek.")
    setup_url = f"/sekretariat/{world.cycle.pk}/kategori/{world.category.pk}/"
    # The edit fields hold the stored texts in both languages, to be edited as they are.
    editing = page(world.admin, setup_url, "en")
    assert ">Tidak ada Perda sama sekali.</textarea>" in editing
    assert ">Regulasi sedang disusun atau hanya berupa surat edaran.</textarea>" in editing
    world.set_stage("verifikasi", status="open")
    score_url = f"/penilaian/{world.stage('verifikasi').pk}/{world.ketapang.pk}/"
    for language in ("en", "id"):
        for user, url in ((world.b.user, score_url), (world.admin, setup_url)):
            html = html_unescape(page(user, url, language))
            assert "Tidak ada Perda sama sekali." in html
            assert "No local regulation" not in html and "Belum ada regulasi" not in html
        sheet = html_unescape(page(world.b.user, score_url, language))
        assert "Perda tentang Jamsostek." in sheet and "Regional bylaws" not in sheet
    # The descriptors the secretariat did not touch still follow the language.
    english = html_unescape(page(world.b.user, score_url, "en"))
    assert "A regulation is being drafted, or there is only a circular letter." in english
    assert "Regulasi sedang disusun" not in english


def test_the_self_assessment_reads_the_rubric_in_the_chosen_language(world: World):
    url = f"/kandidat/{world.pontianak.pk}/"
    english = html_unescape(page(world.pontianak_rep, url, "en"))
    bahasa = html_unescape(page(world.pontianak_rep, url, "id"))
    indonesian, label = REGULATION[1]
    assert label in english and indonesian not in english
    assert indonesian in bahasa and label not in bahasa
