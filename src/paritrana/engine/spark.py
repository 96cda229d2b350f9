"""The metrics on Apache Spark: the same definitions as on DuckDB, transpiled by SQLGlot.

    backend = SparkBackend(session(master="local[2]"))

Spark reads the participant-month records itself, from the store's files (`records`), so the
big pass runs where the data lives. The reference tables (regions, employers, workforce,
targets, benefits, aggregated counts, rates: thousands of rows, not millions) are prepared
once by the same DuckDB code as always (`database.connect`, which applies "the latest batch
wins") and handed to Spark as Arrow tables (`load_tables`), so both engines join exactly the
same rows. Results come back to the driver as Arrow and are written as one Parquet file per
table, the layout the rest of the product reads.

Where the store lives in an S3 bucket (`PARITRANA_STORE_URL`, engine/location.py), Spark's
executors read the record objects straight from the bucket (engine/spark_bucket.py), not this
host's working copy: a Spark cluster shares the bucket, not this host's disk.

The session: `SPARK_REMOTE` (Spark Connect, e.g. sc://host:15002) when set, else a classic
session on `master` (`--spark-master`, default `local[2]`). PySpark is an optional extra
(`pip install -e '.[spark]'`, with Spark Connect's client).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp

from paritrana.engine import location
from paritrana.engine.backends import transpile
from paritrana.engine.store import STORE_COLUMNS

DEFAULT_MASTER = "local[2]"
REFERENCE_TABLES = (
    "geo",
    "province_zone",
    "active_counts",
    "workforce",
    "targets",
    "employers",
    "benefits",
    "rates",
)
# DuckDB store types as Spark reads them from Parquet (unsigned types widen).
_SPARK_TYPES = {
    "UBIGINT": "DECIMAL(20,0)",
    "UTINYINT": "SMALLINT",
    "VARCHAR": "STRING",
    "BIGINT": "BIGINT",
    "INTEGER": "INT",
    "DOUBLE": "DOUBLE",
    "DATE": "DATE",
}


RECORD_COLUMNS = tuple(STORE_COLUMNS["contributions"])


class SparkUnavailable(RuntimeError):
    """PySpark is not installed (it is the optional `spark` extra)."""


def session(master: str | None = None, *, remote: str | None = None) -> Any:
    """A Spark session: Spark Connect at `remote` (or $SPARK_REMOTE), else classic on
    `master` (default local[2]; few shuffle partitions when local) without web UI."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise SparkUnavailable(
            "PySpark tidak terpasang: pasang dengan pip install -e '.[spark]'"
        ) from exc
    remote = remote or os.environ.get("SPARK_REMOTE")
    builder: Any = SparkSession.builder.appName("paritrana-metrics")
    if remote:
        return builder.remote(remote).getOrCreate()
    master = master or DEFAULT_MASTER
    if master.startswith("local"):
        # Python workers (the bucket reader) run on this machine: this very Python, with its
        # pyarrow, rather than whatever `python3` the PATH finds first (read when the session's
        # context starts).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        builder.master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        # A year's facts are a chain of cached month-by-month unions: Spark writes the whole
        # plan out as text for its listeners at every adaptive step, and on a busy 2-core CI
        # machine those strings filled the 1 GiB driver heap (OutOfMemoryError in
        # explainString). Capped, the plan text is cut; nothing computed changes.
        .config("spark.sql.maxPlanStringLength", "200000")
    )
    if master.startswith("local"):  # one machine: Spark's 200 shuffle partitions are waste
        builder = builder.config("spark.sql.shuffle.partitions", "4")
        # The driver is the executor here: 2 GiB of heap rather than Spark's 1 GiB default
        # (taken when this session starts Spark's JVM).
        builder = builder.config("spark.driver.memory", "2g")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")  # Spark's warnings are not for the data officer
    return spark


class SparkBackend:
    name = "spark"
    month_at_a_time = False

    def __init__(
        self,
        spark: Any,
        *,
        store_root: Path | None = None,
        bucket: location.Remote | None = None,
        prune_columns: bool = True,
    ) -> None:
        """`bucket`: the store's bucket, whose working copy is `store_root`: the record files
        named under `store_root` are then read from the bucket (see `records`), each
        statement's columns only (`prune_columns=False`: every column, for comparison)."""
        self.spark = spark
        self.store_root = store_root
        self.bucket = bucket
        self.definitions: list[str] = []  # the shared definitions run, as written
        self.statements: list[str] = []  # the same, as sent to Spark
        # The record views read from the bucket: their files, and the columns their reader
        # reads now (see `_narrow`); each read as (view, columns), for whoever asks.
        self._bucket_views: dict[str, tuple[list[Path], tuple[str, ...]]] = {}
        self.bucket_reads: list[tuple[str, tuple[str, ...]]] = []
        self.prune_columns = prune_columns
        self._registered = False

    def _sql(self, sql: str) -> Any:
        text = transpile(sql, "spark")
        self.definitions.append(sql)
        self.statements.append(text)
        if self._bucket_views and self.prune_columns:
            self._narrow(text)
        return self.spark.sql(text)

    def _narrow(self, text: str) -> None:
        """Point each bucket view that `text` reads at a reader of only the record columns the
        statement names. Spark's own Parquet reader reads only the columns a query needs;
        a Python data source is given no such pruning (PySpark 4.0), and would otherwise
        fetch every column of every object from the bucket for every statement (the
        repeat-payer search needs 6 of the 18)."""
        tree = sqlglot.parse_one(text, read="spark")
        views = {table.name for table in tree.find_all(exp.Table)} & set(self._bucket_views)
        if not views:
            return
        if any(
            isinstance(star.parent, exp.Select | exp.Column) for star in tree.find_all(exp.Star)
        ):
            wanted = RECORD_COLUMNS  # SELECT * or t.*: all of them
        else:
            # Every name the statement writes (columns, USING lists, aliases): a name it uses
            # is never left out; one too many costs a column read, nothing else.
            named = {name.name for name in tree.find_all(exp.Identifier)}
            wanted = tuple(c for c in RECORD_COLUMNS if c in named) or ("month",)  # count(*) alone
        for view in sorted(views):
            files, reading = self._bucket_views[view]
            if reading != wanted:
                self._from_bucket(files, wanted).createOrReplaceTempView(view)
                self._bucket_views[view] = (files, wanted)
            self.bucket_reads.append((view, wanted))

    def load_tables(self, con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> None:
        """Hand DuckDB's reference tables to Spark (as Arrow: types and NULLs kept)."""
        for table in tables:
            relation = con.sql(f"SELECT * FROM {table}")
            # DuckDB 2 names it to_arrow_table; 1.x arrow().
            arrow = getattr(relation, "to_arrow_table", None) or relation.arrow
            arrow = arrow()
            frame = self.spark.createDataFrame(arrow)
            frame.cache()
            frame.createOrReplaceTempView(table)

    def records(self, name: str, files: list[Path]) -> None:
        self._bucket_views.pop(name, None)
        if files and self.bucket is not None:
            frame = self._from_bucket(files, RECORD_COLUMNS)
            self._bucket_views[name] = (files, RECORD_COLUMNS)
        elif files:
            # Explicit files with partition discovery off: the `month=` folders are not a
            # column (the files carry their own `month`).
            frame = self.spark.read.option("recursiveFileLookup", "true").parquet(
                *[str(f) for f in files]
            )
        else:
            frame = self.spark.createDataFrame([], _schema(RECORD_COLUMNS))
        frame.createOrReplaceTempView(name)

    def _from_bucket(self, files: list[Path], columns: tuple[str, ...]) -> Any:
        """`columns` of the objects in the bucket behind the working copy's `files`."""
        from paritrana.engine import spark_bucket

        assert self.bucket is not None and self.store_root is not None
        if not self._registered:
            context = getattr(self.spark, "sparkContext", None) if _classic(self.spark) else None
            if context is not None:
                # A classic session's Python workers take the variables given here with the
                # reader: the credentials this command was given (Spark Connect's executors
                # use the server's own).
                for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
                    if os.environ.get(variable):
                        context.environment[variable] = os.environ[variable]
            spark_bucket.register(self.spark)
            self._registered = True
        keys = [self.bucket.key(f.relative_to(self.store_root).as_posix()) for f in files]
        options = {
            "bucket": self.bucket.bucket,
            "keys": json.dumps(keys),
            "schema": _schema(columns),
            "region": location.region(),
            "endpoint": location.endpoint() or "",  # "": AWS's own
        }
        return self.spark.read.format(spark_bucket.NAME).options(**options).load()

    def create(self, name: str, sql: str) -> None:
        frame = self._sql(sql)
        frame.cache()
        frame.createOrReplaceTempView(name)

    def append(self, name: str, sql: str) -> None:
        # Asked, not tried: over Spark Connect `table()` is lazy and never fails here.
        if not self.spark.catalog.tableExists(name):  # the first rows make the table
            self.create(name, sql)
            return
        frame = self.spark.table(name).unionAll(self._sql(sql))
        frame.cache()
        frame.createOrReplaceTempView(name)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._sql(sql).collect()]

    def write_parquet(self, name: str, path: Path) -> None:
        import pyarrow.parquet as pq

        pq.write_table(self.spark.table(name).toArrow(), str(path))

    def drop(self, names: list[str]) -> None:
        """Forget the computation's views and their cached rows (the session lives on)."""
        for name in names:
            self.spark.catalog.dropTempView(name)


def _schema(columns: tuple[str, ...]) -> str:
    """Spark DDL of these record columns, typed as Spark reads them from the store's files."""
    kinds = STORE_COLUMNS["contributions"]
    return ", ".join(f"{column} {_SPARK_TYPES[kinds[column]]}" for column in columns)


def _classic(spark: Any) -> bool:
    """A classic session (not a Spark Connect client, which has no SparkContext)."""
    return not type(spark).__module__.startswith("pyspark.sql.connect")


def failure_message(error: BaseException) -> str:
    """What to tell the operator of a failed Spark job, in a line: the bucket reader's own
    words when it failed (engine/spark_bucket.py, raised inside a Python worker and wrapped by
    Spark in a whole traceback), else the first line of Spark's message."""
    from paritrana.engine.spark_bucket import UNREADABLE

    text = str(error)
    for line in reversed(text.splitlines()):
        if UNREADABLE in line:  # "OSError: Objek s3://... tidak dapat dibaca dari bucket: ..."
            return line[max(line.find("Objek "), 0) :].strip()[:400]
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return first[:400]
