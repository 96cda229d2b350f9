"""A workbook the secretariat uploads (panel members, candidates' representatives): its rows
read as text by column name, and, refused whole, its problems, each with the file, row, column,
value and reason, in Bahasa Indonesia."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

from paritrana.engine.problems import Problem
from paritrana.errors import DomainError


def describe(problem: Problem) -> str:
    where = f"baris {problem.row}" if problem.row is not None else "berkas"
    column = f", kolom '{problem.column}'" if problem.column else ""
    return f"{where}{column}: {problem.reason}"


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "row": problem.row,
        "column": problem.column,
        "value": problem.value,
        "reason": problem.reason,
    }


class WorkbookRejected(DomainError):
    """A workbook with problems: nothing was written. `details["problems"]` lists them (file,
    row, column, value, reason); the message names the first five."""

    http_status = 422
    code = "invalid"

    def __init__(self, file_name: str, problems: list[Problem]) -> None:
        shown = "; ".join(describe(p) for p in problems[:5])
        more = f" (dan {len(problems) - 5} masalah lain)" if len(problems) > 5 else ""
        super().__init__(
            f"Berkas {file_name} ditolak, tidak ada yang disimpan: {shown}{more}.",
            details={"problems": [problem_dict(p) for p in problems]},
        )
        self.problems = problems


Rows = list[tuple[int, dict[str, str]]]


def _header(value: Any) -> str:
    return re.sub(r"[\s_]+", " ", str(value or "")).strip().lower()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(
    content: bytes,
    file_name: str,
    *,
    sheet_name: str,
    columns: Sequence[str],
    missing: Callable[[list[str]], list[str]],
    known: str,
    max_rows: int,
    nothing: str,
) -> tuple[Rows, list[Problem]]:
    """The workbook's data rows as (row number, {column: text}) for the `columns` it names
    (headers compared without case, spaces or underscores), or the problems that stop it being
    read at all: not a workbook, the header `missing` columns (named with `known`, the columns
    recognised), more than `max_rows` rows, or none (`nothing`). Read-only: a large workbook is
    streamed, never loaded whole."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        return [], [
            Problem(file_name, None, "", "", "Berkas bukan buku kerja XLSX yang dapat dibaca.")
        ]
    try:
        sheet = (
            workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
        )
        rows = sheet.iter_rows(values_only=True)
        header = [_header(v) for v in next(rows, ())]
        absent = missing(header)
        if absent:
            return [], [
                Problem(
                    file_name,
                    1,
                    column,
                    "",
                    f"Kolom '{column}' tidak ada di baris judul. Kolom yang dikenal: {known}",
                )
                for column in absent
            ]
        found: Rows = []
        for number, values in enumerate(rows, start=2):
            record = {
                name: _cell(values[i]) if i < len(values) else ""
                for i, name in enumerate(header)
                if name in columns
            }
            if any(record.values()):
                found.append((number, record))
            if len(found) > max_rows:
                return [], [
                    Problem(file_name, None, "", "", f"Berkas berisi lebih dari {max_rows} baris.")
                ]
    finally:
        workbook.close()
    if not found:
        return [], [Problem(file_name, None, "", "", nothing)]
    return found, []
