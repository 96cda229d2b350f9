"""An XLSX formula cell without a saved result (a workbook written by a program and never opened
in Excel) is refused with its row and column, and nothing lands; a formula with a saved result
(any workbook Excel has saved) is read as that result."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from paritrana.engine.pseudonym import pseudonymise
from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.store import parquet_glob
from tests.engine import conftest
from tests.engine.conftest import NIKS, SECRET, find, listing, valid_rows

# The fixtures of conftest.py, bound here as well so these tests also run with --noconftest.
importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root

NAMES = SCHEMAS["contributions"].names
SHEET = "xl/worksheets/sheet1.xml"


def letter(column: str) -> str:
    return get_column_letter(NAMES.index(column) + 1)


def workbook(path: Path, formulas: dict[tuple[int, str], str], *, extra_sheet: bool = False):
    """The valid contributions rows as XLSX, with `formulas` ((sheet row, column) -> "=...")
    written by openpyxl, which saves a formula without any result."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "contributions"
    sheet.append(NAMES)
    for row in valid_rows("contributions"):
        sheet.append([row.get(name) or None for name in NAMES])
    for (row_number, column), formula in formulas.items():
        sheet[f"{letter(column)}{row_number}"] = formula
    if extra_sheet:
        book.create_sheet("catatan")["A1"] = "=1+1"
    book.save(path)
    return path


def with_saved_result(path: Path, ref: str, value: str, cell_type: str = "") -> Path:
    """`path` as Excel would save it: the formula at `ref` gets its result `value`."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    typed = f' t="{cell_type}"' if cell_type else ""
    xml, count = re.subn(
        rf'<c r="{ref}"([^>]*)><f>([^<]*)</f><v\s*/></c>',
        rf'<c r="{ref}"\1{typed}><f>\2</f><v>{value}</v></c>',
        parts[SHEET].decode(),
    )
    assert count == 1, parts[SHEET][:2000]
    parts[SHEET] = xml.encode()
    saved = path.with_name("saved-" + path.name)
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return saved


def stored_rows(root: Path) -> dict[object, dict[str, object]]:
    relation = duckdb.connect().execute(
        f"SELECT * FROM read_parquet('{parquet_glob(root, 'contributions')}', "
        "hive_partitioning=false)"
    )
    names = [d[0] for d in relation.description]
    rows = [dict(zip(names, row, strict=True)) for row in relation.fetchall()]
    return {row["participant_key"]: row for row in rows}


def test_a_formula_without_a_saved_result_is_refused_and_nothing_lands(
    tmp_path, importer, store_root
):
    path = workbook(tmp_path / "iuran.xlsx", {(2, "paid_jkk"): f"={letter('due_jkk')}2"})

    result = importer(path)

    assert result.status == "rejected"
    assert "tidak ada yang diubah" in result.message
    (problem,) = result.problems
    assert problem == find(result, row=2, column="paid_jkk", code="xlsx.formula")
    assert problem.file == "iuran.xlsx"
    assert problem.reason.startswith("Sel berisi rumus tanpa nilai tersimpan")
    assert "simpan ulang" in problem.reason and "tempel sebagai nilai" in problem.reason
    assert [(c.column, c.code, c.count) for c in result.problem_summary] == [
        ("paid_jkk", "xlsx.formula", 1)
    ]
    assert listing(store_root) == {}


def test_every_formula_cell_is_named_and_counted_and_other_problems_still_show(
    tmp_path, importer, store_root
):
    due = letter("due_jkk")
    formulas = {
        (2, "paid_jkk"): f"={due}2",
        (3, "paid_jkk"): f"={due}3*1",
        (2, "due_jkm"): "=10000+500",
        (4, "wage"): "=SUM(1,2)",
    }
    path = workbook(tmp_path / "iuran.xlsx", formulas)
    book = openpyxl.load_workbook(path)
    book["contributions"][f"{letter('month')}5"] = "2025-13"  # an ordinary cell problem
    book.save(path)

    result = importer(path)

    assert result.status == "rejected"
    found = sorted((p.row, p.column) for p in result.problems if p.code == "xlsx.formula")
    assert found == [(2, "due_jkm"), (2, "paid_jkk"), (3, "paid_jkk"), (4, "wage")]
    counts = {c.column: c.count for c in result.problem_summary if c.code == "xlsx.formula"}
    assert counts == {"paid_jkk": 2, "due_jkm": 1, "wage": 1}
    find(result, row=5, column="month", code="month.calendar")
    assert listing(store_root) == {}


def test_a_formula_in_the_participant_column_is_refused_without_showing_it(
    tmp_path, importer, store_root
):
    path = workbook(tmp_path / "iuran.xlsx", {(2, "participant"): f'="{NIKS[0]}"'})

    result = importer(path)

    problem = find(result, row=2, column="participant", code="xlsx.formula")
    assert problem.value == ""
    assert NIKS[0] not in repr(result)
    assert listing(store_root) == {}


def test_a_formula_with_a_saved_result_is_read_as_that_result(tmp_path, importer, store_root):
    path = workbook(tmp_path / "iuran.xlsx", {(2, "paid_jkk"): f"={letter('due_jkk')}2"})
    saved = with_saved_result(path, f"{letter('paid_jkk')}2", "8400")

    result = importer(saved)

    assert result.status == "imported", result.problems
    row = stored_rows(store_root)[pseudonymise(NIKS[0], SECRET)]
    assert row["paid_jkk"] == 8400


def test_a_saved_empty_text_result_is_a_result(tmp_path, importer, store_root):
    """Excel saves =IF(...;"";...) giving "" as t="str" with an empty value: blank, not refused."""
    path = workbook(tmp_path / "iuran.xlsx", {(3, "paid_jkk"): '=IF(TRUE,"",1)'})
    saved = with_saved_result(path, f"{letter('paid_jkk')}3", "", cell_type="str")

    result = importer(saved)

    assert result.status == "imported", result.problems
    assert stored_rows(store_root)[pseudonymise(NIKS[1], SECRET)]["paid_jkk"] is None


def test_a_formula_on_another_sheet_does_not_matter(tmp_path, importer):
    path = workbook(tmp_path / "iuran.xlsx", {}, extra_sheet=True)
    result = importer(path)
    assert result.status == "imported", result.problems


@pytest.mark.parametrize("shared", [False, True])
def test_a_row_of_formulas_only_is_refused_not_skipped(shared, tmp_path, importer, store_root):
    """calamine reads a row of unsaved formulas as an empty row, which the reader skips: the
    rows must still be named. `shared`: the way Excel writes a formula filled down."""
    path = workbook(tmp_path / "iuran.xlsx", {})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    formula = '<f t="shared" si="0"/>' if shared else "<f>1+1</f>"
    row = f'<row r="6"><c r="{letter("wage")}6">{formula}</c></row>'
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", row.encode() + b"</sheetData>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    result = importer(path)

    assert result.status == "rejected"
    find(result, row=6, column="wage", code="xlsx.formula")
    assert listing(store_root) == {}
