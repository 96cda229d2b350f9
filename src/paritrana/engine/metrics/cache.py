"""Per-month facts kept beside the store, so a recomputation reads only months that changed.

Reducing a month of records to facts is the expensive part of every computation (one read of
hundreds of millions of rows at national scale). The facts of a month depend only on that
month's record files, the employers table (region and JKK risk group) and the rates in force,
so they are saved under `<store>/facts/month=YYYY-MM/` with a signature of those inputs and
reused while the signature matches. Any new, replaced or removed file changes the signature.
Saved with them: the participants found paying several times in the month (a few), which the
check against the raw records (crosscheck) would otherwise look for again by hashing every
paying participant of the month (at national scale 60 s of a 75 s computation); and, once a
check has passed, the figures it counted from the month's records (`save_checked`), which a
computation from the saved facts compares with instead of reading the records again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import duckdb

from paritrana.engine.database import sql_list, sql_string
from paritrana.engine.store import imported_files, sample_batches

SIGNATURE = "signature.txt"


def _files(store_root: Path, files: list[Path]) -> list[tuple[str, int, int]]:
    """Each file by its place in the store (a store moved or restored to another folder with
    its files' times keeps its facts), size and modification time."""
    return sorted(
        (p.relative_to(store_root).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
        for p in files
    )


def month_signature(store_root: Path, files: list[Path], rates: tuple[object, ...]) -> str:
    content = {
        "records": _files(store_root, files),
        "employers": _files(store_root, imported_files(store_root, "employers")),
        "rates": [str(v) for v in rates],
        "samples": sorted(p.stem for p in files if p.stem in sample_batches(store_root)),
        # bump when the facts' definition changes (4: kab/kota from the records; 5: the
        # participants paying several times saved with the facts; 6: the groups with records but
        # nothing paid kept, with 0 active)
        "version": 6,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _folder(store_root: Path, month: dt.date) -> Path:
    return store_root / "facts" / f"month={month:%Y-%m}"


# The tables saved for each month (see facts.create_fact_tables).
TABLES = ("active_facts", "employer_facts", "repeat_payers_found")


def current(store_root: Path, month: dt.date, signature: str) -> bool:
    """Whether the month's saved facts are there, all of them, and those of `signature`."""
    folder = _folder(store_root, month)
    if _signature(folder) != signature:
        return False
    return all((folder / f"{table}.parquet").exists() for table in TABLES)


def load_current(
    con: duckdb.DuckDBPyConnection, store_root: Path, signatures: dict[dt.date, str]
) -> list[dt.date]:
    """Append the saved facts of the months of `signatures` that are current to their tables,
    one read of each table for all of them (a read per month and table cost twice as much:
    0.53 s against 0.26 s for a year at 22.8 M records). Returns the months appended; a month
    whose facts an import replaced while they were read is taken out again (its rows deleted),
    as are all of them when a file could not be read: those months are rebuilt by the caller."""
    months = [m for m, signature in signatures.items() if current(store_root, m, signature)]
    if not months:
        return []
    try:
        for table in TABLES:
            _append(con, table, [_folder(store_root, m) / f"{table}.parquet" for m in months])
    except duckdb.Error:  # a folder replaced or removed while read
        _forget(con, TABLES, months)
        return []
    replaced = [m for m in months if not current(store_root, m, signatures[m])]
    _forget(con, TABLES, replaced)
    return [m for m in months if m not in replaced]


def _append(con: duckdb.DuckDBPyConnection, table: str, paths: list[Path]) -> None:
    """Append the rows of these saved Parquet files to `table`, in one read."""
    if paths:
        con.execute(
            f"INSERT INTO {table} SELECT * "
            f"FROM read_parquet({sql_list(paths)}, hive_partitioning = false)"
        )


def _forget(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...], months: list[dt.date]) -> None:
    """Take the rows of `months` out of `tables` again."""
    for table in tables:
        for month in months:
            con.execute(f"DELETE FROM {table} WHERE month = ?", [month])


def save(con: duckdb.DuckDBPyConnection, store_root: Path, month: dt.date, signature: str) -> None:
    folder = _folder(store_root, month)
    staging = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for table in TABLES:
        target = sql_string(str(staging / f"{table}.parquet"))
        source = "AND source = 'raw'" if table == "active_facts" else ""
        con.execute(
            f"COPY (SELECT * FROM {table} WHERE month = ? {source}) TO {target} (FORMAT parquet)",
            [month],
        )
    (staging / SIGNATURE).write_text(signature, encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)


# The figures a check counted from the month's records (crosscheck.CHECKED_TABLES), each saved
# once a check passed, for the facts of the same signature: a computation from the saved
# facts compares with them instead of reading every record again.
CHECKED = {"checked_active": "active", "checked_employers": "employers"}
# Bump when what the check counts changes: figures kept by an older check are counted again.
CHECK_VERSION = 1


def _stamp(signature: str) -> str:
    return f"{signature}\ncheck {CHECK_VERSION}\n"


def load_checked(
    con: duckdb.DuckDBPyConnection, store_root: Path, signatures: dict[dt.date, str]
) -> dict[str, set[dt.date]]:
    """Append the saved check figures that go with the facts of each month's signature to
    their tables, one read of each table for all the months; per part ("active", "employers"),
    the months whose figures were there. Figures that cannot be read are left out: the check
    counts those months from their records."""
    found: dict[str, set[dt.date]] = {}
    for table, part in CHECKED.items():
        months = [
            m for m, signature in signatures.items() if _kept(store_root, m, table, signature)
        ]
        try:
            _append(con, table, [_folder(store_root, m) / f"{table}.parquet" for m in months])
        except duckdb.Error:  # a folder replaced or removed while read
            _forget(con, (table,), months)
            months = []
        found[part] = set(months)
    return found


def _kept(store_root: Path, month: dt.date, table: str, signature: str) -> bool:
    folder = _folder(store_root, month)
    try:
        stamp = (folder / f"{table}.txt").read_text(encoding="utf-8")
    except OSError:
        return False
    return stamp == _stamp(signature) and (folder / f"{table}.parquet").exists()


def save_checked(
    con: duckdb.DuckDBPyConnection, store_root: Path, month: dt.date, signature: str, part: str
) -> None:
    """Keep the month's check figures of `part` beside its facts, when the facts saved there
    are still those of `signature` (an import may have refreshed them meanwhile)."""
    folder = _folder(store_root, month)
    table = next(t for t, p in CHECKED.items() if p == part)
    if _signature(folder) != signature:
        return
    staging = folder / f".{table}.parquet.tmp"
    con.execute(
        f"COPY (SELECT * FROM {table} WHERE month = ?) TO {sql_string(str(staging))} "
        "(FORMAT parquet)",
        [month],
    )
    try:
        staging.rename(folder / f"{table}.parquet")
        (folder / f"{table}.txt").write_text(_stamp(signature), encoding="utf-8")
    except OSError:  # the folder replaced or removed meanwhile
        staging.unlink(missing_ok=True)
        return
    if _signature(folder) != signature:  # replaced while written: not theirs
        (folder / f"{table}.txt").unlink(missing_ok=True)


def _signature(folder: Path) -> str | None:
    try:
        return (folder / SIGNATURE).read_text(encoding="utf-8")
    except OSError:
        return None


def discard(store_root: Path, month: dt.date) -> None:
    """Forget a month's saved facts (the next computation rebuilds them from the records)."""
    shutil.rmtree(_folder(store_root, month), ignore_errors=True)
