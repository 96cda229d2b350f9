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
from paritrana.coverage.models import DataImport, ImportStatus
from paritrana.rules import calculate
from paritrana.web.views.calculator import ContributionForm
from tests.secretariat.progress_world import World, world

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
