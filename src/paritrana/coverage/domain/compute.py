"""Compute a year's metrics with the engine and keep their summaries in the database."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from paritrana import versions
from paritrana.coverage.domain.store import region_index, store_root
from paritrana.coverage.models import ComputationBeat, EmployerMetric, MetricRun, RegionMetric
from paritrana.engine.metrics import compute_year
from paritrana.errors import DomainError

Progress = Callable[[str, int, int], None]
log = logging.getLogger(__name__)

COMPLIANCE_FIELDS = (
    "employers",
    "employers_in_arrears",
    "on_time_pct",
    "complete_pct",
    "paid_pct_of_due",
    "paid_pct_of_expected",
    "registered_share_pct",
)


def _field_names(model: type) -> set[str]:
    return {f.name for f in model._meta.concrete_fields if f.name not in ("id", "run")}  # type: ignore[attr-defined]


def _rows(path: Path) -> list[dict[str, Any]]:
    """Every row of one of the engine's result files, as dicts (read with pyarrow: a DuckDB
    connection of its own took 12-16 ms to open, three per computation)."""
    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


def compute_metrics(
    *,
    year: int,
    base_kind: str = "sakernas_bekerja",
    user: Any = None,
    progress: Progress | None = None,
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> MetricRun:
    """Run the engine for `year` (on DuckDB, or on Spark: see engine.spark) and replace that
    year's summaries in one transaction. Imports whose process died are settled first, so the
    batch such an import landed but never recorded is not counted (import_recovery)."""
    from paritrana.coverage.domain.import_recovery import heal_interrupted_imports

    heal_interrupted_imports()
    result = compute_year(
        store_root=store_root(),
        regions=region_index(),
        year=year,
        base_kind=base_kind,
        progress=progress,
        engine=engine,
        spark_master=spark_master,
    )
    regions = _rows(result.path("region_metrics"))
    compliance = {
        (r["level"], r["region_code"]): r for r in _rows(result.path("region_compliance"))
    }
    employers = _rows(result.path("employer_metrics"))
    region_fields = _field_names(RegionMetric)
    employer_fields = _field_names(EmployerMetric)
    with transaction.atomic():
        RegionMetric.objects.filter(year=year, base_kind=base_kind).delete()
        EmployerMetric.objects.filter(year=year).delete()
        run = MetricRun.objects.create(
            year=year,
            base_kind=base_kind,
            seconds=result.seconds,
            rows=result.rows,
            months_raw=[m.isoformat() for m in result.months_raw],
            computed_by=user if getattr(user, "pk", None) else None,
        )
        metrics = []
        for row in regions:
            row.update(
                {
                    f: compliance.get((row["level"], row["region_code"]), {}).get(f)
                    for f in COMPLIANCE_FIELDS
                }
            )
            metrics.append(
                RegionMetric(run=run, **{k: v for k, v in row.items() if k in region_fields})
            )
        RegionMetric.objects.bulk_create(metrics, batch_size=2000)
        EmployerMetric.objects.bulk_create(
            [
                EmployerMetric(
                    run=run,
                    **{
                        k: (
                            ""
                            if v is None and k in ("name", "size_class", "sector", "kabkota")
                            else v
                        )
                        for k, v in row.items()
                        if k in employer_fields
                    },
                )
                for row in employers
            ],
            batch_size=2000,
        )
        versions.moved()  # the data-based scores read these summaries (a background run too)
    return run


# What a background computation that failed on a fault of the system's says (its traceback is
# in the task's record, for the administrator).
SYSTEM_FAULT = "Perhitungan gagal karena galat sistem; laporkan ke pengelola sistem."
INTERRUPTED = (
    "Perhitungan terhenti sebelum selesai (prosesnya berhenti); hasil sebelumnya tetap "
    "dipakai. Jalankan ulang."
)


class ComputeInterrupted(DomainError):
    """A background computation whose worker process died (killed, a power cut) mid-run: the
    engine writes its results whole or not at all, so the previous ones stand."""

    code = "compute_interrupted"


@dataclass(frozen=True)
class Background:
    """A computation queued from the import page (a task of the database queue)."""

    year: int
    state: str  # "waiting", "running", "done" or "failed"
    requested_at: dt.datetime
    finished_at: dt.datetime | None
    message: str  # why it failed, in Bahasa Indonesia; empty otherwise

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


def background_computations(limit: int = 5) -> list[Background]:
    """The latest computations queued in the background, newest first, with why any failed:
    a refusal's own sentence (a bucket object gone, figures that do not reconcile), otherwise
    SYSTEM_FAULT. Empty when the tasks do not go through the database queue."""
    if not apps.is_installed("django_tasks_db"):
        return []
    from django_tasks_db.models import DBTaskResult

    from paritrana.coverage.tasks import compute_task

    settle_interrupted_computations()
    states = {"READY": "waiting", "RUNNING": "running", "SUCCESSFUL": "done", "FAILED": "failed"}
    found = DBTaskResult.objects.filter(task_path=compute_task.module_path).order_by(
        "-enqueued_at"
    )[:limit]
    return [
        Background(
            year=int((row.args_kwargs.get("args") or [0])[0]),
            state=states.get(row.status, "waiting"),
            requested_at=row.enqueued_at,
            finished_at=row.finished_at,
            message=_failure(row.exception_class_path, row.traceback)
            if row.status == "FAILED"
            else "",
        )
        for row in found
    ]


def _failure(class_path: str, traceback: str) -> str:
    """A refusal's (DomainError's) message, read from the last line of the task's traceback
    ("module.Class: message"); SYSTEM_FAULT for anything else."""
    try:
        kind = import_string(class_path)
    except ImportError:
        return SYSTEM_FAULT
    last = (traceback.strip().splitlines() or [""])[-1]
    prefix = f"{class_path}: "
    if isinstance(kind, type) and issubclass(kind, DomainError) and last.startswith(prefix):
        return last.removeprefix(prefix)
    return SYSTEM_FAULT


# A computation running this long is taken for dead when its process cannot be asked (another
# host) and it has written no beat (a worker of a version before the beats): a national year
# from its raw records takes minutes (README, "Benchmarks").
STALE_AFTER = dt.timedelta(hours=6)
# Its worker writes a beat this often while it runs; one whose last beat is older than
# BEAT_STALE has died (ten beats missed: a busy database delays one, not ten).
BEAT_EVERY = dt.timedelta(seconds=30)
BEAT_STALE = dt.timedelta(minutes=5)


@contextmanager
def beating(task_id: str, every: float = BEAT_EVERY.total_seconds()) -> Iterator[None]:
    """While the block runs, write the time to `task_id`'s ComputationBeat: at once, then every
    `every` seconds from a thread of its own (the engine's work holds the computing thread for
    minutes). The beat is removed when the block ends, however it ends; a killed process
    leaves it to age (settle_interrupted_computations)."""

    def beat() -> None:
        ComputationBeat.objects.update_or_create(
            task_id=task_id, defaults={"beat_at": timezone.now()}
        )

    def keep_beating() -> None:
        try:
            while not stopped.wait(every):
                try:
                    beat()
                except DatabaseError:  # the database busy (SQLite while results are written)
                    log.warning("computation %s: beat not written, next in %ss", task_id, every)
        finally:
            connection.close()  # this thread's own connection

    stopped = threading.Event()
    beat()
    beater = threading.Thread(target=keep_beating, name=f"beat-{task_id}", daemon=True)
    beater.start()
    try:
        yield
    finally:
        stopped.set()
        beater.join()
        ComputationBeat.objects.filter(task_id=task_id).delete()


def settle_interrupted_computations(now: dt.datetime | None = None) -> int:
    """Mark failed (INTERRUPTED) the computations recorded as running whose worker process, on
    this host, is gone, or, where it cannot be asked (another host, a worker not named by its
    process), whose beat is older than BEAT_STALE (or which have run for STALE_AFTER with no
    beat at all); how many. `paritrana manage db_worker` names the worker by its process
    (import_recovery.this_process)."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    from paritrana.coverage.domain.import_recovery import process_alive
    from paritrana.coverage.tasks import compute_task

    now = now or timezone.now()
    settled = 0
    running = DBTaskResult.objects.filter(task_path=compute_task.module_path, status="RUNNING")
    beats = dict(
        ComputationBeat.objects.filter(task_id__in=[str(row.id) for row in running]).values_list(
            "task_id", "beat_at"
        )
    )
    for row in running:
        claim = str((row.worker_ids or [""])[-1])
        alive = process_alive(claim) if claim.count(":") >= 2 else None
        beat = beats.get(str(row.id))
        started = row.started_at or row.enqueued_at
        silent = now - beat > BEAT_STALE if beat else now - started > STALE_AFTER
        if alive is False or (alive is None and silent):
            row.set_failed(ComputeInterrupted(INTERRUPTED))
            ComputationBeat.objects.filter(task_id=str(row.id)).delete()
            settled += 1
    return settled
