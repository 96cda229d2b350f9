"""A DuckDB connection over the store, with the reference tables the metrics join."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from paritrana.engine import location
from paritrana.engine.rates import COLUMN_TYPES as RATE_COLUMNS
from paritrana.engine.rates import year_rates
from paritrana.engine.regions import RegionIndex
from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.store import STORE_COLUMNS, imported_files

SMALL_KINDS = ("active_counts", "workforce", "targets", "employers", "benefits")


def connect(
    *,
    store_root: Path,
    regions: RegionIndex,
    memory_limit: str | None = None,
    threads: int | None = None,
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with views on the store and the region tables loaded. When the store
    lives in a bucket (location.py), the local working copy is brought up to date first."""
    location.pull(store_root)
    con = duckdb.connect()
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    # Spilling goes next to the store, never to a system temp dir that may be small.
    spill = store_root / ".spill"
    spill.mkdir(parents=True, exist_ok=True)
    con.execute("SET temp_directory = ?", [str(spill)])
    con.execute("SET preserve_insertion_order = false")
    # An in-memory database checkpoints (DuckDB >= 1.4) whenever 16 MB of changes pile up, and
    # each checkpoint goes over every table: with a national year's facts held in memory that
    # made each later CREATE take seconds (84,000 rows of active_year: 1.6 s, 0.08 s without).
    # Nothing here is ever read back from a checkpoint, so none is taken.
    con.execute("SET checkpoint_threshold = '1TB'")
    _load_geo(con, regions)
    for kind in SMALL_KINDS:
        _small_view(con, store_root, kind)
    return con


def sql_string(text: str) -> str:
    """A SQL string literal (for paths in places DuckDB takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def sql_list(paths: list[Path]) -> str:
    """A SQL list of path literals, for read_parquet over an explicit set of files."""
    return "[" + ", ".join(sql_string(str(p)) for p in paths) + "]"


def _load_geo(con: duckdb.DuckDBPyConnection, regions: RegionIndex) -> None:
    # Two Arrow columns (code, level) straight from the index, the rest worked out in SQL: 84,000
    # rows inserted one statement at a time take seconds, and building each row in Python took
    # 0.44 s of every computation (0.12 s this way, pyinstrument around compute_metrics).
    codes = pa.table(
        {
            "code": pa.array(list(regions.level), pa.string()),
            "level": pa.array(list(regions.level.values()), pa.string()),
        }
    )
    zones = pa.table(
        {
            "province": pa.array(list(regions.zone), pa.string()),
            "zone": pa.array(list(regions.zone.values()), pa.string()),
        }
    )
    con.register("region_rows", codes)
    con.register("zone_rows", zones)
    con.execute("CREATE TABLE province_zone AS SELECT province, zone FROM zone_rows")
    # (village-or-kabkota code, kabkota, province, zone, level): the join table of the metrics.
    con.execute(
        "CREATE TABLE geo AS SELECT r.code, left(r.code, 5) AS kabkota, "
        "left(r.code, 2) AS province, coalesce(z.zone, '') AS zone, r.level "
        "FROM region_rows r LEFT JOIN zone_rows z ON z.province = left(r.code, 2) "
        "WHERE r.level IN ('kabkota', 'desa')"
    )
    con.unregister("region_rows")
    con.unregister("zone_rows")


def _small_view(con: duckdb.DuckDBPyConnection, store_root: Path, kind: str) -> None:
    columns = STORE_COLUMNS[kind]
    names = [c for c in columns if c != "_batch_seq"]
    files = imported_files(store_root, kind)
    if files:
        key = ", ".join(SCHEMAS[kind].key)
        # Small kinds behave as keyed tables: the latest batch wins for each natural key.
        con.execute(
            f"CREATE TABLE {kind} AS SELECT {', '.join(names)} "
            f"FROM read_parquet({sql_list(files)}) "
            f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _batch_seq DESC) = 1"
        )
    else:
        typed = ", ".join(f"{name} {columns[name]}" for name in names)
        con.execute(f"CREATE TABLE {kind} ({typed})")


def load_rates(con: duckdb.DuckDBPyConnection, years: list[int]) -> None:
    typed = ", ".join(f"{name} {kind}" for name, kind in RATE_COLUMNS)
    con.execute(f"CREATE OR REPLACE TABLE rates ({typed})")
    rows = [rate.row() for year in years for rate in year_rates(year)]
    # One statement for all the months: DuckDB's executemany runs a statement per row (24 rows
    # took 24 ms of every computation, about a sixth of a small store's).
    row = "(" + ", ".join("?" for _ in RATE_COLUMNS) + ")"
    if rows:
        con.execute(
            f"INSERT INTO rates VALUES {', '.join(row for _ in rows)}",
            [value for values in rows for value in values],
        )
