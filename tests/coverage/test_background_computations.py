"""Computations queued from the import page and run by the worker: a run whose worker process
was killed is said to have stopped, not left "berjalan" for ever (the page polls while one
runs). The failure read back from a task: tests/coverage/test_store_refusals.py."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.fixture
def database_queue(settings, db):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _running(claim: str):
    from django_tasks_db.models import DBTaskResult

    from paritrana.coverage.tasks import compute_task

    result = DBTaskResult.objects.get(id=compute_task.enqueue(2025, "sakernas_bekerja").id)
    result.claim(claim)
    return result


def test_a_computation_whose_worker_was_killed_is_said_to_have_stopped(
    database_queue, client, data_officer
) -> None:
    from paritrana.coverage.domain.import_recovery import this_process

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    host = this_process().split(":")[0]
    killed = _running(f"{host}:{gone.pid}:")
    alive = _running(this_process())  # this very process: still running
    client.force_login(data_officer)
    table = client.get("/impor/hitungan/").content.decode()
    assert table.count('data-state="failed"') == 1 and table.count('data-state="running"') == 1
    assert "Perhitungan terhenti sebelum selesai (prosesnya berhenti)" in table
    assert 'hx-get="/impor/hitungan/"' in table  # the live one is still followed
    killed.refresh_from_db()
    alive.refresh_from_db()
    assert (killed.status, alive.status) == ("FAILED", "RUNNING")


def test_a_computation_that_cannot_be_asked_is_taken_for_dead_after_hours(database_queue) -> None:
    import datetime as dt

    from django.utils import timezone

    from paritrana.coverage.domain.compute import STALE_AFTER, settle_interrupted_computations

    elsewhere = _running("another-host:4321:99")  # its process cannot be asked from here
    unnamed = _running("a3f9c0d2e1b4")  # a worker started without its process's name
    started = elsewhere.started_at
    assert settle_interrupted_computations(now=started + dt.timedelta(minutes=30)) == 0
    later = started + STALE_AFTER + dt.timedelta(minutes=1)
    assert settle_interrupted_computations(now=later) == 2
    elsewhere.refresh_from_db()
    unnamed.refresh_from_db()
    assert (elsewhere.status, unnamed.status) == ("FAILED", "FAILED")
    assert timezone.now() - elsewhere.finished_at < dt.timedelta(minutes=1)


def test_the_worker_names_its_process() -> None:
    from paritrana.cli.manage import worker_arguments
    from paritrana.coverage.domain.import_recovery import process_alive, this_process

    named = worker_arguments(["db_worker", "--interval", "1"])
    assert named == ["db_worker", "--interval", "1", "--worker-id", this_process()]
    assert process_alive(named[-1]) is True
    given = ["db_worker", "--worker-id", "mine"]
    assert worker_arguments(given) == given


def test_a_computation_failing_on_a_fault_of_the_system_says_to_report_it() -> None:
    from paritrana.coverage.domain.compute import SYSTEM_FAULT, _failure

    traceback = "Traceback ...\nZeroDivisionError: division by zero\n"
    assert _failure("builtins.ZeroDivisionError", traceback) == SYSTEM_FAULT
    refused = "Traceback ...\nparitrana.engine.location.StoreBusy: Penyimpanan sedang ditulis\n"
    assert _failure("paritrana.engine.location.StoreBusy", refused) == "Penyimpanan sedang ditulis"
    assert _failure("no.such.Class", refused) == SYSTEM_FAULT


def test_a_computation_on_another_host_is_taken_for_dead_minutes_after_its_beat_stops(
    database_queue,
) -> None:
    """Its process cannot be asked from here: it was taken for dead only after six hours. Its
    worker now writes a beat while it computes; five minutes without one and it is dead."""
    import datetime as dt

    from paritrana.coverage.domain.compute import BEAT_STALE, settle_interrupted_computations
    from paritrana.coverage.models import ComputationBeat

    stopped = _running("another-host:4321:99")
    beating = _running("another-host:4322:99")
    old_worker = _running("another-host:4323:99")  # a worker of a version without beats
    now = stopped.started_at + dt.timedelta(minutes=20)
    ComputationBeat.objects.create(task_id=str(stopped.id), beat_at=now - BEAT_STALE * 1.2)
    ComputationBeat.objects.create(task_id=str(beating.id), beat_at=now - BEAT_STALE / 5)
    assert settle_interrupted_computations(now=now) == 1
    for row in (stopped, beating, old_worker):
        row.refresh_from_db()
    assert (stopped.status, beating.status, old_worker.status) == ("FAILED", "RUNNING", "RUNNING")
    assert "Perhitungan terhenti sebelum selesai" in stopped.traceback
    assert list(ComputationBeat.objects.values_list("task_id", flat=True)) == [str(beating.id)]


@pytest.mark.django_db(transaction=True)
def test_a_computation_beats_from_a_thread_of_its_own_until_it_ends() -> None:
    """The engine holds the computing thread for minutes: the beat comes from another thread,
    and is removed when the computation ends, failed or not."""
    import time

    from paritrana.coverage.domain.compute import beating
    from paritrana.coverage.models import ComputationBeat

    seen = []
    with pytest.raises(RuntimeError), beating("task-1", every=0.05):
        first = ComputationBeat.objects.get(task_id="task-1").beat_at  # written at once
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(seen) < 3:
            now = ComputationBeat.objects.get(task_id="task-1").beat_at
            if now > first and now not in seen:
                seen.append(now)
            time.sleep(0.02)
        raise RuntimeError("the computation fails")
    assert len(seen) == 3 and seen == sorted(seen)
    assert not ComputationBeat.objects.exists()
