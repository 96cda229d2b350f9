"""An import of contribution rows with nothing paid says so wherever its outcome is read: rows
whose paid_* columns are all blank are stored but are not active participants, and the data
officer must not learn it only from the coverage figures. Before the fix the import's page
rebuilt its sentence from the row count alone ("5 baris diimpor.") and dropped that part of
the stored message."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from paritrana.coverage.models import DataImport
from tests.api.conftest import bearer
from tests.engine.conftest import write_csv

UNPAID_ID = (
    "5 di antaranya tanpa iuran dibayar (semua kolom paid_* kosong atau 0): tersimpan, tetapi "
    "tidak dihitung sebagai peserta aktif bulan itu (peserta aktif = ada iuran yang dibayar)."
)
UNPAID_EN = (
    "Rows among them with nothing paid (every paid_* column blank or 0): 5. They are stored, "
    "but not counted as active participants of their month (an active participant has some "
    "contribution paid)."
)


def _unpaid_row(number: int) -> dict[str, str]:
    """A PU participant-month billed but with every paid_* column left blank."""
    return {
        "participant": f"61040123456700{number:02d}",
        "employer_id": "NPP-61-000123",
        "kabkota_code": "61.04",
        "segment": "PU",
        "programmes": "JKK;JKM;JHT;JP",
        "wage": "4000000",
        "due_jkk": "9600",
        "due_jkm": "12000",
        "due_jht": "228000",
        "due_jp": "120000",
        "due_date": "2025-02-15",
        "month": "2025-01",
    }


def _import_unpaid(client, tmp_path) -> DataImport:
    path = write_csv(tmp_path / "iuran-belum-bayar.csv", [_unpaid_row(n) for n in range(1, 6)])
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
    response = client.post("/impor/", {"kind": "contributions", "file": upload})
    record = DataImport.objects.get()
    assert response.url == f"/impor/{record.pk}/"
    assert (record.status, record.rows_written) == ("imported", 5)
    return record


def _message(html: str) -> str:
    start = html.index('id="import-message">') + len('id="import-message">')
    return html[start : html.index("</p>", start)]


def test_the_import_page_says_how_many_rows_have_nothing_paid(
    client, regions, store, data_officer, tmp_path
):
    client.force_login(data_officer)
    record = _import_unpaid(client, tmp_path)

    message = _message(client.get(f"/impor/{record.pk}/").content.decode())

    assert message == f"5 baris diimpor. {UNPAID_ID}"


def test_in_english_too(client, regions, store, data_officer, tmp_path):
    client.force_login(data_officer)
    record = _import_unpaid(client, tmp_path)
    english = Client()
    english.force_login(data_officer)
    english.cookies["django_language"] = "en"

    message = _message(english.get(f"/impor/{record.pk}/").content.decode())

    assert message == f"5 rows imported. {UNPAID_EN}"


def test_the_api_import_detail_says_it_too(client, regions, store, data_officer, tmp_path):
    client.force_login(data_officer)
    record = _import_unpaid(client, tmp_path)

    body = client.get(
        f"/api/v1/impor/{record.pk}", headers=bearer(data_officer, "baca", "impor")
    ).json()

    assert body["message"] == f"5 baris diimpor. {UNPAID_ID}"


def test_a_count_written_with_dots_is_read_whole():
    from paritrana.coverage.models import DataImport, ImportStatus
    from paritrana.web.views.imports import outcome

    record = DataImport(
        status=ImportStatus.IMPORTED,
        rows_written=1200,
        message="1.200 baris diimpor. 1.200 di antaranya tanpa iuran dibayar (semua kolom ...",
    )
    text = outcome(record)
    assert text.startswith("1.200 baris diimpor. 1.200 di antaranya tanpa iuran dibayar"), text
