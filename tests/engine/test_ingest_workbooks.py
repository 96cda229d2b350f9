"""The XLSX template per kind and the XLSX rejection report, opened back with openpyxl."""

from __future__ import annotations

import openpyxl
import pytest

from paritrana.engine.accepts import accepts
from paritrana.engine.problems import Problem, ProblemCount
from paritrana.engine.schemas import SCHEMAS, ColumnType
from paritrana.engine.workbooks import (
    REPORT_HEADER,
    write_problem_report,
    write_template,
)
from tests.engine import conftest
from tests.engine.conftest import NIKS, valid_rows, write_csv

# The fixtures of conftest.py, bound here as well so these tests also run with --noconftest.
importer = conftest.importer
region_index = conftest.region_index
store_root = conftest.store_root


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_the_template_has_the_header_and_explains_every_column(kind, tmp_path):
    schema = SCHEMAS[kind]
    path = write_template(kind, tmp_path / f"{kind}.xlsx")

    workbook = openpyxl.load_workbook(path)

    assert workbook.sheetnames == [kind, "Petunjuk"]
    data = workbook[kind]
    assert [cell.value for cell in data[1]] == schema.names
    assert all(cell.font.bold for cell in data[1])
    assert data.freeze_panes == "A2"
    assert data.max_row == 1  # no example rows that could be imported by mistake
    guide = workbook["Petunjuk"]
    rows = [[cell.value for cell in row] for row in guide.iter_rows()]
    header_at = rows.index(
        ["Kolom", "Jenis", "Wajib", "Nilai yang diizinkan", "Keterangan", "Contoh"]
    )
    listed = {row[0]: row for row in rows[header_at + 1 : header_at + 1 + len(schema.columns)]}
    for column in schema.columns:
        _, type_label, required, choices, description, example = listed[column.name]
        assert type_label == accepts(column)
        assert required == ("Ya" if column.required else "Tidak")
        assert (choices or "") == ", ".join(column.choices)
        assert description == column.description
        assert (example or "") == column.example
    assert any("pemisah ribuan" in str(row[0]) for row in rows)


def test_code_and_identifier_columns_are_formatted_as_text(tmp_path):
    workbook = openpyxl.load_workbook(write_template("contributions", tmp_path / "t.xlsx"))
    sheet = workbook["contributions"]
    formats = {
        cell.value: sheet.column_dimensions[cell.column_letter].number_format for cell in sheet[1]
    }
    for column in SCHEMAS["contributions"].columns:
        if column.type in (ColumnType.SECRET, ColumnType.KABKOTA, ColumnType.VILLAGE):
            assert formats[column.name] == "@", column.name


def test_a_filled_in_template_imports(tmp_path, importer):
    path = write_template("contributions", tmp_path / "iuran.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["contributions"]
    names = SCHEMAS["contributions"].names
    for row in valid_rows("contributions"):
        sheet.append([row.get(name) or None for name in names])
    workbook.save(path)

    result = importer(path)

    assert result.status == "imported", result.problems
    assert result.rows_written == 4


def test_a_number_typed_identifier_in_excel_is_refused(tmp_path, importer):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        ["participant", "kabkota_code", "segment", "programmes", "wage", "due_date", "month"]
    )
    sheet.append([int(NIKS[0]), "61.71", "BPU", "JKK;JKM", 1000000, "2025-02-15", "2025-01"])
    workbook.save(tmp_path / "a.xlsx")

    result = importer(tmp_path / "a.xlsx")

    (problem,) = result.problems
    assert (problem.row, problem.column, problem.code) == (2, "participant", "secret.excel_number")
    assert problem.value == "(disamarkan)"
    assert "Teks" in problem.reason


def test_the_rejection_report_lists_each_problem_with_numeric_rows(tmp_path, importer):
    rows = valid_rows("contributions")
    rows[1]["wage"] = '=HYPERLINK("http://x")'
    rows[2]["kabkota_code"] = "6104010"
    result = importer(write_csv(tmp_path / "iuran.csv", rows))
    assert result.status == "rejected"

    path = write_problem_report(
        result.problems, tmp_path / "laporan.xlsx", summary=result.problem_summary
    )
    workbook = openpyxl.load_workbook(path)

    sheet = workbook["Masalah"]
    assert tuple(cell.value for cell in sheet[1]) == REPORT_HEADER
    assert sheet.freeze_panes == "A2"
    body = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert body == [["iuran.csv", p.row, p.column, p.value, p.reason] for p in result.problems]
    assert all(sheet.cell(row=r, column=2).data_type == "n" for r in range(2, sheet.max_row + 1))
    formula_like = next(row for row in sheet.iter_rows(min_row=2) if row[2].value == "wage")
    assert formula_like[3].data_type == "s" and formula_like[3].value.startswith("=HYPERLINK")
    summary = workbook["Ringkasan"]
    counted = {(row[0].value, row[2].value) for row in summary.iter_rows(min_row=2)}
    assert ("wage", 1) in counted and ("kabkota_code", 1) in counted


def test_the_report_says_when_it_shows_only_part_of_the_problems(tmp_path):
    problems = [Problem("a.csv", 2, "active", "1.000", "Pemisah ribuan", "integer.thousands")]
    summary = [ProblemCount("active", "integer.thousands", "Pemisah ribuan", 4800)]

    workbook = openpyxl.load_workbook(
        write_problem_report(problems, tmp_path / "r.xlsx", summary=summary)
    )

    texts = [row[0].value for row in workbook["Ringkasan"].iter_rows()]
    assert any(text and "1 dari 4.800 masalah" in text for text in texts)  # as the page writes it


def test_a_whole_file_problem_has_an_empty_row_cell(tmp_path):
    problems = [Problem("a.csv", None, "", "", "Berkas kosong.", "file.empty")]

    sheet = openpyxl.load_workbook(write_problem_report(problems, tmp_path / "r.xlsx"))["Masalah"]

    assert [cell.value for cell in sheet[2]] == ["a.csv", None, None, None, "Berkas kosong."]
