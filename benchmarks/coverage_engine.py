"""Coverage engine benchmark: the engine, hand-written DuckDB, Polars and pandas side by side.

    python benchmarks/coverage_engine.py --participants 2000000 --workdir /tmp/paritrana-bench

(2 M participants give about 23 M participant-month rows, 8.7 M about 100 M.) One generated
synthetic year (`paritrana.engine.synth`), then, on the same Parquet files, each step in a
fresh process of its own, the steps alternating round after round (`--rounds`, the order
rotated every round) so that a busy machine slows them alike:

- engine_all: all metrics at every level from the raw records (facts cache off, with the
  reconciliation against the raw records that every computation runs);
- engine_all_unverified: the same without the reconciliation (`verify=False`);
- engine_all_facts: all metrics with the per-month facts and the figures of the last passed
  check current (after imports and a computation), the check against those figures;
- engine_headline: the headline subset (active participants by kab/kota and segment in
  December, each employer's on-time share over the year) from the raw records;
- engine_headline_facts: the headline with the per-month facts current (after an import);
- hand_headline: the best hand-written DuckDB queries for the headline;
- polars_headline: the same headline in Polars, lazy;
- pandas_all: all metrics in plain pandas, month by month (benchmarks/pandas_baseline.py).

Before any time is reported the results are checked equal: the engine's, the hand-written and
the Polars headline; the engine's and pandas' region counts, UCJ and employer on-time shares.
Each step's time is taken inside its process around the work alone (imports and start-up
excluded); its peak memory is that process's resident high-water mark (VmHWM). The table gives
medians over the rounds and, for every step, the median over the rounds of its time over
the hand-written headline's in the same round.
`--reconciliation-only` instead times all metrics with and without the reconciliation, from raw
records and with the facts current, in this process.
"""

from __future__ import annotations

import argparse
import json
import pickle
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks import pandas_baseline  # noqa: E402
from paritrana.engine.ingest import import_file  # noqa: E402
from paritrana.engine.metrics import compute_year, headline, refresh_facts  # noqa: E402
from paritrana.engine.regions import RegionIndex  # noqa: E402
from paritrana.engine.synth import generate  # noqa: E402
from paritrana.regions.packaged import region_index  # noqa: E402

YEAR = 2025


def packaged_regions() -> RegionIndex:
    return region_index()


def measure(label: str, work: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    print(f"  {label:<44} {seconds:9.2f} s", flush=True)
    return result, seconds


def _engine_all(store: Path, regions: RegionIndex, *, verify: bool = True) -> Any:
    return compute_year(
        store_root=store, regions=regions, year=YEAR, use_cache=False, verify=verify
    )


def _headline(store: Path, regions: RegionIndex, *, use_cache: bool) -> Any:
    result = headline(store_root=store, regions=regions, year=YEAR, use_cache=use_cache)
    return result.active, result.on_time


STEPS: dict[str, Callable[[Path, RegionIndex], Any]] = {
    "engine_all": _engine_all,
    "engine_all_unverified": lambda store, regions: _engine_all(store, regions, verify=False),
    "engine_all_facts": lambda store, regions: compute_year(
        store_root=store, regions=regions, year=YEAR, use_cache=True
    ),
    "engine_headline": lambda store, regions: _headline(store, regions, use_cache=False),
    "engine_headline_facts": lambda store, regions: _headline(store, regions, use_cache=True),
    "hand_headline": lambda store, regions: hand_written(store),
    "polars_headline": lambda store, regions: polars_headline(store),
    "pandas_all": lambda store, regions: pandas_baseline.compute(
        store_root=store, regions=regions, year=YEAR
    ),
}
LABELS = {
    "engine_all": "engine, all metrics at every level, from raw records",
    "engine_all_unverified": "the same without the reconciliation",
    "engine_all_facts": "engine, all metrics, facts and check figures current (after imports)",
    "engine_headline": "engine, headline, from raw records",
    "engine_headline_facts": "engine, headline, facts current (after an import)",
    "hand_headline": "hand-written DuckDB, headline",
    "polars_headline": "Polars (lazy), headline",
    "pandas_all": "pandas, all metrics, month by month",
}


def peak_rss() -> int:
    """This process's resident high-water mark (VmHWM). Not ru_maxrss: Linux carries that over
    from the forking parent through exec, so a child of a large process would report the
    parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def run_step(step: str, store: Path, regions: RegionIndex, save: Path | None) -> dict[str, Any]:
    """Run `step` once in this (fresh) process: its seconds and this process's peak memory;
    its result pickled to `save` when given."""
    if step == "engine_headline_facts":  # the state after an import, not timed
        refresh_facts(store_root=store, regions=regions, years=[YEAR])
    elif step == "engine_all_facts":  # the state after imports and a computation, not timed
        compute_year(store_root=store, regions=regions, year=YEAR)
    else:
        shutil.rmtree(store / "facts", ignore_errors=True)
    started = time.perf_counter()
    result = STEPS[step](store, regions)
    seconds = time.perf_counter() - started
    if save is not None:
        if step.startswith("engine_all"):
            folder = save.with_suffix("")
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(result.output_dir, folder)
            result = folder
        save.write_bytes(pickle.dumps(result))
    return {"seconds": seconds, "peak_bytes": peak_rss()}


def in_child(step: str, workdir: Path, save: Path | None) -> dict[str, Any]:
    """`step` run in a fresh process (`--step`): its seconds and peak memory."""
    command = [sys.executable, __file__, "--workdir", str(workdir), "--step", step]
    if save is not None:
        command += ["--save", str(save)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def prepare(workdir: Path, participants: int, regions: RegionIndex) -> Path:
    store = workdir / "store"
    marker = workdir / f"generated-{participants}.json"
    if marker.exists():
        return store
    shutil.rmtree(workdir, ignore_errors=True)
    summary = generate(regions=regions, out_dir=workdir, participants=participants, year=YEAR)
    for kind in ("employers", "workforce", "targets", "benefits"):
        result = import_file(
            path=workdir / "inputs" / f"{kind}.csv",
            kind=kind,
            store_root=store,
            regions=regions,
            secret="benchmark",
        )
        assert result.status == "imported", result.message
    marker.write_text(json.dumps({"rows": summary.rows, "seconds": summary.seconds}))
    return store


def hand_active_sql(records: str) -> str:
    """The hand-written headline's active participants: one record per paying participant (the
    highest wage, then the highest employer id), counted by kab/kota and segment."""
    return f"""
        SELECT best.k, best.s, count(*)::BIGINT FROM (
            SELECT arg_max({{'k': kabkota_code, 's': segment}}, {{'w': wage, 'e': employer_id}})
                   AS best
            FROM {records}
            WHERE paid_jkk + paid_jkm + paid_jht + paid_jp > 0
            GROUP BY participant_key)
        GROUP BY ALL ORDER BY ALL"""


def hand_on_time_sql(records: str) -> str:
    """The hand-written headline's on-time share of each employer's billed records."""
    return f"""
        SELECT employer_id,
               100.0 * count(*) FILTER (due_jkk + due_jkm + due_jht + due_jp > 0
                   AND paid_jkk + paid_jkm + paid_jht + paid_jp
                       >= due_jkk + due_jkm + due_jht + due_jp
                   AND paid_date <= due_date)
               / nullif(count(*) FILTER (due_jkk + due_jkm + due_jht + due_jp > 0), 0)
        FROM {records}
        WHERE employer_id IS NOT NULL
        GROUP BY ALL ORDER BY ALL"""


def hand_written(store: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The best plain DuckDB queries for the headline that I could write: the December partition
    only, the same one-record-per-participant rule, and one pass over the year for on-time."""
    con = duckdb.connect()
    december = f"{store}/contributions/month={YEAR}-12/*.parquet"
    everything = f"{store}/contributions/month={YEAR}-*/*.parquet"
    active = con.execute(
        hand_active_sql(f"read_parquet('{december}', hive_partitioning = false)")
    ).fetchall()
    on_time = con.execute(
        hand_on_time_sql(f"read_parquet('{everything}', hive_partitioning = false)")
    ).fetchall()
    return active, on_time


def polars_headline(store: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The headline in Polars, lazy: December's paying records, one per participant (the
    highest wage, then the highest employer id), counted by kab/kota and segment; each
    employer's on-time share over the year."""
    import polars as pl

    def scan(pattern: str) -> pl.LazyFrame:
        files = sorted(str(f) for f in store.glob(f"contributions/{pattern}/*.parquet"))
        return pl.scan_parquet(files, hive_partitioning=False)

    paid = pl.sum_horizontal("paid_jkk", "paid_jkm", "paid_jht", "paid_jp")
    due = pl.sum_horizontal("due_jkk", "due_jkm", "due_jht", "due_jp")
    active = (
        scan(f"month={YEAR}-12")
        .filter(paid > 0)
        .group_by("participant_key")
        .agg(
            pl.struct("kabkota_code", "segment")
            .sort_by(["wage", "employer_id"], descending=True, nulls_last=True)
            .first()
            .alias("best")
        )
        .unnest("best")
        .group_by("kabkota_code", "segment")
        .agg(pl.len().cast(pl.Int64))
        .sort("kabkota_code", "segment")
    )
    billed = due > 0
    on_time = (
        scan(f"month={YEAR}-*")
        .filter(pl.col("employer_id").is_not_null())
        .group_by("employer_id")
        .agg(
            (billed & (paid >= due) & (pl.col("paid_date") <= pl.col("due_date")))
            .sum()
            .alias("on_time"),
            billed.sum().alias("billed"),
        )
        .select(
            "employer_id",
            pl.when(pl.col("billed") > 0)
            .then(100.0 * pl.col("on_time") / pl.col("billed"))
            .alias("pct"),
        )
        .sort("employer_id")
    )
    frames = pl.collect_all([active, on_time])
    return frames[0].rows(), frames[1].rows()


def same_headline(
    name: str, reference: tuple[list[Any], list[Any]], other: tuple[list[Any], list[Any]]
) -> None:
    assert [tuple(r) for r in reference[0]] == [tuple(r) for r in other[0]], name
    assert len(reference[1]) == len(other[1]), name
    for (e1, v1), (e2, v2) in zip(reference[1], other[1], strict=True):
        assert e1 == e2 and ((v1 is None and v2 is None) or abs(v1 - v2) < 1e-9), (name, e1)


def check_same(engine_dir: Path, pandas_result: dict[str, Any]) -> None:
    con = duckdb.connect()
    engine = {
        (lvl, code): (active, ucj)
        for lvl, code, active, ucj in con.execute(
            f"SELECT level, region_code, active, ucj_pct FROM '{engine_dir}/region_metrics.parquet'"
        ).fetchall()
    }
    frame = pandas_result["region_metrics"]
    for row in frame.itertuples():
        active, ucj = engine[(row.level, row.region_code)]
        assert active == row.active, (row.level, row.region_code, active, row.active)
        if row.ucj_pct == row.ucj_pct and ucj is not None:  # not NaN
            assert abs(ucj - row.ucj_pct) < 1e-9
    # The engine also lists the regions whose records that month have nothing paid (0 active);
    # the pandas implementation, counting paid records, has no row for them.
    listed = {(row.level, row.region_code) for row in frame.itertuples()}
    extra = {key: value for key, value in engine.items() if key not in listed}
    assert all(active == 0 for active, _ucj in extra.values()), extra
    employers = dict(
        con.execute(
            f"SELECT employer_id, on_time_pct FROM '{engine_dir}/employer_metrics.parquet'"
        ).fetchall()
    )
    emp = pandas_result["employer_metrics"]
    for row in emp.itertuples():
        other = employers[row.employer_id]
        assert (other is None and row.on_time_pct != row.on_time_pct) or abs(
            other - row.on_time_pct
        ) < 1e-9
    print("  results agree: engine and pandas give the same region counts, UCJ and on-time")


def reconciliation_cost(store: Path, regions: RegionIndex) -> dict[str, float]:
    """All metrics with and without the check against the raw records, side by side."""
    print("\nReconciliation with the raw records (every computation runs it)")
    figures: dict[str, float] = {}
    for cache, label in ((False, "from raw records"), (True, "facts current")):
        if cache:
            compute_year(store_root=store, regions=regions, year=YEAR, verify=False)
        for verify in (False, True):
            result, seconds = measure(
                f"engine {label}, {'with' if verify else 'without'} reconciliation",
                lambda cache=cache, verify=verify: compute_year(
                    store_root=store, regions=regions, year=YEAR, use_cache=cache, verify=verify
                ),
            )
            key = f"{'facts' if cache else 'raw'}_{'with' if verify else 'without'}_s"
            figures[key] = seconds
            if verify:
                figures[key.replace("with_s", "check_s")] = result.verify_seconds
    for source in ("raw", "facts"):
        share = figures[f"{source}_check_s"] / figures[f"{source}_with_s"]
        figures[f"{source}_check_share"] = share
        print(f"  reconciliation share of compute ({source}): {100 * share:5.1f} %")
    return figures


def check_same_files(one: Path, other: Path) -> None:
    """Two result folders hold the same rows (in any order) in each file."""
    con = duckdb.connect()
    for path in sorted(one.glob("*.parquet")):
        rows = [
            sorted(con.execute(f"SELECT * FROM read_parquet('{p}')").fetchall(), key=repr)
            for p in (path, other / path.name)
        ]
        assert rows[0] == rows[1], f"{path.name} differs between {one} and {other}"


def check_results(results: Path, steps: list[str]) -> None:
    """The implementations agree (their first round's results), before any time is shown."""

    def load(step: str) -> Any:
        return pickle.loads((results / f"{step}.pkl").read_bytes())

    reference = load("hand_headline")
    for step in ("engine_headline", "engine_headline_facts", "polars_headline"):
        if step in steps:
            same_headline(step, reference, load(step))
    print("  results agree: the engine's, hand-written and Polars headlines are the same")
    if "engine_all" in steps and "engine_all_facts" in steps:
        check_same_files(load("engine_all"), load("engine_all_facts"))
        print("  results agree: all metrics from the raw records and from the facts")
    if "pandas_all" in steps:
        for step in ("engine_all", "engine_all_unverified", "engine_all_facts"):
            if step in steps:
                check_same(load(step), load("pandas_all"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/paritrana-bench"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--steps", help="comma-separated subset of the steps")
    parser.add_argument("--reconciliation-only", action="store_true")
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--save", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    regions = packaged_regions()
    store = args.workdir / "store"
    if args.step:
        print(json.dumps(run_step(args.step, store, regions, args.save)))
        return 0
    print(f"Preparing {args.participants:,} participants in {args.workdir} ...", flush=True)
    store = prepare(args.workdir, args.participants, regions)
    rows = (
        duckdb.connect()
        .execute(f"SELECT count(*) FROM read_parquet('{store}/contributions/*/*.parquet')")
        .fetchone()[0]
    )
    print(f"Input: {rows:,} participant-month rows\n", flush=True)
    shutil.rmtree(store / "facts", ignore_errors=True)
    if args.reconciliation_only:
        figures = {"rows": rows, **reconciliation_cost(store, regions)}
        print(json.dumps(figures, indent=2))
        return 0

    steps = args.steps.split(",") if args.steps else list(STEPS)
    if args.skip_pandas and "pandas_all" in steps:
        steps.remove("pandas_all")
    results = args.workdir / "results"
    results.mkdir(exist_ok=True)
    times: dict[str, list[float]] = {step: [] for step in steps}
    peaks: dict[str, int] = dict.fromkeys(steps, 0)
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"{args.rounds} rounds, each step in a fresh process (load average {' '.join(load)})")
    for round_ in range(args.rounds):
        order = steps[round_ % len(steps) :] + steps[: round_ % len(steps)]
        for step in order:
            save = results / f"{step}.pkl" if round_ == 0 else None
            figures = in_child(step, args.workdir, save)
            times[step].append(figures["seconds"])
            peaks[step] = max(peaks[step], figures["peak_bytes"])
            print(f"  round {round_ + 1}  {step:<24} {figures['seconds']:8.2f} s", flush=True)
        if round_ == 0:
            check_results(results, steps)
    load = Path("/proc/loadavg").read_text().split()[:3]
    median = {step: statistics.median(values) for step, values in times.items()}
    hand = median.get("hand_headline")
    print(f"\n{rows:,} rows; medians of {args.rounds} rounds (load average {' '.join(load)})\n")
    # Each round's time over the hand-written headline's in the same round, then the median:
    # a machine whose load changes between rounds slows both sides of a ratio alike.
    ratios = {
        step: statistics.median(
            mine / theirs for mine, theirs in zip(values, times["hand_headline"], strict=True)
        )
        for step, values in times.items()
        if hand
    }
    print("| step | median | runs | / hand-written headline | peak memory |")
    print("| --- | --- | --- | --- | --- |")
    for step in steps:
        runs = ", ".join(f"{v:.1f}" for v in times[step])
        ratio = f"{ratios[step]:.2f}x" if hand else ""
        print(
            f"| {LABELS[step]} | {median[step]:.2f} s | {runs} | {ratio} "
            f"| {peaks[step] / 2**30:.2f} GiB |"
        )
    if "pandas_all" in median and "engine_all" in median:
        print(f"\npandas / engine, all metrics: {median['pandas_all'] / median['engine_all']:.1f}x")
    print(
        json.dumps(
            {
                "rows": rows,
                "rounds": times,
                "median_s": median,
                "median_ratio_to_hand": ratios if hand else {},
                "peak_bytes": peaks,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
