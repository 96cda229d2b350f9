"""Valid files of every kind and format land in the store with the stored types and values;
re-imports change nothing; overlapping contributions are refused; a failed write leaves no trace."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from zoneinfo import ZoneInfo

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from paritrana.engine import landing
from paritrana.engine.pseudonym import pseudonymise
from paritrana.engine.store import STORE_COLUMNS, parquet_glob
from tests.engine import conftest
from tests.engine.conftest import CARD, NIKS, SECRET, find, listing, valid_rows, write_csv

# The fixtures of conftest.py, bound here as well so these tests also run with --noconftest.
importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root


def stored(root, kind, order="1"):
    con = duckdb.connect()
    relation = con.execute(
        f"SELECT * FROM read_parquet('{parquet_glob(root, kind)}', hive_partitioning=false) "
        f"ORDER BY {order}"
    )
    names = [d[0] for d in relation.description]
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()], con


def stored_types(root, kind):
    con = duckdb.connect()
    described = con.execute(
        f"DESCRIBE SELECT * FROM read_parquet('{parquet_glob(root, kind)}', "
        "hive_partitioning=false)"
    ).fetchall()
    return {name: type_name for name, type_name, *_ in described}


def test_it_imports_contributions_with_pseudonymised_keys_and_store_types(
    tmp_path, importer, store_root
):
    result = importer(write_csv(tmp_path / "iuran.csv", valid_rows("contributions")))

    assert result.status == "imported", result.problems
    assert (result.row_count, result.rows_written) == (4, 4)
    assert result.months == ("2025-01", "2025-02")
    assert result.batch == result.sha256[:16]
    assert sorted(listing(store_root)) == [
        f"_imports/contributions/{result.batch}.json",
        f"contributions/month=2025-01/{result.batch}.parquet",
        f"contributions/month=2025-02/{result.batch}.parquet",
    ]
    assert stored_types(store_root, "contributions") == STORE_COLUMNS["contributions"]
    rows, _ = stored(store_root, "contributions", order="month, wage")
    by_key = {row["participant_key"]: row for row in rows}
    first = by_key[pseudonymise(NIKS[0], SECRET)]
    assert first["kabkota_code"] == "61.04"
    assert first["village_code"] == "61.04.01.2011"
    assert first["programmes"] == 15
    assert (first["due_jp"], first["paid_jp"]) == (105000, 105000)
    assert (first["due_date"], first["paid_date"]) == (dt.date(2025, 2, 15), dt.date(2025, 2, 10))
    assert first["month"] == dt.date(2025, 1, 1)
    second = by_key[pseudonymise(NIKS[1], SECRET)]
    assert (second["kabkota_code"], second["segment"], second["programmes"]) == ("61.04", "PU", 15)
    assert second["due_date"] == dt.date(2025, 2, 15)  # written 15/02/2025
    assert (second["paid_date"], second["paid_jkk"], second["due_jkm"]) == (None, None, None)
    bpu = by_key[pseudonymise(CARD, SECRET)]
    assert (bpu["segment"], bpu["programmes"], bpu["employer_id"]) == ("BPU", 3, None)
    assert bpu["month"] == dt.date(2025, 2, 1)
    jakon = by_key[pseudonymise(NIKS[2], SECRET)]
    assert (jakon["kabkota_code"], jakon["programmes"]) == ("63.71", 3)


EXPECTED = {
    "active_counts": [
        ("61.04", "PU", dt.date(2025, 12, 1), 12500),
        ("61.04.01.2011", "PU", dt.date(2025, 11, 1), 40),
        ("61.71", "BPU", dt.date(2025, 12, 1), 300),
    ],
    "workforce": [
        ("61", 2025, "sakernas_bekerja", 2650000, "BPS Sakernas Agustus 2025"),
        ("61.04", 2025, "potensi", 250000, None),
    ],
    "targets": [
        ("61", 2025, 59.56, "RPJMD"),
        ("61.04", 2045, 99.5, None),
        ("63", 2026, 70.0, None),
    ],
    "employers": [
        ("NPP-61-000123", "PT Contoh Sawit Lestari", "menengah", "perkebunan", "61.04", 240, None),
        ("NPP-63-000001", "CV Bangun Banua", "kecil", "konstruksi", "63.71", 12, None),
    ],
    "benefits": [("61", "JHT", 2024, 711580000000, 61533), ("63.71", "JKK", 2025, 1500000, 3)],
}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_it_imports_every_other_kind_with_a_batch_sequence(kind, tmp_path, importer, store_root):
    result = importer(write_csv(tmp_path / f"{kind}.csv", valid_rows(kind), kind=kind), kind)

    assert result.status == "imported", result.problems
    assert sorted(listing(store_root)) == [
        f"_imports/{kind}/{result.batch}.json",
        f"{kind}/{result.batch}.parquet",
    ]
    assert stored_types(store_root, kind) == STORE_COLUMNS[kind]
    rows, _ = stored(store_root, kind)
    assert [tuple(row[n] for n in row if n != "_batch_seq") for row in rows] == EXPECTED[kind]
    assert len({row["_batch_seq"] for row in rows}) == 1


def test_a_later_batch_gets_a_larger_sequence(tmp_path, importer, store_root):
    first = write_csv(tmp_path / "a.csv", valid_rows("targets"), kind="targets")
    corrected = valid_rows("targets")
    corrected[0]["target_pct"] = "60"
    second = write_csv(tmp_path / "b.csv", corrected, kind="targets")

    assert importer(first, "targets").status == "imported"
    assert importer(second, "targets").status == "imported"

    rows, _ = stored(store_root, "targets", order="_batch_seq")
    sequences = [row["_batch_seq"] for row in rows if row["region_code"] == "61"]
    values = [row["target_pct"] for row in rows if row["region_code"] == "61"]
    assert sequences[0] < sequences[1] and values == [59.56, 60.0]


def test_reimporting_the_same_file_changes_nothing_and_says_so(tmp_path, importer, store_root):
    path = write_csv(tmp_path / "iuran.csv", valid_rows("contributions"))
    first = importer(path)
    before = listing(store_root)

    again = importer(path)

    assert again.status == "duplicate"
    assert "sudah pernah diimpor" in again.message
    assert (again.sha256, again.row_count, again.months) == (first.sha256, 4, first.months)
    assert again.rows_written == 0
    assert listing(store_root) == before
    renamed = tmp_path / "copy-with-another-name.csv"
    shutil.copy(path, renamed)
    assert importer(renamed).status == "duplicate"
    assert listing(store_root) == before


def test_overlapping_contributions_are_refused_naming_the_row(tmp_path, importer, store_root):
    importer(write_csv(tmp_path / "januari.csv", valid_rows("contributions")))
    before = listing(store_root)
    rows = valid_rows("contributions")
    rows[0]["month"] = "2025-03"  # new
    rows[0]["due_date"], rows[0]["paid_date"] = "2025-04-15", "2025-04-10"
    rows[3]["wage"] = "5100000"  # same participant, employer and month as stored: overlap

    result = importer(write_csv(tmp_path / "koreksi.csv", rows))

    assert result.status == "rejected"
    problem = find(result, row=5, column="participant, employer_id, month", code="store.overlap")
    assert problem.value == "(disamarkan), NPP-63-000001, 2025-02"
    assert "Sudah ada di penyimpanan" in problem.reason
    # Named as the data officer knows it, the file and the day, not the batch's code.
    today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).strftime("%d/%m/%Y")
    assert f"(diimpor sebelumnya dari januari.csv, {today})" in problem.reason
    assert "batch" not in problem.reason
    assert [p.row for p in result.problems] == [3, 4, 5]  # row 2 moved to March
    assert listing(store_root) == before


def test_the_same_participant_with_another_employer_or_month_is_not_an_overlap(
    tmp_path, importer, store_root
):
    importer(write_csv(tmp_path / "a.csv", valid_rows("contributions")))
    row = valid_rows("contributions")[0]
    other_employer = dict(row, employer_id="NPP-61-000999")
    other_month = dict(row, month="2025-03", due_date="2025-04-15", paid_date="2025-04-10")

    result = importer(write_csv(tmp_path / "b.csv", [other_employer, other_month]))

    assert result.status == "imported", result.problems
    assert result.months == ("2025-01", "2025-03")


def test_semicolons_and_a_byte_order_mark_are_read(tmp_path, importer, store_root):
    rows = valid_rows("contributions")
    for row in rows:  # ";" separates fields now: programmes use ","
        row["programmes"] = row["programmes"].replace(";", ",")
    path = write_csv(tmp_path / "excel.csv", rows, delimiter=";", bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfparticipant;employer_id;")

    result = importer(path)

    assert result.status == "imported", result.problems
    assert result.rows_written == 4


def test_a_header_matches_regardless_of_case_and_spaces(tmp_path, importer):
    header = ["Region Code", " SEGMENT ", "Month", "active"]
    rows = [{"Region Code": "61.04", " SEGMENT ": "PU", "Month": "2025-12", "active": "5"}]

    result = importer(write_csv(tmp_path / "a.csv", rows, header=header), "active_counts")

    assert result.status == "imported", result.problems


def test_xlsx_cells_of_every_type_are_read_as_the_user_typed_them(tmp_path, importer, store_root):
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Catatan"
    notes.append(["this sheet is not the data"])
    sheet = workbook.create_sheet("Contributions")
    sheet.append(["Iuran Januari"])  # a title row above the header
    sheet.append([])
    sheet.append(
        [
            *("participant", "employer_id", "kabkota_code", "segment", "programmes", "wage"),
            *("due_jkk", "due_date", "paid_date", "paid_jkk", "month"),
        ]
    )
    sheet.append(
        [
            NIKS[0],
            "NPP-61-000123",
            "61.04",
            "PU",
            "JKK;JKM;JHT;JP",
            3500000,
            8400.0,
            dt.datetime(2025, 2, 15),
            dt.date(2025, 2, 10),
            8400,
            dt.date(2025, 1, 1),
        ]
    )
    sheet.append([])  # an empty row in the middle is skipped
    sheet.append(
        [
            NIKS[1],
            "NPP-61-000123",
            6104,
            "PU",
            "JKK;JKM;JHT;JP",
            4000000.0,
            None,
            "15/02/2025",
            None,
            None,
            "2025-01",
        ]
    )
    path = tmp_path / "iuran.xlsx"
    workbook.save(path)

    result = importer(path)

    assert result.status == "imported", result.problems
    rows, _ = stored(store_root, "contributions", order="wage")
    assert [(r["wage"], r["kabkota_code"], r["due_jkk"], r["due_date"]) for r in rows] == [
        (3500000, "61.04", 8400, dt.date(2025, 2, 15)),
        (4000000, "61.04", None, dt.date(2025, 2, 15)),
    ]
    assert rows[0]["participant_key"] == pseudonymise(NIKS[0], SECRET)


def test_xlsx_row_numbers_are_the_sheet_row_numbers(tmp_path, importer):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([])
    sheet.append(["region_code", "segment", "month", "active"])  # header on row 2
    sheet.append(["61.04", "PU", "2025-12", 1])
    sheet.append([])
    sheet.append(["61.04", "XX", "2025-12", 1])  # row 5
    path = tmp_path / "a.xlsx"
    workbook.save(path)

    result = importer(path, "active_counts")

    assert find(result, row=5, column="segment", code="choice.unknown")


def test_parquet_columns_of_any_type_are_read_as_text(tmp_path, importer, store_root):
    table = pa.table(
        {
            "participant": pa.array([int(NIKS[0]), int(NIKS[1])], pa.int64()),
            "employer_id": ["NPP-61-000123", "NPP-61-000123"],
            "kabkota_code": ["61.04", "6104"],
            "segment": ["PU", "PU"],
            "programmes": ["JKK;JKM;JHT;JP"] * 2,
            "wage": pa.array([3500000.0, 4000000.0], pa.float64()),
            "due_date": pa.array([dt.date(2025, 2, 15)] * 2, pa.date32()),
            "paid_date": pa.array([dt.datetime(2025, 2, 10), None], pa.timestamp("us")),
            "paid_jkk": pa.array([8400, None], pa.int32()),
            "month": ["2025-01", "2025-01"],
        }
    )
    path = tmp_path / "iuran.parquet"
    pq.write_table(table, path)

    result = importer(path)

    assert result.status == "imported", result.problems
    rows, _ = stored(store_root, "contributions", order="wage")
    assert [r["participant_key"] for r in rows] == [pseudonymise(n, SECRET) for n in NIKS[:2]]
    assert [(r["wage"], r["paid_date"], r["paid_jkk"]) for r in rows] == [
        (3500000, dt.date(2025, 2, 10), 8400),
        (4000000, None, None),
    ]


def test_parquet_row_numbers_count_from_two(tmp_path, importer):
    path = tmp_path / "a.parquet"
    table = pa.table(
        {"region_code": ["61", "61"], "year": ["2025", "1999"], "target_pct": ["50", "50"]}
    )
    pq.write_table(table, path)

    assert find(importer(path, "targets"), row=3, column="year", code="year.range")


def test_progress_goes_through_reading_validating_and_writing(tmp_path, importer):
    calls = []
    path = write_csv(tmp_path / "a.csv", valid_rows("contributions"))

    importer(path, progress=lambda stage, done, total: calls.append((stage, done, total)))

    stages = [stage for stage, _, _ in calls]
    assert stages[0] == "reading" and stages[-1] == "writing"
    assert sorted(set(stages), key=stages.index) == ["reading", "validating", "writing"]
    assert all(0 <= done <= total for _, done, total in calls)
    assert calls[-1][1] == calls[-1][2]


def test_a_write_failing_half_way_leaves_the_store_as_it_was(
    tmp_path, importer, store_root, monkeypatch
):
    employers = write_csv(tmp_path / "employers.csv", valid_rows("employers"), kind="employers")
    assert importer(employers, "employers").status == "imported"
    before = listing(store_root)
    renames = []
    real_replace = os.replace

    def failing_replace(source, target):
        renames.append(target)
        if len(renames) == 2:
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(landing.os, "replace", failing_replace)
    path = write_csv(tmp_path / "iuran.csv", valid_rows("contributions"))

    with pytest.raises(OSError, match="disk full"):
        importer(path)

    assert len(renames) == 2  # the first month had landed
    assert listing(store_root) == before
    assert not (store_root / "contributions").exists()
    monkeypatch.setattr(landing.os, "replace", real_replace)
    assert importer(path).status == "imported"


def test_files_left_by_an_interrupted_import_are_replaced(tmp_path, importer, store_root):
    path = write_csv(tmp_path / "iuran.csv", valid_rows("contributions"))
    first = importer(path)
    (store_root / "_imports" / "contributions" / f"{first.batch}.json").unlink()
    march = store_root / "contributions" / "month=2025-03"
    march.mkdir()
    (march / f"{first.batch}.parquet").write_bytes(b"half a file")

    again = importer(path)

    assert again.status == "imported", again.problems  # not an overlap with its own remains
    assert not (march / f"{first.batch}.parquet").exists()


def test_no_raw_participant_identifier_is_stored_anywhere(tmp_path, importer, store_root):
    rows = valid_rows("contributions")
    importer(write_csv(tmp_path / "iuran.csv", rows))
    workbook = openpyxl.Workbook()
    workbook.active.append(
        ["participant", "kabkota_code", "segment", "programmes", "wage", "due_date", "month"]
    )
    workbook.active.append(
        [
            f" {NIKS[0][:6]}.{NIKS[0][6:]} ",
            "61.71",
            "BPU",
            "JKK;JKM",
            1000000,
            "2025-04-15",
            "2025-03",
        ]
    )
    workbook.save(tmp_path / "april.xlsx")
    assert importer(tmp_path / "april.xlsx").status == "imported"
    raw = [*NIKS, CARD]

    files = [p for p in store_root.rglob("*") if p.is_file()]
    assert files and not (store_root / ".staging").exists()
    for path in files:
        content = path.read_bytes()
        for identifier in raw:
            assert identifier.encode() not in content, path
    con = duckdb.connect()
    for path in store_root.rglob("*.parquet"):
        relation = con.execute(f"SELECT * FROM read_parquet('{path}', hive_partitioning=false)")
        names = [d[0] for d in relation.description]
        assert "participant" not in names
        for row in relation.fetchall():
            for value in row:
                assert not any(identifier in str(value) for identifier in raw), (path, value)


def test_the_staging_database_never_holds_the_raw_identifier(
    tmp_path, importer, store_root, monkeypatch
):
    kept = []
    monkeypatch.setattr("paritrana.engine.ingest.ON_DISK_FROM", 0)  # stage on disk, as if large
    monkeypatch.setattr(
        "paritrana.engine.ingest.shutil.rmtree", lambda folder, **_: kept.append(folder)
    )
    assert importer(write_csv(tmp_path / "a.csv", valid_rows("contributions"))).ok

    (folder,) = kept
    con = duckdb.connect(str(folder / "work.duckdb"), read_only=True)
    tables = con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    assert "_raw" in {name for (name,) in tables}
    for (name,) in tables:
        for row in con.execute(f"SELECT * FROM {name}").fetchall():
            for value in row:
                assert not any(n in str(value) for n in [*NIKS, CARD]), (name, value)
