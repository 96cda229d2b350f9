"""A workbook the secretariat uploads (panel members, candidates' representatives) refused
whole: its problems, each with the file, row, column, value and reason, in Bahasa Indonesia."""

from __future__ import annotations

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
