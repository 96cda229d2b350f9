"""Files an interrupted import left in the store without a manifest are not data: they must not
block the same rows arriving in another file (issue 14, item 3)."""

from __future__ import annotations

import duckdb

from paritrana.engine.store import imported_files
from tests.engine import conftest
from tests.engine.conftest import valid_rows, write_csv

importer = conftest.importer


def test_an_unregistered_batch_does_not_block_the_same_rows_from_another_file(
    tmp_path, importer, store_root
):
    rows = valid_rows("contributions")
    first = importer(write_csv(tmp_path / "iuran.csv", rows))
    assert first.status == "imported"
    # As a kill between renaming the month files into place and writing the manifest leaves it:
    # the Parquet files are in the month folders, the manifest is not.
    (store_root / "_imports" / "contributions" / f"{first.batch}.json").unlink()
    assert list((store_root / "contributions").rglob(f"{first.batch}.parquet"))

    again = importer(write_csv(tmp_path / "iuran-excel.csv", rows, delimiter=";", bom=True))

    assert again.status == "imported", again.message
    assert again.rows_written == len(rows)
    files = [str(p) for p in imported_files(store_root, "contributions")]
    counted = (
        duckdb.connect()
        .execute(f"SELECT count(*) FROM read_parquet({files}, hive_partitioning=false)")
        .fetchone()
    )
    assert counted == (len(rows),)  # the rows are in the store exactly once
