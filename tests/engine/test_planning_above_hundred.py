"""Planning arithmetic for a region whose UCJ is above 100%: DKI Jakarta in the demo, 8.716.642
active participants (counted at their employer's region) of 8.130.084 workers (BPS Sakernas,
counted where they live): 107,21%, against a 52,15% target."""

from __future__ import annotations

from decimal import Decimal

import pytest

from paritrana.engine.planning import PlanningError, project_target_year, workers_needed

JAKARTA = {"workforce": 8_130_084, "active": 8_716_642}


def test_a_ucj_above_100_is_taken_as_it_is_and_the_target_is_reached():
    projection = project_target_year(
        year=2025, ucj_pct=107.214661004733, target_pct=52.15, growth_points=-5.2
    )
    assert projection.reached_year == 2025 and projection.already_reached
    (row,) = projection.rows
    assert row.ucj_pct == Decimal("107.214661004733") and row.reached  # not held at 100


def test_jakarta_needs_nobody_for_its_target_and_can_plan_beyond_100():
    assert workers_needed(**JAKARTA, target_pct=Decimal("52.15")).reached
    # 110% x 8.130.084 = 8.943.092,4; - 8.716.642 = 226.450,4; rounded up.
    assert workers_needed(**JAKARTA, target_pct=110).needed == 226_451
    projection = project_target_year(year=2025, ucj_pct=107.21, target_pct=110, growth_points=1)
    # (110 - 107.21) / 1 = 2,79 -> 3 years; the last year is held at the target.
    assert projection.reached_year == 2028
    assert [r.ucj_pct for r in projection.rows] == [
        Decimal("107.21"),
        Decimal("108.21"),
        Decimal("109.21"),
        Decimal(110),
    ]


@pytest.mark.parametrize("target", [1001, -1])
def test_a_target_beyond_the_ceiling_is_refused_there_too(target):
    with pytest.raises(PlanningError) as caught:
        workers_needed(**JAKARTA, target_pct=target)
    assert (caught.value.field, caught.value.message) == (
        "target",
        "Target harus antara 0 dan 1.000 persen.",
    )


def test_a_negative_ucj_is_still_refused():
    with pytest.raises(PlanningError) as caught:
        project_target_year(year=2025, ucj_pct=-1, target_pct=50, growth_points=1)
    assert caught.value.field == "ucj"
