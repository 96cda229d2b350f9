"""Compute every coverage and compliance metric for a year from the store.

    result = compute_year(store_root=..., regions=..., year=2025)

Work is one pass over the participant-month records, a month at a time (see `facts`), then
small SQL over the resulting facts. A month's facts are kept and reused until its files change
(see `cache`); `use_cache=False` recomputes everything from the records. Results are written
as Parquet under `<store_root>/metrics/year=<year>/` (atomically replaced) and returned as a
`YearMetrics`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from paritrana.engine.database import connect, load_rates, sql_string
from paritrana.engine.metrics.cache import load_cached, month_signature, save
from paritrana.engine.metrics.compliance import build_employer_metrics, build_region_compliance
from paritrana.engine.metrics.coverage import build_monthly_active, build_region_metrics
from paritrana.engine.metrics.facts import (
    add_aggregated_counts,
    add_raw_month,
    create_fact_tables,
    month_partition,
    months_with_records,
)
from paritrana.engine.rates import year_rates
from paritrana.engine.regions import RegionIndex

Progress = Callable[[str, int, int], None]
OUTPUT_TABLES = ("region_metrics", "region_compliance", "employer_metrics", "monthly_active")


@dataclass
class YearMetrics:
    year: int
    base_kind: str
    output_dir: Path
    months_raw: list[dt.date]
    months_reused: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)

    def path(self, table: str) -> Path:
        return self.output_dir / f"{table}.parquet"


def compute_year(
    *,
    store_root: Path,
    regions: RegionIndex,
    year: int,
    base_kind: str = "sakernas_bekerja",
    memory_limit: str | None = None,
    threads: int | None = None,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> YearMetrics:
    started = time.perf_counter()
    con = connect(
        store_root=store_root, regions=regions, memory_limit=memory_limit, threads=threads
    )
    load_rates(con, [year - 1, year])
    create_fact_tables(con)
    months = [m for m in months_with_records(store_root) if m.year in (year - 1, year)]
    rates = {r.month: r.row() for r in year_rates(year - 1) + year_rates(year)}
    reused = 0
    for done, month in enumerate(months, start=1):
        signature = month_signature(
            store_root, month, month_partition(store_root, month), rates[month]
        )
        if use_cache and load_cached(con, store_root, month, signature):
            reused += 1
        else:
            add_raw_month(con, store_root, month)
            save(con, store_root, month, signature)
        if progress:
            progress("months", done, len(months))
    add_aggregated_counts(con)
    build_monthly_active(con)
    build_region_metrics(con, year=year, base_kind=base_kind)
    build_employer_metrics(con, year=year)
    build_region_compliance(con)
    output = _write_outputs(con, store_root, year)
    rows = {table: _count(con, table) for table in OUTPUT_TABLES}
    return YearMetrics(
        year=year,
        base_kind=base_kind,
        output_dir=output,
        months_raw=[m for m in months if m.year == year],
        months_reused=reused,
        seconds=time.perf_counter() - started,
        rows=rows,
    )


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def _write_outputs(con: duckdb.DuckDBPyConnection, store_root: Path, year: int) -> Path:
    final = store_root / "metrics" / f"year={year}"
    staging = store_root / "metrics" / f".year={year}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for table in OUTPUT_TABLES:
        target = sql_string(str(staging / f"{table}.parquet"))
        con.execute(f"COPY {table} TO {target} (FORMAT parquet)")
    # Swap the whole folder so readers see either the old or the new results, never a mix.
    old = store_root / "metrics" / f".year={year}.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final
