"""No participant's NIK or name leaves an import: not in the logs (at DEBUG, SQL included), not
in the import records, not in the problem report, not in the store, not in the uploads folder.
And the net under the logs: every handler masks NIK-shaped numbers."""

from __future__ import annotations

import csv
import io
import logging

import duckdb
import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from paritrana.coverage.models import DataImport
from paritrana.engine.redact import display_name, mask_identifiers
from paritrana.engine.schemas import SCHEMAS
from paritrana.logfilter import RedactIdentifiers
from tests.engine.conftest import NIKS, VALID

NAMES = ("Budi Santoso", "Siti Aminah", "Yohanes Nainggolan")
BAD_NIKS = ("6104019999990009", "6371015555550005", "6104017777770007")
EVERY_NIK = (*NIKS, *BAD_NIKS)
HEADER = SCHEMAS["contributions"].names


def _csv(rows: list[dict[str, str]], header: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return buffer.getvalue().encode()


def _good_file() -> bytes:
    return _csv(VALID["contributions"], HEADER)


def _bad_file() -> bytes:
    """Rows a data officer gets wrong, each holding a participant's NIK and name somewhere."""
    good = VALID["contributions"][0]
    rows = [
        dict(good, participant=f"{BAD_NIKS[0]}!", nama=NAMES[0]),  # not an identifier's shape
        dict(good, participant=BAD_NIKS[1][:12] + " / " + NAMES[1], nama=NAMES[1]),
        dict(good, participant=BAD_NIKS[2], due_date="31/02/2025", nama=NAMES[2]),
        dict(good, participant=NIKS[1], kabkota_code=BAD_NIKS[0], nama=NAMES[0]),  # wrong column
        dict(good, participant=NIKS[2], due_date=BAD_NIKS[1], wage="-1", nama=NAMES[1]),
        dict(good, participant=NIKS[0], month="2025-13", nama=NAMES[2]),
        dict(good, participant=NIKS[1], nama=NAMES[0]),  # the key of row 5 again
    ]
    return _csv(rows, [*HEADER, "nama"])


def _headerless_file() -> bytes:
    """The header row forgotten: the first line is a participant's."""
    first = [BAD_NIKS[0], NAMES[0], "61.04", "PU", "JKK;JKM;JHT;JP", "3500000"]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([first, [BAD_NIKS[1], NAMES[1], "61.04", "PU", "", ""]])
    return buffer.getvalue().encode()


def _numeric_nik_workbook() -> bytes:
    """A NIK typed into Excel as a number (and a name beside it)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    header = [*HEADER, "nama"]
    sheet.append(header)
    row = dict(VALID["contributions"][0], nama=NAMES[2])
    sheet.append([int(BAD_NIKS[2]) if n == "participant" else row.get(n, "") for n in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _leaks(text: str) -> list[str]:
    return [secret for secret in (*EVERY_NIK, *NAMES) if secret in text]


@pytest.fixture
def uploaded(client, regions, store, data_officer, settings, caplog):
    """A good file, then four bad ones, uploaded at DEBUG with SQL logged (DEBUG=True)."""
    settings.DEBUG = True  # Django logs every SQL statement, with its parameters, at DEBUG
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    client.force_login(data_officer)
    files = [
        ("iuran-baik.csv", _good_file()),
        ("iuran-salah.csv", _bad_file()),
        (f"iuran {BAD_NIKS[0]}.csv", _bad_file() + b"\n"),  # a NIK in the file's name
        ("tanpa-judul.csv", _headerless_file()),
        ("angka.xlsx", _numeric_nik_workbook()),
    ]
    for name, content in files:
        response = client.post(
            reverse("web:imports"),
            {"kind": "contributions", "file": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
    return list(DataImport.objects.order_by("id"))


def test_the_bad_files_were_rejected_for_the_right_reasons(uploaded):
    good, bad, named, headerless, workbook = uploaded
    assert good.status == "imported"
    assert {r.status for r in (bad, named, headerless, workbook)} == {"rejected"}
    codes = {p["code"] for p in bad.problems}
    assert {"secret.format", "date.calendar", "region.format", "integer.negative"} <= codes
    assert {"date.format", "month.calendar", "header.unknown", "key.duplicate"} <= codes
    assert named.file_name == "iuran 6104********09.csv"
    assert {p["code"] for p in headerless.problems} >= {"header.unrecognised", "header.missing"}
    assert "secret.excel_number" in {p["code"] for p in workbook.problems}


def test_no_nik_or_name_is_logged_even_at_debug(uploaded, caplog):
    records = caplog.get_records("setup") + caplog.records
    assert any(r.name == "django.db.backends" for r in records), "no SQL was logged"
    for record in records:
        text = record.getMessage() + (record.exc_text or "") + str(record.args or "")
        assert not _leaks(text), (_leaks(text), record.name, text[:500])


def test_no_nik_or_name_is_kept_in_the_import_records(uploaded):
    for record in uploaded:
        kept = " ".join(
            str(value)
            for value in (
                record.file_name,
                record.message,
                record.problems,
                record.problem_summary,
                record.upload_path,
            )
        )
        assert not _leaks(kept), kept


def test_the_problem_report_shows_the_reason_without_the_identifiers(client, uploaded):
    for record in uploaded[1:]:
        response = client.get(reverse("web:import_report", args=[record.pk]))
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        cells = " ".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        assert not _leaks(cells), cells[:1000]
        assert "(disamarkan)" in cells or "6104********" in cells or record == uploaded[3]


def test_the_store_and_the_uploads_folder_hold_no_identifier(uploaded, store):
    files = [path for path in store.rglob("*") if path.is_file()]
    assert any(path.suffix == ".parquet" for path in files)
    for path in files:
        content = path.read_bytes()
        for secret in (*EVERY_NIK, *NAMES):
            assert secret.encode() not in content, (secret, path)
    con = duckdb.connect()
    for path in store.rglob("*.parquet"):
        rows = con.execute(
            "SELECT * FROM read_parquet(?, hive_partitioning=false)", [str(path)]
        ).fetchall()
        assert not _leaks(" ".join(str(value) for row in rows for value in row)), path
    uploads = django_settings.PARITRANA_UPLOAD_DIR
    assert not any(uploads.iterdir()), "uploads (raw NIKs) must be deleted once imported"


# --- the net under the logs -------------------------------------------------------------------


def _record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("paritrana.test", logging.ERROR, __file__, 1, message, args, None)


def test_the_filter_masks_a_nik_in_the_message_and_its_arguments():
    record = _record("peserta %s gagal (%d)", "6104012345670001", 3)
    assert RedactIdentifiers().filter(record) is True
    assert record.getMessage() == "peserta 6104********01 gagal (3)"


def test_the_filter_masks_a_nik_in_a_traceback_and_a_stack():
    try:
        raise ValueError("Original Line: 6104012345670001,Budi")
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "boom", (), __import__("sys").exc_info()
        )
    record.stack_info = "at line 6371019876540004"
    RedactIdentifiers().filter(record)
    assert "6104012345670001" not in record.exc_text and "6104********01" in record.exc_text
    assert record.stack_info == "at line 6371********04"
    formatted = logging.Formatter().format(record)
    assert "6104012345670001" not in formatted


def test_the_filter_leaves_other_numbers_alone():
    record = _record("impor %s: %s baris, kode %s", "#12", "1234567", "61.04.01.2011")
    RedactIdentifiers().filter(record)
    assert record.getMessage() == "impor #12: 1234567 baris, kode 61.04.01.2011"
    assert mask_identifiers("61040123456700011") == "61040123456700011"  # 17 digits: not a NIK


def test_every_configured_handler_masks_niks(capsys):
    configured = django_settings.LOGGING
    assert configured["handlers"]
    for name, handler in configured["handlers"].items():
        assert "redact_identifiers" in handler.get("filters", []), name
    root = logging.getLogger()
    assert any(isinstance(f, RedactIdentifiers) for h in root.handlers for f in h.filters), (
        "the root logger's handler lost its filter"
    )

    logging.getLogger("paritrana.coverage").error("NIK %s ditolak", "6104012345670001")

    written = capsys.readouterr().err
    assert "6104********01 ditolak" in written and "6104012345670001" not in written


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\x\\..\\a.xlsx", "a.xlsx"),
        ("/abs/path.csv", "path.csv"),
        ("a\x00b\x1b.csv", "ab.csv"),
        (".", "berkas"),
        ("..", "berkas"),
        ("", "berkas"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
        ("C:evil.csv", "evil.csv"),
        ("laporan.csv:stream", "stream"),
        ("6104012345670001.pdf", "6104********01.pdf"),
        ("file.", "file"),
    ],
)
def test_a_display_name_is_a_harmless_basename(name, shown):
    assert display_name(name) == shown
