"""Spark reading the store's records from an S3 bucket (engine/spark_bucket.py) beside Spark's own
Parquet reader on the same files on local disk, in one Spark session, rounds alternating:

    python benchmarks/spark_bucket.py --participants 500000 --months 3 --rounds 3

A synthetic year (`paritrana.engine.synth`, as benchmarks/coverage_engine.py) is generated;
its first `--months` months are uploaded to moto's S3 server started here on loopback (moto is
an in-process Python server: a real S3 or MinIO serves faster, so the bucket's figure is an
upper bound). Each round times, per reader, a read of those records and a hash aggregation
over the participants, as the engine's first and costliest step does: per month, the records,
the distinct participants and the wages. Three readers: Spark's own (it reads only the three
columns the query names), the bucket reader as the engine uses it (given only those columns:
`SparkBackend` prunes them for it), and the bucket reader reading every column of every object
(`prune_columns=False`, as it did before). The results are checked equal before any time is
reported.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from paritrana.engine import location  # noqa: E402
from paritrana.engine.metrics.facts import month_files  # noqa: E402
from paritrana.engine.spark import SparkBackend, session  # noqa: E402
from paritrana.engine.synth import generate  # noqa: E402
from paritrana.regions.packaged import region_index  # noqa: E402

BUCKET = "paritrana-bench"
QUERY = (
    "SELECT month, count(*) AS records, count(DISTINCT participant_key) AS participants, "
    "sum(wage) AS wages FROM bench_records GROUP BY month"
)


def moto_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("moto's S3 server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=500_000)
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/paritrana-spark-bucket"))
    args = parser.parse_args()

    store = args.workdir / "store"
    if not store.exists():
        generate(regions=region_index(), out_dir=args.workdir, participants=args.participants)
    months = month_files(store)
    files = [f for month in list(months)[: args.months] for f in months[month]]

    server, endpoint = moto_server()
    try:
        os.environ.update(
            AWS_ACCESS_KEY_ID="bench",
            AWS_SECRET_ACCESS_KEY="bench",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_ENDPOINT_URL=endpoint,
        )
        s3 = location.client()
        s3.create_bucket(Bucket=BUCKET)
        for path in files:
            s3.upload_file(str(path), BUCKET, f"store/{path.relative_to(store).as_posix()}")
        spark = session("local[2]")
        readers = {
            "local Parquet (Spark's reader)": SparkBackend(spark),
            "bucket (spark_bucket, pyarrow)": SparkBackend(
                spark, store_root=store, bucket=location.Remote(BUCKET, "store")
            ),
            "bucket, every column": SparkBackend(
                spark,
                store_root=store,
                bucket=location.Remote(BUCKET, "store"),
                prune_columns=False,
            ),
        }
        records = spark.read.parquet(*[str(f) for f in files]).count()
        print(f"{len(files)} files, {records:,} records, {args.months} months", flush=True)
        answers = {}
        times: dict[str, list[float]] = {label: [] for label in readers}
        for round_ in range(args.rounds):
            order = list(readers)[round_ % len(readers) :] + list(readers)[: round_ % len(readers)]
            for label in order:
                backend = readers[label]
                started = time.perf_counter()
                backend.records("bench_records", files)
                rows = sorted(backend.rows(QUERY))
                times[label].append(time.perf_counter() - started)
                answers[label] = rows
                print(f"  round {round_ + 1}: {label:<32} {times[label][-1]:7.2f} s", flush=True)
        first, *others = answers.values()
        assert all(other == first for other in others), "the readers disagree"
        print(f"results agree: {first[0]}")
        base = statistics.median(next(iter(times.values())))
        print("| reader | median | / local |")
        print("| --- | --- | --- |")
        for label, values in times.items():
            median = statistics.median(values)
            print(f"| {label} | {median:.2f} s | {median / base:.2f}x |")
        spark.stop()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
