"""Jamsostek contribution rules: an effective-dated rules table and a pure calculator.

This package imports no Django and nothing else from paritrana, so a notebook or a batch job can
use it alone::

    >>> import datetime
    >>> from paritrana.rules import calculate
    >>> result = calculate(segment="PU", on=datetime.date(2024, 6, 1), wage=10_000_000,
    ...                    risk="medium")
    >>> result.total_employer, result.total_worker
    (689000, 300000)
"""

from paritrana.rules.calculator import (
    AGE_RANGE,
    FIELD_LABELS,
    RISK_GROUPS,
    SEGMENTS,
    calculate,
    normalise_risk,
    normalise_segment,
)
from paritrana.rules.errors import RuleError
from paritrana.rules.result import (
    PROGRAMMES,
    ContributionResult,
    JkpFunding,
    ProgrammeAmount,
    RuleUse,
    format_percent,
    format_rupiah,
)
from paritrana.rules.table import Rule, RulesTable, default_table, load_rules, parse_rules

__all__ = [
    "AGE_RANGE",
    "FIELD_LABELS",
    "PROGRAMMES",
    "RISK_GROUPS",
    "SEGMENTS",
    "ContributionResult",
    "JkpFunding",
    "ProgrammeAmount",
    "Rule",
    "RuleError",
    "RuleUse",
    "RulesTable",
    "calculate",
    "default_table",
    "format_percent",
    "format_rupiah",
    "load_rules",
    "normalise_risk",
    "normalise_segment",
    "parse_rules",
]
