"""A tiny hand-made store (records, workforce, targets, employers, benefits) whose metrics are
worked out by hand in tests/engine/test_metrics.py. Shared with the Django-side tests."""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import duckdb

from paritrana.engine.landing import write_manifest
from paritrana.engine.regions import RegionIndex

REGIONS = RegionIndex.from_rows(
    [
        ("61", "provinsi", None, "kalimantan", "Kalimantan Barat"),
        ("61.04", "kabkota", "61", None, "Kabupaten Ketapang"),
        ("61.04.01", "kecamatan", "61.04", None, "Matan Hilir Utara"),
        ("61.04.01.2011", "desa", "61.04.01", None, "Sungai Putri"),
        ("61.71", "kabkota", "61", None, "Kota Pontianak"),
        ("63", "provinsi", None, "kalimantan", "Kalimantan Selatan"),
        ("63.71", "kabkota", "63", None, "Kota Banjarmasin"),
        ("31", "provinsi", None, "jawa-bali", "DKI Jakarta"),
        ("31.71", "kabkota", "31", None, "Kota Jakarta Selatan"),
    ]
)

COLUMNS = (
    "participant_key UBIGINT, employer_id VARCHAR, kabkota_code VARCHAR, village_code VARCHAR, "
    "segment VARCHAR, programmes UTINYINT, wage BIGINT, due_jkk BIGINT, paid_jkk BIGINT, "
    "due_jkm BIGINT, paid_jkm BIGINT, due_jht BIGINT, paid_jht BIGINT, due_jp BIGINT, "
    "paid_jp BIGINT, due_date DATE, paid_date DATE, month DATE"
)
DEC, NOV, DEC24 = dt.date(2025, 12, 1), dt.date(2025, 11, 1), dt.date(2024, 12, 1)


def rec(key, employer, kabkota, village, segment, mask, wage, due, paid, paid_date, month=DEC):
    """due/paid: (JKK, JKM, JHT, JP) in rupiah; due on the 15th of the following month."""
    due_date = (month + dt.timedelta(days=32)).replace(day=15)
    interleaved = [v for pair in zip(due, paid, strict=True) for v in pair]
    return (
        key,
        employer,
        kabkota,
        village,
        segment,
        mask,
        wage,
        *interleaved,
        due_date,
        paid_date,
        month,
    )


ON_TIME, LATE = dt.date(2026, 1, 10), dt.date(2026, 2, 1)
RECORDS = [
    # p1: PU at E1 in Ketapang, village Sungai Putri, all four programmes, on time.
    rec(
        1,
        "E1",
        "61.04",
        "61.04.01.2011",
        "PU",
        15,
        5_000_000,
        (100_000, 100_000, 200_000, 200_000),
        (100_000, 100_000, 200_000, 200_000),
        ON_TIME,
    ),
    # p2: PU at E1 without JP (mask 7), paid late.
    rec(
        2,
        "E1",
        "61.04",
        None,
        "PU",
        7,
        3_000_000,
        (100_000, 100_000, 200_000, 0),
        (100_000, 100_000, 200_000, 0),
        LATE,
    ),
    # p3: BPU in Pontianak, no employer.
    rec(
        3,
        None,
        "61.71",
        None,
        "BPU",
        3,
        1_000_000,
        (10_000, 6_800, 0, 0),
        (10_000, 6_800, 0, 0),
        ON_TIME,
    ),
    # p4: PU at E2 in Banjarmasin, billed but unpaid: not active.
    rec(
        4,
        "E2",
        "63.71",
        None,
        "PU",
        15,
        4_000_000,
        (100_000, 100_000, 200_000, 100_000),
        (0, 0, 0, 0),
        None,
    ),
    # p5: two employers in one month: counted once, where the wage is higher (E2, Banjarmasin).
    rec(
        5,
        "E2",
        "63.71",
        None,
        "PU",
        15,
        6_000_000,
        (100_000, 100_000, 300_000, 200_000),
        (50_000, 100_000, 350_000, 200_000),
        ON_TIME,
    ),
    rec(
        5,
        "E1",
        "61.04",
        None,
        "PU",
        15,
        2_000_000,
        (25_000, 25_000, 25_000, 25_000),
        (25_000, 25_000, 25_000, 25_000),
        ON_TIME,
    ),
    # November: p1 at E1 paid half: a month in arrears.
    rec(
        1,
        "E1",
        "61.04",
        "61.04.01.2011",
        "PU",
        15,
        5_000_000,
        (100_000, 100_000, 200_000, 200_000),
        (50_000, 50_000, 100_000, 100_000),
        dt.date(2025, 12, 10),
        month=NOV,
    ),
    # December 2024: two active participants in Kalimantan Barat.
    rec(
        1,
        "E1",
        "61.04",
        "61.04.01.2011",
        "PU",
        15,
        5_000_000,
        (1, 1, 1, 1),
        (1, 1, 1, 1),
        dt.date(2025, 1, 10),
        month=DEC24,
    ),
    rec(
        3,
        None,
        "61.71",
        None,
        "BPU",
        3,
        1_000_000,
        (1, 1, 0, 0),
        (1, 1, 0, 0),
        dt.date(2025, 1, 10),
        month=DEC24,
    ),
]


def _write(con, root: Path, kind: str, columns: str, rows: list[tuple], part: str = "") -> None:
    folder = root / kind / part
    folder.mkdir(parents=True, exist_ok=True)
    name = f"t_{kind}".replace("-", "_")
    con.execute(f"CREATE OR REPLACE TABLE {name} ({columns})")
    con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    con.execute(f"COPY {name} TO '{folder / 'batch.parquet'}' (FORMAT parquet)")
    write_manifest(root, kind, "batch", {"kind": kind, "batch": "batch", "source": "test"})


def build_store(
    root: Path,
    *,
    active_counts: list[tuple] | None = None,
    extra_workforce: list[tuple] = (),
    extra_targets: list[tuple] = (),
) -> Path:
    """`extra_workforce`, `extra_targets`: rows added to the hand-made ones (same columns)."""
    con = duckdb.connect()
    for month in (DEC, NOV, DEC24):
        rows = [r for r in RECORDS if r[-1] == month]
        _write(con, root, "contributions", COLUMNS, rows, f"month={month:%Y-%m}")
    batch = "_batch_seq BIGINT"
    _write(
        con,
        root,
        "workforce",
        "region_code VARCHAR, year INTEGER, base_kind VARCHAR, workers BIGINT, "
        f"source VARCHAR, {batch}",
        [
            ("61", 2025, "sakernas_bekerja", 10, "t", 1),
            ("61.04", 2025, "sakernas_bekerja", 6, "t", 1),
            ("61.71", 2025, "sakernas_bekerja", 4, "t", 1),
            ("63", 2025, "sakernas_bekerja", 5, "t", 1),
            ("61", 2024, "sakernas_bekerja", 10, "t", 1),
            ("61", 2025, "potensi", 8, "t", 1),
            # an older batch with a wrong figure, replaced by the later batch above
            ("63", 2025, "sakernas_bekerja", 999, "old", 0),
            *extra_workforce,
        ],
    )
    _write(
        con,
        root,
        "targets",
        f"region_code VARCHAR, year INTEGER, target_pct DOUBLE, source VARCHAR, {batch}",
        [("61", 2025, 59.56, "Pergub", 1), *extra_targets],
    )
    _write(
        con,
        root,
        "employers",
        "employer_id VARCHAR, name VARCHAR, size_class VARCHAR, sector VARCHAR, "
        f"kabkota_code VARCHAR, reported_workforce BIGINT, jkk_risk VARCHAR, {batch}",
        [
            ("E1", "PT Satu", "menengah", "perkebunan", "61.04", 6, "low", 1),
            ("E2", "PT Dua", "besar", "jasa", "63.71", 4, None, 1),
        ],
    )
    _write(
        con,
        root,
        "benefits",
        "region_code VARCHAR, programme VARCHAR, year INTEGER, amount BIGINT, "
        f"recipients BIGINT, {batch}",
        [("61", "JHT", 2025, 900_000, 2, 1), ("61", "JKK", 2025, 300_000, 1, 1)],
    )
    if active_counts:
        _write(
            con,
            root,
            "active_counts",
            f"region_code VARCHAR, segment VARCHAR, month DATE, active BIGINT, {batch}",
            active_counts,
        )
    return root


_warm: Path | None = None


def warm_store(root: Path) -> Path:
    """`build_store(root)` with its months' facts already computed, as after the imports that
    keep them current: a copy (the files' times kept, as `cp -a`) of a store built and computed
    once per test process. A computation on it reads the facts only (see
    test_a_store_moved_to_another_folder_keeps_its_facts): the judging tests' set-up, not the
    engine, is what they test."""
    global _warm
    if _warm is None:
        from paritrana.engine.metrics import compute_year

        template = Path(tempfile.mkdtemp(prefix="paritrana-warm-store-")) / "store"
        atexit.register(shutil.rmtree, template.parent, True)
        compute_year(store_root=build_store(template), regions=REGIONS, year=2025)
        shutil.rmtree(template / "metrics")  # the facts stay; the results are the test's own
        _warm = template
    shutil.copytree(_warm, root)
    return root
