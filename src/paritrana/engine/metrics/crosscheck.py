"""Every computation checks its own figures against the registered raw batches.

After the metrics are built, and before they are written, the engine counts again, straight
from the record files of the registered batches and without the per-month facts (computed or
cached), or takes what an earlier check that passed counted from the very same files (below):

- active participants per kab/kota and month: the distinct participants with any paid amount,
  each placed where their highest-wage record is (the facts' rule): the paid records per
  kab/kota, less those of the few participants paying several times that are not their
  highest-wage one (choosing over everybody is 3x slower, measured on 1.9 M rows). Which
  participants pay several times in a month is the same question the facts asked of the same
  files: the answer found then is used (`repeat_payers_found`: found in this computation, or
  saved with the month's facts under the signature of those very files; finding it means
  hashing every paying participant, a fifth of a computation from the records and four
  fifths of one from the facts). A saved answer that no longer goes with the saved facts
  makes the check's count differ from theirs, a difference it reports;
- per employer over the year: records, billed records, amounts due and paid (counted per
  month and employer, then summed).

and compares them with `monthly_active` (kab/kota level, months with records) and
`employer_metrics`. What a check that passed counted from a month's records is kept beside
the month's facts, under the same signature of the same files (`cache.save_checked`): a
computation from those saved facts compares its results with those figures and reads no record
of the month again (at national scale the check was 24 s of a 33 s computation from the facts,
and is 1.2 s of 11.5 s). Counted again from the records are the months whose facts were rebuilt
(an import, a changed employers table or rate) and those without kept figures. The figures
guard what is computed from the facts (their cache, the merge, the roll-ups) as the records
would: they were counted from the very files of the facts' signature, as above, and matched
the results computed from those facts when they were kept; a saved figure or facts file changed
since is a difference reported like any other, and the month is counted from its records
again. What this gives up: a record file changed in place with its size and modification time
kept (by hand: imports add new files) is no longer seen until the month's facts are rebuilt.
Any difference stops the computation with a `ReconciliationError` naming each region or
employer, month, the count from the records and the computed one; nothing is written, and the
saved facts of the months involved are discarded so that the next run rebuilds them from the
records. What counts as paid or due (`PAID`, `DUE`) and where a
participant is placed are the facts' own definitions: this check guards the way there (facts,
their cache, the merge with aggregated counts, roll-ups), not the definitions, which property
tests compare with plain Python (tests/engine/test_blank_amounts.py, test_metrics_properties).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from paritrana.engine.backends import Backend, date_literal
from paritrana.engine.metrics.cache import discard
from paritrana.engine.metrics.facts import DUE, PAID, counted_files, repeat_payers_sql
from paritrana.errors import DomainError

SHOWN = 20  # differences listed in the message (all are kept on the error)


@dataclass(frozen=True)
class Difference:
    measure: str  # Bahasa Indonesia, e.g. "peserta aktif"
    where: str  # kab/kota code or employer id
    period: str  # YYYY-MM or YYYY
    expected: int  # counted from the raw records
    got: int  # in the computed metrics

    def describe(self) -> str:
        return (
            f"{self.measure} {self.where} {self.period}: dari data mentah {self.expected}, "
            f"hasil perhitungan {self.got}"
        )


class ReconciliationError(DomainError):
    """The computed metrics disagree with the raw records (message in Bahasa Indonesia): a
    fault of the system's, not of the caller's request, hence 500."""

    http_status = 500
    code = "reconciliation_failed"

    def __init__(self, differences: list[Difference]) -> None:
        self.differences = differences
        listed = "; ".join(d.describe() for d in differences[:SHOWN])
        more = f"; dan {len(differences) - SHOWN} lainnya" if len(differences) > SHOWN else ""
        DomainError.__init__(
            self,
            f"Perhitungan dihentikan: {len(differences)} angka tidak cocok dengan data mentah "
            f"yang terdaftar ({listed}{more}). Hasil lama tetap dipakai; fakta tersimpan untuk "
            "bulan itu dihapus sehingga perhitungan berikutnya membacanya ulang dari data mentah. "
            "Bila selisih tetap muncul, laporkan ke pengelola sistem.",
        )


# The figures counted from the raw records, per month, that the computed metrics are compared
# with; kept with a month's facts once a check has passed (cache.save_checked), so that a
# computation from the saved facts compares with them instead of reading every record again.
CHECKED_TABLES = {
    "checked_active": (("month", "DATE"), ("kabkota", "VARCHAR"), ("n", "BIGINT")),
    "checked_employers": (
        ("month", "DATE"),
        ("employer_id", "VARCHAR"),
        *((name, "BIGINT") for name in ("records", "billed", "due", "paid")),
    ),
}


def create_checked_tables(backend: Backend) -> None:
    """Empty `checked_active` and `checked_employers`, to be appended to."""
    for name, columns in CHECKED_TABLES.items():
        typed = ", ".join(f"CAST(NULL AS {kind}) AS {column}" for column, kind in columns)
        backend.create(name, f"SELECT {typed} WHERE false")


@dataclass(frozen=True)
class Checked:
    """The months whose figures counted from the records are already in the checked tables."""

    active: frozenset[dt.date] = frozenset()
    employers: frozenset[dt.date] = frozenset()


def reconcile(
    backend: Backend,
    *,
    store_root: Path,
    year: int,
    files: dict[dt.date, list[Path]],
    samples: frozenset[str] = frozenset(),
    progress: Callable[[str, int, int], None] | None = None,
    repeats_found: set[dt.date] | None = None,
    checked: Checked | None = None,
) -> None:
    """Raise ReconciliationError when `monthly_active` or `employer_metrics` (built in
    `backend`) differ from counts taken straight from `files` (the record files of each
    month; those of `samples`, sample batches, count for employers only).
    `repeats_found`: the months whose participants paying several times, found when their
    facts were reduced from those very files (now, or when the saved facts were), are in
    `repeat_payers_found` (see `facts`, `cache`); the others are looked for here.
    `checked`: the months whose figures, counted from these very files by an earlier check
    that passed, are already in `checked_active` and `checked_employers` (cache.load_checked);
    the others are counted here and appended there. None: the tables are made here, empty.
    `progress("verifying", done, total)` is called after each step."""
    if checked is None:
        create_checked_tables(backend)
        checked = Checked()
    counted = {month: counted_files(paths, samples) for month, paths in files.items()}
    to_count = {m: paths for m, paths in counted.items() if m not in checked.active}
    batches = (
        [{month: paths} for month, paths in to_count.items()]
        if backend.month_at_a_time
        else [to_count]
    )
    done = len(files) - len(to_count)
    for batch in batches:
        if progress:
            progress("verifying", done, len(files) + 1)
        reading = {month: paths for month, paths in batch.items() if paths}
        known = "repeat_payers_found" if set(reading) <= (repeats_found or set()) else None
        if reading:
            backend.records("checked_records", [p for paths in reading.values() for p in paths])
            backend.append(
                "checked_active", active_count_sql("checked_records", list(reading), known)
            )
        done += len(batch)
    active = _active_differences(backend, [m for m, paths in counted.items() if paths])
    suspect = {dt.date.fromisoformat(d.period + "-01") for d in active}
    year_files = [
        p
        for month, paths in files.items()
        if month.year == year and month not in checked.employers
        for p in paths
    ]
    if year_files:
        backend.records("checked_records", year_files)
        backend.append("checked_employers", employer_count_sql("checked_records"))
    employers = _employer_differences(backend, year)
    if progress:
        progress("verifying", len(files) + 1, len(files) + 1)
    if employers:
        suspect |= {month for month in files if month.year == year}
    if active or employers:
        for month in suspect:
            discard(store_root, month)
        raise ReconciliationError(active + employers)


def active_count_sql(records: str, months: list[dt.date], repeats: str | None = None) -> str:
    """Per (month, kab/kota) of `records`: the participants counted from the records (the
    facts' rule, see the module's docstring). `repeats`: a relation of (month,
    participant_key) holding the participants paying several times in these months, found
    when the facts were reduced from the same records; None to find them here."""
    listed = ", ".join(date_literal(m) for m in months) or "NULL"
    repeat = (
        f"SELECT month, participant_key FROM {repeats} WHERE month IN ({listed})"
        if repeats
        else repeat_payers_sql(records)
    )
    # The paid records per kab/kota are counted with FILTER rather than picked by WHERE, as in
    # the facts (`active_facts_sql`: faster).
    return f"""
        WITH repeat AS ({repeat})
        SELECT month, kabkota, CAST(sum(n) AS BIGINT) AS n FROM (
            SELECT month, kabkota_code AS kabkota, count(*) FILTER (WHERE {PAID} > 0) AS n
            FROM {records} GROUP BY month, kabkota_code
            UNION ALL
            SELECT month, kabkota_code, -count(*) FROM (
                SELECT month, kabkota_code,
                       row_number() OVER (
                           PARTITION BY month, participant_key
                           ORDER BY wage DESC NULLS LAST, employer_id DESC NULLS LAST
                       ) AS choice
                FROM {records} p
                WHERE {PAID} > 0 AND EXISTS (
                    SELECT 1 FROM repeat r
                    WHERE r.month = p.month AND r.participant_key = p.participant_key
                )
            ) ranked
            WHERE choice > 1
            GROUP BY month, kabkota_code
        ) parts
        GROUP BY month, kabkota
        HAVING sum(n) > 0
        """


def active_compare_sql(counted: str, months: list[dt.date]) -> str:
    """Per (month, kab/kota) of `months`: the participants in `counted` (a relation of month,
    kabkota, n) against `monthly_active`, the rows that differ."""
    listed = ", ".join(date_literal(m) for m in months) or "NULL"
    return f"""
        WITH counted AS (SELECT month, kabkota, n FROM {counted} c WHERE month IN ({listed})),
        computed AS (
            SELECT month, region_code AS kabkota, CAST(sum(active) AS BIGINT) AS n
            FROM monthly_active
            WHERE level = 'kabkota' AND month IN ({listed})
            GROUP BY month, region_code
            HAVING NOT bool_or(from_aggregated) AND sum(active) > 0
        )
        SELECT coalesce(c.month, m.month) AS month, coalesce(c.kabkota, m.kabkota) AS kabkota,
               coalesce(c.n, 0) AS expected, coalesce(m.n, 0) AS got
        FROM counted c FULL JOIN computed m ON m.month = c.month AND m.kabkota = c.kabkota
        WHERE c.n IS DISTINCT FROM m.n
        """


def _active_differences(backend: Backend, months: list[dt.date]) -> list[Difference]:
    rows = sorted(backend.rows(active_compare_sql("checked_active", months)))
    return [
        Difference("peserta aktif", str(k), f"{month:%Y-%m}", int(e), int(g))
        for month, k, e, g in rows
    ]


_EMPLOYER_MEASURES = {
    "records": ("baris iuran", "count(*)"),
    "billed": ("baris ditagih", f"count(*) FILTER (WHERE {DUE} > 0)"),
    "due": ("iuran terutang (Rp)", f"CAST(sum({DUE}) AS BIGINT)"),
    "paid": ("iuran dibayar (Rp)", f"CAST(sum({PAID}) AS BIGINT)"),
}


def employer_count_sql(records: str) -> str:
    """Per (month, employer) of `records`: the measures counted from the records."""
    measures = ", ".join(f"{sql} AS {name}" for name, (_, sql) in _EMPLOYER_MEASURES.items())
    return f"""
        SELECT month, employer_id, {measures} FROM {records}
        WHERE employer_id IS NOT NULL GROUP BY month, employer_id
        """


def employer_check_sql(counted: str, year: int) -> str:
    """Per employer over `year`: the measures in `counted` (per month and employer, as
    `employer_count_sql` makes them) against `employer_metrics`, the employers that differ."""
    names = list(_EMPLOYER_MEASURES)
    sums = ", ".join(f"CAST(sum({n}) AS BIGINT) AS {n}" for n in names)
    pairs = ", ".join(f"coalesce(c.{n}, 0), coalesce(m.{n}, 0)" for n in names)
    differs = " OR ".join(f"c.{n} IS DISTINCT FROM m.{n}" for n in names)
    return f"""
        WITH counted AS (
            SELECT employer_id, {sums} FROM {counted}
            WHERE month >= {date_literal(dt.date(year, 1, 1))}
              AND month < {date_literal(dt.date(year + 1, 1, 1))}
            GROUP BY employer_id
        )
        SELECT coalesce(c.employer_id, m.employer_id) AS employer_id, {pairs}
        FROM counted c
        FULL JOIN (SELECT employer_id, {", ".join(names)} FROM employer_metrics) m
          ON m.employer_id = c.employer_id
        WHERE {differs}
        """


def _employer_differences(backend: Backend, year: int) -> list[Difference]:
    rows = sorted(backend.rows(employer_check_sql("checked_employers", year)))
    names = list(_EMPLOYER_MEASURES)
    differences = []
    for employer, *values in rows:
        for index, name in enumerate(names):
            expected, got = int(values[2 * index]), int(values[2 * index + 1])
            if expected != got:
                label = _EMPLOYER_MEASURES[name][0]
                differences.append(Difference(label, str(employer), str(year), expected, got))
    return differences
