"""Landing a validated file in the columnar store: convert, refuse overlaps, write atomically.

Every Parquet file is written in the staging folder (same file system as the store) and renamed
into place; if anything fails before the batch's manifest is written, every file already renamed
is removed again, so the store is as it was. The manifest (`_imports/<kind>/<batch>.json`) is
written last: a batch counts as imported only when its manifest exists. A batch's files without a
manifest are the remains of an interrupted import and are replaced when the file is imported again.

Writers hold an exclusive lock on the store folder (flock; none on Windows) from the overlap
check to the manifest, so two imports cannot both pass the check and then both land. When the
store lives in a bucket (location.py), they also hold the bucket's writer lock, which is shared
by every host, and the manifest's batch is uploaded (files first, manifest last) before the
local manifest is written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from paritrana.engine import location
from paritrana.engine.checks import TYPED, Columns
from paritrana.engine.parsing import literal, quote
from paritrana.engine.problems import MASKED, PER_CHECK_CAP, Problem, ProblemCount
from paritrana.engine.redact import display_name
from paritrana.engine.schemas import ColumnType, Schema
from paritrana.engine.sources import Source
from paritrana.engine.store import (
    COMPRESSION,
    MANIFESTS,
    PRIVATE_FOLDER,
    STAGING,
    STORE_COLUMNS,
    imported_files,
    kind_dir,
    manifest_path,
)

if sys.platform != "win32":
    import fcntl

CONVERTED = "_converted"
STAGING_HELD = "held"  # written in a staging folder once its import holds the folder's lock
STAGING_GRACE_SECONDS = 3600
IMPORT_REF = "import_ref"  # in a manifest: the run of the import that landed the batch
SEQ = "_batch_seq"
TEMPORARY_MANIFEST = ".json.tmp"


@contextmanager
def folder_lock(folder: Path, *, wait: bool = True) -> Iterator[bool]:
    """Exclusive flock on a folder itself (no lock file is left behind); yields whether it was
    taken. With wait=False it yields False at once when another holder has it. The kernel drops
    the lock when its holder dies, even by SIGKILL: a lock that can be taken means its owner is
    gone, which is how recovery tells an abandoned staging folder from one in use."""
    if sys.platform == "win32":  # pragma: no cover - no flock; imports there must not overlap
        yield True
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


@contextmanager
def store_lock(root: Path) -> Iterator[None]:
    """Exclusive lock on the store folder, held by a writer from its overlap check to its
    manifest, and by recovery while it removes what interrupted imports left. With a bucket
    (location.py) the bucket's writer lock too, and the working copy is brought up to date
    first; raises location.StoreBusy when another host's writer keeps the lock."""
    with folder_lock(root), location.writing(root):
        yield


# --- manifests ------------------------------------------------------------------------------


def read_manifest(root: Path, kind: str, batch: str) -> dict[str, Any] | None:
    path = manifest_path(root, kind, batch)
    if not path.exists():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def write_manifest(root: Path, kind: str, batch: str, content: dict[str, Any]) -> Path:
    path = manifest_path(root, kind, batch)
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    temporary = path.with_suffix(TEMPORARY_MANIFEST)
    text = json.dumps(content, indent=2, ensure_ascii=False)
    temporary.write_text(text, encoding="utf-8")
    lock = location.held(root)
    if lock is not None:  # the bucket's copy is the commit; this host's follows
        files = [str(name) for name in content.get("files", [])]
        lock.publish(root, files, text.encode("utf-8"), str(path.relative_to(root)))
    os.replace(temporary, path)
    return path


def next_batch_seq(root: Path, kind: str) -> int:
    """Later imports get larger numbers, even if the clock went back."""
    latest = 0
    folder = root / MANIFESTS / kind
    if folder.is_dir():
        for path in folder.glob("*.json"):
            latest = max(latest, int(json.loads(path.read_text(encoding="utf-8")).get(SEQ, 0)))
    return max(time.time_ns(), latest + 1)


def batch_files(root: Path, kind: str, batch: str) -> list[Path]:
    return sorted(kind_dir(root, kind).rglob(f"{batch}.parquet"))


# --- conversion -----------------------------------------------------------------------------


def convert(con: duckdb.DuckDBPyConnection, *, schema: Schema, source: Source) -> list[str]:
    """View _converted (store columns and types, plus _row) over the validated table `typed`;
    returns the months it covers."""
    columns = Columns(schema, frozenset(source.match.positions))
    secret = {f"{c.name}_key": c.name for c in schema.columns if c.type is ColumnType.SECRET}
    items = ["_row"]
    for name, sql_type in STORE_COLUMNS[schema.kind].items():
        if name == SEQ:
            continue
        if name in secret:
            value = quote(secret[name])
        elif name in schema.column_index:
            value = columns.parsed(name)
        else:
            value = "NULL"  # in the store layout but not (yet) in the input schema
        items.append(f"CAST({value} AS {sql_type}) AS {quote(name)}")
    con.execute(f"CREATE VIEW {CONVERTED} AS SELECT {', '.join(items)} FROM {TYPED}")
    if "month" not in STORE_COLUMNS[schema.kind]:
        return []
    months = con.execute(
        f"SELECT DISTINCT strftime(month, '%Y-%m') FROM {CONVERTED} ORDER BY 1"
    ).fetchall()
    return [str(month) for (month,) in months]


# Said with every overlap: no verb yet withdraws or replaces an imported contributions batch.
NOT_CORRECTABLE = (
    "Bulan yang sudah diimpor belum dapat dikoreksi di aplikasi: impor sebelumnya belum dapat "
    "ditarik atau diganti."
)


def overlap_problems(
    con: duckdb.DuckDBPyConnection,
    *,
    root: Path,
    months: list[str],
    source: Source,
    file_name: str,
) -> tuple[list[Problem], list[ProblemCount]]:
    """Rows whose (participant_key, employer_id, month) the store already holds.

    Only registered batches (manifest written) are read: files an interrupted import left
    without a manifest are not data, and must not block the same rows from another file.
    hive_partitioning is off: the folder name `month=YYYY-MM` would otherwise replace the
    files' DATE column `month` with the text of the folder name."""
    contributions = kind_dir(root, "contributions")
    stored = [
        str(path)
        for month in months
        for path in imported_files(root, "contributions", contributions / f"month={month}")
    ]
    if not stored:
        return [], []
    files = "[" + ", ".join(literal(path) for path in stored) + "]"
    rows = con.execute(
        f"""SELECT c._row, s.filename, count(*) OVER () AS n
        FROM {CONVERTED} AS c
        JOIN read_parquet({files}, filename=true, hive_partitioning=false) AS s
          ON s.participant_key = c.participant_key AND s.month = c.month
         AND s.employer_id IS NOT DISTINCT FROM c.employer_id
        ORDER BY c._row LIMIT {PER_CHECK_CAP}"""
    ).fetchall()
    if not rows:
        return [], []
    column = "participant, employer_id, month"
    problems = []
    earlier: dict[str, str] = {}
    for row, filename, _ in rows:
        batch = Path(str(filename)).stem
        if batch not in earlier:
            earlier[batch] = _earlier_import(root, batch)
        reason = (
            f"Sudah ada di penyimpanan (diimpor sebelumnya dari {earlier[batch]}): "
            "peserta, pemberi kerja dan bulan yang sama. Data iuran tidak boleh tumpang tindih. "
            f"{NOT_CORRECTABLE} Untuk mengoreksinya, hubungi pengelola sistem dan sebutkan "
            "impor sebelumnya itu; untuk menambah data, impor hanya baris yang belum ada."
        )
        value = _key_shown(con, int(row))
        problems.append(
            Problem(file_name, source.user_row(int(row)), column, value, reason, "store.overlap")
        )
    generic = (
        "Sudah ada di penyimpanan (impor sebelumnya): data iuran tidak boleh tumpang tindih. "
        f"{NOT_CORRECTABLE} Hubungi pengelola sistem."
    )
    return problems, [ProblemCount(column, "store.overlap", generic, int(rows[0][2]))]


WIB = ZoneInfo("Asia/Jakarta")  # the day a data officer saw the import land


def _earlier_import(root: Path, batch: str) -> str:
    """The earlier import a batch came from, as its data officer knows it: the file's name and
    the day it was imported ("x_valid.xlsx, 07/12/2026"), not the batch's internal code."""
    manifest = read_manifest(root, "contributions", batch) or {}
    name = display_name(str(manifest.get("file_name") or "")) or "berkas lain"
    when = str(manifest.get("imported_at") or "")
    try:
        day = dt.datetime.fromisoformat(when).astimezone(WIB).strftime("%d/%m/%Y")
    except ValueError:
        return name
    return f"{name}, {day}"


def _key_shown(con: duckdb.DuckDBPyConnection, row: int) -> str:
    found = con.execute(
        f"SELECT employer_id, strftime(month, '%Y-%m') FROM {CONVERTED} WHERE _row = ?", [row]
    ).fetchone()
    employer, month = found if found else ("", "")
    return ", ".join([MASKED, str(employer or ""), str(month)])


# --- writing --------------------------------------------------------------------------------


@dataclass
class Published:
    """What has been renamed into the store so far, to be undone if the import fails."""

    files: list[Path]
    folders: list[Path]

    def rollback(self) -> None:
        for path in reversed(self.files):
            path.unlink(missing_ok=True)
        for folder in reversed(self.folders):
            with suppress(OSError):
                folder.rmdir()


def write_batch(
    con: duckdb.DuckDBPyConnection,
    *,
    kind: str,
    root: Path,
    out_dir: Path,
    batch: str,
    months: list[str],
    seq: int,
    published: Published,
    progress: Callable[[int, int], None],
) -> int:
    """Write _converted as the batch's Parquet files and rename them into the store."""
    names = list(STORE_COLUMNS[kind])
    select = ", ".join(f"CAST({seq} AS BIGINT) AS {SEQ}" if n == SEQ else quote(n) for n in names)
    if kind == "contributions":
        targets = [
            (f"month={m}/{batch}.parquet", f"WHERE month = DATE {literal(m + '-01')}")
            for m in months
        ]
    else:
        targets = [(f"{batch}.parquet", "")]
    staged = []
    for done, (relative, where) in enumerate(targets):
        progress(done, len(targets) + 1)
        out = out_dir / relative
        out.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
        con.execute(
            f"COPY (SELECT {select} FROM {CONVERTED} {where}) TO {literal(str(out))} "
            f"(FORMAT parquet, COMPRESSION {COMPRESSION})"
        )
        staged.append((out, kind_dir(root, kind) / relative))
    for out, final in staged:
        _make_folders(final.parent, published)
        os.replace(out, final)
        published.files.append(final)
    progress(len(targets) + 1, len(targets) + 1)
    counted = con.execute(f"SELECT count(*) FROM {CONVERTED}").fetchone()
    return int(counted[0]) if counted else 0


def _make_folders(folder: Path, published: Published) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=PRIVATE_FOLDER)
        published.folders.append(path)


# --- recovery -------------------------------------------------------------------------------
# An import killed outright (SIGKILL, power loss) runs no rollback. What it can leave behind, and
# who removes it: Parquet files renamed into place before the manifest (never read, since only
# registered batches are; removed by `remove_unregistered`), a half-written manifest
# (`*.json.tmp`, same), its staging folder (`remove_abandoned_staging`), and, when it was killed
# after its manifest but before its record said so, a whole batch (`remove_batches_of`).


def remove_unregistered(root: Path) -> int:
    """Delete every batch file without a manifest and every half-written manifest; returns how
    many. Call with the store lock held: a live writer holds it from its first rename to its
    manifest, so outside the lock an unregistered file is always a leftover."""
    removed = 0
    for kind in STORE_COLUMNS:
        folder = kind_dir(root, kind)
        if not folder.is_dir():
            continue
        registered = {path.stem for path in (root / MANIFESTS / kind).glob("*.json")}
        for path in folder.rglob("*.parquet"):
            if path.stem not in registered:
                path.unlink(missing_ok=True)
                removed += 1
    for path in (root / MANIFESTS).glob(f"*/*{TEMPORARY_MANIFEST}"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def remove_batches_of(root: Path, import_ref: str) -> list[str]:
    """Delete the batches whose manifest names `import_ref` (the import that landed them);
    returns their months. The manifest goes first, so the batch stops counting at once; its
    files are then unregistered leftovers. Call with the store lock held."""
    months: list[str] = []
    lock = location.held(root)
    for path in sorted((root / MANIFESTS).glob("*/*.json")):
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if not import_ref or manifest.get(IMPORT_REF) != import_ref:
            continue
        if lock is not None:  # from the bucket first: every host's next pull drops it too
            lock.delete([str(path.relative_to(root)), *manifest.get("files", [])])
        path.unlink()
        for relative in manifest.get("files", []):
            (root / relative).unlink(missing_ok=True)
        months += [str(m) for m in manifest.get("months", [])]
    return months


@contextmanager
def held_staging(folder: Path) -> Iterator[None]:
    """Create and hold a staging folder for as long as the import runs (see
    `remove_abandoned_staging`)."""
    folder.mkdir(parents=True, mode=PRIVATE_FOLDER)
    with folder_lock(folder):
        (folder / STAGING_HELD).touch()
        yield


def remove_abandoned_staging(root: Path) -> int:
    """Delete the staging folders no live import holds (see `folder_lock`); returns how many."""
    staging = root / STAGING
    if not staging.is_dir():
        return 0
    removed = 0
    for folder in staging.iterdir():
        if not folder.is_dir():
            folder.unlink(missing_ok=True)
            continue
        with folder_lock(folder, wait=False) as free:
            # Free and marked: its owner locked it, then died. Free and unmarked: either its
            # owner is between creating and locking it (a moment) or died right there.
            young = time.time() - folder.stat().st_mtime < STAGING_GRACE_SECONDS
            if free and ((folder / STAGING_HELD).exists() or not young):
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    with suppress(OSError):
        staging.rmdir()
    return removed
