"""Why all metrics from raw records stay above 1.5x the hand-written headline: one month's steps.

    python benchmarks/month_steps.py --workdir /tmp/paritrana-bench [--month 2025-06] [--repeat 5]

Run after `benchmarks/coverage_engine.py` has generated its store in the same `--workdir`. On
one month's record files, side by side in this process (each the best of `--repeat` runs,
alternating), the engine's per-month statements that every computation from raw records runs
for each of the twelve months (`engine.metrics.facts`: the employer facts, the participants
paying several times, the active facts) and the hand-written headline's queries (the same SQL
as `coverage_engine.hand_written`): its one-record-per-participant pass over one month (it
runs it for December only) and its on-time shares over the whole year. The last lines put the
engine's twelve months against 1.5x the hand-written headline.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.coverage_engine import (  # noqa: E402
    YEAR,
    hand_active_sql,
    hand_on_time_sql,
    packaged_regions,
)
from paritrana.engine.backends import DuckDBBackend  # noqa: E402
from paritrana.engine.database import connect, load_rates  # noqa: E402
from paritrana.engine.metrics import facts  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/paritrana-bench"))
    parser.add_argument("--month", default=f"{YEAR}-06")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    store = args.workdir / "store"
    month_files = sorted((store / "contributions" / f"month={args.month}").glob("*.parquet"))
    year_files = sorted((store / "contributions").glob(f"month={YEAR}-*/*.parquet"))
    if not month_files:
        sys.exit(f"No records of {args.month} in {store}: run benchmarks/coverage_engine.py first")
    con = connect(store_root=store, regions=packaged_regions(), memory_limit="1GB")
    load_rates(con, [YEAR])
    backend = DuckDBBackend(con)
    backend.records("month_records", month_files)
    backend.records("year_records", year_files)
    con.execute("CREATE TABLE repeat_payers AS " + facts.repeat_payers_sql("month_records"))
    steps = {
        "engine: employer facts (a month)": facts.employer_facts_sql("month_records"),
        "engine: participants paying several times (a month)": facts.repeat_payers_sql(
            "month_records"
        ),
        "engine: active facts (a month)": facts.active_facts_sql("month_records", "repeat_payers"),
        "hand-written: one record per participant (a month)": hand_active_sql("month_records"),
        "hand-written: on-time shares (the year)": hand_on_time_sql("year_records"),
    }
    best = dict.fromkeys(steps, float("inf"))
    for _ in range(args.repeat):
        for label, sql in steps.items():
            started = time.perf_counter()
            con.execute(f"CREATE OR REPLACE TEMP TABLE result AS {sql}")
            best[label] = min(best[label], time.perf_counter() - started)
    rows = con.execute("SELECT count(*) FROM month_records").fetchone()[0]
    print(f"{rows:,} records in {args.month}; best of {args.repeat} runs each\n")
    print("| step | seconds |")
    print("| --- | --- |")
    for label, seconds in best.items():
        print(f"| {label} | {seconds:.3f} |")
    labels = list(steps)
    engine_month = sum(best[label] for label in labels[:3])
    participants = best[labels[1]] + best[labels[2]]
    headline = best[labels[3]] + best[labels[4]]
    print(
        f"\nhand-written headline (December pass + the year's on-time shares): {headline:.2f} s;"
        f" 1.5x that: {1.5 * headline:.2f} s"
    )
    print(
        f"engine, twelve months of these steps: {12 * engine_month:.2f} s, of which finding each"
        f" month's paying participants once: {12 * participants:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
