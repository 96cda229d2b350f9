"""What every reader shares: the file's hash, its header matched to a schema, and the table
of cells a reader leaves behind (see readers.py for the formats).

A reader loads table `_raw`: `_row` (the row number a user sees: header = 1, first data row =
2) where the format gives it, one VARCHAR column per schema column found in the header (each
cell trimmed, NULL when empty), its parsed value `p_<name>` (parsing.py), and for the participant
identifier only its keyed hash (`participant`) and a code for its shape
(`participant__check`), computed in the statement that reads the file: the identifier itself
never reaches the staging database. View `src` adds `_row` where the table lacks it.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from paritrana.engine import parsing
from paritrana.engine.problems import Problem, ProblemCount
from paritrana.engine.pseudonym import sql_expression
from paritrana.engine.schemas import ColumnType, Schema

RAW = "_raw"
TRIM = " \t\r\n\u00a0\ufeff"
_CHUNK = 1 << 22
_MAX_BLANK_LINES = 100_000


class UnreadableFile(Exception):
    """The file cannot be read at all; the message is in Bahasa Indonesia."""


@dataclass(frozen=True)
class FileScan:
    sha256: str
    size: int
    blank_lines: tuple[int, ...] = ()  # physical line numbers of empty lines (CSV)
    crlf_lines: int = 0  # lines ending in CR LF (Windows) and in a lone LF (CSV)
    lf_lines: int = 0

    @property
    def mixed_newlines(self) -> bool:
        """Both Windows and Unix line ends: DuckDB's strict CSV parser refuses such a file."""
        return self.crlf_lines > 0 and self.lf_lines > 0


def scan_file(
    path: Path, *, find_blank_lines: bool, progress: Callable[[int, int], None] | None = None
) -> FileScan:
    """SHA-256 of the file and, for CSV, where its empty lines are (DuckDB skips them, and the
    row numbers in a report must still match what the user sees)."""
    size = path.stat().st_size
    digest = hashlib.sha256()
    blank: set[int] = set()
    lines_before = 0  # newlines before the current chunk
    tail = b""  # the end of the previous chunk, so a blank line split across chunks is seen
    crlf = 0
    done = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            if find_blank_lines:
                if len(blank) < _MAX_BLANK_LINES:
                    blank.update(_blank_lines(tail + chunk, lines_before - tail.count(b"\n")))
                crlf += (tail[-1:] + chunk).count(b"\r\n")
                tail = (tail + chunk)[-2:]
                lines_before += chunk.count(b"\n")
            done += len(chunk)
            if progress:
                progress(done, size)
    return FileScan(digest.hexdigest(), size, tuple(sorted(blank)), crlf, lines_before - crlf)


def unix_newlines(path: Path, target: Path) -> Path:
    """A copy of `path` with every CR LF turned into LF (the line count stays the same, so row
    numbers in a report still match the original)."""
    with path.open("rb") as source, target.open("wb") as out:
        carry = b""
        while chunk := source.read(_CHUNK):
            data = carry + chunk
            carry = b"\r" if data.endswith(b"\r") else b""
            out.write(data[: len(data) - len(carry)].replace(b"\r\n", b"\n"))
        out.write(carry)
    return target


def _blank_lines(buffer: bytes, newlines_before: int) -> list[int]:
    """Line numbers (1-based) of the empty lines that start inside `buffer`."""
    starts: list[int] = []
    for pattern in (b"\n\n", b"\n\r\n"):
        start = buffer.find(pattern)
        while start != -1:
            starts.append(start)
            start = buffer.find(pattern, start + 1)
    lines, counted, position = [], newlines_before, 0
    for start in sorted(starts):
        counted += buffer.count(b"\n", position, start + 1)
        position = start + 1
        lines.append(counted + 1)
    return lines


def normalise_header(name: str) -> str:
    """Header names match case-insensitively; spaces and hyphens inside count as '_'."""
    return re.sub(r"[\s\-]+", "_", name.strip(TRIM).lower())


@dataclass(frozen=True)
class HeaderMatch:
    positions: dict[str, int]  # schema column -> 0-based position of its first occurrence
    unknown: tuple[tuple[int, str], ...]  # (position, name as written)
    duplicates: tuple[tuple[int, int, str], ...]  # (first position, repeated position, name)
    unnamed: tuple[int, ...]  # positions with an empty header cell

    @classmethod
    def of(cls, header: Sequence[str], schema: Schema) -> HeaderMatch:
        positions: dict[str, int] = {}
        unknown, duplicates, unnamed = [], [], []
        for index, written in enumerate(header):
            name = normalise_header(written)
            if not name:
                unnamed.append(index)
            elif name not in schema.column_index:
                unknown.append((index, written))
            elif name in positions:
                duplicates.append((positions[name], index, written))
            else:
                positions[name] = index
        return cls(positions, tuple(unknown), tuple(duplicates), tuple(unnamed))


@dataclass(frozen=True)
class Source:
    header: tuple[str, ...]
    match: HeaderMatch
    problems: tuple[Problem, ...] = ()  # structural problems (CSV lines that do not parse)
    blank_lines: tuple[int, ...] = ()
    unnamed_columns: dict[int, str] = field(default_factory=dict)  # position -> column in _raw

    header_row: int = 1
    # Cells the reader refuses (an XLSX formula without a saved result): the first of each
    # column, and every one counted. Unlike `problems` they leave the rows in place, so the
    # values are still checked.
    cell_problems: tuple[Problem, ...] = ()
    cell_counts: tuple[ProblemCount, ...] = ()

    def user_row(self, row: int) -> int:
        """Row number as the user sees it, from the row number counted without blank lines."""
        shift = 0
        while True:
            skipped = bisect.bisect_right(self.blank_lines, row + shift)
            if skipped == shift:
                return row + shift
            shift = skipped


_SPACES = ", ".join(str(ord(ch)) for ch in TRIM)


def _clean(sql: str) -> str:
    """NULL for an empty cell, else the text without surrounding spaces (trim only when the
    first or last character is a space: trimming every cell costs a third of the read)."""
    edges = f"ascii({sql}) IN ({_SPACES}) OR ascii(right({sql}, 1)) IN ({_SPACES})"
    trimmed = f"nullif(trim({sql}, {parsing.literal(TRIM)}), '')"
    return f"CASE WHEN {sql} = '' THEN NULL WHEN {edges} THEN {trimmed} ELSE {sql} END"


def select_list(
    match: HeaderMatch, schema: Schema, cell: Callable[[int], str], numeric: Callable[[int], str]
) -> tuple[list[str], dict[int, str]]:
    """SELECT items turning positional cells into _raw's columns (hashing the secret one)."""
    items: list[str] = []
    for name, position in match.positions.items():
        value = _clean(cell(position))
        if schema.column_index[name].type is ColumnType.SECRET:
            items.append(f"{sql_expression(value)} AS {parsing.quote(name)}")
            check = parsing.secret_problem(value, numeric(position))
            items.append(f"{check} AS {parsing.quote(name + '__check')}")
        else:
            items.append(f"{value} AS {parsing.quote(name)}")
    unnamed = {position: f"_unnamed_{position}" for position in match.unnamed}
    items += [f"{_clean(cell(p))} AS {column}" for p, column in unnamed.items()]
    return items, unnamed


def create_raw(
    con: duckdb.DuckDBPyConnection,
    select: str,
    items: list[str],
    secret: str,
    match: HeaderMatch,
    schema: Schema,
) -> None:
    """CREATE TABLE _raw from `select` (with '{items}' standing for the SELECT items), adding
    the parsed value of every column. The secret travels as a statement parameter, never inside
    the SQL text. Projections keep the file's order, so rowid still counts rows."""
    listed = ", ".join(items) or "NULL AS _none"
    parameters = {"secret": secret} if "$secret" in listed else None
    inner = select.replace("{items}", listed)
    outer = ", ".join(["*", *parsing.parsed_items(schema, match.positions)])
    con.execute(f"CREATE TABLE {RAW} AS SELECT {outer} FROM ({inner}) AS cells", parameters)
