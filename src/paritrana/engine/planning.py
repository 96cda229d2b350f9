"""Planning arithmetic for a region: workers needed, the APBD cost of covering vulnerable workers,
and the year a coverage target is reached. Pure: no Django, no database.

Workers needed
    needed = max(0, ceil(target_pct / 100 x workforce - active)): the same definition as the
    engine's `gap_workers` (`engine.metrics.coverage`), computed exactly in Decimal.

APBD budget for vulnerable workers (BPU)
    A regional government pays JKK + JKM for N informal (BPU) workers. Each month of the budget
    year is priced with the rules in force on its first day (`paritrana.rules.calculate`,
    segment BPU, no JHT), so a rate that changes during the year is honoured; the year's cost
    per worker is the sum of the twelve months, the total is that times N. All amounts are
    whole rupiah as the calculator rounds them (each programme once, half up).

Projected year
    UCJ is assumed to change by a fixed number of percentage points a year from the latest
    figure, with the workforce and the target held where they are; the target is reached in
    the first year whose projected UCJ is at or above it: year + ceil((target - ucj) / growth),
    the engine's `projected_year`. Projected UCJ is kept within 0..100, or up to the current
    UCJ or the target where either is higher.

UCJ above 100 percent
    Active participants are counted in the region of their employer, the workforce (BPS
    Sakernas) where the workers live, so a region many people commute into for work (DKI Jakarta:
    107.21% in the demo) can pass 100%. Such a UCJ is data, not a typing error: it is taken as
    it is, and a target there (UCJ at or above 100) may be typed above 100, up to
    `OVER_HUNDRED_TARGET_MAX`, to plan beyond it. Elsewhere a typed target stays within 0..100.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from paritrana.rules import RuleError, RulesTable, RuleUse, calculate, default_table

HUNDRED = Decimal(100)
HORIZON = 2045  # RPJPN: 99.5% coverage by 2045
GROWTH_MIN, GROWTH_MAX = Decimal(-10), Decimal(20)
MAX_WORKERS = 300_000_000  # more than Indonesia's population: a typing error
FIRST_BUDGET_YEAR, LAST_BUDGET_YEAR = 2000, 2100
# The highest target where UCJ is already above 100: ten times the workforce, a typing error.
OVER_HUNDRED_TARGET_MAX = Decimal(1000)


class PlanningError(ValueError):
    """An input the planning arithmetic refuses. The message is in Bahasa Indonesia; `field`
    is the input's English name (``workers``, ``income``, ``year``, ``growth``, ``target``,
    ``workforce``, ``active``, ``ucj``)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def exact(value: Decimal | float | int) -> Decimal:
    """A Decimal for `value`; a float is read by its shortest repr (30.1 -> Decimal('30.1'))."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise PlanningError(f"{value} bukan angka yang terhingga.")
        return Decimal(repr(value))
    number = Decimal(value)
    if not number.is_finite():
        raise PlanningError(f"{value} bukan angka yang terhingga.")
    return number


def _whole(value: int, *, field: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlanningError(f"{label} harus bilangan bulat, bukan {value!r}.", field=field)
    if value < 0:
        raise PlanningError(f"{label} tidak boleh negatif ({value}).", field=field)
    return value


def _percent(
    value: Decimal | float | int, *, field: str, label: str, ceiling: Decimal = HUNDRED
) -> Decimal:
    number = exact(value)
    if not 0 <= number <= ceiling:
        top = f"{ceiling:,}".replace(",", ".")
        raise PlanningError(f"{label} harus antara 0 dan {top} persen.", field=field)
    return number


def target_ceiling(ucj_pct: Decimal | None) -> Decimal:
    """The highest target that may be typed: 100 percent, or `OVER_HUNDRED_TARGET_MAX` where
    the current UCJ is already at or above 100 (see the module's note), so a higher one can be
    planned there."""
    return OVER_HUNDRED_TARGET_MAX if ucj_pct is not None and ucj_pct >= HUNDRED else HUNDRED


def _current_ucj(*, workforce: int, active: int) -> Decimal | None:
    return Decimal(active) * HUNDRED / workforce if workforce else None


# -- workers needed ------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkersNeeded:
    workforce: int
    active: int
    target_pct: Decimal
    target_workers: Decimal  # target_pct / 100 x workforce, exact
    shortfall: Decimal  # target_workers - active, exact (negative when the target is passed)
    needed: int  # ceil(shortfall), at least 0

    @property
    def reached(self) -> bool:
        return self.shortfall <= 0


def workers_needed(
    *, workforce: int, active: int, target_pct: Decimal | float | int
) -> WorkersNeeded:
    """Additional active participants needed for `target_pct` of `workforce`."""
    workforce = _whole(workforce, field="workforce", label="Angkatan kerja")
    active = _whole(active, field="active", label="Peserta aktif")
    ceiling = target_ceiling(_current_ucj(workforce=workforce, active=active))
    target = _percent(target_pct, field="target", label="Target", ceiling=ceiling)
    target_workers = target * workforce / HUNDRED
    shortfall = target_workers - active
    return WorkersNeeded(
        workforce=workforce,
        active=active,
        target_pct=target,
        target_workers=target_workers,
        shortfall=shortfall,
        needed=max(0, math.ceil(shortfall)),
    )


# -- the APBD budget for BPU workers -----------------------------------------------------------


@dataclass(frozen=True)
class MonthCost:
    month: dt.date
    jkk: int
    jkm: int

    @property
    def total(self) -> int:
        return self.jkk + self.jkm


@dataclass(frozen=True)
class BpuBudget:
    workers: int
    income: int
    year: int
    months: tuple[MonthCost, ...]
    rules: tuple[RuleUse, ...]  # every rules-table row consulted, to cite

    @property
    def per_worker_month(self) -> int | None:
        """The monthly cost per worker when it is the same all year, else None."""
        costs = {month.total for month in self.months}
        return costs.pop() if len(costs) == 1 else None

    @property
    def per_worker_year(self) -> int:
        return sum(month.total for month in self.months)

    @property
    def total(self) -> int:
        return self.per_worker_year * self.workers

    @property
    def unverified(self) -> bool:
        return any(not rule.verified for rule in self.rules)


def lowest_bpu_income(*, on: dt.date, table: RulesTable | None = None) -> int:
    """The lowest declared income whose JKK is not raised to the minimum: min / rate, from the
    rules in force on `on` (Rp10.000 / 1% = Rp1.000.000 since 2021)."""
    table = table or default_table()
    rate = table.lookup("bpu.jkk.rate", on).value
    minimum = table.lookup("bpu.jkk.min", on).value
    if rate <= 0:
        raise RuleError("tabel aturan: tarif JKK BPU nol.")
    return math.ceil(minimum * HUNDRED / rate)


def bpu_budget(
    *, workers: int, income: int, year: int, table: RulesTable | None = None
) -> BpuBudget:
    """JKK + JKM for `workers` BPU workers declaring `income` a month, for the budget `year`.

    RuleError (field ``date``) when a month of the year has no rule in force.
    """
    workers = _whole(workers, field="workers", label="Jumlah pekerja")
    if workers > MAX_WORKERS:
        raise PlanningError(
            f"Jumlah pekerja {workers:,} melebihi jumlah penduduk Indonesia.".replace(",", "."),
            field="workers",
        )
    income = _whole(income, field="income", label="Penghasilan yang dilaporkan")
    if isinstance(year, bool) or not isinstance(year, int):
        raise PlanningError(f"Tahun anggaran harus bilangan bulat, bukan {year!r}.", field="year")
    if not FIRST_BUDGET_YEAR <= year <= LAST_BUDGET_YEAR:
        raise PlanningError(
            f"Tahun anggaran harus antara {FIRST_BUDGET_YEAR} dan {LAST_BUDGET_YEAR}.",
            field="year",
        )
    table = table or default_table()
    months = []
    used: dict[tuple[str, dt.date], RuleUse] = {}
    for number in range(1, 13):
        first = dt.date(year, number, 1)
        result = calculate(segment="BPU", on=first, income=income, table=table)
        costs = {amount.programme: amount.total for amount in result.programmes}
        months.append(MonthCost(first, costs.get("JKK", 0), costs.get("JKM", 0)))
        for rule in result.rules:
            used.setdefault((rule.key, rule.valid_from), rule)
    return BpuBudget(
        workers=workers,
        income=income,
        year=year,
        months=tuple(months),
        rules=tuple(used.values()),
    )


# -- the projected year -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectedYear:
    year: int
    ucj_pct: Decimal
    remaining_points: Decimal  # target - projected UCJ, at least 0

    @property
    def reached(self) -> bool:
        return self.remaining_points == 0


@dataclass(frozen=True)
class Projection:
    year: int  # the year of the latest UCJ
    ucj_pct: Decimal
    target_pct: Decimal
    growth_points: Decimal
    until: int
    reached_year: int | None  # None when UCJ does not grow towards the target
    rows: tuple[ProjectedYear, ...]  # from `year` to the reached year or `until`

    @property
    def reached_after_horizon(self) -> bool:
        return self.reached_year is not None and self.reached_year > self.until

    @property
    def already_reached(self) -> bool:
        """The latest UCJ is at or above the target: nothing to project."""
        return self.reached_year == self.year

    @property
    def ceiling(self) -> Decimal:
        """The highest projected UCJ: 100, or the current UCJ or the target when higher."""
        return max(HUNDRED, self.ucj_pct, self.target_pct)


def check_growth(growth_points: Decimal | float | int) -> Decimal:
    growth = exact(growth_points)
    if not GROWTH_MIN <= growth <= GROWTH_MAX:
        raise PlanningError(
            f"Pertumbuhan harus antara {GROWTH_MIN} dan +{GROWTH_MAX} poin persen per tahun.",
            field="growth",
        )
    return growth


def project_target_year(
    *,
    year: int,
    ucj_pct: Decimal | float | int,
    target_pct: Decimal | float | int,
    growth_points: Decimal | float | int,
    until: int = HORIZON,
) -> Projection:
    """The year UCJ reaches `target_pct` growing `growth_points` a year from `ucj_pct` in
    `year`, and the year-by-year table up to that year or `until`. `ucj_pct` is the region's
    figure and may be above 100 (see the module's note); the target is refused above
    `target_ceiling` of it."""
    ucj = exact(ucj_pct)
    if ucj < 0:
        raise PlanningError(f"UCJ tidak boleh negatif ({ucj}).", field="ucj")
    target = _percent(target_pct, field="target", label="Target", ceiling=target_ceiling(ucj))
    growth = check_growth(growth_points)
    if ucj >= target:
        reached: int | None = year
    elif growth > 0:
        reached = year + math.ceil((target - ucj) / growth)
    else:
        reached = None
    last = until if reached is None else min(reached, until)
    ceiling = max(HUNDRED, ucj, target)
    rows = []
    for step in range(max(0, last - year) + 1):
        projected = min(ceiling, max(Decimal(0), ucj + growth * step))
        rows.append(ProjectedYear(year + step, projected, max(Decimal(0), target - projected)))
    return Projection(
        year=year,
        ucj_pct=ucj,
        target_pct=target,
        growth_points=growth,
        until=until,
        reached_year=reached,
        rows=tuple(rows),
    )
