"""An XLSX error cell (#N/A, #VALUE!, #REF!, #DIV/0!, #NAME?, #NUM!, #NULL!) is refused with its
file, row, column and reason, and nothing lands. python-calamine reads an error cell as empty, and
an empty amount means "not reported": before the fix a failed VLOOKUP in paid_jkk imported as
"nothing paid" and the participant silently counted as unpaid."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from paritrana.engine.schemas import SCHEMAS
from paritrana.engine.workbooks import write_problem_report, write_template
from tests.engine import conftest
from tests.engine.conftest import NIKS, find, listing, valid_rows, write_csv

# The fixtures of conftest.py, bound here as well so these tests also run with --noconftest.
importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root

NAMES = SCHEMAS["contributions"].names
SHEET = "xl/worksheets/sheet1.xml"
ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!")
FIX = "perbaiki rumusnya atau isi nilainya"


def letter(column: str) -> str:
    return get_column_letter(NAMES.index(column) + 1)


def workbook(path: Path, errors: dict[tuple[int, str], str]) -> Path:
    """The valid contributions rows as XLSX with error values at (sheet row, column), opened
    back to make sure openpyxl saved them as error cells (type "e"), not as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "contributions"
    sheet.append(NAMES)
    for row in valid_rows("contributions"):
        sheet.append([row.get(name) or None for name in NAMES])
    for (row_number, column), error in errors.items():
        sheet[f"{letter(column)}{row_number}"] = error
    book.save(path)
    saved = openpyxl.load_workbook(path)["contributions"]
    for (row_number, column), error in errors.items():
        cell = saved[f"{letter(column)}{row_number}"]
        assert (cell.data_type, cell.value) == ("e", error)
    return path


def rewritten(path: Path, change) -> Path:
    """`path` with its sheet XML passed through `change` (what Excel writes that openpyxl
    does not)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[SHEET] = change(parts[SHEET].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_an_na_amount_is_refused_not_read_as_not_reported(tmp_path, importer, store_root):
    employers = write_csv(tmp_path / "pemberi-kerja.csv", valid_rows("employers"), kind="employers")
    assert importer(employers, "employers").status == "imported"
    before = listing(store_root)
    path = workbook(tmp_path / "iuran.xlsx", {(2, "paid_jkk"): "#N/A"})

    result = importer(path)

    assert result.status == "rejected"
    assert "tidak ada yang diubah" in result.message
    (problem,) = result.problems
    assert problem == find(result, row=2, column="paid_jkk", code="xlsx.error")
    assert problem.file == "iuran.xlsx"
    assert problem.value == "#N/A"
    assert problem.reason.startswith(f"Sel berisi galat Excel #N/A; {FIX}.")
    assert [(c.column, c.code, c.count) for c in result.problem_summary] == [
        ("paid_jkk", "xlsx.error", 1)
    ]
    assert listing(store_root) == before


@pytest.mark.parametrize(
    ("error", "column"),
    list(
        zip(
            ERRORS,
            ["paid_jkk", "wage", "month", "kabkota_code", "participant", "segment", "due_date"],
            strict=True,
        )
    ),
)
def test_every_excel_error_in_any_column_is_a_row_error(
    error, column, tmp_path, importer, store_root
):
    path = workbook(tmp_path / "iuran.xlsx", {(3, column): error})

    result = importer(path)

    assert result.status == "rejected"
    problem = find(result, row=3, column=column, code="xlsx.error")
    assert (problem.file, problem.value) == ("iuran.xlsx", error)
    assert f"galat Excel {error};" in problem.reason and FIX in problem.reason
    assert listing(store_root) == {}


def test_an_error_left_by_a_formula_excel_saved_is_refused(tmp_path, importer, store_root):
    """What Excel saves for a VLOOKUP that found nothing: the formula and its error result."""
    path = workbook(tmp_path / "iuran.xlsx", {})
    ref = f"{letter('paid_jkm')}4"

    def lookup_failed(xml: str) -> str:
        cell = f'<c r="{ref}" t="e"><f>VLOOKUP(A4,Tarif!A:B,2,FALSE)</f><v>#N/A</v></c>'
        xml, count = re.subn(rf'<c r="{ref}"[^>]*>.*?</c>', cell, xml)
        assert count == 1
        return xml

    result = importer(rewritten(path, lookup_failed))

    assert result.status == "rejected"
    (problem,) = result.problems  # not also "a formula without a saved result"
    assert (problem.row, problem.column, problem.code) == (4, "paid_jkm", "xlsx.error")
    assert "VLOOKUP" not in repr(result)
    assert listing(store_root) == {}


def test_a_row_of_errors_only_is_refused_not_skipped(tmp_path, importer, store_root):
    """calamine reads a row of error cells as an empty row, which the reader skips."""
    path = workbook(tmp_path / "iuran.xlsx", {(6, name): "#REF!" for name in NAMES})

    result = importer(path)

    assert result.status == "rejected"
    assert {p.column for p in result.problems if p.row == 6} == set(NAMES)
    assert listing(store_root) == {}


def test_every_error_cell_is_named_and_counted_and_other_problems_still_show(
    tmp_path, importer, store_root
):
    errors = {(2, "paid_jkk"): "#N/A", (3, "paid_jkk"): "#N/A", (4, "paid_jkk"): "#DIV/0!"}
    errors[5, "wage"] = "#VALUE!"
    path = workbook(tmp_path / "iuran.xlsx", errors)
    book = openpyxl.load_workbook(path)
    book["contributions"][f"{letter('due_jkk')}3"] = "3.500"  # an ordinary cell problem
    book.save(path)

    result = importer(path)

    found = sorted((p.row, p.column, p.value) for p in result.problems if p.code == "xlsx.error")
    assert found == [
        (2, "paid_jkk", "#N/A"),
        (3, "paid_jkk", "#N/A"),
        (4, "paid_jkk", "#DIV/0!"),
        (5, "wage", "#VALUE!"),
    ]
    counts = {c.column: c for c in result.problem_summary if c.code == "xlsx.error"}
    assert {column: c.count for column, c in counts.items()} == {"paid_jkk": 3, "wage": 1}
    assert "#N/A" in counts["paid_jkk"].reason and FIX in counts["paid_jkk"].reason
    find(result, row=3, column="due_jkk", code="integer.thousands")
    assert listing(store_root) == {}


def test_an_error_in_a_column_without_a_header_is_refused(tmp_path, importer, store_root):
    path = workbook(tmp_path / "iuran.xlsx", {})
    book = openpyxl.load_workbook(path)
    helper = len(NAMES) + 2  # one empty column, then a helper column without a header
    book["contributions"].cell(row=3, column=helper, value="#N/A")
    book.save(path)

    result = importer(path)

    assert result.status == "rejected"
    problem = find(result, row=3, column=f"(kolom ke-{helper})", code="xlsx.error")
    assert problem.value == "#N/A"
    assert listing(store_root) == {}


def test_the_rejection_report_names_the_error_cell(tmp_path, importer):
    path = workbook(tmp_path / "iuran.xlsx", {(2, "paid_jkk"): "#N/A", (4, "month"): "#REF!"})
    result = importer(path)

    report = write_problem_report(
        result.problems, tmp_path / "laporan.xlsx", summary=result.problem_summary
    )
    sheet = openpyxl.load_workbook(report)["Masalah"]

    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert ["iuran.xlsx", 2, "paid_jkk", "#N/A", result.problems[0].reason] in rows
    error_rows = [row for row in rows if row[2] == "month" and row[3] == "#REF!"]
    assert len(error_rows) == 1 and "galat Excel #REF!" in error_rows[0][4]
    # the value is text in the report, not an error cell again
    assert all(cell.data_type == "s" for cell in sheet["D"][1:] if cell.value)
    assert NIKS[0] not in repr(rows)


def test_the_template_tells_the_officer_error_cells_are_refused(tmp_path):
    guide = openpyxl.load_workbook(write_template("contributions", tmp_path / "t.xlsx"))["Petunjuk"]

    rules = [str(row[0].value) for row in guide.iter_rows() if row[0].value]

    assert any("galat Excel (#N/A" in rule and FIX in rule for rule in rules)
