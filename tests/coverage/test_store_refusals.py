"""A store in a bucket that refuses an import (another host writing it) is a sentence for the
data officer, not a "system error" to report: the import is recorded as not run, and nothing
changed. moto's S3 server on loopback, as tests/engine/test_store_s3.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from paritrana.coverage.domain.imports import import_now
from paritrana.coverage.models import ImportStatus
from paritrana.engine import landing
from tests.engine.conftest import valid_rows, write_csv
from tests.engine.test_store_s3 import bucket, endpoint, objects  # noqa: F401 (fixtures)

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
        assert objects(bucket) == ["_writer.lock"]  # nothing landed
    assert record.status == ImportStatus.FAILED
    assert record.message.startswith(
        "Impor berkas 'iuran-2025.csv' tidak dijalankan; tidak ada data yang berubah. "
        "Penyimpanan sedang ditulis oleh proses lain ("
    )
    assert record.message.endswith("coba lagi nanti.")
    assert "galat sistem" not in record.message
    assert import_now(path=path, kind="contributions").status == ImportStatus.IMPORTED
