"""The row checks of every input kind, as SQL over the view `src` (see readers.py).

A `Check` is one set-based query: for each row it yields a problem code or NULL, the value to
show and, for duplicates, the other row. Checks are built here and run by validate.py.

Cross-field rules decided here (documented in the template's "Petunjuk" sheet too):
- segment against programmes: only the programmes the segment allows (schemas.ALLOWED_PROGRAMMES),
  and at least those it requires (schemas.REQUIRED_PROGRAMMES).
- an amount due or paid (> 0) for a programme not in `programmes` is an error.
- paid without due is allowed: the due_* and paid_* columns are independent and optional; empty
  means "not reported" (the metrics then use the rules calculator), 0 means nothing.
- an amount paid (> 0) needs a paid_date (an empty paid_date means "not paid yet").
- due_date lies between the first day of the contribution month and the end of the third month
  after it (the rule is the 15th of the next month; a little slack for holidays and corrections).
- paid_date is not after `as_of` and not more than 12 months before the contribution month
  (BPU may pay up to a year ahead).
- a contribution or active-count month is not after the month of `as_of`; a benefits year not
  after the year of `as_of` (workforce and target years may lie ahead: projections, RPJMN).
- employer_id is required for segments PU and Jakon (BPU and PMI may have none).
- village_code must lie inside the row's kabkota_code.
- workforce bases must be > 0 (they divide); benefits with an amount > 0 need recipients > 0.
- the natural key (schemas.Schema.key) appears at most once in a file.
- no whole-number column holds a NIK-shaped number (text columns refuse it too: parsing.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from paritrana.engine import parsing
from paritrana.engine.parsing import literal, quote
from paritrana.engine.problems import MASKED
from paritrana.engine.reasons import REASONS
from paritrana.engine.reasons import reason as reason_for
from paritrana.engine.schemas import (
    ALLOWED_PROGRAMMES,
    PROGRAMMES,
    REQUIRED_PROGRAMMES,
    ColumnType,
    Schema,
)
from paritrana.engine.store import PROGRAMME_BITS


@dataclass(frozen=True)
class Check:
    column: str  # the column the user should fix (as in the header)
    code_sql: str  # problem code per row, NULL when fine
    reasons: Mapping[str, str]  # code -> reason; "{other}" stands for the other row's number
    value_sql: str = "NULL"
    other_sql: str = "NULL"
    where_sql: str = ""
    masked: bool = False


TYPED = "src"  # the view every check reads (see readers.py)


@dataclass(frozen=True)
class Columns:
    """SQL for the columns of view `src`: the cleaned text of a cell (`raw`), its typed value
    (`parsed`, computed by the reader) and, for codes, the level the hierarchy gives it
    (`level`). A column the header lacks reads as NULL."""

    schema: Schema
    present: frozenset[str]

    def raw(self, name: str) -> str:
        return quote(name) if name in self.present else "CAST(NULL AS VARCHAR)"

    def parsed(self, name: str) -> str:
        column = self.schema.column_index[name]
        if name not in self.present:
            return f"CAST(NULL AS {parsing.PARSED_TYPES.get(column.type, 'VARCHAR')})"
        if column.type is ColumnType.SECRET:
            return quote(name)  # already the keyed hash (see readers.py)
        return quote("p_" + name)

    def level(self, name: str) -> str:
        if name not in self.present:
            return "CAST(NULL AS VARCHAR)"
        return parsing.region_level(self.parsed(name))

    def has(self, *names: str) -> bool:
        return all(name in self.schema.column_index for name in names)


def cell_checks(columns: Columns) -> list[Check]:
    """One check per column found in the header: required value present, type, choices, codes."""
    checks = []
    for column in columns.schema.columns:
        if column.name not in columns.present:
            continue
        v = quote(column.name)
        required = "'required'" if column.required else "NULL"
        if column.type is ColumnType.SECRET:
            shape = quote(column.name + "__check")
            code = f"CASE WHEN {v} IS NULL THEN {required} ELSE {shape} END"
            value = f"CASE WHEN {v} IS NOT NULL THEN {literal(MASKED)} END"
        elif column.type in parsing.COLUMN_LEVELS:
            found = parsing.problem(column, v, columns.level(column.name))
            code = f"CASE WHEN {v} IS NULL THEN {required} ELSE {found} END"
            value = v
        elif column.type in (ColumnType.TEXT, ColumnType.IDENTIFIER):
            code = f"CASE WHEN {v} IS NULL THEN {required} ELSE {parsing.problem(column, v)} END"
            value = v
        else:  # a parsed value means a valid cell; the text is examined only when it is not
            code = (
                f"CASE WHEN {v} IS NULL THEN {required} "
                f"WHEN {columns.parsed(column.name)} IS NOT NULL THEN NULL "
                f"ELSE {parsing.problem(column, v)} END"
            )
            value = v
        codes = _codes_of(column.type)
        reasons = {c: reason_for(column, c) for c in codes}
        masked = column.type is ColumnType.SECRET
        checks.append(Check(column.name, code, reasons, value, masked=masked))
    return checks


def _codes_of(kind: ColumnType) -> list[str]:
    prefix = {
        ColumnType.INTEGER: "integer.",
        ColumnType.PERCENT: "percent.",
        ColumnType.DATE: "date.",
        ColumnType.MONTH: "month.",
        ColumnType.YEAR: "year.",
        ColumnType.CHOICE: "choice.",
        ColumnType.CHOICES: "choices.",
        ColumnType.REGION: "region.",
        ColumnType.AREA: "region.",
        ColumnType.LOCAL: "region.",
        ColumnType.KABKOTA: "region.",
        ColumnType.VILLAGE: "region.",
        ColumnType.TEXT: "text.",
        ColumnType.IDENTIFIER: "text.",
        ColumnType.SECRET: "secret.",
    }[kind]
    extra = {"choice.unknown", "choices.unknown", "region.level"}
    codes = [c for c in list(REASONS) + sorted(extra) if c.startswith(prefix)]
    return ["required", *codes]


def nik_in_numbers(columns: Columns) -> list[Check]:
    """A whole-number column holding a NIK-shaped number (16 digits starting with a kab/kota
    code) is refused: no count or rupiah amount of these files reaches 10^15, so such a value
    is a NIK typed in the wrong column, and would be published as a figure."""
    checks = []
    reason = REASONS["text.nik"]
    for column in columns.schema.columns:
        if column.type is not ColumnType.INTEGER or column.name not in columns.present:
            continue
        number, raw = columns.parsed(column.name), columns.raw(column.name)
        code = (
            f"CASE WHEN {number} >= 1000000000000000 AND {number} < 10000000000000000 "
            f"AND {parsing.nik_shaped(raw)} THEN 'integer.nik' END"
        )
        checks.append(Check(column.name, code, {"integer.nik": reason}, raw))
    return checks


def cross_checks(columns: Columns, *, as_of: dt.date) -> list[Check]:
    checks = _programme_checks(columns) + _date_checks(columns, as_of) + nik_in_numbers(columns)
    c = columns
    if c.has("village_code", "kabkota_code"):
        village = c.raw("village_code")
        pv, pk = c.parsed("village_code"), c.parsed("kabkota_code")
        inside = (
            f"CASE WHEN {c.level('village_code')} = 'desa' AND "
            f"{c.level('kabkota_code')} = 'kabkota' AND left({pv}, 5) <> {pk} "
            "THEN 'village.outside' END"
        )
        reason = "Desa/kelurahan ini tidak berada di kabupaten/kota pada kolom kabkota_code."
        checks.append(Check("village_code", inside, {"village.outside": reason}, village))
    if c.has("employer_id", "segment"):
        segment, employer = c.parsed("segment"), c.raw("employer_id")
        code = (
            f"CASE WHEN {segment} IN ('PU', 'Jakon') AND {employer} IS NULL "
            "THEN 'employer.required' END"
        )
        reason = "Wajib diisi untuk segmen PU dan Jakon."
        checks.append(Check("employer_id", code, {"employer.required": reason}))
    if c.has("workers"):
        code = f"CASE WHEN {c.parsed('workers')} = 0 THEN 'workers.zero' END"
        reason = "Jumlah pekerja harus lebih dari 0 (dipakai sebagai pembagi cakupan)."
        checks.append(Check("workers", code, {"workers.zero": reason}, c.raw("workers")))
    if c.has("amount", "recipients"):
        code = (
            f"CASE WHEN {c.parsed('amount')} > 0 AND {c.parsed('recipients')} = 0 "
            "THEN 'recipients.zero' END"
        )
        reason = "Ada manfaat dibayar tetapi jumlah penerima 0."
        checks.append(Check("recipients", code, {"recipients.zero": reason}, c.raw("recipients")))
    return checks


def _programme_checks(c: Columns) -> list[Check]:
    if not c.has("segment", "programmes"):
        return []
    segment, mask = c.parsed("segment"), c.parsed("programmes")
    whens, reasons = [], {}
    for name, allowed in ALLOWED_PROGRAMMES.items():
        banned = sum(PROGRAMME_BITS[p] for p in PROGRAMMES if p not in allowed)
        required = REQUIRED_PROGRAMMES[name]
        needed = sum(PROGRAMME_BITS[p] for p in required)
        if banned:
            whens.append(
                f"WHEN {segment} = {literal(name)} AND ({mask} & {banned}) <> 0 "
                f"THEN 'segment.banned.{name}'"
            )
            refused = _listed(p for p in PROGRAMMES if p not in allowed)
            accepted = _listed(p for p in PROGRAMMES if p in allowed)
            reasons[f"segment.banned.{name}"] = (
                f"Segmen {name} tidak boleh ikut {refused}; yang boleh: {accepted}."
            )
        whens.append(
            f"WHEN {segment} = {literal(name)} AND ({mask} & {needed}) <> {needed} "
            f"THEN 'segment.required.{name}'"
        )
        reasons[f"segment.required.{name}"] = (
            f"Segmen {name} wajib ikut {_listed(p for p in PROGRAMMES if p in required)}."
        )
    checks = [Check("programmes", f"CASE {' '.join(whens)} END", reasons, c.raw("programmes"))]
    for programme in PROGRAMMES:
        for prefix in ("due", "paid"):
            name = f"{prefix}_{programme.lower()}"
            if name not in c.present:
                continue
            code = (
                f"CASE WHEN {c.parsed(name)} > 0 AND ({mask} & {PROGRAMME_BITS[programme]}) = 0 "
                "THEN 'programme.not_enrolled' END"
            )
            reason = f"Ada iuran {programme} padahal {programme} tidak ada di kolom programmes."
            checks.append(Check(name, code, {"programme.not_enrolled": reason}, c.raw(name)))
    return checks


def _listed(names: Iterable[str]) -> str:
    items = list(names)
    return ", ".join(items[:-1]) + " dan " + items[-1] if len(items) > 1 else "".join(items)


def _date_checks(c: Columns, as_of: dt.date) -> list[Check]:
    checks = []
    today = f"DATE {literal(as_of.isoformat())}"
    month = c.parsed("month") if c.has("month") else "CAST(NULL AS DATE)"
    if c.has("month") and c.schema.column_index["month"].type is ColumnType.MONTH:
        code = f"CASE WHEN {month} > date_trunc('month', {today}) THEN 'month.future' END"
        reason = f"Bulan sesudah bulan acuan ({as_of:%Y-%m})."
        checks.append(Check("month", code, {"month.future": reason}, c.raw("month")))
    if c.has("year") and c.schema.kind == "benefits":
        code = f"CASE WHEN {c.parsed('year')} > {as_of.year} THEN 'year.future' END"
        reason = f"Tahun sesudah tahun acuan ({as_of.year})."
        checks.append(Check("year", code, {"year.future": reason}, c.raw("year")))
    if c.has("due_date", "month"):
        due = c.parsed("due_date")
        code = (
            f"CASE WHEN {due} < {month} OR {due} >= {month} + INTERVAL 4 MONTH "
            "THEN 'due_date.window' END"
        )
        reason = (
            "Tanggal jatuh tempo harus antara awal bulan iuran dan akhir bulan ketiga sesudahnya "
            "(aturannya tanggal 15 bulan berikutnya)."
        )
        checks.append(Check("due_date", code, {"due_date.window": reason}, c.raw("due_date")))
    if c.has("paid_date", "month"):
        paid = c.parsed("paid_date")
        code = (
            f"CASE WHEN {paid} > {today} THEN 'paid_date.future' "
            f"WHEN {paid} < {month} - INTERVAL 12 MONTH THEN 'paid_date.early' END"
        )
        reasons = {
            "paid_date.future": f"Tanggal bayar sesudah tanggal acuan ({as_of:%Y-%m-%d}).",
            "paid_date.early": "Tanggal bayar lebih dari 12 bulan sebelum bulan iuran.",
        }
        checks.append(Check("paid_date", code, reasons, c.raw("paid_date")))
    paid_names = [f"paid_{p.lower()}" for p in PROGRAMMES]
    paid_amounts = [c.parsed(name) for name in paid_names if name in c.present]
    if c.has("paid_date") and paid_amounts:
        any_paid = " OR ".join(f"{amount} > 0" for amount in paid_amounts)
        empty = f"{c.raw('paid_date')} IS NULL"
        code = f"CASE WHEN ({any_paid}) AND {empty} THEN 'paid_date.missing' END"
        reason = "Ada iuran dibayar (paid_*) tetapi tanggal bayar kosong."
        checks.append(Check("paid_date", code, {"paid_date.missing": reason}))
    return checks


def duplicate_check(columns: Columns) -> Check | None:
    """Rows whose natural key repeats an earlier row's; `other` is that earlier row."""
    schema = columns.schema
    missing = [name for name in schema.key if name not in columns.present]
    if any(schema.column_index[name].required for name in missing):
        return None
    parts, conditions, shown = [], [], []
    for name in schema.key:
        column = schema.column_index[name]
        if column.type is ColumnType.SECRET:
            parts.append(quote(name))
            conditions.append(f"{quote(name)} IS NOT NULL AND {quote(name + '__check')} IS NULL")
            shown.append(literal(MASKED))
            continue
        parts.append(columns.parsed(name))
        shown.append(f"coalesce({columns.raw(name)}, '')")
        if column.required:
            conditions.append(f"{columns.parsed(name)} IS NOT NULL")
    window = f"(PARTITION BY {', '.join(parts)})"
    code = (
        f"CASE WHEN count(*) OVER {window} > 1 AND _row <> min(_row) OVER {window} "
        "THEN 'key.duplicate' END"
    )
    label = ", ".join(schema.key)
    reason = f"Baris ganda: {label} sama dengan baris {{other}}."
    return Check(
        label,
        code,
        {"key.duplicate": reason},
        value_sql=f"concat_ws(', ', {', '.join(shown)})",
        other_sql=f"min(_row) OVER {window}",
        where_sql=" AND ".join(conditions),
    )
