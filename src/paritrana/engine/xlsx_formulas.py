"""Cells of an XLSX sheet that a reader sees as empty though they are not: formula cells that
hold no saved result, and error values (#N/A, #DIV/0!, ...).

Excel saves the last result of every formula next to it (`<c><f>H2*2</f><v>8400</v></c>`), and
readers (python-calamine here) read that result. A workbook written by a program (openpyxl,
`ws["I2"] = "=H2"`) and never opened in Excel has the formula only (`<v/>` or no `<v>`): a
reader sees an empty cell, so an amount would silently become "not reported". Such cells are
found here, by streaming the sheet's XML (a few MB of memory whatever the sheet's size, and a
sheet without formulas is only searched for the bytes "<f"), and the reader refuses them.

A cached empty text (`t="str"` with an empty `<v>`, what Excel saves for `=IF(A2="";"";A2)`) is
a saved result, not a missing one.

An error value (`<c t="e"><f>VLOOKUP(...)</f><v>#N/A</v></c>`, or typed as is) is read as an
empty cell too, and an empty amount means "not reported": a lookup that failed would silently
count as unpaid. Both kinds are found in the same pass over the sheet (one without error cells
is only searched for the bytes '"e"').
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

_CHUNK = 1 << 20
# The elements of a cell come in schema order: f, then v (then is, extLst).
_FORMULA_CELL = re.compile(
    rb"<(?:\w+:)?c\b(?P<attributes>[^>]*)>\s*"
    rb"<(?:\w+:)?f\b(?:[^>]*/>|[^>]*>[^<]*</(?:\w+:)?f>)\s*"
    rb"(?P<v><(?:\w+:)?v\s*/>|<(?:\w+:)?v\b[^>]*>(?P<value>[^<]*)</(?:\w+:)?v>)?"
)
# A cell whose type is "e" (error), self-closing or with its content; cells do not nest.
_ERROR_CELL = re.compile(
    rb"<(?:\w+:)?c\b(?P<attributes>[^>]*?\bt\s*=\s*[\"']e[\"'][^>]*?)"
    rb"(?:/>|>(?P<body>.*?)</(?:\w+:)?c>)",
    re.DOTALL,
)
_ERROR_TYPE = re.compile(rb"\bt\s*=\s*[\"']e[\"']")
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*>(?P<value>[^<]*)</(?:\w+:)?v>")
# What Excel writes for an error (#N/A, #VALUE!, #REF!, #DIV/0!, #NAME?, #NUM!, #NULL!, and
# the newer #SPILL!, #CALC!, ...); anything else in an error cell is not repeated in a report.
_ERROR_CODE = re.compile(r"#[A-Z0-9/_]{1,16}[!?]?")
_REF = re.compile(rb'\br\s*=\s*["\']([A-Z]{1,3})([0-9]{1,7})["\']')
_TYPE = re.compile(rb'\bt\s*=\s*["\'](\w+)["\']')
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_ATTRIBUTE = re.compile(r"""([\w:]+)\s*=\s*(["'])(.*?)\2""", re.DOTALL)


@dataclass(frozen=True)
class UncachedFormula:
    row: int | None  # 1-based, as in the sheet; None when the cell does not say
    column: int | None  # 1-based (A = 1)


@dataclass(frozen=True)
class ErrorCell:
    row: int | None  # 1-based, as in the sheet; None when the cell does not say
    column: int | None  # 1-based (A = 1)
    error: str  # as Excel writes it ("#N/A"); "" when the cell holds something else


HiddenCell = UncachedFormula | ErrorCell


def uncached_formulas(path: str, sheet_name: str) -> Iterator[UncachedFormula]:
    """Every formula cell of sheet `sheet_name` without a saved result, in file order."""
    for cell in hidden_cells(path, sheet_name):
        if isinstance(cell, UncachedFormula):
            yield cell


def hidden_cells(path: str, sheet_name: str) -> Iterator[HiddenCell]:
    """Every formula cell of sheet `sheet_name` without a saved result and every error cell,
    in file order."""
    with zipfile.ZipFile(path) as archive:
        part = worksheet_part(archive, sheet_name)
        if part is None:
            return
        with archive.open(part) as stream:
            yield from _scan(stream)


def _scan(stream: IO[bytes]) -> Iterator[HiddenCell]:
    tail = stream.read(_CHUNK)
    root = _ROOT.search(tail[:4096])
    prefix = (root.group(1) or b"") if root else b""  # <x:c r="A1"> when the XML uses one
    starts = (b"<" + prefix + b"c ", b"<" + prefix + b"c>")
    while chunk := stream.read(_CHUNK):
        data = tail + chunk
        # Only the cells before the last cell start are complete (cells do not nest).
        cut = max(max(data.rfind(start) for start in starts), 0)
        yield from _hidden(data[:cut])
        tail = data[cut:]
    yield from _hidden(tail)


def _hidden(data: bytes) -> Iterator[HiddenCell]:
    """The hidden cells of `data` (whole cells), in the order they appear."""
    found: list[tuple[int, HiddenCell]] = [*_uncached(data), *_errors(data)]
    for _, cell in sorted(found, key=lambda item: item[0]):
        yield cell


def _uncached(data: bytes) -> Iterator[tuple[int, UncachedFormula]]:
    if b"<f" not in data and b":f" not in data:
        return
    for match in _FORMULA_CELL.finditer(data):
        value, kind = match.group("value") or b"", _TYPE.search(match.group("attributes"))
        if match.group("v") is not None and (value.strip() or (kind and kind.group(1) == b"str")):
            continue  # a saved result (an empty text counts)
        row, column = _address(match.group("attributes"))
        yield match.start(), UncachedFormula(row, column)


def _errors(data: bytes) -> Iterator[tuple[int, ErrorCell]]:
    """Error cells with a value (an error cell without one is an uncached formula, or empty)."""
    if (b'"e"' not in data and b"'e'" not in data) or _ERROR_TYPE.search(data) is None:
        return  # the byte search first: most sheets have no error cell
    for match in _ERROR_CELL.finditer(data):
        value = _VALUE.search(match.group("body") or b"")
        text = value.group("value").decode("utf-8", "replace") if value else ""
        text = html.unescape(text).strip()
        if not text:
            continue
        row, column = _address(match.group("attributes"))
        shown = text if _ERROR_CODE.fullmatch(text) else ""
        yield match.start(), ErrorCell(row, column, shown)


def _address(attributes: bytes) -> tuple[int | None, int | None]:
    ref = _REF.search(attributes)
    if ref is None:
        return None, None
    return int(ref.group(2)), _column_number(ref.group(1))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def worksheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The archive path of sheet `sheet_name` (xl/worksheets/sheet1.xml), from the workbook
    and its relationships; the only worksheet when those do not say."""
    names = set(archive.namelist())
    workbook = _target(_read(archive, "_rels/.rels"), "", "officeDocument") or "xl/workbook.xml"
    folder, base = posixpath.split(workbook)
    rels = _read(archive, posixpath.join(folder, "_rels", base + ".rels"))
    for attributes in _elements(_read(archive, workbook), "sheet"):
        if attributes.get("name") == sheet_name:
            ids = [v for k, v in attributes.items() if k.endswith(":id")]
            part = _target(rels, folder, ids[0] if ids else "", by_id=True)
            if part in names:
                return part
    sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    return sheets[0] if len(sheets) == 1 else None


def _read(archive: zipfile.ZipFile, name: str) -> str:
    try:
        return archive.read(name).decode("utf-8", "replace")
    except KeyError:
        return ""


def _elements(xml: str, local_name: str) -> Iterator[dict[str, str]]:
    """The attributes of every element `local_name` (any prefix), values unescaped."""
    for element in re.finditer(rf"<(?:\w+:)?{local_name}\b([^>]*)>", xml):
        found = _ATTRIBUTE.findall(element.group(1))
        yield {name: html.unescape(value) for name, _, value in found}


def _target(rels: str, folder: str, key: str, *, by_id: bool = False) -> str | None:
    """The part a relationship points to: the one with Id `key` (`by_id`), else the first
    whose Type ends with `key`; resolved against `folder`."""
    for attributes in _elements(rels, "Relationship"):
        found = attributes.get("Id") == key if by_id else attributes.get("Type", "").endswith(key)
        target = attributes.get("Target")
        if found and target:
            if target.startswith("/"):
                return posixpath.normpath(target.lstrip("/"))
            return posixpath.normpath(posixpath.join(folder, target))
    return None
