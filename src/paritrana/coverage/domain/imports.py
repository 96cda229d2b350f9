"""Importing a data officer's file: record the attempt, run the engine, keep the outcome.

The same functions serve the command line (`import_now`, synchronous with a progress bar) and
the web (`queue_import` saves the upload and enqueues `run_import` as a background task whose
progress the import page polls).
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from paritrana.coverage.domain.store import pseudonym_secret, region_index, store_root
from paritrana.coverage.models import DataImport, ImportStatus
from paritrana.engine.ingest import import_file
from paritrana.engine.metrics import refresh_facts
from paritrana.engine.problems import Problem, ProblemCount
from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.workbooks import write_problem_report

Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 0.5  # seconds between progress writes to the database
FACT_INPUTS = ("contributions", "employers")  # the kinds the per-month facts depend on


class ImportRefused(ValueError):
    """The request itself is wrong (unknown kind, missing file); message in Bahasa Indonesia."""


def check_kind(kind: str) -> None:
    if kind not in SCHEMAS:
        raise ImportRefused(
            f"Jenis data '{kind}' tidak dikenal. Pilih salah satu: {', '.join(SCHEMAS)}."
        )


def _progress_writer(record: DataImport, also: Progress | None) -> Progress:
    last = 0.0

    def update(stage: str, done: int, total: int) -> None:
        nonlocal last
        if also:
            also(stage, done, total)
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY or done >= total:
            last = now
            DataImport.objects.filter(pk=record.pk).update(stage=stage, done=done, total=total)

    return update


def run_import(record: DataImport, *, path: Path, progress: Progress | None = None) -> DataImport:
    """Run the engine on `path` for an existing record and store the outcome on it."""
    DataImport.objects.filter(pk=record.pk).update(status=ImportStatus.RUNNING)
    try:
        result = import_file(
            path=path,
            kind=record.kind,
            store_root=store_root(),
            regions=region_index(),
            secret=pseudonym_secret(),
            as_of=timezone.localdate(),
            progress=_progress_writer(record, progress),
        )
    except Exception as exc:
        record.status = ImportStatus.FAILED
        record.message = (
            f"Impor gagal karena galat sistem ({exc.__class__.__name__}). "
            "Tidak ada data yang berubah."
        )
        record.finished_at = timezone.now()
        record.save()
        raise
    if result.status == "imported" and record.kind in FACT_INPUTS:
        # Keep the per-month facts current, as part of the import: computations and the
        # award's first screen then read facts instead of every record again.
        years = sorted({int(m[:4]) for m in result.months}) or None
        refresh_facts(
            store_root=store_root(),
            regions=region_index(),
            years=years,
            progress=_progress_writer(record, progress),
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
    record.message = result.message
    record.finished_at = timezone.now()
    record.save()
    return record


def import_now(
    *, path: Path, kind: str, user: Any = None, progress: Progress | None = None
) -> DataImport:
    check_kind(kind)
    if not path.is_file():
        raise ImportRefused(f"Berkas {path} tidak ditemukan.")
    record = DataImport.objects.create(
        kind=kind, file_name=path.name, uploaded_by=_user(user), upload_path=str(path)
    )
    return run_import(record, path=path, progress=progress)


def _user(user: Any) -> Any:
    return user if getattr(user, "pk", None) else None


def save_upload(uploaded: Any) -> Path:
    """Stream an uploaded file to the uploads folder (never into memory) and return its path."""
    folder = Path(settings.PARITRANA_UPLOAD_DIR) / uuid.uuid4().hex
    folder.mkdir(parents=True)
    name = Path(uploaded.name).name or "unggahan"
    target = folder / name
    with target.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    return target


def queue_import(*, uploaded: Any, kind: str, user: Any = None) -> DataImport:
    """Save the upload and enqueue the import as a background task."""
    from paritrana.coverage.tasks import import_task

    check_kind(kind)
    path = save_upload(uploaded)
    record = DataImport.objects.create(
        kind=kind, file_name=path.name, uploaded_by=_user(user), upload_path=str(path)
    )
    import_task.enqueue(record.pk)
    return record


def problem_report(record: DataImport, path: Path) -> Path:
    """The rejection report of an import as an XLSX workbook."""
    problems = [Problem(**p) for p in record.problems]
    summary = [ProblemCount(**c) for c in record.problem_summary]
    return write_problem_report(problems, path, summary=summary)
