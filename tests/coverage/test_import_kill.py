"""Fault injection: a real import process, killed with SIGKILL at each stage, heals after a
restart (issue 14, item 3).

Each round queues an upload and runs the task worker (`paritrana manage db_worker --batch`) in a
process of its own, against a file SQLite database and a store of the test's own. The test hook
PARITRANA_TEST_PAUSE_AT (coverage/domain/imports.py) makes that process say when it reaches the
stage and wait; the test kills it there, looks at what it left, starts the worker again and
checks that the store and the metrics are as before, the record is failed with its reason,
no raw NIK is left anywhere, and the same rows from a differently encoded file land once.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import openpyxl
import pytest

from paritrana.engine.ingest import import_file
from paritrana.engine.metrics import headline
from paritrana.engine.regions import RegionIndex
from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.store import imported_files

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL and /proc: Linux"),
    # Its processes use a SQLite file of their own, whatever the run's database: run once, in
    # the SQLite run (scripts/test.sh).
    pytest.mark.own_sqlite,
]

NIKS = ("6104012345670001", "6104012345670002", "6171019876540003")
STAGES = ("reading", "validating", "writing", "refreshing")
# The worker as a deployment starts it, minus the system checks (seconds of imports each time).
WORKER = ("db_worker", "--batch", "--no-startup-delay", "--skip-checks")
KEPT_REGIONS = ("61", "61.04", "61.71")
QUEUE_AND_WORK = """
import sys
from pathlib import Path
from paritrana.cli import main, setup_django
setup_django()
from django.core.files import File
from paritrana.coverage.domain.imports import queue_import
with open(sys.argv[1], "rb") as handle:
    queue_import(uploaded=File(handle, name=Path(sys.argv[1]).name), kind="contributions")
sys.exit(main(["manage", *sys.argv[2:]]))
"""


def _rows(month: str) -> list[list[str]]:
    year, number = int(month[:4]), int(month[5:])
    due = f"{year + number // 12}-{number % 12 + 1:02d}-15"  # the 15th of the next month
    amounts = ["3500000", "8400", "8400", "10500", "10500", "", "", "", ""]
    return [
        [nik, "", code, "", "BPU", "JKK;JKM", *amounts, due, due, month]
        for nik, code in zip(NIKS, ("61.04", "61.04", "61.71"), strict=True)
    ]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    """Windows line end after the header, Unix ones after: the engine then stages a cleaned
    copy of the file, raw NIKs and all, which must not outlive the import either."""
    header = ",".join(SCHEMAS["contributions"].names)
    path.write_bytes((header + "\r\n" + "".join(",".join(r) + "\n" for r in rows)).encode())
    return path


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(SCHEMAS["contributions"].names)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


class Site:
    """A data folder with its own database and store, and the processes that use it."""

    def __init__(self, root: Path) -> None:
        self.data, self.store = root / "data", root / "store"
        self.data.mkdir()
        self.env = {
            **os.environ,
            "PARITRANA_DATA_DIR": str(self.data),
            "PARITRANA_STORE_DIR": str(self.store),
            "PARITRANA_PSEUDONYM_SECRET": "uji-rahasia",
            "PARITRANA_TASK_BACKEND": "django_tasks_db.DatabaseBackend",
        }
        self.env.pop("DATABASE_URL", None)  # a file SQLite database, whatever the suite runs on
        self.database = self.data / "paritrana.sqlite3"

    def run(self, *args: str, **env: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, *args],
            env={**self.env, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def finish(self, *args: str) -> str:
        process = self.run(*args)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, out.decode() + err.decode()
        return out.decode()

    def import_upload(self, path: Path, **env: str) -> subprocess.Popen[bytes]:
        return self.run("-c", QUEUE_AND_WORK, str(path), *WORKER, **env)

    def last_import(self) -> tuple[str, str, int | None]:
        con = sqlite3.connect(self.database)
        try:
            row = con.execute(
                "SELECT status, message, rows_written FROM coverage_dataimport "
                "ORDER BY id DESC LIMIT 1"
            ).fetchone()
        finally:
            con.close()
        return row

    def dump(self) -> list[tuple[object, ...]]:
        con = sqlite3.connect(self.database)
        try:
            return con.execute("SELECT * FROM coverage_dataimport").fetchall()
        finally:
            con.close()

    def regions(self) -> RegionIndex:
        con = sqlite3.connect(self.database)
        try:
            rows = con.execute("SELECT code, level, parent_id, zone_id, name FROM regions_region")
            return RegionIndex.from_rows(rows.fetchall())
        finally:
            con.close()

    def store_files(self) -> dict[str, str]:
        """The store's records and manifests (the facts are a cache keyed on them)."""
        return {
            str(p.relative_to(self.store)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.store.rglob("*"))
            if p.is_file() and p.relative_to(self.store).parts[0] != "facts"
        }

    def metrics(self, regions: RegionIndex) -> tuple[object, ...]:
        result = headline(store_root=self.store, regions=regions, year=2025)
        return result.month, result.active, result.on_time

    def upload_left(self) -> bool:
        return any(p.is_file() for p in (self.data / "uploads").iterdir())

    def leftovers(self) -> list[Path]:
        """Every file that could hold what a data officer uploaded."""
        places = [self.data / "uploads", self.store / ".staging"]
        return [p for place in places if place.exists() for p in place.rglob("*") if p.is_file()]


def _prepare(site: Site) -> None:
    """The migrated test database as the site's (a copy: no second migrate), with only the
    regions the files use, so that each process loads its region index quickly."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(site.database)
        connection.connection.backup(target)
    else:
        site.finish("-m", "paritrana", "regions", "load")
        target = sqlite3.connect(site.database)
    marks = ", ".join("?" for _ in KEPT_REGIONS)
    target.execute(f"DELETE FROM regions_region WHERE code NOT IN ({marks})", KEPT_REGIONS)
    target.commit()
    target.close()


def _raw_niks_in_store(store: Path) -> list[str]:
    con = duckdb.connect()
    found = []
    for path in store.rglob("*.parquet"):
        for row in con.execute(
            "SELECT * FROM read_parquet(?, hive_partitioning=false)", [str(path)]
        ).fetchall():
            found += [nik for nik in NIKS for value in row if nik in str(value)]
    return found


def _kill_at(site: Site, stage: str, upload: Path, marker: Path) -> None:
    process = site.import_upload(
        upload, PARITRANA_TEST_PAUSE_AT=stage, PARITRANA_TEST_PAUSE_FILE=str(marker)
    )
    kill_when_paused(process, stage, marker)
    marker.unlink()


def kill_when_paused(process: subprocess.Popen[bytes], stage: str, marker: Path) -> None:
    """SIGKILL the import `process` once it pauses at `stage` (it writes `marker` there)."""
    deadline = time.monotonic() + 60
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"never reached {stage}: {process.communicate()[1].decode()}")
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()


# Outside a test transaction: SQLite cannot back up a WAL database whose connection holds an
# open write transaction (the backup waits for it forever), and on SQLite every transaction
# opens IMMEDIATE, i.e. as a writer.
@pytest.mark.django_db(transaction=True)
def test_an_import_killed_at_any_stage_heals_after_a_restart(tmp_path, regions):
    site = Site(tmp_path)
    _prepare(site)
    index = site.regions()
    november = _csv(tmp_path / "iuran-november.csv", _rows("2025-11"))
    landed = import_file(
        path=november,
        kind="contributions",
        store_root=site.store,
        regions=index,
        secret=site.env["PARITRANA_PSEUDONYM_SECRET"],
    )
    assert landed.status == "imported", landed.message
    store_before, metrics_before = site.store_files(), site.metrics(index)
    december = _csv(tmp_path / "iuran-desember.csv", _rows("2025-12"))

    for stage in STAGES:
        _kill_at(site, stage, december, tmp_path / "paused")
        assert site.last_import()[0] == "running", (stage, site.dump())  # as the kill left it
        # What the kill left: the upload, a staged copy while checking and writing, the batch's
        # files without a manifest while writing, the whole batch while refreshing the facts.
        assert site.upload_left(), stage
        assert (site.store / ".staging").exists() == (stage in ("validating", "writing")), stage
        december_files = list(site.store.glob("contributions/month=2025-12/*.parquet"))
        assert bool(december_files) == (stage in ("writing", "refreshing")), stage

        site.finish("-m", "paritrana", "manage", *WORKER)

        status, message, _ = site.last_import()
        assert status == "failed", stage
        assert message.startswith("Impor terhenti sebelum selesai"), message
        assert site.store_files() == store_before, stage
        assert site.metrics(index) == metrics_before, stage
        assert site.leftovers() == [], stage
        assert _raw_niks_in_store(site.store) == [], stage
        database = b"".join(p.read_bytes() for p in site.data.glob("paritrana.sqlite3*"))
        assert not [nik for nik in NIKS if nik.encode() in database], stage

    same_rows = _xlsx(tmp_path / "iuran-desember.xlsx", _rows("2025-12"))
    site.import_upload(same_rows).communicate(timeout=120)
    assert site.last_import()[::2] == ("imported", len(NIKS))
    files = [str(p) for p in imported_files(site.store, "contributions")]
    counted = (
        duckdb.connect()
        .execute(
            "SELECT count(*) FROM read_parquet(?, hive_partitioning=false) "
            "WHERE month = DATE '2025-12-01'",
            [files],
        )
        .fetchone()
    )
    assert counted == (len(NIKS),)  # landed exactly once
    assert site.leftovers() == []
