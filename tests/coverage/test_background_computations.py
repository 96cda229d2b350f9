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
