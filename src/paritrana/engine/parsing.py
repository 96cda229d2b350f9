"""How a text cell becomes a typed value, written once as DuckDB SQL.

Validation and conversion use the same expressions, so a value that passes validation converts
to exactly what was validated. Every builder takes `v`, a SQL expression for a cleaned cell:
NULL when the cell is empty, otherwise the text with surrounding spaces removed.

`parsed(column, v)` gives the typed value (NULL when invalid) and `problem(column, v)` a problem
code (NULL when the cell is fine); reasons.py says each code in Bahasa Indonesia.

Rules decided here (documented in the template's "Petunjuk" sheet too):
- integers: digits only. Thousand separators are refused because "1.500" means 1500 in an
  Indonesian spreadsheet and 1.5 in an English one; guessing wrong changes an amount a
  thousandfold without anyone noticing. A trailing ".0", ".00", ",0" or ",00" is accepted
  (it cannot be a thousands group). No sign: every integer column is a non-negative amount.
- percent: 0 to 100, decimal point or comma (59.56 or 59,56), optional trailing "%".
- dates: YYYY-MM-DD (a time after it is ignored) or DD/MM/YYYY; years 2000 to 2100.
- months: YYYY-MM (2025-01, also 2025-1); MM/YYYY or MM-YYYY (01/2025); a month's name in
  Bahasa Indonesia or English, whole or abbreviated, then the year (Jan 2025, Januari 2025,
  Jan-2025), or with a two-digit year after a hyphen only (Jan-25, Des-25: Excel's "mmm-yy";
  "Jan 25" could be 25 January and is refused); a date, any day, in either date shape (an
  Excel date cell reads as 2025-01-15): its month. Every shape is read in CSV and XLSX alike.
- choices: case-insensitive, stored in the canonical spelling; several choices are separated
  by ";" or ",".
- region codes: Kemendagri, dotted or plain (6104 = 61.04); BPS-shaped codes are refused with a
  message saying so (same rules as paritrana.regions.domain.codes, repeated in SQL here because
  the engine does not import the Django app).
- participant: after removing spaces and dots, 6 to 32 letters, digits or '-' (NIK, KPJ card
  number); scientific notation (6,1E+15) and, in XLSX, a 16-digit number stored as a number
  (Excel keeps 15 digits) are refused because the identifier has already lost digits.
- text (names, sectors, sources) and identifiers (employer ids): at most the column's
  `max_length` characters (MAX_TEXT when it has none); no control or invisible formatting
  characters (newline, tab, right-to-left override, zero-width space: they make two ids that
  look alike differ, or reverse what a page shows); no NIK-shaped number (`nik_shaped`, in
  any script's digits and grouped by any mix of spaces, dots, hyphens, slashes or underscores):
  a personal identifier belongs only in the participant column, which is pseudonymised.
  Identifiers are stored upper-case, so "npp-61-1" and "NPP-61-1" are one employer.
- Excel's error values (#N/A, #VALUE!, #REF!, #DIV/0!, ...: `EXCEL_ERRORS`), the whole cell in
  any case, are refused in every column (`excel_error`): a CSV saved from Excel writes a
  failed formula as that text, which a text column would otherwise store as a name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from paritrana.engine.redact import NIK_SEPARATORS, digit_folding
from paritrana.engine.schemas import PROGRAMMES, Column, ColumnType, Schema
from paritrana.engine.store import PROGRAMME_BITS

MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_TEXT = 500
# Longer cells are not searched for a NIK (the search grows faster than the cell): no text
# column takes them (text.too_long refuses them), and reports mask what they show (redact.py).
NIK_SCAN = 2 * MAX_TEXT
EXCEL_ERROR_CODE = "xlsx.error"  # an Excel error value, in any column (see excel_error)
REGIONS_TABLE = "_regions"  # (code VARCHAR, level VARCHAR), registered by the validator

LEVEL_NAMES = {
    "provinsi": "provinsi",
    "kabkota": "kabupaten/kota",
    "kecamatan": "kecamatan",
    "desa": "desa/kelurahan",
}
COLUMN_LEVELS = {
    ColumnType.REGION: ("provinsi", "kabkota", "kecamatan", "desa"),
    ColumnType.AREA: ("provinsi", "kabkota"),
    ColumnType.LOCAL: ("kabkota", "desa"),
    ColumnType.KABKOTA: ("kabkota",),
    ColumnType.VILLAGE: ("desa",),
}


PARSED_TYPES = {
    ColumnType.INTEGER: "BIGINT",
    ColumnType.PERCENT: "DOUBLE",
    ColumnType.DATE: "DATE",
    ColumnType.MONTH: "DATE",
    ColumnType.YEAR: "INTEGER",
    ColumnType.CHOICES: "BIGINT",
    ColumnType.SECRET: "UBIGINT",
}  # the SQL type `parsed` yields; VARCHAR for the others


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _match(v: str, pattern: str) -> str:
    return f"regexp_full_match({v}, {literal(pattern)})"


# --- integers -------------------------------------------------------------------------------

_DIGITS = r"[0-9]{1,18}"
_POINT_ZERO = r"[0-9]{1,18}[.,]0{1,2}"
_WHOLE = r"[0-9]{1,18}([.,]0{1,2})?"
_LONG = r"[0-9]+([.,]0{1,2})?"
_NEGATIVE = r"-\s*[0-9]+([.,][0-9]+)*"
_THOUSANDS = r"[0-9]{1,3}(\.[0-9]{3})+|[0-9]{1,3}(,[0-9]{3})+"


def integer(v: str) -> str:
    whole = f"TRY_CAST(regexp_replace({v}, '[.,]0*$', '') AS BIGINT)"
    return f"""CASE WHEN {_match(v, _DIGITS)} THEN TRY_CAST({v} AS BIGINT)
        WHEN {_match(v, _POINT_ZERO)} THEN {whole} END"""


def integer_problem(v: str) -> str:
    return f"""CASE WHEN {v} IS NULL OR {_match(v, _WHOLE)} THEN NULL
        WHEN {_match(v, _LONG)} THEN 'integer.too_large'
        WHEN {_match(v, _NEGATIVE)} THEN 'integer.negative'
        WHEN {_match(v, _THOUSANDS)} THEN 'integer.thousands'
        ELSE 'integer.format' END"""


# --- percent --------------------------------------------------------------------------------

_PERCENT = r"[0-9]{1,3}([.,][0-9]+)?\s*%?"


def percent(v: str) -> str:
    number = f"TRY_CAST(replace(regexp_replace({v}, '\\s*%$', ''), ',', '.') AS DOUBLE)"
    return f"CASE WHEN {_match(v, _PERCENT)} AND {number} <= 100 THEN {number} END"


def percent_problem(v: str) -> str:
    return f"""CASE WHEN {v} IS NULL THEN NULL
        WHEN NOT {_match(v, _PERCENT)} THEN 'percent.format'
        WHEN {percent(v)} IS NULL THEN 'percent.range' END"""


# --- dates, months, years -------------------------------------------------------------------

_ISO_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]*)?)?)?"
_DMY_DATE = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
_YEARS = f"BETWEEN '{MIN_YEAR}' AND '{MAX_YEAR}'"  # compares the four year digits as text


def _calendar_date(v: str) -> str:
    iso = f"try_strptime(substr({v}, 1, 10), '%Y-%m-%d')"
    return f"""CAST(CASE WHEN {_match(v, _ISO_DATE)} THEN {iso}
        WHEN {_match(v, _DMY_DATE)} THEN try_strptime({v}, '%d/%m/%Y') END AS DATE)"""


def date(v: str) -> str:
    # The common shape first, by cast: this runs on every row of every date column.
    return f"""CASE WHEN {_match(v, _ISO_DAY)}
            THEN CASE WHEN left({v}, 4) {_YEARS} THEN TRY_CAST({v} AS DATE) END
        WHEN {_match(v, _ISO_DATE)}
            THEN CASE WHEN left({v}, 4) {_YEARS} THEN TRY_CAST(substr({v}, 1, 10) AS DATE) END
        WHEN {_match(v, _DMY_DATE)}
            THEN CASE WHEN right({v}, 4) {_YEARS}
                THEN CAST(try_strptime({v}, '%d/%m/%Y') AS DATE) END END"""


def date_problem(v: str) -> str:
    return f"""CASE WHEN {v} IS NULL THEN NULL
        WHEN NOT ({_match(v, _ISO_DATE)} OR {_match(v, _DMY_DATE)}) THEN 'date.format'
        WHEN {_calendar_date(v)} IS NULL THEN 'date.calendar'
        WHEN {date(v)} IS NULL THEN 'date.range' END"""


# Month names in Bahasa Indonesia and English, whole and abbreviated (with the older spellings
# Pebruari and Nopember): no abbreviation names different months in the two languages.
MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("jan", "januari", "january"),
    2: ("feb", "febr", "februari", "february", "peb", "pebruari"),
    3: ("mar", "maret", "march", "mrt"),
    4: ("apr", "april"),
    5: ("mei", "may"),
    6: ("jun", "juni", "june"),
    7: ("jul", "juli", "july"),
    8: ("agu", "agt", "ags", "agus", "agust", "agustus", "aug", "august"),
    9: ("sep", "sept", "september"),
    10: ("okt", "oktober", "oct", "october"),
    11: ("nov", "nopember", "nop", "november"),
    12: ("des", "desember", "dec", "december"),
}
_NAME_LIST = [name for names in MONTH_NAMES.values() for name in names]
_NAME_NUMBERS = [number for number, names in MONTH_NAMES.items() for _ in names]
_YEAR_MONTH = r"[0-9]{4}-[0-9]{1,2}"
_MONTH_YEAR = r"[0-9]{1,2}[/-][0-9]{4}"
# A name, then a four-digit year after a space, hyphen or slash, or two digits after a hyphen.
_NAMED = "(" + "|".join(_NAME_LIST) + r")\.?(\s*[-/ ]\s*[0-9]{4}|-[0-9]{2})"


def _month_number(v: str) -> str:
    """The month the name `v` starts with stands for (NULL when not a month's name)."""
    names = "[" + ", ".join(literal(name) for name in _NAME_LIST) + "]"
    numbers = "[" + ", ".join(str(number) for number in _NAME_NUMBERS) + "]"
    return f"{numbers}[list_position({names}, regexp_extract(lower({v}), '^[a-z]+'))]"


def _year_month(v: str) -> str:
    """'YYYY-M' from any accepted shape (the month unchecked), NULL for any other text."""
    named_year = f"right('20' || regexp_extract({v}, '[0-9]+$'), 4)"  # 26 and 2026: 2026
    return f"""CASE WHEN {_match(v, _YEAR_MONTH)} THEN {v}
        WHEN {_match(v, _ISO_DATE)} THEN substr({v}, 1, 7)
        WHEN {_match(v, _MONTH_YEAR)} THEN right({v}, 4) || '-' || regexp_extract({v}, '^[0-9]+')
        WHEN {_match(v, _DMY_DATE)}
            THEN right({v}, 4) || '-' || regexp_extract({v}, '/([0-9]+)/', 1)
        WHEN {_match(f"lower({v})", _NAMED)}
            THEN {named_year} || '-' || CAST({_month_number(v)} AS VARCHAR) END"""


def _day_exists(v: str) -> str:
    """False for a date that is not on the calendar (2025-02-30); true for every other shape."""
    return f"""CASE WHEN {_match(v, _ISO_DATE)}
            THEN try_strptime(substr({v}, 1, 10), '%Y-%m-%d') IS NOT NULL
        WHEN {_match(v, _DMY_DATE)} THEN try_strptime({v}, '%d/%m/%Y') IS NOT NULL
        ELSE true END"""


def _with_year_month(v: str, body: str) -> str:
    """`body`, SQL reading `_y` and `_m` (the year and month of `v` as integers, NULL when `v`
    has no accepted shape), with the shapes matched once (a lambda binds them)."""
    parts = f"string_split({_year_month(v)}, '-')"
    return (
        f"list_transform([{parts}], lambda _p: list_transform("
        f"[TRY_CAST(_p[1] AS INTEGER)], lambda _y: list_transform("
        f"[TRY_CAST(_p[2] AS INTEGER)], lambda _m: {body})[1])[1])[1]"
    )


def month(v: str) -> str:
    # The common shape first, by cast: this runs on every row of every month column.
    other = _with_year_month(
        v,
        f"""CASE WHEN _y BETWEEN {MIN_YEAR} AND {MAX_YEAR} AND _m BETWEEN 1 AND 12
            THEN make_date(_y, _m, 1) END""",
    )
    return f"""CASE WHEN {_match(v, "[0-9]{4}-[0-9]{2}")}
            THEN CASE WHEN left({v}, 4) {_YEARS} THEN TRY_CAST({v} || '-01' AS DATE) END
        WHEN {_day_exists(v)} THEN {other} END"""


def month_problem(v: str) -> str:
    shape = _with_year_month(
        v,
        f"""CASE WHEN _p IS NULL THEN 'month.format'
            WHEN NOT _m BETWEEN 1 AND 12 THEN 'month.calendar'
            WHEN NOT _y BETWEEN {MIN_YEAR} AND {MAX_YEAR} THEN 'month.range' END""",
    )
    day = f"CASE WHEN NOT {_day_exists(v)} THEN 'month.day' END"
    return f"CASE WHEN {v} IS NOT NULL THEN coalesce({shape}, {day}) END"


def year(v: str) -> str:
    number = f"TRY_CAST({v} AS INTEGER)"
    return f"""CASE WHEN {_match(v, "[0-9]{4}")} AND {number} BETWEEN {MIN_YEAR} AND {MAX_YEAR}
        THEN {number} END"""


def year_problem(v: str) -> str:
    return f"""CASE WHEN {v} IS NULL THEN NULL
        WHEN NOT {_match(v, "[0-9]{4}")} THEN 'year.format'
        WHEN {year(v)} IS NULL THEN 'year.range' END"""


# --- choices --------------------------------------------------------------------------------


def choice(v: str, choices: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN {literal(c.lower())} THEN {literal(c)}" for c in choices)
    return f"CASE lower({v}) {whens} END"


def choice_problem(v: str, choices: tuple[str, ...]) -> str:
    return f"CASE WHEN {v} IS NOT NULL AND {choice(v, choices)} IS NULL THEN 'choice.unknown' END"


_SEPARATORS = r"[\s;,]*"


def _named(choice: str) -> str:
    """Regex: `choice` as one of the parts of a ';' or ',' separated list."""
    return r"(^|[\s;,])" + _token(choice) + r"($|[\s;,])"


def _token(choice: str) -> str:
    return re.escape(choice.lower())


def choice_bits(choices: tuple[str, ...]) -> Mapping[str, int]:
    if set(choices) == set(PROGRAMMES):
        return PROGRAMME_BITS
    return {c: 1 << i for i, c in enumerate(choices)}


def _choices_valid(v: str, choices: tuple[str, ...]) -> str:
    token = "(" + "|".join(_token(c) for c in choices) + ")"
    return _match(f"lower({v})", rf"[\s;,]*{token}([\s;,]*[;,][\s;,]*{token})*[\s;,]*")


def choices_mask(v: str, choices: tuple[str, ...]) -> str:
    """Bit mask of the choices named (separated by ';' or ','), NULL if any part is unknown."""
    bits = choice_bits(choices)
    terms = " + ".join(
        f"CASE WHEN regexp_matches(lower({v}), {literal(_named(c))}) THEN {bits[c]} ELSE 0 END"
        for c in choices
    )
    return f"CASE WHEN {_choices_valid(v, choices)} THEN {terms} END"


def choices_problem(v: str, choices: tuple[str, ...]) -> str:
    return f"""CASE WHEN {v} IS NULL OR {_choices_valid(v, choices)} THEN NULL
        WHEN {_match(v, _SEPARATORS)} THEN 'choices.empty'
        ELSE 'choices.unknown' END"""


# --- region codes ---------------------------------------------------------------------------


def region_code(v: str) -> str:
    """Dotted Kemendagri code, or NULL when `v` is not shaped like one (existence not checked)."""
    s = f"replace({v}, ' ', '')"
    dotted = r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?"
    plain = "[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{6}[123][0-9]{3}"
    later = [f"nullif(substr({s}, {at}, {width}), '')" for at, width in ((3, 2), (5, 2), (7, 4))]
    parts = ", ".join([f"substr({s}, 1, 2)", *later])
    return f"""CASE WHEN {_match(s, dotted)} THEN {s}
        WHEN {_match(s, plain)} THEN concat_ws('.', {parts}) END"""


def _bps_shaped(v: str) -> str:
    s = f"replace({v}, ' ', '')"
    return _match(s, r"[0-9]{2}\.[0-9]{2}\.[0-9]{3}(\.[0-9]{3})?|[0-9]{7}|[0-9]{6}[04-9][0-9]{3}")


def region_level(code: str) -> str:
    """The level of a dotted code (NULL when the hierarchy does not have it)."""
    return f"(SELECT r.level FROM {REGIONS_TABLE} r WHERE r.code = {code})"


def region_problem(v: str, levels: tuple[str, ...], level: str | None = None) -> str:
    """`level`: SQL for the code's level when already looked up (else a lookup here)."""
    allowed = ", ".join(literal(name) for name in levels)
    found = level or region_level(region_code(v))
    return f"""CASE WHEN {v} IS NULL OR {found} IN ({allowed}) THEN NULL
        WHEN {_bps_shaped(v)} THEN 'region.bps'
        WHEN {region_code(v)} IS NULL THEN 'region.format'
        WHEN {found} IS NULL THEN 'region.unknown'
        ELSE 'region.level' END"""


# --- text and identifiers -------------------------------------------------------------------

# Cc control, Cf format (direction overrides, zero width), Zl/Zp line and paragraph separators.
_INVISIBLE = r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]"


def text_limit(column: Column) -> int:
    return column.max_length or MAX_TEXT


def _char_class(points: Iterable[int]) -> str:
    """An RE2 character class of the code points, as ranges of \\x{...} escapes."""
    ranges: list[list[int]] = []
    for point in sorted(set(points)):
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return (
        "["
        + "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in ranges)
        + "]"
    )


@functools.cache
def _nik_folding() -> tuple[str, str, str]:
    """SQL pieces from redact.digit_folding (the one definition of a digit and a separator):
    translate()'s from and to strings, and an RE2 test for 16 digits with any separators
    between them, on the unfolded text (a cheap first test, so only the rare cell with that
    many digits is folded and pulled apart)."""
    table = digit_folding()
    source = "".join(chr(point) for point in table)
    target = "".join(table.values())
    digits = [ord(c) for c in "0123456789"] + [p for p, c in table.items() if c.isdigit()]
    separators = [ord(c) for c in NIK_SEPARATORS + ","]
    separators += [p for p, c in table.items() if not c.isdigit()]
    digit, separator = _char_class(digits), _char_class(separators)
    return source, target, f"{digit}({separator}*{digit}){{15}}"


def nik_shaped(v: str) -> str:
    """SQL, true when `v` holds a NIK-shaped number: 16 digits (of any script) written together
    or grouped by any mix of spaces, dots, hyphens, slashes or underscores, or by single commas
    (6,104,012,345,670,011: Excel's thousands grouping), not touching another
    digit (so the groups 12 / 6104 0123 4567 0001 hold one), whose first four digits are a
    kab/kota code of the hierarchy (NIK digits 1-4: province and kab/kota of registration). A
    longer or shorter number (an NPP, an NPWP of 15 digits, a phone number, a year) is not."""
    source, target, sixteen_digits = _nik_folding()
    folded = f"translate({v}, {literal(source)}, {literal(target)})"
    runs = f"regexp_extract_all({folded}, '[0-9]+(?:(?:[ ._/-]+|,)[0-9]+)*')"  # redact.NIK_GAP
    long_runs = f"list_filter({runs}, lambda r: length(regexp_replace(r, '[^0-9]', '', 'g')) >= 16)"
    groups = f"list_transform({long_runs}, lambda r: regexp_extract_all(r, '[0-9]+'))"
    # Every stretch of whole groups (groups i..j of a run, at most 16 of them: 16 digits span
    # no more), so a NIK after another number (12 6104 0123 4567 0001) is still one.
    stretches = (
        f"flatten(list_transform({groups}, lambda g: flatten(list_transform(range(1, len(g) + 1), "
        "lambda i: list_transform(range(i, least(len(g), i + 15) + 1), "
        "lambda j: array_to_string(g[i:j], ''))))))"
    )
    sixteen = f"list_filter({stretches}, lambda x: length(x) = 16)"
    prefixes = f"list_transform({sixteen}, lambda x: substr(x, 1, 2) || '.' || substr(x, 3, 2))"
    kabkota = f"(SELECT list(code) FROM {REGIONS_TABLE} WHERE level = 'kabkota')"
    return (
        f"(CASE WHEN length({v}) <= {NIK_SCAN} AND {_match_part(v, sixteen_digits)} "
        f"THEN list_has_any({prefixes}, {kabkota}) ELSE false END)"
    )


def _match_part(v: str, pattern: str) -> str:
    return f"regexp_matches({v}, {literal(pattern)})"


def text_problem(column: Column, v: str) -> str:
    return f"""CASE WHEN {v} IS NULL THEN NULL
        WHEN {nik_shaped(v)} THEN 'text.nik'
        WHEN {_match_part(v, _INVISIBLE)} THEN 'text.control'
        WHEN length({v}) > {text_limit(column)} THEN 'text.too_long' END"""


# --- Excel errors ---------------------------------------------------------------------------

# What Excel shows for a formula that failed (the values ERROR.TYPE numbers and the newer ones);
# a CSV saved from Excel holds it as plain text. XLSX error cells are found by the reader.
EXCEL_ERRORS = (
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CONNECT!",
    "#BLOCKED!",
    "#UNKNOWN!",
    "#FIELD!",
    "#CALC!",
    "#BUSY!",
    "#EXTERNAL!",
    "#PYTHON!",
)
_EXCEL_ERROR = "(?i)#(" + "|".join(re.escape(e[1:]) for e in EXCEL_ERRORS) + ")"


def excel_error(v: str) -> str:
    """SQL, true when the cleaned cell `v` is one of Excel's error values, in any case ("#n/a"
    too); NULL when `v` is. The first character is tested first: it is cheap, and this runs on
    every cell of every text column."""
    return f"(starts_with({v}, '#') AND {_match(v, _EXCEL_ERROR)})"


# --- dispatch -------------------------------------------------------------------------------


def parsed_items(schema: Schema, present: Iterable[str]) -> list[str]:
    """SELECT items giving the typed value `p_<name>` of every present column (the reader
    computes them in the statement that loads the file, so each cell is parsed once)."""
    names = set(present)
    return [
        f"{parsed(column, quote(column.name))} AS {quote('p_' + column.name)}"
        for column in schema.columns
        if column.name in names and column.type is not ColumnType.SECRET
    ]


def parsed(column: Column, v: str) -> str:
    """SQL for the typed value of a cleaned cell (the SECRET column is hashed by the reader)."""
    kind = column.type
    if kind is ColumnType.INTEGER:
        return integer(v)
    if kind is ColumnType.PERCENT:
        return percent(v)
    if kind is ColumnType.DATE:
        return date(v)
    if kind is ColumnType.MONTH:
        return month(v)
    if kind is ColumnType.YEAR:
        return year(v)
    if kind is ColumnType.CHOICE:
        return choice(v, column.choices)
    if kind is ColumnType.CHOICES:
        return choices_mask(v, column.choices)
    if kind in COLUMN_LEVELS:
        return region_code(v)
    if kind is ColumnType.IDENTIFIER:
        return f"upper({v})"
    return v  # TEXT and SECRET


def problem(column: Column, v: str, level: str | None = None) -> str:
    """SQL for the problem code of a cleaned cell, NULL when it is fine (emptiness aside).
    `level`: for region columns, SQL for the level of the code if already looked up."""
    kind = column.type
    if kind is ColumnType.INTEGER:
        return integer_problem(v)
    if kind is ColumnType.PERCENT:
        return percent_problem(v)
    if kind is ColumnType.DATE:
        return date_problem(v)
    if kind is ColumnType.MONTH:
        return month_problem(v)
    if kind is ColumnType.YEAR:
        return year_problem(v)
    if kind is ColumnType.CHOICE:
        return choice_problem(v, column.choices)
    if kind is ColumnType.CHOICES:
        return choices_problem(v, column.choices)
    if kind in COLUMN_LEVELS:
        return region_problem(v, COLUMN_LEVELS[kind], level)
    if kind in (ColumnType.TEXT, ColumnType.IDENTIFIER):
        return text_problem(column, v)
    return "NULL"


def secret_problem(v: str, numeric_flag: str = "false") -> str:
    """Shape of a participant identifier, computed where the file is read (the raw value is
    hashed in the same statement and never kept). `numeric_flag` is SQL that is true when the
    spreadsheet stored the identifier as a (precision-losing) number."""
    normalised = f"regexp_replace({v}, '[\\s.]', '', 'g')"
    # An Excel error value is told apart only once the shape fails: no cost on a valid cell.
    error = f"{excel_error(v)} THEN {literal(EXCEL_ERROR_CODE)}"
    return f"""CASE WHEN {v} IS NULL THEN NULL
        WHEN {numeric_flag} THEN 'secret.excel_number'
        WHEN {_match(v, "[0-9]+([.,][0-9]+)?[eE][+-]?[0-9]+")} THEN 'secret.scientific'
        WHEN NOT {_match(normalised, "[0-9A-Za-z-]{6,32}")}
            THEN CASE WHEN {error} ELSE 'secret.format' END END"""
