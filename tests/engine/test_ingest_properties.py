"""Garbage never crashes the importer: a file is either imported or rejected with problems,
and a rejected file leaves the store untouched."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paritrana.engine.ingest import import_file
from paritrana.engine.readers import cell_text
from paritrana.engine.regions import RegionIndex
from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.sources import FileScan, Source, normalise_header, scan_file
from tests.engine.conftest import AS_OF, REGION_ROWS, SECRET, listing

REGIONS = RegionIndex.from_rows(REGION_ROWS)

# Plausible-looking values mixed with junk, so that some rows pass and some do not.
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "61.04",
            "6104",
            "61.04.01.2011",
            "6104010",
            "PU",
            "bpu",
            "JKK;JKM",
            "JKK;JKM;JHT;JP",
            "2025-01",
            "2025-02-15",
            "15/02/2025",
            "2025-13",
            "3500000",
            "3.500.000",
            "-1",
            "0",
            "59,56",
            "2025",
            "potensi",
            "JHT",
            "NPP-1",
            "6104012345670001",
            "=1+1",
            '"',
            "é",
        ]
    ),
    st.text(max_size=12),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)


def run(path: Path, kind: str, root: Path):
    before = listing(root)
    result = import_file(
        path=path, kind=kind, store_root=root, regions=REGIONS, secret=SECRET, as_of=AS_OF
    )
    assert result.status in ("imported", "rejected", "duplicate")
    if result.status == "rejected":
        assert result.problems and result.problem_count >= len(result.problems)
        assert all(p.reason for p in result.problems)
        assert listing(root) == before
    if result.status == "imported":
        assert result.rows_written == result.row_count > 0
    return result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(SCHEMAS)),
    rows=st.lists(st.lists(CELLS, min_size=0, max_size=20), min_size=0, max_size=6),
    delimiter=st.sampled_from([",", ";"]),
    drop=st.integers(min_value=0, max_value=3),
)
def test_garbage_csv_rows_are_imported_or_rejected_never_crash(kind, rows, delimiter, drop):
    names = SCHEMAS[kind].names
    header = names[: len(names) - drop] if drop < len(names) else names
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "acak.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(header)
            writer.writerows(row[: len(header)] if len(row) > 3 else row for row in rows)
        run(path, kind, Path(folder) / "store")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(SCHEMAS)), content=st.binary(max_size=300))
def test_garbage_bytes_are_rejected_never_crash(kind, content):
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".csv", ".xlsx", ".parquet"):
            path = Path(folder) / f"acak{suffix}"
            path.write_bytes(content)
            run(path, kind, Path(folder) / "store")


EXCEL_CELLS = st.one_of(
    CELLS,
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2110, 12, 31)),
    st.booleans(),
    st.none(),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(sorted(SCHEMAS)),
    rows=st.lists(st.lists(EXCEL_CELLS, min_size=1, max_size=20), min_size=1, max_size=5),
)
def test_garbage_xlsx_cells_are_imported_or_rejected_never_crash(kind, rows):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "acak.xlsx"
        workbook = openpyxl.Workbook()
        workbook.active.append(SCHEMAS[kind].names)
        for row in rows:
            workbook.active.append([_excel_safe(value) for value in row])
        workbook.save(path)
        run(path, kind, Path(folder) / "store")


def _excel_safe(value):
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable()) or None
    return value


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_whole_floats_read_from_excel_lose_their_point_zero(number):
    text = cell_text(number)
    assert text is not None
    if number.is_integer():
        assert text == str(int(number))
    else:
        assert float(text) == number


def test_excel_dates_read_as_iso_dates():
    assert cell_text(dt.datetime(2025, 2, 15)) == "2025-02-15"
    assert cell_text(dt.datetime(2025, 2, 15, 9, 30)) == "2025-02-15 09:30:00"
    assert cell_text(dt.date(2025, 1, 1)) == "2025-01-01"
    assert (cell_text(None), cell_text(""), cell_text(True)) == (None, None, "TRUE")


def test_header_names_normalise_case_spaces_and_hyphens():
    assert normalise_header("\ufeff Kabkota-Code ") == "kabkota_code"
    assert normalise_header("Due  JKK") == "due_jkk"


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lines=st.lists(st.sampled_from(["a,b", "", "1,2", "x"]), min_size=1, max_size=40),
    crlf=st.booleans(),
)
def test_blank_lines_are_found_wherever_they_are(lines, crlf):
    ending = "\r\n" if crlf else "\n"
    text = "h" + ending + ending.join(lines) + ending
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.csv"
        path.write_bytes(text.encode())
        scan = scan_file(path, find_blank_lines=True)
    expected = tuple(i + 2 for i, line in enumerate(lines) if line == "")
    assert scan.blank_lines == expected


def test_row_numbers_skip_over_blank_lines():
    source = Source(header=(), match=None, blank_lines=(3, 4, 7))  # type: ignore[arg-type]
    # data rows as DuckDB counts them (blank lines skipped): 2, 3, 4, 5 ...
    assert [source.user_row(r) for r in (2, 3, 4, 5, 6)] == [2, 5, 6, 8, 9]
    assert FileScan("x", 0).blank_lines == ()
