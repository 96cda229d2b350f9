"""Planning arithmetic (paritrana.engine.planning) against figures worked out by hand.

BPU rates, from src/paritrana/rules/data/contribution_rules.csv (lines 40-43, in force since
2021-01-01, basis Permenaker 5/2021, not verified against the primary source):
    bpu.jkk.rate 1 percent, bpu.jkk.min Rp10.000, bpu.jkk.max Rp207.000, bpu.jkm.flat Rp6.800.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from paritrana.engine.planning import (
    PlanningError,
    bpu_budget,
    lowest_bpu_income,
    project_target_year,
    workers_needed,
)
from paritrana.rules import RuleError, default_table, parse_rules

# -- workers needed ------------------------------------------------------------------------


def test_kalimantan_barat_in_the_fixture_store_needs_three_more_workers():
    # tests/store_fixture.py: 10 workers (Sakernas 2025), 3 active, target 59.56%.
    # 59.56% x 10 = 5.956; 5.956 - 3 = 2.956; rounded up: 3 (the engine's gap_workers too).
    plan = workers_needed(workforce=10, active=3, target_pct=59.56)
    assert plan.target_workers == Decimal("5.956")
    assert plan.shortfall == Decimal("2.956")
    assert plan.needed == 3
    assert not plan.reached


def test_a_province_of_1_8_million_workers_at_31_percent():
    # 1,800,000 x 31% = 558,000 active; 59.56% x 1,800,000 = 1,072,080; 1,072,080 - 558,000.
    plan = workers_needed(workforce=1_800_000, active=558_000, target_pct=Decimal("59.56"))
    assert plan.target_workers == 1_072_080
    assert plan.needed == 514_080


def test_a_region_past_its_target_needs_nobody():
    # Ketapang in the fixture: 2 of 6 active; a 30% target is 1.8 workers.
    plan = workers_needed(workforce=6, active=2, target_pct=30)
    assert plan.shortfall == Decimal("-0.2")
    assert (plan.needed, plan.reached) == (0, True)
    assert workers_needed(workforce=100, active=50, target_pct=50).needed == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"workforce": -1, "active": 0, "target_pct": 50}, "workforce"),
        ({"workforce": 10, "active": -3, "target_pct": 50}, "active"),
        ({"workforce": 10, "active": 3, "target_pct": 101}, "target"),
        ({"workforce": 10, "active": 3, "target_pct": float("nan")}, None),
    ],
)
def test_impossible_figures_are_refused_in_indonesian(kwargs, field):
    with pytest.raises(PlanningError) as caught:
        workers_needed(**kwargs)
    assert caught.value.field == field
    assert any(word in caught.value.message for word in ("tidak boleh", "harus", "bukan angka"))


# -- the APBD budget for BPU workers ----------------------------------------------------------


def test_the_lowest_bpu_bracket_comes_from_the_rules():
    # Rp10.000 minimum JKK / 1% = Rp1.000.000.
    assert lowest_bpu_income(on=dt.date(2025, 1, 1)) == 1_000_000


def test_bpu_budget_at_the_lowest_bracket():
    # JKK 1% x 1.000.000 = 10.000 (= the minimum), JKM 6.800: 16.800 a month per worker,
    # 16.800 x 12 = 201.600 a year; 10.000 workers: Rp2.016.000.000.
    budget = bpu_budget(workers=10_000, income=1_000_000, year=2025)
    assert budget.per_worker_month == 16_800
    assert [(m.jkk, m.jkm) for m in budget.months] == [(10_000, 6_800)] * 12
    assert budget.per_worker_year == 201_600
    assert budget.total == 2_016_000_000
    assert {(r.key, r.basis) for r in budget.rules} == {
        ("bpu.jkk.rate", "Permenaker 5/2021"),
        ("bpu.jkk.min", "Permenaker 5/2021"),
        ("bpu.jkk.max", "Permenaker 5/2021"),
        ("bpu.jkm.flat", "Permenaker 5/2021"),
    }
    assert budget.unverified  # the CSV flags these rows verified=false


@pytest.mark.parametrize(
    ("income", "monthly"),
    [
        (500_000, 10_000 + 6_800),  # 5.000 raised to the minimum 10.000
        (2_500_000, 25_000 + 6_800),
        (30_000_000, 207_000 + 6_800),  # 300.000 capped at the maximum 207.000
    ],
)
def test_bpu_budget_follows_the_jkk_minimum_and_maximum(income, monthly):
    budget = bpu_budget(workers=3, income=income, year=2025)
    assert budget.per_worker_month == monthly
    assert budget.total == 3 * 12 * monthly


def test_a_rate_changing_during_the_year_is_priced_month_by_month():
    rows = [
        line
        for line in (
            "key,value,unit,valid_from,valid_to,basis,verified,note",
            "bpu.jkk.rate,1,percent,2021-01-01,,uji,true,",
            "bpu.jkk.min,10000,rupiah,2021-01-01,,uji,true,",
            "bpu.jkk.max,207000,rupiah,2021-01-01,,uji,true,",
            "bpu.jkm.flat,6800,rupiah,2021-01-01,2026-06-30,uji,true,",
            "bpu.jkm.flat,8000,rupiah,2026-07-01,,uji baru,true,",
        )
    ]
    table = parse_rules("\n".join(rows))
    budget = bpu_budget(workers=2, income=1_000_000, year=2026, table=table)
    # Six months at 10.000 + 6.800, six at 10.000 + 8.000: 100.800 + 108.000 = 208.800.
    assert budget.per_worker_month is None
    assert budget.per_worker_year == 208_800
    assert budget.total == 417_600
    assert {r.basis for r in budget.rules if r.key == "bpu.jkm.flat"} == {"uji", "uji baru"}


def test_a_budget_year_before_the_rules_is_an_error_naming_the_date():
    with pytest.raises(RuleError, match='sebelum aturan pertama "JKK BPU"'):
        bpu_budget(workers=1, income=1_000_000, year=2020, table=default_table())


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"workers": -5, "income": 1_000_000, "year": 2025}, "workers"),
        ({"workers": True, "income": 1_000_000, "year": 2025}, "workers"),
        ({"workers": 10**9, "income": 1_000_000, "year": 2025}, "workers"),
        ({"workers": 5, "income": -1, "year": 2025}, "income"),
        ({"workers": 5, "income": 1_000_000, "year": 99999}, "year"),
    ],
)
def test_bad_budget_inputs_name_their_field(kwargs, field):
    with pytest.raises(PlanningError) as caught:
        bpu_budget(**kwargs)
    assert caught.value.field == field


def test_no_workers_cost_nothing():
    assert bpu_budget(workers=0, income=1_000_000, year=2025).total == 0


# -- the projected year -----------------------------------------------------------------------


def test_kalimantan_barat_reaches_its_target_in_2028_at_ten_points_a_year():
    # Fixture: UCJ 30% in 2025 (3 of 10), 20% in 2024: +10 points. 30, 40, 50, 60 >= 59.56.
    # The engine's projected_year: 2025 + ceil(29.56 / 10) = 2028.
    projection = project_target_year(year=2025, ucj_pct=30.0, target_pct=59.56, growth_points=10)
    assert projection.reached_year == 2028
    assert [(r.year, r.ucj_pct, r.remaining_points) for r in projection.rows] == [
        (2025, 30, Decimal("29.56")),
        (2026, 40, Decimal("19.56")),
        (2027, 50, Decimal("9.56")),
        (2028, 60, 0),
    ]
    assert projection.rows[-1].reached and not projection.reached_after_horizon


def test_the_arithmetic_is_exact_where_floats_would_overshoot_a_year():
    # (31.1 - 30.0) / 0.1 is 11 exactly; in binary floats it is 11.000000000000014, whose
    # ceiling would give 2037.
    projection = project_target_year(year=2025, ucj_pct=30.0, target_pct=31.1, growth_points=0.1)
    assert projection.reached_year == 2036
    assert projection.rows[-1].ucj_pct == Decimal("31.1")


def test_already_at_the_target():
    projection = project_target_year(year=2025, ucj_pct=60, target_pct=59.56, growth_points=1)
    assert projection.reached_year == 2025
    assert len(projection.rows) == 1


def test_without_growth_the_target_is_never_reached_and_the_table_runs_to_2045():
    projection = project_target_year(year=2025, ucj_pct=30, target_pct=59.56, growth_points=0)
    assert projection.reached_year is None
    assert [r.year for r in projection.rows] == list(range(2025, 2046))
    falling = project_target_year(year=2025, ucj_pct=30, target_pct=59.56, growth_points=-10)
    # 30, 20, 10, 0 and then held at 0: UCJ cannot go below zero.
    assert [r.ucj_pct for r in falling.rows[:5]] == [30, 20, 10, 0, 0]


def test_a_target_beyond_2045_is_reported_with_the_table_cut_at_2045():
    # RPJPN 99.5% from 30% at one point a year: 2025 + ceil(69.5) = 2095.
    projection = project_target_year(year=2025, ucj_pct=30, target_pct=99.5, growth_points=1)
    assert projection.reached_year == 2095
    assert projection.reached_after_horizon
    assert projection.rows[-1].year == 2045 and projection.rows[-1].ucj_pct == 50


@pytest.mark.parametrize("growth", [-10.5, 20.01, 50])
def test_growth_outside_minus_ten_to_twenty_points_is_refused(growth):
    with pytest.raises(PlanningError, match="antara -10 dan \\+20") as caught:
        project_target_year(year=2025, ucj_pct=30, target_pct=59.56, growth_points=growth)
    assert caught.value.field == "growth"


@pytest.mark.parametrize("growth", [-10, 20])
def test_the_growth_limits_themselves_are_accepted(growth):
    project_target_year(year=2025, ucj_pct=30, target_pct=59.56, growth_points=growth)
