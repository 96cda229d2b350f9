"""Fixtures for the pure engine tests: a handful of real Kemendagri regions, a store root, valid
input rows of every kind, and helpers to write them as CSV, XLSX or Parquet.

The engine tests also run with `--noconftest` (no Django), so the test modules import what they
use from here explicitly; under a normal run pytest finds the same fixtures through this file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from paritrana.engine.ingest import ImportResult, import_file
from paritrana.engine.problems import Problem
from paritrana.engine.regions import RegionIndex
from paritrana.engine.schemas import SCHEMAS

SECRET = "uji-rahasia-paritrana"
AS_OF = dt.date(2025, 12, 31)

REGION_ROWS = [
    ("61", "provinsi", None, "kalimantan", "Kalimantan Barat"),
    ("61.04", "kabkota", "61", None, "Kabupaten Ketapang"),
    ("61.04.01", "kecamatan", "61.04", None, "Matan Hilir Utara"),
    ("61.04.01.2011", "desa", "61.04.01", None, "Sungai Putri"),
    ("61.71", "kabkota", "61", None, "Kota Pontianak"),
    ("63", "provinsi", None, "kalimantan", "Kalimantan Selatan"),
    ("63.71", "kabkota", "63", None, "Kota Banjarmasin"),
]

NIKS = ("6104012345670001", "6104012345670002", "6371019876540004")
CARD = "12345678901"  # a KPJ card number, for a BPU participant without NIK

# One valid file per kind (as_of 2025-12-31). Cells are written exactly as given; they mix the
# accepted spellings (plain codes, lower-case choices, DD/MM/YYYY, decimal commas) on purpose.
VALID: dict[str, list[dict[str, str]]] = {
    "contributions": [
        {
            "participant": NIKS[0],
            "employer_id": "NPP-61-000123",
            "kabkota_code": "61.04",
            "village_code": "61.04.01.2011",
            "segment": "PU",
            "programmes": "JKK;JKM;JHT;JP",
            "wage": "3500000",
            "due_jkk": "8400",
            "paid_jkk": "8400",
            "due_jkm": "10500",
            "paid_jkm": "10500",
            "due_jht": "199500",
            "paid_jht": "199500",
            "due_jp": "105000",
            "paid_jp": "105000",
            "due_date": "2025-02-15",
            "paid_date": "2025-02-10",
            "month": "2025-01",
        },
        {
            "participant": NIKS[1],
            "employer_id": "NPP-61-000123",
            "kabkota_code": "6104",
            "segment": "pu",
            "programmes": "jkk, jkm, jht, jp",
            "wage": "4000000",
            "due_jkk": "9600",
            "due_date": "15/02/2025",
            "month": "2025-01",
        },
        {
            "participant": CARD,
            "kabkota_code": "61.71",
            "segment": "BPU",
            "programmes": "JKK;JKM",
            "wage": "2000000",
            "due_jkk": "20000",
            "paid_jkk": "20000",
            "due_jkm": "6800",
            "paid_jkm": "6800",
            "due_date": "2025-03-15",
            "paid_date": "2025-03-01",
            "month": "2025-02",
        },
        {
            "participant": NIKS[2],
            "employer_id": "NPP-63-000001",
            "kabkota_code": "63.71",
            "segment": "Jakon",
            "programmes": "JKK;JKM",
            "wage": "5000000",
            "due_date": "2025-03-15",
            "month": "2025-02",
        },
    ],
    "active_counts": [
        {"region_code": "61.04", "segment": "PU", "month": "2025-12", "active": "12500"},
        {"region_code": "6171", "segment": "bpu", "month": "2025-12", "active": "300"},
        {"region_code": "61.04.01.2011", "segment": "PU", "month": "2025-11", "active": "40"},
    ],
    "workforce": [
        {
            "region_code": "61",
            "year": "2025",
            "base_kind": "sakernas_bekerja",
            "workers": "2650000",
            "source": "BPS Sakernas Agustus 2025",
        },
        {"region_code": "61.04", "year": "2025", "base_kind": "POTENSI", "workers": "250000"},
    ],
    "targets": [
        {"region_code": "61", "year": "2025", "target_pct": "59,56", "source": "RPJMD"},
        {"region_code": "63", "year": "2026", "target_pct": "70"},
        {"region_code": "61.04", "year": "2045", "target_pct": "99.5%"},
    ],
    "employers": [
        {
            "employer_id": "NPP-61-000123",
            "name": "PT Contoh Sawit Lestari",
            "size_class": "menengah",
            "sector": "perkebunan",
            "kabkota_code": "61.04",
            "reported_workforce": "240",
        },
        {
            "employer_id": "NPP-63-000001",
            "name": "CV Bangun Banua",
            "size_class": "Kecil",
            "sector": "konstruksi",
            "kabkota_code": "6371",
            "reported_workforce": "12",
        },
    ],
    "benefits": [
        {
            "region_code": "61",
            "programme": "JHT",
            "year": "2024",
            "amount": "711580000000",
            "recipients": "61533",
        },
        {
            "region_code": "63.71",
            "programme": "jkk",
            "year": "2025",
            "amount": "1500000,00",
            "recipients": "3",
        },
    ],
}


def valid_rows(kind: str) -> list[dict[str, str]]:
    return [dict(row) for row in VALID[kind]]


def write_csv(
    path: Path,
    rows: Sequence[dict[str, str]],
    *,
    header: Sequence[str] | None = None,
    delimiter: str = ",",
    bom: bool = False,
    kind: str = "contributions",
) -> Path:
    names = list(header) if header is not None else SCHEMAS[kind].names
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(names)
        for row in rows:
            writer.writerow([row.get(name, "") for name in names])
    return path


def listing(root: Path) -> dict[str, str]:
    """Every file under `root` with the SHA-256 of its bytes."""
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def find(result: ImportResult, *, row: int | None, column: str, code: str) -> Problem:
    for problem in result.problems:
        if (problem.row, problem.column, problem.code) == (row, column, code):
            return problem
    raise AssertionError(f"no problem {(row, column, code)} in {result.problems}")


@pytest.fixture(scope="session")
def region_index() -> RegionIndex:
    return RegionIndex.from_rows(REGION_ROWS)


@pytest.fixture
def store_root(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def importer(store_root: Path, region_index: RegionIndex) -> Callable[..., ImportResult]:
    """import_file with the test store, regions, secret and as_of filled in."""

    def run(path: Path, kind: str = "contributions", **options: object) -> ImportResult:
        arguments: dict[str, object] = {
            "store_root": store_root,
            "regions": region_index,
            "secret": SECRET,
            "as_of": AS_OF,
        }
        arguments.update(options)
        return import_file(path=path, kind=kind, **arguments)  # type: ignore[arg-type]

    return run
