"""The year's active participants: each kab/kota at its own latest month with records.

A branch office's file for one kab/kota's later month must not leave the other kab/kota of the
province without a figure for the year (the year was read at the nation's latest month: a
province fell from 401,000 to 31), and a kab/kota whose latest records are all unpaid has 0
active that month, not its earlier month's figure.
"""

from __future__ import annotations

import duckdb

from paritrana.engine.metrics import compute_year
from tests.store_fixture import COLUMNS, DEC, NOV, ON_TIME, REGIONS, _write, build_store, rec

PAID = (10_000, 10_000, 0, 0)


def _store(root):
    build_store(root)
    con = duckdb.connect()
    november = [
        rec(1, "E1", "61.04", "61.04.01.2011", "PU", 3, 3_000_000, PAID, PAID, ON_TIME, NOV),
        rec(3, None, "61.71", None, "BPU", 3, 1_000_000, PAID, PAID, ON_TIME, NOV),
        rec(6, "E2", "63.71", None, "PU", 3, 3_000_000, PAID, PAID, ON_TIME, NOV),
    ]
    december = [
        rec(1, "E1", "61.04", "61.04.01.2011", "PU", 3, 3_000_000, PAID, PAID, ON_TIME, DEC),
        rec(2, "E1", "61.04", None, "PU", 3, 3_000_000, PAID, PAID, ON_TIME, DEC),
        # Kota Pontianak has sent nothing for December yet; Banjarmasin's December is unpaid.
        rec(6, "E2", "63.71", None, "PU", 3, 3_000_000, PAID, (0, 0, 0, 0), None, DEC),
    ]
    for month, rows in ((NOV, november), (DEC, december)):
        _write(con, root, "contributions", COLUMNS, rows, f"month={month:%Y-%m}")
    return root


def _year(tmp_path):
    result = compute_year(store_root=_store(tmp_path), regions=REGIONS, year=2025)
    rows = duckdb.connect().execute(
        "SELECT region_code, active, as_of_month, earliest_month "
        f"FROM '{result.path('region_metrics')}' WHERE active IS NOT NULL"
    )
    found = rows.fetchall()
    return {code: (active, month) for code, active, month, _ in found} | {
        f"{code} earliest": earliest for code, _, _, earliest in found
    }


def test_a_kabkota_without_december_records_is_read_at_its_latest_month(tmp_path):
    got = _year(tmp_path)
    assert got["61.04"] == (2, DEC)
    assert got["61.71"] == (1, NOV)  # not dropped because another kab/kota sent December
    assert got["61"] == (3, DEC)  # the province adds its kab/kota as read
    assert got["ID"] == (3, DEC)
    # Read at different months: the province and the nation say their earliest one too.
    assert (got["61 earliest"], got["ID earliest"]) == (NOV, NOV)
    assert (got["61.71 earliest"], got["61.04 earliest"], got["63 earliest"]) == (NOV, DEC, DEC)


def test_a_kabkota_whose_latest_records_are_all_unpaid_has_none_active(tmp_path):
    got = _year(tmp_path)
    assert got["63.71"] == (0, DEC)  # not November's 1
    assert got["63"] == (0, DEC)
    assert got["61.04.01.2011"] == (1, DEC)  # a village at its kab/kota's month


def test_the_headline_lists_the_groups_with_participants(tmp_path):
    """The headline (active participants per kab/kota and segment in the last month) lists
    what has participants, as a plain count over the records does: Banjarmasin's unpaid
    December is no row of 0 (the benchmark's hand-written headline and the engine's differed)."""
    from paritrana.engine.metrics import headline

    raw = headline(store_root=_store(tmp_path), regions=REGIONS, year=2025, use_cache=False)
    assert raw.month == DEC
    assert raw.active == [("61.04", "PU", 2)]
