"""The house style of every exported workbook, written once.

Every data sheet has a bold header row, panes frozen under it (`A2`), an autofilter over the
data and set column widths. Values keep their types: counts are integers, figures are floats,
dates are dates, never text. Percentages are stored as fractions with the format `0.00%`
(UCJ 33.33% is the number 0.3333, shown as 33.33% and usable in formulas as it is); a change
measured in percentage points is a plain number with the format `0.00` and a header saying
"(poin)". Text is always written as text: a comment such as `=HYPERLINK(...)` or `+62...` cannot
become a formula. The last sheet, "Keterangan", says what every column means, where the data came
from and when the file was made.

Workbooks are written with openpyxl in write-only mode: rows go to disk as they are appended, so
memory stays flat however many rows a sheet has. A write-only sheet must be given its widths and
frozen panes before its first row, which `Book.sheet` does.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

# openpyxl ships no type information (types-openpyxl is not a dependency): its objects are Any.
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 2000  # rows between progress reports
MAX_TITLE = 31  # Excel's limit on sheet names
NOTES_TITLE = "Keterangan"
FORMULA_START = ("=", "+", "-", "@")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")

PERCENT_RULE = (
    "Persentase disimpan sebagai pecahan dengan format 0.00% (33,33% adalah angka 0,3333), "
    "sehingga dapat langsung dihitung. Perubahan dalam poin persentase ditulis sebagai angka "
    "biasa dengan judul '(poin)'. Sel kosong berarti tidak ada data, bukan nol."
)


class Kind(enum.Enum):
    TEXT = "text"
    INT = "int"  # a count or an amount in rupiah: an integer
    NUMBER = "number"  # a figure with decimals
    PERCENT = "percent"  # a fraction shown as a percentage
    DATE = "date"
    DATETIME = "datetime"  # in the server's time zone (WIB), without the zone
    YESNO = "yesno"  # "Ya" / "Tidak"


FORMATS = {
    Kind.INT: "#,##0",
    Kind.NUMBER: "0.00",
    Kind.PERCENT: "0.00%",
    Kind.DATE: "yyyy-mm-dd",
    Kind.DATETIME: "yyyy-mm-dd hh:mm",
}


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: float = 14
    note: str = ""
    number_format: str = ""  # overrides the kind's format (a year: "0")

    @property
    def format(self) -> str:
        return self.number_format or FORMATS.get(self.kind, "")


def clean_text(value: object) -> str:
    """Text Excel can hold: control characters it rejects are dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def percent(points: float | Decimal | None) -> float | None:
    """A percentage stored in percent points (33.33) as the fraction a workbook keeps."""
    return None if points is None else float(points) / 100


def safe_title(title: str, taken: Iterable[str] = ()) -> str:
    """A sheet name Excel accepts (at most 31 characters, none of []:*?/\\), unique in `taken`."""
    base = _BAD_TITLE.sub("-", clean_text(title)).strip("'").strip() or "Lembar"
    base = base[:MAX_TITLE]
    used = {t.lower() for t in taken}
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate = base[: MAX_TITLE - len(suffix)] + suffix
        number += 1
    return candidate


def local_naive(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: a moment in the server's zone (WIB), its zone dropped."""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


class SheetWriter:
    """One data sheet of a `Book`: `append` a row of plain Python values per record."""

    def __init__(self, book: Book, title: str, columns: Sequence[Column]) -> None:
        self.book = book
        self.columns = list(columns)
        self.sheet = book.workbook.create_sheet(title)
        self.title = title
        self.rows = 0
        for index, column in enumerate(self.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = "A2"
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(self.sheet, column.header)
            cell.data_type = "s"
            cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _WRAP
            header.append(cell)
        self.sheet.append(header)

    def append(self, values: Sequence[Any]) -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"{self.title}: {len(values)} nilai untuk {len(self.columns)} kolom")
        self.sheet.append([self._cell(c, v) for c, v in zip(self.columns, values, strict=True)])
        self.rows += 1
        self.book.advance()

    def _cell(self, column: Column, value: Any) -> Any:
        if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
            return None
        kind = column.kind
        if kind is Kind.TEXT:
            text = clean_text(value)
            if not text.startswith(FORMULA_START):
                return text
            cell = WriteOnlyCell(self.sheet, text)
            cell.data_type = "s"  # never a formula
            return cell
        if kind is Kind.YESNO:
            return "Ya" if value else "Tidak"
        if kind is Kind.INT:
            if isinstance(value, bool) or int(value) != value:
                raise ValueError(f"{column.header}: {value!r} bukan bilangan bulat")
            converted: Any = int(value)
        elif kind in (Kind.NUMBER, Kind.PERCENT):
            converted = float(value)
        elif kind is Kind.DATE:
            converted = value.date() if isinstance(value, dt.datetime) else value
        else:
            converted = local_naive(value)
        cell = WriteOnlyCell(self.sheet, converted)
        cell.number_format = column.format
        return cell

    def close(self) -> None:
        last = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"


class Book:
    """A workbook under construction: data sheets first, "Keterangan" written on `save`.

    `about` is a list of (label, value) lines for the notes (source, time, who asked);
    `progress(done, total)` is told every few thousand rows, `total` being what the caller
    expects (set it before appending, when it is known).
    """

    def __init__(
        self,
        *,
        title: str,
        about: Sequence[tuple[str, Any]] = (),
        progress: Progress | None = None,
        total: int = 0,
    ) -> None:
        self.workbook = Workbook(write_only=True)
        self.title = title
        self.about = list(about)
        self.progress = progress
        self.total = total
        self.done = 0
        self.sheets: list[SheetWriter] = []
        self.extra_notes: list[str] = []

    def sheet(self, title: str, columns: Sequence[Column]) -> SheetWriter:
        name = safe_title(title, [s.title for s in self.sheets] + [NOTES_TITLE])
        writer = SheetWriter(self, name, columns)
        self.sheets.append(writer)
        return writer

    def advance(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % PROGRESS_EVERY == 0:
            self.progress(self.done, max(self.total, self.done))

    def note(self, text: str) -> None:
        self.extra_notes.append(text)

    def save(self, target: Path | str | IO[bytes]) -> None:
        for writer in self.sheets:
            writer.close()
        self._write_notes()
        self.workbook.save(target)
        if self.progress is not None:
            self.progress(self.done, self.done)

    def _write_notes(self) -> None:
        sheet = self.workbook.create_sheet(NOTES_TITLE)
        for letter, width in zip("ABC", (28, 36, 90), strict=True):
            sheet.column_dimensions[letter].width = width

        def bold(text: str) -> Any:
            cell = WriteOnlyCell(sheet, clean_text(text))
            cell.font, cell.data_type = _BOLD, "s"
            return cell

        def text(value: Any) -> Any:
            if isinstance(value, dt.datetime):
                cell = WriteOnlyCell(sheet, local_naive(value))
                cell.number_format = FORMATS[Kind.DATETIME]
                return cell
            if isinstance(value, int | float) and not isinstance(value, bool):
                return value
            cell = WriteOnlyCell(sheet, clean_text(value))
            cell.data_type = "s"
            cell.alignment = _WRAP
            return cell

        sheet.append([bold(self.title)])
        for label, value in self.about:
            sheet.append([bold(label), text(value)])
        sheet.append([])
        for line in [PERCENT_RULE, *self.extra_notes]:
            sheet.append([text(line)])
        sheet.append([])
        sheet.append([bold("Lembar"), bold("Kolom"), bold("Keterangan")])
        for writer in self.sheets:
            sheet.append([text(writer.title), text(f"({writer.rows} baris)"), None])
            for column in writer.columns:
                unit = {
                    Kind.PERCENT: "persen (pecahan, format 0.00%)",
                    Kind.INT: "bilangan bulat",
                    Kind.NUMBER: "angka",
                    Kind.DATE: "tanggal",
                    Kind.DATETIME: "tanggal dan jam (WIB)",
                    Kind.YESNO: "Ya/Tidak",
                }.get(column.kind, "teks")
                note = f"{column.note} [{unit}]" if column.note else f"[{unit}]"
                sheet.append([None, text(column.header), text(note)])
