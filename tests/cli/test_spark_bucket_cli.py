"""`paritrana coverage compute --engine spark` on a store in an S3 bucket (moto's server on
loopback, as tests/engine/test_store_s3) whose record object is gone: the operator reads one
line in Bahasa naming the object, not Spark's traces, and the command exits 2. Marked `spark`
(the SQLite run has them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paritrana.engine import location
from tests.cli.test_backup import paritrana_
from tests.engine.conftest import valid_rows, write_csv
from tests.engine.test_store_s3 import BUCKET, bucket, endpoint  # noqa: F401 (fixtures)

pytestmark = pytest.mark.spark

if os.environ.get("CI") == "true":
    import pyspark  # noqa: F401  (CI installs the extra)
else:
    pytest.importorskip("pyspark")
pytest.importorskip("moto")


def test_an_object_gone_from_the_bucket_is_one_line_for_the_operator(
    bucket: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    } | {"PARITRANA_DATA_DIR": str(tmp_path / "data")}
    records = tmp_path / "contributions.csv"
    write_csv(records, valid_rows("contributions"), kind="contributions")
    imported = paritrana_(env, "coverage", "import", str(records), "--kind", "contributions")
    assert imported.returncode == 0, imported.stderr[-2000:]
    s3 = location.client()
    keys = [
        item["Key"]
        for item in s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{bucket}/contributions/")["Contents"]
    ]
    s3.delete_object(Bucket=BUCKET, Key=keys[0])  # the working copy here still holds it

    done = paritrana_(env, "coverage", "compute", "--year", "2025", "--engine", "spark")
    said = done.stdout + done.stderr
    assert done.returncode == 2, said[-3000:]
    assert (
        f"Spark gagal menghitung metrik 2025: Objek s3://{BUCKET}/{keys[0]} "
        "tidak dapat dibaca dari bucket: tidak ada di bucket"
    ) in " ".join(said.split())
    assert "Metrik yang tersimpan tidak berubah." in " ".join(said.split())
    assert "Traceback" not in said and "at org.apache" not in said

    # DuckDB on another host, whose working copy must fetch the object: the same refusal, as
    # any refusal is said, not as Spark's.
    other = env | {"PARITRANA_DATA_DIR": str(tmp_path / "other-host")}
    duck = paritrana_(other, "coverage", "compute", "--year", "2025")
    said = " ".join((duck.stdout + duck.stderr).split())
    assert duck.returncode == 2, said[-3000:]
    assert (
        f"Galat: Objek s3://{BUCKET}/{keys[0]} tidak dapat dibaca dari bucket: tidak ada di bucket"
    ) in said
    assert "Spark" not in said and "Traceback" not in said
