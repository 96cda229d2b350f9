"""The metrics over Spark Connect: a real Spark Connect server, started here as its own process
the way a deployment runs one (`spark-submit --class ...SparkConnectServer`, from PySpark's own
jars), and the engine as a thin client of it through `SPARK_REMOTE` (sc://host:port). Every
metric must equal DuckDB's on a store whose records the server reads from an S3 bucket, as
over a classic session (test_spark_parity, test_spark_bucket).

Marked `spark`; needs the `spark` extra with `pyspark[connect]` (gRPC), which scripts/test.sh
installs.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engine.test_spark_bucket import check, hosts
from tests.engine.test_spark_parity import compare_engines
from tests.engine.test_store_s3 import REGIONS, bucket, endpoint  # noqa: F401 (fixtures)

# `connect`: scripts/test.sh runs it in the PostgreSQL run (it uses no database), whose other
# tests take less time than the SQLite run's.
pytestmark = [pytest.mark.spark, pytest.mark.connect]

if os.environ.get("CI") == "true":
    # CI installs the extra: a missing PySpark or gRPC client is a failure there.
    import pyspark.sql.connect.session  # noqa: F401
else:
    pytest.importorskip("pyspark")
    pytest.importorskip("grpc")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def connect_server(folder: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """A Spark Connect server on a loopback port, its log in `folder`; yields its sc:// URL.
    `env`: the server's environment (default: this process's)."""
    import pyspark

    port = _free_port()
    log = folder / "server.log"
    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    command = [
        str(submit),
        "--class",
        "org.apache.spark.sql.connect.service.SparkConnectServer",
        "--master",
        "local[2]",
        "--name",
        "paritrana-connect-test",
        "--conf",
        f"spark.connect.grpc.binding.port={port}",
        "--conf",
        "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf",
        "spark.ui.enabled=false",
        # Tiny data: one shuffle partition, no code generation and no adaptive re-planning (as
        # in test_spark_parity).
        "--conf",
        "spark.sql.shuffle.partitions=1",
        "--conf",
        "spark.sql.adaptive.enabled=false",
        "--conf",
        "spark.sql.codegen.wholeStage=false",
        "--conf",
        "spark.sql.codegen.factoryMode=NO_CODEGEN",
        "--conf",
        "spark.sql.session.timeZone=UTC",
        # As the engine's own sessions (engine/spark.py) and docs/deployment.md: the plan text
        # Spark writes out for its listeners at every step is capped (uncapped, it filled the
        # server's 1 GiB heap on the year's chain of cached views).
        "--conf",
        "spark.sql.maxPlanStringLength=200000",
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
                time.sleep(0.5)
        yield f"sc://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def connect_url(tmp_path_factory):
    env = {
        **os.environ,
        # The credentials of test_store_s3's bucket (moto takes any), in the server's own
        # environment as a cluster has them (an instance role, spark.executorEnv): a Spark
        # Connect client cannot send them.
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "PYSPARK_PYTHON": sys.executable,  # its Python workers (the bucket reader): pyarrow's
    }
    with connect_server(tmp_path_factory.mktemp("connect"), env=env) as url:
        yield url


def connect_mode(monkeypatch) -> None:
    """PySpark marks the whole process as "Spark Connect" (an environment variable) once a
    Connect session is made, and stopping a session to a remote server does not unmark it:
    every classic session after it would fail (CONNECT_URL_NOT_SET). Set here through
    monkeypatch, the mark is taken away after the test, so the classic sessions of
    test_spark_parity still start."""
    monkeypatch.setenv("SPARK_CONNECT_MODE_ENABLED", "1")


def test_spark_remote_gives_a_spark_connect_session(connect_url, monkeypatch):
    from paritrana.engine.spark import session

    connect_mode(monkeypatch)
    monkeypatch.setenv("SPARK_REMOTE", connect_url)
    remote = session()  # what `paritrana coverage compute --engine spark` asks for
    try:
        assert type(remote).__module__ == "pyspark.sql.connect.session"
        assert remote.sql("SELECT 1 + 1 AS two").collect()[0]["two"] == 2
    finally:
        remote.stop()


def test_a_spark_connect_server_reads_a_bucket_store_from_the_bucket(
    bucket,  # noqa: F811
    tmp_path,
    connect_url,
    monkeypatch,
):
    """Every metric over Spark Connect equals DuckDB's (compare_engines compares every output
    table, row by row), and, as test_spark_bucket over a classic session, the asking host's
    working copy has no record files: the server's executors read them from the bucket. (The
    hand-made store's parity runs over a classic session, test_spark_parity: the same SQL;
    run again over Connect it took two minutes of the suite and tested nothing more.)"""
    from paritrana.engine.spark import session

    full, bare = hosts(tmp_path, bucket)
    connect_mode(monkeypatch)
    remote = session(remote=connect_url)
    try:
        compared = compare_engines(full, REGIONS, 2025, remote, spark_root=bare)
    finally:
        remote.stop()
    check(compared, bare)
