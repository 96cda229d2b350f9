"""Commands of the data officers: imports and metric computations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.commands.registry import command
from paritrana.coverage.models import DataImport, MetricRun
from paritrana.engine.metrics import Progress

DEFAULT_BASE = "sakernas_bekerja"


@command("data.queue_import", label=_("Upload an import file"), perm="access.import_data")
def queue_import(actor: Any, *, uploaded: Any, kind: str) -> DataImport:
    """Check and save an upload and queue its import in the background (web and API)."""
    from paritrana.coverage.domain import imports

    return imports.queue_import(uploaded=uploaded, kind=kind, user=actor)


@command(
    "data.import_file",
    label=_("Import a file from the server"),
    perm="access.import_data",
    atomic=False,  # an import lands its file atomically in the store and records its own steps
)
def import_file(
    actor: Any, *, path: Path, kind: str, progress: Progress | None = None
) -> DataImport:
    """Import a file on the server now (the command line)."""
    from paritrana.coverage.domain import imports

    return imports.import_now(path=path, kind=kind, user=actor, progress=progress)


@command(
    "data.compute",
    label=_("Compute coverage metrics"),
    perm="access.import_data",
    atomic=False,  # the engine runs outside; the summaries are replaced in one transaction
)
def compute(
    actor: Any,
    *,
    year: int,
    base_kind: str = DEFAULT_BASE,
    progress: Progress | None = None,
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> MetricRun:
    """Compute every coverage metric of `year` now, on DuckDB (the default) or on Spark
    (`engine="spark"`, at `spark_master` or $SPARK_REMOTE)."""
    from paritrana.coverage.domain.compute import compute_metrics

    return compute_metrics(
        year=year,
        base_kind=base_kind,
        user=actor,
        progress=progress,
        engine=engine,
        spark_master=spark_master,
    )


@command("data.queue_compute", label=_("Schedule a metrics computation"), perm="access.import_data")
def queue_compute(actor: Any, *, year: int, base_kind: str = DEFAULT_BASE) -> None:
    """Queue the computation of `year` in the background (the import page's button)."""
    from paritrana.coverage.tasks import compute_task

    compute_task.enqueue(year, base_kind)
