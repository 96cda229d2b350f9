"""Compute every coverage and compliance metric for a year from the store.

    result = compute_year(store_root=..., regions=..., year=2025)

Work is one pass over the participant-month records, a month at a time (see `facts`), then
small SQL over the resulting facts. The SQL is written once and runs on DuckDB (the default,
embedded) or on Apache Spark (`engine="spark"`, `spark_master=` or $SPARK_REMOTE; see
`engine.backends` and `engine.spark`); both write the same result files. Before anything is
written the figures are checked against
counts taken straight from the records (see `crosscheck`; `verify=False` skips it, for
benchmarks); a difference raises `ReconciliationError` and the previous results stay. A
month's facts are kept and reused until its files change (see `cache`); `use_cache=False`
recomputes everything from the records. Results are written
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

from paritrana.engine import location
from paritrana.engine.backends import ENGINES, Backend, DuckDBBackend
from paritrana.engine.database import connect, load_rates
from paritrana.engine.metrics.cache import (
    load_checked,
    load_current,
    month_signature,
    save,
    save_checked,
)
from paritrana.engine.metrics.compliance import build_employer_metrics, build_region_compliance
from paritrana.engine.metrics.coverage import build_monthly_active, build_region_metrics
from paritrana.engine.metrics.crosscheck import (
    Checked,
    ReconciliationError,
    create_checked_tables,
    reconcile,
)
from paritrana.engine.metrics.facts import (
    active_facts_sql,
    add_aggregated_counts,
    add_raw_files,
    add_raw_month,
    counted_files,
    create_fact_tables,
    month_files,
    on_time_facts_sql,
    repeat_payers_sql,
)
from paritrana.engine.rates import year_rates
from paritrana.engine.regions import RegionIndex
from paritrana.engine.store import sample_batches

__all__ = ["ReconciliationError", "YearMetrics", "compute_year", "headline", "refresh_facts"]

Progress = Callable[[str, int, int], None]
# DuckDB's working memory for a computation; beyond it aggregates spill to <store>/.spill. At
# 1 GB a national year (479 M records) computes within 1.3 GiB of resident memory; at 512 MB
# within 0.85 GiB, but with the facts current 33.6 s instead of 28.3 s, the per-employer
# figures spilling (README, "Benchmarks"; benchmarks/national_year.py).
DEFAULT_MEMORY_LIMIT = "1GB"
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
    verify_seconds: float = 0.0  # of `seconds`, the check against the raw records
    engine: str = "duckdb"
    # The shared SQL definitions the computation ran, each once, as written (any engine).
    sql: list[str] = field(default_factory=list)

    def path(self, table: str) -> Path:
        return self.output_dir / f"{table}.parquet"


def compute_year(
    *,
    store_root: Path,
    regions: RegionIndex,
    year: int,
    base_kind: str = "sakernas_bekerja",
    memory_limit: str | None = DEFAULT_MEMORY_LIMIT,
    threads: int | None = None,
    progress: Progress | None = None,
    use_cache: bool = True,
    verify: bool = True,
    engine: str = "duckdb",
    spark_master: str | None = None,
    spark: object | None = None,
) -> YearMetrics:
    """`engine`: "duckdb" (default) or "spark" (a session on `spark_master`, or $SPARK_REMOTE;
    or the given `spark` session). Spark reads every month's records in one job and keeps no
    per-month facts between runs (`use_cache` applies to DuckDB)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (expected one of {', '.join(ENGINES)})")
    started = time.perf_counter()
    years = [year - 1, year]
    samples = sample_batches(store_root)
    con = connect(
        store_root=store_root, regions=regions, memory_limit=memory_limit, threads=threads
    )
    backend: Backend
    signatures: dict[dt.date, str] = {}
    checked: Checked | None = None
    if engine == "duckdb":
        duck = backend = DuckDBBackend(con)
        files, fresh = load_facts(
            con,
            store_root=store_root,
            years=years,
            use_cache=use_cache,
            progress=progress,
            backend=duck,
            signatures=signatures,
        )
        if verify:
            checked = _load_checked(duck, store_root, signatures, reused=set(files) - set(fresh))
    else:
        from paritrana.engine import spark as spark_engine

        load_rates(con, years)
        bucket = location.remote()  # a store in a bucket: Spark reads the bucket itself
        listed = month_files(store_root, registered=bucket is not None)
        files = {m: f for m, f in listed.items() if m.year in years}
        fresh = list(files)
        if bucket is not None:  # an object gone is said now, not after Spark's whole work
            location.check_objects(
                bucket,
                [p.relative_to(store_root).as_posix() for paths in files.values() for p in paths],
            )
        backend = spark_engine.SparkBackend(
            spark or spark_engine.session(spark_master), store_root=store_root, bucket=bucket
        )
        backend.drop(["active_facts", "employer_facts", "repeat_payers_found"])
        backend.load_tables(con, spark_engine.REFERENCE_TABLES)
        add_raw_files(backend, [p for paths in files.values() for p in paths], samples)
        if progress:
            progress("months", len(files), len(files))
    add_aggregated_counts(backend)
    build_monthly_active(backend)
    build_region_metrics(backend, year=year, base_kind=base_kind)
    build_employer_metrics(backend, year=year)
    build_region_compliance(backend)
    verified = time.perf_counter()
    if verify:  # the very files the facts were read from, even if an import lands meanwhile
        reconcile(
            backend,
            store_root=store_root,
            year=year,
            files=files,
            samples=samples,
            progress=progress,
            repeats_found=set(files),  # reduced now (fresh) or saved with the facts
            checked=checked,
        )
        if checked is not None:  # passed: its figures kept with the facts they checked
            for month, signature in signatures.items():
                if month not in checked.active:
                    save_checked(con, store_root, month, signature, "active")
                if month.year == year and month not in checked.employers:
                    save_checked(con, store_root, month, signature, "employers")
    verify_seconds = time.perf_counter() - verified
    output = _write_outputs(backend, store_root, year)
    rows = {table: _count(backend, table) for table in OUTPUT_TABLES}
    return YearMetrics(
        year=year,
        base_kind=base_kind,
        output_dir=output,
        months_raw=[m for m in files if m.year == year],
        months_reused=len(files) - len(fresh),
        seconds=time.perf_counter() - started,
        rows=rows,
        verify_seconds=verify_seconds,
        engine=engine,
        sql=list(dict.fromkeys(backend.definitions)),
    )


def _load_checked(
    backend: DuckDBBackend, store_root: Path, signatures: dict[dt.date, str], reused: set[dt.date]
) -> Checked:
    """The check figures saved with the facts of the months read from the cache, in their
    tables (made here, empty, first)."""
    create_checked_tables(backend)
    found = load_checked(backend.con, store_root, {m: signatures[m] for m in sorted(reused)})
    return Checked(active=frozenset(found["active"]), employers=frozenset(found["employers"]))


def load_facts(
    con: duckdb.DuckDBPyConnection,
    *,
    store_root: Path,
    years: list[int],
    use_cache: bool = True,
    progress: Progress | None = None,
    backend: DuckDBBackend | None = None,
    signatures: dict[dt.date, str] | None = None,
) -> tuple[dict[dt.date, list[Path]], list[dt.date]]:
    """Fill `active_facts` and `employer_facts` for the months of `years` that have records,
    from the cache where current. Returns the record files of each month read and the months
    rebuilt from them (the others came from the cache); each month's signature is put in
    `signatures` when given."""
    load_rates(con, years)
    create_fact_tables(con)
    files = {m: f for m, f in month_files(store_root).items() if m.year in years}
    months = list(files)
    rates = {r.month: r.row() for year in years for r in year_rates(year)}
    samples = sample_batches(store_root)
    signed = {m: month_signature(store_root, files[m], rates[m]) for m in months}
    if signatures is not None:
        signatures.update(signed)
    cached = set(load_current(con, store_root, signed)) if use_cache else set()
    fresh = [month for month in months if month not in cached]
    if progress and cached:
        progress("months", len(cached), len(months))
    for done, month in enumerate(fresh, start=len(cached) + 1):
        add_raw_month(con, month, files[month], samples, backend)
        save(con, store_root, month, signed[month])
        if progress:
            progress("months", done, len(months))
    return files, fresh


def refresh_facts(
    *,
    store_root: Path,
    regions: RegionIndex,
    years: list[int] | None = None,
    memory_limit: str | None = DEFAULT_MEMORY_LIMIT,
    progress: Progress | None = None,
) -> int:
    """Bring the saved per-month facts up to date (all years with records by default), as an
    import does after landing records or employers, so that the next computation or headline
    reads only the facts. Returns how many months had to be rebuilt."""
    years = years or sorted({month.year for month in month_files(store_root)})
    con = connect(store_root=store_root, regions=regions, memory_limit=memory_limit)
    _, fresh = load_facts(con, store_root=store_root, years=years, progress=progress)
    return len(fresh)


@dataclass
class Headline:
    """Active participants per kab/kota and segment in the last month of the year, and each
    employer's on-time payment share over the year: what the award's first screen shows."""

    month: dt.date | None
    active: list[tuple[str, str, int]]  # (kab/kota, segment, active participants)
    on_time: list[tuple[str, float | None]]  # (employer id, on-time share in %)
    months_reused: int
    seconds: float


def headline(
    *,
    store_root: Path,
    regions: RegionIndex,
    year: int,
    use_cache: bool = True,
    memory_limit: str | None = DEFAULT_MEMORY_LIMIT,
) -> Headline:
    """The headline from the saved facts, bringing stale months up to date (and saving them);
    with `use_cache=False`, straight from the records and saving nothing: only what it shows
    (billed and on-time records over the year, active participants of the last month)."""
    started = time.perf_counter()
    con = connect(store_root=store_root, regions=regions, memory_limit=memory_limit)
    if use_cache:
        files, fresh = load_facts(con, store_root=store_root, years=[year])
        reused = len(files) - len(fresh)
    else:
        files, reused = _headline_facts(con, store_root=store_root, year=year), 0
    last = max(files) if files else None
    active = con.execute(
        "SELECT kabkota, segment, sum(active)::BIGINT FROM active_facts "
        "WHERE month = ? AND in_kabkota GROUP BY ALL HAVING sum(active) > 0 ORDER BY ALL",
        [last],
    ).fetchall()
    on_time = con.execute(
        "SELECT employer_id, 100.0 * sum(on_time) / nullif(sum(billed), 0) FROM employer_facts "
        "GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    return Headline(last, active, on_time, reused, time.perf_counter() - started)


def _headline_facts(
    con: duckdb.DuckDBPyConnection, *, store_root: Path, year: int
) -> dict[dt.date, list[Path]]:
    """From the records: billed and on-time records per employer and month over `year` (one
    read of every month), and the active facts of its last month."""
    create_fact_tables(con)
    files = {m: f for m, f in month_files(store_root).items() if m.year == year}
    if not files:
        return files
    backend = DuckDBBackend(con)
    backend.records("year_records", [p for paths in files.values() for p in paths])
    con.execute(
        "INSERT INTO employer_facts (month, employer_id, billed, on_time) "
        + on_time_facts_sql("year_records")
    )
    counted = counted_files(files[max(files)], samples=sample_batches(store_root))
    if counted:
        backend.records("month_counted", counted)
        backend.create("repeat_payers", repeat_payers_sql("month_counted"))
        backend.append("active_facts", active_facts_sql("month_counted", "repeat_payers"))
    return files


def _count(backend: Backend, table: str) -> int:
    rows = backend.rows(f"SELECT count(*) FROM {table}")
    return int(rows[0][0]) if rows else 0


def _write_outputs(backend: Backend, store_root: Path, year: int) -> Path:
    final = store_root / "metrics" / f"year={year}"
    staging = store_root / "metrics" / f".year={year}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for table in OUTPUT_TABLES:
        backend.write_parquet(table, staging / f"{table}.parquet")
    # Swap the whole folder so readers see either the old or the new results, never a mix.
    old = store_root / "metrics" / f".year={year}.old"
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return final
