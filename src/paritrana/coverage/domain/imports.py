"""Importing a data officer's file: record the attempt, run the engine, keep the outcome.

The same functions serve the command line (`import_now`, synchronous with a progress bar) and
the web (`queue_import` saves the upload and enqueues `run_import` as a background task whose
progress the import page polls). The record's state machine and what happens to an import whose
process dies are in coverage/models/imports.py and import_recovery.py.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import logging
import os
import time
import traceback
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from paritrana.coverage.domain.import_recovery import (
    delete_upload,
    heal_interrupted_imports,
    settle_interrupted,
    this_process,
)
from paritrana.coverage.domain.store import pseudonym_secret, region_index, store_root
from paritrana.coverage.labels import local_time
from paritrana.coverage.models import DataImport, ImportStatus
from paritrana.engine.ingest import ImportResult, import_file
from paritrana.engine.metrics import refresh_facts
from paritrana.engine.problems import Problem, ProblemCount
from paritrana.engine.readers import (
    CSV_SUFFIXES,
    PARQUET_SUFFIXES,
    SUFFIXES,
    XLSX_SUFFIXES,
    ZIP_ERRORS,
)
from paritrana.engine.redact import display_name, mask_identifiers, suffix_of
from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.workbooks import write_problem_report
from paritrana.errors import DomainError

logger = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 0.5  # seconds between progress writes to the database
FACT_INPUTS = ("contributions", "employers")  # the kinds the per-month facts depend on
UPLOAD_MODE = 0o600  # uploads hold raw NIKs: for the service user alone, as is their folder
UPLOAD_FOLDER_MODE = 0o700
# Test hook, for the fault-injection test only (tests/coverage/test_import_kill.py): with
# PARITRANA_TEST_PAUSE_AT=<stage>, the first progress report of that stage whose `done` reaches
# its `total` writes the stage's name to the file PARITRANA_TEST_PAUSE_FILE and sleeps, so the
# test can SIGKILL the process at exactly that point. Unset, it costs one dictionary lookup.
PAUSE_AT = "PARITRANA_TEST_PAUSE_AT"
PAUSE_FILE = "PARITRANA_TEST_PAUSE_FILE"


class ImportRefused(DomainError):
    """The request itself is wrong (unknown kind, missing file); message in Bahasa Indonesia."""


class UploadTooLarge(ImportRefused):
    """The upload is over PARITRANA_MAX_UPLOAD_BYTES (the API answers 413)."""

    http_status = 413
    code = "too_large"


def check_kind(kind: str) -> None:
    if kind not in SCHEMAS:
        raise ImportRefused(
            f"Jenis data '{kind}' tidak dikenal. Pilih salah satu: {', '.join(SCHEMAS)}."
        )


def _progress_writer(record: DataImport, also: Progress | None) -> Progress:
    """Progress to the record (at most every PROGRESS_EVERY seconds), which is also the run's
    heartbeat (see import_recovery)."""
    last = 0.0

    def update(stage: str, done: int, total: int) -> None:
        nonlocal last
        if also:
            also(stage, done, total)
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY or done >= total:
            last = now
            DataImport.objects.filter(pk=record.pk).update(
                stage=stage, done=done, total=total, heartbeat_at=timezone.now()
            )
        if os.environ.get(PAUSE_AT) == stage and total and done >= total:
            _pause(stage)

    return update


def _pause(stage: str) -> None:
    """The test hook (see PAUSE_AT): say where, then wait to be killed."""
    Path(os.environ[PAUSE_FILE]).write_text(stage, encoding="utf-8")
    time.sleep(600)


def claim(record: DataImport) -> bool:
    """queued -> running, by this process; False when the record is not queued (a task run twice,
    or an import settled by recovery meanwhile): it is then left as it is."""
    now = timezone.now()
    fields = {
        "status": ImportStatus.RUNNING,
        "worker": this_process(),
        "run_id": uuid.uuid4().hex,
        "started_at": now,
        "heartbeat_at": now,
    }
    if not DataImport.objects.filter(pk=record.pk, status=ImportStatus.QUEUED).update(**fields):
        return False
    for name, value in fields.items():
        setattr(record, name, value)
    return True


def run_import(record: DataImport, *, path: Path, progress: Progress | None = None) -> DataImport:
    """Run the engine on `path` for an existing record and store the outcome on it.

    An unexpected error marks the import failed (the store is unchanged: the engine lands a
    batch whole or not at all) and is logged without its message, which may quote the file.
    An interruption (Ctrl+C, the worker's own exit) settles it as recovery would, and goes on."""
    if not claim(record):
        record.refresh_from_db()
        return record
    try:
        return _run_claimed(record, path, progress)
    except BaseException:
        record.refresh_from_db()
        if not record.finished:
            settle_interrupted(record)
        raise


def _run_claimed(record: DataImport, path: Path, progress: Progress | None) -> DataImport:
    try:
        # First take back what a dead import left (its batch, landed but never recorded): the
        # engine reads the store's manifests to refuse a file already imported, and the retry
        # of a killed import must not be refused for the batch about to be rolled back. A live
        # import (this one among them) keeps its file. (import_recovery, the rule.)
        heal_interrupted_imports()
        result = import_file(
            path=path,
            kind=record.kind,
            store_root=store_root(),
            regions=region_index(),
            secret=pseudonym_secret(),
            as_of=timezone.localdate(),
            progress=_progress_writer(record, progress),
            file_name=record.file_name,
            import_ref=record.run_id,
        )
    except Exception as exc:
        record.status = ImportStatus.FAILED
        if isinstance(exc, DomainError):  # the store busy, an object gone: not a bug
            record.message = (
                f"Impor berkas '{record.file_name}' tidak dijalankan; tidak ada data yang "
                f"berubah. {exc.message}"
            )
        else:
            _log_failure(record, "Import", exc)
            record.message = (
                f"Impor berkas '{record.file_name}' gagal karena galat sistem; tidak ada data "
                f"yang berubah. Laporkan ke pengelola sistem (impor #{record.pk}, "
                f"{exc.__class__.__name__})."
            )
        record.finished_at = timezone.now()
        record.save()
        return record
    if result.status == "imported" and record.kind in FACT_INPUTS:
        # Keep the per-month facts current, as part of the import: computations and the
        # award's first screen then read facts instead of every record again.
        years = sorted({int(m[:4]) for m in result.months}) or None
        write = _progress_writer(record, progress)
        try:
            refresh_facts(
                store_root=store_root(),
                regions=region_index(),
                years=years,
                progress=lambda _stage, done, total: write("refreshing", done, total),
            )
        except Exception as exc:  # the batch has landed; the facts can be refreshed later
            _log_failure(record, "Refreshing the facts after import", exc)
            result = dataclasses.replace(
                result,
                message=result.message + " Ringkasan bulanan belum diperbarui karena galat "
                "sistem; jalankan perhitungan ulang.",
            )
    record.refresh_from_db()
    record.status = result.status
    record.sha256 = result.sha256
    record.rows = result.row_count
    record.rows_written = result.rows_written
    record.months = list(result.months)
    record.problem_count = result.problem_count
    record.problems = [dataclasses.asdict(p) for p in result.problems]
    record.problem_summary = [dataclasses.asdict(c) for c in result.problem_summary]
    record.message = _duplicate_message(result) if result.status == "duplicate" else result.message
    record.finished_at = timezone.now()
    record.save()
    return record


def _log_failure(record: DataImport, what: str, exc: Exception) -> None:
    """Where it failed, for whoever runs the server; not the exception's message, which can
    quote a line of the file (a participant's NIK and name)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error(
        "%s %s (%s) failed with %s:\n%s",
        what,
        record.pk,
        record.kind,
        exc.__class__.__name__,
        frames,
    )


def import_now(
    *, path: Path, kind: str, user: Any = None, progress: Progress | None = None
) -> DataImport:
    check_kind(kind)
    name = display_name(path.name)
    if not path.is_file():
        raise ImportRefused(f"Berkas {path} tidak ditemukan.")
    # The path the data officer typed is theirs, and may name a NIK (a folder per participant):
    # it is kept masked, as the file's name is, in the record and so in its audit entry.
    record = DataImport.objects.create(
        kind=kind, file_name=name, uploaded_by=_user(user), upload_path=mask_identifiers(str(path))
    )
    return run_import(record, path=path, progress=progress)


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def upload_name(uploaded: Any) -> str:
    """The name an upload is shown under: never a path, never a NIK (see engine.redact)."""
    return display_name(str(getattr(uploaded, "name", "") or ""))


def save_upload(uploaded: Any) -> Path:
    """Stream an upload (never into memory) to a generated name in the uploads folder: the
    name the user gave it decides nothing but the extension the engine reads it by."""
    name = upload_name(uploaded)
    suffix = suffix_of(name)
    if suffix not in SUFFIXES:
        raise ImportRefused(
            f"Berkas '{name}' ditolak: hanya berkas CSV (.csv, .txt), XLSX (.xlsx) atau "
            "Parquet (.parquet) yang dapat diimpor."
        )
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.PARITRANA_MAX_UPLOAD_BYTES:
        limit = settings.PARITRANA_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise UploadTooLarge(f"Berkas '{name}' ditolak: lebih besar dari batas {limit} MB.")
    folder = Path(settings.PARITRANA_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=UPLOAD_FOLDER_MODE)
    folder.chmod(UPLOAD_FOLDER_MODE)  # also when it was made before uploads were private
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, UPLOAD_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    return target


def queue_import(*, uploaded: Any, kind: str, user: Any = None) -> DataImport:
    """Check and save the upload and enqueue the import as a background task; ImportRefused
    (nothing saved, no record) when the kind is unknown or the bytes do not match the name."""
    from paritrana.coverage.tasks import import_task

    check_kind(kind)
    name = upload_name(uploaded)
    path = save_upload(uploaded)
    try:
        check_content(path, name=name)
    except ImportRefused:
        path.unlink(missing_ok=True)
        raise
    record = DataImport.objects.create(
        kind=kind, file_name=name, uploaded_by=_user(user), upload_path=str(path)
    )
    task = import_task.enqueue(record.pk)
    # Recovery asks the task whether the queued record still waits for it.
    DataImport.objects.filter(pk=record.pk).update(task_id=str(task.id))
    record.refresh_from_db()
    return record


def run_upload(record: DataImport) -> DataImport:
    """Import a saved upload, then delete it: the upload holds raw NIKs, and once the engine
    has pseudonymised what it keeps, nothing else needs them."""
    try:
        return run_import(record, path=Path(record.upload_path))
    finally:
        delete_upload(record)


# --- the bytes must be what the name says -----------------------------------------------------

_FIRST_BLOCK = 64 * 1024  # of a text file: enough to see a binary or a wrong encoding
_XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")


def check_content(path: Path, *, name: str) -> None:
    """ImportRefused unless the file's bytes match its extension: an XLSX is a ZIP holding a
    workbook, a Parquet file starts and ends with PAR1, a CSV is UTF-8 text (BOM allowed)."""
    suffix = suffix_of(name)
    if suffix in XLSX_SUFFIXES:
        _check_xlsx(path, name)
    elif suffix in PARQUET_SUFFIXES:
        _check_parquet(path, name)
    elif suffix in CSV_SUFFIXES:
        _check_text(path, name)


def _check_xlsx(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = set(archive.namelist())
    except ZIP_ERRORS:
        parts = None
    if parts is None or not all(part in parts for part in _XLSX_PARTS):
        raise ImportRefused(
            f"Berkas '{name}' ditolak: namanya berakhiran {suffix_of(name)} tetapi isinya bukan "
            "buku kerja Excel (arsip ZIP berisi [Content_Types].xml dan xl/workbook.xml). Simpan "
            "ulang dari Excel sebagai 'Excel Workbook (.xlsx)', atau kirim sebagai CSV."
        )


def _check_parquet(path: Path, name: str) -> None:
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(4)
        handle.seek(max(size - 4, 0))
        tail = handle.read(4)
    if size < 12 or head != b"PAR1" or tail != b"PAR1":
        raise ImportRefused(
            f"Berkas '{name}' ditolak: namanya berakhiran {suffix_of(name)} tetapi isinya bukan "
            "Parquet (berkas Parquet diawali dan diakhiri 'PAR1'); mungkin terpotong saat "
            "diunduh atau disalin. Ekspor ulang berkasnya."
        )


def _check_text(path: Path, name: str) -> None:
    with path.open("rb") as handle:
        block = handle.read(_FIRST_BLOCK)
        complete = not handle.read(1)
    if block.startswith((b"\xff\xfe", b"\xfe\xff")):
        reason = (
            "isinya teks UTF-16 ('Unicode Text' dari Excel), bukan UTF-8. Simpan ulang dari "
            "Excel sebagai 'CSV UTF-8 (Comma delimited)'."
        )
    elif b"\x00" in block:
        line = block.count(b"\n", 0, block.index(b"\x00")) + 1
        reason = (
            f"isinya bukan teks (ada bita NUL pada baris {line}); mungkin berkas biner yang "
            "diberi nama .csv. Kirim CSV, XLSX atau Parquet yang asli."
        )
    else:
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            decoder.decode(block, final=complete)
            return
        except UnicodeDecodeError as error:
            line = block.count(b"\n", 0, error.start) + 1
            reason = (
                f"baris {line} bukan teks UTF-8. Simpan ulang dari Excel sebagai "
                "'CSV UTF-8 (Comma delimited)'."
            )
    raise ImportRefused(f"Berkas '{name}' ditolak: {reason}")


def problem_report(record: DataImport, path: Path) -> Path:
    """The rejection report of an import as an XLSX workbook."""
    problems = [Problem(**p) for p in record.problems]
    summary = [ProblemCount(**c) for c in record.problem_summary]
    return write_problem_report(problems, path, summary=summary)


def _duplicate_message(result: ImportResult) -> str:
    """The engine's words with its moment (ISO, UTC) as a reader writes it, in the site's time
    zone: "sudah pernah diimpor pada 5 Desember 2026 pukul 14.03 WIB"."""
    try:
        first = dt.datetime.fromisoformat(result.first_imported_at)
    except ValueError:
        return result.message
    with translation.override("id"):
        when = local_time(first)
    return f"Berkas ini sudah pernah diimpor pada {when}; tidak ada yang diubah."
