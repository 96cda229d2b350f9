"""The packaged reference files (Kemendagri 2025 hierarchy, award zones), read without Django.

The loader puts them in the database; scripts, benchmarks and engine tests that need the
hierarchy without a database read them here.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from importlib import resources

from paritrana.engine.regions import RegionIndex

DATASET = "kemendagri_2025.csv.gz"
ZONES = "zones.csv"


def data_text(name: str) -> str:
    blob = resources.files("paritrana.regions").joinpath("data", name).read_bytes()
    return gzip.decompress(blob).decode("utf-8") if name.endswith(".gz") else blob.decode("utf-8")


def hierarchy_rows() -> Iterator[dict[str, str]]:
    """code, parent_code, level, kind, name; parents before children."""
    yield from csv.DictReader(io.StringIO(data_text(DATASET)))


def zone_rows() -> Iterator[dict[str, str]]:
    """province_code, zone_code, zone_name, zone_order."""
    yield from csv.DictReader(io.StringIO(data_text(ZONES)))


def region_index() -> RegionIndex:
    zones = {row["province_code"]: row["zone_code"] for row in zone_rows()}
    return RegionIndex.from_rows(
        (
            row["code"],
            row["level"],
            row["parent_code"] or None,
            zones.get(row["code"]) if row["level"] == "provinsi" else None,
            row["name"],
        )
        for row in hierarchy_rows()
    )
