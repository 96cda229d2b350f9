"""Time the synthetic-data generator.

    python benchmarks/synth_speed.py --participants 10000000 --out /tmp/synth-10m
    /usr/bin/time -v python benchmarks/synth_speed.py ...   # for peak memory (max RSS)

Builds the RegionIndex from the packaged Kemendagri 2025 files (no database needed), generates a
year into --out and prints rows, seconds and rows/s. Generated data is not meant to be committed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from paritrana.engine.regions import RegionIndex
from paritrana.engine.synth import generate
from paritrana.regions.packaged import region_index


def packaged_regions() -> RegionIndex:
    """The Kemendagri 2025 hierarchy and zones from the packaged files (no database)."""
    return region_index()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    regions = packaged_regions()

    def progress(stage: str, done: int, total: int) -> None:
        elapsed = time.perf_counter() - started
        print(f"{elapsed:8.1f}s  {stage} {done}/{total}", file=sys.stderr, flush=True)

    summary = generate(
        regions=regions,
        out_dir=args.out,
        participants=args.participants,
        year=args.year,
        seed=args.seed,
        progress=progress,
    )
    size = sum(f.stat().st_size for f in summary.files)
    print(
        f"participants {summary.participants:,}  employers {summary.employers:,}"
        f"  rows {summary.rows:,}  seconds {summary.seconds:.1f}"
        f"  rows/s {summary.rows_per_second:,.0f}  bytes {size:,}"
        f" ({size / max(summary.rows, 1):.1f}/row)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
