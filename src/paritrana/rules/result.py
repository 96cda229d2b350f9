"""What a contribution calculation returns, and the Indonesian formatting of its numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from paritrana.rules.table import Rule

PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")


def format_rupiah(amount: int) -> str:
    """Indonesian style: 10042300 -> 'Rp10.042.300'."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def format_percent(value: Decimal) -> str:
    """Indonesian style with a decimal comma: Decimal('0.89') -> '0,89%'."""
    text = format(value.normalize(), "f")
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "value": format(self.value.normalize(), "f"),
            "unit": self.unit,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "basis": self.basis,
            "verified": self.verified,
        }


@dataclass(frozen=True)
class ProgrammeAmount:
    """One programme's contribution, split by who pays, in whole rupiah.

    `base` is the amount the rates were applied to (the JP-capped wage for JP, the JKP-capped
    wage for JKP, the contract value for Jakon; None for a flat amount). `discount` is the JKK
    discount already deducted from `employer`.
    """

    programme: str
    employer: int = 0
    worker: int = 0
    government: int = 0
    base: int | None = None
    rules: tuple[RuleUse, ...] = ()
    discount: int = 0

    @property
    def total(self) -> int:
        return self.employer + self.worker + self.government

    def to_dict(self) -> dict[str, Any]:
        return {
            "programme": self.programme,
            "employer": self.employer,
            "worker": self.worker,
            "government": self.government,
            "total": self.total,
            "base": self.base,
            "discount": self.discount,
            "rules": [rule.to_dict() for rule in self.rules],
        }


@dataclass(frozen=True)
class JkpFunding:
    """Where the JKP contribution comes from. The recomposed parts are money the employer
    already pays for JKK and JKM, moved to JKP; only `government` is new money."""

    base: int
    government: int
    from_jkk: int
    from_jkm: int

    @property
    def total(self) -> int:
        return self.government + self.from_jkk + self.from_jkm

    def to_dict(self) -> dict[str, int]:
        return {
            "base": self.base,
            "government": self.government,
            "from_jkk": self.from_jkk,
            "from_jkm": self.from_jkm,
            "total": self.total,
        }


@dataclass(frozen=True)
class ContributionResult:
    """A full calculation: programmes, totals, JKP funding, notes and the rules consulted."""

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
    def total_government(self) -> int:
        return sum(p.government for p in self.programmes)

    @property
    def total(self) -> int:
        """Everything paid into the programmes: employer + worker + government."""
        return self.total_employer + self.total_worker + self.total_government

    @property
    def unverified_rules(self) -> tuple[RuleUse, ...]:
        return tuple(rule for rule in self.rules if not rule.verified)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable: rupiah as int, rule values as decimal strings, dates ISO."""
        return {
            "segment": self.segment,
            "date": self.on.isoformat(),
            "inputs": dict(self.inputs),
            "programmes": [p.to_dict() for p in self.programmes],
            "totals": {
                "employer": self.total_employer,
                "worker": self.total_worker,
                "government": self.total_government,
                "all": self.total,
            },
            "jkp_funding": self.jkp.to_dict() if self.jkp else None,
            "notes": list(self.notes),
            "rules": [rule.to_dict() for rule in self.rules],
            "unverified_rules": sorted({rule.key for rule in self.unverified_rules}),
        }
