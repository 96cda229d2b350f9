"""A national year on one machine: generate ~480 M participant-month rows, compute everything.

    python benchmarks/national_year.py --participants 42000000 --workdir /tmp/paritrana-national

Generation is skipped when the work folder already holds that size. The computation runs from
the raw records (facts cache off), with the engine's default working-memory cap; the peak is
the process's resident high-water mark (VmHWM) measured around the computation alone, in a
fresh child process.
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
    args = parser.parse_args()
    regions = packaged_regions()
    store = args.workdir / "store"
    if args.compute_only:
        shutil.rmtree(store / "facts", ignore_errors=True)
        started = time.perf_counter()
        result = compute_year(store_root=store, regions=regions, year=YEAR, use_cache=False)
        print(
            json.dumps(
                {
                    "seconds": time.perf_counter() - started,
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
    out = (
        subprocess.run(
            [sys.executable, __file__, "--workdir", str(args.workdir), "--compute-only"],
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    figures = json.loads(out)
    print(f"rows: {rows:,}")
    print(
        f"compute, all metrics at every level: {figures['seconds']:.1f} s "
        f"({rows / figures['seconds']:,.0f} rows/s)"
    )
    print(
        f"peak resident memory: {figures['peak_bytes'] / 2**30:.2f} GiB "
        f"({figures['peak_bytes'] / rows:.2f} bytes/row)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
