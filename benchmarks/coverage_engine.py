"""Coverage engine benchmark: the engine, plain pandas and hand-written DuckDB side by side.

    python benchmarks/coverage_engine.py --participants 8700000 --workdir /tmp/paritrana-bench

(8.7 M participants give about 100 M participant-month rows.) One process, one generated
synthetic year (`paritrana.engine.synth`), three implementations of the same metrics, run one
after the other on the same Parquet files:

1. all metrics at every level: the engine from the raw records (facts cache off), then the
   straightforward pandas implementation in benchmarks/pandas_baseline.py; their region counts,
   UCJ and employer on-time shares are checked equal before any time is reported;
2. the headline subset (active participants by kab/kota and segment in December, and each
   employer's on-time share): the engine from raw records, the engine with its per-month facts
   already current (the state after an import), and the best hand-written DuckDB queries;
3. the cost of the reconciliation every computation runs (metrics/crosscheck.py): all metrics
   with and without it, from raw records and with the facts current (`--reconciliation-only`
   runs just this part).

Times come from that one process. Peak memory comes from running each step again alone in a
fresh child process (`--peak STEP`) and reading its resident high-water mark (VmHWM), so one
step's leftovers never count against another; it is reported per input row.
"""

from __future__ import annotations

import argparse
import json
import shutil
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
from paritrana.engine.metrics import compute_year, headline  # noqa: E402
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


STEPS: dict[str, Callable[[Path, RegionIndex], Any]] = {
    "engine_all": lambda store, regions: compute_year(
        store_root=store, regions=regions, year=YEAR, use_cache=False
    ),
    "pandas_all": lambda store, regions: pandas_baseline.compute(
        store_root=store, regions=regions, year=YEAR
    ),
    "engine_headline_raw": lambda store, regions: headline(
        store_root=store, regions=regions, year=YEAR, use_cache=False
    ),
    "hand_headline": lambda store, regions: hand_written(store),
}


def peak_rss() -> int:
    """This process's resident high-water mark (VmHWM). Not ru_maxrss: Linux carries that over
    from the forking parent through exec, so a child of a large process would report the
    parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def peak_of(step: str, workdir: Path) -> int:
    """Resident high-water mark, in bytes, of `step` run alone in a fresh process."""
    out = subprocess.run(
        [sys.executable, __file__, "--workdir", str(workdir), "--peak", step],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(json.loads(out.strip().splitlines()[-1])["peak_bytes"])


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


def hand_written(store: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The best plain DuckDB queries for the headline that I could write: the December partition
    only, the same one-record-per-participant rule, and one pass over the year for on-time."""
    con = duckdb.connect()
    december = f"{store}/contributions/month={YEAR}-12/*.parquet"
    everything = f"{store}/contributions/month={YEAR}-*/*.parquet"
    active = con.execute(f"""
        SELECT best.k, best.s, count(*)::BIGINT FROM (
            SELECT arg_max({{'k': kabkota_code, 's': segment}}, {{'w': wage, 'e': employer_id}})
                   AS best
            FROM read_parquet('{december}', hive_partitioning = false)
            WHERE paid_jkk + paid_jkm + paid_jht + paid_jp > 0
            GROUP BY participant_key)
        GROUP BY ALL ORDER BY ALL""").fetchall()
    on_time = con.execute(f"""
        SELECT employer_id,
               100.0 * count(*) FILTER (due_jkk + due_jkm + due_jht + due_jp > 0
                   AND paid_jkk + paid_jkm + paid_jht + paid_jp
                       >= due_jkk + due_jkm + due_jht + due_jp
                   AND paid_date <= due_date)
               / nullif(count(*) FILTER (due_jkk + due_jkm + due_jht + due_jp > 0), 0)
        FROM read_parquet('{everything}', hive_partitioning = false)
        WHERE employer_id IS NOT NULL
        GROUP BY ALL ORDER BY ALL""").fetchall()
    return active, on_time


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
    assert len(frame) == len(engine), (len(frame), len(engine))
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=8_700_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/paritrana-bench"))
    parser.add_argument("--skip-pandas", action="store_true")
    parser.add_argument("--reconciliation-only", action="store_true")
    parser.add_argument("--peak", choices=sorted(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    regions = packaged_regions()
    if args.peak:
        shutil.rmtree(args.workdir / "store" / "facts", ignore_errors=True)
        STEPS[args.peak](args.workdir / "store", regions)
        print(json.dumps({"peak_bytes": peak_rss()}))
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

    print("All metrics at every level")
    result, t_engine = measure(
        "engine (from raw records)", lambda: STEPS["engine_all"](store, regions)
    )
    figures: dict[str, Any] = {"rows": rows, "engine_all_s": t_engine}
    if not args.skip_pandas:
        frames, t_pandas = measure(
            "pandas (month by month)", lambda: STEPS["pandas_all"](store, regions)
        )
        check_same(result.output_dir, frames)
        figures.update(pandas_all_s=t_pandas, speedup_vs_pandas=t_pandas / t_engine)

    print("\nHeadline subset")
    shutil.rmtree(store / "facts", ignore_errors=True)
    cold, t_cold = measure(
        "engine, from raw records", lambda: STEPS["engine_headline_raw"](store, regions)
    )
    compute_year(store_root=store, regions=regions, year=YEAR)  # as after an import: facts current
    warm, t_warm = measure(
        "engine, facts current", lambda: headline(store_root=store, regions=regions, year=YEAR)
    )
    (hand_active, hand_on_time), t_hand = measure(
        "hand-written DuckDB queries", lambda: STEPS["hand_headline"](store, regions)
    )
    assert warm.active == cold.active == [tuple(r) for r in hand_active]
    assert len(warm.on_time) == len(hand_on_time)
    for (e1, v1), (e2, v2) in zip(warm.on_time, hand_on_time, strict=True):
        assert e1 == e2 and ((v1 is None and v2 is None) or abs(v1 - v2) < 1e-9)
    print("  results agree: engine and hand-written queries give the same headline")
    figures.update(
        headline_engine_raw_s=t_cold, headline_engine_facts_s=t_warm, headline_hand_s=t_hand
    )

    figures.update(reconciliation_cost(store, regions))

    print("\nPeak resident memory, each step alone in a fresh process")
    for step in STEPS:
        if step == "pandas_all" and args.skip_pandas:
            continue
        peak = peak_of(step, args.workdir)
        figures[f"{step}_peak_bytes"] = peak
        print(f"  {step:<24} {peak / 2**30:6.2f} GiB  {peak / rows:6.2f} bytes/row", flush=True)

    print("\nSummary")
    print(f"  rows/s, engine all metrics:        {rows / t_engine:,.0f}")
    if "pandas_all_s" in figures:
        print(f"  rows/s, pandas all metrics:        {rows / figures['pandas_all_s']:,.0f}")
        print(f"  engine vs pandas:                  {figures['speedup_vs_pandas']:.1f}x faster")
    print(f"  headline: hand-written / engine (facts current): {t_hand / t_warm:.1f}x")
    print(f"  headline: hand-written / engine (raw records):   {t_hand / t_cold:.2f}x")
    print(f"  engine peak bytes per input row:   {figures['engine_all_peak_bytes'] / rows:.2f}")
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
