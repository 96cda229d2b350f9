"""Monte Carlo rank stability: a dominant leader never moves, a near tie flips."""

from __future__ import annotations

import math

import numpy as np
import pytest

from paritrana.scoring import ScoringError, stability


def test_a_dominant_leader_keeps_its_rank_in_every_draw() -> None:
    # The leader is best on every criterion, so no weighting can put anyone above it.
    scores = np.array([[100, 100, 100], [50, 60, 40], [40, 50, 60]], dtype=float)
    result = stability(scores, [1, 2, 3], band=0.2, draws=500, seed=7)
    assert result.base_rank.tolist() == [1, 3, 2]  # totals 100, 48.33, 53.33
    assert result.keep_share[0] == 1.0
    assert result.top_share.tolist() == [1.0, 1.0, 1.0]
    assert (result.rank_low[0], result.rank_high[0]) == (1, 1)


def test_a_near_tie_flips_about_half_the_time() -> None:
    # Equal weights: totals 50.5 and 49.5. With weights x, y drawn uniformly from 0.8..1.2,
    # the first stays first while 61x + 40y > 39x + 60y, i.e. y < 1.1x. The other region,
    # y > 1.1x, has area integral over x in 0.8..1.2/1.1 of (1.2 - 1.1x) dx
    # = [1.2x - 0.55x²] = 0.654545 - 0.608 = 0.046545 of the square's 0.16: 0.2909.
    # So the first keeps its rank with probability 0.709.
    scores = np.array([[61, 40], [39, 60]], dtype=float)
    result = stability(scores, [1, 1], band=0.2, draws=4000, seed=1)
    assert result.base_rank.tolist() == [1, 2]
    assert result.keep_share[0] == pytest.approx(0.709, abs=0.025)
    assert result.keep_share[0] == result.keep_share[1]  # two candidates swap together
    assert (result.rank_low.tolist(), result.rank_high.tolist()) == ([1, 1], [2, 2])
    assert result.top_share.tolist() == [1.0, 1.0]


def test_deterministic_for_a_seed() -> None:
    rng = np.random.default_rng(0)
    scores = rng.uniform(0, 100, size=(200, 6))
    first = stability(scores, np.arange(1, 7), draws=300, seed=42)
    again = stability(scores, np.arange(1, 7), draws=300, seed=42)
    other = stability(scores, np.arange(1, 7), draws=300, seed=43)
    assert np.array_equal(first.keep_share, again.keep_share)
    assert np.array_equal(first.rank_high, again.rank_high)
    assert not np.array_equal(first.keep_share, other.keep_share)


def test_ranks_within_groups_and_zero_band() -> None:
    scores = np.array([[10, 10], [90, 90], [20, 20], [80, 80]], dtype=float)
    result = stability(scores, [1, 1], band=0.0, draws=10, groups=["x", "x", "y", "y"], top=1)
    assert result.base_rank.tolist() == [2, 1, 2, 1]
    assert result.keep_share.tolist() == [1.0] * 4
    assert result.top_share.tolist() == [0.0, 1.0, 0.0, 1.0]


def test_ties_follow_the_declared_base_order() -> None:
    scores = np.array([[50, 50], [50, 50]], dtype=float)
    default = stability(scores, [1, 1], draws=50)
    declared = stability(scores, [1, 1], draws=50, base_order=[1, 0])
    assert default.base_rank.tolist() == [1, 2]
    assert declared.base_rank.tolist() == [2, 1]
    assert declared.keep_share.tolist() == [1.0, 1.0]


def test_missing_criterion_renormalises_and_no_data_ranks_last() -> None:
    # Candidate 0 has only A (80); candidate 1 has 60 and 60; candidate 2 nothing.
    scores = np.array([[80, math.nan], [60, 60], [math.nan, math.nan]])
    result = stability(scores, [1, 1], draws=100)
    assert result.base_rank.tolist() == [1, 2, 3]
    assert result.keep_share.tolist() == [1.0, 1.0, 1.0]


def test_bad_arguments_are_refused() -> None:
    scores = np.ones((2, 2))
    with pytest.raises(ScoringError):
        stability(scores, [1, 1], band=1.5)
    with pytest.raises(ScoringError):
        stability(scores, [1, 1], draws=0)
    with pytest.raises(ScoringError):
        stability(scores, [1, 1], base_order=[0, 0])
    with pytest.raises(ScoringError):
        stability(scores, [1, 1], groups=["x"])
