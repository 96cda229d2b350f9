"""What a contribution calculation returns, and the Indonesian formatting of its numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from paritrana.rules.labels import rule_base, rule_label
from paritrana.rules.table import Rule

PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")


def format_rupiah(amount: int) -> str:
    """Indonesian style: 10042300 -> 'Rp10.042.300'."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def format_percent(value: Decimal) -> str:
    """Indonesian style with a decimal comma, as many decimals as the rules table writes:
    Decimal('0.89') -> '0,89%', Decimal('0.30') -> '0,30%' (as PP 44/2015 writes it)."""
    exponent = value.as_tuple().exponent
    written = isinstance(exponent, int) and exponent <= 0
    text = format(value if written else value.normalize(), "f")
    return text.replace(".", ",") + "%"


@dataclass(frozen=True)
class RuleUse:
    """A rules-table row a result relied on: enough to cite it."""

    key: str
    value: Decimal
    unit: str
    valid_from: dt.date
    valid_to: dt.date | None
    basis: str
    verified: bool

    @classmethod
    def of(cls, rule: Rule) -> RuleUse:
        return cls(
            key=rule.key,
            value=rule.value,
            unit=rule.unit,
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
            basis=rule.basis,
            verified=rule.verified,
        )

    @property
    def display_value(self) -> str:
        if self.unit == "percent":
            return format_percent(self.value)
        if self.unit == "rupiah":
            return format_rupiah(int(self.value))
        return f"{int(self.value)} tahun"

    @property
    def label(self) -> str:
        """The rule's name in words, e.g. "JKK, kelompok risiko sedang"."""
        return rule_label(self.key)

    @property
    def value_in_words(self) -> str:
        """The value with what it is taken of, e.g. "0,89% dari upah"."""
        base = rule_base(self.key) if self.unit == "percent" else ""
        return f"{self.display_value} dari {base}" if base else self.display_value

    @property
    def description(self) -> str:
        """ "JKK, kelompok risiko sedang: 0,89% dari upah": what people read instead of the key."""
        return f"{self.label}: {self.value_in_words}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "description": self.description,
            "value": format(self.value.normalize(), "f"),
            "unit": self.unit,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "basis": self.basis,
            "verified": self.verified,
        }


@dataclass(frozen=True)
class ProgrammeAmount:
    """One programme as BPJS bills it, split by who pays, in whole rupiah.

    `base` is the amount the rates were applied to (the JP-capped wage for JP, the contract value
    for Jakon; None for a flat amount). `discount` is the JKK discount already deducted from
    `employer`. JKK and JKM are billed in full: the part BPJS moves into JKP is `JkpFunding`.
    """

    programme: str
    employer: int = 0
    worker: int = 0
    base: int | None = None
    rules: tuple[RuleUse, ...] = ()
    discount: int = 0

    @property
    def total(self) -> int:
        return self.employer + self.worker

    def to_dict(self) -> dict[str, Any]:
        return {
            "programme": self.programme,
            "employer": self.employer,
            "worker": self.worker,
            "total": self.total,
            "base": self.base,
            "discount": self.discount,
            "rules": [rule.to_dict() for rule in self.rules],
        }


def _percent_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class JkpFunding:
    """Where JKP's money comes from; a note under the bill, never a line of it.

    `from_jkk` and `from_jkm` (the recomposition) are parts of the JKK and JKM the employer is
    billed for that BPJS moves into JKP; `government` is the central government's own
    contribution. None of it is added to what the employer pays. Amounts are on `base`, the wage
    up to `wage_cap`; the rates and `basis` come from the rules in force.
    """

    base: int
    wage_cap: int
    government: int
    from_jkk: int
    from_jkm: int
    government_rate: Decimal
    from_jkk_rate: Decimal
    from_jkm_rate: Decimal
    basis: str

    @property
    def total(self) -> int:
        return self.government + self.from_jkk + self.from_jkm

    @property
    def recomposed(self) -> int:
        """What BPJS moves from the employer's JKK and JKM into JKP."""
        return self.from_jkk + self.from_jkm

    @property
    def note(self) -> str:
        parts = [f"JKK {format_percent(self.from_jkk_rate)} ({format_rupiah(self.from_jkk)})"]
        if self.from_jkm_rate:
            parts.append(
                f"JKM {format_percent(self.from_jkm_rate)} ({format_rupiah(self.from_jkm)})"
            )
        return (
            f"Dari iuran {' dan '.join(parts)} dari upah, paling banyak"
            f" {format_rupiah(self.wage_cap)}, dialihkan BPJS untuk mendanai JKP (rekomposisi,"
            f" {self.basis}); tidak menambah tagihan. Pemerintah pusat membayar iuran JKP"
            f" {format_percent(self.government_rate)} ({format_rupiah(self.government)}),"
            " di luar tagihan pemberi kerja."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "wage_cap": self.wage_cap,
            "from_jkk": self.from_jkk,
            "from_jkk_rate": _percent_text(self.from_jkk_rate),
            "from_jkm": self.from_jkm,
            "from_jkm_rate": _percent_text(self.from_jkm_rate),
            "recomposed": self.recomposed,
            "government": self.government,
            "government_rate": _percent_text(self.government_rate),
            "jkp_total": self.total,
            "basis": self.basis,
            "note": self.note,
        }


@dataclass(frozen=True)
class ContributionResult:
    """A full calculation: the billed programmes, totals, JKP funding (a note, not billed),
    notes and the rules consulted."""

    segment: str
    on: dt.date
    inputs: Mapping[str, int | str | bool | None]
    programmes: tuple[ProgrammeAmount, ...]
    jkp: JkpFunding | None = None
    notes: tuple[str, ...] = ()
    rules: tuple[RuleUse, ...] = field(default=())

    def programme(self, name: str) -> ProgrammeAmount | None:
        for amount in self.programmes:
            if amount.programme == name.upper():
                return amount
        return None

    @property
    def total_employer(self) -> int:
        return sum(p.employer for p in self.programmes)

    @property
    def total_worker(self) -> int:
        return sum(p.worker for p in self.programmes)

    @property
    def total(self) -> int:
        """The whole bill: employer + worker, the sum of the billed lines."""
        return self.total_employer + self.total_worker

    @property
    def unverified_rules(self) -> tuple[RuleUse, ...]:
        return tuple(rule for rule in self.rules if not rule.verified)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable: rupiah as int, rule values as decimal strings, dates ISO."""
        return {
            "segment": self.segment,
            "date": self.on.isoformat(),
            "inputs": dict(self.inputs),
            "billed": [p.to_dict() for p in self.programmes],
            "totals": {
                "employer": self.total_employer,
                "worker": self.total_worker,
                "billed": self.total,
            },
            "recomposition": self.jkp.to_dict() if self.jkp else None,
            "notes": list(self.notes),
            "rules": [rule.to_dict() for rule in self.rules],
            "unverified_rules": sorted({rule.key for rule in self.unverified_rules}),
        }
