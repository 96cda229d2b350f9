"""Every accepted row counts: an empty amount column means "not reported" and adds nothing.

A BPU file leaves JHT and JP empty, a Jakon file carries only JKK and JKM. Before the fix the
engine summed the four paid_* columns with plain `+`, so one empty cell made the sum NULL and the
participant was never active (and a Jakon employer was never billed)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paritrana.engine.landing import write_manifest
from paritrana.engine.metrics import YearMetrics, compute_year
from tests.engine import conftest
from tests.engine.conftest import write_csv
from tests.store_fixture import COLUMNS, REGIONS, rec

importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root

DEC = dt.date(2025, 12, 1)


def _bpu_row(number: int, *, blank: bool) -> dict[str, str]:
    row = {
        "participant": f"61040123456700{number:02d}",
        "kabkota_code": "61.04",
        "segment": "BPU",
        "programmes": "JKK;JKM;JHT",
        "wage": "2000000",
        "due_jkk": "20000",
        "paid_jkk": "20000",
        "due_jkm": "6800",
        "paid_jkm": "6800",
        "due_date": "2026-01-15",
        "paid_date": "2025-12-10",
        "month": "2025-12",
    }
    if not blank:  # the other half write 0 where the first half leave the cell empty
        row.update(due_jht="0", paid_jht="0", due_jp="0", paid_jp="0")
    return row


def _metrics(root: Path, table: str, **where: object) -> list[dict[str, object]]:
    return _read(
        compute_year(store_root=root, regions=REGIONS, year=2025, use_cache=False), table, **where
    )


def _read(result: YearMetrics, table: str, **where: object) -> list[dict[str, object]]:
    """The rows of one of a computation's result tables (`where`: equal to these values)."""
    clause = " AND ".join(f"{k} = ?" for k in where) or "true"
    cursor = duckdb.connect().execute(
        f"SELECT * FROM '{result.path(table)}' WHERE {clause}", list(where.values())
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_six_imported_bpu_rows_are_six_active_participants(tmp_path, importer, store_root):
    rows = [_bpu_row(n, blank=n <= 3) for n in range(1, 7)]
    result = importer(write_csv(tmp_path / "bpu.csv", rows), as_of=dt.date(2025, 12, 31))
    assert result.status == "imported", result.problems
    assert result.message == "6 baris diimpor."
    [ketapang] = _metrics(store_root, "region_metrics", level="kabkota", region_code="61.04")
    assert (ketapang["active"], ketapang["active_bpu"]) == (6, 6)
    assert (ketapang["active_jkk"], ketapang["active_jkm"], ketapang["active_jht"]) == (6, 6, 6)


def test_a_jakon_employer_reporting_only_jkk_and_jkm_is_billed_and_paid(
    tmp_path, importer, store_root
):
    rows = [
        {
            "participant": f"637101987654000{n}",
            "employer_id": "NPP-63-000001",
            "kabkota_code": "63.71",
            "segment": "Jakon",
            "programmes": "JKK;JKM",
            "wage": "5000000",
            "due_jkk": "12000",
            "paid_jkk": "12000",
            "due_jkm": "15000",
            "paid_jkm": "15000",
            "due_date": "2026-01-15",
            "paid_date": "2026-01-10" if n <= 2 else "2026-01-20",
            "month": "2025-12",
        }
        for n in range(1, 4)
    ]
    result = importer(write_csv(tmp_path / "jakon.csv", rows), as_of=dt.date(2026, 1, 31))
    assert result.status == "imported", result.problems
    [employer] = _metrics(store_root, "employer_metrics", employer_id="NPP-63-000001")
    assert (employer["records"], employer["billed"], employer["on_time"]) == (3, 3, 2)
    assert (employer["due"], employer["paid"]) == (81_000, 81_000)
    assert employer["on_time_pct"] * 3 == 200
    assert employer["months_in_arrears"] == 0
    [banjarmasin] = _metrics(store_root, "region_metrics", level="kabkota", region_code="63.71")
    assert banjarmasin["active_jakon"] == 3


# --- property: random blanks and zeros --------------------------------------------------------

AMOUNT = st.one_of(st.none(), st.just(0), st.integers(1, 50_000))
PLACES = ["61.04", "61.71", "63.71"]
record = st.tuples(
    st.integers(1, 25),  # participant
    st.sampled_from(["E1", "E2", None]),  # employer (None: a BPU row without one)
    st.sampled_from(PLACES),
    st.integers(1_000_000, 9_000_000),  # wage
    st.tuples(AMOUNT, AMOUNT, AMOUNT, AMOUNT),  # due JKK JKM JHT JP
    st.tuples(AMOUNT, AMOUNT, AMOUNT, AMOUNT),  # paid JKK JKM JHT JP
    st.booleans(),  # paid on time?
)


def _rows(draws: list[tuple]) -> list[tuple]:
    seen, rows = set(), []
    for participant, employer, kabkota, wage, due, paid, on_time in draws:
        if (participant, employer) in seen:  # natural key: participant, employer, month
            continue
        seen.add((participant, employer))
        paid_date = dt.date(2026, 1, 10) if on_time else dt.date(2026, 1, 20)
        segment = "PU" if employer else "BPU"
        rows.append(
            rec(participant, employer, kabkota, None, segment, 15, wage, due, paid, paid_date)
        )
    return rows


def _reported(amounts: tuple) -> int:
    return sum(a for a in amounts if a is not None)


def _expected(rows: list[tuple]) -> tuple[dict[str, int], dict[str, tuple[int, int, int, int]]]:
    """Plain Python: active participants per kab/kota (one place each: the record with the
    highest wage, then employer id) and per employer (billed, on time, due, paid)."""
    best: dict[int, tuple] = {}
    employers: dict[str, tuple[int, int, int, int]] = {}
    for row in rows:
        key, employer, kabkota, wage = row[0], row[1], row[2], row[6]
        due, paid = _reported(row[7:15:2]), _reported(row[8:16:2])
        if paid > 0 and (key not in best or (wage, employer or "") > best[key][:2]):
            best[key] = (wage, employer or "", kabkota)
        if employer:
            billed, on_time, due_sum, paid_sum = employers.get(employer, (0, 0, 0, 0))
            timely = due > 0 and paid >= due and row[16] <= row[15]
            employers[employer] = (
                billed + (due > 0),
                on_time + timely,
                due_sum + due,
                paid_sum + paid,
            )
    active: dict[str, int] = {}
    for _, _, kabkota in best.values():
        active[kabkota] = active.get(kabkota, 0) + 1
    return active, employers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(record, min_size=1, max_size=40))
def test_blank_and_zero_amounts_give_the_counts_of_a_plain_count(draws):
    rows = _rows(draws)
    expected_active, expected_employers = _expected(rows)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "contributions" / "month=2025-12"
        folder.mkdir(parents=True)
        con = duckdb.connect()
        con.execute(f"CREATE TABLE r ({COLUMNS})")
        con.executemany(f"INSERT INTO r VALUES ({', '.join('?' * len(rows[0]))})", rows)
        con.execute(f"COPY r TO '{folder / 'b.parquet'}' (FORMAT parquet)")
        write_manifest(root, "contributions", "b", {})
        result = compute_year(store_root=root, regions=REGIONS, year=2025, use_cache=False)
        regions = _read(result, "region_metrics", level="kabkota")
        employers = _read(result, "employer_metrics")
    assert {r["region_code"]: r["active"] for r in regions if r["active"]} == expected_active
    assert {
        e["employer_id"]: (e["billed"], e["on_time"], e["due"], e["paid"]) for e in employers
    } == expected_employers


def test_rows_with_nothing_paid_are_said_when_the_import_lands(tmp_path, importer, store_root):
    """A row whose paid_* are all empty (or 0) is stored but is no active participant: the import
    said only "5 baris diimpor." and the five never counted, unseen."""
    rows = [_bpu_row(n, blank=True) for n in range(1, 6)]
    for row in rows[:2]:
        row.update(paid_jkk="", paid_jkm="")  # nothing reported paid
    rows[2].update(paid_jkk="0", paid_jkm="0")  # nothing paid
    result = importer(write_csv(tmp_path / "bpu.csv", rows), as_of=dt.date(2025, 12, 31))
    assert result.status == "imported", result.problems
    assert result.message.startswith(
        "5 baris diimpor. 3 di antaranya tanpa iuran dibayar (semua kolom paid_* kosong atau 0): "
        "tersimpan, tetapi tidak dihitung sebagai peserta aktif bulan itu"
    )
    [ketapang] = _metrics(store_root, "region_metrics", level="kabkota", region_code="61.04")
    assert ketapang["active"] == 2


def test_the_counts_of_a_large_import_are_written_with_dots(tmp_path, importer, store_root):
    """ "2310 baris diimpor." beside pages writing "3.000.000": the counts as the pages write."""
    rows = []
    for n in range(1, 1201):
        row = _bpu_row(1, blank=True)
        row.update(participant=f"6104012345{n:06d}", paid_jkk="", paid_jkm="")
        rows.append(row)
    result = importer(write_csv(tmp_path / "bpu.csv", rows), as_of=dt.date(2025, 12, 31))
    assert result.status == "imported", result.problems[:3]
    assert result.message.startswith("1.200 baris diimpor. 1.200 di antaranya tanpa iuran")
