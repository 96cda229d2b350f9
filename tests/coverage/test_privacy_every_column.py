"""No personal identifier reaches anything outside the participant column.

A NIK put into every column of every import kind (together, grouped and inside text) is refused
with the value masked; then the database, the store (every Parquet value read back), every page
and API answer a data officer or the public can open, the problem reports, the coverage workbook
and the logs are searched for it.
"""

from __future__ import annotations

import io
import logging
import re

import duckdb
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from paritrana.commands.data import compute
from paritrana.coverage.models import DataImport
from paritrana.engine.schemas import SCHEMAS
from tests.engine.conftest import NIKS, VALID, write_csv

# A NIK of Kabupaten Ketapang (61.04) that no valid file holds, in the forms a clerk types it.
NIK = "6104017777770007"
FORMS = (NIK, "6104 0177 7777 0007", f"NIK {NIK} (pemilik)")
# What must never be found anywhere: the NIK's digits, in any grouping.
DIGITS = re.compile(r"6104\D?0177\D?7777\D?0007")

COLUMNS = [
    (kind, column.name)
    for kind, schema in SCHEMAS.items()
    for column in schema.columns
    if column.name != "participant"
]


def _upload(client, kind: str, rows: list[dict[str, str]], tmp_path, name: str):
    # The clerk's own files, outside the data folder that is searched below.
    folder = tmp_path / "berkas-petugas"
    folder.mkdir(exist_ok=True)
    path = write_csv(folder / name, rows, kind=kind)
    upload = SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")
    return client.post("/impor/", {"kind": kind, "file": upload})


def _found_in(text: str) -> bool:
    return bool(DIGITS.search(text))


def _workbook_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


@pytest.fixture
def imported(client, regions, store, settings, tmp_path, data_officer, caplog):
    """Every kind imported cleanly, then a NIK in every other column of every kind, as uploads
    on the import page; the metrics of 2025 computed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    caplog.set_level(logging.DEBUG)
    client.force_login(data_officer)
    for kind in SCHEMAS:
        _upload(client, kind, VALID[kind], tmp_path, f"{kind}.csv")
    refused = []
    for number, (kind, column) in enumerate(COLUMNS):
        rows = [dict(row) for row in VALID[kind]]
        rows[0][column] = FORMS[number % len(FORMS)]
        _upload(client, kind, rows, tmp_path, f"nik-{number}.csv")
        refused.append((kind, column, DataImport.objects.latest("id")))
    compute(data_officer, year=2025)
    return refused


def test_a_nik_in_any_column_is_refused_masked_and_found_nowhere(imported, store, client, caplog):
    """One test over the one set-up (about 90 uploads, 17 s), in three parts; a failure names
    its part (the function in the traceback), and the parts after it do not run."""
    _refused_and_masked(imported)
    _nowhere_in_the_database_or_the_store(store)
    _on_no_page_report_export_or_log(imported, client, caplog)


def _refused_and_masked(imported):
    """A NIK in any column but the participant's is refused, and masked where it is said."""
    for kind, column, record in imported:
        assert record.status == "rejected", (kind, column, record.message)
        problems = [p for p in record.problems if p["column"] == column]
        assert problems, (kind, column, record.problems)
        assert not _found_in(str(record.problems) + record.message), (kind, column)


def _nowhere_in_the_database_or_the_store(store):
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    assert not _found_in(out.getvalue())
    con = duckdb.connect()
    parquet = list(store.rglob("*.parquet"))
    assert parquet
    for path in parquet:
        rows = con.execute(f"SELECT * FROM read_parquet('{path}', hive_partitioning=false)")
        for row in rows.fetchall():
            assert not _found_in(" ".join(map(str, row))), path
    # Uploads, staging, facts, reports: everything the service keeps beside the store.
    kept = (p for p in store.parent.rglob("*") if p.is_file() and "berkas-petugas" not in p.parts)
    for path in (p for p in kept if p.suffix != ".parquet"):
        assert not _found_in(path.read_bytes().decode("utf-8", "replace")), path


def _on_no_page_report_export_or_log(imported, client, caplog):
    pages = [
        "/cakupan/ID/",
        "/cakupan/61/",
        "/cakupan/61.04/",
        "/dasbor/",
        "/dasbor/61/",
        "/impor/",
        "/api/v1/impor/?per_halaman=500",
        "/api/v1/cakupan/61.04?tahun=2025",
    ]
    for _kind, _column, record in imported:
        pages += [f"/impor/{record.pk}/", f"/api/v1/impor/{record.pk}"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert not _found_in(response.content.decode()), page
    for _kind, column, record in imported:
        report = client.get(f"/impor/{record.pk}/laporan.xlsx")
        assert report.status_code == 200
        assert not _found_in(_workbook_text(report.content)), column
    client.post("/unduhan/", {"kind": "cakupan", "year": "2025"})
    from paritrana.reports.models import Export

    export = Export.objects.get()
    download = client.get(f"/unduhan/{export.pk}/berkas")
    assert not _found_in(_workbook_text(b"".join(download.streaming_content)))
    client.logout()
    for page in ("/cakupan/61.04/", "/dasbor/61/"):  # the public, without login
        assert not _found_in(client.get(page).content.decode())
    assert caplog.records
    assert not _found_in(caplog.text)
    assert not any(NIK in str(record.args) for record in caplog.records)
    assert all(n not in caplog.text for n in NIKS)  # nor the participants' own NIKs
