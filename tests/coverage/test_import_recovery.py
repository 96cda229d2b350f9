"""Imports that heal (issue 14, item 3): an import whose process died is settled when a worker
starts; one whose process lives is left alone; uploads are for the service user alone."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from paritrana.cli import main
from paritrana.coverage.models import DataImport

GOOD_TARGETS = "region_code,year,target_pct,source\n61,2025,59.56,Pergub\n"
STAGE_LEFT = "Impor terhenti sebelum selesai (tahap: menyimpan)"


def _dead_process() -> str:
    """The claim of a process that has run and exited (reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}:"


def _upload(store, text: str = "participant\n6104012345670001\n") -> Path:
    store.parent.joinpath("uploads").mkdir(exist_ok=True)
    path = store.parent / "uploads" / "0123456789abcdef.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _left_running(store, **fields) -> DataImport:
    fields.setdefault("upload_path", str(_upload(store)))
    return DataImport.objects.create(
        kind="contributions", file_name="iuran.csv", status="running", stage="writing", **fields
    )


@pytest.mark.django_db
def test_an_import_left_running_by_a_killed_process_is_failed_when_the_worker_starts(
    store, monkeypatch, capsys
):
    import django.core.management

    from paritrana.coverage.domain.import_recovery import this_process

    record = _left_running(store)  # as a version without claims left it: nobody runs it
    upload = Path(record.upload_path)
    started = []  # Django's worker loop itself (tests/coverage/test_import_kill.py runs it)
    monkeypatch.setattr(django.core.management, "execute_from_command_line", started.append)

    assert main(["manage", "db_worker", "--batch"]) == 0

    record.refresh_from_db()
    assert record.status == "failed"
    assert record.message.startswith(STAGE_LEFT)
    assert "Unggah ulang berkasnya" in record.message
    assert record.finished_at is not None
    assert not upload.exists()  # its raw NIKs went with it
    assert f"(#{record.pk}) ditandai gagal" in capsys.readouterr().err
    # ... and then the worker runs, named by its process (coverage.domain.compute)
    assert started == [["paritrana manage", "db_worker", "--batch", "--worker-id", this_process()]]


@pytest.mark.django_db
def test_the_import_page_of_an_import_whose_process_died_says_so_with_the_reason(
    client, store, data_officer
):
    record = _left_running(store)
    client.force_login(data_officer)
    html = client.get(f"/impor/{record.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'data-status="failed"' in html and STAGE_LEFT in html
    assert "hx-trigger" not in html  # the page stops polling
    assert not Path(record.upload_path).exists()


@pytest.mark.django_db
def test_an_import_whose_process_still_runs_is_left_alone(store):
    from paritrana.coverage.domain.import_recovery import (
        recover_interrupted_imports,
        this_process,
    )

    live = _left_running(store, worker=this_process())
    assert recover_interrupted_imports() == []
    live.refresh_from_db()
    assert live.status == "running" and Path(live.upload_path).exists()


@pytest.mark.django_db
def test_an_import_claimed_by_a_process_that_has_exited_is_failed(store):
    from paritrana.coverage.domain.import_recovery import recover_interrupted_imports

    record = _left_running(store, worker=_dead_process())
    assert recover_interrupted_imports() == [record.pk]
    assert not Path(record.upload_path).exists()


@pytest.mark.django_db
def test_a_reused_pid_does_not_pass_for_the_import_process(store):
    from paritrana.coverage.domain.import_recovery import recover_interrupted_imports, this_process

    if not Path("/proc/self/stat").exists():
        pytest.skip("process start times are read from /proc")
    host, pid, started = this_process().rsplit(":", 2)
    reused = _left_running(store, worker=f"{host}:{pid}:{int(started) - 1}")
    assert recover_interrupted_imports() == [reused.pk]


@pytest.mark.django_db
def test_an_import_on_another_host_is_failed_only_when_its_heartbeat_stops(store):
    from paritrana.coverage.domain.import_recovery import recover_interrupted_imports

    now = timezone.now()
    beating = _left_running(store, worker="other-host:42:7", heartbeat_at=now)
    silent = DataImport.objects.create(
        kind="targets",
        file_name="target.csv",
        status="running",
        worker="other-host:43:7",
        heartbeat_at=now - dt.timedelta(hours=2),
    )
    assert recover_interrupted_imports() == [silent.pk]
    beating.refresh_from_db()
    assert beating.status == "running"


@pytest.mark.django_db
def test_a_queued_import_waits_while_its_task_waits_and_fails_once_the_task_is_gone(
    store, settings, data_officer
):
    from paritrana.coverage.domain.import_recovery import recover_interrupted_imports
    from paritrana.coverage.domain.imports import queue_import

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload = SimpleUploadedFile("target.csv", GOOD_TARGETS.encode())
    waiting = queue_import(uploaded=upload, kind="targets", user=data_officer)
    orphan = DataImport.objects.create(
        kind="targets", file_name="t.csv", task_id="no-such-task", upload_path=waiting.upload_path
    )
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    DataImport.objects.update(created_at=an_hour_ago)

    assert recover_interrupted_imports() == [orphan.pk]
    waiting.refresh_from_db()
    assert waiting.status == "queued"


@pytest.mark.django_db
def test_uploads_are_readable_only_by_the_service_user(store, settings, data_officer):
    from paritrana.coverage.domain.imports import queue_import

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload = SimpleUploadedFile("target.csv", GOOD_TARGETS.encode())
    record = queue_import(uploaded=upload, kind="targets", user=data_officer)
    path = Path(record.upload_path)
    assert path.read_text(encoding="utf-8") == GOOD_TARGETS
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.own_sqlite  # a process on a SQLite file of its own
def test_the_data_folder_the_store_and_the_database_are_private(tmp_path):
    """In a process of its own, as a fresh installation starts: `paritrana manage migrate`."""
    data = tmp_path / "data"
    env = {
        **os.environ,
        "PARITRANA_DATA_DIR": str(data),
        "PARITRANA_STORE_DIR": str(tmp_path / "store"),
    }
    env.pop("DATABASE_URL", None)
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'paritrana.settings'; "
        "django.setup(); from django.db import connection; connection.ensure_connection(); "
        "from paritrana.coverage.domain.store import store_root; store_root()"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)

    modes = {
        path.name: path.stat().st_mode & 0o777
        for path in [data, tmp_path / "store", data / "paritrana.sqlite3"]
    }
    assert modes == {"data": 0o700, "store": 0o700, "paritrana.sqlite3": 0o600}


@pytest.mark.django_db
def test_an_import_interrupted_after_landing_takes_its_batch_back(regions, store, tmp_path):
    """Ctrl+C (or the worker's own exit) while the facts are refreshed: the batch had landed,
    but the record never said so; it is failed and the batch is taken back."""
    from paritrana.coverage.domain.imports import import_now
    from paritrana.engine.store import imported_files

    path = tmp_path / "iuran.csv"
    path.write_text(
        "participant,kabkota_code,segment,programmes,wage,due_jkk,paid_jkk,due_jkm,paid_jkm,"
        "due_date,paid_date,month\n"
        "6104012345670001,61.04,BPU,JKK;JKM,1000000,10000,10000,6800,6800,2026-01-15,"
        "2026-01-10,2025-12\n",
        encoding="utf-8",
    )

    def interrupt(stage: str, done: int, total: int) -> None:
        if stage == "refreshing":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_now(path=path, kind="contributions", progress=interrupt)

    record = DataImport.objects.get()
    assert record.status == "failed"
    assert record.message.startswith("Impor terhenti sebelum selesai")
    assert imported_files(store, "contributions") == []
    # (The month's facts stay as a cache keyed on the record files: stale now, never read.)
    assert not list((store / "contributions").rglob("*.parquet"))
    assert path.exists()  # the command line's own file is the user's, never deleted


@pytest.mark.django_db
def test_uploads_no_import_waits_for_are_deleted_once_an_hour_old(store):
    """As a web request killed between saving the upload and recording it leaves them."""
    from paritrana.coverage.domain.import_recovery import recover_interrupted_imports

    uploads = store.parent / "uploads"
    (uploads / "partial").mkdir(parents=True)
    stray = uploads / "partial" / "tmpa1b2c3.upload.csv"  # Django's own partial upload
    fresh = uploads / "feedfacefeedface.csv"  # an upload still being received
    for path in (stray, fresh):
        path.write_text("participant\n6104012345670001\n", encoding="utf-8")
    two_hours_ago = (timezone.now() - dt.timedelta(hours=2)).timestamp()
    os.utime(stray, (two_hours_ago, two_hours_ago))

    recover_interrupted_imports()

    assert not stray.exists() and fresh.exists()
