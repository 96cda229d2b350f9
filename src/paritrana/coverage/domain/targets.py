"""The target a region's coverage is read against, and what follows from it: one reading for
the dashboard, the coverage page and whatever else shows a target, so they agree.

A region with a target of its own (imported target data) is read against it, with the
engine's figures (`engine.metrics.coverage`: attainment_pct, gap_workers, projected_year). The
nation has no target among the imported data: it is read against the national target its plan
publishes for the year (RPJMN 2025-2029: 32,15% in 2025, `engine.published`), with the same
definitions computed here; a year the plan sets no target for has none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from paritrana.engine.published import RPJMN, target_series

NATIONAL_LEVEL = "nasional"


class Figures(Protocol):
    """The columns of a region's metrics a target reading needs (a `RegionMetric`, or the
    dashboard's lighter copy of one)."""

    @property
    def year(self) -> int: ...
    @property
    def level(self) -> str: ...
    @property
    def active(self) -> int | None: ...
    @property
    def workforce(self) -> int | None: ...
    @property
    def ucj_pct(self) -> float | None: ...
    @property
    def target_pct(self) -> float | None: ...
    @property
    def gap_workers(self) -> int | None: ...


@dataclass(frozen=True)
class TargetReading:
    """A region's UCJ against its target in one year."""

    pct: float | None  # the target, in percent; None: no target for the region that year
    plan: str  # the plan the target comes from ("RPJMN 2025-2029"); "" for the region's own
    gap_points: float | None  # target minus UCJ (zero or less: reached)
    workers: int | None  # additional active participants needed to reach it, at least 0
    attainment_pct: float | None = None  # UCJ / target x 100
    projected_year: int | None = None  # reached at the current change per year

    @property
    def plan_name(self) -> str:
        """The plan's short name ("RPJMN"), "" for the region's own target."""
        return self.plan.split()[0] if self.plan else ""


def plan_target(year: int) -> float | None:
    """The national target the RPJMN publishes for `year`, in percent; None for a year it sets
    none for (the years between its published ones)."""
    return dict(target_series(RPJMN)).get(year)


def target_reading(metric: Figures, *, change_points: float | None = None) -> TargetReading:
    """`metric` against its target: its own, or for the nation the RPJMN's of the year.

    `change_points` (UCJ minus last year's) gives the projected year of the nation, as the
    engine's `projected_year` gives a region's own."""
    if metric.level != NATIONAL_LEVEL or metric.target_pct is not None:
        target = metric.target_pct
        gap = None if target is None or metric.ucj_pct is None else target - metric.ucj_pct
        attainment = getattr(metric, "attainment_pct", None)
        projected = getattr(metric, "projected_year", None)
        return TargetReading(target, "", gap, metric.gap_workers, attainment, projected)
    target = plan_target(metric.year)
    ucj = metric.ucj_pct
    if target is None or ucj is None:
        # No UCJ: the workforce is missing or covers part of the nation, so the workers a
        # share of it would need are no figure either.
        return TargetReading(target, RPJMN, None, None)
    # As the engine's gap_workers, attainment_pct and projected_year for a region's own target.
    workers = (
        max(0, math.ceil(target / 100.0 * metric.workforce - metric.active))
        if metric.workforce is not None and metric.active is not None
        else None
    )
    attainment = ucj / target * 100 if target else None
    return TargetReading(
        target,
        RPJMN,
        target - ucj,
        workers,
        attainment,
        _projected(metric.year, ucj, target, change_points),
    )


def _projected(year: int, ucj: float, target: float, change: float | None) -> int | None:
    if ucj >= target:
        return year
    if change is not None and change > 0:
        return year + math.ceil((target - ucj) / change)
    return None
