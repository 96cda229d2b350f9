"""Synthetic national year: participant-month contributions in the store layout, plus the other
five input kinds as the files a data officer would import.

    summary = generate(regions=index, out_dir=Path("demo"), participants=1_000_000, seed=1)

writes

    out_dir/store/contributions/month=YYYY-MM/synth-<seed>.parquet   12 months of `year`
    out_dir/inputs/employers.csv, workforce.csv, targets.csv, active_counts.csv, benefits.csv

Calibration (segment mix, province counts, employer sizes, payment habits) is in
`synth_calibration`, each number with its source; the plan of regions and employers in
`synth_plan`; the row generator in `synth_sql`; the input files in `synth_inputs`.

Speed and memory: rows are generated inside DuckDB from hashes, month by month, and streamed to
Parquet. Each month is written by its own single-threaded DuckDB connection, and months run in
parallel on as many connections as there are cores (at most 12): a single-threaded COPY is the
only way DuckDB guarantees the same row groups on every run, so the same seed and size give
byte-identical files on any machine with the same DuckDB version, whatever its core count.
There are no raw identifiers anywhere: participant keys are hashes of (seed, index).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from paritrana.engine import landing, synth_sql
from paritrana.engine.regions import RegionIndex
from paritrana.engine.synth_inputs import write_inputs
from paritrana.engine.synth_plan import Plan, build_plan
from paritrana.rules import RulesTable, default_table

Progress = Callable[[str, int, int], None]
MONTHS = 12
MAX_WORKERS = 12
# Per DuckDB connection. A month's COPY needs well under this; the December active-participant
# count (a distinct count over ~36 M rows at national scale) spills to disk above it, which is
# also faster here than letting its hash tables grow to 3 GB.
MEMORY_LIMIT = "1GB"


@dataclass(frozen=True)
class SynthSummary:
    rows: int  # participant-month records written
    participants: int  # distinct participants
    employers: int
    files: tuple[Path, ...]
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def month_path(out_dir: Path, year: int, month: int, seed: int) -> Path:
    return (
        out_dir
        / "store"
        / "contributions"
        / f"month={year:04d}-{month:02d}"
        / f"synth-{seed}.parquet"
    )


def plan_tables(plan: Plan) -> dict[str, pa.Table]:
    """The plan as Arrow tables for DuckDB: employers, bpu, villages."""
    villages: dict[str, list[object]] = {"kabkota_code": [], "idx": [], "village_code": []}
    for kabkota in plan.kabkota:
        for idx, code in enumerate(kabkota.villages):
            villages["kabkota_code"].append(kabkota.code)
            villages["idx"].append(idx)
            villages["village_code"].append(code)
    return {
        "employers": plan.employers,
        "bpu": pa.table(plan.bpu, schema=_BPU_SCHEMA),
        "villages": pa.table(villages, schema=_VILLAGE_SCHEMA),
    }


_BPU_SCHEMA = pa.schema(
    [("kabkota_code", pa.string()), ("n", pa.int64()), ("first", pa.int64()),
     ("n_villages", pa.int64())]
)  # fmt: skip
_VILLAGE_SCHEMA = pa.schema(
    [("kabkota_code", pa.string()), ("idx", pa.int32()), ("village_code", pa.string())]
)


def connect(*, threads: int | None, spill_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the memory limit and a spill folder inside `out_dir`."""
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    folder = str(spill_dir).replace("'", "''")
    con.execute(f"SET temp_directory = '{folder}'")
    con.execute("SET preserve_insertion_order = true")
    return con


def load_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table]) -> None:
    for name, table in tables.items():
        con.register(f"{name}_arrow", table)
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
        con.unregister(f"{name}_arrow")


def _write_months(
    *,
    tables: dict[str, pa.Table],
    out_dir: Path,
    year: int,
    seed: int,
    rules: RulesTable,
    spill_dir: Path,
    progress: Progress | None,
) -> dict[int, int]:
    pending = list(range(MONTHS, 0, -1))
    rows: dict[int, int] = {}
    lock = threading.Lock()

    def work() -> None:
        # One thread per connection: the only deterministic COPY (see module docstring).
        con = connect(threads=1, spill_dir=spill_dir)
        try:
            for statement in synth_sql.setup_sql(seed):
                con.execute(statement)
            load_tables(con, tables)
            while True:
                with lock:
                    if not pending:
                        return
                    month = pending.pop()
                path = month_path(out_dir, year, month, seed)
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_name(path.name + ".tmp")
                sql = synth_sql.month_sql(rules=rules, year=year, month=month, path=str(partial))
                result = con.execute(sql).fetchone()
                os.replace(partial, path)
                with lock:
                    rows[month] = int(result[0]) if result else 0
                    if progress:
                        progress("contributions", len(rows), MONTHS)
        finally:
            con.close()

    workers = max(1, min(MAX_WORKERS, MONTHS, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="synth") as pool:
        for future in [pool.submit(work) for _ in range(workers)]:
            future.result()
    return rows


def generate(
    *,
    regions: RegionIndex,
    out_dir: Path,
    participants: int,
    year: int = 2025,
    seed: int = 1,
    progress: Progress | None = None,
    published_scale: bool = False,
) -> SynthSummary:
    """Write a synthetic national year of `participants` distinct participants under `out_dir`.

    `published_scale`: the records are a sample (their batch is registered as one) and the
    active counts and workforce files are drawn at the published national scale (see
    `synth_scale`); without it the records are the whole synthetic year.

    Deterministic: the same arguments give byte-identical files. Files of the same seed are
    replaced; each Parquet file is written under a temporary name and renamed into place."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    plan = build_plan(regions, participants, seed)
    tables = plan_tables(plan)
    spill_dir = out_dir / f".synth-{seed}.tmp"
    rows = _write_months(
        tables=tables,
        out_dir=out_dir,
        year=year,
        seed=seed,
        rules=default_table(),
        spill_dir=spill_dir,
        progress=progress,
    )
    months = [month_path(out_dir, year, m, seed) for m in range(1, MONTHS + 1)]
    # The manifest makes out_dir/store a store like any other: readers count a batch only
    # once its manifest exists (see store.imported_files).
    landing.write_manifest(
        out_dir / "store",
        "contributions",
        months[0].stem,
        {
            "kind": "contributions",
            "batch": months[0].stem,
            "source": "synthetic",
            "seed": seed,
            "participants": plan.participants,
            "rows": sum(rows.values()),
            "months": [f"{year}-{m:02d}" for m in range(1, MONTHS + 1)],
            "sample": published_scale,
        },
    )
    inputs = write_inputs(
        plan=plan,
        con=connect(threads=None, spill_dir=spill_dir),
        inputs_dir=out_dir / "inputs",
        months=months,
        year=year,
        progress=progress,
        published_scale=published_scale,
    )
    shutil.rmtree(spill_dir, ignore_errors=True)
    return SynthSummary(
        rows=sum(rows.values()),
        participants=plan.participants,
        employers=plan.employer_count,
        files=(*months, *inputs),
        seconds=time.perf_counter() - started,
    )
