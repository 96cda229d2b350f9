"""What is wrong with an input file, one record per problem, in words a data officer can act on.

A rejected file is described by a list of `Problem`s (file, row, column, value, reason) and a
summary of how many rows share each (column, reason). The list is capped so a file that is broken
on every one of its ten million rows still gives a report that opens in a spreadsheet; the
summary counts everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paritrana.engine.redact import mask_identifiers

MASKED = "(disamarkan)"  # shown instead of a participant identifier, always
PER_CHECK_CAP = 100  # rows listed per (column, reason)
TOTAL_CAP = 1000  # rows listed in all
VALUE_CHARS = 200  # longer values are cut in reports
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # as the user sees it: header = 1, first data row = 2; None = whole file
    column: str  # "" when the problem is not about one column
    value: str
    reason: str  # Bahasa Indonesia
    code: str = ""  # stable machine name of the check, e.g. "integer.thousands"


@dataclass(frozen=True)
class ProblemCount:
    """How many rows share one (column, reason); `reason` is the generic wording."""

    column: str
    code: str
    reason: str
    count: int


def shown_value(value: object, *, masked: bool = False) -> str:
    """A cell as a report shows it: never the participant identifier (`masked`), never a
    16-digit number in any column (a NIK typed in the wrong place), at most VALUE_CHARS."""
    if value is None:
        return ""
    text = str(value)
    if masked and text:
        return MASKED
    text = _CONTROL.sub("\ufffd", mask_identifiers(text))  # PostgreSQL cannot store NUL
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def select_for_report(problems: list[Problem], *, total_cap: int = TOTAL_CAP) -> list[Problem]:
    """At most `total_cap` problems, every check represented: the first rows of each check
    come before later rows of any other, then the list is ordered by row."""
    rank: dict[tuple[str, str], int] = {}
    ranked = []
    for problem in sorted(problems, key=_row_key):
        key = (problem.column, problem.code)
        rank[key] = rank.get(key, 0) + 1
        ranked.append((rank[key], problem))
    ranked.sort(key=lambda item: (item[0], _row_key(item[1])))
    chosen = [problem for _, problem in ranked[:total_cap]]
    return sorted(chosen, key=_row_key)


def _row_key(problem: Problem) -> tuple[int, str]:
    return (-1 if problem.row is None else problem.row, problem.column)
