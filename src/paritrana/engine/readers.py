"""Reading CSV, XLSX and Parquet files into DuckDB (table `_raw`, view `src`: see sources.py).

CSV and Parquet stream inside DuckDB; XLSX goes through python-calamine in memory (a sheet holds
at most 1,048,576 rows) and is handed to DuckDB as an Arrow table. Every cell is read as text,
so validation, not the reader, decides what is wrong; except an XLSX formula with no saved
result and an XLSX error value (#N/A, #DIV/0!, ...), which read as empty and are refused here
(xlsx_formulas.py). The same error as text (a CSV saved from Excel) is refused by validation.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
import zlib
from pathlib import Path

import duckdb
import pyarrow as pa
from python_calamine import CalamineWorkbook

from paritrana.engine import parsing
from paritrana.engine.parsing import EXCEL_ERROR_CODE
from paritrana.engine.problems import PER_CHECK_CAP, Problem, ProblemCount
from paritrana.engine.reasons import EXCEL_ERROR_REASON, EXCEL_ERROR_SUMMARY
from paritrana.engine.schemas import ColumnType, Schema
from paritrana.engine.sources import (
    RAW,
    TRIM,
    FileScan,
    HeaderMatch,
    Source,
    UnreadableFile,
    create_raw,
    normalise_header,
    select_list,
    unix_newlines,
)
from paritrana.engine.xlsx_formulas import ErrorCell, hidden_cells

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# A workbook is read whole into memory, so its declared size is checked first: a few KB of
# XLSX can declare a sheet of billions of empty cells (a "spreadsheet bomb"), or deflate into
# gigabytes of XML. A legitimate file within these bounds holds ~1 M rows of 19 columns; more
# belongs in CSV or Parquet, which stream.
MAX_XLSX_CELLS = 20_000_000
MAX_XLSX_COLUMNS = 256
MAX_XLSX_INFLATED = 2 * 1024**3
MAX_XLSX_RATIO = 200
_NOT_A_WORKBOOK = (
    "Berkas bukan buku kerja Excel (.xlsx) yang dapat dibaca: arsipnya rusak, terpotong atau "
    "bukan XLSX. Buka di Excel lalu simpan ulang sebagai 'Excel Workbook (.xlsx)', atau kirim "
    "sebagai CSV."
)
FORMULA = "xlsx.formula"
FORMULA_REASON = (
    "Sel berisi rumus tanpa nilai tersimpan (berkas dibuat oleh program dan belum pernah "
    "dihitung di Excel), sehingga nilainya terbaca kosong. Buka berkas di Excel lalu simpan "
    "ulang, atau salin kolomnya lalu tempel sebagai nilai."
)
# An error cell reads as empty, and an empty amount means "not reported": refused, never blank
# (the same value as a CSV's text is refused by validate.py, with the same code and reason).
ERROR = EXCEL_ERROR_CODE
ERROR_REASON = EXCEL_ERROR_REASON
ERROR_SUMMARY = EXCEL_ERROR_SUMMARY
PARQUET_SUFFIXES = (".parquet", ".pq")
SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES + PARQUET_SUFFIXES


# A ZIP container that is damaged inside (a flipped byte, a truncated part) fails while being
# inflated, with any of these.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)
_FORMATS = {".csv": "CSV", ".txt": "CSV", ".parquet": "Parquet", ".pq": "Parquet"}


def read_source(
    con: duckdb.DuckDBPyConnection,
    *,
    path: Path,
    schema: Schema,
    secret: str,
    scan: FileScan,
    file_name: str | None = None,
    scratch: Path | None = None,
) -> Source:
    """Load `path` into table _raw (and view `src` with `_row`); raise UnreadableFile.

    `file_name` is the name problems give the file (default: the path's own name); `scratch`
    a folder for a cleaned copy when one is needed (a CSV mixing Windows and Unix line ends)."""
    suffix = path.suffix.lower()
    name = file_name or path.name
    try:
        if suffix in CSV_SUFFIXES:
            if scan.mixed_newlines and scratch is not None:
                path = unix_newlines(path, scratch / "unix-newlines.csv")
            return _read_csv(con, path, schema, secret, scan, name)
        if suffix in XLSX_SUFFIXES:
            return _read_xlsx(con, path, schema, secret, name)
        if suffix in PARQUET_SUFFIXES:
            return _read_parquet(con, path, schema, secret)
    except duckdb.Error as error:
        raise UnreadableFile(_unreadable(suffix, error)) from error
    raise UnreadableFile(
        f"Jenis berkas '{suffix or name}' tidak didukung: gunakan CSV, XLSX atau Parquet."
    )


def _unreadable(suffix: str, error: duckdb.Error) -> str:
    """Why DuckDB could not read the file, in Bahasa Indonesia. DuckDB's own message may quote
    a line of the file (a participant's NIK and name), so it is never passed on: only the line
    number it names, if any."""
    fmt = _FORMATS.get(suffix, "CSV")
    line = re.search(r"\bline:? ([0-9]+)", str(error), flags=re.IGNORECASE)
    where = f" (sekitar baris {line.group(1)})" if line else ""
    if fmt == "Parquet":
        return (
            f"Berkas tidak dapat dibaca sebagai Parquet{where}: berkas rusak, terpotong atau "
            "bukan Parquet. Ekspor ulang berkasnya."
        )
    return (
        f"Berkas tidak dapat dibaca sebagai CSV{where}: periksa pemisah kolom, tanda kutip dan "
        "pengodean (simpan dari Excel sebagai 'CSV UTF-8 (Comma delimited)')."
    )


# --- CSV ------------------------------------------------------------------------------------

_CSV_ERRORS = {
    "TOO MANY COLUMNS": ("csv.too_many", "Jumlah kolom lebih banyak daripada baris judul."),
    "MISSING COLUMNS": ("csv.too_few", "Jumlah kolom lebih sedikit daripada baris judul."),
    "INVALID ENCODING": (
        "csv.encoding",
        "Bukan teks UTF-8. Simpan ulang dari Excel sebagai 'CSV UTF-8 (Comma delimited)'.",
    ),
    "UNQUOTED VALUE": ("csv.quote", 'Tanda kutip (") tidak berpasangan.'),
    "LINE SIZE OVER MAXIMUM": ("csv.line_size", "Baris terlalu panjang."),
}


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    schema: Schema,
    secret: str,
    scan: FileScan,
    file_name: str,
) -> Source:
    with path.open("rb") as handle:
        first = handle.readline(1 << 20)
    try:
        line = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as error:
        raise UnreadableFile(_CSV_ERRORS["INVALID ENCODING"][1]) from error
    if not line.strip(TRIM):
        raise UnreadableFile("Baris pertama kosong: baris pertama harus berisi judul kolom.")
    delimiter = max((",", ";", "\t"), key=line.count)  # ties go to the comma
    try:
        header = tuple(next(csv.reader([line], delimiter=delimiter)))
    except csv.Error as error:  # its message may quote the line: not passed on
        raise UnreadableFile(
            "Baris judul (baris 1) tidak dapat dibaca: periksa tanda kutip dan pemisah kolom."
        ) from error
    match = HeaderMatch.of(header, schema)
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header))) + "}"
    reader = (
        f"read_csv({parsing.literal(str(path))}, delim={parsing.literal(delimiter)}, "
        f"quote='\"', escape='\"', header=true, columns={columns}, auto_detect=false, "
        "encoding='utf-8', store_rejects=true, rejects_table='_rejects', "
        "rejects_scan='_reject_scans')"
    )
    items, unnamed = select_list(match, schema, lambda i: f"c{i}", lambda i: "false")
    create_raw(con, f"SELECT {{items}} FROM {reader}", items, secret, match, schema)
    # Insertion order is the file's order, so rowid counts data rows (blank lines aside).
    con.execute(f"CREATE VIEW src AS SELECT rowid + 2 AS _row, * FROM {RAW}")
    problems = _csv_rejects(con, file_name)
    return Source(header, match, problems, scan.blank_lines, unnamed)


def _csv_rejects(con: duckdb.DuckDBPyConnection, file_name: str) -> tuple[Problem, ...]:
    rows = con.execute(
        "SELECT DISTINCT line, error_type FROM _rejects ORDER BY line LIMIT 1000"
    ).fetchall()
    problems = []
    for line, error_type in rows:
        code, reason = _CSV_ERRORS.get(str(error_type), ("csv.other", "Baris tidak dapat dibaca."))
        problems.append(Problem(file_name, int(line), "", "", reason, code))
    return tuple(problems)


# --- XLSX -----------------------------------------------------------------------------------


def cell_text(value: object) -> str | None:
    """A spreadsheet cell as the text a user would type: dates YYYY-MM-DD, whole numbers
    without '.0'."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _header_row(texts: list[list[str | None]], schema: Schema) -> int | None:
    """The first non-empty row naming a schema column among the first few (a title above the
    header is common in exported sheets), else the first non-empty row."""
    filled = [i for i, row in enumerate(texts[:50]) if any(row)]
    for index in filled[:10]:
        if any(normalise_header(t or "") in schema.column_index for t in texts[index]):
            return index
    return filled[0] if filled else None


def _is_long_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15


def _check_container(path: Path) -> None:
    """Refuse a workbook whose parts inflate far beyond the file (a ZIP bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except ZIP_ERRORS as error:
        raise UnreadableFile(_NOT_A_WORKBOOK) from error
    if inflated > MAX_XLSX_INFLATED or inflated > MAX_XLSX_RATIO * max(path.stat().st_size, 1):
        raise UnreadableFile(
            f"Berkas ditolak: isinya mengembang menjadi {inflated:,} bita (bom ZIP). "
            "Simpan ulang dari Excel, atau kirim sebagai CSV.".replace(",", ".")
        )


_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _extent(path: Path) -> tuple[int, int]:
    """The largest row and column any cell of any worksheet names, read by streaming the XML.

    calamine allocates a sheet's whole rectangle before anything can be checked, so the
    rectangle is measured here first, in a few MB of memory whatever the file declares.
    """
    rows = columns = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
                continue
            tail = b""
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    data = tail + chunk
                    for letters, digits in _CELL_REF.findall(data):
                        rows = max(rows, int(digits))
                        columns = max(columns, _column_number(letters))
                    tail = data[-256:]
    return rows, columns


def _check_sheet(height: int, width: int) -> None:
    if width > MAX_XLSX_COLUMNS or height * width > MAX_XLSX_CELLS:
        raise UnreadableFile(
            f"Lembar kerja ditolak: rentangnya {height:,} baris x {width:,} kolom, melebihi batas "
            f"{MAX_XLSX_CELLS:,} sel dan {MAX_XLSX_COLUMNS} kolom. Hapus sel kosong di luar "
            "tabel, atau kirim data sebesar ini sebagai CSV atau Parquet.".replace(",", ".")
        )


def _read_xlsx(
    con: duckdb.DuckDBPyConnection, path: Path, schema: Schema, secret: str, file_name: str
) -> Source:
    _check_container(path)
    try:
        extent = _extent(path)
    except ZIP_ERRORS as error:  # a damaged part: inflating it fails
        raise UnreadableFile(_NOT_A_WORKBOOK) from error
    _check_sheet(*extent)
    # calamine raises its own zoo of errors for damaged workbooks; their text can quote cells,
    # so it is not passed on.
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        wanted = [n for n in names if n.strip().lower() == schema.kind]
        sheet_name = (wanted or names)[0]
        sheet = workbook.get_sheet_by_name(sheet_name)
    except Exception as error:
        raise UnreadableFile(_NOT_A_WORKBOOK) from error
    _check_sheet(sheet.height, sheet.width)
    try:
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as error:
        raise UnreadableFile(_NOT_A_WORKBOOK) from error
    texts = [[cell_text(value) for value in row] for row in rows]
    first = _header_row(texts, schema)
    if first is None:
        raise UnreadableFile("Lembar kerja kosong: baris pertama harus berisi judul kolom.")
    header = tuple(text or "" for text in texts[first])
    match = HeaderMatch.of(header, schema)
    data = [i for i in range(first + 1, len(texts)) if any(texts[i])]
    width = len(header)
    arrays: dict[str, pa.Array] = {"_row": pa.array([i + 1 for i in data], pa.int64())}
    for position in range(width):
        arrays[f"c{position}"] = pa.array([texts[i][position] for i in data], pa.string())
    for name, position in match.positions.items():
        if schema.column_index[name].type is ColumnType.SECRET:
            flags = [_is_long_number(rows[i][position]) for i in data]
            arrays[f"n{position}"] = pa.array(flags, pa.bool_())
    del texts, rows
    con.register("_xlsx", pa.table(arrays))
    items, unnamed = select_list(match, schema, lambda i: f"c{i}", lambda i: f"n{i}")
    create_raw(con, "SELECT _row, {items} FROM _xlsx", items, secret, match, schema)
    con.unregister("_xlsx")
    con.execute(f"CREATE VIEW src AS SELECT * FROM {RAW}")
    try:
        hidden, counts = _hidden_cell_problems(path, sheet_name, first + 1, match, file_name)
    except ZIP_ERRORS as error:
        raise UnreadableFile(_NOT_A_WORKBOOK) from error
    return Source(
        header,
        match,
        (),
        (),
        unnamed,
        header_row=first + 1,
        cell_problems=hidden,
        cell_counts=counts,
    )


def _hidden_cell_problems(
    path: Path, sheet_name: str, header_row: int, match: HeaderMatch, file_name: str
) -> tuple[tuple[Problem, ...], tuple[ProblemCount, ...]]:
    """The first PER_CHECK_CAP cells of each column below the header that read as empty though
    they are not, and how many each column has: a formula without a saved result in an imported
    column (a column not imported is not read), an error value in an imported column or one
    without a header (like any other content there: "Kolom tanpa judul berisi data"). A formula
    is not shown: its text can hold what a report must not (a name, a NIK); an error is shown as
    Excel writes it."""
    names = {position + 1: name for name, position in match.positions.items()}
    unnamed = {position + 1: f"(kolom ke-{position + 1})" for position in match.unnamed}
    anywhere = {**names, **unnamed}
    listed: list[Problem] = []
    counted: dict[tuple[str, str], int] = {}
    for cell in hidden_cells(str(path), sheet_name):
        columns = anywhere if isinstance(cell, ErrorCell) else names
        if cell.row is None or cell.column is None:  # a cell without its address: say so
            column = ""
        elif cell.row <= header_row or cell.column not in columns:
            continue
        else:
            column = columns[cell.column]
        if isinstance(cell, ErrorCell):
            code, value = ERROR, cell.error
            reason = ERROR_REASON.format(error=cell.error) if cell.error else ERROR_SUMMARY
        else:
            code, value, reason = FORMULA, "", FORMULA_REASON
        counted[column, code] = counted.get((column, code), 0) + 1
        if counted[column, code] <= PER_CHECK_CAP:
            listed.append(Problem(file_name, cell.row, column, value, reason, code))
    summary = {FORMULA: FORMULA_REASON, ERROR: ERROR_SUMMARY}
    counts = (ProblemCount(c, k, summary[k], n) for (c, k), n in counted.items())
    return tuple(listed), tuple(counts)


# --- Parquet --------------------------------------------------------------------------------


def _parquet_text(column: str, type_name: str) -> str:
    kind = type_name.upper()
    if kind == "VARCHAR":
        return column
    if kind == "DATE":
        return f"strftime({column}, '%Y-%m-%d')"
    if kind in ("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS"):
        stamp = f"CAST({column} AS TIMESTAMP)"
        return (
            f"CASE WHEN CAST({stamp} AS TIME) = TIME '00:00:00' "
            f"THEN strftime({stamp}, '%Y-%m-%d') ELSE strftime({stamp}, '%Y-%m-%d %H:%M:%S') END"
        )
    if kind in ("FLOAT", "DOUBLE") or kind.startswith("DECIMAL"):
        return (
            f"CASE WHEN {column} = trunc({column}) AND abs({column}) < 1e16 "
            f"THEN CAST(CAST({column} AS HUGEINT) AS VARCHAR) ELSE CAST({column} AS VARCHAR) END"
        )
    return f"TRY_CAST({column} AS VARCHAR)"


def _read_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, schema: Schema, secret: str
) -> Source:
    reader = f"read_parquet({parsing.literal(str(path))}, file_row_number=true)"
    described = con.execute(f"DESCRIBE SELECT * EXCLUDE (file_row_number) FROM {reader}")
    names_types = [(str(row[0]), str(row[1])) for row in described.fetchall()]
    header = tuple(name for name, _ in names_types)
    match = HeaderMatch.of(header, schema)

    def cell(position: int) -> str:
        name, type_name = names_types[position]
        return _parquet_text(parsing.quote(name), type_name)

    def numeric(position: int) -> str:
        name, type_name = names_types[position]
        if type_name.upper() in ("FLOAT", "DOUBLE"):
            return f"coalesce(abs({parsing.quote(name)}) >= 1e15, false)"
        return "false"

    items, unnamed = select_list(match, schema, cell, numeric)
    create_raw(
        con,
        f"SELECT file_row_number + 2 AS _row, {{items}} FROM {reader}",
        items,
        secret,
        match,
        schema,
    )
    con.execute(f"CREATE VIEW src AS SELECT * FROM {RAW}")
    return Source(header, match, (), (), unnamed)
