"""The effective-dated rules table: one flat CSV, loaded and validated into `RulesTable`.

The file (``data/contribution_rules.csv``) has one row per rule value:

=========== ==============================================================================
key         dotted name, e.g. ``pu.jkk.rate.medium``, ``pu.jp.wage_cap``, ``jakon.tier2.jkk``
value       a number with a decimal point and no thousands separator (``0.89``, ``10042300``)
unit        ``percent`` (of a base), ``rupiah`` (whole rupiah) or ``years`` (whole years)
valid_from  first day the value applies, ISO ``YYYY-MM-DD``
valid_to    last day it applies (inclusive); blank = still in force
basis       the legal basis, free text (``PP 44/2015 pasal 16``)
verified    ``true`` when checked against a primary source, ``false`` otherwise
note        free text
=========== ==============================================================================

The loader is strict: a bad type, an unknown unit, ``valid_to`` before ``valid_from`` or two
rows of one key whose periods overlap all raise `RuleError` naming the file and the line. The file
may be saved by a spreadsheet program: a UTF-8 byte-order mark and ``;`` as the separator are
accepted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path

from paritrana.rules.errors import RuleError
from paritrana.rules.labels import date_words, rule_label

UNITS = ("percent", "rupiah", "years")
COLUMNS = ("key", "value", "unit", "valid_from", "valid_to", "basis", "verified", "note")
_TRUE = {"true", "ya", "yes", "1"}
_FALSE = {"false", "tidak", "no", "0"}
DEFAULT_SOURCE = "contribution_rules.csv"


@dataclass(frozen=True)
class Rule:
    """One rule value with its validity period (both ends inclusive; open end = None)."""

    key: str
    value: Decimal
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None
    basis: str
    verified: bool
    note: str = ""
    line: int = 0

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, other: Rule) -> bool:
        self_end = self.valid_to or dt.date.max
        other_end = other.valid_to or dt.date.max
        return self.valid_from <= other_end and other.valid_from <= self_end

    @property
    def period(self) -> str:
        end = date_words(self.valid_to) if self.valid_to else "seterusnya"
        return f"{date_words(self.valid_from)} s.d. {end}"

    def as_int(self) -> int:
        """The value as a whole number (rupiah and years are validated to be whole)."""
        return int(self.value)


class RulesTable:
    """Rules grouped by key, each key's rows sorted by `valid_from` and non-overlapping."""

    def __init__(self, rules: Iterable[Rule], *, source: str = "<rules>") -> None:
        self.source = source
        grouped: dict[str, list[Rule]] = {}
        for rule in rules:
            grouped.setdefault(rule.key, []).append(rule)
        for key, rows in grouped.items():
            rows.sort(key=lambda r: r.valid_from)
            for earlier, later in itertools.pairwise(rows):
                if earlier.overlaps(later):
                    raise RuleError(
                        f"{source}: aturan '{key}' baris {earlier.line} ({earlier.period}) dan "
                        f"baris {later.line} ({later.period}) berlaku tumpang tindih."
                    )
        self._rules = {key: tuple(rows) for key, rows in grouped.items()}

    def __iter__(self) -> Iterator[Rule]:
        for rows in self._rules.values():
            yield from rows

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._rules.values())

    def __contains__(self, key: object) -> bool:
        return key in self._rules

    def keys(self) -> list[str]:
        return sorted(self._rules)

    def history(self, key: str) -> tuple[Rule, ...]:
        """Every row of `key`, oldest first (empty when the key is unknown)."""
        return self._rules.get(key, ())

    def find(self, key: str, on: dt.date) -> Rule | None:
        """The row of `key` in force on `on`, or None."""
        for rule in self._rules.get(key, ()):
            if rule.covers(on):
                return rule
        return None

    def lookup(self, key: str, on: dt.date) -> Rule:
        """The row of `key` in force on `on`; RuleError (field ``date``) when none is."""
        rule = self.find(key, on)
        if rule is not None:
            return rule
        rows = self._rules.get(key)
        if not rows:
            raise RuleError(f"aturan '{key}' tidak ada di tabel aturan {self.source}.")
        first, last = rows[0], rows[-1]
        name = rule_label(key)  # people read this on the page: words, not the key
        if on < first.valid_from:
            reason = (
                f'{date_words(on)} sebelum aturan pertama "{name}"'
                f" (berlaku mulai {date_words(first.valid_from)})."
            )
        elif last.valid_to is not None and on > last.valid_to:
            reason = (
                f'aturan "{name}" untuk {date_words(on)} belum dimuat di tabel aturan'
                f" (aturan terakhir berlaku {last.period})."
            )
        else:
            reason = f'tidak ada aturan "{name}" yang berlaku pada {date_words(on)}.'
        raise RuleError(f"tanggal: {reason}", field="date")


def _parse_date(text: str, *, column: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RuleError(f"{where}: kolom {column} '{text}' bukan tanggal YYYY-MM-DD.") from None


def _parse_value(text: str, unit: str, *, where: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise RuleError(
            f"{where}: kolom value '{text}' bukan angka "
            "(pakai titik desimal, tanpa pemisah ribuan)."
        )
    if value < 0:
        raise RuleError(f"{where}: kolom value {text} negatif.")
    if unit in ("rupiah", "years") and value != value.to_integral_value():
        raise RuleError(f"{where}: kolom value {text} harus bilangan bulat untuk satuan {unit}.")
    if unit == "percent" and value > 100:
        raise RuleError(f"{where}: kolom value {text} persen lebih dari 100.")
    return value


def _parse_row(row: dict[str, str | None], *, line: int, source: str) -> Rule:
    where = f"{source} baris {line}"
    cells = {name: (row.get(name) or "").strip() for name in COLUMNS}
    for required in ("key", "value", "unit", "valid_from", "basis", "verified"):
        if not cells[required]:
            raise RuleError(f"{where}: kolom {required} kosong.")
    unit = cells["unit"].lower()
    if unit not in UNITS:
        raise RuleError(
            f"{where}: satuan '{cells['unit']}' tidak dikenal (pilih: {', '.join(UNITS)})."
        )
    verified_text = cells["verified"].lower()
    if verified_text not in _TRUE | _FALSE:
        raise RuleError(f"{where}: kolom verified '{cells['verified']}' harus true atau false.")
    valid_from = _parse_date(cells["valid_from"], column="valid_from", where=where)
    valid_to = (
        _parse_date(cells["valid_to"], column="valid_to", where=where)
        if cells["valid_to"]
        else None
    )
    if valid_to is not None and valid_to < valid_from:
        raise RuleError(f"{where}: valid_to {valid_to} sebelum valid_from {valid_from}.")
    return Rule(
        key=cells["key"],
        value=_parse_value(cells["value"], unit, where=where),
        unit=unit,
        valid_from=valid_from,
        valid_to=valid_to,
        basis=cells["basis"],
        verified=verified_text in _TRUE,
        note=cells["note"],
        line=line,
    )


def parse_rules(text: str, *, source: str = "<rules>") -> RulesTable:
    """Parse and validate the CSV text of a rules table."""
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise RuleError(f"{source}: kolom hilang di baris judul: {', '.join(missing)}.")
    reader.fieldnames = header
    rules = []
    for row in reader:
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # blank lines a spreadsheet leaves behind
        rules.append(_parse_row(row, line=reader.line_num, source=source))
    return RulesTable(rules, source=source)


def load_rules(path: str | Path | None = None) -> RulesTable:
    """Load a rules CSV; without `path`, the table packaged with paritrana."""
    if path is None:
        data = resources.files("paritrana.rules").joinpath("data", DEFAULT_SOURCE)
        return parse_rules(data.read_text(encoding="utf-8-sig"), source=DEFAULT_SOURCE)
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RuleError(f"{path.name}: bukan tabel aturan CSV (teks UTF-8).") from None
    return parse_rules(text, source=path.name)


@cache
def default_table() -> RulesTable:
    """The packaged rules table, loaded once per process."""
    return load_rules()
