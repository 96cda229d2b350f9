"""Per-month facts: the one pass over participant-month records that every metric builds on.

For each month the raw records of that month (one Parquet partition) are read once and reduced
to two small tables:

- `active_facts`: active participants per (month, kab/kota, village, segment, programme mask).
  A participant is *active* in a month when a record of that month has any contribution paid
  (any reported paid_* amount above 0). A participant with several paid records in one
  month (two employers) is counted once, with the record of the highest wage (then the highest
  employer id): counts then add up exactly from village to nation, as people summing a table in
  Excel expect.
- `employer_facts`: per (month, employer) the records, the billed and on-time records, records
  with the programmes their segment requires, amounts due and paid, and what the rules say is
  due for PU records (see `EXPECTED_SQL`).

Months without raw records fall back to imported aggregated counts (`active_counts`), per
kab/kota: a kab/kota-month with raw records never uses aggregated counts. Records of a batch
registered as a sample (`store.sample_batches`) feed `employer_facts` only: they stand for part
of the participants, so the active participants of their months come from aggregated counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb

from paritrana.engine.database import sql_list
from paritrana.engine.store import imported_files

Progress = Callable[[str, int, int], None]


def reported_sum(*columns: str) -> str:
    """The sum of the amounts a row reports. An empty amount column means "not reported" and
    adds nothing: a plain `a + b` would be NULL as soon as one is empty, and every comparison
    with NULL is false, so a BPU row (JHT and JP left empty) would silently count as unpaid."""
    return "(" + " + ".join(f"coalesce({column}, 0)" for column in columns) + ")"


PAID = reported_sum("paid_jkk", "paid_jkm", "paid_jht", "paid_jp")
DUE = reported_sum("due_jkk", "due_jkm", "due_jht", "due_jp")
REQUIRED_MASK = "CASE segment WHEN 'PU' THEN 15 ELSE 3 END"  # PU: JKK JKM JHT JP; others JKK JKM


def _round_pct(amount: str, pct: str) -> str:
    # Half up to whole rupiah, as paritrana.rules.calculate: DECIMAL arithmetic, no floats.
    return f"round(({amount})::DECIMAL(18,0) * {pct} / 100)::BIGINT"


# What the rules say a PU record owes in a month (both parties, JKK only when the employer's
# risk group is known). Jakon, BPU and PMI records are not compared: Jakon is charged on contract
# value, BPU and PMI have no employer obligation.
EXPECTED_SQL = " + ".join(
    [
        _round_pct("wage", "r.jkm_pct"),
        _round_pct("wage", "r.jht_employer_pct"),
        _round_pct("wage", "r.jht_worker_pct"),
        _round_pct("least(wage, r.jp_cap)", "r.jp_employer_pct"),
        _round_pct("least(wage, r.jp_cap)", "r.jp_worker_pct"),
        "coalesce("
        + _round_pct(
            "wage",
            "CASE e.jkk_risk WHEN 'very_low' THEN r.jkk_very_low_pct WHEN 'low' THEN r.jkk_low_pct "
            "WHEN 'medium' THEN r.jkk_medium_pct WHEN 'high' THEN r.jkk_high_pct "
            "WHEN 'very_high' THEN r.jkk_very_high_pct END",
        )
        + ", 0)",
    ]
)
PAID_COMPARED_SQL = (
    reported_sum("paid_jkm", "paid_jht", "paid_jp")
    + " + CASE WHEN e.jkk_risk IS NULL THEN 0 ELSE coalesce(paid_jkk, 0) END"
)


def create_fact_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "CREATE OR REPLACE TABLE active_facts (month DATE, kabkota VARCHAR, village VARCHAR, "
        "segment VARCHAR, programmes UTINYINT, active BIGINT, source VARCHAR, "
        "in_kabkota BOOLEAN, in_village BOOLEAN)"
    )
    con.execute(
        "CREATE OR REPLACE TABLE employer_facts (month DATE, employer_id VARCHAR, "
        "kabkota VARCHAR, records BIGINT, billed BIGINT, on_time BIGINT, complete BIGINT, "
        "due BIGINT, paid BIGINT, pu_records BIGINT, expected BIGINT, paid_compared BIGINT)"
    )


def month_files(store_root: Path) -> dict[dt.date, list[Path]]:
    """The imported record files of each month (see store.imported_files)."""
    months: dict[dt.date, list[Path]] = {}
    for path in imported_files(store_root, "contributions"):
        year, month = path.parent.name.removeprefix("month=").split("-")
        months.setdefault(dt.date(int(year), int(month), 1), []).append(path)
    return dict(sorted(months.items()))


def counted_files(files: list[Path], samples: frozenset[str]) -> list[Path]:
    """The files whose records count active participants: all but those of sample batches."""
    return [path for path in files if path.stem not in samples]


def add_raw_month(
    con: duckdb.DuckDBPyConnection,
    month: dt.date,
    files: list[Path],
    samples: frozenset[str] = frozenset(),
) -> None:
    """Reduce one month's records to facts (one read of its files). `samples`: the sample
    batches, whose records give employer facts but no active participants."""
    con.execute(
        "CREATE OR REPLACE TEMP VIEW month_records AS "
        f"SELECT * FROM read_parquet({sql_list(files)}, hive_partitioning = false)"
    )
    _add_employer_month(con)
    counted = counted_files(files, samples)
    if not counted:
        return
    if len(counted) < len(files):
        con.execute(
            "CREATE OR REPLACE TEMP VIEW month_records AS "
            f"SELECT * FROM read_parquet({sql_list(counted)}, hive_partitioning = false)"
        )
    # Most participants have one paid record in a month. Finding the few with several needs
    # only a count per participant; everyone else is counted straight from their record, and
    # the record-choosing aggregate runs over the few. That keeps the big hash table to
    # (key, count) pairs instead of whole records: less than half the memory of a single
    # arg_max over every participant, and faster.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE repeat_payers AS
        SELECT participant_key FROM month_records WHERE {PAID} > 0
        GROUP BY participant_key HAVING count(*) > 1
        """
    )
    con.execute(
        f"""
        INSERT INTO active_facts
        SELECT ?::DATE, kabkota_code, village_code, segment, programmes, count(*), 'raw', true,
               village_code IS NOT NULL
        FROM month_records ANTI JOIN repeat_payers USING (participant_key)
        WHERE {PAID} > 0
        GROUP BY ALL
        """,
        [month],
    )
    con.execute(
        f"""
        INSERT INTO active_facts
        SELECT ?::DATE, best.k, best.v, best.s, best.p, count(*), 'raw', true,
               best.v IS NOT NULL
        FROM (
            SELECT arg_max({{'k': kabkota_code, 'v': village_code, 's': segment,
                             'p': programmes}}, {{'w': wage, 'e': employer_id}}) AS best
            FROM month_records SEMI JOIN repeat_payers USING (participant_key)
            WHERE {PAID} > 0
            GROUP BY participant_key
        )
        GROUP BY ALL
        """,
        [month],
    )


def _add_employer_month(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"""
        INSERT INTO employer_facts
        SELECT c.month, c.employer_id,
               coalesce(any_value(e.kabkota_code), any_value(c.kabkota_code)),
               count(*),
               count(*) FILTER ({DUE} > 0),
               count(*) FILTER ({DUE} > 0 AND {PAID} >= {DUE} AND c.paid_date <= c.due_date),
               count(*) FILTER ((c.programmes & {REQUIRED_MASK}) = {REQUIRED_MASK}),
               sum({DUE}), sum({PAID}),
               count(*) FILTER (c.segment = 'PU'),
               sum({EXPECTED_SQL}) FILTER (c.segment = 'PU'),
               sum({PAID_COMPARED_SQL}) FILTER (c.segment = 'PU')
        FROM month_records c
        LEFT JOIN employers e ON e.employer_id = c.employer_id
        JOIN rates r ON r.month = c.month
        WHERE c.employer_id IS NOT NULL
        GROUP BY c.month, c.employer_id
        """
    )


def add_aggregated_counts(con: duckdb.DuckDBPyConnection) -> None:
    """Fill kab/kota-months that have no raw records from imported aggregated counts."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE agg AS
        SELECT a.month, g.kabkota, CASE WHEN g.level = 'desa' THEN g.code END AS village,
               a.segment, a.active
        FROM active_counts a JOIN geo g ON g.code = a.region_code
        WHERE NOT EXISTS (
            SELECT 1 FROM active_facts f
            WHERE f.source = 'raw' AND f.month = a.month AND f.kabkota = g.kabkota
        )
        """
    )
    # A kab/kota row is the kab/kota's total. Village rows count at the village level, and in
    # the kab/kota only where the file has no kab/kota row for that month and segment.
    con.execute(
        """
        INSERT INTO active_facts
        SELECT month, kabkota, village, segment, NULL, active, 'aggregated',
               village IS NULL OR NOT EXISTS (
                   SELECT 1 FROM agg k WHERE k.village IS NULL AND k.month = a.month
                     AND k.kabkota = a.kabkota AND k.segment = a.segment
               ),
               village IS NOT NULL
        FROM agg a
        """
    )
