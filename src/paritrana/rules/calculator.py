"""Jamsostek contributions for one participant (PU, BPU) or one construction contract (Jakon).

Every rate, cap and threshold comes from the rules table (`paritrana.rules.table`) as in force on
the given date; this module holds only the arithmetic and the modelling decisions below.

Rounding
    Every (programme, party) amount is computed exactly in Decimal and rounded once to whole
    rupiah, half up. Totals are sums of those rounded amounts. The JKK discount is itself
    rounded once and then subtracted as whole rupiah.

Modelling decisions (each also stated in the result's notes when it applies)
    * The result lists each programme as BPJS bills it: PU JKK (rate by risk group) and JKM on
      the full wage, employer; JHT on the full wage, employer and worker; JP on min(wage, JP
      wage cap), employer and worker. Amounts are monthly. The totals are sums of these lines.
    * JP stops when the participant's age is >= the pension age in force on the date. Without an
      age, JP is charged (and a note says so).
    * JKP (PU only, from the first jkp.* rule, 2021-02-02) is not a billed line: the result's
      `jkp` (a note) says how it is funded on min(wage, JKP wage cap): the central government's
      own part, plus jkp.from_jkk x base and jkp.from_jkm x base (0 from 2025-02-01) that BPJS
      moves out of the JKK and JKM the employer is billed for (the recomposition). It adds
      nothing to the bill.
    * JKK discount (discount_eligible and the date inside a jkk.discount rule): the discount
      rate is applied to JKK less its recomposed part, and deducted from the billed JKK. This
      reading of PP 7/2025 is an assumption.
    * BPU: JKK = 1% of declared income clamped to [min, max]; JKM flat; JHT 2% of income only
      when chosen. All paid by the participant (reported as worker). No JP, no JKP.
    * Jakon: JKK and JKM by marginal tiers of the contract value (each rate on the part of the
      value inside its tier), paid once per contract by the contractor (reported as employer).
    * Inputs that do not belong to the segment (e.g. a wage for BPU) are errors, not ignored.
"""

from __future__ import annotations

import datetime as dt

from paritrana.rules.errors import RuleError
from paritrana.rules.lookup import RuleBook
from paritrana.rules.pu import pu_contributions
from paritrana.rules.result import ContributionResult, format_rupiah
from paritrana.rules.segments import bpu_contributions, jakon_contributions
from paritrana.rules.table import RulesTable, default_table

SEGMENTS = {"PU": "PU", "BPU": "BPU", "JAKON": "Jakon"}
MAX_AMOUNT = 10**15  # rupiah: a wage, an income or a contract value above this is a typo
RISK_GROUPS = ("very_low", "low", "medium", "high", "very_high")
_RISK_ALIASES = {
    **{group: group for group in RISK_GROUPS},
    "sangat_rendah": "very_low",
    "rendah": "low",
    "sedang": "medium",
    "tinggi": "high",
    "sangat_tinggi": "very_high",
}
FIELD_LABELS = {
    "segment": "segmen",
    "date": "tanggal",
    "wage": "upah",
    "income": "penghasilan",
    "contract_value": "nilai kontrak",
    "risk": "kelompok risiko",
    "age": "usia",
    "discount": "diskon JKK",
    "bpu_jht": "JHT BPU",
}
_SEGMENT_FIELDS = {
    "PU": {"wage", "risk", "age", "discount"},
    "BPU": {"income", "bpu_jht"},
    "Jakon": {"contract_value"},
}


# A plausible working age: outside it the figure is a typo (200), not a participant. The page,
# the API and the CLI refuse it alike.
AGE_RANGE = (15, 100)


def _error(field: str, reason: str) -> RuleError:
    return RuleError(f"{FIELD_LABELS[field]}: {reason}", field=field, reason=reason)


def normalise_segment(segment: str) -> str:
    """'pu' -> 'PU', 'jakon' -> 'Jakon'; RuleError when unknown."""
    if not isinstance(segment, str) or segment.strip().upper() not in SEGMENTS:
        raise _error("segment", f"'{segment}' tidak dikenal (pilih PU, BPU atau Jakon).")
    return SEGMENTS[segment.strip().upper()]


def normalise_risk(risk: str) -> str:
    """'very-high', 'Sangat Tinggi' -> 'very_high'; RuleError when unknown."""
    name = risk.strip().lower().replace("-", "_").replace(" ", "_") if isinstance(risk, str) else ""
    if name not in _RISK_ALIASES:
        choices = ", ".join(RISK_GROUPS)
        raise _error(
            "risk",
            f"'{risk}' tidak dikenal (pilih {choices}, atau sangat_rendah, "
            "rendah, sedang, tinggi, sangat_tinggi).",
        )
    return _RISK_ALIASES[name]


def _amount(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _error(field, f"harus bilangan bulat rupiah, bukan {value!r}.")
    if value < 0:
        raise _error(field, f"tidak boleh negatif ({value}).")
    if value > MAX_AMOUNT:
        # Beyond this the exact Decimal arithmetic (28 digits) would fail: an input error.
        raise _error(field, f"terlalu besar (paling banyak {format_rupiah(MAX_AMOUNT)}).")
    return value


def calculate(
    *,
    segment: str,
    on: dt.date,
    wage: int | None = None,
    income: int | None = None,
    contract_value: int | None = None,
    risk: str | None = None,
    age: int | None = None,
    discount_eligible: bool = False,
    bpu_jht: bool = False,
    table: RulesTable | None = None,
) -> ContributionResult:
    """Contributions for `segment` on date `on`. See the module docstring for the rules."""
    segment = normalise_segment(segment)
    if not isinstance(on, dt.date):
        raise _error("date", f"harus tanggal, bukan {on!r}.")
    if isinstance(on, dt.datetime):
        on = on.date()
    given = {
        "wage": wage is not None,
        "income": income is not None,
        "contract_value": contract_value is not None,
        "risk": risk is not None,
        "age": age is not None,
        "discount": bool(discount_eligible),
        "bpu_jht": bool(bpu_jht),
    }
    for name, present in given.items():
        if present and name not in _SEGMENT_FIELDS[segment]:
            raise _error(name, f"tidak dipakai untuk segmen {segment}.")
    rules = RuleBook(table or default_table(), on)
    inputs: dict[str, int | str | bool | None]
    if segment == "PU":
        if wage is None:
            raise _error("wage", "wajib diisi untuk segmen PU.")
        if risk is None:
            raise _error("risk", "wajib diisi untuk segmen PU.")
        group = normalise_risk(risk)
        if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
            raise _error("age", f"harus bilangan bulat tahun, bukan {age!r}.")
        low, high = AGE_RANGE
        if age is not None and not low <= age <= high:
            raise _error("age", f"harus antara {low} dan {high} tahun, bukan {age}.")
        inputs = {
            "wage": _amount("wage", wage),
            "risk": group,
            "age": age,
            "discount_eligible": bool(discount_eligible),
        }
        programmes, jkp, notes = pu_contributions(rules, wage, group, age, bool(discount_eligible))
    elif segment == "BPU":
        if income is None:
            raise _error("income", "wajib diisi untuk segmen BPU.")
        inputs = {"income": _amount("income", income), "bpu_jht": bool(bpu_jht)}
        programmes, notes = bpu_contributions(rules, income, bool(bpu_jht))
        jkp = None
    else:
        if contract_value is None:
            raise _error("contract_value", "wajib diisi untuk segmen Jakon.")
        inputs = {"contract_value": _amount("contract_value", contract_value)}
        programmes, notes = jakon_contributions(rules, contract_value)
        jkp = None
    return ContributionResult(
        segment=segment,
        on=on,
        inputs=inputs,
        programmes=tuple(programmes),
        jkp=jkp,
        notes=tuple(notes),
        rules=tuple(rules.used.values()),
    )
