"""Planning for one province or kab/kota: the figures it starts from and the calls into the pure
arithmetic of `paritrana.engine.planning` (workers needed, BPU budget, projected year).

The starting figures are the region's computed metrics (`RegionMetric`) for a year and workforce
base. A kab/kota without a target of its own is offered its province's target for the same
year, labelled as such: the user may always type another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from paritrana.coverage.domain.summaries import YearChoice, region_year
from paritrana.coverage.models import RegionMetric
from paritrana.engine.planning import (
    BpuBudget,
    Projection,
    WorkersNeeded,
    bpu_budget,
    exact,
    lowest_bpu_income,
    project_target_year,
    workers_needed,
)
from paritrana.errors import Missing
from paritrana.regions.domain import InvalidRegionCode, RegionNotFound, get_region

PLANNED_LEVELS = {"provinsi": "Provinsi", "kabkota": "Kabupaten/Kota"}
DEFAULT_BASE = "sakernas_bekerja"


class PlanningNotFound(Missing):
    """Not a province or kab/kota of the Kemendagri list (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class PlanningRegion:
    code: str
    name: str
    level: str
    level_label: str
    province_code: str
    province_name: str


@dataclass(frozen=True)
class Starting:
    """What the region's plan starts from: its metric and the defaults drawn from it."""

    metric: RegionMetric | None
    years: list[int]  # years with a metric for the region under the base
    bases: list[str]  # bases with a metric for the region in the year
    target_pct: Decimal | None
    target_from: str  # "" (own target), or the name of the province whose target it is
    default_growth: Decimal | None  # last year's change in UCJ points, two decimals
    needed: WorkersNeeded | None
    missing_year: int | None = None  # a computed year asked for without this region's metrics


def planning_region(*, code: str) -> PlanningRegion:
    """The province or kab/kota named by `code` (dotted or plain); PlanningNotFound otherwise."""
    try:
        region = get_region(code)
    except (InvalidRegionCode, RegionNotFound) as exc:
        raise PlanningNotFound(str(exc)) from None
    if region.level not in PLANNED_LEVELS:
        raise PlanningNotFound(
            f"Perencanaan tersedia untuk provinsi dan kabupaten/kota; {region.code} "
            f"{region.name} adalah {region.get_level_display().lower()}."
        )
    province = region if region.level == "provinsi" else region.parent
    assert province is not None  # every kab/kota has its province
    return PlanningRegion(
        code=region.code,
        name=region.name,
        level=region.level,
        level_label=PLANNED_LEVELS[region.level],
        province_code=province.code,
        province_name=province.name,
    )


def _rounded(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return exact(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def starting_point(
    *, region: PlanningRegion, year: int | None = None, base_kind: str | None = None
) -> Starting:
    """The region's metric for `year` and `base_kind` (by default the region's latest year,
    BPS Sakernas when computed: `summaries.choose_year`) and the defaults drawn from it."""
    rows = RegionMetric.objects.filter(level=region.level, region_code=region.code)
    bases = sorted(set(rows.values_list("base_kind", flat=True)))
    base = base_kind if base_kind in bases else (DEFAULT_BASE if DEFAULT_BASE in bases else None)
    base = base or (bases[0] if bases else None)
    choice = (
        region_year(level=region.level, code=region.code, base_kind=base, asked=year)
        if base
        else YearChoice(None, [])
    )
    years, chosen = choice.years, choice.year
    metric = rows.filter(base_kind=base, year=chosen).first() if chosen else None
    if metric is None:
        return Starting(None, [], bases, None, "", None, None)
    target, target_from = metric.target_pct, ""
    if target is None and region.level == "kabkota":
        target = (
            RegionMetric.objects.filter(
                level="provinsi", region_code=region.province_code, year=metric.year
            )
            .exclude(target_pct=None)
            .values_list("target_pct", flat=True)
            .first()
        )
        target_from = region.province_name if target is not None else ""
    target_pct = exact(target) if target is not None else None
    return Starting(
        metric=metric,
        years=years,
        bases=sorted(set(rows.filter(year=metric.year).values_list("base_kind", flat=True))),
        target_pct=target_pct,
        target_from=target_from,
        default_growth=_rounded(metric.change_points),
        needed=needed_for(metric, target_pct),
        missing_year=choice.missing,
    )


def usable(metric: RegionMetric | None) -> bool:
    """A metric whose UCJ can be planned from: a whole-region workforce and an active count."""
    return (
        metric is not None
        and metric.workforce is not None
        and metric.active is not None
        and not metric.workforce_partial
    )


def needed_for(metric: RegionMetric | None, target_pct: Decimal | None) -> WorkersNeeded | None:
    if target_pct is None or metric is None or not usable(metric):
        return None
    assert metric.workforce is not None and metric.active is not None
    return workers_needed(workforce=metric.workforce, active=metric.active, target_pct=target_pct)


def default_budget_inputs(*, today: dt.date) -> tuple[int, int]:
    """(the budget year, the lowest BPU income bracket in force on its first day)."""
    return today.year, lowest_bpu_income(on=dt.date(today.year, 1, 1))


def budget(*, workers: int, income: int, year: int) -> BpuBudget:
    return bpu_budget(workers=workers, income=income, year=year)


def projection(
    *, metric: RegionMetric | None, target_pct: Decimal | None, growth: Decimal
) -> Projection | None:
    """The year-by-year projection from the metric's UCJ; None without a UCJ or target."""
    if metric is None or metric.ucj_pct is None or target_pct is None:
        return None
    return project_target_year(
        year=metric.year, ucj_pct=metric.ucj_pct, target_pct=target_pct, growth_points=growth
    )
