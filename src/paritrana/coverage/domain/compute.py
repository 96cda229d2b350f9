"""Compute a year's metrics with the engine and keep their summaries in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from paritrana import versions
from paritrana.coverage.domain.store import region_index, store_root
from paritrana.coverage.models import EmployerMetric, MetricRun, RegionMetric
from paritrana.engine.database import sql_string
from paritrana.engine.metrics import compute_year
from paritrana.errors import DomainError

Progress = Callable[[str, int, int], None]

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
    """Every row of one of the engine's result files, as dicts."""
    cursor = duckdb.connect().execute(f"SELECT * FROM read_parquet({sql_string(str(path))})")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


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
    year's summaries in one transaction."""
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
# host): a national year from its raw records takes minutes (README, "Benchmarks").
STALE_AFTER = dt.timedelta(hours=6)


def settle_interrupted_computations(now: dt.datetime | None = None) -> int:
    """Mark failed (INTERRUPTED) the computations recorded as running whose worker process, on
    this host, is gone, or which have run for STALE_AFTER where it cannot be asked (another
    host, a worker not named by its process); how many. `paritrana manage db_worker` names the
    worker by its process (import_recovery.this_process)."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    from paritrana.coverage.domain.import_recovery import process_alive
    from paritrana.coverage.tasks import compute_task

    now = now or timezone.now()
    settled = 0
    running = DBTaskResult.objects.filter(task_path=compute_task.module_path, status="RUNNING")
    for row in running:
        claim = str((row.worker_ids or [""])[-1])
        alive = process_alive(claim) if claim.count(":") >= 2 else None
        started = row.started_at or row.enqueued_at
        if alive is False or (alive is None and now - started > STALE_AFTER):
            row.set_failed(ComputeInterrupted(INTERRUPTED))
            settled += 1
    return settled
