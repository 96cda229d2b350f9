"""A national year on one machine: generate ~480 M participant-month rows, compute everything.

    python benchmarks/national_year.py --participants 42000000 --workdir /tmp/paritrana-national

Generation is skipped when the work folder already holds that size. The computation runs from
the raw records (facts cache off), with the engine's default working-memory cap; the peak is
the process's resident high-water mark (VmHWM) measured around the computation alone, in a
fresh child process. A second child then computes again with the per-month facts that run left
current (the state after imports, which refresh the facts of the months they touch): the
metrics from the facts, the reconciliation with the figures the first run's check counted from
the records and kept with them. A third does the same with December's check figures removed,
as after an import to December: that month is checked against its records again.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.coverage_engine import YEAR, packaged_regions, peak_rss, prepare  # noqa: E402
from paritrana.engine.metrics import compute_year  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=42_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/paritrana-national"))
    parser.add_argument("--compute-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--facts-current", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--month-imported", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    regions = packaged_regions()
    store = args.workdir / "store"
    if args.compute_only:
        if not args.facts_current:
            shutil.rmtree(store / "facts", ignore_errors=True)
        if args.month_imported:  # December's facts refreshed by an import: not yet checked
            for checked in (store / "facts" / f"month={YEAR}-12").glob("checked_*"):
                checked.unlink()
        started = time.perf_counter()
        result = compute_year(
            store_root=store, regions=regions, year=YEAR, use_cache=args.facts_current
        )
        print(
            json.dumps(
                {
                    "seconds": time.perf_counter() - started,
                    "verify_seconds": result.verify_seconds,
                    "months_reused": result.months_reused,
                    "peak_bytes": peak_rss(),
                    "rows": result.rows,
                }
            )
        )
        return 0
    started = time.perf_counter()
    prepare(args.workdir, args.participants, regions)
    print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)
    rows = (
        duckdb.connect()
        .execute(f"SELECT count(*) FROM read_parquet('{store}/contributions/*/*.parquet')")
        .fetchone()[0]
    )
    print(f"rows: {rows:,}")
    for label, flags in (
        ("from the raw records", []),
        ("with the facts current (after imports)", ["--facts-current"]),
        (
            "with the facts current, December just imported (its check from its records)",
            ["--facts-current", "--month-imported"],
        ),
    ):
        out = subprocess.run(
            [sys.executable, __file__, "--workdir", str(args.workdir), "--compute-only", *flags],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        figures = json.loads(out.splitlines()[-1])
        print(
            f"compute, all metrics at every level, {label}: {figures['seconds']:.1f} s "
            f"({rows / figures['seconds']:,.0f} rows/s; of it the check against the records' "
            f"figures {figures['verify_seconds']:.1f} s; months from the facts: "
            f"{figures['months_reused']}); peak resident memory "
            f"{figures['peak_bytes'] / 2**30:.2f} GiB "
            f"({figures['peak_bytes'] / rows:.2f} bytes/row)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
