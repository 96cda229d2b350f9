"""The demo's synthetic year at the published national scale, without more raw records.

A synthetic year of ~100,000 participants is a sample: its raw records keep what only records
can give (employers' compliance, payment habits), and the active participants and workforce the
pages show are drawn at the published scale (`engine.published`):

- active participants: aggregated counts (`active_counts`) per kab/kota, segment and month, and
  per village and segment for December, each the sample's count times its kab/kota's factor
  (its province's total shared over its kab/kota, below).
  The nation's December total is the published year-end figure of BPJS Ketenagakerjaan
  (45.2 M for 2024). DEMO ASSUMPTION: a year without a published year-end figure keeps the
  latest published one (the data notes have none for December 2025).
- anchored provinces (`ANCHORS`, from published figures): the province's share of the nation is
  fixed at its published workers x UCJ (Kalimantan Barat 2025: 1.8 M workers, 31%), and its
  workforce at its published workers' share of the national employed population.
- workforce: the national total is BPS Sakernas "penduduk bekerja" of the year (August);
  provinces without a published figure share the rest as `synth_inputs.workforce_rows` does.
- kab/kota: a province's scaled count is shared over its kab/kota by their planned share of
  participants (`synth_plan.kabkota_table`: from their villages, a kelurahan weighing more
  than a desa), as its workforce is (`synth_inputs.workforce_rows`), each kab/kota keeping
  the sample's lead or lag over that share (against the province's median kab/kota) brought
  within a factor of `SPREAD`: a kab/kota's UCJ differs from its province's, but by about
  that factor at most. DEMO ASSUMPTION: scaling the sample's own kab/kota counts instead
  scaled a large sample employer with them (the 2025 demo had Kabupaten Sintang hold 331,514
  of Kalimantan Barat's 558,001 active participants, a UCJ of 69%). No kab/kota figure of
  active participants or workforce is published to draw them from.

The sample's records are registered as a sample batch (`store.sample_batches`): they feed
employer compliance only, and the counts above are the active participants.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import duckdb

from paritrana.engine import published
from paritrana.engine.database import sql_list
from paritrana.engine.synth_plan import largest_remainder

# Province -> (published workers figure, published UCJ figure) of the same year.
ANCHORS = {"61": ("kalbar-workers-2025", "kalbar-ucj-2025")}


@dataclass(frozen=True)
class Anchor:
    province: str
    year: int
    workers: int
    ucj_pct: float

    @property
    def active(self) -> int:
        return round(self.workers * self.ucj_pct / 100)


def _figure(figure_id: str) -> published.Figure:
    return next(f for f in published.published_figures() if f.id == figure_id)


def anchors() -> list[Anchor]:
    found = []
    for province, (workers_id, ucj_id) in ANCHORS.items():
        workers, ucj = _figure(workers_id), _figure(ucj_id)
        found.append(Anchor(province, workers.year, int(workers.value), ucj.value))
    return found


def _latest(measure: str, year: int, *, december: bool) -> int:
    """The national figure of `year`, else of the latest earlier year that has one."""
    figures = [
        f
        for f in published.published_figures()
        if f.measure == measure
        and f.region == published.NATIONAL
        and f.year <= year
        and (not december or f.period.endswith("-12"))
    ]
    if not figures:
        raise ValueError(f"no published national {measure} figure for {year} or earlier")
    return int(max(figures, key=lambda f: f.period).value)


def national_active(year: int) -> int:
    """National active participants in December of `year` (see the module docstring)."""
    return _latest("active", year, december=True)


def national_employed(year: int) -> int:
    """BPS Sakernas employed population (August) of `year`, else the latest before it."""
    return _latest("employed", year, december=False)


def province_factors(sample: dict[str, int], year: int) -> dict[str, float]:
    """Factor per province turning the sample's December active participants into counts at
    the published scale: anchored provinces keep their published share of the nation, the
    others share the rest in the sample's proportions."""
    total = national_active(year)
    fixed: dict[str, int] = {}
    for anchor in anchors():
        if anchor.province in sample:
            share = anchor.active / national_active(anchor.year)
            fixed[anchor.province] = round(total * share)
    rest = sum(n for p, n in sample.items() if p not in fixed)
    factor = (total - sum(fixed.values())) / rest if rest else 0.0
    return {p: (fixed[p] / n if p in fixed else factor) if n else 0.0 for p, n in sample.items()}


SPREAD = 1.5  # a kab/kota's share of its province: at most 1.5 times its planned share, or 1/1.5


def _squeezed(ratio: float) -> float:
    """`ratio` brought smoothly within (1/SPREAD, SPREAD): 1 stays 1, order is kept (no two
    kab/kota tie at a bound), and a ratio of 10 becomes about SPREAD."""
    return float(SPREAD ** math.tanh(math.log(ratio) / math.log(SPREAD)))


def kabkota_targets(
    sample: dict[str, int], planned: dict[str, float], totals: dict[str, int]
) -> dict[str, int]:
    """The scaled December active participants of each kab/kota in `sample` (its sample
    count, > 0): its province's total (`totals`) shared by the kab/kota's planned share
    (`planned`) times how far the sample leads or lags that share, against the province's
    median kab/kota and brought within 1/SPREAD and SPREAD (`_squeezed`: one kab/kota holding
    a large sample employer must not take the province's participants from the others)."""
    members: dict[str, list[str]] = defaultdict(list)
    for code, n in sorted(sample.items()):
        if n > 0 and planned.get(code, 0.0) > 0:
            members[code[:2]].append(code)
    targets: dict[str, int] = {}
    for province, codes in members.items():
        in_sample = sum(sample[c] for c in codes)
        in_plan = sum(planned[c] for c in codes)
        lead = {c: (sample[c] / in_sample) / (planned[c] / in_plan) for c in codes}
        typical = median(lead.values())
        weights = [planned[c] * _squeezed(lead[c] / typical) for c in codes]
        targets.update(zip(codes, largest_remainder(totals.get(province, 0), weights), strict=True))
    return targets


def scaled_counts(
    con: duckdb.DuckDBPyConnection,
    months: list[Path],
    year: int,
    planned: dict[str, float] | None = None,
) -> tuple[str, dict[str, int]]:
    """A query of the scaled aggregated counts (kab/kota rows for every month, village rows
    for December) and the scaled December active participants per kab/kota. `planned`: the
    kab/kota's planned shares of participants (see `kabkota_targets`); without it each
    kab/kota is scaled by its province's factor."""
    paid = "paid_jkk > 0 OR paid_jkm > 0 OR paid_jht > 0 OR paid_jp > 0"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE sample_counts AS
        SELECT kabkota_code, NULL::VARCHAR AS village_code, segment, month,
               count(DISTINCT participant_key) AS n
        FROM read_parquet({sql_list(months)}, hive_partitioning = false)
        WHERE {paid}
        GROUP BY ALL
        """
    )
    con.execute(
        f"""
        INSERT INTO sample_counts
        SELECT kabkota_code, village_code, segment, month, count(DISTINCT participant_key)
        FROM read_parquet({sql_list(months[-1:])}, hive_partitioning = false)
        WHERE ({paid}) AND village_code IS NOT NULL
        GROUP BY ALL
        """
    )
    december = f"{year:04d}-12-01"
    # The scaled counts stand for BPJS's December figure: a kab/kota the sample reaches only
    # in earlier months is left out (a small sample's), as it would add those months' counts
    # to the year, which reads each kab/kota at its latest month with a count.
    con.execute(
        """
        DELETE FROM sample_counts WHERE kabkota_code NOT IN (
            SELECT kabkota_code FROM sample_counts WHERE month = ?::DATE
        )
        """,
        [december],
    )
    sample: dict[str, int] = defaultdict(int)
    in_kabkota: dict[str, int] = {}
    for kabkota, n in con.execute(
        "SELECT kabkota_code, sum(n) FROM sample_counts WHERE village_code IS NULL "
        "AND month = ?::DATE GROUP BY ALL",
        [december],
    ).fetchall():
        sample[str(kabkota)[:2]] += int(n)
        in_kabkota[str(kabkota)] = int(n)
    factors = province_factors(dict(sample), year)
    # Each kab/kota's own factor: its share of its province's scaled total over its sample
    # count (without `planned`, its province's).
    kabkota_factor = {
        code: factors[code[:2]]
        for (code,) in con.execute("SELECT DISTINCT kabkota_code FROM sample_counts").fetchall()
    }
    if planned is not None:
        totals = {p: round(n * factors[p]) for p, n in sample.items()}
        for code, target in kabkota_targets(in_kabkota, planned, totals).items():
            kabkota_factor[code] = target / in_kabkota[code]
    con.execute("CREATE OR REPLACE TEMP TABLE kabkota_factor (kabkota VARCHAR, factor DOUBLE)")
    con.executemany("INSERT INTO kabkota_factor VALUES (?, ?)", list(kabkota_factor.items()))
    query = """
        SELECT coalesce(c.village_code, c.kabkota_code) AS region_code, c.segment,
               strftime(c.month, '%Y-%m') AS month,
               round(c.n * f.factor)::BIGINT AS active, c.kabkota_code
        FROM sample_counts c JOIN kabkota_factor f ON f.kabkota = c.kabkota_code
        ORDER BY c.village_code IS NOT NULL, region_code, month, c.segment"""
    active: dict[str, int] = defaultdict(int)
    for kabkota, n in con.execute(
        f"SELECT region_code, sum(active) FROM ({query}) WHERE region_code = kabkota_code "
        f"AND month = '{year:04d}-12' GROUP BY ALL"
    ).fetchall():
        active[str(kabkota)] += int(n)
    return query, dict(active)
