"""Per-month facts: the one pass over participant-month records that every metric builds on.

For each month the raw records of that month (one Parquet partition) are read once and reduced
to two small tables:

- `active_facts`: active participants per (month, kab/kota, village, segment, programme mask),
  0 for the groups whose records that month have nothing paid.
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

The definitions are SELECT statements over named relations (`records`: participant-month
records of one month or of many, each row carrying its `month`), written once for every engine
(see `engine.backends`); DuckDB runs them a month at a time and keeps each month's facts (see
`cache`), Spark runs them over all the months at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from paritrana.engine.backends import Backend, DuckDB, DuckDBBackend
from paritrana.engine.store import imported_files, registered_files

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
    # Half up to whole rupiah, as paritrana.rules.calculate: DECIMAL arithmetic, no floats (a
    # product by 0.01 rather than a division by 100, which some engines do in floating point).
    return f"CAST(round(CAST({amount} AS DECIMAL(18,0)) * {pct} * 0.01) AS BIGINT)"


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


def create_fact_tables(con: DuckDB) -> None:
    """The DuckDB tables the months' facts are appended to (and cached from), and the
    participants found paying several times in the months read from the records."""
    con.execute(
        "CREATE OR REPLACE TABLE active_facts (month DATE, kabkota VARCHAR, village VARCHAR, "
        "segment VARCHAR, programmes UTINYINT, active BIGINT, source VARCHAR, "
        "in_kabkota BOOLEAN, in_village BOOLEAN)"
    )
    con.execute("CREATE OR REPLACE TABLE repeat_payers_found (month DATE, participant_key UBIGINT)")
    con.execute(
        "CREATE OR REPLACE TABLE employer_facts (month DATE, employer_id VARCHAR, "
        "kabkota VARCHAR, records BIGINT, billed BIGINT, on_time BIGINT, complete BIGINT, "
        "due BIGINT, paid BIGINT, pu_records BIGINT, expected BIGINT, paid_compared BIGINT)"
    )


def month_files(store_root: Path, *, registered: bool = False) -> dict[dt.date, list[Path]]:
    """The imported record files of each month (see store.imported_files); `registered`: as the
    manifests list them, whether or not this folder holds them (store.registered_files)."""
    months: dict[dt.date, list[Path]] = {}
    listed = registered_files if registered else imported_files
    for path in listed(store_root, "contributions"):
        year, month = path.parent.name.removeprefix("month=").split("-")
        months.setdefault(dt.date(int(year), int(month), 1), []).append(path)
    return dict(sorted(months.items()))


# Most participants have one paid record in a month. Finding the few with several needs only a
# count per participant (a hash table of (key, count) pairs, not of whole records); everyone's
# records are then counted straight into the facts, and the records of the few that are not the
# chosen one are taken off again (`repeat_payer_facts_sql`). Probing every record against the
# few costs much less than leaving the few out of the main count (an anti-join over every record,
# measured at three times the plain count), and the window that chooses runs over the few only.
def repeat_payers_sql(records: str) -> str:
    """(month, participant_key) of the participants with several paid records in a month."""
    return (
        f"SELECT month, participant_key FROM {records} WHERE {PAID} > 0 "
        "GROUP BY month, participant_key HAVING count(*) > 1"
    )


def _repeat(records: str, repeat: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {repeat} rp WHERE rp.month = {records}.month "
        f"AND rp.participant_key = {records}.participant_key)"
    )


def not_chosen_sql(records: str, repeat: str, columns: str) -> str:
    """`columns` of the paid records of participants paying several times in the month, but
    for the one that places them: their highest-wage record (then the highest employer id)."""
    return f"""
        SELECT {columns} FROM (
            SELECT {columns},
                   row_number() OVER (
                       PARTITION BY month, participant_key
                       ORDER BY wage DESC NULLS LAST, employer_id DESC NULLS LAST
                   ) AS choice
            FROM {records}
            WHERE {PAID} > 0 AND {_repeat(records, repeat)}
        ) ranked
        WHERE choice > 1
        """


def active_facts_sql(records: str, repeat: str) -> str:
    """Active facts: every paid record counted where it is, less the records of participants
    paying several times that are not their chosen one (so each participant counts once,
    where their highest-wage record is)."""
    # Paid records counted with FILTER, not picked by WHERE: the key's text columns then stay
    # dictionary vectors for the aggregation (a national month of 40 M records: 1.2 s against
    # 2.7 s). The groups with records but nothing paid stay, with 0 active: they say the
    # kab/kota has records that month (its year is read at its latest month with records, and
    # a kab/kota whose December records are all unpaid has 0 active in December, not
    # November's figure).
    key = "month, kabkota_code, village_code, segment, programmes"
    return f"""
        SELECT month, kabkota_code AS kabkota, village_code AS village, segment, programmes,
               CAST(sum(n) AS BIGINT) AS active, 'raw' AS source, true AS in_kabkota,
               village_code IS NOT NULL AS in_village
        FROM (
            SELECT {key}, count(*) FILTER (WHERE {PAID} > 0) AS n FROM {records} GROUP BY {key}
            UNION ALL
            SELECT {key}, -count(*) AS n FROM ({not_chosen_sql(records, repeat, key)}) other
            GROUP BY {key}
        ) counted
        GROUP BY {key}
        """


# A record is billed when something is due; on time when billed, paid in full, by the due date.
BILLED = f"{DUE} > 0"
ON_TIME = f"{DUE} > 0 AND {PAID} >= {DUE} AND c.paid_date <= c.due_date"


def on_time_facts_sql(records: str) -> str:
    """Per (month, employer): the billed and the on-time records only (all the headline needs
    of `employer_facts_sql`, with the same definitions)."""
    return f"""
        SELECT c.month, c.employer_id, count(*) FILTER (WHERE {BILLED}) AS billed,
               count(*) FILTER (WHERE {ON_TIME}) AS on_time
        FROM {records} c
        WHERE c.employer_id IS NOT NULL
        GROUP BY c.month, c.employer_id
        """


EMPLOYER_MEASURES = (
    "records",
    "billed",
    "on_time",
    "complete",
    "due",
    "paid",
    "pu_records",
    "expected",
    "paid_compared",
)


def employer_facts_sql(records: str) -> str:
    """Per (month, employer) counts and amounts of every record with an employer, and the
    kab/kota of its records (the highest code when they lie in several; `employer_metrics`
    prefers the employers table's). Counted per kab/kota of the records first: grouping by a
    column the file keeps as a dictionary costs less than a `max()` over every record's text
    (0.10 s against 0.13 s for a month of 950,000 records)."""
    sums = ", ".join(f"CAST(sum({column}) AS BIGINT) AS {column}" for column in EMPLOYER_MEASURES)
    return f"""
        SELECT month, employer_id, max(kabkota) AS kabkota, {sums}
        FROM (
            SELECT c.month, c.employer_id, c.kabkota_code AS kabkota,
                   count(*) AS records,
                   count(*) FILTER (WHERE {BILLED}) AS billed,
                   count(*) FILTER (WHERE {ON_TIME}) AS on_time,
                   count(*) FILTER (
                       WHERE (c.programmes & {REQUIRED_MASK}) = {REQUIRED_MASK}
                   ) AS complete,
                   sum({DUE}) AS due, sum({PAID}) AS paid,
                   count(*) FILTER (WHERE c.segment = 'PU') AS pu_records,
                   sum({EXPECTED_SQL}) FILTER (WHERE c.segment = 'PU') AS expected,
                   sum({PAID_COMPARED_SQL}) FILTER (WHERE c.segment = 'PU') AS paid_compared
            FROM {records} c
            LEFT JOIN employers e ON e.employer_id = c.employer_id
            JOIN rates r ON r.month = c.month
            WHERE c.employer_id IS NOT NULL
            GROUP BY c.month, c.employer_id, c.kabkota_code
        ) per_kabkota
        GROUP BY month, employer_id
        """


def counted_files(files: list[Path], samples: frozenset[str]) -> list[Path]:
    """The files whose records count active participants: all but those of sample batches."""
    return [path for path in files if path.stem not in samples]


def add_raw_facts(backend: Backend, records: str, counted: str) -> None:
    """Reduce the records of `records` (one month on DuckDB, all months on Spark) to facts,
    appended to `employer_facts`, and those of `counted` (the records not of a sample batch)
    to `active_facts`."""
    backend.append("employer_facts", employer_facts_sql(records))
    backend.create("repeat_payers", repeat_payers_sql(counted))
    # Kept for the check against the records (crosscheck), which would otherwise look for the
    # same participants again: a hash of every paying participant, the costliest step.
    backend.append("repeat_payers_found", "SELECT month, participant_key FROM repeat_payers")
    backend.append("active_facts", active_facts_sql(counted, "repeat_payers"))


def add_raw_files(backend: Backend, files: list[Path], samples: frozenset[str]) -> None:
    """Register `files` as the records and reduce them to facts; the records of the sample
    batches among them give employer facts only."""
    backend.records("month_records", files)
    counted = counted_files(files, samples)
    if len(counted) < len(files):  # with none counted, an empty view: Spark makes its fact
        backend.records("month_counted", counted)  # tables from the first rows appended
    add_raw_facts(
        backend, "month_records", "month_records" if counted == files else "month_counted"
    )


def add_raw_month(
    con: DuckDB,
    month: dt.date,
    files: list[Path],
    samples: frozenset[str] = frozenset(),
    backend: DuckDBBackend | None = None,
) -> None:
    """Reduce one month's records to facts (one read of its files), on DuckDB (`backend`:
    the computation's, over `con`). `samples`: the sample batches, whose records give employer
    facts but no active participants."""
    add_raw_files(backend or DuckDBBackend(con), files, samples)


def aggregated_kabkota_months_sql(facts: str) -> str:
    """Imported aggregated counts of the kab/kota-months without raw records."""
    return f"""
        SELECT a.month, g.kabkota, CASE WHEN g.level = 'desa' THEN g.code END AS village,
               a.segment, a.active
        FROM active_counts a JOIN geo g ON g.code = a.region_code
        WHERE NOT EXISTS (
            SELECT 1 FROM {facts} f
            WHERE f.source = 'raw' AND f.month = a.month AND f.kabkota = g.kabkota
        )
        """


def aggregated_facts_sql(agg: str) -> str:
    """A kab/kota row is the kab/kota's total. Village rows count at the village level, and in
    the kab/kota only where the file has no kab/kota row for that month and segment."""
    return f"""
        SELECT a.month, a.kabkota, a.village, a.segment, CAST(NULL AS SMALLINT) AS programmes,
               a.active, 'aggregated' AS source,
               a.village IS NULL OR k.kabkota IS NULL AS in_kabkota,
               a.village IS NOT NULL AS in_village
        FROM {agg} a
        LEFT JOIN (
            SELECT DISTINCT month, kabkota, segment FROM {agg} WHERE village IS NULL
        ) k ON k.month = a.month AND k.kabkota = a.kabkota AND k.segment = a.segment
        """


def add_aggregated_counts(backend: Backend) -> None:
    """Fill kab/kota-months that have no raw records from imported aggregated counts."""
    backend.create("agg", aggregated_kabkota_months_sql("active_facts"))
    backend.append("active_facts", aggregated_facts_sql("agg"))
