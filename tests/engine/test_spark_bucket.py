"""Spark reading a store kept in an S3 bucket (engine/spark_bucket.py) from the bucket itself:
moto's S3 server on loopback (as test_store_s3) and a classic local Spark session: the reader
reaches executors without Paritrana, a missing object is named, each statement reads only the
columns it names. Every metric computed from the bucket and compared with DuckDB's on another
host's full working copy of the same bucket: test_spark_connect, over a Spark Connect server
(the deployment's way; over a classic session the same comparison took two more minutes of
the suite).

The host that asks Spark has a working copy whose record files were all deleted (manifests
kept, `hosts`): whatever Spark counts, it read from the bucket. Marked `spark`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from paritrana.engine import location
from paritrana.engine.metrics import compute_year
from tests.engine.test_spark_parity import spark  # noqa: F401 (a fixture)
from tests.engine.test_store_s3 import (  # noqa: F401 (fixtures)
    BUCKET,
    REGIONS,
    bucket,
    endpoint,
    import_every_kind,
    objects,
)

pytestmark = pytest.mark.spark

if os.environ.get("CI") == "true":
    import pyspark  # noqa: F401  (CI installs the extra)
else:
    pytest.importorskip("pyspark")
pytest.importorskip("moto")


def hosts(tmp_path: Path, bucket_prefix: str) -> tuple[Path, Path]:
    """Host A imports every kind into the bucket. Returns host B's working copy, complete,
    and host C's, whose record files are gone."""
    files = tmp_path / "files"
    files.mkdir()
    imported = import_every_kind(tmp_path / "host-a", files)
    assert [r.status for r in imported] == ["imported"] * len(imported)
    stored = [k for k in objects(bucket_prefix) if k.startswith("contributions/")]
    assert stored  # the records are objects in the bucket
    full, bare = tmp_path / "host-b", tmp_path / "host-c"
    location.pull(full)
    location.pull(bare)
    records = sorted((bare / "contributions").rglob("*.parquet"))
    assert [p.relative_to(bare).as_posix() for p in records] == stored
    for path in records:
        path.unlink()
    # DuckDB reads the working copy: on the bare one it finds no records at all.
    empty = compute_year(store_root=bare, regions=REGIONS, year=2025, use_cache=False)
    assert empty.months_raw == []
    return full, bare


def check(compared: dict[str, tuple[int, list[str]]], bare: Path) -> None:
    assert compared["region_metrics"][0] >= 4
    assert "active" in compared["region_metrics"][1]
    assert "on_time_pct" in compared["employer_metrics"][1]
    assert not list((bare / "contributions").rglob("*.parquet"))  # still none here


def test_the_bucket_reader_reaches_the_executors_without_paritrana(spark, tmp_path: Path) -> None:  # noqa: F811
    """Registered, the reader is pickled by value: a Python without Paritrana (as a Spark
    cluster's workers) loads it and its reader."""
    from pyspark import cloudpickle

    from paritrana.engine import spark_bucket

    spark_bucket.register(spark)
    (tmp_path / "reader.pickle").write_bytes(cloudpickle.dumps(spark_bucket.BucketParquet))
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pickle, sys\n"
            "sys.modules['paritrana'] = None  # import paritrana now fails\n"
            f"source = pickle.loads(open({str(tmp_path / 'reader.pickle')!r}, 'rb').read())\n"
            "from pyspark.sql.types import IntegerType, StructField, StructType\n"
            "options = {'schema': 'x INT', 'bucket': 'b', 'keys': '[]'}\n"
            "reader = source(options).reader(StructType([StructField('x', IntegerType())]))\n"
            "print(source.name(), source.__module__, type(reader).__name__)",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.split() == ["paritrana_bucket", "paritrana.engine.spark_bucket", "_Reader"]


def test_an_object_missing_from_the_bucket_is_named_in_the_failure(
    bucket: str,  # noqa: F811
    tmp_path: Path,
    spark,  # noqa: F811
) -> None:
    from paritrana.engine.metrics.facts import month_files
    from paritrana.engine.spark import SparkBackend, failure_message

    _full, bare = hosts(tmp_path, bucket)
    gone = next(k for k in objects(bucket) if k.startswith("contributions/month="))
    location.client().delete_object(Bucket=BUCKET, Key=f"{bucket}/{gone}")
    # Found before Spark is asked anything: `spark` here is no session at all.
    with pytest.raises(location.ObjectsMissing) as missing:
        compute_year(store_root=bare, regions=REGIONS, year=2025, engine="spark", spark=object())
    assert str(missing.value) == (
        f"Objek s3://{BUCKET}/{bucket}/{gone} tidak dapat dibaca dari bucket: tidak ada di bucket"
    )
    # An object gone after that check (while Spark reads): the reader names it.
    backend = SparkBackend(spark, store_root=bare, bucket=location.remote())
    backend.records(
        "r", [p for paths in month_files(bare, registered=True).values() for p in paths]
    )
    with pytest.raises(Exception) as failed:
        backend.rows("SELECT count(*) FROM r")
    message = failure_message(failed.value)
    assert message.startswith(f"Objek s3://{BUCKET}/{bucket}/{gone} tidak dapat dibaca dari bucket")
    assert len(message) < 500 and "Traceback" not in message  # what the operator reads


def test_each_statement_reads_only_the_record_columns_it_names_from_the_bucket(
    bucket: str,  # noqa: F811
    tmp_path: Path,
    spark,  # noqa: F811
) -> None:
    """A Python data source gets no column pruning from Spark: the backend gives each
    statement a reader of only the columns it names, and the answers stay the same."""
    import duckdb

    from paritrana.engine.metrics.facts import month_files, repeat_payers_sql
    from paritrana.engine.spark import SparkBackend

    full, bare = hosts(tmp_path, bucket)
    on_disk = duckdb.connect()  # host B's full copy, read by DuckDB
    on_disk.execute(
        f"CREATE VIEW r AS SELECT * FROM read_parquet('{full}/contributions/*/*.parquet', "
        "hive_partitioning = false)"
    )
    [(records,)] = on_disk.execute("SELECT count(*) FROM r").fetchall()
    backend = SparkBackend(spark, store_root=bare, bucket=location.remote())
    files = [p for paths in month_files(bare, registered=True).values() for p in paths]
    backend.records("r", files)
    per_month = "SELECT month, count(DISTINCT participant_key) FROM r GROUP BY month"
    got = sorted(backend.rows(per_month))
    assert spark.table("r").columns == ["participant_key", "month"]
    assert backend.rows("SELECT count(*) FROM r") == [(records,)]
    assert spark.table("r").columns == ["month"]  # count(*) alone: the smallest column
    repeat = sorted(backend.rows(repeat_payers_sql("r")))
    assert backend.bucket_reads[-1] == (
        "r",
        ("participant_key", "paid_jkk", "paid_jkm", "paid_jht", "paid_jp", "month"),
    )
    everything = backend.rows("SELECT * FROM r")
    assert len(spark.table("r").columns) == 18 and len(everything) == records
    assert got == sorted(on_disk.execute(per_month).fetchall())
    assert repeat == sorted(on_disk.execute(repeat_payers_sql("r")).fetchall())
