"""A month column accepts what Excel and data officers write for a month: an Excel date cell (any
day: its month), "Jul-26", "Jul 2026", "Juli 2026", "2026-07", "07/2026", "Des-25" (Bahasa
Indonesia and English names), read by one parser for CSV and XLSX alike; ambiguous or invalid
text stays a row error and nothing lands. Before the fix only YYYY-MM and YYYY-MM-01 were read."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import duckdb
import openpyxl
import pytest

from paritrana.engine import parsing
from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.store import parquet_glob
from tests.engine import conftest
from tests.engine.conftest import find, listing, valid_rows, write_csv

# The fixtures of conftest.py, bound here as well so these tests also run with --noconftest.
importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root

AS_OF = dt.date(2026, 12, 7)
JULY = dt.date(2026, 7, 1)
KIND = "active_counts"
NAMES = SCHEMAS[KIND].names


def counts_file(path: Path, month: object) -> Path:
    """One aggregated-count row whose month cell is `month`, as CSV (text) or XLSX (the cell
    as given: text stays text, a date is a date cell), the XLSX opened back to check."""
    row = {"region_code": "61.04", "segment": "PU", "active": "12500"}
    if path.suffix == ".csv":
        return write_csv(path, [{**row, "month": str(month)}], kind=KIND)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = KIND
    sheet.append(NAMES)
    sheet.append([{**row, "month": month}[name] for name in NAMES])
    if isinstance(month, dt.date):
        sheet.cell(row=2, column=NAMES.index("month") + 1).number_format = "mmm-yy"
    book.save(path)
    cell = openpyxl.load_workbook(path)[KIND].cell(row=2, column=NAMES.index("month") + 1)
    if isinstance(month, dt.date):  # a date cell opens back as a datetime
        assert cell.is_date and cell.value.date() == (
            month.date() if isinstance(month, dt.datetime) else month
        )
    else:
        assert cell.data_type == "s" and cell.value == month
    return path


def stored_months(root: Path, kind: str) -> list[dt.date]:
    relation = duckdb.connect().execute(
        f"SELECT month FROM read_parquet('{parquet_glob(root, kind)}', hive_partitioning=false) "
        "ORDER BY month"
    )
    return [row[0] for row in relation.fetchall()]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("Jul-26", JULY),
        ("jul-26", JULY),
        ("Jul 2026", JULY),
        ("Juli 2026", JULY),
        ("JULI 2026", JULY),
        ("July 2026", JULY),
        ("Jul-2026", JULY),
        ("2026-07", JULY),
        ("2026-7", JULY),
        ("07/2026", JULY),
        ("7/2026", JULY),
        ("2026-07-01", JULY),
        ("2026-07-15", JULY),
        ("15/07/2026", JULY),
        ("Des-25", dt.date(2025, 12, 1)),
        ("Dec-25", dt.date(2025, 12, 1)),
        ("Agu 2026", dt.date(2026, 8, 1)),
        ("Agustus 2026", dt.date(2026, 8, 1)),
        ("Okt-26", dt.date(2026, 10, 1)),
        ("Mei 2026", dt.date(2026, 5, 1)),
        ("Nopember 2026", dt.date(2026, 11, 1)),
    ],
)
def test_a_month_written_as_text_is_read_as_that_month(
    written, month, suffix, tmp_path, importer, store_root
):
    path = counts_file(tmp_path / f"aktif{suffix}", written)

    result = importer(path, KIND, as_of=AS_OF)

    assert result.status == "imported", result.problems
    assert result.months == (month.strftime("%Y-%m"),)
    assert stored_months(store_root, KIND) == [month]


@pytest.mark.parametrize(
    "cell",
    [
        dt.datetime(2026, 7, 1),
        dt.datetime(2026, 7, 15),
        dt.datetime(2026, 7, 31, 13, 45),
        dt.date(2026, 7, 20),
    ],
)
def test_an_excel_date_cell_is_read_as_its_month(cell, tmp_path, importer, store_root):
    path = counts_file(tmp_path / "aktif.xlsx", cell)

    result = importer(path, KIND, as_of=AS_OF)

    assert result.status == "imported", result.problems
    assert stored_months(store_root, KIND) == [JULY]


def test_contributions_with_month_date_cells_import_as_their_months(tmp_path, importer, store_root):
    """The data officer's main file: months typed in Excel become date cells (day 15 here)."""
    names = SCHEMAS["contributions"].names
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "contributions"
    sheet.append(names)
    for row in valid_rows("contributions"):
        year, month = (int(part) for part in row["month"].split("-"))
        row["month"] = dt.datetime(year, month, 15)  # type: ignore[assignment]
        sheet.append([row.get(name) or None for name in names])
    book.save(tmp_path / "iuran.xlsx")
    assert openpyxl.load_workbook(tmp_path / "iuran.xlsx")["contributions"]["R2"].is_date

    result = importer(tmp_path / "iuran.xlsx")

    assert result.status == "imported", result.problems
    assert result.months == ("2025-01", "2025-02")
    jan, feb = dt.date(2025, 1, 1), dt.date(2025, 2, 1)
    assert stored_months(store_root, "contributions") == [jan, jan, feb, feb]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    ("written", "code", "words"),
    [
        ("Jul 26", "month.format", "Jan 25 bisa berarti 25 Januari"),  # 26 July?
        ("26-Jul", "month.format", "TTTT-BB"),  # Excel's d-mmm: a day, no year
        ("07/26", "month.format", "TTTT-BB"),
        ("Juli", "month.format", "TTTT-BB"),
        ("Jux 2026", "month.format", "TTTT-BB"),
        ("Q3 2026", "month.format", "TTTT-BB"),
        ("13/2026", "month.calendar", "01 sampai 12"),
        ("Jul-1999", "month.range", "antara 2000 dan 2100"),
        ("2026-02-30", "month.day", "tidak ada di kalender"),
        ("30/02/2026", "month.day", "tidak ada di kalender"),
    ],
)
def test_ambiguous_or_invalid_month_text_is_a_row_error(
    written, code, words, suffix, tmp_path, importer, store_root
):
    path = counts_file(tmp_path / f"aktif{suffix}", written)

    result = importer(path, KIND, as_of=AS_OF)

    assert result.status == "rejected"
    problem = find(result, row=2, column="month", code=code)
    assert problem.value == written and problem.file == path.name
    assert words in problem.reason
    assert listing(store_root) == {}


def test_a_month_after_the_current_one_is_still_refused_in_any_spelling(tmp_path, importer):
    result = importer(counts_file(tmp_path / "aktif.xlsx", "Jan-27"), KIND, as_of=AS_OF)

    find(result, row=2, column="month", code="month.future")


PIECES = ("2026", "26", "07", "7", "13", "00", "30", "02", "-", "/", " ", ".", "jul", "Juli", "x")


def test_a_month_is_parsed_exactly_when_it_has_no_problem():
    """Validation and conversion agree: every cell either converts or names a problem (every
    text of up to four of these pieces, in one query)."""
    texts = ["".join(p) for n in range(1, 5) for p in itertools.product(PIECES, repeat=n)]
    con = duckdb.connect()
    con.execute("CREATE TABLE cells AS SELECT unnest(?) AS v", [texts])

    disagree = con.execute(
        f"SELECT v, parsed, problem FROM (SELECT v, {parsing.month('v')} AS parsed, "
        f"{parsing.month_problem('v')} AS problem FROM cells) "
        "WHERE (parsed IS NULL) = (problem IS NULL)"
    ).fetchall()
    parsed = con.execute(
        f"SELECT DISTINCT day({parsing.month('v')}), year({parsing.month('v')}) FROM cells "
        f"WHERE {parsing.month('v')} IS NOT NULL"
    ).fetchall()

    assert disagree == []
    assert {day for day, _ in parsed} == {1}
    assert all(parsing.MIN_YEAR <= year <= parsing.MAX_YEAR for _, year in parsed)
    assert len(parsed) > 1  # some of them are months
