"""A killed import is healed before anything reads the store's imports (the data-loss bug of a
retry refused as a duplicate of the killed import's batch, which was rolled back afterwards).

The first test is the real thing: `paritrana coverage import` in a process of its own, killed
with SIGKILL at the stage "refreshing" (its batch landed and registered, its record still
running) through the test hook of coverage/domain/imports.py, then the same command again. The
others leave the state such a kill leaves (a batch tagged with the record's run, a record
running for a process that has exited, an abandoned staging folder) and look at it through
the computation, the API and a retry.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import duckdb
import pytest

from paritrana.coverage.models import DataImport
from paritrana.engine.store import imported_files
from tests.api.conftest import bearer
from tests.coverage.test_import_kill import NIKS, Site, _csv, _prepare, _rows, kill_when_paused

KILLED = "Impor terhenti sebelum selesai (tahap: memperbarui ringkasan bulanan)"


def _rows_of_month(store: Path, month: str) -> int:
    files = [str(p) for p in imported_files(store, "contributions")]
    if not files:
        return 0
    found = duckdb.connect().execute(
        "SELECT count(*) FROM read_parquet(?, hive_partitioning=false) WHERE month = ?::DATE",
        [files, f"{month}-01"],
    )
    return int(found.fetchone()[0])


def _cli_import(site: Site, path: Path, **env: str) -> subprocess.Popen[bytes]:
    return site.run(
        "-m",
        "paritrana",
        "coverage",
        "import",
        str(path),
        "--kind",
        "contributions",
        "--json",
        **env,
    )


def _records(site: Site) -> list[tuple[str, str]]:
    con = sqlite3.connect(site.database)
    try:
        return con.execute("SELECT status, message FROM coverage_dataimport ORDER BY id").fetchall()
    finally:
        con.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL and /proc: Linux")
@pytest.mark.own_sqlite
@pytest.mark.django_db(transaction=True)  # as test_import_kill: the site's database is a copy
def test_the_retry_of_an_import_killed_while_refreshing_imports_the_file_once(tmp_path, regions):
    site = Site(tmp_path)
    _prepare(site)
    december = _csv(tmp_path / "iuran-desember.csv", _rows("2025-12"))
    marker = tmp_path / "paused"

    killed = _cli_import(
        site, december, PARITRANA_TEST_PAUSE_AT="refreshing", PARITRANA_TEST_PAUSE_FILE=str(marker)
    )
    kill_when_paused(killed, "refreshing", marker)
    # What the kill left: the record running, its batch landed and registered.
    assert _records(site)[0][0] == "running"
    assert _rows_of_month(site.store, "2025-12") == len(NIKS)

    out = site.finish(
        "-m", "paritrana", "coverage", "import", str(december), "--kind", "contributions", "--json"
    )  # at once, with no worker or page between

    retry = json.loads(out)
    assert retry["status"] == "imported", retry["message"]
    assert retry["rows_written"] == len(NIKS)
    (first, first_message), (second, _) = _records(site)
    assert (first, second) == ("failed", "imported")
    assert first_message.startswith(KILLED)
    assert _rows_of_month(site.store, "2025-12") == len(NIKS)  # once, not twice, not never
    assert not (site.store / ".staging").exists()
    computed = json.loads(
        site.finish("-m", "paritrana", "coverage", "compute", "--year", "2025", "--json")
    )
    assert computed["months_with_records"] == ["2025-12-01"]
    con = sqlite3.connect(site.database)
    try:
        (active,) = con.execute(
            "SELECT active FROM coverage_regionmetric WHERE region_code = '61' AND year = 2025"
        ).fetchone()
    finally:
        con.close()
    assert active == len(NIKS)


# --- the state a kill leaves, without a process ---------------------------------------------


def _dead_process() -> str:
    """The claim of a process that has run and exited (reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}:"


def _killed_while_refreshing(store: Path, tmp_path: Path, *, worker: str = "") -> DataImport:
    """An import killed after its batch landed and registered: the batch, tagged with the
    record's run, and the record still running for a process that is gone."""
    from paritrana.coverage.domain.store import pseudonym_secret, region_index
    from paritrana.engine.ingest import import_file

    path = _csv(tmp_path / "iuran-desember.csv", _rows("2025-12"))
    run_id = uuid.uuid4().hex
    landed = import_file(
        path=path,
        kind="contributions",
        store_root=store,
        regions=region_index(),
        secret=pseudonym_secret(),
        import_ref=run_id,
    )
    assert landed.status == "imported", landed.message
    return DataImport.objects.create(
        kind="contributions",
        file_name=path.name,
        upload_path=str(path),
        status="running",
        stage="refreshing",
        worker=worker or _dead_process(),
        run_id=run_id,
    )


@pytest.mark.django_db
def test_a_computation_after_a_kill_counts_no_row_of_the_killed_batch(
    regions, store, tmp_path, client, data_officer
):
    from paritrana.coverage.domain.compute import compute_metrics

    record = _killed_while_refreshing(store, tmp_path)

    run = compute_metrics(year=2025)

    assert run.months_raw == []  # the killed batch was taken back before the engine read
    assert _rows_of_month(store, "2025-12") == 0
    answer = client.get(f"/api/v1/impor/{record.pk}", headers=bearer(data_officer, "baca", "impor"))
    assert answer.json()["status"] == "failed"
    assert answer.json()["message"].startswith(KILLED)


@pytest.mark.django_db
def test_the_api_says_failed_not_running_for_an_import_whose_process_died(
    regions, store, tmp_path, client, data_officer
):
    record = _killed_while_refreshing(store, tmp_path)
    headers = bearer(data_officer, "baca", "impor")

    listed = client.get("/api/v1/impor/", headers=headers).json()
    shown = client.get(f"/api/v1/impor/{record.pk}", headers=headers).json()

    assert [i["status"] for i in listed["items"]] == ["failed"]
    assert (shown["status"], shown["finished"]) == ("failed", True)
    assert imported_files(store, "contributions") == []  # and its batch no longer counts


@pytest.mark.django_db
def test_the_retry_of_a_killed_import_imports_the_file_and_leaves_no_staging(
    regions, store, tmp_path
):
    from paritrana.coverage.domain.imports import import_now
    from paritrana.engine.landing import STAGING_HELD

    record = _killed_while_refreshing(store, tmp_path)
    # ... and what a kill while checking leaves: a staging folder its dead owner had held.
    staging = store / ".staging" / "0123456789abcdef-deadbeef"
    staging.mkdir(parents=True)
    (staging / STAGING_HELD).touch()
    (staging / "work.duckdb").write_bytes(b"raw NIKs, say")

    retry = import_now(path=Path(record.upload_path), kind="contributions")

    assert retry.status == "imported", retry.message
    record.refresh_from_db()
    assert record.status == "failed" and record.message.startswith(KILLED)
    assert _rows_of_month(store, "2025-12") == len(NIKS)
    assert not (store / ".staging").exists()


@pytest.mark.django_db
def test_a_file_whose_import_is_alive_is_still_refused_as_a_duplicate(regions, store, tmp_path):
    from paritrana.coverage.domain.import_recovery import this_process
    from paritrana.coverage.domain.imports import import_now

    live = _killed_while_refreshing(store, tmp_path, worker=this_process())  # it runs: here

    second = import_now(path=Path(live.upload_path), kind="contributions")

    assert second.status == "duplicate"
    live.refresh_from_db()
    assert live.status == "running"
    assert _rows_of_month(store, "2025-12") == len(NIKS)


@pytest.mark.django_db
def test_two_healers_settle_a_dead_import_once(regions, store, tmp_path):
    """The second healer found the record running before the first settled it: it re-reads it
    under the store's lock and leaves it (no second rollback, no second settlement)."""
    from paritrana.coverage.domain.import_recovery import settle_interrupted

    record = _killed_while_refreshing(store, tmp_path)
    seen_by_both = DataImport.objects.get(pk=record.pk)

    assert settle_interrupted(record) is True
    assert settle_interrupted(seen_by_both) is False


@pytest.mark.django_db
def test_an_import_finished_meanwhile_is_not_rolled_back(regions, store, tmp_path):
    """A healer read the record running; its process then recorded the import and exited, so
    the healer finds the process gone: the finished record and its batch are left alone."""
    from paritrana.coverage.domain.import_recovery import settle_interrupted

    record = _killed_while_refreshing(store, tmp_path)
    DataImport.objects.filter(pk=record.pk).update(status="imported")

    assert settle_interrupted(record) is False  # `record` still says running
    assert _rows_of_month(store, "2025-12") == len(NIKS)


@pytest.mark.django_db
def test_settling_a_dead_import_removes_its_staging_folder(
    regions, store, tmp_path, client, data_officer
):
    """Killed while checking: its staging folder (a copy of the file, raw NIKs and all) goes
    when it is settled, here by its page, not at the next restart."""
    from paritrana.engine.landing import STAGING_HELD

    record = _killed_while_refreshing(store, tmp_path)
    staging = store / ".staging" / "0123456789abcdef-deadbeef"
    staging.mkdir(parents=True)
    (staging / STAGING_HELD).touch()
    client.force_login(data_officer)

    html = client.get(f"/impor/{record.pk}/", headers={"HX-Request": "true"}).content.decode()

    assert 'data-status="failed"' in html
    assert not staging.exists()
