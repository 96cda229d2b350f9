"""A store in a bucket that refuses an import (another host writing it) is a sentence for the
data officer, not a "system error" to report: the import is recorded as not run, and nothing
changed. A background computation refused by the store (an object gone) says so on the import
page. moto's S3 server on loopback, as tests/engine/test_store_s3.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from paritrana.coverage.domain.imports import import_now
from paritrana.coverage.models import ImportStatus
from paritrana.engine import landing, location
from tests.engine.conftest import valid_rows, write_csv
from tests.engine.test_store_s3 import BUCKET, bucket, endpoint, objects  # noqa: F401 (fixtures)

pytest.importorskip("moto")


def test_an_import_while_another_host_writes_says_to_try_again(
    regions,
    settings,
    tmp_path: Path,
    bucket: str,  # noqa: F811
) -> None:
    settings.PARITRANA_STORE_DIR = tmp_path / "store"
    path = write_csv(tmp_path / "iuran-2025.csv", valid_rows("contributions"))
    (tmp_path / "other-host").mkdir()
    with landing.store_lock(tmp_path / "other-host"):  # another host holds the writer lock
        record = import_now(path=path, kind="contributions")
        assert objects(bucket) == [location.LOCK_KEY]  # nothing landed
    assert record.status == ImportStatus.FAILED
    assert record.message.startswith(
        "Impor berkas 'iuran-2025.csv' tidak dijalankan; tidak ada data yang berubah. "
        "Penyimpanan sedang ditulis oleh proses lain (nomor "
    )
    assert " di komputer " in record.message  # the holder, in words
    assert record.message.endswith("coba lagi nanti.")
    assert "galat sistem" not in record.message
    assert import_now(path=path, kind="contributions").status == ImportStatus.IMPORTED


def test_a_background_computation_that_fails_says_why_on_the_import_page(
    regions,
    settings,
    tmp_path: Path,
    client,
    data_officer,
    bucket: str,  # noqa: F811
) -> None:
    """The import page's "Hitung" queues the computation: when the worker's run fails (here a
    record object deleted from the bucket by hand), the page names the year, says "gagal" and
    gives the refusal's own sentence, not nothing (before: the page kept saying it had
    started)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from paritrana.coverage.models import ComputationBeat

    settings.PARITRANA_STORE_DIR = tmp_path / "host-a"
    path = write_csv(tmp_path / "iuran-2025.csv", valid_rows("contributions"))
    assert import_now(path=path, kind="contributions").status == ImportStatus.IMPORTED
    gone = next(k for k in objects(bucket) if k.startswith("contributions/"))
    location.client().delete_object(Bucket=BUCKET, Key=f"{bucket}/{gone}")
    settings.PARITRANA_STORE_DIR = tmp_path / "host-b"  # another app server's working copy
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(data_officer)
    queued = client.post("/impor/hitung/", {"year": 2025}, follow=True).content.decode()
    assert "Perhitungan untuk 2025 sudah dijadwalkan" in queued
    assert 'data-state="waiting"' in queued and "menunggu giliran" in queued
    assert 'hx-get="/impor/hitungan/"' in queued  # the table follows the run
    queued = DBTaskResult.objects.get()  # the worker's own steps (its command closes the
    queued.claim("test-worker")  # test's database connection): claim, run, record
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.run_task(queued)
    table = client.get("/impor/hitungan/").content.decode()
    assert 'data-state="failed"' in table and "gagal" in table
    assert f"Objek s3://{BUCKET}/{bucket}/{gone} tidak dapat dibaca dari bucket" in table
    assert "hx-get" not in table  # nothing left to follow
    assert not ComputationBeat.objects.exists()  # its beat ended with it
