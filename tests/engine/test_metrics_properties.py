"""Properties: figures from aggregated counts equal those from raw records; active counts add
up from village to nation; every participant with a paid record is counted exactly once."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paritrana.engine.landing import write_manifest
from paritrana.engine.metrics import compute_year
from tests.store_fixture import COLUMNS, REGIONS, rec

DEC = dt.date(2025, 12, 1)
PLACES = [
    ("61.04", "61.04.01.2011"),
    ("61.04", None),
    ("61.71", None),
    ("63.71", None),
    ("31.71", None),
]
SEGMENTS = ["PU", "BPU", "Jakon", "PMI"]

record = st.tuples(
    st.integers(1, 40),  # participant
    st.sampled_from(["E1", "E2", "E3"]),  # employer
    st.sampled_from(PLACES),
    st.sampled_from(SEGMENTS),
    st.integers(1_000_000, 9_000_000),  # wage
    st.booleans(),  # paid?
)


def _store(root: Path, rows: list[tuple], *, aggregated: list[tuple] | None = None) -> None:
    con = duckdb.connect()
    if rows:
        folder = root / "contributions" / "month=2025-12"
        folder.mkdir(parents=True)
        con.execute(f"CREATE TABLE r ({COLUMNS})")
        con.executemany(f"INSERT INTO r VALUES ({', '.join('?' * len(rows[0]))})", rows)
        con.execute(f"COPY r TO '{folder / 'b.parquet'}' (FORMAT parquet)")
        write_manifest(root, "contributions", "b", {})
    if aggregated:
        folder = root / "active_counts"
        folder.mkdir(parents=True)
        con.execute(
            "CREATE TABLE a (region_code VARCHAR, segment VARCHAR, month DATE, "
            "active BIGINT, _batch_seq BIGINT)"
        )
        con.executemany("INSERT INTO a VALUES (?, ?, ?, ?, 1)", aggregated)
        con.execute(f"COPY a TO '{folder / 'b.parquet'}' (FORMAT parquet)")
        write_manifest(root, "active_counts", "b", {})


def _active(root: Path) -> dict[tuple[str, str], int]:
    result = compute_year(store_root=root, regions=REGIONS, year=2025, use_cache=False)
    return {
        (level, code): active
        for level, code, active in duckdb.connect()
        .execute(f"SELECT level, region_code, active FROM '{result.path('region_metrics')}'")
        .fetchall()
    }


def _to_records(draws: list[tuple]) -> list[tuple]:
    seen, rows = set(), []
    for participant, employer, (kabkota, village), segment, wage, paid in draws:
        if (participant, employer) in seen:  # the natural key is (participant, employer, month)
            continue
        seen.add((participant, employer))
        amount = (10_000, 5_000, 0, 0)
        rows.append(
            rec(
                participant,
                employer,
                kabkota,
                village,
                segment,
                3,
                wage,
                amount,
                amount if paid else (0, 0, 0, 0),
                DEC if paid else None,
            )
        )
    return rows


def _primary(rows: list[tuple]) -> dict[int, tuple]:
    """The engine's rule, written plainly: per paying participant, the record with the highest
    (wage, employer id)."""
    best: dict[int, tuple] = {}
    for row in rows:
        if sum(row[8:16:2]) == 0:  # paid_* columns
            continue
        key = row[0]
        if key not in best or (row[6], row[1]) > (best[key][6], best[key][1]):
            best[key] = row
    return best


def _adds_up(active: dict[tuple[str, str], int]) -> None:
    """Every level's active participants sum to the nation's (a village's record may lack its
    village, so the villages' sum may be less)."""
    by_level: dict[str, int] = {}
    for (level, _code), n in active.items():
        by_level[level] = by_level.get(level, 0) + n
    nation = by_level.get("nasional", 0)
    assert by_level.get("provinsi", 0) == by_level.get("kabkota", 0) == nation
    assert by_level.get("zona", 0) == nation
    assert by_level.get("desa", 0) <= nation


# One computation from the records serves both properties (the figures of the aggregated counts
# and the sums up the levels): each computation is most of an example's time.
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record, min_size=1, max_size=60))
def test_aggregated_counts_give_the_same_figures_and_counts_add_up_to_the_nation(draws):
    rows = _to_records(draws)
    primary = _primary(rows)
    # An office reports 0 for a kab/kota and segment whose records have nothing paid, as the
    # records give 0 for it.
    counts: dict[tuple[str, str], int] = {(row[2], row[4]): 0 for row in rows}
    for row in primary.values():
        counts[(row[2], row[4])] = counts.get((row[2], row[4]), 0) + 1
    with tempfile.TemporaryDirectory() as tmp:
        raw, agg = Path(tmp) / "raw", Path(tmp) / "agg"
        _store(raw, rows)
        _store(agg, [], aggregated=[(k, s, DEC, n) for (k, s), n in counts.items()])
        from_raw, from_agg = _active(raw), _active(agg)
    kabkota_up = {k: v for k, v in from_raw.items() if k[0] != "desa"}
    assert kabkota_up == {k: v for k, v in from_agg.items() if k[0] != "desa"}
    assert from_raw.get(("nasional", "ID"), 0) == len(primary)
    _adds_up(from_raw)
    _adds_up(from_agg)
