"""Downloads of a public table as it is shown: XLSX (numbers as numbers) and CSV (UTF-8 with a
byte-order mark, so Excel opens it with its accents and in the right encoding).

A page offers "Unduh XLSX" and "Unduh CSV" (`web/_downloads.html`) as links to itself with
`?unduh=xlsx&tabel=<name>`; the view builds the same `Table` it shows, from the same reads the
page makes (so the download shows no more than the page: the public tables only what is
public), and answers with `download(request, table)`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from paritrana.web.responses import XLSX, attachment

FORMATS = ("xlsx", "csv")
PARAM = "unduh"
TABLE = "tabel"


@dataclass(frozen=True)
class Table:
    """A table as a reader sees it: a title, Indonesian headers and the values of its rows
    (numbers as int, float or Decimal; None for "-")."""

    name: str  # the file name, without extension
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    formats: Sequence[str | None] = ()  # per column, an Excel number format ("0.00"), or None
    notes: Sequence[str] = ()  # lines under the table in the workbook (source, scale)


def asked(request: HttpRequest) -> tuple[str, str] | None:
    """(format, table name) when the request asks for a download, else None."""
    kind = request.GET.get(PARAM, "")
    if kind not in FORMATS:
        return None
    return kind, request.GET.get(TABLE, "")


def base_query(request: HttpRequest) -> str:
    """The page's own query, without paging or a download, ready for `unduh=...` to follow:
    '?tahun=2025&' or '?'."""
    params = request.GET.copy()
    for name in (PARAM, TABLE):
        params.pop(name, None)
    for name in [n for n in params if n == "hal" or n.endswith("-hal")]:
        params.pop(name, None)
    text = params.urlencode()
    return f"?{text}&" if text else "?"


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def xlsx_bytes(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = re.sub(r"[\\/?*\[\]:]", " ", table.title)[:31].strip() or "Tabel"
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(list(table.headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_cell(v) for v in row])
    for index, number_format in enumerate(table.formats, start=1):
        if number_format:
            for (cell,) in sheet.iter_rows(
                min_row=3, max_row=2 + len(table.rows), min_col=index, max_col=index
            ):
                cell.number_format = number_format
    for index, header in enumerate(table.headers, start=1):
        width = max([len(str(header)), *(len(str(r[index - 1] or "")) for r in table.rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    if table.notes:
        sheet.append([])
        for note in table.notes:
            sheet.append([note])
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_value(value: Any) -> str:
    """Numbers written plainly, rounded half up to two places as the pages show them ('33.33',
    '40.13' for 40.125), so a program reading the file gets numbers too."""
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        if value != value:  # NaN: no value
            return ""
        exact = value if isinstance(value, Decimal) else Decimal(repr(value))
        text = f"{exact.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def download(kind: str, table: Table) -> HttpResponse:
    name = slugify(table.name) or "tabel"
    if kind == "xlsx":
        return attachment(xlsx_bytes(table), f"{name}.xlsx", XLSX)
    return attachment(csv_bytes(table), f"{name}.csv", "text/csv; charset=utf-8")
