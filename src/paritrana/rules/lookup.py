"""Shared arithmetic and rule look-up for the calculator's segment modules."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from paritrana.rules.result import RuleUse
from paritrana.rules.table import Rule, RulesTable

HUNDRED = Decimal(100)


def round_rupiah(amount: Decimal) -> int:
    """Whole rupiah, half up (amounts are never negative)."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share(base: int, rule: Rule) -> Decimal:
    """`rule` (a percent) of `base`, exact."""
    return Decimal(base) * rule.value / HUNDRED


def uses(*rules: Rule | None) -> tuple[RuleUse, ...]:
    return tuple(RuleUse.of(rule) for rule in rules if rule is not None)


class RuleBook:
    """Looks rules up for one date and remembers every row it handed out."""

    def __init__(self, table: RulesTable, on: dt.date) -> None:
        self.table = table
        self.on = on
        self.used: dict[tuple[str, dt.date], RuleUse] = {}

    def _remember(self, rule: Rule) -> Rule:
        self.used.setdefault((rule.key, rule.valid_from), RuleUse.of(rule))
        return rule

    def get(self, key: str) -> Rule:
        """The rule in force; RuleError (field ``date``) when none is."""
        return self._remember(self.table.lookup(key, self.on))

    def find(self, key: str) -> Rule | None:
        """The rule in force, or None."""
        rule = self.table.find(key, self.on)
        return self._remember(rule) if rule else None
