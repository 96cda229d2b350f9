"""Imports that heal: what an import killed outright (SIGKILL, a power cut) leaves behind is
found and undone when a process that runs imports starts (the task worker, the demo), and it is
safe to do at any other time.

The rule, for an import record that is not finished:
- running, claimed by a process on this host: orphaned when that process is gone. A process is
  named by host, pid and the pid's start time (Linux), so a pid reused after a restart does not
  pass for the import's process; a zombie counts as gone.
- running, claimed on another host (a second worker on the same database and store): its process
  cannot be asked, so it is orphaned when it has not written progress (its heartbeat) for
  STALE_AFTER, far longer than any one step of an import.
- running with no claim at all: left by a version before claims existed; orphaned.
- queued: waiting for the worker while its background task is still waiting (or just claimed);
  orphaned when the task is gone or finished without claiming the record, or was claimed by a
  worker that never started the import, or when there never was a task (the process died
  between saving the upload and enqueueing it), each after QUEUE_GRACE.

An orphaned import is settled: the batch it landed but never recorded is removed from the store
(it is tagged with the record's run_id in its manifest), its upload (raw NIKs) is deleted, and
the record becomes failed with INTERRUPTED. The store is then swept under its lock: batch files
without a manifest and staging folders no live import holds are deleted. Finally, uploads that
no unfinished import refers to are deleted once UPLOAD_GRACE has passed since they were written.

When: `heal_interrupted_imports` runs before anything reads what the store's imports are, so a
dead import's batch never counts and its file is never refused as already imported: at the
start of every import (imports.run_import, after its own claim), of every computation
(compute.compute_metrics), and when an import's record or the list of imports is read (web, API;
there without waiting for the store's lock: a busy store leaves the healing to the next look).
`recover_interrupted_imports` (a worker's or the demo's start) heals and sweeps the store and the
uploads too. Two processes healing at once: the record is re-read and settled under the store's
lock, so only one of them rolls back and settles it, and a record that moved on (its process
finished it, then exited) is never touched.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from paritrana.coverage.domain.store import store_root
from paritrana.coverage.models import DataImport, ImportStatus
from paritrana.engine import landing, location

logger = logging.getLogger(__name__)

INTERRUPTED = (
    "Impor terhenti sebelum selesai{stage}; tidak ada data yang berubah. Unggah ulang berkasnya."
)
STALE_AFTER = dt.timedelta(hours=1)
QUEUE_GRACE = dt.timedelta(minutes=10)
UPLOAD_GRACE = dt.timedelta(hours=1)
UNFINISHED = (ImportStatus.QUEUED, ImportStatus.RUNNING)


# --- who runs an import --------------------------------------------------------------------


def this_process() -> str:
    """The claim a running import records: host, pid and the pid's start time."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_started(pid) or ''}"


def process_alive(claim: str) -> bool | None:
    """Whether the process named by `claim` still runs; None when it is on another host."""
    host, pid_text, started = claim.rsplit(":", 2)
    if host != socket.gethostname():
        return None
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    now = _started(pid)
    if now == "zombie":
        return False
    return not (started and now and now != started)


def _started(pid: int) -> str | None:
    """The pid's start time in clock ticks since boot (Linux), "zombie" for a process that has
    died but not been reaped, None where /proc cannot tell."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # the name in parentheses may hold spaces
    return "zombie" if fields[0] == "Z" else fields[19]


# --- the rule -------------------------------------------------------------------------------


def is_orphaned(record: DataImport, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if record.status == ImportStatus.RUNNING:
        if not record.worker:
            return True
        alive = process_alive(record.worker)
        if alive is not None:
            return not alive
        beat = record.heartbeat_at or record.started_at or record.created_at
        return now - beat > STALE_AFTER
    if record.status == ImportStatus.QUEUED:
        return now - record.created_at > QUEUE_GRACE and not _task_waiting(record, now)
    return False


def _task_waiting(record: DataImport, now: dt.datetime) -> bool:
    """Whether the record's background task will still run it (or is starting it now)."""
    from django_tasks.exceptions import TaskResultDoesNotExist

    from paritrana.coverage.tasks import import_task

    if not record.task_id:
        return False
    try:
        result = import_task.get_result(record.task_id)
    except NotImplementedError:  # a backend that cannot tell: trust the heartbeat rule
        return now - record.created_at <= STALE_AFTER
    except TaskResultDoesNotExist:
        return False
    if result.status == "READY":
        return True
    if result.status == "RUNNING":
        started = result.started_at or record.created_at
        return now - started <= QUEUE_GRACE
    return False


# --- settling -------------------------------------------------------------------------------


def settle_interrupted(record: DataImport, *, wait: bool = True) -> bool:
    """Undo what the interrupted run of `record` left and mark it failed; False when the record
    had moved on meanwhile (another process settled or finished it), or, with wait=False, when
    the store's lock is busy (a live import landing its batch): nothing is done then.

    Under the store's lock: the record is re-read (a healer that found it running may look at
    its process only after that process finished the import and exited), its batch removed,
    and it is marked failed, so two healers cannot both roll back or both settle it. Its upload
    and the staging folders no live import holds are deleted after."""
    root = store_root()
    with _store_locked(root, wait=wait) as taken:
        if not taken or not _unchanged(record):
            return False
        months = landing.remove_batches_of(root, record.run_id)
        landing.remove_unregistered(root)
        with translation.override("id"):  # the stored message is Indonesian, like the engine's
            stage = f" (tahap: {record.stage_label})" if record.stage_label else ""
        settled = DataImport.objects.filter(
            pk=record.pk, status=record.status, worker=record.worker
        ).update(
            status=ImportStatus.FAILED,
            message=INTERRUPTED.format(stage=stage),
            finished_at=timezone.now(),
        )
        landing.remove_abandoned_staging(root)  # its scratch copy (raw NIKs, when staged)
    if months:
        logger.warning("Import %s: removed its unrecorded batch (%s)", record.pk, months)
    if settled:
        delete_upload(record)
    return bool(settled)


def _unchanged(record: DataImport) -> bool:
    """Whether the record is still as the healer found it: unfinished, by the same process."""
    return DataImport.objects.filter(
        pk=record.pk, status=record.status, worker=record.worker, status__in=UNFINISHED
    ).exists()


@contextmanager
def _store_locked(root: Path, *, wait: bool) -> Iterator[bool]:
    """The store's lock (landing.store_lock); with wait=False, False at once when a writer on
    this host holds it, or when another host's writer holds the bucket's."""
    if wait:
        with landing.store_lock(root):
            yield True
        return
    with landing.folder_lock(root, wait=False) as taken, ExitStack() as held:
        if taken:
            try:
                held.enter_context(location.writing(root))
            except location.StoreBusy:
                taken = False
        yield taken


def delete_upload(record: DataImport) -> None:
    """The upload holds raw NIKs: it lives only as long as its import. A file the command line
    imported from its own place is the user's and is never touched."""
    if not record.upload_path:
        return
    path = Path(record.upload_path)
    if path.parent == Path(settings.PARITRANA_UPLOAD_DIR):
        path.unlink(missing_ok=True)


def heal_interrupted_imports(*, wait: bool = True) -> list[int]:
    """Settle every orphaned import (see the rule above); returns the settled records' ids.
    Call it before reading the store's imports or the import records. With wait=False (a
    page or an API read) an import is left for the next look when the store's lock is busy."""
    now = timezone.now()
    settled = [
        record.pk
        for record in DataImport.objects.filter(status__in=UNFINISHED)
        if is_orphaned(record, now=now) and settle_interrupted(record, wait=wait)
    ]
    for pk in settled:
        logger.warning("Import %s was interrupted and is now marked failed.", pk)
    return settled


def recover_interrupted_imports() -> list[int]:
    """Settle every orphaned import and sweep the store and uploads; returns the settled
    records' ids. Safe to call at any time, from any process."""
    now = timezone.now()
    settled = heal_interrupted_imports()
    root = store_root()
    with landing.store_lock(root):
        landing.remove_unregistered(root)
        landing.remove_abandoned_staging(root)
    _sweep_uploads(now)
    return settled


def _sweep_uploads(now: dt.datetime) -> None:
    folder = Path(settings.PARITRANA_UPLOAD_DIR)
    if not folder.is_dir():
        return
    in_use = {
        Path(path)
        for path in DataImport.objects.filter(status__in=UNFINISHED).values_list(
            "upload_path", flat=True
        )
    }
    for path in folder.rglob("*"):
        if not path.is_file() or path in in_use:
            continue
        written = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
        if now - written > UPLOAD_GRACE:
            path.unlink(missing_ok=True)
