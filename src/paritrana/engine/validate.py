"""Validation of a loaded file: header, then every row, as set-based DuckDB queries.

Each check is one query over the whole table (no Python loop per row), returning the first rows
of each problem code and a count of all of them, so a file of tens of millions of rows is checked
in seconds to minutes and a file broken everywhere still yields a report of a readable size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import duckdb
import pyarrow as pa

from paritrana.engine import checks as checks_module
from paritrana.engine import parsing
from paritrana.engine.checks import Check, Columns
from paritrana.engine.parsing import EXCEL_ERROR_CODE, REGIONS_TABLE
from paritrana.engine.problems import (
    PER_CHECK_CAP,
    Problem,
    ProblemCount,
    select_for_report,
    shown_value,
)
from paritrana.engine.reasons import EXCEL_ERROR_SUMMARY, excel_error_reason
from paritrana.engine.regions import RegionIndex
from paritrana.engine.schemas import ColumnType, Schema
from paritrana.engine.sources import Source

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Validation:
    rows: int
    problems: tuple[Problem, ...]  # capped (see problems.TOTAL_CAP), ordered by row
    summary: tuple[ProblemCount, ...]  # every problem counted, per (column, reason)

    @property
    def total(self) -> int:
        return sum(count.count for count in self.summary)

    @property
    def ok(self) -> bool:
        return not self.summary


def register_regions(con: duckdb.DuckDBPyConnection, regions: RegionIndex) -> None:
    table = pa.table(
        {
            "code": pa.array(list(regions.level), pa.string()),
            "level": pa.array(list(regions.level.values()), pa.string()),
        }
    )
    con.register("_regions_arrow", table)
    con.execute(f"CREATE TEMP TABLE {REGIONS_TABLE} AS SELECT * FROM _regions_arrow")
    con.unregister("_regions_arrow")


def validate(
    con: duckdb.DuckDBPyConnection,
    *,
    source: Source,
    schema: Schema,
    file_name: str,
    as_of: dt.date,
    progress: Progress | None = None,
) -> Validation:
    """Check the view `src` against `schema` (the `_regions` table must be registered)."""
    found: list[Problem] = header_problems(con, source, schema, file_name)
    counts: list[ProblemCount] = _count_each(found)
    found += source.cell_problems
    counts += source.cell_counts
    row = con.execute("SELECT count(*) FROM src").fetchone()
    rows = int(row[0]) if row else 0
    if source.problems:
        # Lines that do not parse are missing from the table, so later row numbers would be off:
        # report the structure first; the values are checked once the file reads cleanly.
        found += source.problems
        counts += _count_each(list(source.problems))
    elif rows == 0:
        reason = "Berkas tidak berisi baris data (hanya baris judul)."
        found.append(Problem(file_name, None, "", "", reason, "file.no_rows"))
        counts += _count_each(found[-1:])
    else:
        columns = Columns(schema, frozenset(source.match.positions))
        row_checks = [excel_errors(c, columns) for c in checks_module.cell_checks(columns)]
        row_checks += checks_module.cross_checks(columns, as_of=as_of)
        duplicate = checks_module.duplicate_check(columns)
        row_checks += [duplicate] if duplicate else []
        for done, check in enumerate(row_checks):
            if progress:
                progress("validating", done, len(row_checks))
            check_problems, check_counts = run_check(con, check, source, file_name)
            found += check_problems
            counts += check_counts
        if progress:
            progress("validating", len(row_checks), len(row_checks))
    return Validation(rows, tuple(select_for_report(found)), tuple(counts))


def _count_each(problems: list[Problem]) -> list[ProblemCount]:
    counted: dict[tuple[str, str], ProblemCount] = {}
    for p in problems:
        key = (p.column, p.code)
        before = counted.get(key)
        counted[key] = ProblemCount(p.column, p.code, p.reason, (before.count if before else 0) + 1)
    return list(counted.values())


def header_problems(
    con: duckdb.DuckDBPyConnection, source: Source, schema: Schema, file_name: str
) -> list[Problem]:
    match, row = source.match, source.header_row
    accepted = ", ".join(schema.names)
    if match.unknown and not match.positions:
        # Not one column recognised: most likely the file has no header and this is a row of
        # data (a participant's NIK and name), which must not be copied into the report.
        reason = (
            f"Baris judul tidak dikenali: tidak ada satu pun kolom berkas '{schema.title}'. "
            f"Baris pertama harus berisi judul kolom: {accepted}. Isi baris ini tidak "
            "ditampilkan karena mungkin berisi data peserta."
        )
        problems = [Problem(file_name, row, "", "", reason, "header.unrecognised")]
    else:
        problems = [
            Problem(
                file_name,
                row,
                shown_value(written),
                shown_value(written),
                f"Kolom tidak dikenal untuk berkas '{schema.title}'. "
                f"Kolom yang diterima: {accepted}.",
                "header.unknown",
            )
            for _, written in match.unknown
        ]
    problems += [
        Problem(
            file_name,
            row,
            shown_value(written),
            shown_value(written),
            f"Kolom muncul lebih dari sekali (kolom ke-{first + 1} dan ke-{again + 1}).",
            "header.duplicate",
        )
        for first, again, written in match.duplicates
    ]
    missing = "Kolom wajib tidak ada di baris judul."
    problems += [
        Problem(file_name, row, c.name, "", missing, "header.missing")
        for c in schema.columns
        if c.required and c.name not in match.positions
    ]
    for position, column in source.unnamed_columns.items():
        filled = con.execute(f"SELECT count({column}) FROM src").fetchone()
        if filled and filled[0]:
            reason = "Kolom tanpa judul berisi data: beri judul kolom atau hapus isinya."
            label = f"(kolom ke-{position + 1})"
            problems.append(Problem(file_name, row, label, "", reason, "header.unnamed"))
    return problems


def excel_errors(check: Check, columns: Columns) -> Check:
    """Cell check `check` refusing, ahead of anything else, a cell that is one of Excel's error
    values as text (a CSV saved from Excel writes "#N/A"): a text column would store it as a
    name, and a number column would call it a mere format error. Cheap on every row: the
    first-character test runs on text cells only, since a cell of any other type that parses
    is no error. The participant's shape code, made by the reader, says it already."""
    column = columns.schema.column_index[check.column]
    reasons = {**check.reasons, EXCEL_ERROR_CODE: EXCEL_ERROR_SUMMARY}
    if column.type is ColumnType.SECRET:
        return replace(check, reasons=reasons)
    error = parsing.excel_error(parsing.quote(column.name))
    if column.type not in (ColumnType.TEXT, ColumnType.IDENTIFIER):
        error = f"{columns.parsed(column.name)} IS NULL AND {error}"
    code = f"CASE WHEN {error} THEN {parsing.literal(EXCEL_ERROR_CODE)} ELSE {check.code_sql} END"
    return replace(check, code_sql=code, reasons=reasons)


def run_check(
    con: duckdb.DuckDBPyConnection, check: Check, source: Source, file_name: str
) -> tuple[list[Problem], list[ProblemCount]]:
    """The first PER_CHECK_CAP rows of each problem code of `check`, and each code's count."""
    where = f"WHERE {check.where_sql}" if check.where_sql else ""
    sql = f"""
        SELECT code, _row, value, other, n FROM (
            SELECT code, _row, value, other,
                row_number() OVER (PARTITION BY code ORDER BY _row) AS rn,
                count(*) OVER (PARTITION BY code) AS n
            FROM (
                SELECT _row, ({check.code_sql}) AS code, ({check.value_sql}) AS value,
                    ({check.other_sql}) AS other
                FROM {checks_module.TYPED} {where}
            ) AS hits
            WHERE code IS NOT NULL
        ) AS ranked
        WHERE rn <= {PER_CHECK_CAP}
        ORDER BY code, _row"""
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    for code, row, value, other, n in con.execute(sql).fetchall():
        template = check.reasons[code]
        other_row = source.user_row(int(other)) if other is not None else None
        reason = template.format(other=other_row) if other_row is not None else template
        shown = shown_value(value, masked=check.masked)
        if code == EXCEL_ERROR_CODE:  # the reason names the error (unless the cell is masked)
            reason = excel_error_reason(None if check.masked else value)
        user_row = source.user_row(int(row))
        problems.append(Problem(file_name, user_row, check.column, shown, reason, code))
        counts[code] = int(n)
    summary = [
        ProblemCount(check.column, code, check.reasons[code].replace(" {other}", " lain"), n)
        for code, n in counts.items()
    ]
    return problems, summary
