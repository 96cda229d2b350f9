"""Spark reading the store's record files straight from its S3 bucket, without Hadoop's S3
connector.

Spark reads `s3a://` paths only with Hadoop's `hadoop-aws` jar and the AWS SDK on its classpath,
which come from Maven, not with PySpark. This is a Spark Python data source instead (PySpark 4's
`pyspark.sql.datasource`): the Spark executors read the Parquet objects with pyarrow's own S3
file system, which comes with pyarrow (Spark's Arrow support needs pyarrow anyway) and hand
Spark Arrow batches. Every executor thus reads the bucket itself; nothing passes through the
host that asked for the computation.

    spark.dataSource.register(BucketParquet)      # `register(spark)` below does it once
    spark.read.format("paritrana_bucket").options(bucket=..., keys=json.dumps([...]),
        schema="participant_key DECIMAL(20,0), ...").load()

The objects are split into Spark partitions of whole row groups (`ROWS_PER_PARTITION`), so a
month held in one big object is still read by every core.

Credentials are the executors' own (pyarrow follows the AWS SDK's chain: the AWS_* variables,
~/.aws, an instance role). The endpoint and region travel as options, since they name the
store, not a secret. This module imports nothing of Paritrana: it is sent to the executors by
value (`register`), so a Spark cluster needs pyarrow, not Paritrana.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pyspark.sql.datasource import DataSource, DataSourceReader, InputPartition

NAME = "paritrana_bucket"
ROWS_PER_PARTITION = 1_000_000
# Parquet's unsigned integers as Spark reads them from a Parquet file itself (Spark has no
# unsigned types): the same widening, so both ways of reading give the same columns.
_WIDER = {"uint8": "int16", "uint16": "int32", "uint32": "int64"}


UNREADABLE = "tidak dapat dibaca dari bucket"  # what a failed read says (see `_open`)


def _file_system(options: dict[str, str]) -> Any:
    from pyarrow import fs

    return fs.S3FileSystem(
        endpoint_override=options.get("endpoint") or None,
        region=options.get("region") or None,
    )


def _open(options: dict[str, str], key: str) -> Any:
    """The object `key`, opened for reading; a failure names the object (the operator sees
    which one, not only pyarrow's words)."""
    where = f"s3://{options['bucket']}/{key}"
    try:
        return _file_system(options).open_input_file(f"{options['bucket']}/{key}")
    except OSError as exc:
        raise OSError(f"Objek {where} {UNREADABLE}: {exc}") from exc


class _Reader(DataSourceReader):
    def __init__(self, options: dict[str, str], schema: Any) -> None:
        self.options = options
        self.columns = [field.name for field in schema.fields]

    def partitions(self) -> list[InputPartition]:
        import pyarrow.parquet as pq

        limit = int(self.options.get("rows_per_partition") or ROWS_PER_PARTITION)
        parts: list[InputPartition] = []
        for key in json.loads(self.options["keys"]):
            with _open(self.options, key) as source:
                metadata = pq.ParquetFile(source).metadata
            groups: list[int] = []
            rows = 0
            for index in range(metadata.num_row_groups):
                groups.append(index)
                rows += metadata.row_group(index).num_rows
                if rows >= limit:
                    parts.append(InputPartition((key, groups)))
                    groups, rows = [], 0
            if groups:
                parts.append(InputPartition((key, groups)))
        return parts

    def read(self, partition: InputPartition) -> Iterator[Any]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        key, groups = partition.value
        with _open(self.options, key) as source:
            table = pq.ParquetFile(source).read_row_groups(groups, columns=self.columns)
        fields = []
        for field in table.schema:
            kind = str(field.type)
            if kind == "uint64":  # DECIMAL(20,0), as Spark's own Parquet reader gives it
                fields.append(pa.field(field.name, pa.decimal128(20, 0)))
            elif kind in _WIDER:
                fields.append(pa.field(field.name, pa.type_for_alias(_WIDER[kind])))
            else:
                fields.append(field)
        yield from table.cast(pa.schema(fields)).to_batches()


class BucketParquet(DataSource):
    """Parquet objects of one S3 bucket. Options: `bucket`, `keys` (a JSON list of object
    keys), `schema` (Spark DDL of the columns to read), `endpoint` and `region` (optional),
    `rows_per_partition` (optional)."""

    @classmethod
    def name(cls) -> str:
        return NAME

    def schema(self) -> str:
        return str(self.options["schema"])

    def reader(self, schema: Any) -> DataSourceReader:
        return _Reader(dict(self.options), schema)


def register(spark: Any) -> None:
    """Make `paritrana_bucket` known to `spark` (classic or Spark Connect). The class travels
    by value, so the executors need not have Paritrana installed."""
    import sys

    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # type: ignore[no-untyped-call]
    spark.dataSource.register(BucketParquet)
