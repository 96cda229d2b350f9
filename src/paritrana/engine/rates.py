"""Per-month contribution rates from the rules table, as rows DuckDB can join.

The engine compares what employers paid with what the rules say was due. Rather than call the
calculator once per record (hundreds of millions of calls), the rates in force on the first day
of each month are looked up once and joined; the SQL in `metrics.compliance` applies them with
the calculator's rounding rule (each programme amount rounded once, half up). A test checks the
SQL against `paritrana.rules.calculate` on sample records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from paritrana.rules import RulesTable, default_table

RISKS = ("very_low", "low", "medium", "high", "very_high")


@dataclass(frozen=True)
class MonthRates:
    month: dt.date
    jkm_pct: Decimal | None
    jht_employer_pct: Decimal | None
    jht_worker_pct: Decimal | None
    jp_employer_pct: Decimal | None
    jp_worker_pct: Decimal | None
    jp_cap: int | None
    jkk_pct: dict[str, Decimal | None]
    bpu_jkk_pct: Decimal | None
    bpu_jkk_min: int | None
    bpu_jkk_max: int | None
    bpu_jkm_flat: int | None
    bpu_jht_pct: Decimal | None

    def row(self) -> tuple[object, ...]:
        return (
            self.month,
            self.jkm_pct,
            self.jht_employer_pct,
            self.jht_worker_pct,
            self.jp_employer_pct,
            self.jp_worker_pct,
            self.jp_cap,
            *(self.jkk_pct[r] for r in RISKS),
            self.bpu_jkk_pct,
            self.bpu_jkk_min,
            self.bpu_jkk_max,
            self.bpu_jkm_flat,
            self.bpu_jht_pct,
        )


COLUMN_TYPES: tuple[tuple[str, str], ...] = (
    ("month", "DATE"),
    ("jkm_pct", "DECIMAL(9,4)"),
    ("jht_employer_pct", "DECIMAL(9,4)"),
    ("jht_worker_pct", "DECIMAL(9,4)"),
    ("jp_employer_pct", "DECIMAL(9,4)"),
    ("jp_worker_pct", "DECIMAL(9,4)"),
    ("jp_cap", "BIGINT"),
    *((f"jkk_{risk}_pct", "DECIMAL(9,4)") for risk in RISKS),
    ("bpu_jkk_pct", "DECIMAL(9,4)"),
    ("bpu_jkk_min", "BIGINT"),
    ("bpu_jkk_max", "BIGINT"),
    ("bpu_jkm_flat", "BIGINT"),
    ("bpu_jht_pct", "DECIMAL(9,4)"),
)


def _value(table: RulesTable, key: str, on: dt.date) -> Decimal | None:
    rule = table.find(key, on)
    return None if rule is None else rule.value


def month_rates(month: dt.date, table: RulesTable | None = None) -> MonthRates:
    """The rates in force on the first day of `month` (None where no rule covers it)."""
    table = table or default_table()
    on = month.replace(day=1)
    cap = _value(table, "pu.jp.wage_cap", on)
    bpu_min = _value(table, "bpu.jkk.min", on)
    bpu_max = _value(table, "bpu.jkk.max", on)
    flat = _value(table, "bpu.jkm.flat", on)
    return MonthRates(
        month=on,
        jkm_pct=_value(table, "pu.jkm.rate", on),
        jht_employer_pct=_value(table, "pu.jht.employer", on),
        jht_worker_pct=_value(table, "pu.jht.worker", on),
        jp_employer_pct=_value(table, "pu.jp.employer", on),
        jp_worker_pct=_value(table, "pu.jp.worker", on),
        jp_cap=None if cap is None else int(cap),
        jkk_pct={risk: _value(table, f"pu.jkk.rate.{risk}", on) for risk in RISKS},
        bpu_jkk_pct=_value(table, "bpu.jkk.rate", on),
        bpu_jkk_min=None if bpu_min is None else int(bpu_min),
        bpu_jkk_max=None if bpu_max is None else int(bpu_max),
        bpu_jkm_flat=None if flat is None else int(flat),
        bpu_jht_pct=_value(table, "bpu.jht.rate", on),
    )


def year_rates(year: int, table: RulesTable | None = None) -> list[MonthRates]:
    return [month_rates(dt.date(year, m, 1), table) for m in range(1, 13)]
