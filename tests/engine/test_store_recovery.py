"""What recovery removes from the store after an import was killed, and what it must keep."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from paritrana.engine import landing
from paritrana.engine.store import imported_files
from tests.engine import conftest
from tests.engine.conftest import valid_rows, write_csv

importer = conftest.importer

HOLD = """
import sys, time
from pathlib import Path
from paritrana.engine.landing import held_staging
with held_staging(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="no flock")
def test_a_staging_folder_is_removed_only_once_its_import_process_is_dead(store_root):
    folder = store_root / ".staging" / "0123456789abcdef-1a2b3c4d"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, env=os.environ
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        (folder / "unix-newlines.csv").write_text("participant\n6104012345670001\n")

        assert landing.remove_abandoned_staging(store_root) == 0  # its import still runs
        assert folder.is_dir()

        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        assert landing.remove_abandoned_staging(store_root) == 1
        assert not (store_root / ".staging").exists()
    finally:
        holder.kill()
        holder.wait()


def test_only_the_batch_of_the_interrupted_import_is_taken_back(tmp_path, importer, store_root):
    rows = valid_rows("contributions")
    kept = importer(write_csv(tmp_path / "januari.csv", rows[:2]), import_ref="done-run")
    taken = importer(write_csv(tmp_path / "februari.csv", rows[2:]), import_ref="killed-run")
    assert (kept.status, taken.status) == ("imported", "imported")
    kept_files = imported_files(store_root, "contributions")
    kept_files = [p for p in kept_files if p.stem == kept.batch]

    months = landing.remove_batches_of(store_root, "killed-run")

    assert months == ["2025-02"]
    assert imported_files(store_root, "contributions") == kept_files
    assert not list(store_root.rglob(f"{taken.batch}*"))  # neither its files nor its manifest
    assert landing.remove_batches_of(store_root, "") == []  # an untagged run takes nothing


def test_unregistered_files_and_half_written_manifests_are_removed(tmp_path, importer, store_root):
    result = importer(write_csv(tmp_path / "iuran.csv", valid_rows("contributions")))
    registered = imported_files(store_root, "contributions")
    stray = store_root / "contributions" / "month=2025-01" / "ffffffffffffffff.parquet"
    stray.write_bytes(b"PAR1")
    half = store_root / "_imports" / "contributions" / f"{result.batch}.json.tmp"
    half.write_text("{")

    assert landing.remove_unregistered(store_root) == 2
    assert not stray.exists() and not half.exists()
    assert imported_files(store_root, "contributions") == registered
